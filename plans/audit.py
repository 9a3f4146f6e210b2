"""The documents register and plans in the audit trail (see organizations/audit/trail.py)."""

from auditlog.registry import auditlog


def register() -> None:
    from plans.models import Document, DocumentAttachment, Plan, PlanReference, ReportingPeriod, Section

    # search_text is derived from the symbol and summary.
    auditlog.register(Document, exclude_fields=["search_text"])
    auditlog.register(DocumentAttachment)
    auditlog.register(Plan)
    auditlog.register(PlanReference)
    auditlog.register(Section)
    auditlog.register(ReportingPeriod)
