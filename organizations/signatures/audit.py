"""Who installed which trust anchor or signing certificate, and when: the audit trail (django-auditlog)."""

from auditlog.registry import auditlog


def register() -> None:
    """Called from OrganizationsConfig.ready(). The PKCS#12 bytes stay out of the trail: its fingerprint,
    subject and expiry say which file was installed."""
    from organizations.signatures.models import OrganizationCertificate, TrustAnchor

    auditlog.register(TrustAnchor)
    auditlog.register(OrganizationCertificate, exclude_fields=["pkcs12"])
