"""Reading a long plan in the background: the upload stores the document read (text and task tables), a
Celery worker parses it (tasks.tasks.read_plan, a thin wrapper of ``reading_run``), and the waiting page
polls with htmx until the result is there for the review (tasks/plan_import/views.py). Short plans are parsed
in the request: the background is for inputs over reading/limits.py's BACKGROUND_CHARACTERS."""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import get_or_404
from organizations.models import Organization
from tasks.models import PlanReading
from tasks.plan_import.reading import plan_parse
from tasks.plan_import.reading.tables import DocumentText, TableRow, TaskTable

logger = logging.getLogger(__name__)
KEPT_FOR = datetime.timedelta(days=1)


def _source(document: DocumentText) -> dict:
    return {"text": document.text, "tables": [dataclasses.asdict(table) for table in document.tables]}


def _document(source: dict) -> DocumentText:
    tables = [
        TaskTable(heading=table["heading"], rows=[TableRow(**row) for row in table["rows"]])
        for table in source.get("tables", [])
    ]
    return DocumentText(text=source.get("text", ""), tables=tables)


def reading_start(*, user, owner: Organization, document: DocumentText) -> PlanReading:
    """Record the document and queue its reading once the transaction commits; old readings are dropped."""
    PlanReading.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    reading = PlanReading.objects.create(user=user, owner=owner, source=_source(document))
    transaction.on_commit(lambda: reading_enqueue(reading_id=reading.pk))
    return reading


def reading_enqueue(*, reading_id) -> None:
    from tasks.tasks import read_plan

    try:
        read_plan.delay(str(reading_id))
    except Exception as error:  # the broker is down: say so rather than leave the page waiting
        logger.exception("plan reading %s could not be queued", reading_id)
        _finish(
            reading_id, error=_("The document could not be queued for reading: %(error)s") % {"error": error}
        )


def _finish(reading_id, *, result: dict | None = None, error: str = "") -> None:
    PlanReading.objects.filter(pk=reading_id).update(
        status=PlanReading.Status.FAILED if error else PlanReading.Status.DONE,
        result=result,
        error=error[:2000],
        finished_at=timezone.now(),
    )


def reading_run(*, reading_id) -> str:
    """Parse a queued reading and store its result; returns its final status. A reading already taken is
    left alone, so running it twice is harmless."""
    claimed = PlanReading.objects.filter(pk=reading_id, status=PlanReading.Status.QUEUED).update(
        status=PlanReading.Status.RUNNING
    )
    if not claimed:
        return "skipped"
    reading = PlanReading.objects.get(pk=reading_id)
    document = _document(reading.source)
    try:
        result = plan_parse(text=document.text, tables=document.tables)
    except Exception as error:  # recorded for the waiting page; the worker goes on
        logger.exception("plan reading %s failed", reading_id)
        _finish(reading_id, error=str(error) or error.__class__.__name__)
        return PlanReading.Status.FAILED
    _finish(reading_id, result=result)
    return PlanReading.Status.DONE


def reading_for_user(*, user, pk) -> PlanReading:
    """The reading `pk` if `user` asked for it; Http404 otherwise (another user's reading does not exist)."""
    return get_or_404(PlanReading.objects.filter(user=user), pk=pk)
