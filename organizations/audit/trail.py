"""The audit trail: who changed what, when, before → after (django-auditlog).

django-auditlog keeps every entry in one table of its own app, so auditing a model needs no migration of
that model. Each app registers its own models in its ``audit.py`` (called from ``AppConfig.ready()``); this
module registers the organization tree, memberships and users, and holds what the other apps share:

- ``audit_bulk``: entries for bulk writes (``bulk_create``, ``bulk_update``, ``QuerySet.update``), which send
  no model signals and so would otherwise leave no trace. Entries have the same shape as those auditlog
  writes itself, and take the actor (and address) from auditlog's request context.
- ``audit_history``: an object's entries for its page, with field names and values in words, in a fixed
  number of queries.
"""

import datetime
import functools
import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.encoding import smart_str
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.audit.sentences import entry_sentence, lower_first
from organizations.people import person_name

Action = LogEntry.Action
HIDDEN = "********"
HISTORY_LIMIT = 100  # the whole history a page shows (the admin's trail has every entry)
SHORT_HISTORY = 10  # what a page shows until the reader asks for the rest (?history=all)
VALUE_LIMIT = 200
# Bookkeeping a reader of the history has no use for: checksums, sizes, MIME types, signature reports,
# derived search columns. They stay in the trail (and the admin) but are not put into sentences.
# The creation time a row keeps of itself is the entry's own time; an order among siblings means nothing alone.
UNSHOWN_FIELDS = {
    "sha256",
    "size",
    "content_type",
    "signature_report",
    "search_text",
    "name_folded",
    "created_at",
    "position",
}
# Values only the app that owns a field can put in words (a period key: "2024-H1" → "6 tháng đầu năm 2024"),
# registered from that app's ready() by words_for().
_WORDS: dict[tuple[str, str], Callable[[str], str]] = {}


def words_for(model: type[models.Model], name: str, words: Callable[[str], str]) -> None:
    """Show the stored values of `model.name` in the history as `words(value)`."""
    _WORDS[(model._meta.label_lower, name)] = words


# The time of the event being recorded, when it is not now (a backdated submission, the demo's history):
# entries written meanwhile carry it, so that a history reads in the order things happened.
_event_time: ContextVar[datetime.datetime | None] = ContextVar("audit_event_time", default=None)


@contextmanager
def audit_at(moment: datetime.datetime | None):
    """Date the entries written inside the block at `moment` (None: now, as usual)."""
    token = _event_time.set(moment)
    try:
        yield
    finally:
        _event_time.reset(token)


