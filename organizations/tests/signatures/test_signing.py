"""pdf_sign (a visible stamp at the signature block) and pdf_same_content (an issued PDF signed outside)."""

import re
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from organizations.signatures.signing import pdf_same_content
from organizations.signatures.verification import pdf_signatures_verify
from organizations.tests.signatures import pki
from organizations.tests.signatures.conftest import SIGNATURE_BOX, sign
from organizations.tests.signatures.test_verification import _replace_page_text


def _literal(raw: bytes) -> bytes:
    """A PDF literal string's bytes (the part between the parentheses), escapes resolved."""
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i] == 0x5C:  # backslash
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
            if octal:
                out.append(int(octal[0], 8))
                i += 1 + len(octal[0])
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(raw[i + 1 : i + 2], raw[i + 1 : i + 2])
            i += 2
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def _stamp_text(appearance: generic.StreamObject) -> str:
    """What the stamp says: its marked-content /ActualText entries (UTF-16 with a byte order mark, or plain
    ASCII), line by line."""
    strings = [_literal(raw) for raw in re.findall(rb"/ActualText \(((?:\\.|[^\\)])*)\)", appearance.data)]
    return "\n".join(
        raw.decode("utf-16") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1") for raw in strings
    )


def _widgets(data: bytes, page_index: int) -> list[generic.DictionaryObject]:
    reader = PdfFileReader(BytesIO(data))
    page = reader.root["/Pages"]["/Kids"][page_index]
    return [annot.get_object() for annot in page.get("/Annots", ())]


def test_a_visible_signature_at_the_given_rectangle_verifies_valid(authority, secretary):
    signed = sign(pki.simple_pdf(), secretary, signer_label="T/M BAN THƯỜNG VỤ – BÍ THƯ", reason="Ban hành")

    report = pdf_signatures_verify(data=signed, trust_roots=[authority.pem])
    assert report.valid
    assert report.signatures[0].signer == "Nguyễn Văn A"

    [widget] = _widgets(signed, 0)
    assert widget["/Subtype"] == "/Widget" and widget["/FT"] == "/Sig"
    assert [float(v) for v in widget["/Rect"]] == list(SIGNATURE_BOX)
    appearance = widget["/AP"]["/N"]
    x1, y1, x2, y2 = (float(v) for v in appearance["/BBox"])
    assert (abs(x2 - x1), abs(y2 - y1)) == (
        SIGNATURE_BOX[2] - SIGNATURE_BOX[0],
        SIGNATURE_BOX[3] - SIGNATURE_BOX[1],
    )
    text = _stamp_text(appearance)
    assert "Nguyễn Văn A" in text and "T/M BAN THƯỜNG VỤ – BÍ THƯ" in text
    # The stamp carries its font (a subset with the Vietnamese letters it needs), not a reader's default.
    [font] = appearance["/Resources"]["/Font"].values()
    descendant = font.get_object()["/DescendantFonts"][0].get_object()
    assert "/FontFile2" in descendant["/FontDescriptor"] or "/FontFile3" in descendant["/FontDescriptor"]
    assert report.signatures[0].valid


def test_stamp_glyph_widths_are_in_thousandths_of_an_em(secretary):
    # pyHanko 0.38 writes widths in font units; the stamp font is rescaled so that PDF readers space the
    # letters right (a digit of a Times-like face is half an em: 500, not 1024).
    signed = sign(pki.simple_pdf(), secretary)
    [widget] = _widgets(signed, 0)
    [font] = widget["/AP"]["/N"]["/Resources"]["/Font"].values()
    widths = font.get_object()["/DescendantFonts"][0].get_object()["/W"]
    numbers = [int(w) for entry in list(widths)[1::2] for w in entry]
    assert numbers and max(numbers) <= 1000


