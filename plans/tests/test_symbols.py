"""Document symbols: parsing, normalization, the stated-type check, and what Document.save derives."""

import datetime

import pytest
from django.utils import translation

from plans.models import Document
from plans.symbols import (
    Symbol,
    SymbolError,
    normalize_symbol,
    parse_symbol,
    stated_type_of,
    type_mismatch_warning,
    types_agree,
)
from tests.factories import DocumentFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("62-KH/ĐUK", Symbol("62", "KH", "ĐUK")),
        ("21-NQ/TW", Symbol("21", "NQ", "TW")),
        ("1972-QĐ/TU", Symbol("1972", "QĐ", "TU")),
        ("05-CTr/TU", Symbol("05", "CTr", "TU")),
        ("213-QĐi/TW", Symbol("213", "QĐi", "TW")),
        ("12-HD/BTCTU", Symbol("12", "HD", "BTCTU")),
    ],
)
def test_it_parses_number_type_and_issuer(text, expected):
    assert parse_symbol(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21- NQ/TW", "21-NQ/TW"),  # the seed's own flaw
        ("21 - NQ / TW", "21-NQ/TW"),
        ("  62-KH/ĐUK  ", "62-KH/ĐUK"),
        ("62-kh/đuk", "62-KH/ĐUK"),
        ("1972-qđ/tu", "1972-QĐ/TU"),
        ("05-ctr/tu", "05-CTr/TU"),
        ("05-CTR/TU", "05-CTr/TU"),
        ("05-CTr/TU", "05-CTr/TU"),  # the leading zero is part of the symbol as issued
        ("01-KH/BCĐ35", "01-KH/BCĐ35"),
        ("62–KH/ĐUK", "62-KH/ĐUK"),  # an en dash pasted from a word processor
        ("62-KH/ÐUK", "62-KH/ĐUK"),  # Icelandic eth (legacy Vietnamese fonts) for Đ
    ],
)
def test_it_normalizes_symbols(text, expected):
    assert normalize_symbol(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "62-KH",
        "KH/ĐUK",
        "62/ĐUK",
        "-KH/ĐUK",
        "62-KH/",
        "Số 62-KH/ĐUK",
        "62-XYZ/TW",
        "62-KH/ĐUK abc",
    ],
)
def test_it_rejects_invalid_symbols(text):
    with pytest.raises(SymbolError):
        parse_symbol(text)


def test_the_error_names_the_bad_text_in_english_and_vietnamese():
    with translation.override("en"), pytest.raises(SymbolError) as error:
        parse_symbol("62/ĐUK")
    assert "62/ĐUK" in str(error.value)
    assert "number-TYPE/ISSUER" in str(error.value)
    with translation.override("vi"), pytest.raises(SymbolError) as error:
        parse_symbol("62/ĐUK")
    assert "62/ĐUK" in str(error.value)
    assert "ký hiệu" in str(error.value)


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Nghị quyết số", "NQ"),
        ("Nghị quyết", "NQ"),
        ("thực hiện Nghị quyết số", "NQ"),
        ("NGHỊ QUYẾT SỐ", "NQ"),
        ("Quy định", "QĐ"),
        ("Quy định số", "QĐ"),
        ("Quyết định số", "QĐ"),
        ("Chương trình hành động số", "CTr"),
        ("Chương trình số", "CTr"),
        ("Kết luận số", "KL"),
        ("Kế hoạch số", "KH"),
        ("Chỉ thị", "CT"),
        ("Hướng dẫn số", "HD"),
        ("Tờ trình số", "TTr"),
    ],
)
def test_stated_type_of_reads_the_type_word(words, code):
    assert stated_type_of(words) == code


@pytest.mark.parametrize("words", ["", "số", "theo", "của Ban Thường vụ", "ngày 16/6/2022", "Xnghị quyết số"])
def test_stated_type_of_returns_none_without_a_type_word(words):
    assert stated_type_of(words) is None


def test_it_warns_when_the_type_word_contradicts_the_symbol():
    stated = stated_type_of("Nghị quyết số")
    with translation.override("en"):
        warning = type_mismatch_warning("21-KL/TW", stated)
    assert warning is not None
    assert "21-KL/TW" in warning
    assert "nghị quyết" in warning
    assert "KL" in warning
    assert "kết luận" in warning
    with translation.override("vi"):
        assert "21-KL/TW" in type_mismatch_warning("21-KL/TW", stated)


