import pytest

from organizations.signatures.signing import pdf_sign
from organizations.tests.signatures import pki

# The signature block of the Party layout, bottom right of an A4 page (points from the bottom-left corner).
SIGNATURE_BOX = (330.0, 60.0, 560.0, 130.0)


@pytest.fixture
def authority() -> pki.Authority:
    return pki.make_authority("Plantrack Test Root CA")


@pytest.fixture
def secretary(authority) -> pki.Holder:
    return pki.issue(authority, common_name="Nguyễn Văn A", title="Bí thư", organization="Chi bộ Sở Tư pháp")


@pytest.fixture
def cell(authority) -> pki.Holder:
    """The organization's own key, in place of its seal: no person, no title."""
    return pki.issue(authority, common_name="Chi bộ Sở Tư pháp", organization="Chi bộ Sở Tư pháp")


def sign(data: bytes, holder: pki.Holder, box=SIGNATURE_BOX, **kwargs) -> bytes:
    return pdf_sign(data=data, pkcs12=holder.pkcs12(), password=pki.PASSWORD, box=box, **kwargs)


@pytest.fixture
def admin_client(db, admin_user):
    """The admin, signed in and past two-step verification (which Plantrack requires of superusers)."""
    from django.test import Client

    from tests.security_support import pass_two_step

    client = Client()
    client.force_login(admin_user)
    pass_two_step(client, admin_user)
    return client
