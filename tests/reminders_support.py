"""Shared by the reminder tests: a real SMTP server (aiosmtpd) on a loopback port, and a small scenario.

The SMTP sink can refuse the next N messages (a "451 try again later" at DATA, as a busy server says) to
prove that a failed send is retried and never recorded as sent.
"""

import datetime
import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from organizations.models import Membership, Organization
from tasks.models import Due
from tests.factories import (
    MembershipFactory,
    OrgTree,
    PlanFactory,
    SupervisionFactory,
    TaskFactory,
    UserFactory,
    build_org_tree,
    make_member,
)

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


@dataclass
class Scenario:
    tree: OrgTree
    organization: Organization
    due: Due
    secretary: object
    deputy: object
    clerk: object
    specialist: object  # a member of the owing organization whose role is not reminded
    supervisor: object  # the committee member in charge of the organization
    staff: object  # office staff of the committee whose plan it is
    outsider: object  # secretary of another organization
    members: list = field(default_factory=list)

    @property
    def reminded(self) -> list:
        return [self.secretary, self.deputy, self.clerk]


def build_scenario(*, due_on: datetime.date = DUE_ON) -> Scenario:
    tree = build_org_tree(committees=1, cells=2, sub_cells=0)
    organization, other = tree.cells
    plan = PlanFactory(owner=tree.upper)
    task = TaskFactory(plan=plan, dated=True, due_on=due_on, text="Xây dựng kế hoạch thực hiện Nghị quyết 21")
    due = Due.objects.create(task=task, organization=organization, period="once", due_on=due_on)
    secretary = make_member(
        organization, Membership.Role.SECRETARY, username="bithu", email="bithu@example.org"
    )
    deputy = make_member(
        organization, Membership.Role.DEPUTY, username="phobithu", email="phobithu@example.org"
    )
    clerk = make_member(organization, Membership.Role.CLERK, username="vanthu", email="vanthu@example.org")
    specialist = make_member(organization, Membership.Role.SPECIALIST, username="chuyenvien")
    retired = UserFactory(username="nghihuu")
    MembershipFactory(
        user=retired, organization=organization, role=Membership.Role.SECRETARY, is_active=False
    )
    supervisor = UserFactory(username="phutrach", email="phutrach@example.org")
    SupervisionFactory(member=supervisor, organization=organization)
    staff = make_member(
        tree.office, Membership.Role.SPECIALIST, username="vanphong", email="vanphong@example.org"
    )
    outsider = make_member(other, Membership.Role.SECRETARY, username="bithu.khac", email="khac@example.org")
    return Scenario(
        tree=tree,
        organization=organization,
        due=due,
        secretary=secretary,
        deputy=deputy,
        clerk=clerk,
        specialist=specialist,
        supervisor=supervisor,
        staff=staff,
        outsider=outsider,
    )
