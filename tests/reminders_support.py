"""Shared by the reminder tests: a real SMTP server (aiosmtpd) on a loopback port, and one due on top of the
shared world, whose own plan is made quiet.

The SMTP sink can refuse the next N messages (a "451 try again later" at DATA, as a busy server says) to
prove that a failed send is retried and never recorded as sent.
"""

import datetime
import email
import email.policy
import socket
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller

from organizations.models import Membership
from tasks.models import Due, ReminderPolicy
from tasks.planning.dues import document_activate_tasks
from tests.factories import (
    DocumentFactory,
    MembershipFactory,
    PlanFactory,
    TaskFactory,
    UserFactory,
    make_member,
)
from tests.world import World

DUE_ON = datetime.date(2024, 7, 15)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mail:
    to: list[str]
    subject: str
    text: str
    html: str
    raw: email.message.EmailMessage


class SmtpSink:
    """Collects every message it accepts; `refuse` makes it turn the next messages away."""

    def __init__(self):
        self.messages: list[Mail] = []
        self.refuse = 0
        self.refused = 0
        self._changed = threading.Condition()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    # aiosmtpd handler hook
    async def handle_DATA(self, server, session, envelope):
        with self._changed:
            if self.refuse > 0:
                self.refuse -= 1
                self.refused += 1
                self._changed.notify_all()
                return "451 4.3.0 Mailbox busy, try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        mail = Mail(
            to=list(envelope.rcpt_tos),
            subject=str(message["subject"]).strip(),
            text=text.get_content() if text else "",
            html=html.get_content() if html else "",
            raw=message,
        )
        with self._changed:
            self.messages.append(mail)
            self._changed.notify_all()
        return "250 2.0.0 OK"

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, *, messages: int = 0, refused: int = 0, timeout: float = 20) -> bool:
        """Block until this many messages were accepted (and refused); False on timeout."""
        with self._changed:
            return self._changed.wait_for(
                lambda: len(self.messages) >= messages and self.refused >= refused, timeout=timeout
            )

    def to(self, address: str) -> list[Mail]:
        return [mail for mail in self.messages if address in mail.to]

    def clear(self) -> None:
        with self._changed:
            self.messages.clear()
            self.refused = 0
            self.refuse = 0

    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"


def use_sink(settings, sink: SmtpSink) -> None:
    """Point Django's mail at the sink (pytest-django's `settings` fixture undoes it)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10


def quiet_plan(world: World) -> None:
    """The world's plan asks no reminder of anyone any more: its reminders are switched off, and the
    guidance its waiting task awaited has come (no weekly "waiting for guidance" digest either)."""
    ReminderPolicy.objects.create(plan=world.plan, is_active=False)
    guidance = DocumentFactory(
        symbol="05-HD/TU", issuer=world.provincial, issued_on=datetime.date(2023, 3, 1)
    )
    document_activate_tasks(document=guidance, tasks=[world.waiting])


def reminder_scenario(world: World, *, due_on: datetime.date = DUE_ON) -> Due:
    """On top of the world, whose own plan is quiet (``quiet_plan``): another plan of the committee whose one
    dated task Đảng bộ Sở Tài chính owes on `due_on` (the due returned). Besides its secretary, deputy and
    clerk (who are reminded), the organization has a specialist (a role that is not reminded) and a retired
    secretary (an inactive membership). Escalations go to the member in charge of it (``supervisor``) and to
    the committee's staff (``staff`` of the office, ``board`` of the Ban Tổ chức)."""
    quiet_plan(world)
    plan = PlanFactory(owner=world.committee, document__symbol="70-KH/ĐUK")
    task = TaskFactory(plan=plan, dated=True, due_on=due_on, text="Xây dựng kế hoạch thực hiện Nghị quyết 21")
    due = Due.objects.create(task=task, organization=world.org, period="once", due_on=due_on)
    make_member(world.org, Membership.Role.SPECIALIST, username="chuyenvien")
    retired = UserFactory(username="nghihuu")
    MembershipFactory(user=retired, organization=world.org, role=Membership.Role.SECRETARY, is_active=False)
    return due
