"""Applying a reorganization: the six operations on the tree, in the file's order, in one transaction.

Each operation is checked against the tree as the operations before it left it (an unknown code, a cycle, a
name clash, an organization that still has members under it), and any error rolls the whole file back and
names its line. A dry run applies everything the same way and then rolls back, so the preview is exactly
what applying would do. Ended organizations are kept, inactive, with ``ended_on`` and their successors
(docs/domain.md, "Reorganizations").
"""

import datetime
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from organizations.audit.trail import Action, audit_bulk
from organizations.models import (
    Membership,
    Organization,
    OrganizationName,
    Reorganization,
    Succession,
    Supervision,
)
from organizations.reorganization.reading import Operation, ReorganizationError, reorganization_read
from organizations.reorganization.signals import reorganized
from organizations.reorganization.tree import subtrees_move
from organizations.text import fold

# Bodies that serve a committee end with it rather than being moved (docs/domain.md §2).
ENDS_WITH_PARENT = (Organization.Kind.ADVISORY, Organization.Kind.MASS, Organization.Kind.PARTY_GROUP)


@dataclass
class Outcome:
    effective_on: datetime.date
    steps: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)  # by a stable key, e.g. "dues_transferred"
    labels: dict[str, str] = field(default_factory=dict)  # the words the preview prints for each key
    ended: list[int] = field(default_factory=list)  # organizations ended, for the people to move
    reorganization: Reorganization | None = None
    dry_run: bool = False

    def lines(self) -> list[str]:
        """The preview as printed by manage.py reorganize and shown on the upload page."""
        figures = [f"{self.labels.get(key, key)}: {count}" for key, count in self.figures.items()]
        return self.steps + figures


@dataclass
class _Run:
    day: datetime.date
    outcome: Outcome
    successions: list[Succession] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    reorganization: Reorganization | None = None


def _found(code, organization: Organization | None, line: int, *, active: bool = True) -> Organization:
    """`organization` as looked up by `code`, or the error naming the line (unknown code, already ended)."""
    if not isinstance(code, str):
        raise ReorganizationError(
            _("an organization is named by its code (a word such as cb-so-tu-phap)."), line
        )
    if organization is None:
        raise ReorganizationError(_("no organization has the code “%(code)s”.") % {"code": code}, line)
    if active and organization.ended_on is not None:
        raise ReorganizationError(
            _("“%(code)s” ended on %(day)s.") % {"code": code, "day": organization.ended_on.isoformat()}, line
        )
    return organization


def _get(code, line: int, *, active: bool = True) -> Organization:
    organization = Organization.objects.filter(code=code).first() if isinstance(code, str) else None
    return _found(code, organization, line, active=active)


def _clash(name: str, line: int) -> ReorganizationError:
    return ReorganizationError(
        _("“%(name)s” is already the name of another organization under the same parent.") % {"name": name},
        line,
    )


def _check_name(name, parent: Organization | None, line: int, *, exclude: Organization | None = None) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ReorganizationError(_("a name is required."), line)
    name = name.strip()
    if len(name) > 255:
        raise ReorganizationError(_("a name has at most 255 characters."), line)
    siblings = (
        Organization.objects.get_root_nodes() if parent is None else Organization.objects.get_children(parent)
    )
    clash = siblings.filter(name_folded=fold(name), is_active=True)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise _clash(name, line)
    return name


NEW_FIELDS = ("code", "name", "short_name", "kind", "email", "parent")


