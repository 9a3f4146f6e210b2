"""The digital signature of a submitted version, in a word, for the Excel workbooks: one column, filled from
subqueries of the query that already reads the versions (no query per row).

A version is "valid" when one of its files carries a valid signature and none an invalid one; "not valid"
when one does; "no digital signature" when it has PDFs, none signed; empty when it has no PDF at all.
"""

import dataclasses

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from organizations.signatures.models import SignatureStatus
from tasks.models import SubmissionFile

FLAGS = {
    "sig_valid": SignatureStatus.VALID,
    "sig_invalid": SignatureStatus.INVALID,
    "sig_unsigned": SignatureStatus.UNSIGNED,
    "sig_unchecked": SignatureStatus.NOT_CHECKED,
}


def signature_flags(submission: str = "pk") -> dict[str, Exists]:
    """Annotations saying which signature states the version `submission` (an outer field) has files in."""
    files = SubmissionFile.objects.active().filter(submission_id=OuterRef(submission))
    return {name: Exists(files.filter(signature_status=status)) for name, status in FLAGS.items()}


def signature_word(*, sig_valid: bool, sig_invalid: bool, sig_unsigned: bool, sig_unchecked: bool) -> str:
    if sig_invalid:
        return str(SignatureStatus.INVALID.label)
    if sig_valid:
        return str(SignatureStatus.VALID.label)
    if sig_unchecked:
        return str(SignatureStatus.NOT_CHECKED.label)
    if sig_unsigned:
        return str(SignatureStatus.UNSIGNED.label)
    return ""


def signature_word_of(obj) -> str:
    """The word for an object annotated with `signature_flags` (None: no version)."""
    if obj is None:
        return ""
    return signature_word(**{name: bool(getattr(obj, name, False)) for name in FLAGS})


def signature_column():
    from reports.content.common import Column

    return Column(_("Digital signature"), 12)


def with_signature_column(table, words: list[str]):
    """`table` with a last column of signature words (one per row), for the workbook only."""
    return dataclasses.replace(
        table,
        columns=[*table.columns, signature_column()],
        rows=[[*row, word] for row, word in zip(table.rows, words, strict=True)],
        footer=[*table.footer, ""] if table.footer else None,
        excel=None,
    )
