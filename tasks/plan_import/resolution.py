"""Matching the names a parsed plan writes (tasks/plan_import/reading/) to the organizations of the tree.

The parser reads text only; before a plan can be saved through ``tasks.plan_import.save.plan_import`` its names
must become organizations: the owner, who a triggered task waits for, and who must carry each task out.
``plan_resolve`` fills the interchange extras (``owner``, ``period``, ``assignments``, ``unit_organizations``,
``awaited_issuer``, ``awaited_type``) from what it can match, and never guesses past that:

- an organization is matched by its full name or its short name, ignoring case and diacritics; when several
  match, the owner's own line of ancestors and its subtree win;
- an assignee that names one organization is that organization; a group written as the seed writes them is
  a rule on the owner's direct subordinates: grassroots Party organizations ("Các cấp ủy cơ sở trong Khối",
  "Các đảng ủy, chi ủy, chi bộ trực thuộc ..."; committees only, or cells only, when only one is named), or
  its advisory bodies ("Các ban, Ủy ban Kiểm tra, Văn phòng ..."); the committee's own members ("Các đồng
  chí Ủy viên Ban Thường vụ ...", "Các đảng viên trong Chi bộ") are the owner itself; a label that only
  names Party organizations is, for several ("Cấp ủy, tổ chức đảng", "Các cấp ủy, chi bộ"), the owner's
  direct subordinates of those kinds and, for one written bare ("Chi ủy", "Đảng ủy"), the owner;
- an assignee that matches nothing is left out of the assignments and quoted in the plan's warnings, for
  staff to assign on the task page; a trigger whose awaited body matches nothing is an error (a triggered
  task cannot be saved without it), reported with the others and nothing is saved.

Who leads and who carries out a task the text does not say outright follows the genre (the rules that make
the seed 62-KH/ĐUK import as the demo plan, tasks/demo/plan-62-KH-DUK.json):

- lead: the units the task names (``Giao X chủ trì``); else the unit its heading names or that its item
  addresses before a colon (section III: ``3. Các đảng ủy, chi ủy, chi bộ trực thuộc Đảng ủy Khối``, ``1. Các
  đồng chí Ủy viên ...: Có trách nhiệm``); else the issuing body, read from the signature (``T/M BAN THƯỜNG
  VỤ`` of the Đảng ủy Khối → "Ban Thường vụ Đảng ủy Khối"), which is the owner;
- assignees (who carries it out and owes the dues): the units the text names as doers; else its lead, with
  the subordinate Party organizations it directs ("Chỉ đạo cấp ủy cơ sở làm tốt ..." → "Cấp ủy cơ sở", a
  rule on the owner's grassroots committees and cells);
- a unit matched to an organization is written with that organization's name ("Ban Tuyên giáo" → "Ban
  Tuyên giáo Đảng ủy Khối"; an advisory body may be written without or with its committee's name, "Ủy ban
  Kiểm tra", "Văn phòng Đảng ủy Khối các cơ quan tỉnh"); other names start with a capital letter;
- a cited document's issuer is the committee its symbol's issuer code names on the owner's line (TW the
  Central Committee, TU the provincial committee, ĐUK the bloc committee, the plan's own code the owner).

These rules apply to parsed data only: interchange JSON that already says who (``assignments``,
``unit_organizations``) is left as it is.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Organization
from organizations.text import fold, fold_aligned
from plans import symbols
from tasks.plan_import.interchange import section_key


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
    """The one organization called `name` (full or short name, any case, with or without diacritics).

    With an owner, a body serving a committee on the owner's line also answers to its name without or with
    that committee's name ("Ủy ban Kiểm tra", "Văn phòng Đảng ủy Khối các cơ quan tỉnh").
    """
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
    if not candidates and owner is not None:
        candidates = _body_match(folded=folded, owner=owner)
    candidates = _related(candidates, owner)
    return candidates[0] if len(candidates) == 1 else None


def _committee_line(owner: Organization) -> list[Organization]:
    """The owner's ancestors and the owner, root first."""
    return [*Organization.objects.get_ancestors(owner), owner]


def _body_match(*, folded: str, owner: Organization) -> list[Organization]:
    """The bodies under a committee of the owner's line (nearest first) written as their name less the
    committee's, or that followed by the committee's full or short name."""
    for committee in reversed(_committee_line(owner)):
        names = [n for n in (fold(committee.name), fold(committee.short_name)) if n]
        found = []
        for child in Organization.objects.get_children(committee).filter(is_active=True):
            base = fold(child.name)
            for committee_name in names:
                if base.endswith(" " + committee_name):
                    base = base[: -len(committee_name) - 1]
                    break
            if folded == base or any(folded == f"{base} {committee_name}" for committee_name in names):
                found.append(child)
        if found:
            return found
    return []


