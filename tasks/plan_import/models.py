"""The model of a plan read in the background (tasks/plan_import/background.py), kept in its sub-package and
imported by tasks/models.py, which keeps the app label `tasks` (docs/architecture.md §2)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


class PlanReading(models.Model):
    """A plan's document read in the background (tasks/plan_import/background.py): a long text is parsed by a
    Celery worker and its result kept here for the review page, which waits for it. Only its requester sees
    it; it is deleted a day later."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Reading")
        DONE = "done", _("Read")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    owner = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("issuing committee")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    source = models.JSONField(_("document read"), default=dict)
    result = models.JSONField(_("plan read"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan reading")
        verbose_name_plural = _("plan readings")

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