def _create(run: _Run, spec, line: int) -> Organization:
    if not isinstance(spec, dict):
        raise ReorganizationError(
            _("a new organization is written as {code: ..., name: ..., parent: ...}."), line
        )
    for key in spec:
        if key not in NEW_FIELDS:
            raise ReorganizationError(
                _(
                    "a new organization has no field “%(field)s” (its fields: %(fields)s); a name with a comma "
                    "is written in quotes."
                )
                % {"field": key, "fields": ", ".join(NEW_FIELDS)},
                line,
            )
    code = spec.get("code")
    if not isinstance(code, str) or not code:
        raise ReorganizationError(_("a new organization needs a code."), line)
    if Organization.objects.filter(code=code).exists():
        raise ReorganizationError(_("the code “%(code)s” is already used.") % {"code": code}, line)
    parent = _get(spec.get("parent"), line)
    name = _check_name(spec.get("name"), parent, line)
    kind = spec.get("kind") or Organization.Kind.GRASSROOTS_CELL
    if kind not in Organization.Kind.values:
        raise ReorganizationError(
            _("unknown kind “%(kind)s” (one of: %(kinds)s).")
            % {"kind": kind, "kinds": ", ".join(Organization.Kind.values)},
            line,
        )
    values = {
        "code": code,
        "name": name,
        "short_name": str(spec.get("short_name") or "")[:120],
        "kind": kind,
        "email": str(spec.get("email") or ""),
        "started_on": run.day,
        "reorganized_on": run.day,
    }
    organization = Organization.objects.add_child(parent, values)
    run.touched.add(organization.path)
    run.outcome.steps.append(
        _("Create %(name)s (%(code)s) under %(parent)s") % {"name": name, "code": code, "parent": parent.name}
    )
    return organization


def _rename(run: _Run, organization: Organization, name: str, line: int) -> None:
    day = run.day
    rows = list(organization.names.all())
    current = next((row for row in rows if row.valid_to is None), None)
    if current is not None and current.valid_from and current.valid_from >= day:
        raise ReorganizationError(
            _("“%(code)s” was already renamed on or after this date.") % {"code": organization.code}, line
        )
    before = datetime.timedelta(days=1)
    if current is None:
        OrganizationName.objects.create(
            organization=organization,
            name=organization.name,
            valid_from=organization.started_on,
            valid_to=day - before,
        )
    else:
        current.valid_to = day - before
        current.save(update_fields=["valid_to"])
    OrganizationName.objects.create(organization=organization, name=name, valid_from=day)
    old = organization.name
    organization.name = name
    organization.reorganized_on = max(day, organization.reorganized_on or day)  # names.py reads it
    organization.save()
    run.outcome.steps.append(_("Rename %(old)s to %(new)s") % {"old": old, "new": name})


def _nested(organizations: list[Organization]) -> bool:
    """Whether one of `organizations` is under (or is) another: sorted paths put a prefix just before."""
    paths = sorted(organization.path for organization in organizations)
    return any(later.startswith(earlier) for earlier, later in zip(paths, paths[1:], strict=False))


def _moves(run: _Run, pairs: list[tuple[Organization, int]], target: Organization) -> None:
    """Move each organization of `pairs` (with the line asking for it) under `target`, in the file's order.

    Checked one by one as if moved one at a time (a cycle, a name clash with the target's children or with
    one moved before it), then moved together (organizations/reorganization/tree.py): a fixed number of
    queries for any number of moves, which a national reorganization needs (README.md, "Reorganization").
    """
    steplen = Organization.steplen
    moving = []
    for organization, line in pairs:
        if target.path.startswith(organization.path):
            raise ReorganizationError(
                _("moving “%(code)s” under “%(target)s” would put it inside itself.")
                % {"code": organization.code, "target": target.code},
                line,
            )
        if organization.path[:-steplen] != target.path:
            moving.append((organization, line))
    if not moving:
        return
    if _nested([organization for organization, _line in moving]):
        # A subtree moved with one of its own units: one at a time, each from the tree the last one left.
        for organization, line in moving:
            _moves(run, [(Organization.objects.get(pk=organization.pk), line)], target)
            target.refresh_from_db()
        return
    folded = {organization.pk: fold(organization.name) for organization, _line in moving}
    taken = set(
        Organization.objects.get_children(target)
        .filter(is_active=True, name_folded__in=set(folded.values()))
        .values_list("name_folded", flat=True)
    )
    for organization, line in moving:
        if folded[organization.pk] in taken:
            raise _clash(organization.name, line)
        taken.add(folded[organization.pk])
    old_paths = subtrees_move([organization for organization, _line in moving], target)
    # Never moved back in time: names.py trusts the name is current from reorganized_on on.
    Organization.objects.filter(pk__in=old_paths).update(
        reorganized_on=Greatest(Coalesce("reorganized_on", Value(run.day)), Value(run.day))
    )
    moved = list(Organization.objects.filter(pk__in=old_paths).order_by("path"))
    run.touched.update(old_paths.values())
    run.touched.update(path[:-steplen] for path in old_paths.values())
    run.touched.update(organization.path for organization in moved)
    audit_bulk(
        objects=moved, action=Action.UPDATE, changes_for=lambda org: {"path": [old_paths[org.pk], org.path]}
    )
    run.outcome.steps.extend(
        _("Move %(name)s under %(target)s") % {"name": organization.name, "target": target.name}
        for organization in moved
    )


