"""The organization tree: subtree queries, whose subtree an advisory body's membership grants, search folding."""

import unicodedata

import pytest

from organizations.models import Organization
from organizations.text import fold, nfc
from tests.factories import OrganizationFactory, build_org_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return build_org_tree(committees=2, cells=2, sub_cells=2)


def test_the_tree_has_the_expected_shape(tree):
    assert tree.central.is_root()
    assert Organization.objects.get_parent(tree.provincial) == tree.central
    assert Organization.objects.get_parent(tree.upper) == tree.provincial
    assert [o.depth for o in (tree.central, tree.provincial, tree.upper)] == [1, 2, 3]
    assert all(o.depth == 4 for o in tree.advisory + tree.grassroots + [tree.youth_union])
    assert all(o.depth == 5 for o in tree.all_sub_cells)
    assert {o.kind for o in tree.committees} == {Organization.Kind.GRASSROOTS_COMMITTEE}
    assert {o.kind for o in tree.cells} == {Organization.Kind.GRASSROOTS_CELL}
    for committee in tree.committees:
        assert {o.pk for o in Organization.objects.get_children(committee)} == {
            o.pk for o in tree.sub_cells[committee.pk]
        }


def test_get_descendants_is_the_whole_subtree_and_nothing_above(tree):
    below_upper = set(Organization.objects.get_descendants(tree.upper).values_list("pk", flat=True))
    expected = {o.pk for o in tree.advisory + [tree.youth_union] + tree.grassroots + tree.all_sub_cells}
    assert below_upper == expected
    assert tree.upper.pk not in below_upper
    assert tree.provincial.pk not in below_upper

    committee = tree.committees[0]
    assert set(Organization.objects.get_descendants(committee).values_list("pk", flat=True)) == {
        o.pk for o in tree.sub_cells[committee.pk]
    }
    assert not Organization.objects.get_descendants(tree.cells[0]).exists()


def test_a_path_prefix_selects_a_subtree_in_one_query(tree, django_assert_num_queries):
    committee = tree.committees[1]
    with django_assert_num_queries(1):
        pks = set(Organization.objects.filter(path__startswith=committee.path).values_list("pk", flat=True))
    assert pks == {committee.pk} | {o.pk for o in tree.sub_cells[committee.pk]}
    # A sibling's subtree does not leak in, even though it shares the parent's prefix.
    assert not pks & {o.pk for o in tree.sub_cells[tree.committees[0].pk]}

    everything_below_central = Organization.objects.filter(path__startswith=tree.central.path).count()
    assert everything_below_central == Organization.objects.count()


def test_get_children_stops_at_one_level(tree):
    children = set(Organization.objects.get_children(tree.upper).values_list("pk", flat=True))
    assert children == {o.pk for o in tree.advisory + [tree.youth_union] + tree.grassroots}


def test_adding_a_sibling_never_renumbers_the_others(tree):
    before = dict(Organization.objects.filter(depth=4).values_list("pk", "path"))
    newcomer = OrganizationFactory(
        parent=tree.upper, name="AAA Chi bộ mới", kind=Organization.Kind.GRASSROOTS_CELL
    )
    after = dict(Organization.objects.filter(depth=4).exclude(pk=newcomer.pk).values_list("pk", "path"))
    assert after == before
    assert newcomer.path > max(before.values())


def test_the_scope_of_an_advisory_body_is_the_committee_it_serves(tree):
    for body in tree.advisory:
        assert body.serves_committee and body.scope_path == tree.upper.path


@pytest.mark.parametrize("attribute", ["upper", "provincial", "youth_union"])
def test_the_scope_of_other_nodes_is_the_node_itself(tree, attribute):
    node = getattr(tree, attribute)
    assert node.scope_path == node.path


def test_the_scope_of_grassroots_and_cells_is_themselves(tree):
    for node in tree.grassroots + tree.all_sub_cells:
        assert node.scope_path == node.path


def test_the_scope_of_a_root_advisory_body_is_itself():
    lone = OrganizationFactory(kind=Organization.Kind.ADVISORY, name="Ban Tổ chức Trung ương")
    assert not lone.serves_committee and lone.scope_path == lone.path


def test_is_grassroots(tree):
    assert all(o.is_grassroots for o in tree.grassroots)
    assert not any(o.is_grassroots for o in tree.advisory + tree.all_sub_cells + [tree.upper])


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


def test_saving_an_organization_stores_its_folded_name(tree):
    board = Organization.objects.get(pk=tree.organization_board.pk)
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
        ("kiem tra", {"inspection_committee"}),
        (
            "dang uy khoi",
            {"upper", "organization_board", "propaganda_board", "inspection_committee", "office"},
        ),
        ("doan khoi", {"youth_union"}),
    ],
)
def test_search_ignores_diacritics(tree, query, expected):
    found = set(Organization.objects.filter(name_folded__contains=fold(query)).values_list("pk", flat=True))
    assert found == {getattr(tree, name).pk for name in expected}


def test_dang_finds_every_dang(tree):
    found = set(
        Organization.objects.filter(name_folded__contains=fold("dang")).values_list("name", flat=True)
    )
    assert "Đảng ủy Khối các cơ quan tỉnh" in found
    assert "Ban Tổ chức Đảng ủy Khối" in found
    assert {o.name for o in tree.committees} <= found  # "Đảng bộ Sở ..."
    assert "Tỉnh ủy Bình Định" not in found
