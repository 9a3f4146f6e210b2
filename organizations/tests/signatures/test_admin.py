"""Trust anchors and organizations' signing certificates: checked before they are stored, listed in the admin."""

import datetime

import pytest
from auditlog.models import LogEntry
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import Organization, OrganizationCertificate, TrustAnchor
from organizations.signatures import certificates
from organizations.signatures.signing import SigningUnavailable, pdf_sign_as_organization
from organizations.signatures.verification import pdf_signatures_verify
from organizations.tests.signatures import pki
from organizations.tests.signatures.conftest import SIGNATURE_BOX

pytestmark = pytest.mark.django_db

ANCHORS_URL = "/admin/organizations/trustanchor/"
CERTIFICATES_URL = "/admin/organizations/organizationcertificate/"


@pytest.fixture(autouse=True)
def _english(admin_client, settings):
    """The admin's messages in English: the interface language is the cookie's (config.locale)."""
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def organization() -> Organization:
    return Organization.objects.add_root(
        create_kwargs={
            "code": "chi-bo-tu-phap",
            "name": "Chi bộ Sở Tư pháp",
            "kind": Organization.Kind.GRASSROOTS_CELL,
        }
    )


def test_a_trust_anchor_keeps_the_subject_expiry_and_fingerprint_of_its_certificate(authority):
    anchor = TrustAnchor.objects.create(name="Root", certificate_pem=authority.pem.decode())

    assert anchor.subject == "CN=Plantrack Test Root CA,O=Plantrack test PKI,C=VN"
    assert anchor.not_after == authority.certificate.not_valid_after_utc.replace(microsecond=0)
    assert anchor.fingerprint == certificates.fingerprint(authority.certificate)


@pytest.mark.parametrize(
    "pem",
    [
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ],
)
def test_a_trust_anchor_must_be_a_readable_certificate(pem):
    with pytest.raises(ValidationError):
        TrustAnchor(name="Broken", certificate_pem=pem).full_clean()
    with pytest.raises(ValidationError):
        TrustAnchor.objects.create(name="Broken", certificate_pem=pem)
    assert not TrustAnchor.objects.exists()


def test_a_trust_anchor_must_be_a_certification_authority(secretary):
    pem = secretary.certificate.public_bytes(serialization.Encoding.PEM).decode()

    with pytest.raises(ValidationError) as raised:
        TrustAnchor(name="A person", certificate_pem=pem).full_clean()
    assert "certificate_pem" in raised.value.message_dict
    with pytest.raises(ValidationError):
        TrustAnchor.objects.create(name="A person", certificate_pem=pem)


def test_two_certificates_in_one_anchor_are_refused(authority):
    other = pki.make_authority("Another Root")
    with pytest.raises(ValidationError):
        TrustAnchor(name="Two", certificate_pem=(authority.pem + other.pem).decode()).full_clean()


