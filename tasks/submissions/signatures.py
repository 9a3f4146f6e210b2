"""Digital signatures of submitted files (Hướng dẫn 03-HD/VPTW, docs/domain.md §8.4): each PDF is checked as it
is stored (organizations.signatures.stored), and a task may require a validly signed PDF
(`Task.requires_signed_pdf`), which refuses an unsigned or invalid one with the reason.

The check of an upload is made once and kept on it: the form that refuses and the service that stores
share it.
"""

from django.db.models import BooleanField, Exists, OuterRef, Subquery
from django.utils.translation import gettext as _

from organizations.signatures.models import SignatureStatus
from organizations.signatures.stored import signature_check_upload
from tasks.models import Submission, SubmissionFile, Task


def signed_pdf_refusals(*, task: Task | None, uploads) -> list[str]:
    """Why `uploads` cannot be handed in for `task`, in the reader's language; nothing when the task does not
    require a signed PDF, or when every PDF among them is validly signed and there is at least one."""
    if task is None or not task.requires_signed_pdf:  # a periodic report names no task
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


def upload_signature_fields(*, upload, task: Task | None) -> dict:
    """The signature columns of a SubmissionFile for `upload` (`task` is None for a periodic report)."""
    return signature_check_upload(upload=upload, force=bool(task and task.requires_signed_pdf)).fields


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
