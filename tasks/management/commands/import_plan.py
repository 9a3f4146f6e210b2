"""manage.py import_plan FILE [--dry-run] [--owner CODE] [--parent SYMBOL] [--start DATE] [--end DATE]

FILE is a plan's text (.txt, decoded as the browser decodes it), a Word file (.docx), a PDF with its text, or
the interchange JSON that export_plan writes. Text, Word and PDF files go through the parser
(tasks/plan_import/reading/); the names it finds are matched to organizations
(tasks/plan_import/resolution.py) once the owner is known. With --dry-run the interchange JSON is printed on
standard output and nothing else (messages go to standard error); nothing is saved. Without it the plan is
saved through tasks.plan_import.save.plan_import: created, or updated in place when a plan with its symbol exists.

With --parent the plan is an implementation plan of that plan (docs/domain.md §8.1): each task without a
parent task gets the one its wording is closest to (tasks/plan_import/cascade.py), printed with its score.
"""

import datetime
import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization
from tasks.plan_import.cascade import plan_propose_parent_tasks
from tasks.plan_import.interchange import PlanImportError, plan_find, plan_validate
from tasks.plan_import.reading import PlanReadError, plan_parse_file
from tasks.plan_import.resolution import organization_match, plan_resolve
from tasks.plan_import.review import review_tasks
from tasks.plan_import.save import plan_import


def _date(value: str | None, *, end: bool) -> datetime.date | None:
    """2023 (the first or last day of the year), 2023-01-01, or 01/01/2023."""
    if not value:
        return None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return datetime.date(int(value), 12, 31) if end else datetime.date(int(value), 1, 1)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{value!r} is not a date (2023, 2023-01-01 or 01/01/2023).") from error


class Command(BaseCommand):
    help = (
        "Import a plan from a .txt, .docx or .pdf (parsed) or from interchange JSON. --dry-run prints the JSON and "
        "saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the plan: .txt, .docx, .pdf or .json (export_plan's format)")
        parser.add_argument("--dry-run", action="store_true", help="print the interchange JSON, save nothing")
        parser.add_argument("--owner", help="code of the committee whose plan it is (e.g. dang-uy-khoi)")
        parser.add_argument("--parent", help="symbol of the plan this one implements, e.g. 62-KH/ĐUK")
        parser.add_argument("--start", help="first day of the plan's period: 2023 or 2023-01-01")
        parser.add_argument("--end", help="last day of the plan's period: 2025 or 2025-12-31")

    def handle(self, *args, file, dry_run=False, owner=None, parent=None, start=None, end=None, **options):
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error

        if path.suffix.lower() == ".json":
            try:
                data = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as error:
                raise CommandError(f"{file} is not JSON: {error}") from error
            if not isinstance(data, dict):
                raise CommandError(f"{file} does not hold one plan (a JSON object).")
        else:
            try:
                data = plan_parse_file(data=raw, filename=path.name)
            except PlanReadError as error:
                raise CommandError(f"Cannot read {file}: {error.message}") from error
            except Exception as error:  # a damaged .docx: python-docx raises several kinds
                raise CommandError(f"Cannot read {file}: {error}") from error
            for warning in data.get("warnings", []):
                self.stderr.write(f"warning: {warning}")

        start_on, end_on = _date(start, end=False), _date(end, end=True)
        if (start_on is None) != (end_on is None):
            raise CommandError("Give both --start and --end, or neither.")
        period = (start_on, end_on) if start_on else None

        if parent:
            self._propose_parent_tasks(data, parent)
        organization = self._owner(data, owner)
        errors: list[str] = []
        if organization is not None:
            resolution = plan_resolve(data=data, owner=organization, period=period)
            errors = resolution.errors
            for note in resolution.notes:
                self.stderr.write(f"note: {note}")
        elif period is not None:
            data["period"] = {"start": start_on.isoformat(), "end": end_on.isoformat()}
        else:
            self.stderr.write("note: no owner given (--owner CODE): names were not matched to organizations.")
        errors += plan_validate(data=data)

        if dry_run:
            for error in errors:
                self.stderr.write(f"error: {error}")
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", ending="")
            return
        if errors:
            raise CommandError("Nothing was saved:\n" + "\n".join(errors))
        try:
            plan = plan_import(data=data)
        except PlanImportError as error:
            hint = ""
            if organization is None or not data.get("period"):
                hint = (
                    "\n(Give the owner and the period of a new plan: --owner CODE --start 2023 --end 2025.)"
                )
            raise CommandError("Nothing was saved:\n" + "\n".join(error.errors) + hint) from error
        self.stderr.write(
            f"Imported {plan.document.symbol}: {plan.tasks.count()} tasks, "
            f"{plan.sections.count()} sections, dues from {plan.period_start:%d/%m/%Y} to {plan.period_end:%d/%m/%Y}."
        )

    def _propose_parent_tasks(self, data: dict, symbol: str) -> None:
        parent_plan = plan_find(symbol=symbol)
        if parent_plan is None:
            raise CommandError(f"No plan has the symbol {symbol!r}.")
        plan_propose_parent_tasks(data=data, parent=parent_plan)
        for entry in review_tasks(data):
            task = entry.task
            score = task.get("parent_task_score")
            link = task.get("parent_task") or "-"
            shown = f"{link} ({score:.2f})" if score is not None else link
            self.stderr.write(f"{entry.number} -> {shown}: {task['text'][:60]}")

    @staticmethod
    def _owner(data: dict, code: str | None) -> Organization | None:
        """--owner, else the owner the JSON names, else the existing plan's, else the issuing body's name."""
        code = code or data.get("owner")
        if code:
            organization = Organization.objects.filter(code=code).first()
            if organization is None:
                raise CommandError(f"No organization has the code {code!r}.")
            return organization
        document = data.get("document") or {}
        existing = plan_find(symbol=document.get("symbol") or "")
        if existing is not None:
            return existing.owner
        if document.get("issuer_name"):
            return organization_match(name=document["issuer_name"])
        return None
