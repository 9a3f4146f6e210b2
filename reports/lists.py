"""The everyday lists as Excel workbooks (issue 17 item 13): the to-do list, what the organization submitted,
the office's review queue, the documents register, the plans, the tasks waiting for a guidance, the
organizations a committee member follows, and each person's own reminders and notifications (and, for the office, those
sent about one due), each with the
filters of the page it was asked from, seen by whom the page is shown to, in a fixed number of queries.
Written by the one workbook writer (reports/render/excel.py), so every cell is text-safe
(docs/architecture.md, reports)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.files.downloads import attachment_disposition
from organizations.http import require_staff
from organizations.people import person_name
from plans.periods import period_words
from plans.views import documents_filtered
from reports.content.common import Column, Table
from reports.render.excel import render_xlsx
from tasks.access import selectors
from tasks.models import Due, Notification, Reminder, Review, SubmissionFile
from tasks.monitoring.compliance import supervision_summary
from tasks.notifications.views import notifications_listed
from tasks.planning.views import plans_filtered, waiting_filtered
from tasks.reminders.views import due_reminders_listed, reminders_filtered
from tasks.reminders.words import reminder_kind_words
from tasks.submissions.views import due_list_filtered, submissions_filtered

MAX_ROWS = 5000  # rows in one workbook: far more than any organization's list
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local_day(moment):
    return timezone.localtime(moment).date() if moment else None


def _local_time(moment) -> str:
    """A moment as the pages show it ("09:00 10/03/2023"), in the local time zone."""
    return f"{timezone.localtime(moment):%H:%M %d/%m/%Y}" if moment else ""


def _workbook(table: Table, *, filename: str) -> HttpResponse:
    today = timezone.localdate()
    body = render_xlsx(tables=[table], title=table.title, heading=[table.title, today.strftime("%d/%m/%Y")])
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = attachment_disposition(f"{filename}-{today:%Y%m%d}.xlsx")
    return response


def _common_columns() -> list[Column]:
    return [Column(_("Task")), Column(_("Plan")), Column(_("Organization")), Column(_("Period"))]


def _common_cells(due: Due) -> list:
    return [due.title, due.plan.document.symbol, due.organization.name, str(period_words(due.period))]


@login_required
def due_list_export(request):
    """The to-do list (tasks.submissions.views.due_list) with its status, year and plan filters."""
    today = timezone.localdate()
    _scoped, dues, _filters = due_list_filtered(request.access, request.GET, today)
    labels = dict(Due.Status.choices)
    rows = [
        [*_common_cells(due), due.due_on, due.resubmit_on, str(labels[due.status_on(today)])]
        for due in dues[:MAX_ROWS]
    ]
    columns = [
        *_common_columns(),
        Column(_("Due date"), format="date"),
        Column(_("Resubmit by"), format="date"),
        Column(_("Status")),
    ]
    return _workbook(Table(key="dues", title=_("To do"), columns=columns, rows=rows), filename="viec-can-lam")


@login_required
def submission_history_export(request):
    """What the organization submitted (tasks.submissions.views.submission_history), with its filters."""
    submissions, _filters = submissions_filtered(request.access, request.GET)
    decisions = dict(Review.Decision.choices)
    rows = []
    for submission in submissions[:MAX_ROWS]:
        review = getattr(submission, "review", None)
        rows.append(
            [
                *_common_cells(submission.due),
                _local_day(submission.submitted_at),
                submission.version,
                submission.document_symbol,
                "; ".join(f.original_name for f in submission.files.all()),
                str(decisions[review.decision]) if review else _("Waiting for review"),
                review.reason if review else "",
            ]
        )
    columns = [
        *_common_columns(),
        Column(_("Submitted at"), format="date"),
        Column(_("Version"), format="int"),
        Column(_("Document number")),
        Column(_("Files")),
        Column(_("Review")),
        Column(_("Reason")),
    ]
    table = Table(key="submitted", title=_("Submitted"), columns=columns, rows=rows)
    return _workbook(table, filename="da-nop")


@login_required
def review_queue_export(request):
    """The office's review queue (tasks.submissions.queue_views.review_queue), the oldest first."""
    access = request.access
    if not access.is_staff:
        raise PermissionDenied
    queue = selectors.submissions_awaiting_review(access).prefetch_related(
        Prefetch("files", queryset=SubmissionFile.objects.active().order_by("pk"))
    )
    rows = [
        [
            *_common_cells(submission.due),
            _local_day(submission.submitted_at),
            submission.version,
            person_name(submission.submitted_by),
            "; ".join(f.original_name for f in submission.files.all()),
        ]
        for submission in queue[:MAX_ROWS]
    ]
    columns = [
        *_common_columns(),
        Column(_("Submitted at"), format="date"),
        Column(_("Version"), format="int"),
        Column(_("Submitted by")),
        Column(_("Files")),
    ]
    table = Table(key="queue", title=_("Waiting for review"), columns=columns, rows=rows)
    return _workbook(table, filename="cho-duyet")