def _end(
    run: _Run, organization: Organization, successors: list[Organization], operation: str, carrier, line: int
):
    """End `organization` on the effective date: its serving bodies with it, its people's roles too."""
    _end_many(run, [(organization, line)], successors, operation, carrier)


def _children(organizations: list[Organization]) -> dict[str, list[Organization]]:
    """The active children of each of `organizations`, by parent path (one query per 500)."""
    steplen = Organization.steplen
    found: dict[str, list[Organization]] = {o.path: [] for o in organizations}
    for start in range(0, len(organizations), 500):
        chunk = organizations[start : start + 500]
        where = reduce(or_, (Q(path__startswith=o.path, depth=o.depth + 1) for o in chunk))
        for child in Organization.objects.filter(where, is_active=True).order_by("path"):
            found[child.path[:-steplen]].append(child)
    return found


def _end_many(run: _Run, pairs: list[tuple[Organization, int]], successors, operation: str, carrier):
    """End each (organization, line) of `pairs` as _end says, together: a fixed number of queries for any
    number of organizations (a national reorganization dissolves hundreds of committees into one)."""
    fresh = Organization.objects.in_bulk([organization.pk for organization, _line in pairs])
    pairs = [(fresh[organization.pk], line) for organization, line in pairs]
    children = _children([organization for organization, _line in pairs])
    serving = []
    for organization, line in pairs:
        others = [c.code for c in children[organization.path] if c.kind not in ENDS_WITH_PARENT][:5]
        if others:
            raise ReorganizationError(
                _("“%(code)s” still has organizations under it (%(children)s): move them first.")
                % {"code": organization.code, "children": ", ".join(others)},
                line,
            )
        serving += [(body, line) for body in children[organization.path]]
    if serving:
        _end_many(run, serving, [], operation, None)
    ended = [organization for organization, _line in pairs]
    _close(run, ended)
    successions = [
        Succession(
            predecessor=organization,
            successor=successor,
            effective_on=run.day,
            operation=operation,
            carries_obligations=successor == carrier,
            reorganization=run.reorganization,
        )
        for organization in ended
        for successor in successors
    ]
    if successions:
        successions = Succession.objects.bulk_create(successions)
        audit_bulk(objects=successions, action=Action.CREATE)
        run.successions.extend(successions)
    names = ", ".join(successor.name for successor in successors) or "-"
    for organization in ended:
        run.touched.add(organization.path)
        run.outcome.ended.append(organization.pk)
        run.outcome.steps.append(
            _("End %(name)s (successors: %(names)s)") % {"name": organization.name, "names": names}
        )


def _close(run: _Run, organizations: list[Organization]) -> None:
    """Mark `organizations` ended on the effective date, with their memberships and supervisions (each change
    in the audit trail, as a save would write it)."""
    day, pks = run.day, [organization.pk for organization in organizations]
    later = {o.pk for o in organizations if o.reorganized_on and o.reorganized_on > day}
    Organization.objects.filter(pk__in=pks).update(is_active=False, ended_on=day)
    Organization.objects.filter(pk__in=set(pks) - later).update(reorganized_on=day)

    def organization_changes(o):
        changes = {"is_active": [o.is_active, False], "ended_on": [o.ended_on, day]}
        if o.pk not in later:
            changes["reorganized_on"] = [o.reorganized_on, day]
        return {name: pair for name, pair in changes.items() if pair[0] != pair[1]}

    audit_bulk(objects=organizations, action=Action.UPDATE, changes_for=organization_changes)
    for organization in organizations:
        organization.is_active, organization.ended_on = False, day
        if organization.pk not in later:
            organization.reorganized_on = day
    memberships = list(
        Membership.objects.filter(organization_id__in=pks, is_active=True).select_related(
            "user", "organization"
        )
    )
    Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(is_active=False)
    audit_bulk(objects=memberships, action=Action.UPDATE, changes_for=lambda m: {"is_active": [True, False]})
    supervisions = list(
        Supervision.objects.filter(organization_id__in=pks)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .select_related("member", "organization")
    )
    Supervision.objects.filter(pk__in=[s.pk for s in supervisions]).update(ends_on=day)
    audit_bulk(
        objects=supervisions, action=Action.UPDATE, changes_for=lambda s: {"ends_on": [s.ends_on, day]}
    )


