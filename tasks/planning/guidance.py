"""Registering an awaited guidance document: it opens the triggered tasks that were waiting for it."""

from dataclasses import dataclass, field

from django.db import transaction

from plans.documents import document_save
from plans.models import Document
from tasks.models import Due, Task
from tasks.notifications.services import notify_task_activated
from tasks.planning.dues import document_activate_tasks


@dataclass
class GuidanceResult:
    document: Document
    tasks: list[Task] = field(default_factory=list)
    dues: int = 0
    notified: int = 0


@transaction.atomic
def guidance_register(*, document: Document, tasks, files=(), user) -> GuidanceResult:
    """Save the guidance `document`, link it to `tasks` (waiting triggered tasks chosen by staff), create
    their dues and tell the organizations that now owe them."""
    document_save(document=document, files=files, user=user)
    activated = document_activate_tasks(document=document, tasks=list(tasks))
    result = GuidanceResult(document=document, tasks=activated)
    result.dues = Due.objects.filter(task__in=[task.pk for task in activated]).count()
    for task in activated:
        result.notified += notify_task_activated(task=task)
    return result
