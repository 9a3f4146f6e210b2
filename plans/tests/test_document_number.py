"""The register's symbol field accepts only a number and symbol: a formula typed as a symbol is refused with
the Vietnamese message (issue 16, item 2: a symbol is shown in reports' workbooks)."""

import pytest

from organizations.models import Organization
from plans.forms import DocumentForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("symbol", ["=1+1", "@SUM(A1)", "+62-KH/ĐUK", "-62-KH/ĐUK"])
def test_the_register_refuses_a_formula_as_a_symbol(symbol):
    form = DocumentForm(
        data={"symbol": symbol, "stated_type": "", "issued_on": "05/01/2023", "title": "Kế hoạch"},
        issuers=Organization.objects.none(),
    )
    assert not form.is_valid()
    assert form.errors["symbol"] == [
        f"“{symbol}” không phải là số, ký hiệu văn bản theo dạng số-LOẠI/CƠ QUAN, ví dụ 62-KH/ĐUK."
    ]
