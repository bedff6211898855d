"""Factories for implementation monitoring: a framework with N reportable nodes on an A/L/O/N
scale, and reporting cycles with their reports."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tutela.accounts.models import User
from tutela.accounts.roles import Role
from tutela.frameworks.models import Framework, Node, StatusLevel, StatusScale
from tutela.monitoring.models import (
    CycleStatus,
    EvidenceFile,
    ReportingCycle,
    ReportState,
    StatusReport,
)
from tutela.organizations.models import Body, Organization

_numbers = itertools.count(1)
ALON = [
    ("A", "Action required", "#d73027", "#ffffff"),
    ("L", "Limited action required/action initiated", "#fee08b", "#000000"),
    ("O", "No action required", "#1a9850", "#ffffff"),
    ("N", "No action foreseen/intended", "#4d4d4d", "#ffffff"),
]


def alon_scale() -> StatusScale:
    number = next(_numbers)
    scale = StatusScale.objects.create(code=f"alon-test-{number}", name=f"A/L/O/N {number}")
    StatusLevel.objects.bulk_create(
        StatusLevel(
            scale=scale, code=code, label=label, colour=colour, text_colour=text, order=order
        )
        for order, (code, label, colour, text) in enumerate(ALON)
    )
    return scale


def framework_with_nodes(
    nodes: int = 3,
    *,
    sections: int = 1,
    body: Body | None = None,
    slug: str | None = None,
    scale: StatusScale | None = None,
) -> Framework:
    """A published framework: `sections` headings, each with `nodes` reportable action points
    numbered "<section>.<n>"."""
    number = next(_numbers)
    framework = Framework.objects.create(
        slug=slug or f"monitored-plan-{number}",
        version=Framework.objects.filter(slug=slug).count() + 1 if slug else 1,
        title=f"Action plan {number}",
        kind="action_plan",
        owner_body=body or BodyFactory(),
        status_scale=scale or alon_scale(),
        status="published",
        published_at=timezone.now(),
    )
    for section in range(1, sections + 1):
        heading = Node.objects.create(
            framework=framework,
            order=section,
            sort_key=f"{section:04d}",
            ref_id=f"S{section}",
            type="heading",
            title=f"Section {section}",
        )
        add_nodes(framework, heading, nodes)
    return framework


def add_nodes(framework: Framework, heading: Node, count: int) -> list[Node]:
    start = Node.objects.filter(parent=heading).count()
    section = int(heading.sort_key)
    return Node.objects.bulk_create(
        Node(
            framework=framework,
            parent=heading,
            order=index,
            sort_key=f"{heading.sort_key}.{index:04d}",
            ref_id=f"{section}.{index}",
            type="action_point",
            text=f"Action point {section}.{index}: put the duty of care standard in place.",
            reportable=True,
        )
        for index in range(start + 1, start + count + 1)
    )


def open_cycle(
    framework: Framework,
    organizations: Iterable[Organization],
    *,
    title: str = "",
    period_start: date = date(2026, 1, 1),
    status: str = CycleStatus.OPEN,
) -> ReportingCycle:
    """A cycle in `status` with one empty report per organization x reportable node."""
    number = next(_numbers)
    cycle = ReportingCycle.objects.create(
        framework=framework,
        title=title or f"Cycle {number}",
        period_start=period_start,
        period_end=period_start.replace(month=12, day=31),
        opens_on=period_start,
        closes_on=period_start.replace(month=12, day=31),
        status=status,
        opened_at=timezone.now(),
    )
    organizations = list(organizations)
    cycle.organizations.set(organizations)
    add_reports(cycle, organizations)
    return cycle


def add_reports(cycle: ReportingCycle, organizations: Iterable[Organization]) -> None:
    nodes = list(Node.objects.filter(framework=cycle.framework, reportable=True))
    StatusReport.objects.bulk_create(
        [
            StatusReport(cycle=cycle, organization=organization, node=node)
            for organization in organizations
            for node in nodes
        ],
        ignore_conflicts=True,
    )


def level(framework: Framework, code: str) -> StatusLevel:
    return StatusLevel.objects.get(scale=framework.status_scale, code=code)


def fill(
    cycle: ReportingCycle,
    code: str,
    *,
    state: str = ReportState.VALIDATED,
    organization: Organization | None = None,
    progress: str = "Guidance issued to all duty stations.",
) -> int:
    """Set every (or one organization's) report of the cycle to `code` in `state`."""
    reports = StatusReport.objects.filter(cycle=cycle)
    if organization is not None:
        reports = reports.filter(organization=organization)
    now = timezone.now()
    values: dict[str, Any] = {
        "level": level(cycle.framework, code),
        "state": state,
        "progress": progress,
        "updated_at": now,
    }
    if state == ReportState.VALIDATED:
        values["validated_at"] = now
    if state in (ReportState.SUBMITTED, ReportState.VALIDATED):
        values["submitted_at"] = now
    if state == ReportState.RETURNED:
        values["returned_comment"] = "Please add the KPI value."
    return reports.update(**values)


def secretariat_of(framework: Framework) -> User:
    return user_with_role(Role.SECRETARIAT, body=framework.owner_body)


def organizations(count: int) -> list[Organization]:
    return OrganizationFactory.create_batch(count)


def add_matrix_monitoring(side: Any) -> None:
    """The authorization matrix's monitoring objects of a side: an open cycle of a framework
    owned by the side's body, in which the side's organization reports; a draft report of it
    with a status; an evidence file of that report."""
    framework = framework_with_nodes(2, body=side.body)
    side.cycle = open_cycle(framework, [side.organization])
    report = StatusReport.objects.filter(cycle=side.cycle).order_by("node__sort_key").first()
    assert report is not None
    report.level = level(framework, "L")
    report.progress = "Draft narrative, not for other organizations."
    report.save()
    side.status_report = report
    side.evidence_file = EvidenceFile.objects.create(
        report=report,
        content=b"Minutes of the duty of care working group.",
        original_name="minutes.txt",
        content_type="text/plain",
        size=42,
        sha256="0" * 64,
    )
