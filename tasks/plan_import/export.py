"""A plan written in the interchange format (tasks/plan_import/interchange.py), extras included, so that
export → import → export gives the same JSON."""

import datetime

from plans import symbols
from plans.models import Document, Plan, PlanReference, Section
from tasks.models import Task, TaskUnit
from tasks.plan_import.cascade import parent_dict
from tasks.plan_import.interchange import FORMAT


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _document_dict(document: Document) -> dict:
    return {
        "symbol": document.symbol,
        "number": document.number,
        "type": document.doc_type,
        "issuer": document.issuer_code,
        "issued_on": _iso(document.issued_on),
        "title": document.title,
        "issuer_organization": document.issuer.code if document.issuer_id else None,
    }


def _reference_dict(reference: PlanReference) -> dict:
    document = reference.document
    cited = symbols.cited_symbol(reference.written_as)
    if cited is not None and str(cited[0]) != document.symbol:
        # A misquoted citation linked to the document it means (tasks/plan_import/save.py, meant_document):
        # written out as the plan writes it, with its warning, so that importing it again links it again.
        symbol, words = cited
        stated = symbols.stated_type_of(words)
        return {
            "symbol": str(symbol),
            "type": symbol.type,
            "stated_type": stated,
            "issued_on": _iso(document.issued_on),
            "warning": symbols.type_mismatch_warning(str(symbol), stated),
            "title": "",
            "issuer_organization": document.issuer.code if document.issuer_id else None,
            "written_as": reference.written_as,
        }
    return {
        "symbol": document.symbol,
        "type": document.doc_type,
        "stated_type": document.stated_type or None,
        "issued_on": _iso(document.issued_on),
        "warning": document.warning or None,
        "title": document.title,
        "issuer_organization": document.issuer.code if document.issuer_id else None,
        "written_as": reference.written_as,
    }


def _deadline_dict(task: Task) -> dict:
    deadline = {
        "kind": task.kind,
        "explicit": task.kind_explicit,
        "source": task.deadline_source or None,
        "due_on": _iso(task.due_on),
        "precision": task.precision or None,
        "trigger": task.trigger_text or None,
    }
    if task.kind == Task.Kind.ANNUAL:  # 'MM-DD' as plan.schema.json has it
        has_day = task.annual_month and task.annual_day
        deadline["annual_day"] = f"{task.annual_month:02d}-{task.annual_day:02d}" if has_day else None
    if task.kind == Task.Kind.TRIGGERED:
        guidance = task.trigger_document
        deadline["awaited_issuer"] = task.awaited_issuer.code if task.awaited_issuer_id else None
        deadline["awaited_type"] = task.awaited_type or None
        deadline["lead_days"] = task.lead_days
        deadline["guidance"] = (
            {"symbol": guidance.symbol, "issued_on": _iso(guidance.issued_on)}
            if guidance is not None
            else None
        )
    return deadline


def _task_dict(task: Task) -> dict:
    units = sorted(task.units.all(), key=lambda unit: (unit.role, unit.position, unit.pk))
    assignments = sorted(task.assignments.all(), key=lambda a: (a.position, a.pk))
    extra = {"short_title": task.short_title} if task.short_title else {}
    return {
        "number": task.number,
        "parent_task": task.parent_task.number if task.parent_task_id else None,
        "text": task.text,
        **extra,
        "deadline": _deadline_dict(task),
        "lead": [unit.name for unit in units if unit.role == TaskUnit.Role.LEAD],
        "coordinating": [unit.name for unit in units if unit.role == TaskUnit.Role.COORDINATING],
        "assignees": [assignment.label for assignment in assignments],
        "assignments": [
            {
                "label": assignment.label,
                "scope": assignment.scope,
                "organization": assignment.organization.code,
                "kinds": list(assignment.kinds or []),
            }
            for assignment in assignments
        ],
        "unit_organizations": {unit.name: unit.organization.code for unit in units if unit.organization_id},
    }


def plan_export(*, plan: Plan) -> dict:
    """The plan in the interchange format, extras included (see the module docstring)."""
    plan = Plan.objects.select_related("document__issuer", "owner", "parent__document").get(pk=plan.pk)
    references = list(plan.references.select_related("document__issuer").order_by("role", "position", "pk"))
    sections = list(plan.sections.order_by("position", "pk"))
    tasks = list(
        plan.tasks.select_related("awaited_issuer", "trigger_document", "parent_task")
        .prefetch_related("units__organization", "assignments__organization")
        .order_by("position", "pk")
    )

    tasks_by_section: dict[int, list[Task]] = {}
    for task in tasks:
        tasks_by_section.setdefault(task.section_id, []).append(task)
    children: dict[int | None, list[Section]] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def section_dict(section: Section) -> dict:
        return {
            "label": section.label,
            "title": section.title,
            "text": section.text,
            "sections": [section_dict(child) for child in children.get(section.pk, [])],
            "tasks": [_task_dict(task) for task in tasks_by_section.get(section.pk, [])],
        }

    def refs(role: str) -> list[dict]:
        return [_reference_dict(ref) for ref in references if ref.role == role]

    return {
        "format": FORMAT,
        "document": _document_dict(plan.document),
        "owner": plan.owner.code,
        "place": plan.place,
        "period": {"start": _iso(plan.period_start), "end": _iso(plan.period_end)},
        "parent": parent_dict(plan),
        "preamble": plan.preamble,
        "reporting_periods": [
            {"kind": period.kind, "month": period.month, "day": period.day}
            for period in plan.reporting_periods.order_by("month", "day")
        ],
        "implements": refs(PlanReference.Role.IMPLEMENTS),
        "basis": refs(PlanReference.Role.BASIS),
        "references": refs(PlanReference.Role.CITED),
        "sections": [section_dict(section) for section in children.get(None, [])],
        "recipients": list(plan.recipients or []),
        "signature": {
            "authority": plan.signature_authority,
            "title": plan.signature_title,
            "name": plan.signature_name,
        },
        "warnings": list(plan.warnings or []),
    }
