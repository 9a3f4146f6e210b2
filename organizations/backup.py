"""Backing up and restoring the whole of Plantrack: the database and the uploaded files, in one archive.

An archive is a ``.tar.gz`` holding:

- ``manifest.json``: when it was made, Django's migration state, the database vendor, the row count of
  every table, and the size and SHA-256 of the database dump and of every uploaded file;
- the database: ``database.sqlite3`` (a copy made with SQLite's online backup API, consistent even while the
  site runs) or ``database.pgdump`` (``pg_dump --format=custom``; the row counts are taken in the very
  snapshot that pg_dump dumps);
- ``media/``: every uploaded file, as stored under MEDIA_ROOT.

The dump is the database's own format rather than ``dumpdata``: it is fast and faithful at the national
scale (millions of rows, sequences and constraints included), at the price of restoring only into the same
vendor (a SQLite archive into SQLite, a PostgreSQL one into PostgreSQL of the same or a newer version).

Restoring checks every checksum before it touches anything, refuses a database or media folder that
already holds data unless forced, then restores both and checks the row counts and files again. A forced
restore overwrites the database and the files of the archive, and leaves other files in place (nothing is
deleted: they are listed in the report).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "plantrack-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables that a freshly migrated, never used database already fills: they do not make it "not empty".
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission", "django_session"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the person running the command must fix; the message says what."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    left_in_place: list[str] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


# --- helpers -------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    """Every regular file under `root`, relative to it, in a stable order."""
    if not root.is_dir():
        return []
    return sorted(
        path.relative_to(root) for path in root.rglob("*") if path.is_file() and not path.is_symlink()
    )


def _vendor(connection) -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _migration_state(connection) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def _pg_env_and_args(connection) -> tuple[dict, list[str]]:
    """pg_dump/pg_restore connection arguments from Django's settings for this database (the test
    database too: pytest-django rewrites settings_dict's NAME)."""
    params = connection.settings_dict
    env = {**os.environ}
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    args += ["--dbname", str(params["NAME"])]
    return env, args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client tools of the server's major version "
            "(Debian: apt-get install postgresql-client)."
        )
    return path


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed ({result.returncode}): {result.stderr.strip()}")


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in sorted(tables)}


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """The row count of every table of the live database."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor)


# --- backup --------------------------------------------------------------------------------------------


def _dump_sqlite(connection, target: Path) -> dict[str, int]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # The online backup API: a consistent copy even while others write (it restarts if they do).
        connection.connection.backup(copy)
        return _sqlite_counts(copy)
    finally:
        copy.close()


def _dump_postgresql(connection, target: Path) -> dict[str, int]:
    import psycopg

    env, args = _pg_env_and_args(connection)
    pg_dump = _tool("pg_dump")
    params = {
        key: value for key, value in connection.get_connection_params().items() if key != "cursor_factory"
    }
    # Counts and dump from one snapshot: a repeatable-read transaction exports it, pg_dump reads it.
    with psycopg.connect(**params) as snapshot:
        snapshot.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with snapshot.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            _run(
                [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot_id}"]
                + ["--file", str(target)]
                + args,
                env,
            )
        snapshot.rollback()
    return counts


def backup_create(*, output_dir: Path, using: str = DEFAULT_DB_ALIAS, now=None) -> Path:
    """Write a backup archive into `output_dir`; returns its path."""
    connection = connections[using]
    vendor = _vendor(connection)
    now = now or timezone.now()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"plantrack-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(prefix="plantrack-backup-") as work:
        dump = Path(work) / DUMP_NAMES[vendor]
        # The database first, then the files: a file is written before the row that names it is committed,
        # so every file the dumped rows name is already there when the folder is read.
        counts = _dump_sqlite(connection, dump) if vendor == "sqlite" else _dump_postgresql(connection, dump)
        root = _media_root()
        files = [
            {
                "path": relative.as_posix(),
                "size": (root / relative).stat().st_size,
                "sha256": _sha256(root / relative),
            }
            for relative in _media_files(root)
        ]
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "vendor": vendor,
            "database": {
                "file": dump.name,
                "size": dump.stat().st_size,
                "sha256": _sha256(dump),
                "server_version": connection.pg_version if vendor == "postgresql" else sqlite3.sqlite_version,
            },
            "migrations": _migration_state(connection),
            "row_counts": counts,
            "files": files,
        }
        partial = archive.with_name(archive.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            manifest_path = Path(work) / MANIFEST
            manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
            tar.add(manifest_path, arcname=MANIFEST)
            tar.add(dump, arcname=dump.name)
            for entry in files:
                tar.add(root / entry["path"], arcname=f"{MEDIA_DIR}/{entry['path']}")
        partial.replace(archive)  # never leave a truncated archive under the final name
    return archive


# --- restore -------------------------------------------------------------------------------------------


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Only regular files and folders with relative paths inside the archive: nothing may land elsewhere."""
    members = []
    for member in tar.getmembers():
        path = Path(member.name)
        if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds an unsafe entry: {member.name!r}.")
        members.append(member)
    return members


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            handle = tar.extractfile(MANIFEST)
            if handle is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(handle.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive} is not a Plantrack backup archive ({exc}).") from exc
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{archive} is not a Plantrack backup of a format this version can read.")
    return manifest