_ISSUER_KINDS = {
    "tw": Organization.Kind.CENTRAL,
    "tu": Organization.Kind.PROVINCIAL,
    "duk": Organization.Kind.UPPER,
}


def issuer_code_match(
    *, code: str, owner: Organization, own_code: str = "", line: list[Organization] | None = None
) -> Organization | None:
    """The committee on the owner's line that a symbol's issuer code names: TW, TU, ĐUK, or the plan's own."""
    folded = fold(code).strip()
    if not folded:
        return None
    if own_code and folded == fold(own_code).strip():
        return owner
    kind = _ISSUER_KINDS.get(folded)
    if kind is None:
        return None
    matches = [org for org in (line or _committee_line(owner)) if org.kind == kind]
    return matches[-1] if matches else None


_AUTHORITY_PREFIX = re.compile(r"^(?:t/m|k/t|t/l|tm|kt|tl|tuq|q)\.?\s+")
_STANDING_BODIES = (
    ("ban thuong vu", "Ban Thường vụ"),
    ("ban chap hanh", "Ban Chấp hành"),
    ("thuong truc", "Thường trực"),
)


def issuing_body_name(*, authority: str, owner: Organization) -> str:
    """Who issues the plan, by the signature's authority: "T/M BAN THƯỜNG VỤ" → "Ban Thường vụ Đảng ủy Khối"."""
    body = _AUTHORITY_PREFIX.sub("", fold(authority).strip())
    short = owner.short_name.strip()
    committee = short if short and fold(owner.name).startswith(fold(short)) else owner.name
    for words, name in _STANDING_BODIES:
        if body == words or body.startswith(words + " "):
            return f"{name} {committee}"
    return owner.name


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


def _subordinate_kinds(owner: Organization) -> tuple[str, str]:
    """(committee kind, cell kind) of the Party organizations directly under `owner`."""
    grassroots = owner.kind in (
        Organization.Kind.CENTRAL,
        Organization.Kind.PROVINCIAL,
        Organization.Kind.UPPER,
    )
    committee = Organization.Kind.GRASSROOTS_COMMITTEE if grassroots else Organization.Kind.SUB_COMMITTEE
    cell = Organization.Kind.GRASSROOTS_CELL if grassroots else Organization.Kind.SUB_CELL
    return committee, cell


def assignee_rule(*, label: str, owner: Organization) -> dict | None:
    """The assignment rule a written assignee stands for (interchange ``assignments`` item), or None."""
    organization = organization_match(name=label, owner=owner)
    if organization is not None:
        return {"label": label, "scope": "one", "organization": organization.code, "kinds": []}
    folded = fold(label)
    if not _GROUP.search(folded) and not _MEMBERS.search(folded):
        return None
    committee, cell = _subordinate_kinds(owner)
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


_GROUP_NOUN = (
    r"(?:cac\s+)?(?:cap uy|chi uy|dang uy|chi bo|dang bo|to chuc (?:co so )?dang|co so dang)"
    r"(?:\s+(?:cac\s+)?(?:co so(?:\s+dang)?|dang|truc thuoc|trong\s+(?:toan\s+)?khoi))*"
)
_EITHER_WORDS = re.compile(r"\b(?:cap uy|to chuc (?:co so )?dang|co so dang)\b")
_DIRECTED = re.compile(
    r"(?<![a-z])chi dao(?:\s*,\s*(?:huong dan|dinh huong|don doc))*\s+"
    r"(?P<groups>" + _GROUP_NOUN + r"(?:(?:\s*,\s*|\s+va\s+)" + _GROUP_NOUN + r")*)(?![a-z])"
)


_GROUP_LIST = _GROUP_NOUN + r"(?:(?:\s*,\s*|\s+va\s+)" + _GROUP_NOUN + r")*"
_GROUP_LIST_FULL = re.compile(_GROUP_LIST)


def _group_rule(*, label: str, folded: str, owner: Organization) -> dict:
    committee, cell = _subordinate_kinds(owner)
    committees, cells = bool(_COMMITTEES.search(folded)), bool(_CELLS.search(folded))
    if _EITHER_WORDS.search(folded) or committees == cells:
        kinds = [committee, cell]
    else:
        kinds = [committee] if committees else [cell]
    return {"label": label, "scope": "children", "organization": owner.code, "kinds": kinds}


