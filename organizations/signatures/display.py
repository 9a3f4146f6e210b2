"""Signature results in words, for pages and exports: one line per signature, in the user's language.

"Đã ký số: Nguyễn Văn A – Bí thư Chi bộ Sở Tư pháp – 12/03/2023 09:14 – hợp lệ"
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.signatures.verification import DocumentStatus, SignatureReport, SignatureResult

VALID = gettext_lazy("valid")
CHANGED = gettext_lazy("changed after signing")
UNTRUSTED = gettext_lazy("certificate not issued by a trusted organization")
EXPIRED = gettext_lazy("certificate expired")
REVOKED = gettext_lazy("certificate revoked")
REVOCATION_UNKNOWN = gettext_lazy("revocation not checked")
UNSIGNED = gettext_lazy("no digital signature")
UNREADABLE = gettext_lazy("not a readable PDF file")


def signature_states(result: SignatureResult) -> list[str]:
    """What is wrong with a signature, most serious first; "valid" when nothing is. An unchecked revocation
    is said in both cases."""
    states = []
    if not result.intact:
        states.append(str(CHANGED))
    if not result.trusted:
        states.append(str(UNTRUSTED))
    if result.expired:
        states.append(str(EXPIRED))
    if result.revoked:
        states.append(str(REVOKED))
    if not states:
        states.append(str(VALID))
    if result.revocation == result.revocation.UNKNOWN:
        states.append(str(REVOCATION_UNKNOWN))
    return states


def signature_details(result: SignatureResult) -> list[str]:
    """The parts of a signature's line before its state: signer, title and organization, time."""
    parts = [result.signer or result.organization or _("unknown signer")]
    role = " ".join(part for part in (result.title, result.organization) if part)
    if role and role != parts[0]:
        parts.append(role)
    if result.signed_at is not None:
        parts.append(date_format(timezone.localtime(result.signed_at), "d/m/Y H:i"))
    return parts


def signature_line_head(result: SignatureResult) -> str:
    """ "Digitally signed: <signer> – <title and organization> – <dd/mm/yyyy HH:MM>": the line before the
    state, for a page that shows the states as badges."""
    return _("Digitally signed: %(details)s") % {"details": " – ".join(signature_details(result))}


def signature_line(result: SignatureResult) -> str:
    """ "Digitally signed: <signer> – <title and organization> – <dd/mm/yyyy HH:MM> – <state>"."""
    parts = [*signature_details(result), ", ".join(signature_states(result))]
    return _("Digitally signed: %(details)s") % {"details": " – ".join(parts)}


def report_lines(report: SignatureReport) -> list[str]:
    """One line per signature; one line saying so for an unsigned or unreadable file."""
    if report.status == DocumentStatus.UNSIGNED:
        return [capfirst(str(UNSIGNED))]
    if report.status in (DocumentStatus.NOT_PDF, DocumentStatus.UNREADABLE):
        return [capfirst(str(UNREADABLE))]
    return [signature_line(result) for result in report.signatures]
