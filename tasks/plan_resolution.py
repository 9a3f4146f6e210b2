"""Matching the names a parsed plan writes (plans/parser.py) to the organizations of the tree.

The parser reads text only; before a plan can be saved through ``tasks.interchange.plan_import`` its names
must become organizations: the owner, who a triggered task waits for, and who must carry each task out.
``plan_resolve`` fills the interchange extras (``owner``, ``period``, ``assignments``, ``unit_organizations``,
``awaited_issuer``, ``awaited_type``) from what it can match, and never guesses past that:

- an organization is matched by its full name or its short name, ignoring case and diacritics; when several
  match, the owner's own line of ancestors and its subtree win;
- an assignee that names one organization is that organization; a group written as the seed writes them is
  a rule on the owner's direct subordinates: grassroots Party organizations ("Các cấp ủy cơ sở trong Khối",
  "Các đảng ủy, chi ủy, chi bộ trực thuộc ..."; committees only, or cells only, when only one is named), or
  its advisory bodies ("Các ban, Ủy ban Kiểm tra, Văn phòng ..."); the committee's own members ("Các đồng
  chí Ủy viên Ban Thường vụ ...", "Các đảng viên trong Chi bộ") are the owner itself;
- an assignee that matches nothing is left out of the assignments and quoted in the plan's warnings, for
  staff to assign on the task page; a trigger whose awaited body matches nothing is an error (a triggered
  task cannot be saved without it), reported with the others and nothing is saved.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.text import fold
from plans import symbols

from .interchange import section_key


@dataclass
class Resolution:
    data: dict
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was matched or left out, for the person importing


def _related(candidates: list[Organization], owner: Organization | None) -> list[Organization]:
    """Of several matches, those on the owner's line (ancestors, itself, its subtree), if any."""
    if owner is None or len(candidates) < 2:
        return candidates
    near = [org for org in candidates if owner.path.startswith(org.path) or org.path.startswith(owner.path)]
    return near or candidates


def organization_match(*, name: str, owner: Organization | None = None) -> Organization | None:
    """The one organization called `name` (full or short name, any case, with or without diacritics)."""
    name = (name or "").strip()
    if not name:
        return None
    folded = fold(name)
    candidates = list(Organization.objects.filter(name_folded=folded, is_active=True)[:20])
    if not candidates:
        # Short names are few words ("Tỉnh ủy", "Ban Tổ chức"): narrow by the first word, compare folded.
        first = name.split()[0]
        rows = Organization.objects.filter(
            Q(short_name__icontains=first) | Q(short_name__icontains=fold(first))
        )
        candidates = [org for org in rows.filter(is_active=True)[:200] if fold(org.short_name) == folded]
    candidates = _related(candidates, owner)
    return candidates[0] if len(candidates) == 1 else None


def _ancestor_match(*, name: str, owner: Organization) -> Organization | None:
    """An ancestor of the owner whose name starts with `name`: "Tỉnh ủy" → "Tỉnh ủy Bình Định"."""
    folded = fold(name)
    matches = [
        org for org in Organization.objects.get_ancestors(owner) if fold(org.name).startswith(folded + " ")
    ]
    return matches[-1] if matches else None


_MEMBERS = re.compile(r"\b(?:uy vien|ban thuong vu|ban chap hanh|thuong truc|cac dong chi|dang vien)\b")
_ADVISORY = re.compile(r"\b(?:cac ban|uy ban kiem tra|van phong)\b")
_GROUP = re.compile(r"^(?:cac|moi|toan the)\s|\btruc thuoc\b|\bco so\b")
_COMMITTEES = re.compile(r"\b(?:dang uy|dang bo)\b")
_CELLS = re.compile(r"\b(?:chi bo|chi uy)\b")
_EITHER = re.compile(r"\b(?:cap uy|to chuc (?:co so )?dang|co so dang|co so)\b")


