"""manage.py load_demo: the demo organizations, users, plan 62-KH/ĐUK and its activity (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from tasks.demo.load import DEMO_PASSWORD, DemoError, demo_load
from tasks.plan_import.interchange import PlanImportError


class Command(BaseCommand):
    help = (
        "Load the demo data (tasks/demo/): organizations, users, plan 62-KH/ĐUK, submissions. Safe to rerun."
    )

    def handle(self, *args, **options):
        try:
            summary = demo_load()
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
