"""An annual report dated in January reports on the year just ended (plans.periods.due_period_key): the
periodic reports and own-work progress of a plan whose annual report falls in January keep their rows,
submissions and dates, and take the year before as their key. A plan with another annual date as well is left
to the next regeneration, as is a row whose new key another row of the same obligation already holds
(regenerating never deletes a due with a submission)."""

from django.db import migrations


def _has_own_deadline(task) -> bool:
    # tasks.planning.obligations.has_own_deadline, as it stands when this migration is written.
    if task.kind in ("dated", "triggered"):
        return True
    return task.kind == "annual" and bool(task.annual_month and task.annual_day)


def _rekey(apps, *, step: int) -> None:
    Due = apps.get_model("tasks", "Due")
    ReportingPeriod = apps.get_model("plans", "ReportingPeriod")
    annual: dict[int, set[int]] = {}
    for plan_id, month in ReportingPeriod.objects.filter(kind="annual").values_list("plan_id", "month"):
        annual.setdefault(plan_id, set()).add(month)
    plans = [plan_id for plan_id, months in annual.items() if months == {1}]
    dues = Due.objects.filter(plan_id__in=plans, kind__in=("report", "own"), period__regex=r"^[0-9]{4}$")
    # Moving back, the earliest key is freed for the next one to take; moving forward, the latest.
    dues = dues.select_related("task").order_by("period" if step < 0 else "-period", "pk")
    for due in dues.iterator():
        if due.task_id is not None and _has_own_deadline(due.task):
            continue  # own work with a date of its own keeps the year of that date
        new = str(int(due.period) + step)
        same = Due.objects.filter(plan_id=due.plan_id, organization_id=due.organization_id, kind=due.kind)
        same = same.filter(task__isnull=True) if due.task_id is None else same.filter(task_id=due.task_id)
        if not same.filter(period=new).exists():
            Due.objects.filter(pk=due.pk).update(period=new)


def forwards(apps, schema_editor):
    _rekey(apps, step=-1)


def backwards(apps, schema_editor):
    _rekey(apps, step=+1)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0010_document_type_word"),
        ("tasks", "0018_due_change_journal"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
