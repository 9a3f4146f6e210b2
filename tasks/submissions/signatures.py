"""Digital signatures of submitted files (Hướng dẫn 03-HD/VPTW, docs/domain.md §8.4): each PDF is checked as it
is stored (organizations.signatures.stored), and a task may require a validly signed PDF
(`Task.requires_signed_pdf`), and a plan may require one with every periodic report
(`Plan.reports_require_signed_pdf`): `Due.requires_signed_pdf` says which; an unsigned or invalid one is
then refused with the reason.

The check of an upload is made once and kept on it: the form that refuses and the service that stores
share it.
"""

from django.db.models import BooleanField, Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from organizations.signatures.models import SignatureStatus
from organizations.signatures.stored import signature_check_upload
from tasks.models import Submission, SubmissionFile


def signed_pdf_refusals(*, required: bool, uploads) -> list[str]:
    """Why `uploads` cannot be handed in for a due (`required`: its `requires_signed_pdf`), in the reader's
    language; nothing when no signed PDF is required, or when every PDF among them is validly signed and
    there is at least one."""
    if not required:
        return []
    refusals, signed = [], 0
    for upload in uploads:
        check = signature_check_upload(upload=upload, force=True)
        if check.status == SignatureStatus.NOT_PDF:
            continue
        if check.valid:
            signed += 1
            continue
        refusals.append(
            _("“%(name)s”: %(problems)s. This item requires a PDF with a valid digital signature.")
            % {"name": upload.name, "problems": ", ".join(check.problems())}
        )
    if not refusals and not signed:
        refusals.append(_("This item requires a PDF with a valid digital signature: attach the signed PDF."))
    return refusals


def upload_signature_fields(*, upload, required: bool) -> dict:
    """The signature columns of a SubmissionFile for `upload` (`required`: the due requires a signed PDF, so
    even a large file is checked at once)."""
    return signature_check_upload(upload=upload, force=required).fields


def latest_signed_expression():
    """For a queryset of dues: whether the latest version standing has a validly signed file (one subquery
    in the same query, for the compliance matrix's cells)."""
    signed_file = SubmissionFile.objects.active().filter(
        submission=OuterRef("pk"), signature_status=SignatureStatus.VALID
    )
    latest = (
        Submission.objects.active()
        .filter(due=OuterRef("pk"))
        .order_by("-version")
        .annotate(signed=Exists(signed_file))
        .values("signed")[:1]
    )
    return Subquery(latest, output_field=BooleanField())
