"""The report kinds and the module that writes each (one module per kind, one function per table):

- "plan": how a plan was carried out over a period (reports/content/plan.py);
- "compliance": each organization's dues counted by status (reports/content/compliance.py);
- "organization": one organization's own dues, one row each (reports/content/organization.py).

What they share (the shape of a report, words, queries, the letterhead) is in reports/content/common.py and
reports/content/letterhead.py.
"""

import datetime

from organizations.models import Organization
from plans.models import Plan
from plans.periods import Period
from reports.content.common import ReportContent
from reports.content.compliance import compliance_report_data
from reports.content.organization import organization_report_data
from reports.content.plan import plan_report_data


def report_data(
    *, kind: str, plan: Plan, period: Period, today: datetime.date, organization: Organization | None = None
) -> ReportContent:
    if kind == "plan":
        return plan_report_data(plan=plan, period=period, today=today)
    if kind == "compliance":
        return compliance_report_data(plan=plan, period=period, today=today)
    if kind == "organization":
        if organization is None:
            raise ValueError("an organization's report needs the organization")
        return organization_report_data(plan=plan, period=period, organization=organization, today=today)
    raise ValueError(f"unknown report kind {kind!r}")
