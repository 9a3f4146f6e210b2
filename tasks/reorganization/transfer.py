"""The field a due keeps of a reorganization (tasks/reorganization/obligations.py writes it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Transferable(models.Model):
    """Abstract base of ``Due``: the organization that owed it before a reorganization passed it on."""

    transferred_from = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dues_transferred",
        verbose_name=_("transferred from"),
    )

    class Meta:
        abstract = True
