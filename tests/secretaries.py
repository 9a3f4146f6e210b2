"""A small bloc for the secretaries' and review pages, and real files of each accepted (or refused) kind.

Everyone the access tests need:
- ``secretary``, ``clerk``, ``deputy``: members of Đảng bộ Sở Tài chính (``org``), which owes ``due``;
- ``sibling``: the secretary of Đảng bộ Sở Y tế, a sibling in the same bloc, which owes ``sibling_due``;
- ``staff``: Văn phòng Đảng ủy Khối (reviews what the bloc submits); ``board``: Ban Tổ chức (also staff);
- ``outsider``: the secretary of an organization in an unrelated tree.
"""

import datetime
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from organizations.models import Membership, Organization
from tasks.models import Due, Task
from tests.factories import (
    DueFactory,
    OrganizationFactory,
    OrgTree,
    PlanFactory,
    TaskFactory,
    build_org_tree,
    make_member,
)

DUE_DATE = datetime.date(2023, 2, 28)


@dataclass
class World:
    tree: OrgTree
    plan: object
    task: Task
    org: Organization
    sibling_org: Organization
    due: Due
    sibling_due: Due
    secretary: object
    clerk: object
    deputy: object
    sibling: object
    staff: object
    board: object
    outsider: object


def build_world(*, committees: int = 2) -> World:
    tree = build_org_tree(committees=max(committees, 2), cells=1, sub_cells=1)
    org, sibling_org = tree.committees[0], tree.committees[1]
    plan = PlanFactory(owner=tree.upper)
    task = TaskFactory(
        plan=plan,
        dated=True,
        due_on=DUE_DATE,
        text="Xây dựng kế hoạch thực hiện Nghị quyết 21-NQ/TW của cấp ủy cơ sở",
    )
    due = DueFactory(task=task, organization=org, due_on=DUE_DATE)
    sibling_due = DueFactory(task=task, organization=sibling_org, due_on=DUE_DATE)
    unrelated = OrganizationFactory(
        name="Đảng bộ Công ty Ngoài Khối", kind=Organization.Kind.GRASSROOTS_COMMITTEE
    )
    return World(
        tree=tree,
        plan=plan,
        task=task,
        org=org,
        sibling_org=sibling_org,
        due=due,
        sibling_due=sibling_due,
        secretary=make_member(org, username="bithu.taichinh"),
        clerk=make_member(org, Membership.Role.CLERK, username="vanthu.taichinh"),
        deputy=make_member(org, Membership.Role.DEPUTY, username="phobithu.taichinh"),
        sibling=make_member(sibling_org, username="bithu.yte"),
        staff=make_member(tree.office, Membership.Role.SPECIALIST, username="vanphong"),
        board=make_member(tree.organization_board, Membership.Role.SPECIALIST, username="bantochuc"),
        outsider=make_member(unrelated, username="bithu.ngoai"),
    )


# --- files ---------------------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    """A real one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def docx_bytes(*, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        if macros:
            package.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def exe_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode"
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    return upload(name, pdf_bytes())
