"""The people and organizations the documents, plan page and guidance tests share.

- ``owner``: a specialist of the Văn phòng of the Đảng ủy Khối (office staff: manages the bloc's plans);
- ``member``: the secretary of a grassroots cell of the same bloc (sees only their own cell);
- ``outsider``: office staff of another bloc under the same Tỉnh ủy.
"""

from dataclasses import dataclass

from django.urls import reverse

from organizations.models import Membership, Organization
from plans.models import Plan
from tests.factories import OrganizationFactory, OrgTree, PlanFactory, build_org_tree, make_member

# A minimal valid PDF: organizations.files.uploads checks the content, not the name.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The start of a Windows executable.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@dataclass
class Bloc:
    tree: OrgTree
    owner: object
    member: object
    outsider: object
    other_upper: Organization
    plan: Plan | None = None


def build_bloc(*, committees: int = 2, cells: int = 2, sub_cells: int = 1, plan: bool = True) -> Bloc:
    tree = build_org_tree(committees=committees, cells=cells, sub_cells=sub_cells)
    owner = make_member(tree.office, role=Membership.Role.SPECIALIST, username="vanphong")
    member = make_member(tree.cells[0], role=Membership.Role.SECRETARY, username="bithu")
    other_upper = OrganizationFactory(
        parent=tree.provincial, kind=Organization.Kind.UPPER, name="Đảng ủy Khối Doanh nghiệp tỉnh"
    )
    other_office = OrganizationFactory(
        parent=other_upper, kind=Organization.Kind.ADVISORY, name="Văn phòng ĐUK DN"
    )
    outsider = make_member(other_office, role=Membership.Role.SPECIALIST, username="vanphong.dn")
    bloc = Bloc(tree=tree, owner=owner, member=member, outsider=outsider, other_upper=other_upper)
    if plan:
        bloc.plan = PlanFactory(
            owner=tree.upper, document__symbol="62-KH/ĐUK", title="Kế hoạch thực hiện Nghị quyết 21"
        )
    return bloc


def login_url_for(url: str) -> str:
    return f"{reverse('login')}?next={url}"
