"""The one diacritic fold, character for character (organizations.text.fold_aligned): a match found in the folded
text is cut from the original at the same place."""

import re
import unicodedata

import pytest

from organizations.text import fold, fold_aligned


@pytest.mark.parametrize(
    "text",
    ["Chỉ đạo các cấp ủy, tổ chức cơ sở đảng", "ĐẢNG ỦY KHỐI", "İstanbul ß ﬁ", "", "x\u0301y"],
)
def test_fold_aligned_keeps_one_character_for_one(text):
    assert len(fold_aligned(text)) == len(text)


def test_fold_aligned_agrees_with_fold_on_composed_vietnamese():
    text = "Ban Thường vụ Đảng ủy Khối chỉ đạo các chi bộ"
    assert fold_aligned(text) == fold(text) == "ban thuong vu dang uy khoi chi dao cac chi bo"


def test_a_match_in_the_folded_text_is_a_span_of_the_original():
    text = "Đề nghị Ban Thường vụ chỉ đạo các cấp ủy trực thuộc thực hiện."
    match = re.search(r"chi dao (cac cap uy truc thuoc)", fold_aligned(text))
    assert text[match.start(1) : match.end(1)] == "các cấp ủy trực thuộc"


def test_a_character_without_a_one_letter_fold_keeps_its_place():
    # "İ" (I with a dot) lowers to two characters but folds to "i"; a lone combining mark folds to nothing.
    assert fold_aligned("İß") == "iß"
    decomposed = unicodedata.normalize("NFD", "ố")
    assert fold_aligned(decomposed) == decomposed