def _extract(archive: Path, work: Path) -> None:
    with tarfile.open(archive, "r:*") as tar:
        for member in _safe_members(tar):
            target = work / member.name
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            with target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)


def _verify_extracted(manifest: dict, work: Path) -> None:
    database = manifest["database"]
    dump = work / database["file"]
    if not dump.is_file() or _sha256(dump) != database["sha256"]:
        raise BackupError("The database dump in the archive is missing or damaged (checksum mismatch).")
    for entry in manifest["files"]:
        path = work / MEDIA_DIR / entry["path"]
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            raise BackupError(
                f"The file {entry['path']} in the archive is missing or damaged (checksum mismatch)."
            )


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    """True for a database with no table yet, or only what ``migrate`` itself writes."""
    return not any(count for table, count in table_counts(using).items() if table not in BOOKKEEPING_TABLES)


def _restore_sqlite(connection, dump: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        # Page by page into the live connection: the database becomes exactly the archived one.
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(connection, dump: Path) -> None:
    env, args = _pg_env_and_args(connection)
    pg_restore = _tool("pg_restore")
    connection.close()  # hold no lock on the tables pg_restore drops and recreates
    _run(
        [pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        + ["--exit-on-error"]
        + args
        + [str(dump)],
        env,
    )


def backup_restore(*, archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Restore the database and the uploaded files from `archive` (see the module's docstring)."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    connection = connections[using]
    vendor = _vendor(connection)
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This archive holds a {manifest['vendor']} database; this site uses {vendor}. Restore it into a "
            f"{manifest['vendor']} database."
        )
    if connection.in_atomic_block:
        raise BackupError("Restore cannot run inside a transaction.")
    root = _media_root()
    if not force:
        if not database_is_empty(using):
            raise BackupError("The database already holds data; restoring would overwrite it. Use --force.")
        if _media_files(root):
            raise BackupError(f"The media folder {root} already holds files. Use --force.")

    report = RestoreReport(manifest=manifest)
    with tempfile.TemporaryDirectory(prefix="plantrack-restore-") as work_dir:
        work = Path(work_dir)
        _extract(archive, work)
        _verify_extracted(manifest, work)  # before anything is touched

        dump = work / manifest["database"]["file"]
        if vendor == "sqlite":
            _restore_sqlite(connection, dump)
        else:
            _restore_postgresql(connection, dump)
        ContentType.objects.clear_cache()  # the restored ids may differ from those cached

        archived = {entry["path"] for entry in manifest["files"]}
        report.left_in_place = sorted(
            relative.as_posix() for relative in _media_files(root) if relative.as_posix() not in archived
        )
        for entry in manifest["files"]:
            target = root / entry["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / MEDIA_DIR / entry["path"], target)

    counts = table_counts(using)
    expected = manifest["row_counts"]
    wrong = {
        table: (count, counts.get(table)) for table, count in expected.items() if counts.get(table) != count
    }
    if wrong:
        raise BackupError(f"After restoring, these tables do not hold the archived number of rows: {wrong}.")
    for entry in manifest["files"]:
        if _sha256(root / entry["path"]) != entry["sha256"]:
            raise BackupError(f"After restoring, {entry['path']} differs from the archived file.")
    report.tables = len(expected)
    report.rows = sum(expected.values())
    report.files = len(manifest["files"])
    return report


def migrations_differ(manifest: dict, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the archive's migration state differs from the code's (then run ``migrate`` after restoring)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known: dict[str, list[str]] = {}
    for app, name in sorted(loader.disk_migrations):
        known.setdefault(app, []).append(name)
    archived = manifest.get("migrations", {})
    return any(set(names) - set(archived.get(app, [])) for app, names in known.items())


def default_output_dir() -> Path:
    return Path.cwd()


def describe(manifest: dict) -> str:
    created = datetime.datetime.fromisoformat(manifest["created_at"])
    return (
        f"{manifest['vendor']} database, made {timezone.localtime(created):%d/%m/%Y %H:%M}, "
        f"{sum(manifest['row_counts'].values())} rows in {len(manifest['row_counts'])} tables, "
        f"{len(manifest['files'])} files"
    )