def test_the_last_page_by_default_or_the_page_asked(authority, secretary):
    two_pages = pki.simple_pdf("Trang 1", "Trang 2")

    on_last = sign(two_pages, secretary)
    assert _widgets(on_last, 0) == [] and len(_widgets(on_last, 1)) == 1

    on_first = sign(two_pages, secretary, page=0)
    assert len(_widgets(on_first, 0)) == 1 and _widgets(on_first, 1) == []
    assert pdf_signatures_verify(data=on_first, trust_roots=[authority.pem]).valid

    with pytest.raises(ValueError, match="page 2 does not exist"):
        sign(two_pages, secretary, page=2)


def test_a_wrong_password_is_a_clear_error(secretary):
    with pytest.raises(ValidationError, match="PLANTRACK_SIGNING_PASSWORD"):
        from organizations.signatures.signing import pdf_sign

        pdf_sign(data=pki.simple_pdf(), pkcs12=secretary.pkcs12(), password=b"wrong", box=SIGNATURE_BOX)


def test_signed_outside_plantrack_is_the_issued_file_plus_signatures(secretary, cell):
    issued = pki.simple_pdf()
    by_token = sign(issued, secretary)
    then_sealed = sign(by_token, cell, box=(330, 140, 560, 200))

    assert pdf_same_content(issued=issued, signed=by_token)
    assert pdf_same_content(issued=issued, signed=then_sealed)
    assert pdf_same_content(issued=by_token, signed=then_sealed)


def test_not_the_same_content(secretary):
    issued = pki.simple_pdf("Bao cao so 05-BC/DUK")

    # Not signed at all: the same bytes, or the same bytes with another update.
    assert not pdf_same_content(issued=issued, signed=issued)
    assert not pdf_same_content(issued=issued, signed=_replace_page_text(issued, b"Bao cao so 05-BC/DUK"))
    # Another document, signed.
    assert not pdf_same_content(issued=issued, signed=sign(pki.simple_pdf("Bao cao so 06-BC/DUK"), secretary))
    # The issued bytes, one changed, then signed.
    position = issued.index(b"05-BC")
    altered = issued[:position] + b"06" + issued[position + 2 :]
    assert not pdf_same_content(issued=issued, signed=sign(altered, secretary))
    # The issued bytes, the page rewritten in an update, then signed: the signature itself is valid.
    assert not pdf_same_content(issued=issued, signed=sign(_replace_page_text(issued, b"Forged"), secretary))
    # Not a PDF after the issued bytes.
    assert not pdf_same_content(issued=issued, signed=issued + b"garbage")


def test_an_annotation_added_with_the_signature_is_not_the_same_content(secretary):
    issued = pki.simple_pdf()
    writer = IncrementalPdfFileWriter(BytesIO(issued), strict=False)
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Annot"),
                generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
                generic.NameObject("/Rect"): generic.ArrayObject(
                    map(generic.FloatObject, (72, 700, 300, 740))
                ),
                generic.NameObject("/Contents"): generic.TextStringObject("Đã sửa"),
            }
        )
    )
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0).reference
    page = page_ref.get_object()
    page[generic.NameObject("/Annots")] = generic.ArrayObject([note])
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)

    assert not pdf_same_content(issued=issued, signed=sign(out.getvalue(), secretary))


def test_the_document_information_rewritten_by_signing_software_is_the_same_content(secretary):
    # pyHanko, like other signing tools, rewrites the information dictionary (/Producer, /ModDate) of a
    # file that has one, as WeasyPrint's reports do.
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(pki.simple_pdf())))
    writer.add_metadata({"/Producer": "WeasyPrint 70.0", "/Title": "Báo cáo"})
    buffer = BytesIO()
    writer.write(buffer)
    issued = buffer.getvalue()
    by_token = sign(issued, secretary)
    reader = PdfFileReader(BytesIO(by_token))
    assert "pyHanko" in str(reader.trailer["/Info"]["/Producer"])  # rewritten in the signature's update

    assert pdf_same_content(issued=issued, signed=by_token)
    position = issued.index(b"05-BC")
    assert not pdf_same_content(
        issued=issued, signed=sign(issued[:position] + b"06" + issued[position + 2 :], secretary)
    )
