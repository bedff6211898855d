"""Every read in implementation monitoring; each takes the acting user and answers a forbidden
object exactly like a missing one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.frameworks.models import Framework, FrameworkStatus, Node, StatusLevel
from tutela.monitoring.access import (
    reading_organization_ids,
    reporting_organization_ids,
    runs_cycle,
    secretariat_body_ids,
    sees_dashboard,
    sees_report,
    visible_cycles_q,
    visible_reports_q,
)
from tutela.monitoring.models import (
    CycleStatus,
    EvidenceFile,
    ReportingCycle,
    ReportState,
    StatusReport,
)
from tutela.organizations.models import Organization


def _signed_in(user: Any) -> None:
    require(getattr(user, "is_authenticated", False))


def cycle_list(*, user: Any, status: str = "") -> QuerySet[ReportingCycle]:
    _signed_in(user)
    ids = ReportingCycle.objects.filter(visible_cycles_q(user)).values("pk")
    cycles = ReportingCycle.objects.filter(pk__in=ids).select_related(
        "framework", "framework__owner_body"
    )
    if status:
        cycles = cycles.filter(status=status)
    return cycles.order_by("-period_start", "title", "pk")


def cycle_get(*, user: Any, cycle_id: int) -> ReportingCycle:
    return get_object_or_404(cycle_list(user=user), pk=cycle_id)


def cycle_for_secretariat(*, user: Any, cycle_id: int) -> ReportingCycle:
    cycle = cycle_get(user=user, cycle_id=cycle_id)
    require(runs_cycle(user, cycle))
    return cycle


def cycle_for_dashboard(*, user: Any, cycle_id: int) -> ReportingCycle:
    cycle = get_object_or_404(
        ReportingCycle.objects.select_related("framework__status_scale", "framework__owner_body"),
        pk=cycle_id,
    )
    require(getattr(user, "is_authenticated", False) and sees_dashboard(user, cycle))
    return cycle


def frameworks_for_cycles(*, user: Any) -> QuerySet[Framework]:
    """Published framework versions whose owner body the user is secretariat of."""
    return Framework.objects.filter(
        owner_body_id__in=secretariat_body_ids(user), status=FrameworkStatus.PUBLISHED
    ).order_by("title", "-version")


def scale_levels(*, cycle: ReportingCycle) -> list[StatusLevel]:
    return list(
        StatusLevel.objects.filter(scale_id=cycle.framework.status_scale_id)
        .select_related("scale")
        .order_by("order")
    )


# --- my reporting -------------------------------------------------------------------------------


def my_organizations(*, user: Any, cycle: ReportingCycle) -> list[Organization]:
    """The organizations the user reports for in this cycle."""
    return list(
        cycle.organizations.filter(pk__in=reporting_organization_ids(user)).order_by("acronym")
    )


def my_organization(
    *, user: Any, cycle: ReportingCycle, organization_id: int | None
) -> Organization:
    mine = my_organizations(user=user, cycle=cycle)
    require(bool(mine))
    if organization_id is None:
        return mine[0]
    chosen = next((o for o in mine if o.pk == organization_id), None)
    require(chosen is not None)
    assert chosen is not None  # noqa: S101 — narrowed by require()
    return chosen


def my_cycle(*, user: Any, cycle_id: int) -> ReportingCycle:
    cycle = cycle_get(user=user, cycle_id=cycle_id)
    require(cycle.status != CycleStatus.DRAFT and bool(my_organizations(user=user, cycle=cycle)))
    return cycle


def my_open_cycles(*, user: Any) -> list[Any]:
    """Open cycles the user's organizations report in, with what is still to do."""
    organizations = reporting_organization_ids(user)
    if not organizations:
        return []
    rows = (
        StatusReport.objects.filter(
            cycle__status=CycleStatus.OPEN, organization_id__in=organizations
        )
        .values("cycle_id", "cycle__title", "cycle__closes_on", "organization__acronym")
        .annotate(
            total=Count("pk"),
            drafts=Count("pk", filter=Q(state=ReportState.DRAFT)),
            returned=Count("pk", filter=Q(state=ReportState.RETURNED)),
            submitted=Count("pk", filter=Q(state=ReportState.SUBMITTED)),
            validated=Count("pk", filter=Q(state=ReportState.VALIDATED)),
        )
        .order_by("cycle__closes_on", "cycle_id", "organization__acronym")
    )
    return list(rows)


