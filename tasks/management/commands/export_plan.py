"""manage.py export_plan SYMBOL [--output FILE]: one plan in the interchange format (plantrack.plan/1)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tasks.plan_import.export import plan_export
from tasks.plan_import.interchange import plan_find


class Command(BaseCommand):
    help = "Write a plan as JSON (plans/schema/plan.schema.json). SYMBOL may omit diacritics: 62-KH/DUK."

    def add_arguments(self, parser):
        parser.add_argument("symbol", help="the plan's number and symbol, e.g. 62-KH/ĐUK or 62-KH/DUK")
        parser.add_argument("--output", "-o", help="write to this file (UTF-8) instead of standard output")

    def handle(self, *args, symbol, output=None, **options):
        plan = plan_find(symbol=symbol)
        if plan is None:
            raise CommandError(f"No plan has the symbol {symbol!r}. Plans: {self._known() or 'none yet'}.")
        text = json.dumps(plan_export(plan=plan), ensure_ascii=False, indent=2) + "\n"
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"Wrote {plan.document.symbol} to {output}")
        else:
            self.stdout.write(text, ending="")

    @staticmethod
    def _known() -> str:
        from plans.models import Plan

        return ", ".join(
            Plan.objects.order_by("document__symbol").values_list("document__symbol", flat=True)[:20]
        )
