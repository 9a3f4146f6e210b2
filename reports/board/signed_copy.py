"""An issued report signed outside Plantrack (docs/domain.md §8.4): the person with authority downloads the
issued version's PDF, signs it with their own token in the tool the office already uses, and uploads the
signed file back. It is accepted only when it is that PDF with signatures added and nothing else changed
(``pdf_same_content``) and every signature is valid; it then becomes the version's PDF (what is handed in
for the periodic report and attached in the documents register), and the PDF as issued is kept as
`original_pdf`. A version already handed in keeps the file that was handed in.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.files.stored import forget_unless_committed
from organizations.signatures.stored import SignatureCheck, signature_record
from plans.documents import document_attach_files
from reports.models import BoardReportVersion
from reports.signing import signed_copy_verified

PDF_TYPE = "application/pdf"


def board_version_may_take_signed_copy(version: BoardReportVersion) -> bool:
    """Not yet handed in: what was handed in stays what the office received."""
    return version.submission_id is None


def board_version_signed_copy_accept(*, version: BoardReportVersion, upload, user) -> SignatureCheck:
    """Keep `upload` as the PDF of `version` if it is that PDF signed, every signature valid; otherwise raise
    ValidationError saying why (nothing changes)."""
    if not board_version_may_take_signed_copy(version):
        raise ValidationError(
            _("This version has already been handed in: the file handed in stays as it was."),
            code="handed_in",
        )
    data, check = signed_copy_verified(issued_file=version.pdf, upload=upload)
    _keep(version=version, data=data, check=check, user=user)
    return check


@transaction.atomic
def _keep(*, version: BoardReportVersion, data: bytes, check: SignatureCheck, user) -> None:
    locked = BoardReportVersion.objects.select_for_update(of=("self",)).get(pk=version.pk)
    if locked.pdf.name != version.pdf.name or not board_version_may_take_signed_copy(locked):
        raise ValidationError(_("The issued file changed meanwhile: download it again and sign that one."))
    if not locked.original_pdf:
        locked.original_pdf.name = locked.pdf.name  # the PDF as issued stays where it is
    filename = locked.filename("pdf").rsplit(".", 1)[0] + "_signed.pdf"
    locked.pdf.save(filename, ContentFile(data), save=False)
    forget_unless_committed(locked.pdf)
    locked.pdf_sha256 = hashlib.sha256(data).hexdigest()
    locked.signed_uploaded_by = user
    locked.signed_uploaded_at = timezone.now()
    signature_record(instance=locked, check=check)
    fields = ["pdf", "original_pdf", "pdf_sha256", "signed_uploaded_by", "signed_uploaded_at", *check.fields]
    locked.save(update_fields=fields)
    # The register holds each version's PDF as it went out: the signed one is attached beside it.
    document = locked.report.document
    if document is not None:
        document_attach_files(
            document=document, files=[SimpleUploadedFile(filename, data, content_type=PDF_TYPE)], user=user
        )
    for name in fields:
        setattr(version, name, getattr(locked, name))
