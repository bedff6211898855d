"""Who may do what in implementation monitoring.

- The secretariat of a framework's owner body runs that framework's cycles: it sees every
  report in them, returns and validates.
- An organization's focal points write their organization's reports and read them in any state;
  they never see another organization's drafts.
- An organization's viewers read their organization's validated reports.
- Every signed-in user reads a published cycle's dashboard, which shows validated reports only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tutela.accounts.access import (
    SIGNED_IN,
    EndpointRule,
    body_ids,
    declare,
    organization_ids,
    roles,
)
from tutela.accounts.roles import Role
from tutela.monitoring.models import CycleStatus, ReportingCycle, ReportState, StatusReport


def secretariat_body_ids(user: Any) -> set[int]:
    return body_ids(user, Role.SECRETARIAT)


def reporting_organization_ids(user: Any) -> set[int]:
    """Organizations whose reports the user writes."""
    return organization_ids(user, Role.FOCAL_POINT)


def reading_organization_ids(user: Any) -> set[int]:
    """Organizations whose reports the user reads (validated only, unless a focal point)."""
    return organization_ids(user, Role.FOCAL_POINT, Role.VIEWER)


def runs_cycle(user: Any, cycle: ReportingCycle) -> bool:
    return cycle.framework.owner_body_id in secretariat_body_ids(user)


def visible_cycles_q(user: Any) -> Q:
    """Cycles the user may open: those their body runs, published ones, and those their
    organization reports in once open."""
    return (
        Q(framework__owner_body_id__in=secretariat_body_ids(user))
        | Q(status=CycleStatus.PUBLISHED)
        | Q(
            status__in=[CycleStatus.OPEN, CycleStatus.CLOSED],
            organizations__in=reading_organization_ids(user),
        )
    )


def sees_full_dashboard(user: Any, cycle: ReportingCycle) -> bool:
    return runs_cycle(user, cycle)


def sees_dashboard(user: Any, cycle: ReportingCycle) -> bool:
    return runs_cycle(user, cycle) or cycle.status == CycleStatus.PUBLISHED


def sees_report(user: Any, report: StatusReport) -> bool:
    if runs_cycle(user, report.cycle):
        return True
    if report.organization_id in reporting_organization_ids(user):
        return True
    return (
        report.organization_id in organization_ids(user, Role.VIEWER)
        and report.state == ReportState.VALIDATED
    )


def writes_report(user: Any, report: StatusReport) -> bool:
    return report.organization_id in reporting_organization_ids(user)


def visible_reports_q(user: Any, cycle: ReportingCycle) -> Q:
    """Within one cycle: which reports the user may read."""
    if runs_cycle(user, cycle):
        return Q()
    return Q(organization_id__in=reporting_organization_ids(user)) | Q(
        organization_id__in=organization_ids(user, Role.VIEWER), state=ReportState.VALIDATED
    )


SECRETARIAT = roles(Role.SECRETARIAT)
FOCAL_POINT = roles(Role.FOCAL_POINT)
PARTICIPANTS = roles(Role.SECRETARIAT, Role.FOCAL_POINT, Role.VIEWER)
REPORT_READERS = roles(Role.SECRETARIAT, Role.FOCAL_POINT)
WORKBOOK_USERS = roles(Role.SECRETARIAT, Role.FOCAL_POINT)

declare(
    EndpointRule("monitoring:cycle_list", own=SIGNED_IN),
    EndpointRule("monitoring:cycle_create", own=SECRETARIAT),
    EndpointRule("monitoring:my_reporting", own=SIGNED_IN),
    EndpointRule("monitoring:cycle_detail", own=PARTICIPANTS, subject="cycle"),
    EndpointRule(
        "monitoring:cycle_open", own=SECRETARIAT, subject="cycle", method="POST", answers=302
    ),
    EndpointRule(
        "monitoring:cycle_close", own=SECRETARIAT, subject="cycle", method="POST", answers=302
    ),
    EndpointRule(
        "monitoring:cycle_publish", own=SECRETARIAT, subject="cycle", method="POST", answers=302
    ),
    EndpointRule("monitoring:report_form", own=FOCAL_POINT, subject="cycle"),
    EndpointRule(
        "monitoring:reports_submit", own=FOCAL_POINT, subject="cycle", method="POST", answers=302
    ),
    EndpointRule("monitoring:report_detail", own=REPORT_READERS, subject="status_report"),
    EndpointRule(
        "monitoring:report_save",
        own=FOCAL_POINT,
        subject="status_report",
        method="POST",
        answers=302,
    ),
    EndpointRule(
        "monitoring:report_return",
        own=SECRETARIAT,
        subject="status_report",
        method="POST",
        answers=302,
    ),
    EndpointRule(
        "monitoring:report_validate",
        own=SECRETARIAT,
        subject="status_report",
        method="POST",
        answers=302,
    ),
    EndpointRule("monitoring:evidence_download", own=REPORT_READERS, subject="evidence_file"),
    EndpointRule("monitoring:review", own=SECRETARIAT, subject="cycle"),
    EndpointRule(
        "monitoring:reports_validate", own=SECRETARIAT, subject="cycle", method="POST", answers=302
    ),
    EndpointRule("monitoring:dashboard", own=SECRETARIAT, subject="cycle"),
    EndpointRule("monitoring:dashboard_node", own=SECRETARIAT, subject="cycle"),
    EndpointRule("monitoring:dashboard_organization", own=PARTICIPANTS, subject="cycle"),
    EndpointRule("monitoring:matrix_export", own=SECRETARIAT, subject="cycle"),
    EndpointRule("monitoring:matrix_import", own=SECRETARIAT, subject="cycle"),
    EndpointRule("monitoring:committee_pack", own=SECRETARIAT, subject="cycle"),
    EndpointRule("monitoring:workbook_export", own=WORKBOOK_USERS, subject="cycle"),
    EndpointRule("monitoring:workbook_import", own=WORKBOOK_USERS, subject="cycle"),
    EndpointRule("api:monitoring_cycle_list", own=SIGNED_IN),
    EndpointRule("api:monitoring_cycle_detail", own=PARTICIPANTS, subject="cycle"),
    EndpointRule("api:monitoring_dashboard", own=SECRETARIAT, subject="cycle"),
    EndpointRule("api:my_report_list", own=FOCAL_POINT, subject="cycle"),
    EndpointRule(
        "api:my_reports_submit", own=FOCAL_POINT, subject="cycle", method="POST", answers=200
    ),
    EndpointRule("api:status_report_detail", own=REPORT_READERS, subject="status_report"),
    EndpointRule("api:status_report_save", own=FOCAL_POINT, subject="status_report", method="POST"),
    EndpointRule(
        "api:status_report_submit", own=FOCAL_POINT, subject="status_report", method="POST"
    ),
)
