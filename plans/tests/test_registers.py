"""Each committee's register (issue 16, item 1): a document belongs to the committee that registered it. Two
sibling committees under the same Tỉnh ủy (the world's bloc and the outsider bloc) each register the Tỉnh ủy's
guidance without blocking the other, neither edits nor withdraws the other's, no message tells of the other's,
and a symbol's issuer code must agree with the issuer chosen."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Document

pytestmark = pytest.mark.django_db


def _form(world, **overrides):
    return {
        "symbol": "12-HD/TU",
        "stated_type": "",
        "issued_on": "01/03/2023",
        "issuer": str(world.provincial.pk),
        "title": "Hướng dẫn quy chế làm việc mẫu của cấp ủy cơ sở",
        **overrides,
    }


def _register(client, user, world, **overrides):
    client.force_login(user)
    return client.post(reverse("document_create"), _form(world, **overrides))


def test_each_committee_registers_the_superiors_guidance_without_blocking_the_other(client, world):
    first = _register(client, world.outsider_staff, world)
    assert first.status_code == 302
    second = _register(client, world.staff, world, title="Hướng dẫn của Tỉnh ủy")
    assert second.status_code == 302, second.content.decode()[:2000]
    theirs, ours = Document.objects.filter(symbol="12-HD/TU").order_by("pk")
    assert theirs.registered_by == world.outsider_committee
    assert ours.registered_by == world.committee
    # Twice in one register is still refused, worded as before.
    again = _register(client, world.staff, world)
    assert again.status_code == 200
    assert "đã tồn tại" in again.content.decode()


def test_the_message_never_tells_of_another_committees_document(client, world):
    _register(client, world.outsider_staff, world, title="Bí mật của khối khác")
    response = _register(client, world.staff, world, symbol="12-HD/TU", issued_on="01/03/2023")
    assert response.status_code == 302
    client.force_login(world.staff)
    check = client.get(reverse("document_symbol_check"), {"symbol": "12-HD/TU"}).content.decode()
    assert "Bí mật của khối khác" not in check
    listing = client.get(reverse("document_list"), {"q": "bí mật"}).content.decode()
    assert "Bí mật của khối khác" not in listing


@pytest.mark.parametrize("issuer", ["provincial", "central", None])
def test_only_the_registering_office_edits_or_withdraws(client, world, issuer):
    symbol = {"provincial": "12-HD/TU", "central": "30-HD/TW", None: "5-CV/VPTW"}[issuer]
    issuer_pk = str(getattr(world, issuer).pk) if issuer else ""
    assert _register(client, world.staff, world, symbol=symbol, issuer=issuer_pk).status_code == 302
    document = Document.objects.get(symbol=symbol)
    assert document.registered_by == world.committee

    client.force_login(world.outsider_staff)
    for url in (
        reverse("document_edit", args=[document.pk]),
        reverse("document_withdraw", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {**_form(world, symbol=symbol, issuer=issuer_pk), "reason": "ẩn đi"}).status_code
            == 404
        )
    assert client.get(reverse("document_detail", args=[document.pk])).status_code == 404
    document.refresh_from_db()
    assert not document.is_withdrawn and document.registered_by == world.committee

    client.force_login(world.staff)  # the owner still does
    assert client.get(reverse("document_edit", args=[document.pk])).status_code == 200


def test_a_superiors_register_is_read_but_not_edited_below(client, world):
    from organizations.models import Membership, Organization
    from tests.factories import OrganizationFactory, make_member

    provincial = Organization.objects.get(pk=world.provincial.pk)  # its current numchild, for treebeard
    provincial_office = OrganizationFactory(parent=provincial, name="Văn phòng Tỉnh ủy", kind="advisory")

    clerk = make_member(provincial_office, Membership.Role.SPECIALIST, username="vanphong.tu")
    assert _register(client, clerk, world, symbol="40-KH/TU").status_code == 302
    document = Document.objects.get(symbol="40-KH/TU")
    assert document.registered_by == world.provincial
    client.force_login(world.staff)
    assert client.get(reverse("document_detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("document_edit", args=[document.pk])).status_code == 404


@pytest.mark.parametrize(
    ("symbol", "issuer", "accepted"),
    [
        ("12-HD/TU", "provincial", True),
        ("12-HD/TU", "committee", False),
        ("21-NQ/TW", "provincial", False),
        ("21-NQ/TW", "central", True),
        ("05-KH/ĐUK", "committee", True),
        ("05-KH/ĐUK", "organization_board", True),  # the Ban Tổ chức speaks with its committee's code
        ("05-KH/ĐUK", "org", False),
        ("07-KH/BTCTU", "provincial", True),
        ("01-KH/BCĐ35", "committee", True),  # a code Plantrack cannot place is not checked
    ],
)
def test_the_symbols_issuer_code_agrees_with_the_issuer(client, world, symbol, issuer, accepted):
    response = _register(client, world.staff, world, symbol=symbol, issuer=str(getattr(world, issuer).pk))
    if accepted:
        assert response.status_code == 302, response.content.decode()[:3000]
    else:
        assert response.status_code == 200
        assert (
            f"Ký hiệu cơ quan ban hành “{symbol.split('/')[1]}” không phải của" in response.content.decode()
        )
        assert not Document.objects.filter(symbol=symbol).exists()


def test_the_register_is_unique_per_committee_in_the_database(world):
    from django.db import IntegrityError, transaction

    Document.objects.create(
        symbol="12-HD/TU", issued_on=datetime.date(2023, 3, 1), registered_by=world.outsider_committee
    )
    Document.objects.create(
        symbol="12-HD/TU", issued_on=datetime.date(2023, 3, 1), registered_by=world.committee
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            symbol="12-HD/TU", issued_on=datetime.date(2023, 3, 1), registered_by=world.committee
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_document_its_registering_committee():
    """0007 fills registered_by: the plan's owner for a plan's text, the committee whose office its
    registrant served otherwise, and nothing when neither is known."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("plans", "0005_attachment_signatures")],
        [("plans", "0008_document_unique_per_register")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Organization, Membership = (
        old.get_model("organizations", "Organization"),
        old.get_model("organizations", "Membership"),
    )
    Document, Plan = old.get_model("plans", "Document"), old.get_model("plans", "Plan")
    User = old.get_model("auth", "User")
    committee = Organization.objects.create(
        path="0001", depth=1, code="dang-uy-khoi", name="Đảng ủy Khối", kind="upper"
    )
    office = Organization.objects.create(
        path="00010001", depth=2, code="van-phong", name="Văn phòng", kind="advisory"
    )
    clerk = User.objects.create(username="vanphong")
    Membership.objects.create(user=clerk, organization=office, role="specialist", is_active=True)
    text = Document.objects.create(symbol="62-KH/ĐUK", number="62", doc_type="KH", issuer_code="ĐUK")
    Plan.objects.create(
        document=text, owner=committee, title="Kế hoạch", period_start="2023-01-01", period_end="2025-12-31"
    )
    typed = Document.objects.create(
        symbol="12-HD/TU", number="12", doc_type="HD", issuer_code="TU", created_by=clerk
    )
    unknown = Document.objects.create(symbol="5-CV/VPTW", number="5", doc_type="CV", issuer_code="VPTW")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("plans", "Document")
    assert new.objects.get(pk=text.pk).registered_by_id == committee.pk
    assert new.objects.get(pk=typed.pk).registered_by_id == committee.pk
    assert new.objects.get(pk=unknown.pk).registered_by_id is None
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
