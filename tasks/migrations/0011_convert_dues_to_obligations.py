"""The old dues (one per task, organization and reporting period) become obligations (docs/domain.md §6)
without losing a submission:

- a due of a task with a deadline of its own (dated, triggered, annual with its own day) stays a deliverable;
- a due owed by the committee or one of its bodies (advisory bodies, mass organizations) is own work;
- any other due (an ongoing task, an annual one without a day) was a line of the periodic report: its
  submissions, with their files and reviews, move to that organization's report for the reporting period
  that contains its date, as its versions, each with a report line carrying its text; its notifications
  follow it; the old due is then deleted.

The report keeps the state its moved versions give it (one not yet reviewed: submitted; else returned if the
latest review of one was a return; else accepted). The code is self-contained (historical models only) so
that later changes to the app cannot change what this migration did.
"""

import datetime

from django.db import migrations

BODY_KINDS = ("advisory", "mass")
DEFAULT_CALENDAR = [("annual", 12, 15)]
TEMPORARY = 1_000_000_000


def _report_periods(plan, calendar):
    """(key, date) of every report of the plan, in date order (plans.periods.due_period_key)."""
    out = []
    for year in range(plan.period_start.year, plan.period_end.year + 1):
        for kind, month, day in calendar:
            try:
                when = datetime.date(year, month, day)
            except ValueError:
                when = datetime.date(year, month, 28)
            if not plan.period_start <= when <= plan.period_end:
                continue
            if kind == "annual":
                key = str(year)
            elif kind == "half_year":
                key = f"{year}-H1" if month <= 6 else f"{year}-H2"
            else:
                key = f"{year}-Q{(month - 1) // 3 + 1}"
            out.append((key, when))
    return sorted(out, key=lambda item: item[1])


def _containing(periods, due_on):
    """The report whose period holds `due_on`: the first report on or after it, else the last."""
    for key, when in periods:
        if due_on is None or when >= due_on:
            return key, when
    return periods[-1]


def _own_deadline(task):
    if task.kind in ("dated", "triggered"):
        return True
    return task.kind == "annual" and bool(task.annual_month and task.annual_day)


def _report_state(submissions, Review):
    reviews = {r.submission_id: r for r in Review.objects.filter(submission__in=submissions)}
    if any(s.pk not in reviews for s in submissions):
        return "submitted"
    latest = max(submissions, key=lambda s: (reviews[s.pk].reviewed_at, s.pk))
    return reviews[latest.pk].decision


def convert(apps, schema_editor):
    Due = apps.get_model("tasks", "Due")
    Submission = apps.get_model("tasks", "Submission")
    Review = apps.get_model("tasks", "Review")
    ReportLine = apps.get_model("tasks", "ReportLine")
    Notification = apps.get_model("tasks", "Notification")
    ReportingPeriod = apps.get_model("plans", "ReportingPeriod")
    Plan = apps.get_model("plans", "Plan")

    for plan in Plan.objects.select_related("owner").iterator():
        calendar = [
            (p.kind, p.month, p.day) for p in ReportingPeriod.objects.filter(plan=plan).order_by("month", "day")
        ] or DEFAULT_CALENDAR
        periods = _report_periods(plan, calendar)
        old = Due.objects.filter(plan=plan, kind="deliverable", task__isnull=False).select_related(
            "task", "organization"
        )
        reports = {}  # (organization_id, key) → report due
        moved = {}  # report due pk → submissions moved onto it
        for due in old.order_by("pk").iterator():
            org = due.organization
            if org.pk == plan.owner_id or org.kind in BODY_KINDS:
                Due.objects.filter(pk=due.pk).update(kind="own")
                continue
            if _own_deadline(due.task):
                continue
            if not periods:
                continue
            key, when = _containing(periods, due.due_on)
            report = reports.get((org.pk, key))
            if report is None:
                report, _created = Due.objects.get_or_create(
                    plan=plan, kind="report", organization=org, period=key, defaults={"due_on": when}
                )
                reports[(org.pk, key)] = report
            submissions = list(Submission.objects.filter(due=due).order_by("submitted_at", "version", "pk"))
            if submissions:
                for submission in submissions:
                    # A version number out of the way until the report's versions are renumbered below.
                    Submission.objects.filter(pk=submission.pk).update(due=report, version=TEMPORARY + submission.pk)
                    ReportLine.objects.create(
                        due=report,
                        submission_id=submission.pk,
                        task_id=due.task_id,
                        state=submission.work_status,
                        result=submission.text,
                    )
                moved.setdefault(report.pk, []).extend(submissions)
                first = min(s.submitted_at for s in submissions)
                if report.first_submitted_at is None or first < report.first_submitted_at:
                    report.first_submitted_at = first
                    Due.objects.filter(pk=report.pk).update(first_submitted_at=first)
            Notification.objects.filter(due=due).update(due=report)
            Due.objects.filter(pk=due.pk).delete()
        for report_pk, submissions in moved.items():
            # The report's versions in the order they were handed in, whichever task they answered.
            versions = list(Submission.objects.filter(due_id=report_pk).order_by("submitted_at", "pk"))
            for number, submission in enumerate(versions, start=1):
                Submission.objects.filter(pk=submission.pk).update(version=number)
            active = [s for s in versions if s.withdrawn_at is None]
            Due.objects.filter(pk=report_pk).update(state=_report_state(active or submissions, Review))
        # Every organization that owed reports before owes each report of the plan now.
        for org_id in {org for org, _key in reports}:
            for key, when in periods:
                Due.objects.get_or_create(
                    plan=plan, kind="report", organization_id=org_id, period=key, defaults={"due_on": when}
                )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0008_document_unique_per_register"),
        ("tasks", "0010_due_obligations"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
