"""An audit entry as one sentence in the reader's language (docs/architecture.md, organizations/audit/).

"Nguyễn Văn A đổi ngày đến hạn từ 15/06/2023 thành 30/06/2023": the actor, a verb for what was done, and
each change with the field's verbose name and its values in words (organizations/audit/trail.py turns the
stored strings into dates, choice labels, names and file names). Free text is quoted so that where it ends
stays clear.
"""

from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _

# Values that stand for "nothing" once shown (trail._value returns an em dash for them).
NOTHING = "—"


def lower_first(text: str) -> str:
    """A verbose name in the middle of a sentence: "Ngày đến hạn" → "ngày đến hạn"; an acronym ("PDF…",
    "URL") keeps its capitals."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _clause(change) -> str:
    """One change of an update: the field, from what, to what."""
    values = {"field": change.name, "before": change.before, "after": change.after}
    if change.hidden:
        return change.name
    if change.before == NOTHING:
        return _("%(field)s to %(after)s") % values
    if change.after == NOTHING:
        return _("%(field)s from %(before)s to empty") % values
    return _("%(field)s from %(before)s to %(after)s") % values


def _details(changes) -> str:
    """The values a new (or withdrawn, or deleted) object has: "trạng thái Chưa đến hạn, kỳ Năm 2027"."""
    shown = [c for c in changes if (c.after if c.after != NOTHING else c.before) != NOTHING]
    return ", ".join(
        _("%(field)s %(value)s") % {"field": c.name, "value": c.after if c.after != NOTHING else c.before}
        for c in shown
    )


def entry_sentence(*, actor: str, kind: str, model_name: str, changes) -> str:
    """The sentence for one entry: kind is created, changed, withdrawn or deleted."""
    what = lower_first(model_name)
    values = {"actor": actor, "what": what}
    if kind == "changed":
        clauses = [_clause(change) for change in changes]
        if not clauses:
            return capfirst(_("%(actor)s changed the %(what)s.") % values)
        values["changes"] = get_text_list(clauses, _("and"))
        return capfirst(_("%(actor)s changed %(changes)s.") % values)
    details = _details(changes)
    if kind == "withdrawn":
        template = _("%(actor)s withdrew the %(what)s: %(details)s.") if details else None
        template = template or _("%(actor)s withdrew the %(what)s.")
    elif kind == "deleted":
        template = _("%(actor)s deleted the %(what)s: %(details)s.") if details else None
        template = template or _("%(actor)s deleted the %(what)s.")
    else:
        template = _("%(actor)s created the %(what)s: %(details)s.") if details else None
        template = template or _("%(actor)s created the %(what)s.")
    return capfirst(template % {**values, "details": details})