def _target(run: _Run, spec, line: int) -> Organization:
    """`into:` as an existing code or a new organization's mapping."""
    return _create(run, spec, line) if isinstance(spec, dict) else _get(spec, line)


def _op_rename(run: _Run, op: Operation) -> None:
    organization = _get(op.data["rename"], op.line)
    name = _check_name(
        op.data.get("name"),
        Organization.objects.get_parent(organization),
        op.line_of("name"),
        exclude=organization,
    )
    if name != organization.name:
        _rename(run, organization, name, op.line_of("name"))


def _op_moves(run: _Run, operations: list[Operation]) -> None:
    """Consecutive moves to the same parent, looked up and moved together (see _moves)."""
    codes = [op.data["move"] for op in operations]
    found = {
        organization.code: organization
        for organization in Organization.objects.filter(code__in=[c for c in codes if isinstance(c, str)])
    }
    pairs, target = [], None
    for op, code in zip(operations, codes, strict=True):
        organization = found.get(code) if isinstance(code, str) else None
        pairs.append((_found(code, organization, op.line), op.line_of("to")))
        if target is None:  # checked after the first code, as one move at a time would
            target = _get(op.data.get("to"), op.line_of("to"))
    _moves(run, pairs, target)


def _op_merge(run: _Run, op: Operation) -> None:
    codes = op.data["merge"]
    codes = [codes] if isinstance(codes, str) else codes
    if not isinstance(codes, list) or not codes:
        raise ReorganizationError(_("“merge” takes a list of codes."), op.line)
    sources = [_get(code, op.line) for code in codes]
    if len({source.pk for source in sources}) != len(sources):
        raise ReorganizationError(_("an organization is listed twice."), op.line)
    target = _target(run, op.data.get("into"), op.line_of("into"))
    if any(source.pk == target.pk or target.path.startswith(source.path) for source in sources):
        raise ReorganizationError(
            _("an organization cannot be merged into itself or into one under it."), op.line_of("into")
        )
    for source in sources:
        children = (
            Organization.objects.get_children(source)
            .filter(is_active=True)
            .exclude(kind__in=ENDS_WITH_PARENT)
        )
        _moves(run, [(child, op.line) for child in children], Organization.objects.get(pk=target.pk))
        _end(run, source, [target], Succession.Operation.MERGE, target, op.line)


def _op_split(run: _Run, op: Operation) -> None:
    source = _get(op.data["split"], op.line)
    parts = op.data.get("into")
    if not isinstance(parts, list) or not parts:
        raise ReorganizationError(
            _("“into” takes the list of the organizations it is split into."), op.line_of("into")
        )
    targets = [_target(run, part, op.line_of("into")) for part in parts]
    if any(target.path.startswith(source.path) for target in targets):
        raise ReorganizationError(_("an organization cannot be split into one under it."), op.line_of("into"))
    carrier = targets[0]
    if op.data.get("obligations") is not None:
        carrier = next((target for target in targets if target.code == op.data["obligations"]), None)
        if carrier is None:
            raise ReorganizationError(
                _("“obligations” must name one of the organizations in “into”."), op.line_of("obligations")
            )
    _end(run, source, targets, Succession.Operation.SPLIT, carrier, op.line)


