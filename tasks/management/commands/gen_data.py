"""Build a synthetic bloc for tests and benchmarks: N grassroots organizations, one plan, dues and
submissions in every state (tasks/demo/generate.py).

    manage.py gen_data --orgs 1000 --seed 7
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.models import Document
from plans.symbols import SymbolError, parse_symbol
from tasks.demo.generate import generate


class Command(BaseCommand):
    help = "Build a synthetic bloc of N grassroots organizations with a plan, dues and submissions in every state."

    def add_arguments(self, parser):
        parser.add_argument("--orgs", type=int, required=True, help="Number of grassroots organizations.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument("--plan-symbol", default="900-KH/ĐUK", help="Symbol of the generated plan.")
        parser.add_argument(
            "--today", type=datetime.date.fromisoformat, default=None, help="Reference date (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--secretaries", type=int, default=20, help="Organizations given a secretary login."
        )
        parser.add_argument("--password", default="plantrack-demo", help="Password of the generated users.")

    def handle(self, *args, **options):
        if options["orgs"] < 1:
            raise CommandError("--orgs must be at least 1.")
        try:
            symbol = str(parse_symbol(options["plan_symbol"]))
        except SymbolError as exc:
            raise CommandError(str(exc)) from exc
        if Document.objects.filter(symbol=symbol).exists():
            raise CommandError(f"A document {symbol} already exists: choose another --plan-symbol.")
        started = timezone.now()
        result = generate(
            orgs=options["orgs"],
            seed=options["seed"],
            plan_symbol=symbol,
            today=options["today"] or timezone.localdate(),
            secretaries=options["secretaries"],
            password=options["password"],
        )
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"{result.plan.symbol}: {result.organizations} organizations, {result.dues} dues, "
            f"{result.submissions} submissions, {result.reviews} reviews in {seconds:.1f} s. "
            f"Logins: {result.staff_username} (staff), {result.supervisor_username} (member in charge)."
        )
