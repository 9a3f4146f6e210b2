"""Run the reminder scan now and send the digests, in this process (cron on the embedded default, or an
operator's check). The same scan as the Celery beat task: safe to run while beat runs, or twice.

    manage.py send_reminders                      # today (Asia/Ho_Chi_Minh)
    manage.py send_reminders --today 2024-06-23   # as if it were that day
    manage.py send_reminders --dry-run            # print what would be sent; write and send nothing

Mail goes through EMAIL_URL (the console by default).
"""

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.people import person_name
from tasks.models import Due, Reminder
from tasks.reminders.digests import reminder_digest_send
from tasks.reminders.scan import reminders_scan
from tasks.reminders.waiting import waiting_digest_send, waiting_digests_claim
from tasks.reminders.words import days_words
from tasks.tasks import RETRY_ON

SHOWN = 10  # items printed per person; the e-mail itself lists them all


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today {value!r}: expected YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Work out the deadline reminders owed up to today, claim them, and send one digest per person."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=_date, help="The scan day, YYYY-MM-DD (default: today).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; change nothing."
        )

    def handle(self, *args, today=None, dry_run=False, **options):
        day = today or timezone.localdate()
        if dry_run:
            self._dry_run(day)
            return
        result = reminders_scan(today=day)
        self.stdout.write(
            _(
                "Reminders for %(date)s: %(dues)d dues owed looked at, %(claimed)d new reminders, %(digests)d e-mails to send."
            )
            % {
                "date": f"{day:%d/%m/%Y}",
                "dues": result.dues,
                "claimed": result.claimed,
                "digests": len(result.digest_ids),
            }
        )
        connection = get_connection()
        failed = 0
        for digest_id in result.digest_ids:
            try:
                outcome = reminder_digest_send(digest_id=digest_id, mail_connection=connection)
            except RETRY_ON as exc:
                failed += 1
                self.stderr.write(
                    _("Not sent (will be retried): e-mail %(id)d: %(error)s")
                    % {"id": digest_id, "error": exc}
                )
                connection.close()
                connection = get_connection()
                continue
            self._report(outcome)
        for digest_id in waiting_digests_claim(today=day):
            try:
                outcome = waiting_digest_send(digest_id=digest_id, mail_connection=connection)
            except RETRY_ON as exc:
                failed += 1
                self.stderr.write(
                    _("Not sent (will be retried): e-mail %(id)d: %(error)s")
                    % {"id": digest_id, "error": exc}
                )
                connection.close()
                connection = get_connection()
                continue
            if outcome.items:
                self.stdout.write(
                    _("Waiting for guidance: %(count)d tasks to %(name)s %(email)s")
                    % {
                        "count": len(outcome.items),
                        "name": outcome.recipient,
                        "email": self._address(outcome),
                    }
                )
        connection.close()
        if failed:
            raise CommandError(
                _("%(count)d e-mails could not be sent; they will be retried.") % {"count": failed}
            )

    @staticmethod
    def _address(outcome) -> str:
        return f"<{outcome.email}>" if outcome.email else _("(no e-mail address: in-app only)")

    def _report(self, outcome) -> None:
        if not outcome.items:
            return
        self.stdout.write(
            _("To %(name)s %(email)s: %(count)d")
            % {"name": outcome.recipient, "email": self._address(outcome), "count": len(outcome.items)}
        )
        lines = [("-", item) for item in outcome.own] + [("!", item) for item in outcome.followed]
        for marker, item in lines[:SHOWN]:
            self.stdout.write(
                f"  {marker} {item.due_on:%d/%m/%Y} ({item.when}) · {item.organization} · {item.task[:90]}"
            )
        self._more(len(lines))

    def _more(self, count: int) -> None:
        if count > SHOWN:
            self.stdout.write("  " + _("… and %(count)d more") % {"count": count - SHOWN})

    def _dry_run(self, day: datetime.date) -> None:
        result = reminders_scan(today=day, dry_run=True)
        self.stdout.write(
            _(
                "Dry run for %(date)s: %(dues)d dues owed looked at, %(owed)d reminders would be sent. "
                "Nothing was written or sent."
            )
            % {"date": f"{day:%d/%m/%Y}", "dues": result.dues, "owed": result.owed}
        )
        by_person: dict[int, list] = defaultdict(list)
        for claim in result.planned:
            by_person[claim.recipient_id].append(claim)
        for claims in by_person.values():
            # the due date is the day owed minus the offset: no need to load every due to sort them
            claims.sort(key=lambda c: (c.occurs_on - datetime.timedelta(days=c.offset), c.due_id))
        users = get_user_model().objects.in_bulk(list(by_person))
        shown = {c.due_id for claims in by_person.values() for c in claims[:SHOWN]}
        dues = Due.objects.select_related("task", "organization").in_bulk(shown)
        for user_id in sorted(by_person, key=lambda pk: users[pk].get_username()):
            user = users[user_id]
            email = f"<{user.email}>" if user.email else _("(no e-mail address: in-app only)")
            self.stdout.write(f"{person_name(user)} {email}: {len(by_person[user_id])}")
            for claim in by_person[user_id][:SHOWN]:
                due = dues[claim.due_id]
                marker = "!" if claim.kind == Reminder.Kind.ESCALATION else "-"
                when = days_words(due_on=due.due_on, today=day)
                self.stdout.write(
                    f"  {marker} {due.due_on:%d/%m/%Y} ({when}) · {due.organization.name} · {due.title}"
                )
            self._more(len(by_person[user_id]))