def assignee_rule(*, label: str, owner: Organization) -> dict | None:
    """The assignment rule a written assignee stands for (interchange ``assignments`` item), or None."""
    organization = organization_match(name=label, owner=owner)
    if organization is not None:
        return {"label": label, "scope": "one", "organization": organization.code, "kinds": []}
    folded = fold(label)
    if not _GROUP.search(folded) and not _MEMBERS.search(folded):
        return None
    grassroots = owner.kind in (
        Organization.Kind.CENTRAL,
        Organization.Kind.PROVINCIAL,
        Organization.Kind.UPPER,
    )
    committee = Organization.Kind.GRASSROOTS_COMMITTEE if grassroots else Organization.Kind.SUB_COMMITTEE
    cell = Organization.Kind.GRASSROOTS_CELL if grassroots else Organization.Kind.SUB_CELL
    # The order matters: "Các đồng chí Ủy viên Ban Thường vụ Đảng ủy" names members, not Party committees,
    # and "Các ban, ..., Văn phòng Đảng ủy Khối" the advisory bodies, not the Đảng ủy.
    committees, cells = bool(_COMMITTEES.search(folded)), bool(_CELLS.search(folded))
    if _MEMBERS.search(folded):
        return {"label": label, "scope": "one", "organization": owner.code, "kinds": []}
    if _ADVISORY.search(folded):
        kinds = [Organization.Kind.ADVISORY]
    elif committees and cells:
        kinds = [committee, cell]
    elif committees:
        kinds = [committee]
    elif cells:
        kinds = [cell]
    elif _EITHER.search(folded):
        kinds = [committee, cell]
    else:
        return None
    return {"label": label, "scope": "children", "organization": owner.code, "kinds": [str(k) for k in kinds]}


_TRIGGER_VERB = re.compile(r"\s+(?:có|ban hành|hướng dẫn|chỉ đạo|gửi)(?:\s|$)")


def trigger_resolve(*, trigger: str, owner: Organization) -> tuple[Organization | None, str | None]:
    """(who is awaited, the type code of what is awaited) in "Tỉnh ủy có hướng dẫn"."""
    verb = _TRIGGER_VERB.search(trigger)
    subject = trigger[: verb.start()].strip() if verb else trigger.strip()
    rest = fold(trigger[verb.start() :]) if verb else ""
    awaited_type = None
    for code, words in symbols.TYPE_NAMES.items():
        if code != "QĐi" and any(re.search(r"\b" + fold(word) + r"\b", rest) for word in words):
            awaited_type = code
            break
    issuer = organization_match(name=subject, owner=owner) if subject else None
    if issuer is None and subject:
        issuer = _ancestor_match(name=subject, owner=owner)
    return issuer, awaited_type


def _walk(sections: list[dict], path: tuple = ()):
    for section in sections:
        here = (*path, section["label"])
        for number, task in enumerate(section.get("tasks", []), start=1):
            yield f"{section_key(here)} #{number}", task
        yield from _walk(section.get("sections", []), here)


def plan_resolve(*, data: dict, owner: Organization, period: tuple | None = None) -> Resolution:
    """Fill the organization extras of a parsed plan for `owner`; see the module docstring."""
    resolution = Resolution(data=data)
    data["owner"] = owner.code
    if period is not None:
        data["period"] = {"start": period[0].isoformat(), "end": period[1].isoformat()}
    if not data["document"].get("issuer_organization"):
        data["document"]["issuer_organization"] = owner.code
    warnings = data.setdefault("warnings", [])
    rules: dict[str, dict | None] = {}
    units: dict[str, Organization | None] = {}
    for where, task in _walk(data.get("sections", [])):
        if "assignments" not in task:
            assignments = []
            for label in task.get("assignees", []):
                if label not in rules:
                    rules[label] = assignee_rule(label=label, owner=owner)
                if rules[label] is None:
                    warning = _(
                        "%(where)s: no organization matches the assignee “%(label)s”; assign the task by hand."
                    ) % {"where": where, "label": label}
                    warnings.append(warning)
                    resolution.notes.append(warning)
                else:
                    assignments.append(dict(rules[label]))
            task["assignments"] = assignments
        if "unit_organizations" not in task:
            mapping = {}
            for name in [*task.get("lead", []), *task.get("coordinating", [])]:
                if name not in units:
                    units[name] = organization_match(name=name, owner=owner)
                if units[name] is not None:
                    mapping[name] = units[name].code
            task["unit_organizations"] = mapping
        deadline = task["deadline"]
        if deadline["kind"] == "triggered" and not deadline.get("awaited_issuer"):
            issuer, awaited_type = trigger_resolve(trigger=deadline.get("trigger") or "", owner=owner)
            if issuer is None:
                resolution.errors.append(
                    _("%(where)s: no organization matches who is awaited in “%(trigger)s”.")
                    % {"where": where, "trigger": deadline.get("trigger") or ""}
                )
            else:
                deadline["awaited_issuer"] = issuer.code
            deadline.setdefault("awaited_type", None)
            if not deadline["awaited_type"]:
                deadline["awaited_type"] = awaited_type
            if not deadline["awaited_type"]:
                resolution.errors.append(
                    _("%(where)s: say which kind of document “%(trigger)s” waits for.")
                    % {"where": where, "trigger": deadline.get("trigger") or ""}
                )
    return resolution