def test_the_admin_adds_an_anchor_and_lists_its_subject_and_expiry(admin_client, authority):
    response = admin_client.post(
        f"{ANCHORS_URL}add/",
        {"name": "Root CA chuyên dùng (test)", "certificate_pem": authority.pem.decode(), "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    anchor = TrustAnchor.objects.get()
    assert LogEntry.objects.get_for_object(anchor).exists()  # who installed it is on the audit trail

    page = admin_client.get(ANCHORS_URL).content.decode()
    assert "Root CA chuyên dùng (test)" in page
    assert "CN=Plantrack Test Root CA" in page
    assert (
        authority.certificate.not_valid_after_utc.astimezone(
            datetime.timezone(datetime.timedelta(hours=7))
        ).strftime("%d/%m/%Y")
        in page
    )


def test_the_admin_refuses_a_certificate_that_is_not_a_ca(admin_client, secretary):
    pem = secretary.certificate.public_bytes(serialization.Encoding.PEM).decode()

    response = admin_client.post(f"{ANCHORS_URL}add/", {"name": "A person", "certificate_pem": pem})

    assert response.status_code == 200
    assert "not a certification authority" in response.content.decode()
    assert not TrustAnchor.objects.exists()


def test_the_admin_uploads_an_organization_certificate_with_the_password_from_the_environment(
    admin_client, settings, organization, authority, cell, admin_user
):
    settings.PLANTRACK_SIGNING_PASSWORD = pki.PASSWORD.decode()
    pkcs12 = cell.pkcs12()
    upload = SimpleUploadedFile("chi-bo.p12", pkcs12, content_type="application/x-pkcs12")

    response = admin_client.post(
        f"{CERTIFICATES_URL}add/", {"organization": organization.pk, "pkcs12_file": upload}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    record = OrganizationCertificate.objects.get(organization=organization)
    assert bytes(record.pkcs12) == pkcs12  # as uploaded, still encrypted with its password
    assert record.subject == "CN=Chi bộ Sở Tư pháp,O=Chi bộ Sở Tư pháp,C=VN"
    assert record.fingerprint == certificates.fingerprint(cell.certificate)
    assert record.uploaded_by == admin_user
    # The password is in no column, the file's bytes included: a copy of the database alone cannot sign.
    row = OrganizationCertificate.objects.values().get(pk=record.pk)
    assert not any(pki.PASSWORD.decode() in str(value) for name, value in row.items() if name != "pkcs12")
    assert pki.PASSWORD not in bytes(record.pkcs12)
    # The trail records the upload without the key material.
    [entry] = LogEntry.objects.get_for_object(record)
    assert "pkcs12" not in entry.changes_dict
    assert "Chi bộ Sở Tư pháp" in admin_client.get(CERTIFICATES_URL).content.decode()

    # Plantrack now signs in the organization's name, and the signature holds.
    signed = pdf_sign_as_organization(data=pki.simple_pdf(), organization=organization, box=SIGNATURE_BOX)
    report = pdf_signatures_verify(data=signed, trust_roots=[authority.pem])
    assert report.valid and report.signatures[0].signer == "Chi bộ Sở Tư pháp"


@pytest.mark.parametrize(
    ("environment_password", "message"),
    [
        ("", "PLANTRACK_SIGNING_PASSWORD is not set"),
        ("not-the-password", "cannot be opened with the password"),
    ],
)
def test_the_admin_refuses_a_file_it_cannot_open(
    admin_client, settings, organization, cell, environment_password, message
):
    settings.PLANTRACK_SIGNING_PASSWORD = environment_password
    upload = SimpleUploadedFile("chi-bo.p12", cell.pkcs12(), content_type="application/x-pkcs12")

    response = admin_client.post(
        f"{CERTIFICATES_URL}add/", {"organization": organization.pk, "pkcs12_file": upload}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OrganizationCertificate.objects.exists()


def test_the_admin_refuses_an_expired_signing_certificate(admin_client, settings, organization, authority):
    settings.PLANTRACK_SIGNING_PASSWORD = pki.PASSWORD.decode()
    now = datetime.datetime.now(datetime.UTC)
    expired = pki.issue(
        authority,
        common_name="Chi bộ cũ",
        not_before=now - datetime.timedelta(days=400),
        not_after=now - datetime.timedelta(days=1),
    )
    upload = SimpleUploadedFile("old.p12", expired.pkcs12(), content_type="application/x-pkcs12")

    response = admin_client.post(
        f"{CERTIFICATES_URL}add/", {"organization": organization.pk, "pkcs12_file": upload}
    )

    assert "has expired" in response.content.decode()
    assert not OrganizationCertificate.objects.exists()


def test_signing_for_an_organization_needs_its_certificate_and_the_password(settings, organization, cell):
    with pytest.raises(SigningUnavailable, match="no signing certificate"):
        pdf_sign_as_organization(data=pki.simple_pdf(), organization=organization, box=SIGNATURE_BOX)

    record = OrganizationCertificate(organization=organization)
    record.set_pkcs12(cell.pkcs12(), pki.PASSWORD)
    record.save()
    settings.PLANTRACK_SIGNING_PASSWORD = ""
    with pytest.raises(SigningUnavailable, match="PLANTRACK_SIGNING_PASSWORD"):
        pdf_sign_as_organization(data=pki.simple_pdf(), organization=organization, box=SIGNATURE_BOX)


def test_the_same_root_twice_is_refused_with_the_name_it_has(admin_client, authority):
    TrustAnchor.objects.create(name="Root CA chuyên dùng", certificate_pem=authority.pem.decode())

    response = admin_client.post(
        f"{ANCHORS_URL}add/", {"name": "Again", "certificate_pem": authority.pem.decode()}
    )

    assert response.status_code == 200
    assert "already installed as “Root CA chuyên dùng”" in response.content.decode()
    assert TrustAnchor.objects.count() == 1