def _op_dissolve(run: _Run, op: Operation) -> None:
    organization = _get(op.data["dissolve"], op.line)
    successor = None
    if op.data.get("successor") is not None:
        successor = _get(op.data["successor"], op.line_of("successor"))
        if successor.path.startswith(organization.path):
            raise ReorganizationError(
                _("the successor cannot be under the organization it succeeds."), op.line_of("successor")
            )
    successors = [successor] if successor else []
    _end(run, organization, successors, Succession.Operation.DISSOLVE, successor, op.line)


def _op_dissolves(run: _Run, operations: list[Operation]) -> None:
    """Consecutive dissolutions with the same successor, checked one by one as written and ended together
    (_end_many): one look-up of their codes, one of the successor."""
    codes = [op.data["dissolve"] for op in operations]
    found = {
        o.code: o for o in Organization.objects.filter(code__in=[c for c in codes if isinstance(c, str)])
    }
    successor, pairs = None, []
    for op, code in zip(operations, codes, strict=True):
        organization = found.get(code) if isinstance(code, str) else None
        if any(organization is other for other, _line in pairs):  # named twice: ended by the first
            raise ReorganizationError(
                _("“%(code)s” ended on %(day)s.") % {"code": code, "day": run.day.isoformat()}, op.line
            )
        organization = _found(code, organization, op.line)
        if successor is None:
            successor = _get(op.data["successor"], op.line_of("successor"))
        if successor.path.startswith(organization.path):
            raise ReorganizationError(
                _("the successor cannot be under the organization it succeeds."), op.line_of("successor")
            )
        pairs.append((organization, op.line))
    _end_many(run, pairs, [successor], Succession.Operation.DISSOLVE, successor)


def _op_create(run: _Run, op: Operation) -> None:
    _create(run, op.data["create"], op.line)


HANDLERS = {
    "rename": _op_rename,
    "merge": _op_merge,
    "split": _op_split,
    "dissolve": _op_dissolve,
    "create": _op_create,
}


def _batch_key(operation: Operation):
    """Operations applied together when consecutive with the same key: moves to one parent, dissolutions
    into one successor (a national reorganization has thousands of each); None for the others."""
    if operation.kind == "move":
        return ("move", operation.data.get("to"))
    if operation.kind == "dissolve" and isinstance(operation.data.get("successor"), str):
        return ("dissolve", operation.data["successor"])
    return None


def _apply_all(run: _Run, operations: list[Operation]) -> None:
    """Each operation in order; a run of moves to the same parent (_op_moves) or of dissolutions into the
    same successor (_op_dissolves) is applied together."""
    start = 0
    while start < len(operations):
        key = _batch_key(operations[start])
        if key is None:
            HANDLERS[operations[start].kind](run, operations[start])
            start += 1
            continue
        end = start + 1
        while end < len(operations) and _batch_key(operations[end]) == key:
            end += 1
        (_op_moves if key[0] == "move" else _op_dissolves)(run, operations[start:end])
        start = end


def reorganization_apply(*, source: str, user=None, dry_run: bool = False) -> Outcome:
    """Apply the reorganization written in `source` (YAML), all or nothing; with `dry_run`, only preview it.

    Raises ReorganizationError (naming the line) when the file cannot be applied as written.
    """
    plan = reorganization_read(source)
    outcome = Outcome(effective_on=plan.effective_on, dry_run=dry_run)
    with transaction.atomic():
        record = Reorganization.objects.create(
            effective_on=plan.effective_on,
            source=source,
            applied_by=user if user and user.is_authenticated else None,
        )
        run = _Run(day=plan.effective_on, outcome=outcome, reorganization=record)
        _apply_all(run, plan.operations)
        responses = reorganized.send(
            sender=Reorganization,
            effective_on=run.day,
            successions=run.successions,
            touched_paths=sorted(run.touched),
            ended=list(run.outcome.ended),
        )
        for _receiver, figures in responses:
            figures = dict(figures or {})
            outcome.steps.extend(figures.pop("notes", ("", []))[1])  # lines for the office to act on
            for key, (label, count) in figures.items():
                outcome.figures[key] = outcome.figures.get(key, 0) + count
                outcome.labels[key] = label
        record.summary = outcome.lines()
        record.save(update_fields=["summary"])
        outcome.reorganization = record
        if dry_run:
            transaction.set_rollback(True)
            outcome.reorganization = None
    return outcome
