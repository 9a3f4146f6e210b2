"""Issued reports leave signed (Hướng dẫn 03-HD/VPTW, docs/domain.md §8.4).

Two ways, both ending with a signed issued file whose signatures were checked as it was stored:
- Plantrack signs a generated PDF with the issuing organization's own key, in place of its seal, when the
  administrator installed one and PLANTRACK_SIGNING_PASSWORD is set (`report_pdf_issue`). The visible stamp
  sits in the signature block of the Party layout (reports.render.signature_block). Without a key the
  report is issued unsigned, as before.
- A person signs with their own token outside Plantrack: they download the report, sign it with the tool
  the office already uses, and upload the signed file back (`report_signed_copy_accept`). It is accepted
  only when it is the issued file plus signatures (``pdf_same_content``) and every signature is valid; it
  then becomes the issued file, and the file as generated is kept (`Report.original_file`).
"""

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.access import Access
from organizations.files.stored import forget_unless_committed
from organizations.models import Organization
from organizations.signatures.signing import SigningUnavailable, pdf_same_content, pdf_sign_as_organization
from organizations.signatures.stored import SignatureCheck, signature_check_data, signature_record
from reports.models import Report

logger = logging.getLogger(__name__)


def report_signer(report: Report) -> Organization:
    """Who issues `report`: the organization whose own report it is, or the committee that owns the plan."""
    return report.organization if report.organization_id else report.plan.owner


def report_pdf_issue(*, content, organization: Organization | None) -> bytes:
    """The PDF of `content` (reports.content.common.ReportContent), signed by `organization`'s own key when
    it can be: stamped in the signature block of its last page of text (annexes follow it)."""
    from reports.render.pdf import report_document

    return pdf_issue(
        document=report_document(content), organization=organization, letterhead=content.letterhead
    )


def pdf_issue(*, document, organization: Organization | None, letterhead) -> bytes:
    """A laid-out report (a WeasyPrint Document) as PDF bytes, signed by `organization`'s own key when it can
    be, the stamp in its signature block; unsigned otherwise. Generated reports and the reports written and
    issued in Plantrack (reports/board/issuing.py) both leave through here."""
    from reports.render.signature_block import signature_block

    data = document.write_pdf()
    block = signature_block(document)
    if organization is None or block is None:
        return data
    try:
        return pdf_sign_as_organization(
            data=data,
            organization=organization,
            box=block.stamp,
            page=block.page,
            signer_label=letterhead.signature_authority,
            reason=_("Issued"),
            location=letterhead.place,
        )
    except SigningUnavailable as reason:
        logger.info("report issued unsigned: %s", reason)
    except ValidationError as error:  # the installed file does not open with the password in the environment
        logger.warning("report issued unsigned, %s's key cannot sign: %s", organization, error)
    return data


def report_may_upload_signed(access: Access, report: Report) -> bool:
    """Those who issue the report: the office staff of the plan's committee for its reports, the
    organization's own members for its own report (those above it see it, and do not sign it)."""
    if report.status != Report.Status.DONE or report.format != Report.Format.PDF or not report.file:
        return False
    if access.is_superuser:
        return True
    if report.kind == Report.Kind.ORGANIZATION:
        return report.organization_id in access.own_org_ids
    return access.manages(report.plan.owner)


def signed_copy_verified(*, issued_file, upload) -> tuple[bytes, SignatureCheck]:
    """The bytes of `upload` and their signatures, if it is `issued_file` with valid signatures added;
    otherwise ValidationError saying why. One check for every issued PDF signed outside Plantrack (a
    generated report, a version of the report the Board signs)."""
    upload.seek(0)
    data = upload.read()
    with issued_file.open("rb") as handle:
        issued = handle.read()
    if not pdf_same_content(issued=issued, signed=data):
        raise ValidationError(
            _(
                "This file is not the issued report with signatures added: its content differs from the "
                "file Plantrack issued. Download the report again, sign it without changing it, and upload "
                "the signed file."
            ),
            code="not_same",
        )
    check = signature_check_data(data=data)
    if not check.valid:
        raise ValidationError(
            _("The report is the issued one, but its signatures are not valid: %(problems)s.")
            % {"problems": ", ".join(check.problems())},
            code="invalid",
        )
    return data, check


def report_signed_copy_accept(*, report: Report, upload, user) -> SignatureCheck:
    """Keep `upload` as the issued file of `report` if it is the issued file signed, every signature
    valid; otherwise raise ValidationError saying why (nothing changes)."""
    if report.status != Report.Status.DONE or report.format != Report.Format.PDF or not report.file:
        raise ValidationError(_("Only a finished PDF report can take a signed copy."))
    data, check = signed_copy_verified(issued_file=report.file, upload=upload)
    _keep_signed_copy(report=report, data=data, check=check, user=user)
    return check


@transaction.atomic
def _keep_signed_copy(*, report: Report, data: bytes, check: SignatureCheck, user) -> None:
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if locked.file.name != report.file.name:
        raise ValidationError(_("The issued file changed meanwhile: download it again and sign that one."))
    if not locked.original_file:
        locked.original_file.name = locked.file.name  # the file as generated stays where it is
    stem = locked.filename.rsplit(".", 1)[0]
    locked.file.save(f"{stem}_signed.pdf", ContentFile(data), save=False)
    forget_unless_committed(locked.file)
    locked.size = len(data)
    locked.signed_uploaded_by = user
    locked.signed_uploaded_at = timezone.now()
    signature_record(instance=locked, check=check)
    locked.save(
        update_fields=[
            "file",
            "original_file",
            "size",
            "signed_uploaded_by",
            "signed_uploaded_at",
            *check.fields,
        ]
    )
    for name in ("file", "original_file", "size", "signed_uploaded_by", "signed_uploaded_at", *check.fields):
        setattr(report, name, getattr(locked, name))
