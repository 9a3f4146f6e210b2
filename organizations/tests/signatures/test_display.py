"""One line in words per signature, in Vietnamese by default."""

import datetime

import pytest
from django.utils import translation

from organizations.signatures.display import report_lines, signature_line
from organizations.signatures.verification import DocumentStatus, Revocation, SignatureReport, SignatureResult

SIGNED_AT = datetime.datetime(2023, 3, 12, 2, 14, tzinfo=datetime.UTC)  # 09:14 in Quy Nhơn


def _result(**overrides) -> SignatureResult:
    values = {
        "field_name": "Signature1",
        "signer": "Nguyễn Văn A",
        "title": "Bí thư",
        "organization": "Chi bộ Sở Tư pháp",
        "signed_at": SIGNED_AT,
        "timestamped": False,
        "intact": True,
        "covers_whole_file": True,
        "trusted": True,
        "expired": False,
        "revocation": Revocation.GOOD,
    }
    return SignatureResult(**{**values, **overrides})


@pytest.mark.parametrize(
    ("overrides", "state"),
    [
        ({}, "hợp lệ"),
        ({"intact": False}, "đã bị sửa sau khi ký"),
        ({"trusted": False}, "chứng thư không do tổ chức được tin cậy cấp"),
        ({"expired": True}, "chứng thư đã hết hạn"),
        ({"revocation": Revocation.REVOKED}, "chứng thư đã bị thu hồi"),
        ({"revocation": Revocation.UNKNOWN}, "hợp lệ, chưa kiểm tra được thu hồi"),
        ({"intact": False, "expired": True}, "đã bị sửa sau khi ký, chứng thư đã hết hạn"),
    ],
)
def test_the_line_in_vietnamese(overrides, state):
    with translation.override("vi"):
        line = signature_line(_result(**overrides))

    assert line == f"Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 12/03/2023 09:14 – {state}"


def test_an_organization_signing_in_place_of_its_seal_is_named_once():
    seal = _result(signer="Chi bộ Sở Tư pháp", title="", organization="Chi bộ Sở Tư pháp")

    with translation.override("vi"):
        assert signature_line(seal) == "Đã ký số: Chi bộ Sở Tư pháp – 12/03/2023 09:14 – hợp lệ"


def test_the_line_in_english():
    with translation.override("en"):
        line = signature_line(_result(trusted=False))

    assert line == (
        "Digitally signed: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 12/03/2023 09:14 – "
        "certificate not issued by a trusted organization"
    )


def test_unsigned_and_unreadable_documents():
    with translation.override("vi"):
        assert report_lines(SignatureReport(DocumentStatus.UNSIGNED)) == ["Không có chữ ký số"]
        assert report_lines(SignatureReport(DocumentStatus.NOT_PDF)) == ["Không phải tệp PDF đọc được"]
        both = SignatureReport(DocumentStatus.SIGNED, (_result(), _result(intact=False)))
        assert report_lines(both) == [
            "Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 12/03/2023 09:14 – hợp lệ",
            "Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 12/03/2023 09:14 – đã bị sửa sau khi ký",
        ]