def audited_at(func):
    """Date the entries a service writes at its `at` argument, when it is given (a backdated event)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with audit_at(kwargs.get("at")):
            return func(*args, **kwargs)

    return wrapper


@receiver(pre_save, sender=LogEntry, dispatch_uid="plantrack_audit_event_time")
def _stamp_event_time(sender, instance, **kwargs):
    moment = _event_time.get()
    if moment is not None and instance.pk is None:
        instance.timestamp = moment


def mask_secret(value: str) -> str:
    """The password hash never reaches the trail: only the fact that it changed (see register())."""
    return HIDDEN


def register() -> None:
    """Register the organization tree, memberships, supervision and users (called from ready())."""
    from organizations.models import (
        Membership,
        Organization,
        OrganizationName,
        Reorganization,
        Succession,
        Supervision,
    )

    # name_folded and numchild are derived (search column, treebeard's child counter).
    auditlog.register(Organization, exclude_fields=["name_folded", "numchild"])
    auditlog.register(Membership)
    auditlog.register(Supervision)
    # Reorganizations: the record of each one, the names through time and who succeeded whom.
    for model in (OrganizationName, Reorganization, Succession):
        auditlog.register(model)
    # The hash is masked, so a new password shows as "changed" and nothing of the hash is kept;
    # last_login changes at every sign-in and is not a change of the account.
    auditlog.register(
        get_user_model(),
        exclude_fields=["last_login"],
        mask_fields=["password"],
        mask_callable="organizations.audit.trail.mask_secret",
    )


# --- bulk writes ---------------------------------------------------------------------------------------


def audit_bulk(
    *,
    objects: Iterable[models.Model],
    action: int,
    changes_for: Callable[[models.Model], dict | None] | None = None,
) -> int:
    """Write one entry per object for a bulk write that sent no signal; returns how many were written.

    Objects must have their primary key (re-read rows created with ``ignore_conflicts``) and, for a
    readable ``object_repr``, the relations their ``__str__`` uses already loaded. ``changes_for(obj)``
    gives ``{field: [before, after]}``; by default a create records every field from nothing and a delete
    every field to nothing, as auditlog does. An object whose changes are empty gets no entry.
    """
    if auditlog_disabled.get():
        return 0
    entries = []
    cid = get_cid()
    for obj in objects:
        if changes_for is not None:
            changes = changes_for(obj)
        elif action == Action.CREATE:
            changes = model_instance_diff(None, obj)
        elif action == Action.DELETE:
            changes = model_instance_diff(obj, None)
        else:
            raise ValueError("audit_bulk: an update needs changes_for")
        if not changes:
            continue
        changes = {name: [smart_str(before), smart_str(after)] for name, (before, after) in changes.items()}
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=smart_str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=smart_str(obj),
            action=action,
            changes=changes,
            cid=cid,
        )
        # auditlog's request context fills in the actor and address on pre_save; bulk_create sends none.
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using=None, update_fields=None)
        entries.append(entry)
    LogEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def field_changes(obj: models.Model, before: dict) -> dict:
    """``{field: [before, after]}`` for a bulk update, from the values an object had before it was changed."""
    changes = {}
    for name, old in before.items():
        new = getattr(obj, name)
        if old != new:
            changes[name] = [old, new]
    return changes


# --- reading the trail ---------------------------------------------------------------------------------


@dataclass
class Change:
    field: str  # the verbose name, capitalized (a label)
    before: str
    after: str
    name: str = ""  # the verbose name inside a sentence
    hidden: bool = False  # a masked value (a password): only the fact that it changed is told


@dataclass
class HistoryEntry:
    timestamp: datetime.datetime
    actor: str
    action: str
    kind: str  # created, changed, withdrawn, deleted: for the badge
    subject: str  # what the entry is about, when a history shows several objects
    model: type[models.Model]
    changes: list[Change] = field(default_factory=list)
    sentence: str = ""  # "Nguyễn Văn A đổi ngày đến hạn từ 15/06/2023 thành 30/06/2023."


class History(list):
    """The entries a page shows, newest first; `more` when older ones were left out (SHORT_HISTORY)."""

    more = False
    full = False


def history_wanted(request) -> bool:
    """Whether the reader asked for the whole history (the link under a shortened one)."""
    return request is not None and request.GET.get("history") == "all"


def history_shown(entries: list, *, full: bool) -> History:
    """The last SHORT_HISTORY entries, or (full) every entry read."""
    shown = History(entries if full else entries[:SHORT_HISTORY])
    shown.more = not full and len(entries) > SHORT_HISTORY
    shown.full = full
    return shown


ACTION_WORDS = {
    Action.CREATE: ("created", gettext_lazy("Created")),
    Action.UPDATE: ("changed", gettext_lazy("Changed")),
    Action.DELETE: ("deleted", gettext_lazy("Deleted")),
    Action.ACCESS: ("accessed", gettext_lazy("Viewed")),
}


def _targets_q(targets) -> tuple[Q, set[type[models.Model]]]:
    """One condition for every target: a model instance, or a queryset whose primary keys are wanted.

    Content types are matched by name through a join, not looked up first: the history costs one query
    whether or not they are in ContentType's cache."""
    by_model: dict[type[models.Model], list] = defaultdict(list)
    for target in targets:
        if target is None:
            continue
        if isinstance(target, models.Model):
            by_model[target._meta.concrete_model].append(target.pk)
        else:
            by_model[target.model._meta.concrete_model].append(target.values("pk"))
    condition = Q(pk__in=[])
    for model, items in by_model.items():
        of_model = Q(
            content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
        )
        pks = [item for item in items if not isinstance(item, models.QuerySet)]
        if pks:
            condition |= of_model & Q(object_id__in=pks)
        for queryset in (item for item in items if isinstance(item, models.QuerySet)):
            condition |= of_model & Q(object_id__in=queryset)
    return condition, set(by_model)