@login_required
def document_list_export(request):
    """The documents register (plans.views.document_list) with its words, type, issuer and year filters; like
    the page, it does not exist for anyone but office staff (organizations.http.require_staff)."""
    require_staff(request)
    documents, _filters = documents_filtered(request.access, request.GET)
    rows = [
        [
            document.symbol,
            str(capfirst(document.type_name)),
            (document.issuer.short_name or document.issuer.name) if document.issuer else document.issuer_code,
            document.issued_on,
            document.title,
            document.file_count,
        ]
        for document in documents[:MAX_ROWS]
    ]
    columns = [
        Column(_("Number and symbol")),
        Column(_("Type")),
        Column(_("Issuer")),
        Column(_("Date"), format="date"),
        Column(pgettext("document", "Summary")),
        Column(_("Files"), format="int"),
    ]
    table = Table(key="documents", title=_("Documents"), columns=columns, rows=rows)
    return _workbook(table, filename="van-ban")


@login_required
def plan_list_export(request):
    """The plans in the user's scope (tasks.planning.views.plan_list) with its words and year filters."""
    plans, _filters = plans_filtered(request.access, request.GET)
    rows = [
        [
            plan.document.symbol,
            plan.title,
            plan.owner.short_name or plan.owner.name,
            plan.period_start,
            plan.period_end,
            plan.task_count,
            plan.waiting_count,
        ]
        for plan in plans[:MAX_ROWS]
    ]
    columns = [
        Column(_("Number and symbol")),
        Column(_("Title")),
        Column(_("Issuing committee")),
        Column(_("From"), format="date"),
        Column(_("To"), format="date"),
        Column(_("Tasks"), format="int"),
        Column(_("Waiting for guidance"), format="int"),
    ]
    table = Table(key="plans", title=_("Plans"), columns=columns, rows=rows)
    return _workbook(table, filename="ke-hoach")


@login_required
def waiting_list_export(request):
    """The tasks waiting for a guidance (tasks.planning.views.waiting_list) with its issuer filter; like the
    page, it does not exist for anyone but office staff."""
    require_staff(request)
    tasks, _issuer = waiting_filtered(request.access, request.GET)
    rows = [
        [
            task.plan.document.symbol,
            task.label,
            task.text,
            str(task.get_awaited_type_display() or "?"),
            task.awaited_issuer.name if task.awaited_issuer else "?",
            task.trigger_text,
            "; ".join(assignment.label for assignment in task.assignments.all()),
            task.lead_days,
        ]
        for task in tasks[:MAX_ROWS]
    ]
    columns = [
        Column(_("Plan")),
        Column(_("Task")),
        Column(_("Content")),
        Column(_("Awaited")),
        Column(_("Awaited from")),
        Column(_("As the plan words it")),
        Column(_("Carrying out")),
        Column(_("Days after the guidance"), format="int"),
    ]
    table = Table(key="waiting", title=_("Waiting for guidance"), columns=columns, rows=rows)
    return _workbook(table, filename="cho-huong-dan")


def _pressing(entry) -> str:
    """The few dues most pressing, one a line, the overdue first, marked as on the page (! overdue, ○ owed)."""
    lines = [f"! {due.title} · {due.due_on:%d/%m/%Y}" for due in entry.overdue]
    lines += [f"○ {due.title} · {due.due_on:%d/%m/%Y}" for due in entry.owed]
    return "\n".join(lines)


