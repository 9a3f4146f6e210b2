"""manage.py load_demo: the demo organizations, users, plan 62-KH/ĐUK and its activity (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from tasks.demo.load import DEMO_PASSWORD, DemoError, demo_load
from tasks.plan_import.interchange import PlanImportError


class Command(BaseCommand):
    help = (
        "Load the demo data (tasks/demo/): organizations, users, plan 62-KH/ĐUK, submissions, then the 2025 "
        "reorganization. Safe to rerun."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-reorganization",
            action="store_true",
            help="Stop after the 2023-2025 history: leave out the 2025 reorganization (tasks/demo/reorganization-2025.yaml).",
        )

    def handle(self, *args, without_reorganization: bool = False, **options):
        try:
            summary = demo_load(reorganize=not without_reorganization)
        except (DemoError, PlanImportError) as error:
            raise CommandError(str(error)) from error
        statuses = ", ".join(f"{name} {count}" for name, count in sorted(summary.statuses.items()))
        self.stdout.write(
            f"Organizations: {summary.organizations}\n"
            f"Users: {summary.users} (password: {DEMO_PASSWORD})\n"
            f"Plan {summary.plan.document.symbol}: {summary.tasks} tasks, {summary.dues} dues, "
            f"{summary.submissions} submissions; activity entries applied now: {summary.applied}\n"
            f"Dues today: {statuses}; triggered tasks waiting for guidance: {summary.waiting_tasks}"
        )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