def audit_history(*targets, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """The latest entries about `targets` (instances, or querysets of related rows), newest first.

    A fixed number of queries whatever the number of entries: the entries with their actors, then, for
    updates that changed a foreign key, one query per model pointed to (to name the rows). A creation or
    deletion lists the object's own values; the rows it points to are already named in its description.
    """
    condition, wanted = _targets_q(targets)
    if not wanted:
        return []
    rows = list(
        LogEntry.objects.filter(condition)
        .exclude(action=Action.ACCESS)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
    shown = [(row, row.content_type.model_class()) for row in rows]
    shown = [(row, model, _shown_changes(row, model)) for row, model in shown]
    names = _related_names((model, changes) for _row, model, changes in shown)
    entries = []
    for row, model, changes in shown:
        kind, word = ACTION_WORDS.get(row.action, ("changed", ACTION_WORDS[Action.UPDATE][1]))
        if row.action == Action.UPDATE and _is_withdrawal(row.changes):
            kind, word = "withdrawn", _("Withdrawn")
            changes = [change for change in changes if change[0] == "withdrawal_reason"]
        entry = HistoryEntry(
            timestamp=row.timestamp,
            actor=_actor_name(row),
            action=str(word),
            kind=kind,
            subject=f"{capfirst(model._meta.verbose_name)}: {row.object_repr}",
            model=model,
            changes=[_change(model, name, before, after, names) for name, before, after in changes],
        )
        entry.sentence = entry_sentence(
            actor=entry.actor, kind=kind, model_name=str(model._meta.verbose_name), changes=entry.changes
        )
        entries.append(entry)
    return entries


def _change(model, name: str, before, after, names) -> Change:
    label = _field_label(model, name)
    return Change(
        field=capfirst(label),
        before=_value(model, name, before, names),
        after=_value(model, name, after, names),
        name=lower_first(label),
        hidden=HIDDEN in (str(before), str(after)),
    )


EMPTY = {None, "None", "", "[]", "{}"}


def _shown_changes(row: LogEntry, model) -> list[tuple[str, str, str]]:
    """(field, before, after) worth showing: every change of an update; the non-empty own values of a
    creation or deletion (not its id, not the keys of the rows it points to)."""
    changes = row.changes if isinstance(row.changes, dict) else {}
    shown = []
    for name, values in changes.items():
        if name == "id" or name in UNSHOWN_FIELDS or not isinstance(values, list | tuple) or len(values) < 2:
            continue
        before, after = values[0], values[1]
        if row.action != Action.UPDATE:
            model_field = _model_field(model, name)
            if (model_field is not None and model_field.is_relation) or (before in EMPTY and after in EMPTY):
                continue
        shown.append((name, before, after))
    # In the model's own field order: PostgreSQL's jsonb keeps an entry's keys in its own order (shortest
    # first), SQLite in the order written, and a sentence must read the same on both.
    order = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model is not None else {}
    shown.sort(key=lambda change: order.get(change[0], len(order)))
    return shown


def _is_withdrawal(changes) -> bool:
    values = changes.get("withdrawn_at") if isinstance(changes, dict) else None
    return bool(values) and values[0] == "None" and values[1] != "None"


def _actor_name(row: LogEntry) -> str:
    if row.actor is not None:
        return person_name(row.actor)
    if row.actor_email:
        return row.actor_email
    return _("the system")


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_label(model, name: str) -> str:
    model_field = _model_field(model, name)
    return str(getattr(model_field, "verbose_name", name) if model_field is not None else name)


def _related_names(shown) -> dict[tuple[type[models.Model], str], str]:
    """The names of the rows that changed foreign keys point to: one query per model pointed to."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for model, changes in shown:
        for name, before, after in changes:
            model_field = _model_field(model, name)
            if model_field is not None and (model_field.many_to_one or model_field.one_to_one):
                wanted[model_field.related_model].update(v for v in (before, after) if v not in EMPTY)
    names = {}
    for related, raw_pks in wanted.items():
        pks = set()
        for raw in raw_pks:
            try:
                pks.add(related._meta.pk.to_python(raw))
            except ValidationError:
                continue
        for obj in related._base_manager.filter(pk__in=pks):
            if hasattr(obj, "get_full_name"):
                names[(related, str(obj.pk))] = person_name(obj)
            else:
                names[(related, str(obj.pk))] = str(obj)
    return names


def _value(model, name: str, raw, names) -> str:
    """A stored value (a string, as auditlog keeps it) in words: choices, dates, yes/no, related names."""
    if raw in (None, "None", ""):
        return "—"
    raw = str(raw)
    if raw == HIDDEN:
        return _("(hidden)")
    words = _WORDS.get((model._meta.label_lower, name))
    if words is not None:
        return str(words(raw))
    model_field = _model_field(model, name)
    if model_field is None:
        return _truncate(raw)
    if model_field.is_relation:
        return names.get((model_field.related_model, raw)) or _("#%(id)s (no longer exists)") % {"id": raw}
    if model_field.choices:
        try:
            key = model_field.to_python(raw)
        except ValidationError:
            key = raw
        return str(dict(model_field.flatchoices).get(key, raw))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if raw == "True" else _("no")
    if isinstance(model_field, models.FileField):
        return posixpath.basename(raw)  # the file's name, not where it is stored
    if isinstance(model_field, models.JSONField):
        return _json_words(raw)
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(raw)
        if moment is not None:
            if timezone.is_naive(moment):  # auditlog stores naive UTC
                moment = moment.replace(tzinfo=datetime.UTC)
            return date_format(timezone.localtime(moment), "d/m/Y H:i")
    elif isinstance(model_field, models.DateField):
        day = parse_date(raw)
        if day is not None:
            return date_format(day, "d/m/Y")
    elif isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        return raw
    return _quoted(raw)


def _quoted(text: str) -> str:
    """Free text inside a sentence, quoted so that where it ends stays clear."""
    return f"“{_truncate(text)}”"


def _json_words(raw: str) -> str:
    """A JSON value (a list of recipients, of organization kinds) as words, never as escaped JSON."""
    from organizations.models import Organization

    try:
        value = json.loads(raw)
    except ValueError:
        return _quoted(raw)
    kinds = dict(Organization.Kind.choices)
    if isinstance(value, dict):
        items = [f"{key}: {item}" for key, item in value.items()]
    elif isinstance(value, list):
        items = [str(kinds.get(item, item)) if isinstance(item, str) else json.dumps(item) for item in value]
    else:
        items = [str(value)]
    if not items:
        return "—"
    return _quoted("; ".join(items))


def _truncate(text: str) -> str:
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"
