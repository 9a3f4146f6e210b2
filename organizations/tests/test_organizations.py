"""The organization tree: subtree queries, whose subtree an advisory body's membership grants, search folding."""

import unicodedata

import pytest

from organizations.models import Organization
from organizations.text import fold, nfc
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def advisory(world) -> list[Organization]:
    return [world.organization_board, world.office]


def test_the_tree_has_the_expected_shape(world):
    assert world.central.is_root()
    assert Organization.objects.get_parent(world.provincial) == world.central
    assert Organization.objects.get_parent(world.committee) == world.provincial
    assert [o.depth for o in (world.central, world.provincial, world.committee)] == [1, 2, 3]
    assert all(o.depth == 4 for o in advisory(world) + world.grassroots)
    assert world.sub_cell.depth == 5
    assert {o.kind for o in world.committees} == {Organization.Kind.GRASSROOTS_COMMITTEE}
    assert {o.kind for o in world.cells} == {Organization.Kind.GRASSROOTS_CELL}
    assert {o.pk for o in Organization.objects.get_children(world.org)} == {world.sub_cell.pk}
    assert not Organization.objects.get_children(world.sibling_org).exists()


def test_get_descendants_is_the_whole_subtree_and_nothing_above(world):
    below = set(Organization.objects.get_descendants(world.committee).values_list("pk", flat=True))
    assert below == {o.pk for o in advisory(world) + world.grassroots + [world.sub_cell]}
    assert world.committee.pk not in below
    assert world.provincial.pk not in below
    assert world.outsider_org.pk not in below  # another bloc under the same Tỉnh ủy

    assert set(Organization.objects.get_descendants(world.org).values_list("pk", flat=True)) == {
        world.sub_cell.pk
    }
    assert not Organization.objects.get_descendants(world.cell).exists()


def test_a_path_prefix_selects_a_subtree_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        pks = set(Organization.objects.filter(path__startswith=world.org.path).values_list("pk", flat=True))
    assert pks == {world.org.pk, world.sub_cell.pk}
    # A sibling's subtree does not leak in, even though it shares the parent's prefix.
    assert not pks & {world.sibling_org.pk, world.cell.pk}

    everything_below_central = Organization.objects.filter(path__startswith=world.central.path).count()
    assert everything_below_central == Organization.objects.count()


def test_get_children_stops_at_one_level(world):
    children = set(Organization.objects.get_children(world.committee).values_list("pk", flat=True))
    assert children == {o.pk for o in advisory(world) + world.grassroots}


def test_adding_a_sibling_never_renumbers_the_others(world):
    before = dict(Organization.objects.filter(depth=4).values_list("pk", "path"))
    newcomer = OrganizationFactory(
        parent=world.committee, name="AAA Chi bộ mới", kind=Organization.Kind.GRASSROOTS_CELL
    )
    after = dict(Organization.objects.filter(depth=4).exclude(pk=newcomer.pk).values_list("pk", "path"))
    assert after == before
    assert newcomer.path > max(path for path in before.values() if path.startswith(world.committee.path))


def test_the_scope_of_an_advisory_body_is_the_committee_it_serves(world):
    for body in advisory(world):
        assert body.serves_committee and body.scope_path == world.committee.path
    assert world.outsider_office.scope_path == world.outsider_committee.path


@pytest.mark.parametrize("attribute", ["committee", "provincial", "outsider_committee"])
def test_the_scope_of_other_nodes_is_the_node_itself(world, attribute):
    node = getattr(world, attribute)
    assert node.scope_path == node.path


def test_the_scope_of_a_mass_organization_is_itself(world):
    youth = OrganizationFactory(
        parent=world.committee, name="Đoàn Khối các cơ quan tỉnh", kind=Organization.Kind.MASS
    )
    assert not youth.serves_committee and youth.scope_path == youth.path


def test_the_scope_of_grassroots_and_cells_is_themselves(world):
    for node in world.grassroots + [world.sub_cell]:
        assert node.scope_path == node.path


def test_the_scope_of_a_root_advisory_body_is_itself():
    lone = OrganizationFactory(kind=Organization.Kind.ADVISORY, name="Ban Tổ chức Trung ương")
    assert not lone.serves_committee and lone.scope_path == lone.path


def test_is_grassroots(world):
    assert all(o.is_grassroots for o in world.grassroots)
    assert not any(o.is_grassroots for o in advisory(world) + [world.sub_cell, world.committee])


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Tổ chức", "to chuc"),
        ("Đảng", "dang"),
        ("ĐẢNG ỦY KHỐI", "dang uy khoi"),
        ("đảng viên", "dang vien"),
        ("Ủy ban Kiểm tra", "uy ban kiem tra"),
        ("Tuyên giáo", "tuyen giao"),
        ("Thường vụ", "thuong vu"),
        ("Nguyễn Đặng Thị Thu Hòa", "nguyen dang thi thu hoa"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_strips_diacritics_and_case(text, folded):
    assert fold(text) == folded


def test_fold_treats_decomposed_and_composed_text_alike():
    composed = "Tổ chức cơ sở đảng"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert fold(decomposed) == fold(composed) == "to chuc co so dang"
    assert nfc(decomposed) == composed


def test_saving_an_organization_stores_its_folded_name(world):
    board = Organization.objects.get(pk=world.organization_board.pk)
    assert board.name_folded == "ban to chuc dang uy khoi"
    board.name = "Ban Xây dựng Đảng"
    board.save()
    board.refresh_from_db()
    assert board.name_folded == "ban xay dung dang"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("to chuc", {"organization_board"}),
        ("Tổ Chức", {"organization_board"}),
        ("van phong", {"office", "outsider_office"}),
        (
            "dang uy khoi",
            {"committee", "organization_board", "office", "outsider_committee", "outsider_office"},
        ),
        ("tai chinh", {"org", "sub_cell"}),
    ],
)
def test_search_ignores_diacritics(world, query, expected):
    found = set(Organization.objects.filter(name_folded__contains=fold(query)).values_list("pk", flat=True))
    assert found == {getattr(world, name).pk for name in expected}


def test_dang_finds_every_dang(world):
    found = set(
        Organization.objects.filter(name_folded__contains=fold("dang")).values_list("name", flat=True)
    )
    assert "Đảng ủy Khối các cơ quan tỉnh" in found
    assert "Ban Tổ chức Đảng ủy Khối" in found
    assert {o.name for o in world.committees} <= found  # "Đảng bộ Sở ..."
    assert "Tỉnh ủy Bình Định" not in found
