"""Bloc-wide totals remembered between views (docs/architecture.md, monitoring): the dashboard's counts, the
matrix's columns, the plan page's counts by state.

Totals over the whole bloc read every due of a period, so their cost grows with the bloc (seconds at 55,000
organizations); a page's own cells do not, and are always read fresh. A total is kept in the cache under a
stamp of the data (`_data_stamp`) and counted again when the stamp changes.

Counted again by whom: with PLANTRACK_TOTALS_REFRESH = "background" (production), the first view after a
write still shows the totals of just before it, and a thread of the web process counts them again for the
next view, one count per total at a time: no page waits on a recount of the bloc, which matters when
thousands of secretaries are submitting. With "inline" (the default, and the tests), the view that finds the
stamp changed counts again itself, so figures always include the latest write.
"""

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from organizations.access import Access
from tasks.models import Due, Review, Submission

logger = logging.getLogger(__name__)
STALE_KEPT_SECONDS = 24 * 3600
REFRESH_LOCK_SECONDS = 300  # a refresh that died without clearing its mark blocks others at most this long


def _data_stamp() -> tuple:
    """Changes whenever a due is created, a version submitted or a review made: one cheap query (each
    MAX reads one end of a primary-key index)."""
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in (Due, Submission, Review)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT MAX(id) FROM {table})" for table in tables))
        return tuple(cursor.fetchone())


def _background() -> bool:
    return getattr(settings, "PLANTRACK_TOTALS_REFRESH", "inline") == "background"


def _fresh_seconds() -> float:
    return getattr(settings, "PLANTRACK_TOTALS_CACHE_SECONDS", 600)


def _store(key: str, stamp: tuple, value, at: float) -> None:
    # In the background, totals past their freshness are still shown while they are counted again: kept a day.
    timeout = STALE_KEPT_SECONDS if _background() else _fresh_seconds()
    cache.set(key, {"stamp": stamp, "at": at, "value": value}, timeout)


def remembered(*, key: str, compute):
    """`compute()`, kept in the cache until the data changes (see _data_stamp) or for at most
    PLANTRACK_TOTALS_CACHE_SECONDS (default 600), which bounds changes the stamp cannot see: due dates moved
    by a regeneration, organizations renamed or moved, the day changing. PLANTRACK_TOTALS_MIN_SECONDS (default 0) may keep
    totals that long even after a change. When the data changed, PLANTRACK_TOTALS_REFRESH says who counts
    again (see the module's docstring)."""
    stamp = _data_stamp()
    key = "plantrack:compliance:" + hashlib.sha256(key.encode()).hexdigest()
    entry = cache.get(key)
    now = time.time()
    if entry is not None:
        age = now - entry["at"]
        fresh = entry["stamp"] == stamp and age < _fresh_seconds()
        young = age < getattr(settings, "PLANTRACK_TOTALS_MIN_SECONDS", 0)
        if fresh or young:
            return entry["value"]
        if _background():
            _refresh_later(key, compute, stamp)
            return entry["value"]
    value = compute()
    _store(key, stamp, value, now)
    return value


def _refresh_later(key: str, compute, stamp: tuple) -> None:
    """Count `key` again outside the request, unless a refresh of it is already under way. The stamp stored
    is the one read before counting: a write during the count makes the next view refresh again."""
    mark = key + ":refreshing"
    if not cache.add(mark, True, REFRESH_LOCK_SECONDS):
        return

    def refresh() -> None:
        try:
            started = time.time()
            _store(key, stamp, compute(), started)
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
