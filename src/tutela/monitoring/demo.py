"""Demo monitoring: cycles on the Rights Up Front action plan with two earlier cycles, reports in
every state; at the large scale, 60 organizations x 500 action points x 10 cycles."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tutela.accounts.roles import Role
from tutela.accounts.services import membership_grant
from tutela.audit.services import audit_record
from tutela.common.demo import DemoContext
from tutela.frameworks.models import Framework, FrameworkStatus, Node, StatusLevel
from tutela.monitoring import services
from tutela.monitoring.models import (
    CycleStatus,
    ReportingCycle,
    ReportState,
    StatusReport,
    StatusReportVersion,
)
from tutela.organizations.models import Organization

SMALL_SLUG = "rights-up-front"
LARGE_SLUG = "large-monitoring-framework"
SMALL_ORGANIZATIONS = ["UNHCR", "UNDP", "WFP", "UNICEF", "OHCHR", "OCHA", "UNFPA", "WHO"]
LARGE_ORGANIZATIONS = 60
LARGE_CYCLES = 10

PROGRESS = [
    "Guidance issued to all country offices; roll-out tracked in the quarterly management review.",
    "Focal points designated in each regional bureau; induction sessions held for {n} staff.",
    "Policy revised and endorsed by senior management; dissemination under way.",
    "Joint analysis carried out with the Resident Coordinator's office in {n} countries.",
    "Training module piloted in {n} duty stations; feedback being consolidated.",
    "Standard operating procedures agreed with partners and published on the intranet.",
    "Dedicated budget line secured for the next biennium.",
    "Reporting template integrated in the annual results framework.",
]
CONSTRAINTS = [
    "",
    "",
    "Funding for the second phase is not yet confirmed.",
    "Turnover of focal points in field locations slows the roll-out.",
    "Legal review of the revised policy is pending.",
    "Access restrictions limited field verification this period.",
    "Data systems do not yet capture the indicator consistently.",
]


def _framework(slug: str) -> Framework | None:
    return (
        Framework.objects.filter(slug=slug, status=FrameworkStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


def _narrative(rng: random.Random) -> tuple[str, str]:
    progress = rng.choice(PROGRESS).format(n=rng.randint(3, 40))
    return progress, rng.choice(CONSTRAINTS)


def _weights(levels: list[StatusLevel], age: int) -> list[float]:
    """Earlier cycles lean to the first levels of the scale, later ones to the last."""
    count = len(levels)
    return [1.0 + (index if age < 0 else (count - index)) * abs(age) / 3 for index in range(count)]


def _fill(
    cycle: ReportingCycle,
    rng: random.Random,
    *,
    states: dict[int, str],
    age: int,
    narratives: bool,
    versions: bool,
) -> None:
    """Give the cycle's reports a status, narrative and state in bulk (demo data only)."""
    levels = list(StatusLevel.objects.filter(scale=cycle.framework.status_scale).order_by("order"))
    weights = _weights(levels, age)
    now = timezone.now()
    reports = list(StatusReport.objects.filter(cycle=cycle).order_by("pk"))
    history = []
    for report in reports:
        state = states.get(report.organization_id, ReportState.VALIDATED)
        if state == ReportState.DRAFT and rng.random() < 0.4:
            continue  # not reported yet
        report.level = rng.choices(levels, weights)[0]
        if narratives:
            report.progress, report.constraints = _narrative(rng)
        else:
            report.progress = rng.choice(PROGRESS).format(n=rng.randint(3, 40))
        report.kpi_value = f"{rng.randint(10, 100)}%"
        report.state = state
        report.updated_at = now
        if state in (ReportState.SUBMITTED, ReportState.VALIDATED):
            report.submitted_at = now
        if state == ReportState.VALIDATED:
            report.validated_at = now
        if state == ReportState.RETURNED:
            report.returned_comment = "Please give the number of duty stations covered."
        report.version = 1
        if versions:
            history.append(
                StatusReportVersion(
                    report=report,
                    number=1,
                    action="demo",
                    changed_at=now,
                    snapshot=services.snapshot(report, report.level.code),
                )
            )
    StatusReport.objects.bulk_update(
        reports,
        [
            "level",
            "progress",
            "constraints",
            "kpi_value",
            "state",
            "updated_at",
            "submitted_at",
            "validated_at",
            "returned_comment",
            "version",
        ],
        batch_size=2000,
    )
    StatusReportVersion.objects.bulk_create(history, batch_size=2000)