_GROUP_MARK = re.compile(
    r"^(?:cac|moi|toan the)\s|\bco so\b|\btruc thuoc\b|\btrong (?:toan )?khoi\b|,|\sva\s"
)
_OWN_BODY = re.compile(r"(?:chi uy|dang uy|cap uy|chi bo|dang bo)(?: (?:nay|minh))?")


def group_rule(*, label: str, owner: Organization) -> dict | None:
    """The rule of a label that only names Party organizations: several of them ("Cấp ủy, tổ chức đảng", "Các
    cấp ủy, chi bộ", "Đảng ủy cơ sở trực thuộc") are the owner's direct subordinates of the kinds it names;
    one, bare ("Chi ủy", "Đảng ủy"), is the owner's own committee."""
    folded = " ".join(fold(label).split())
    if _OWN_BODY.fullmatch(folded):
        return {"label": label, "scope": "one", "organization": owner.code, "kinds": []}
    if not _GROUP_LIST_FULL.fullmatch(folded) or not _GROUP_MARK.search(folded):
        return None
    return _group_rule(label=label, folded=folded, owner=owner)


def directed_groups(*, text: str, owner: Organization) -> list[dict]:
    """The subordinate Party organizations a task directs, as assignment rules: "Chỉ đạo cấp ủy cơ sở làm
    tốt ..." → the owner's grassroots committees and cells, labelled "Cấp ủy cơ sở"."""
    rules = []
    for match in _DIRECTED.finditer(fold_aligned(text)):
        label = _capitalized(text[match.start("groups") : match.end("groups")])
        rule = _group_rule(label=label, folded=match["groups"], owner=owner)
        # Two wordings of the same organizations ("Các cấp ủy, tổ chức đảng", "Các tổ chức cơ sở đảng")
        # are one assignment.
        if all(other["kinds"] != rule["kinds"] for other in rules):
            rules.append(rule)
    return rules


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


def _walk(sections: list[dict], path: tuple = (), titles: tuple = ()):
    """(readable key, task, the titles of its sections root first) for every task."""
    for section in sections:
        here = (*path, section["label"])
        heads = (*titles, section.get("title") or "")
        for number, task in enumerate(section.get("tasks", []), start=1):
            yield f"{section_key(here)} #{number}", task, heads
        yield from _walk(section.get("sections", []), here, heads)


def _named_by_heading(*, label: str, text: str, titles: tuple) -> bool:
    """Whether a heading names `label` ("3. Các đảng ủy, chi ủy, chi bộ ...") or the item addresses it
    before a colon ("1. Các đồng chí Ủy viên ...: Có trách nhiệm ...")."""
    folded = fold(label).strip()
    if not folded:
        return False
    if any(fold(title).strip(" ,;.:") == folded for title in titles if title):
        return True
    return re.match(re.escape(folded) + r"\s*:", fold(text).strip()) is not None


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


