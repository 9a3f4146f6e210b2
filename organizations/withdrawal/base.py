"""Withdrawing instead of deleting: documents, their files, submissions and their files are never removed.

A withdrawn row stays in the database (and in the audit trail) with who withdrew it, when and why; lists
leave it out through ``.active()``, and its own page still shows it, marked as withdrawn. The default
manager returns every row, withdrawn or not, so that relations, version numbers and the admin keep seeing
everything: hiding rows there would be the surprise.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class WithdrawableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)


class Withdrawable(models.Model):
    withdrawn_at = models.DateTimeField(gettext_lazy("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=gettext_lazy("withdrawn by"),
    )
    # A database default too: rows written with raw SQL (gen_data's COPY) leave the column out.
    withdrawal_reason = models.TextField(
        gettext_lazy("reason for withdrawal"), blank=True, editable=False, default="", db_default=""
    )

    objects = WithdrawableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


WITHDRAWAL_FIELDS = ["withdrawn_at", "withdrawn_by", "withdrawal_reason"]


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing it.")})
    return reason


def mark_withdrawn(obj: Withdrawable, *, user, reason: str, at=None) -> None:
    """Set the withdrawal fields and save them (a signal-sending save, so the audit trail records it).

    Callers check first that withdrawing is allowed and lock what they need; this only writes.
    """
    obj.withdrawn_at = at or timezone.now()
    obj.withdrawn_by = user if getattr(user, "is_authenticated", False) else None
    obj.withdrawal_reason = reason
    obj.save(update_fields=WITHDRAWAL_FIELDS)