def _small(context: DemoContext) -> None:
    framework = _framework(SMALL_SLUG) or (
        Framework.objects.filter(status=FrameworkStatus.PUBLISHED, nodes__reportable=True)
        .distinct()
        .order_by("title", "-version")
        .first()
    )
    if framework is None or ReportingCycle.objects.filter(framework=framework).exists():
        return
    secretariat = context.users_by_role.get(Role.SECRETARIAT.value)
    focal_point = context.users_by_role.get(Role.FOCAL_POINT.value)
    if secretariat is None:
        return
    # The demo secretariat also serves the framework's owner body, so it runs these cycles.
    membership_grant(actor=None, user=secretariat, role=Role.SECRETARIAT, body=framework.owner_body)
    secretariat._tutela_memberships = None  # memberships changed: reload them
    organizations = list(Organization.objects.filter(acronym__in=SMALL_ORGANIZATIONS))
    by_acronym = {organization.acronym: organization for organization in organizations}
    rng = context.rng
    plan = [
        ("2024 annual review", date(2024, 1, 1), CycleStatus.PUBLISHED),
        ("2025 annual review", date(2025, 1, 1), CycleStatus.CLOSED),
        ("2026 annual review", date(2026, 1, 1), CycleStatus.OPEN),
    ]
    for age, (title, start, status) in zip((-2, -1, 0), plan, strict=True):
        cycle = services.cycle_create(
            actor=secretariat,
            framework=framework,
            title=title,
            period_start=start,
            period_end=start.replace(month=12, day=31),
            opens_on=start.replace(year=start.year + 1, month=1, day=15),
            closes_on=start.replace(year=start.year + 1, month=2, day=28),
            organizations=organizations,
        )
        cycle = services.cycle_open(actor=secretariat, cycle=cycle)
        states: dict[int, str] = {}
        if status == CycleStatus.OPEN:
            states = {
                by_acronym[acronym].pk: state
                for acronym, state in [
                    ("UNHCR", ReportState.DRAFT),
                    ("UNDP", ReportState.SUBMITTED),
                    ("WFP", ReportState.SUBMITTED),
                    ("UNICEF", ReportState.RETURNED),
                    ("OCHA", ReportState.DRAFT),
                ]
                if acronym in by_acronym
            }
        _fill(cycle, rng, states=states, age=age, narratives=True, versions=True)
        if status in (CycleStatus.CLOSED, CycleStatus.PUBLISHED):
            services.cycle_close(actor=secretariat, cycle=cycle)
        if status == CycleStatus.PUBLISHED:
            services.cycle_publish(actor=secretariat, cycle=cycle)
        if status == CycleStatus.OPEN and "UNDP" in by_acronym:
            submitted = StatusReport.objects.filter(
                cycle=cycle, organization=by_acronym["UNDP"], state=ReportState.SUBMITTED
            ).first()
            if submitted is not None:
                services.report_return(
                    actor=secretariat,
                    report=submitted,
                    comment="Which country offices does this cover? Please add the KPI source.",
                )
            if "WFP" in by_acronym:
                services.report_validate(
                    actor=secretariat, cycle=cycle, organization=by_acronym["WFP"]
                )
    context.notes.append(
        f"Monitoring: 3 cycles on {framework.title} (2024 published, 2025 closed, 2026 open); "
        f"{focal_point.email if focal_point else 'the focal point'} reports for UNHCR."
    )


def _large_framework(context: DemoContext) -> Framework | None:
    framework = _framework(LARGE_SLUG)
    if framework is not None:
        return framework
    body_framework = _framework(SMALL_SLUG)
    if body_framework is None:
        return None
    # The frameworks demo normally makes it; without it, a plain 20 x 25 tree will do.
    framework = Framework.objects.create(
        slug=LARGE_SLUG,
        title="Large monitoring framework",
        kind="action_plan",
        owner_body=body_framework.owner_body,
        status_scale=body_framework.status_scale,
        status=FrameworkStatus.PUBLISHED,
        published_at=timezone.now(),
    )
    areas = Node.objects.bulk_create(
        Node(
            framework=framework,
            order=area,
            sort_key=f"{area:04d}",
            ref_id=str(area),
            type="area",
            title=f"Area {area}",
        )
        for area in range(1, 21)
    )
    Node.objects.bulk_create(
        Node(
            framework=framework,
            parent=area,
            order=point,
            sort_key=f"{area.sort_key}.{point:04d}",
            ref_id=f"{area.ref_id}.{point}",
            type="action_point",
            text=f"Action point {area.ref_id}.{point}",
            reportable=True,
        )
        for area in areas
        for point in range(1, 26)
    )
    context.notes.append("Monitoring: created the large monitoring framework itself.")
    return framework