def my_reports(
    *, user: Any, cycle: ReportingCycle, organization: Organization, section_key: str = ""
) -> QuerySet[StatusReport]:
    require(organization.pk in reporting_organization_ids(user))
    reports = StatusReport.objects.filter(cycle=cycle, organization=organization)
    if section_key:
        reports = reports.filter(
            Q(node__sort_key=section_key) | Q(node__sort_key__startswith=f"{section_key}.")
        )
    return (
        reports.select_related("node", "level")
        .prefetch_related(
            Prefetch(
                "evidence_files",
                queryset=EvidenceFile.objects.defer("content").order_by("uploaded_at"),
            )
        )
        .order_by("node__sort_key")
    )


# --- single reports -----------------------------------------------------------------------------


def _report_queryset() -> QuerySet[StatusReport]:
    return StatusReport.objects.select_related(
        "cycle__framework__status_scale", "organization", "node", "level"
    )


def report_get(*, user: Any, report_id: int) -> StatusReport:
    _signed_in(user)
    report = get_object_or_404(_report_queryset(), pk=report_id)
    require(report.cycle.status != CycleStatus.DRAFT and sees_report(user, report))
    return report


def report_for_focal_point(*, user: Any, report_id: int) -> StatusReport:
    report = report_get(user=user, report_id=report_id)
    require(report.organization_id in reporting_organization_ids(user))
    return report


def report_for_secretariat(*, user: Any, report_id: int) -> StatusReport:
    report = report_get(user=user, report_id=report_id)
    require(runs_cycle(user, report.cycle))
    return report


def report_history(*, user: Any, report: StatusReport) -> QuerySet[Any]:
    require(sees_report(user, report))
    return report.versions.select_related("changed_by").order_by("-number")


def evidence_get(*, user: Any, evidence_id: int) -> EvidenceFile:
    _signed_in(user)
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("report__cycle__framework"), pk=evidence_id
    )
    require(
        evidence.report.cycle.status != CycleStatus.DRAFT and sees_report(user, evidence.report)
    )
    return evidence


# --- secretariat review -------------------------------------------------------------------------


def review_reports(
    *, user: Any, cycle: ReportingCycle, organization_id: int | None = None, state: str = ""
) -> QuerySet[StatusReport]:
    require(runs_cycle(user, cycle))
    reports = StatusReport.objects.filter(cycle=cycle)
    if organization_id:
        reports = reports.filter(organization_id=organization_id)
    if state:
        reports = reports.filter(state=state)
    return reports.select_related("organization", "node", "level").order_by(
        "organization__acronym", "node__sort_key"
    )


def review_counts(*, user: Any, cycle: ReportingCycle) -> dict[str, int]:
    require(runs_cycle(user, cycle))
    rows = StatusReport.objects.filter(cycle=cycle).values("state").annotate(n=Count("pk"))
    counts = {state.value: 0 for state in ReportState}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def reports_for_bulk(
    *, user: Any, cycle: ReportingCycle, report_ids: list[int]
) -> list[StatusReport]:
    require(runs_cycle(user, cycle))
    return list(StatusReport.objects.filter(cycle=cycle, pk__in=report_ids))


def waiting_for_validation(*, user: Any) -> list[Any]:
    bodies = secretariat_body_ids(user)
    if not bodies:
        return []
    return list(
        StatusReport.objects.filter(
            cycle__framework__owner_body_id__in=bodies, state=ReportState.SUBMITTED
        )
        .values("cycle_id", "cycle__title")
        .annotate(waiting=Count("pk"))
        .order_by("cycle__title")
    )


def cycle_organizations(*, user: Any, cycle: ReportingCycle) -> list[Organization]:
    """The cycle's reporting organizations the user may look at."""
    organizations = cycle.organizations.order_by("acronym")
    if runs_cycle(user, cycle) or cycle.status == CycleStatus.PUBLISHED:
        return list(organizations)
    return list(organizations.filter(pk__in=reading_organization_ids(user)))


def organization_reports(
    *, user: Any, cycle: ReportingCycle, organization: Organization
) -> QuerySet[StatusReport]:
    """One organization's reports in a cycle, as far as the user may read them."""
    reports = StatusReport.objects.filter(cycle=cycle, organization=organization)
    if not runs_cycle(user, cycle):
        scope = visible_reports_q(user, cycle)
        if cycle.status == CycleStatus.PUBLISHED:
            scope |= Q(state=ReportState.VALIDATED)
        reports = reports.filter(scope)
    return reports.select_related("node", "level").order_by("node__sort_key")


