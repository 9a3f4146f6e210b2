"""The letterhead of a report, in the Party document layout (docs/domain.md): the superior and issuing bodies
top left, the place and date top right, the signature block and the recipients at the end.

`plan_letterhead` is the plan's committee writing (the plan and compliance reports); `organization_letterhead`
is one organization writing its own report.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organizations.models import Membership, Organization
from organizations.people import person_name
from plans.models import Plan

NUMBER_BLANK = "\u00a0" * 8  # the room left for a number written by hand


@dataclass
class Letterhead:
    superior: str  # top left, capitals: "ĐẢNG BỘ TỈNH BÌNH ĐỊNH"
    issuer: str  # top left, bold capitals: "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH"
    issuer_name: str  # the same in a sentence: "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"
    symbol_suffix: str  # "BC/ĐUK": the number before it is left blank for the clerk
    place: str
    issued_on: datetime.date
    signature_authority: str  # "T/M BAN THƯỜNG VỤ"
    signature_title: str  # "BÍ THƯ"
    signature_name: str
    recipients: list[str]
    number: str = ""  # "05": given when the report is issued; blank on a draft, for the clerk to fill in

    @property
    def symbol(self) -> str:
        """ "05-BC/ĐUK", or "      -BC/ĐUK" (no-break spaces) while the number is not given."""
        return f"{self.number or NUMBER_BLANK}-{self.symbol_suffix}"

    @property
    def issuer_lines(self) -> list[str]:
        return balanced_lines(self.issuer)

    @property
    def superior_lines(self) -> list[str]:
        return balanced_lines(self.superior)

    @property
    def place_date(self) -> str:
        """ "Quy Nhơn, ngày 05 tháng 02 năm 2024": days under 10 and months 1 and 2 take a leading zero
        (Hướng dẫn 36-HD/VPTW)."""
        day, month = self.issued_on.day, self.issued_on.month
        return _("%(place)s, %(day)s/%(month)s/%(year)s") % {
            "place": self.place,
            "day": f"{day:02d}",
            "month": f"{month:02d}" if month <= 2 else str(month),
            "year": self.issued_on.year,
        }

    @property
    def recipient_lines(self) -> list[str]:
        """ "- Tỉnh ủy (b/c)," ... "- Lưu Văn phòng.": a dash before each, a comma after, a full stop last."""
        lines = [r.strip().rstrip(",.;") for r in self.recipients if r.strip()]
        return [f"- {line}{'.' if i == len(lines) - 1 else ','}" for i, line in enumerate(lines)]


def balanced_lines(text: str, *, width: int = 24) -> list[str]:
    """A name too long for the letterhead's column, cut at the space that gives two lines of nearly equal
    length ("ĐẢNG ỦY KHỐI / CÁC CƠ QUAN TỈNH") rather than a lone last word."""
    if len(text) <= width or " " not in text:
        return [text]
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    cut = min(spaces, key=lambda i: max(i, len(text) - i - 1))
    return [text[:cut], text[cut + 1 :]]


_PARTY_BODY_OF = (
    # A committee (cấp ủy) writes in the name of its Party organization (đảng bộ) one level up.
    ("Tỉnh ủy ", "Đảng bộ tỉnh "),
    ("Thành ủy ", "Đảng bộ thành phố "),
    ("Huyện ủy ", "Đảng bộ huyện "),
    ("Thị ủy ", "Đảng bộ thị xã "),
    ("Đảng ủy ", "Đảng bộ "),
)


def party_organization_name(organization: Organization | None) -> str:
    """The Party organization a committee belongs to, as the superior line names it: "Tỉnh ủy Bình Định"
    → "Đảng bộ tỉnh Bình Định", "Đảng ủy Khối các cơ quan tỉnh" → "Đảng bộ Khối các cơ quan tỉnh"."""
    if organization is None:
        return ""
    for committee, body in _PARTY_BODY_OF:
        if organization.name.startswith(committee):
            return body + organization.name[len(committee) :]
    return organization.name


def issuing_body_name(organization: Organization) -> str:
    """Who issues: a đảng bộ writes as its committee (Đảng bộ Sở Y tế → Đảng ủy Sở Y tế); a chi bộ or a
    committee writes under its own name."""
    if organization.name.startswith("Đảng bộ "):
        return "Đảng ủy " + organization.name[len("Đảng bộ ") :]
    return organization.name


def _parent(organization: Organization) -> Organization | None:
    if organization.depth <= 1:
        return None
    return Organization.objects.filter(path=organization.path[: -organization.steplen]).first()


def plan_letterhead(*, plan: Plan, as_of: datetime.date) -> Letterhead:
    owner = plan.owner
    parent = _parent(owner)
    recipients = []
    if parent is not None:
        recipients.append(_("%(committee)s (for reporting)") % {"committee": parent.name})
    recipients += [_("Members of the Standing Committee"), _("Office files")]
    return Letterhead(
        superior=party_organization_name(parent).upper(),
        issuer=issuing_body_name(owner).upper(),
        issuer_name=_("the Standing Committee of %(committee)s") % {"committee": issuing_body_name(owner)},
        symbol_suffix=f"BC/{plan.document.issuer_code}",
        place=plan.place or _("Quy Nhơn"),
        issued_on=as_of,
        signature_authority=plan.signature_authority or _("ON BEHALF OF THE STANDING COMMITTEE"),
        signature_title=plan.signature_title or _("SECRETARY"),
        signature_name=plan.signature_name,
        recipients=recipients,
    )


def organization_letterhead(*, plan: Plan, organization: Organization, as_of: datetime.date) -> Letterhead:
    parent = _parent(organization)
    is_committee = organization.name.startswith(("Đảng bộ ", "Đảng ủy "))
    secretary = (
        Membership.objects.filter(
            organization=organization, role=Membership.Role.SECRETARY, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    recipients = []
    if parent is not None:
        recipients.append(_("%(committee)s (for reporting)") % {"committee": parent.name})
    recipients.append(pgettext("recipients", "Files"))
    return Letterhead(
        superior=party_organization_name(parent).upper(),
        issuer=issuing_body_name(organization).upper(),
        issuer_name=issuing_body_name(organization),
        symbol_suffix="BC/ĐU" if is_committee else "BC/CB",
        place=plan.place or _("Quy Nhơn"),
        issued_on=as_of,
        signature_authority=(
            _("ON BEHALF OF THE PARTY COMMITTEE") if is_committee else _("ON BEHALF OF THE PARTY CELL")
        ),
        signature_title=_("SECRETARY"),
        signature_name=person_name(secretary.user) if secretary else "",
        recipients=recipients,
    )
