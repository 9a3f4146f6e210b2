"""Bloc-wide totals remembered between views (docs/architecture.md, monitoring): the dashboard's counts, the
matrix's columns, the plan page's counts by state, the dashboard's completion figures.

Totals over the whole bloc read every due of a period, so their cost grows with the bloc (seconds at 55,000
organizations); a page's own cells do not, and are always read fresh. A total is kept in the cache under a
stamp of the data (`_data_stamp`: the newest due and the newest change of the journal).

Kept current on write: a total given a `Journal` (tasks/monitoring/journal.py) follows the submissions,
reviews, withdrawals and deadline changes written since it was counted by applying them, a query or two on
the few rows concerned; it is counted again only when a due is created, after PLANTRACK_TOTALS_CACHE_SECONDS,
or when the changes are too many or cannot be applied. A total without one is counted again after any change.

Counted again by whom: with PLANTRACK_TOTALS_REFRESH = "background" (production), the view shows the totals
it has (with the journal applied) and a thread of the web process counts them again for the next view, one
count per total at a time: no page waits on a count of the bloc. With "inline" (the default, and the tests),
the view counts again itself.
"""

import contextlib
import datetime
import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from organizations.access import Access
from tasks.models import Due, DueChange
from tasks.monitoring.journal import Held, Journal, journal_catch_up, journal_held, journal_prune

logger = logging.getLogger(__name__)
STALE_KEPT_SECONDS = 24 * 3600
REFRESH_LOCK_SECONDS = 300  # a refresh that died without clearing its mark blocks others at most this long


def _data_stamp() -> tuple:
    """(newest due, newest change of a due): changes whenever a due is created or moved (submitted,
    reviewed, withdrawn, its date changed). One cheap query: each MAX reads one end of a primary-key index."""
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in (Due, DueChange)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables))
        return tuple(cursor.fetchone())


def _background() -> bool:
    return getattr(settings, "PLANTRACK_TOTALS_REFRESH", "inline") == "background"


def _fresh_seconds() -> float:
    return getattr(settings, "PLANTRACK_TOTALS_CACHE_SECONDS", 600)


def _store(key: str, stamp: tuple, value, at: float, held: Held | None, day) -> None:
    # In the background, totals past their freshness are still shown while they are counted again: kept a day.
    timeout = STALE_KEPT_SECONDS if _background() else _fresh_seconds()
    cache.set(key, {"stamp": stamp, "at": at, "value": value, "held": held, "day": day}, timeout)


def remembered(*, key: str, compute, day: datetime.date, journal: Journal | None = None):
    """`compute()` for `day` (the statuses it counts depend on it), kept in the cache until the data changes
    (see _data_stamp), the day changes, or for at most PLANTRACK_TOTALS_CACHE_SECONDS (default 600), which
    bounds changes neither the stamp nor the journal see: due dates moved by a regeneration, dues deleted,
    organizations renamed or moved. With a `journal`, the changes of dues since the count are applied
    instead of counting again. PLANTRACK_TOTALS_MIN_SECONDS (default 0) may keep totals that long even after
    a due is created. When they must be counted again, PLANTRACK_TOTALS_REFRESH says who does (see the
    module's docstring); in the background, the first view of a new day shows the day before's totals."""
    stamp = _data_stamp()
    key = "plantrack:compliance:" + hashlib.sha256(key.encode()).hexdigest()
    entry = cache.get(key)
    now = time.time()
    if entry is not None:
        age = now - entry["at"]
        same_day = entry.get("day") == day
        young = same_day and age < getattr(settings, "PLANTRACK_TOTALS_MIN_SECONDS", 0)
        usable = same_day and (young or age < _fresh_seconds())
        current = _caught_up(key, entry, stamp, journal, young=young) if usable else None
        if current is not None:
            return current
        if _background():
            _refresh_later(key, compute, stamp, journal, day)
            # The day before's totals cannot take today's changes (a status depends on the day): as they are.
            stale = _caught_up(key, entry, stamp, journal, young=True) if same_day else None
            return entry["value"] if stale is None else stale
    value, held = _counted(compute, journal)
    _store(key, stamp, value, now, held, day)
    return value


def _caught_up(key: str, entry: dict, stamp: tuple, journal: Journal | None, *, young: bool):
    """The remembered value if it is still right for `stamp`, brought up to date with the journal; None
    when it must be counted again. `young`: a due created since does not matter (see `remembered`)."""
    new_dues = entry["stamp"][0] != stamp[0] and not young
    if journal is None or entry.get("held") is None:
        return None if new_dues or (entry["stamp"][1] != stamp[1] and not young) else entry["value"]
    if new_dues:
        return None
    caught = journal_catch_up(entry["value"], entry["held"], journal, stamp[1])
    if caught is None:
        return None
    value, held = caught
    if held != entry["held"]:
        cache.set(
            key,
            {**entry, "value": value, "held": held},
            STALE_KEPT_SECONDS if _background() else _fresh_seconds(),
        )
    return value


def _counted(compute, journal: Journal | None):
    """`compute()`, and with a journal the changes it holds, read in one snapshot of the database."""
    if journal is None:
        return compute(), None
    with _snapshot():
        held = journal_held()
        return compute(), held


@contextlib.contextmanager
def _snapshot():
    """One view of the data for the count and the journal position read with it. A count outside any
    transaction (the background refresh) opens a repeatable-read one on PostgreSQL, and SQLite's keeps one
    view for its duration. Inside a request's transaction on PostgreSQL, each statement sees what is committed
    when it starts: a change committed between the two may be counted twice, until the next count (at most
    PLANTRACK_TOTALS_CACHE_SECONDS); production counts in the background."""
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _refresh_later(key: str, compute, stamp: tuple, journal: Journal | None, day) -> None:
    """Count `key` again outside the request, unless a refresh of it is already under way. The stamp stored
    is the one read before counting: a due created during the count makes the next view refresh again."""
    mark = key + ":refreshing"
    if not cache.add(mark, True, REFRESH_LOCK_SECONDS):
        return

    def refresh() -> None:
        try:
            started = time.time()
            value, held = _counted(compute, journal)
            _store(key, stamp, value, started, held, day)
            journal_prune()
        except Exception:  # the stale totals stay; the next view after the mark is cleared tries again
            logger.exception("refreshing remembered totals failed")
        finally:
            cache.delete(mark)

    _start(refresh)


def _start(target) -> None:
    def run() -> None:
        try:
            target()
        finally:
            connection.close()  # the thread's own connection

    threading.Thread(target=run, name="plantrack-totals", daemon=True).start()


def scope_key(access: Access) -> str:
    return f"{access.is_superuser}:{','.join(access.scope_paths)}"