@pytest.mark.parametrize(
    ("words", "symbol"),
    [
        ("Nghị quyết số", "21-NQ/TW"),
        ("Kế hoạch số", "43-KH/TU"),
        ("Quyết định số", "1972-QĐ/TU"),
        ("Quy định", "213-QĐ/TW"),
        ("Quy định", "213-QĐi/TW"),  # QĐi is the same type as QĐ
        ("Chương trình hành động số", "05-CTr/TU"),
        ("Kết luận số", "21-KL/TW"),
        ("", "21-KL/TW"),  # nothing stated: nothing to contradict
    ],
)
def test_it_does_not_warn_when_the_type_word_matches(words, symbol):
    assert type_mismatch_warning(symbol, stated_type_of(words)) is None


def test_types_agree_treats_qdi_as_qd():
    assert types_agree("QĐ", "QĐi")
    assert types_agree("QĐi", "QĐ")
    assert not types_agree("NQ", "KL")
    assert types_agree(None, "KL")


@pytest.mark.django_db
def test_document_save_normalizes_and_derives_fields():
    document = DocumentFactory(
        symbol="21- NQ/TW", issued_on=datetime.date(2022, 6, 16), title="Về tăng cường củng cố"
    )
    document.refresh_from_db()
    assert document.symbol == "21-NQ/TW"
    assert (document.number, document.doc_type, document.issuer_code) == ("21", "NQ", "TW")
    assert document.warning == ""
    assert document.search_text == "21-nq/tw ve tang cuong cung co"
    assert str(document) == "21-NQ/TW (16/06/2022)"


@pytest.mark.django_db
def test_document_save_flags_a_stated_type_mismatch_and_clears_it_once_fixed():
    document = DocumentFactory(symbol="21-KL/TW", stated_type=stated_type_of("Nghị quyết số"))
    assert document.stated_type == "NQ"
    assert "21-KL/TW" in document.warning
    assert "21-KL/TW" in Document.objects.get(pk=document.pk).warning

    document.symbol = "21-NQ/TW"
    document.save()
    document.refresh_from_db()
    assert document.warning == ""


@pytest.mark.django_db
def test_the_warning_is_worded_in_the_readers_language():
    from django.utils import translation

    document = DocumentFactory(symbol="21-KL/TW", stated_type="NQ")
    with translation.override("en"):
        english = document.warning
    with translation.override("vi"):
        vietnamese = document.warning
    assert "check which document is meant" in english
    assert english != vietnamese and "21-KL/TW" in vietnamese


@pytest.mark.django_db
def test_document_save_rejects_an_invalid_symbol():
    with pytest.raises(SymbolError):
        DocumentFactory(symbol="không có ký hiệu")
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_the_same_document_written_two_ways_is_one_register_entry():
    from django.db import IntegrityError, transaction

    from tests.factories import OrganizationFactory

    committee = OrganizationFactory(kind="upper")  # one committee's register (issue 16, item 1)
    DocumentFactory(symbol="21-NQ/TW", issued_on=datetime.date(2022, 6, 16), registered_by=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFactory(symbol="21- NQ/TW", issued_on=datetime.date(2022, 6, 16), registered_by=committee)


@pytest.mark.django_db
def test_a_regulation_registered_as_quy_dinh_reads_so():
    """Issue 17 item 6: a QĐ registered with the type word "Quy định" (QĐi) is shown as a Quy định."""
    regulation = DocumentFactory(symbol="213-QĐ/TW", stated_type="QĐi")
    assert regulation.type_name == "quy định" and not regulation.warning
    assert DocumentFactory(symbol="1972-QĐ/TU").type_name == "quyết định"


@pytest.mark.parametrize(
    ("written_as", "symbol", "words"),
    [
        ("Nghị quyết số 21-KL/TW, ngày 16/6/2022", "21-KL/TW", "Nghị quyết số "),
        ("Quy định 213-QĐ/TW ngày 02/01/2020", "213-QĐ/TW", "Quy định "),
    ],
)
def test_cited_symbol_reads_the_symbol_and_the_words_before_it(written_as, symbol, words):
    from plans.symbols import cited_symbol

    parsed, before = cited_symbol(written_as)
    assert (str(parsed), before) == (symbol, words)


def test_a_misquote_means_the_symbol_of_its_type_word():
    from plans.symbols import meant_symbol

    assert meant_symbol("21-KL/TW", "NQ") == "21-NQ/TW"
    assert meant_symbol("213-QĐ/TW", "QĐ") is None and meant_symbol("21-KL/TW", None) is None