@login_required
def supervision_export(request):
    """The organizations a committee member follows (tasks.monitoring.views.supervision), every one of them
    with what each owes, is late with, had returned and has waiting for review; to members in charge only."""
    if not request.access.is_supervisor:
        raise Http404
    _page, followed = supervision_summary(user=request.user, page_number=1, per_page=MAX_ROWS)
    rows = [
        [
            entry.organization.name,
            entry.counts["overdue"],
            entry.counts["owed"],
            entry.counts["returned"],
            entry.counts["to_review"],
            _pressing(entry),
        ]
        for entry in followed
    ]
    columns = [
        Column(_("Organization")),
        Column(_("Overdue"), format="int"),
        Column(_("Still owed"), format="int"),
        Column(_("Returned"), format="int"),
        Column(_("Waiting for review"), format="int"),
        Column(_("Most pressing")),
    ]
    table = Table(key="followed", title=_("Organizations in my charge"), columns=columns, rows=rows)
    return _workbook(table, filename="theo-doi")


@login_required
def reminder_history_export(request):
    """The reminders sent to the user (tasks.reminders.views.reminder_history), their own and nobody else's,
    with the page's state filter."""
    rows, _state = reminders_filtered(request.access, request.GET)
    states = dict(Reminder.State.choices)
    cells = [
        [
            reminder.claimed_on,
            reminder_kind_words(reminder),
            *_common_cells(reminder.due),
            reminder.due.due_on,
            _local_time(reminder.sent_at),
            str(states[reminder.state]),
        ]
        for reminder in rows[:MAX_ROWS]
    ]
    columns = [
        Column(_("Day"), format="date"),
        Column(_("Reminder")),
        *_common_columns(),
        Column(_("Due date"), format="date"),
        Column(_("Sent at")),
        Column(_("State")),
    ]
    table = Table(key="reminders", title=_("My reminders"), columns=columns, rows=cells)
    return _workbook(table, filename="nhac-han")


@login_required
def notification_list_export(request):
    """The user's own notifications (tasks.notifications.views.notification_list), the newest first: what
    happened, about which task and organization, the reason given, and whether it was read."""
    kinds = dict(Notification.Kind.choices)
    rows = []
    for note in notifications_listed(request.user)[:MAX_ROWS]:
        due = note.due
        rows.append(
            [
                _local_time(note.created_at),
                str(kinds.get(note.kind, note.kind)),
                note.subject,
                due.organization.name if due else "",
                str(period_words(due.period)) if due else "",
                note.message,
                pgettext("notification", "Read") if note.read_at else pgettext("notification", "Unread"),
            ]
        )
    columns = [
        Column(_("Time")),
        Column(_("Kind")),
        Column(_("Task")),
        Column(_("Organization")),
        Column(_("Period")),
        Column(_("Reason")),
        Column(_("State")),
    ]
    table = Table(key="notifications", title=_("Notifications"), columns=columns, rows=rows)
    return _workbook(table, filename="thong-bao")


@login_required
def due_reminders_export(request, pk: int):
    """Every reminder sent about one due (tasks.reminders.views.due_reminders): to whom, at which address,
    which one and when; to the office staff who follow the due up, 404 to anyone else, as the page."""
    due, reminders = due_reminders_listed(request.access, pk)
    states = dict(Reminder.State.choices)
    rows = [
        [
            person_name(reminder.recipient),
            reminder.digest.email if reminder.digest_id else "",
            reminder_kind_words(reminder),
            reminder.occurs_on,
            _local_time(reminder.sent_at),
            str(states[reminder.state]),
        ]
        for reminder in reminders[:MAX_ROWS]
    ]
    columns = [
        Column(_("Recipient")),
        Column(_("E-mail")),
        Column(_("Reminder")),
        Column(_("Owed on"), format="date"),
        Column(_("Sent at")),
        Column(_("State")),
    ]
    title = f"{_('Reminders sent')} · {due.title} · {due.organization_then}"
    return _workbook(Table(key="sent", title=title, columns=columns, rows=rows), filename="nhac-han-da-gui")
