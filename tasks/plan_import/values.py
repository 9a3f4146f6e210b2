"""Values of the interchange data as the importer stores them (tasks/plan_import/save.py): text NFC-normalized,
an annual day split in two, dates kept within the application's years, fields set only when they change."""

import datetime
import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from organizations.params import MAX_YEAR, MIN_YEAR, validate_date_in_bounds
from tasks.models import Task
from tasks.plan_import.interchange import PlanImportError


def nfc_deep(value: Any) -> Any:
    """NFC-normalize every string in a JSON value (the format says text is NFC; pasted text often is not)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc_deep(item) for item in value]
    if isinstance(value, dict):
        return {nfc_deep(key): nfc_deep(item) for key, item in value.items()}
    return value


def annual_day_fields(deadline: dict) -> dict:
    """annual_month/annual_day of an annual deadline: 'MM-DD' (plan.schema.json), or the two numbers."""
    value = deadline.get("annual_day")
    if deadline.get("kind") != Task.Kind.ANNUAL or not value:
        return {"annual_month": None, "annual_day": None}
    if isinstance(value, str) and re.fullmatch(r"\d{2}-\d{2}", value):
        return {"annual_month": int(value[:2]), "annual_day": int(value[3:])}
    return {"annual_month": deadline.get("annual_month"), "annual_day": value}


def interchange_date(value: str | None) -> datetime.date | None:
    """A date of the interchange data, within the years every date of the application keeps to
    (organizations/params.py)."""
    if not value:
        return None
    try:
        date = datetime.date.fromisoformat(value)
        validate_date_in_bounds(date)
    except (TypeError, ValueError, ValidationError):
        message = _("“%(value)s” is not a date between %(start)s and %(end)s.")
        raise PlanImportError([message % {**_BOUNDS, "value": str(value)[:40]}]) from None
    return date


_BOUNDS = {"start": MIN_YEAR, "end": MAX_YEAR}


def apply_changes(instance, values: dict[str, Any]) -> list[str]:
    """Set `values` on `instance`; return the names that changed. Foreign keys are compared by id."""
    changed = []
    for name, value in values.items():
        field = instance._meta.get_field(name)
        if field.is_relation:
            current = getattr(instance, field.attname)
            new = value.pk if value is not None else None
        else:
            current, new = getattr(instance, name), value
        if current != new:
            setattr(instance, name, value)
            changed.append(name)
    return changed
