"""The plan interchange format (plans/schema/plan.schema.json, "plantrack.plan/1"): the schema, validation,
and the keys that name plans and tasks. Writing a plan in it is tasks/plan_import/export.py; saving one into
the database is tasks/plan_import/save.py.

The schema allows extra properties; Plantrack uses them for what a plan needs beyond the schema, so that
export → import → export gives the same JSON:

- top level: ``owner`` (organization code), ``place``, ``period`` ``{start, end}``, ``parent`` (symbol of
  the plan implemented, or null), ``preamble``, ``reporting_periods`` ``[{kind, month, day}]``;
- document and references: ``title``, ``issuer_organization`` (organization code), references also
  ``written_as`` (the citation as written, type word included);
- task: ``assignments`` ``[{label, scope, organization, kinds}]`` (the schema's ``assignees`` are their
  labels), ``unit_organizations`` ``{unit name: organization code}`` for lead and coordinating units, and
  ``short_title`` when the office gave one (the schema's ``number`` is written always; on import, a task
  without one is numbered from its place, tasks/planning/numbering.py);
- deadline: ``annual_day`` 'MM-DD' (annual; the two numbers ``annual_month``/``annual_day`` are read too), ``awaited_issuer`` (organization code),
  ``awaited_type``, ``lead_days`` and ``guidance`` (``{symbol, issued_on}`` of the linked document, or
  null) for triggered tasks. Import links a guidance that is given but never unlinks one: registering the
  awaited document is an event recorded by staff, not part of the plan's text.

How an import matches what already exists is in tasks/plan_import/save.py.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from django.apps import apps

from organizations.text import fold
from plans import symbols
from plans.models import Plan, Section
from tasks.models import Task

FORMAT = "plantrack.plan/1"


class PlanImportError(ValueError):
    """The data cannot be imported; ``errors`` lists every problem found, one sentence each."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def schema_path() -> Path:
    return Path(apps.get_app_config("plans").path) / "schema" / "plan.schema.json"


@cache
def plan_schema() -> dict:
    return json.loads(schema_path().read_text(encoding="utf-8"))


def plan_validate(*, data: Any) -> list[str]:
    """Problems of `data` against the interchange schema, as "where: what" lines; empty when valid."""
    validator = jsonschema.Draft202012Validator(
        plan_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        errors.append(f"{where}: {error.message}")
    return errors


# --------------------------------------------------------------------------------------------------------
# Finding a plan by symbol


def plan_find(*, symbol: str) -> Plan | None:
    """The plan with this symbol, ignoring spaces and diacritics: ``62-KH/DUK`` finds ``62-KH/ĐUK``."""
    try:
        parsed = symbols.parse_symbol(symbol)
    except symbols.SymbolError:
        return None
    exact = Plan.objects.select_related("document").filter(document__symbol=str(parsed)).first()
    if exact is not None:
        return exact
    wanted = fold(str(parsed))
    for plan in Plan.objects.select_related("document").filter(document__number=parsed.number):
        if fold(plan.document.symbol) == wanted:
            return plan
    return None


def section_key(labels: tuple[str, ...] | list[str]) -> str:
    """A short name for a section from its labels, root first: ("II", "2", "2.3") → "II.2.3".

    Sub-labels such as "2.3" already contain their parents' numbers, so only the root and the last label
    are kept ("II.1" for ("II", "1")).
    """
    labels = list(labels)
    return labels[0] if len(labels) == 1 else f"{labels[0]}.{labels[-1]}"


def plan_task_keys(*, plan: Plan) -> dict[str, Task]:
    """Every task of the plan by a readable key: section key and 1-based order, "III.3 #1"."""
    sections = {section.pk: section for section in plan.sections.all()}

    def labels(section: Section) -> tuple[str, ...]:
        chain = []
        while section is not None:
            chain.append(section.label)
            section = sections.get(section.parent_id)
        return tuple(reversed(chain))

    keys: dict[str, Task] = {}
    counters: dict[int, int] = {}
    for task in plan.tasks.order_by("position", "pk"):
        counters[task.section_id] = counters.get(task.section_id, 0) + 1
        keys[f"{section_key(labels(sections[task.section_id]))} #{counters[task.section_id]}"] = task
    return keys