class _Resolver:
    """One resolution: caches what it matched, so each distinct name costs its queries once."""

    def __init__(self, *, data: dict, owner: Organization, resolution: Resolution):
        self.data = data
        self.owner = owner
        self.resolution = resolution
        self.warnings = data.setdefault("warnings", [])
        self.rules: dict[str, dict | None] = {}
        self.units: dict[str, Organization | None] = {}
        self.members: dict[str, Organization | None] = {}
        self.issuing = issuing_body_name(
            authority=(data.get("signature") or {}).get("authority") or "", owner=owner
        )

    def rule(self, label: str) -> dict | None:
        if label not in self.rules:
            self.rules[label] = group_rule(label=label, owner=self.owner) or assignee_rule(
                label=label, owner=self.owner
            )
        return self.rules[label]

    def unit(self, name: str) -> Organization | None:
        if name not in self.units:
            self.units[name] = organization_match(name=name, owner=self.owner)
        return self.units[name]

    def references(self) -> None:
        data, owner = self.data, self.owner
        own_code = data["document"].get("issuer") or ""
        line = _committee_line(owner)
        for ref in [*data.get("implements", []), *data.get("basis", []), *data.get("references", [])]:
            if "issuer_organization" in ref:
                continue  # interchange JSON says it (or says there is none)
            try:
                code = symbols.parse_symbol(ref.get("symbol") or "").issuer
            except symbols.SymbolError:
                continue
            issuer = issuer_code_match(code=code, owner=owner, own_code=own_code, line=line)
            if issuer is not None:
                ref["issuer_organization"] = issuer.code

    def assignment(self, *, where: str, label: str, known: dict[str, Organization | None]) -> dict | None:
        organization = known.get(label)
        if organization is not None:
            return {"label": label, "scope": "one", "organization": organization.code, "kinds": []}
        rule = self.rule(label)
        if rule is None:
            warning = _(
                "%(where)s: no organization matches the assignee “%(label)s”; assign the task by hand."
            ) % {"where": where, "label": label}
            self.warnings.append(warning)
            self.resolution.notes.append(warning)
            return None
        return dict(rule)

    def parsed_task(self, *, where: str, task: dict, titles: tuple) -> None:
        """Lead, coordinating units and assignees of a task as the parser read it (module docstring)."""
        assignees = list(task.get("assignees", []))
        leads = list(task.get("lead", []))
        if not leads:
            leads = [
                label
                for label in assignees
                if _named_by_heading(label=label, text=task["text"], titles=titles)
            ] or [self.issuing]
        known: dict[str, Organization | None] = {}
        mapping: dict[str, str] = {}

        def resolve(names: list[str]) -> list[str]:
            result = []
            for written in names:
                if written == self.issuing:
                    name, organization = written, self.owner
                elif (organization := self.unit(written)) is not None:
                    name = organization.name
                else:
                    rule = self.rule(written)
                    organization = None
                    if rule is not None and rule["scope"] == "one":
                        organization = Organization.objects.filter(code=rule["organization"]).first()
                    name = written if organization is not None else _capitalized(written)
                if name in result:
                    continue
                result.append(name)
                known[written] = known[name] = organization
                if organization is not None:
                    mapping[name] = organization.code
            return result

        task["lead"] = resolve(leads)
        task["coordinating"] = resolve(list(task.get("coordinating", [])))
        task["unit_organizations"] = mapping
        if assignees:
            task["assignments"] = [
                rule
                for label in assignees
                if (rule := self.assignment(where=where, label=label, known=known)) is not None
            ]
        else:
            # Nobody named to carry it out: its lead does, with the organizations it directs.
            directed = [
                rule
                for rule in directed_groups(text=task["text"], owner=self.owner)
                if rule["label"] not in task["lead"]
            ]
            assignees = [*task["lead"], *(rule["label"] for rule in directed)]
            task["assignments"] = [
                rule
                for label in task["lead"]
                if (rule := self.assignment(where=where, label=label, known=known)) is not None
            ] + directed
        task["assignees"] = assignees

    def json_task(self, *, where: str, task: dict) -> None:
        """Interchange JSON: fill only what it leaves out, by name."""
        if "assignments" not in task:
            task["assignments"] = [
                rule
                for label in task.get("assignees", [])
                if (rule := self.assignment(where=where, label=label, known={})) is not None
            ]
        if "unit_organizations" not in task:
            mapping = {}
            for name in [*task.get("lead", []), *task.get("coordinating", [])]:
                if (organization := self.unit(name)) is not None:
                    mapping[name] = organization.code
            task["unit_organizations"] = mapping

    def trigger(self, *, where: str, deadline: dict) -> None:
        if deadline["kind"] != "triggered" or deadline.get("awaited_issuer"):
            return
        issuer, awaited_type = trigger_resolve(trigger=deadline.get("trigger") or "", owner=self.owner)
        if issuer is None:
            self.resolution.errors.append(
                _("%(where)s: no organization matches who is awaited in “%(trigger)s”.")
                % {"where": where, "trigger": deadline.get("trigger") or ""}
            )
        else:
            deadline["awaited_issuer"] = issuer.code
        deadline.setdefault("awaited_type", None)
        if not deadline["awaited_type"]:
            deadline["awaited_type"] = awaited_type
        if not deadline["awaited_type"]:
            self.resolution.errors.append(
                _("%(where)s: say which kind of document “%(trigger)s” waits for.")
                % {"where": where, "trigger": deadline.get("trigger") or ""}
            )


def plan_resolve(*, data: dict, owner: Organization, period: tuple | None = None) -> Resolution:
    """Fill the organization extras of a parsed plan for `owner`; see the module docstring."""
    resolution = Resolution(data=data)
    data["owner"] = owner.code
    if period is not None:
        data["period"] = {"start": period[0].isoformat(), "end": period[1].isoformat()}
    if not data["document"].get("issuer_organization"):
        data["document"]["issuer_organization"] = owner.code
    resolver = _Resolver(data=data, owner=owner, resolution=resolution)
    resolver.references()
    for where, task, titles in _walk(data.get("sections", [])):
        if "assignments" not in task and "unit_organizations" not in task:
            resolver.parsed_task(where=where, task=task, titles=titles)
        else:
            resolver.json_task(where=where, task=task)
        resolver.trigger(where=where, deadline=task["deadline"])
    return resolution
