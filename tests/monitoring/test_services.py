"""The reporting workflow: cycles open and close, focal points save and submit, the secretariat
returns and validates, validated reports are locked, and every change is kept."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.factories import OrganizationFactory, user_with_role
from tests.support.monitoring_factories import (
    framework_with_nodes,
    level,
    open_cycle,
    secretariat_of,
)
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.monitoring import services
from tutela.monitoring.models import (
    CycleStatus,
    EvidenceFile,
    Participation,
    ReportState,
    StatusReport,
)

pytestmark = pytest.mark.django_db


def test_a_cycle_opens_with_one_report_per_organization_and_node() -> None:
    framework = framework_with_nodes(4)
    secretariat = secretariat_of(framework)
    unhcr, undp = OrganizationFactory(acronym="UNHCR"), OrganizationFactory(acronym="UNDP")
    cycle = services.cycle_create(
        actor=secretariat,
        framework=framework,
        title="Spring 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        opens_on=date(2026, 7, 1),
        closes_on=date(2026, 7, 31),
        organizations=[unhcr, undp],
    )
    assert cycle.status == CycleStatus.DRAFT
    services.cycle_open(actor=secretariat, cycle=cycle)
    assert StatusReport.objects.filter(cycle=cycle).count() == 8
    assert set(StatusReport.objects.values_list("state", flat=True)) == {ReportState.DRAFT}
    with pytest.raises(ValidationError):
        services.cycle_open(actor=secretariat, cycle=cycle)
    assert AuditEvent.objects.filter(action="monitoring.cycle.open").count() == 1


def test_responsible_entities_report_only_on_their_nodes() -> None:
    framework = framework_with_nodes(3)
    secretariat = secretariat_of(framework)
    lead, member, other = OrganizationFactory.create_batch(3)
    first, second, _third = framework.nodes.filter(reportable=True).order_by("sort_key")
    first.lead_organizations.add(lead)
    first.member_organizations.add(member)
    second.lead_organizations.add(member)
    cycle = services.cycle_create(
        actor=secretariat,
        framework=framework,
        title="By responsibility",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        opens_on=date(2026, 7, 1),
        closes_on=date(2026, 7, 31),
        participation=Participation.RESPONSIBLE,
    )
    services.cycle_open(actor=secretariat, cycle=cycle)
    pairs = set(StatusReport.objects.values_list("organization_id", "node_id"))
    assert pairs == {(lead.pk, first.pk), (member.pk, first.pk), (member.pk, second.pk)}
    assert other not in cycle.organizations.all()


def test_only_the_owner_bodys_secretariat_runs_cycles() -> None:
    framework = framework_with_nodes(1)
    stranger = user_with_role(Role.SECRETARIAT, body=framework_with_nodes(1).owner_body)
    with pytest.raises(PermissionDenied):
        services.cycle_create(
            actor=stranger,
            framework=framework,
            title="Not mine",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 6, 30),
            opens_on=date(2026, 7, 1),
            closes_on=date(2026, 7, 31),
        )


def test_save_submit_return_validate_and_lock() -> None:
    framework = framework_with_nodes(2)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    focal_point = user_with_role(Role.FOCAL_POINT, organization=organization)
    secretariat = secretariat_of(framework)
    first, second = StatusReport.objects.filter(cycle=cycle).order_by("node__sort_key")

    services.report_save(
        actor=focal_point,
        report=first,
        level=level(framework, "L"),
        progress="Pre-deployment guide drafted.",
        constraints="Translation pending.",
        kpi_value="40%",
        evidence_links=["https://example.org/guide"],
    )
    result = services.report_submit(actor=focal_point, cycle=cycle, organization=organization)
    assert (result.submitted, result.without_status) == (1, 1)
    first.refresh_from_db()
    assert first.state == ReportState.SUBMITTED
    with pytest.raises(ValidationError):
        services.report_save(actor=focal_point, report=first, level=level(framework, "O"))

    services.report_return(actor=secretariat, report=first, comment="Add the KPI source.")
    first.refresh_from_db()
    assert first.state == ReportState.RETURNED
    services.report_save(
        actor=focal_point,
        report=first,
        level=level(framework, "O"),
        progress="Guide issued.",
        kpi_value="100%",
    )
    services.report_submit(actor=focal_point, cycle=cycle, organization=organization, report=first)
    assert services.report_validate(actor=secretariat, cycle=cycle, reports=[first]) == 1
    first.refresh_from_db()
    assert first.state == ReportState.VALIDATED
    with pytest.raises(ValidationError):
        services.report_save(actor=focal_point, report=first, level=level(framework, "A"))
    with pytest.raises(ValidationError):
        services.report_return(actor=secretariat, report=first, comment="Too late")
    assert first.level is not None
    assert first.level.code == "O"
    actions = list(first.versions.order_by("number").values_list("action", flat=True))
    assert actions == ["save", "submit", "return", "save", "submit", "validate"]
    assert first.versions.get(number=4).changes["level"] == ["L", "O"]
    # The second report never had a status: it cannot be submitted alone.
    with pytest.raises(ValidationError):
        services.report_submit(
            actor=focal_point, cycle=cycle, organization=organization, report=second
        )


def test_a_focal_point_writes_only_their_own_organizations_reports() -> None:
    framework = framework_with_nodes(1)
    own, foreign = OrganizationFactory.create_batch(2)
    cycle = open_cycle(framework, [own, foreign])
    focal_point = user_with_role(Role.FOCAL_POINT, organization=own)
    foreign_report = StatusReport.objects.get(cycle=cycle, organization=foreign)
    with pytest.raises(PermissionDenied):
        services.report_save(actor=focal_point, report=foreign_report, level=None)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=focal_point, cycle=cycle, organization=foreign)
    with pytest.raises(PermissionDenied):
        services.report_validate(actor=focal_point, cycle=cycle)


def test_bulk_validation_takes_every_submitted_report() -> None:
    framework = framework_with_nodes(5)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    focal_point = user_with_role(Role.FOCAL_POINT, organization=organization)
    for report in StatusReport.objects.filter(cycle=cycle):
        services.report_save(actor=focal_point, report=report, level=level(framework, "A"))
    services.report_submit(actor=focal_point, cycle=cycle, organization=organization)
    assert services.report_validate(actor=secretariat_of(framework), cycle=cycle) == 5
    assert not StatusReport.objects.exclude(state=ReportState.VALIDATED).exists()


def test_closed_cycles_refuse_changes_and_publish_after_closing() -> None:
    framework = framework_with_nodes(1)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    secretariat = secretariat_of(framework)
    focal_point = user_with_role(Role.FOCAL_POINT, organization=organization)
    with pytest.raises(ValidationError):
        services.cycle_publish(actor=secretariat, cycle=cycle)
    services.cycle_close(actor=secretariat, cycle=cycle)
    report = StatusReport.objects.get(cycle=cycle)
    with pytest.raises(ValidationError):
        services.report_save(actor=focal_point, report=report, level=level(framework, "A"))
    services.cycle_publish(actor=secretariat, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.PUBLISHED


def test_evidence_files_are_checked_by_size_and_type() -> None:
    framework = framework_with_nodes(1)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    focal_point = user_with_role(Role.FOCAL_POINT, organization=organization)
    report = StatusReport.objects.get(cycle=cycle)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
    services.report_save(actor=focal_point, report=report, level=None, evidence_files=[pdf])
    assert EvidenceFile.objects.get(report=report).original_name == "plan.pdf"
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not the kind of file"):
        services.report_save(actor=focal_point, report=report, level=None, evidence_files=[fake])
    script = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError, match="only PDF"):
        services.report_save(actor=focal_point, report=report, level=None, evidence_files=[script])
    big = SimpleUploadedFile("big.txt", b"x" * (10 * 1024 * 1024 + 1), content_type="text/plain")
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        services.report_save(actor=focal_point, report=report, level=None, evidence_files=[big])
    assert EvidenceFile.objects.filter(report=report).count() == 1
