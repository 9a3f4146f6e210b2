"""What a reorganization leaves in the database: names through time, who succeeded whom, and the
reorganization itself (its file, when and by whom it was applied). Imported by ``organizations.models``, so
these models belong to the ``organizations`` app.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationName(models.Model):
    """One name an organization bore, from ``valid_from`` to ``valid_to`` (both included, open when empty).

    The current name stays in ``Organization.name``; rows here are written by a rename, so an organization
    never renamed has none and ``Organization.name_on`` falls back to its name.
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="names",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=255)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("name in force")
        verbose_name_plural = _("names in force")
        ordering = ["organization", "valid_from"]
        indexes = [models.Index(fields=["organization", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    def covers(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Reorganization(models.Model):
    """One reorganization as applied: its effective date, the file it was written as, who applied it."""

    effective_on = models.DateField(_("effective date"))
    source = models.TextField(_("file"))
    summary = models.JSONField(_("preview"), default=list)
    applied_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("applied by"),
    )

    class Meta:
        verbose_name = _("reorganization")
        verbose_name_plural = _("reorganizations")
        ordering = ["-applied_at"]

    def __str__(self) -> str:
        return str(self.effective_on)


class Succession(models.Model):
    """From ``effective_on``, ``successor`` carries on (part of) what ``predecessor`` owed."""

    class Operation(models.TextChoices):
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        DISSOLVE = "dissolve", _("Dissolution")

    predecessor = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="successions",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="successions_received",
        verbose_name=_("successor"),
    )
    effective_on = models.DateField(_("effective date"))
    operation = models.CharField(_("operation"), max_length=16, choices=Operation.choices)
    carries_obligations = models.BooleanField(_("takes over open obligations"), default=True)
    reorganization = models.ForeignKey(
        Reorganization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successions",
        verbose_name=_("reorganization"),
    )

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
