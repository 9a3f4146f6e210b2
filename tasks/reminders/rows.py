"""Writing reminder rows in bulk, and the claim: a row that would break a unique constraint is skipped
(``ON CONFLICT DO NOTHING``), so two scans running at once never claim the same reminder or digest."""

import datetime
import uuid

from django.db import connection
from django.utils import timezone

from tasks.models import ReminderDigest

INSERT_BATCH = 5000


def insert_rows(model, names: tuple[str, ...], rows: list[tuple], *, ignore_conflicts: bool = False) -> None:
    """``bulk_create`` without model instances: the first scan after a long pause inserts hundreds of
    thousands of rows, and building instances would cost more than the database does. Rows hold what the
    columns hold (ids, not objects). With `ignore_conflicts` a row that would break a unique constraint is
    skipped (``ON CONFLICT DO NOTHING``): that is the claim. PostgreSQL gets one ``INSERT ... SELECT FROM
    unnest(arrays)`` per chunk; other databases an ``executemany``."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    columns = []
    for index, model_field in enumerate(fields):
        column = [row[index] for row in rows]
        if model_field.get_internal_type() in ("DateField", "DateTimeField", "UUIDField"):
            # Dates, datetimes and UUIDs as Django stores them on this database; few distinct values.
            prepared: dict = {}
            column = [
                prepared[value]
                if value in prepared
                else prepared.setdefault(value, model_field.get_db_prep_save(value, connection))
                for value in column
            ]
        columns.append(column)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names_sql = ", ".join(quote(f.column) for f in fields)
    conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if connection.vendor == "postgresql":
        import psycopg

        # A server-side binding cursor on Django's own connection (same transaction): the arrays travel as
        # binary parameters instead of being quoted into a megabyte of SQL text (and DEBUG's query log).
        arrays = ", ".join(f"%b::{f.db_type(connection)}[]" for f in fields)  # %b: binary, no quoting
        sql = f"INSERT INTO {table} ({names_sql}) SELECT * FROM unnest({arrays}){conflict}"
        connection.ensure_connection()
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            for start in range(0, len(rows), INSERT_BATCH):
                cursor.execute(sql, [column[start : start + INSERT_BATCH] for column in columns])
        return
    values = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names_sql}) VALUES ({values}){conflict}", list(zip(*columns, strict=True))
        )


def insert_digests(people: list[int], *, kind: str, day: datetime.date, token: uuid.UUID) -> None:
    now = timezone.now()
    rows = [(pk, kind, day, ReminderDigest.State.PENDING, token, "", 0, 0, "", now) for pk in people]
    insert_rows(
        ReminderDigest,
        (
            "recipient",
            "kind",
            "day",
            "state",
            "claim",
            "email",
            "item_count",
            "attempts",
            "last_error",
            "created_at",
        ),
        rows,
        ignore_conflicts=True,
    )