def _large(context: DemoContext) -> None:
    framework = _large_framework(context)
    if framework is None or ReportingCycle.objects.filter(framework=framework).exists():
        return
    rng = context.rng
    active = Organization.objects.filter(is_active=True)
    organizations = [
        *active.exclude(type="other").order_by("acronym"),
        *active.filter(type="other").order_by("acronym"),
    ][:LARGE_ORGANIZATIONS]
    node_ids = list(
        Node.objects.filter(framework=framework, reportable=True)
        .order_by("sort_key")
        .values_list("pk", flat=True)
    )
    levels = list(StatusLevel.objects.filter(scale=framework.status_scale).order_by("order"))
    secretariat = context.users_by_role.get(Role.SECRETARIAT.value)
    if secretariat is not None:
        membership_grant(
            actor=None, user=secretariat, role=Role.SECRETARIAT, body=framework.owner_body
        )
    now = timezone.now()
    first_year = 2026 - LARGE_CYCLES + 1
    previous: dict[tuple[int, int], Any] = {}
    for index in range(LARGE_CYCLES):
        year = first_year + index
        last = index == LARGE_CYCLES - 1
        status = (
            CycleStatus.OPEN
            if last
            else CycleStatus.CLOSED
            if index == LARGE_CYCLES - 2
            else CycleStatus.PUBLISHED
        )
        with transaction.atomic():
            cycle = ReportingCycle.objects.create(
                framework=framework,
                title=f"Large framework {year}",
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                opens_on=date(year + 1, 1, 15),
                closes_on=date(year + 1, 2, 28),
                status=status,
                opened_at=now,
                closed_at=None if last else now,
                published_at=now if status == CycleStatus.PUBLISHED else None,
                created_by=secretariat,
            )
            cycle.organizations.set(organizations)
            weights = _weights(levels, index - LARGE_CYCLES // 2)
            batch = []
            for organization in organizations:
                for node_id in node_ids:
                    key = (organization.pk, node_id)
                    # Most statuses carry over from the previous cycle; some move on.
                    if key in previous and rng.random() < 0.8:
                        level = previous[key]
                    else:
                        level = rng.choices(levels, weights)[0]
                    state = ReportState.VALIDATED
                    if last:
                        roll = rng.random()
                        if roll < 0.25:
                            batch.append(
                                StatusReport(
                                    cycle=cycle, organization=organization, node_id=node_id
                                )
                            )
                            continue
                        state = (
                            ReportState.SUBMITTED
                            if roll < 0.5
                            else ReportState.DRAFT
                            if roll < 0.6
                            else ReportState.VALIDATED
                        )
                    previous[key] = level
                    batch.append(
                        StatusReport(
                            cycle=cycle,
                            organization=organization,
                            node_id=node_id,
                            level=level,
                            progress=PROGRESS[(node_id + index) % len(PROGRESS)].format(
                                n=(node_id % 30) + 3
                            ),
                            kpi_value=f"{(node_id * 7 + index) % 100}%",
                            state=state,
                            submitted_at=now if state != ReportState.DRAFT else None,
                            validated_at=now if state == ReportState.VALIDATED else None,
                            updated_at=now,
                        )
                    )
            StatusReport.objects.bulk_create(batch, batch_size=5000)
            audit_record(
                actor=None,
                action="monitoring.cycle.demo",
                target=cycle,
                changes={"reports": len(batch)},
            )
    context.notes.append(
        f"Monitoring (large): {LARGE_CYCLES} cycles x {len(organizations)} organizations x "
        f"{len(node_ids)} action points on {framework.title}."
    )


def generate(context: DemoContext) -> None:
    _small(context)
    if context.large:
        _large(context)