@dataclass(frozen=True)
class OrganizationChoice:
    organization: Organization
    choices: list[Organization]


def organization_in_cycle(
    *, user: Any, cycle: ReportingCycle, organization_id: int | None
) -> OrganizationChoice:
    choices = cycle_organizations(user=user, cycle=cycle)
    require(bool(choices))
    if organization_id is None:
        return OrganizationChoice(choices[0], choices)
    chosen = next((o for o in choices if o.pk == organization_id), None)
    require(chosen is not None)
    assert chosen is not None  # noqa: S101 — narrowed by require()
    return OrganizationChoice(chosen, choices)


def workbook_organization(
    *, user: Any, cycle: ReportingCycle, organization_id: int | None
) -> Organization:
    """Whose workbook: a focal point's own organization, or any for the secretariat."""
    if runs_cycle(user, cycle):
        choices = list(cycle.organizations.order_by("acronym"))
        require(bool(choices))
        if organization_id is None:
            return choices[0]
        chosen = next((o for o in choices if o.pk == organization_id), None)
        require(chosen is not None)
        assert chosen is not None  # noqa: S101 — narrowed by require()
        return chosen
    return my_organization(user=user, cycle=cycle, organization_id=organization_id)


def workbook_cycle(*, user: Any, cycle_id: int) -> ReportingCycle:
    cycle = cycle_get(user=user, cycle_id=cycle_id)
    require(
        cycle.status != CycleStatus.DRAFT
        and (runs_cycle(user, cycle) or bool(my_organizations(user=user, cycle=cycle)))
    )
    return cycle


def node_reports(
    *, user: Any, cycle: ReportingCycle, node: Node, published_only: bool
) -> QuerySet[StatusReport]:
    """The organizations' reports on one node, as the dashboard's reader may see them."""
    require(sees_dashboard(user, cycle))
    reports = StatusReport.objects.filter(cycle=cycle, node=node)
    if published_only:
        reports = reports.filter(state=ReportState.VALIDATED)
    return reports.select_related("organization", "level").order_by("organization__acronym")


def pack_narratives(
    *, user: Any, cycle: ReportingCycle, published_only: bool
) -> list[tuple[str, str, str, str, str, str, str]]:
    """(node ref, node text, organization, status code, progress, constraints) for every report
    with something written, in tree order."""
    require(sees_dashboard(user, cycle))
    reports = StatusReport.objects.filter(cycle=cycle).exclude(progress="", constraints="")
    if published_only:
        reports = reports.filter(state=ReportState.VALIDATED)
    return list(
        reports.order_by("node__sort_key", "organization__acronym").values_list(
            "node__ref_id",
            "node__title",
            "node__text",
            "organization__acronym",
            "level__code",
            "progress",
            "constraints",
        )
    )


def node_completeness(
    *, user: Any, cycle: ReportingCycle, node: Node, published_only: bool
) -> tuple[int, int]:
    """(reports done, reports asked for) on one node: done is validated in the published view,
    submitted or validated otherwise."""
    require(sees_dashboard(user, cycle))
    done = (
        [ReportState.VALIDATED]
        if published_only
        else [ReportState.SUBMITTED, ReportState.VALIDATED]
    )
    counts = StatusReport.objects.filter(cycle=cycle, node=node).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(state__in=done))
    )
    return counts["done"], counts["total"]


def reportable_node(*, user: Any, cycle: ReportingCycle, node_id: int | None) -> Node:
    """A node organizations report on in the cycle (the first one when none is named)."""
    require(sees_dashboard(user, cycle))
    nodes = Node.objects.filter(framework_id=cycle.framework_id, reportable=True)
    node = get_object_or_404(nodes, pk=node_id) if node_id else nodes.order_by("sort_key").first()
    require(node is not None)
    assert node is not None  # noqa: S101 — narrowed by require()
    return node


def report_scale_levels(*, report: StatusReport) -> QuerySet[StatusLevel]:
    """The levels a report may take: those of its cycle's framework's scale, in order."""
    return StatusLevel.objects.filter(scale_id=report.cycle.framework.status_scale_id).order_by(
        "order"
    )


def report_scale_level(*, report: StatusReport, code: str) -> StatusLevel | None:
    """The level with `code` on the report's scale, or None if the scale has no such code."""
    return report_scale_levels(report=report).filter(code=code).first()
