"""The reports written and issued in Plantrack in the audit trail (see organizations/audit/trail.py): who
drafted, edited and issued what, and when. Generated statistics (`Report`) are not audited: they change
nothing."""

from auditlog.registry import auditlog


def register() -> None:
    from reports.models import BoardReport, BoardReportVersion

    auditlog.register(BoardReport)
    auditlog.register(BoardReportVersion, exclude_fields=["content"])  # its text is kept in the row itself
