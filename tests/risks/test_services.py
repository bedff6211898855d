"""The risks module's services: matrices as data, levels, acceptance, actions and their
e-mails, visits and follow-ups, quarterly reports frozen with their hash in the audit log."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.support.factories import BodyFactory, UnitFactory, UserFactory
from tests.support.risks_factories import (
    THREE_BY_THREE,
    action_on,
    draft_report,
    five_by_five,
    register_for,
    risk_in,
    submitted_report,
    visit_in,
)
from tutela.audit.models import AuditEvent
from tutela.organizations.reference_data import reference_data_load
from tutela.risks import services
from tutela.risks.models import RiskFactor, RiskMatrix

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_the_shipped_five_by_five_loads_once() -> None:
    call_command("load_risk_matrices")
    call_command("load_risk_matrices")
    matrix = RiskMatrix.objects.get(code="five-by-five")
    assert matrix.shape == "5\u00d75"
    assert [lv["label"] for lv in matrix.risk_levels] == [
        "Low",
        "Medium",
        "High",
        "Very high",
        "Unacceptable",
    ]
    assert matrix.level_for("very_likely", "critical") == "unacceptable"
    assert matrix.level_for("very_unlikely", "negligible") == "low"
    assert RiskFactor.objects.filter(code="power-imbalance").exists()
    assert RiskFactor.objects.count() == 16


def test_an_edited_factor_survives_a_reload() -> None:
    five_by_five()
    RiskFactor.objects.filter(code="power-imbalance").update(name="Power imbalances (edited)")
    call_command("load_risk_matrices")
    assert RiskFactor.objects.get(code="power-imbalance").name == "Power imbalances (edited)"


def test_a_secretariat_adds_a_three_by_three_and_a_bad_grid_is_refused() -> None:
    matrix, outcome = services.matrix_save(actor=None, data=THREE_BY_THREE)
    assert outcome == "created"
    assert matrix.shape == "3\u00d73"
    broken = {**THREE_BY_THREE, "code": "broken", "grid": [["green", "purple", "red"]]}
    with pytest.raises(ValidationError) as error:
        services.matrix_save(actor=None, data=broken)
    assert any("one row per likelihood" in message for message in error.value.messages)


def test_changing_likelihood_recomputes_the_level_from_the_register_matrix() -> None:
    risk = risk_in(register_for())
    assert (risk.inherent_level, risk.residual_level) == ("very_high", "high")
    services.risk_update(actor=None, risk=risk, residual_likelihood="very_unlikely")
    risk.refresh_from_db()
    assert risk.residual_level == "medium"


def test_changing_the_matrix_definition_never_changes_existing_levels() -> None:
    matrix, _ = services.matrix_save(actor=None, data=THREE_BY_THREE)
    register = register_for(matrix=matrix)
    risk = risk_in(
        register,
        inherent_likelihood="high",
        inherent_impact="extreme",
        residual_likelihood="medium",
        residual_impact="major",
    )
    assert risk.residual_level == "amber"
    all_red = {**THREE_BY_THREE, "grid": [["red"] * 3] * 3}
    newer, outcome = services.matrix_save(actor=None, data=all_red)
    assert outcome == "new_version"
    assert newer.version == 2
    risk.refresh_from_db()
    register.refresh_from_db()
    assert risk.residual_level == "amber"
    assert register.matrix.version == 1
    services.risk_update(actor=None, risk=risk, title="Renamed")
    risk.refresh_from_db()
    assert risk.residual_level == "amber"


def test_a_level_the_matrix_does_not_have_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        risk_in(register_for(), inherent_likelihood="certain")
    assert "inherent_likelihood" in error.value.message_dict


def test_accepting_a_risk_needs_a_named_approver_and_a_review_date() -> None:
    register = register_for()
    with pytest.raises(ValidationError) as error:
        risk_in(register, treatment="accept")
    assert {"accepted_by", "acceptance_review_on"} <= set(error.value.message_dict)
    risk = risk_in(
        register,
        treatment="accept",
        accepted_by="Head of Mission",
        acceptance_review_on=TODAY + datetime.timedelta(days=90),
    )
    assert risk.treatment == "accept"


def test_risks_are_numbered_per_register_and_audited() -> None:
    register = register_for()
    first, second = risk_in(register), risk_in(register, title="Second")
    assert (first.number, second.number) == (1, 2)
    assert AuditEvent.objects.filter(action="risks.risk_create", object_id=str(second.pk)).exists()


def test_assigning_an_action_mails_its_owner(django_capture_on_commit_callbacks: object) -> None:
    owner = UserFactory(email="owner@example.org")
    risk = risk_in(register_for())
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        action_on(risk, owner=owner, due_on=TODAY + datetime.timedelta(days=30))
    assert [message.to for message in mail.outbox] == [["owner@example.org"]]
    assert "assigned to you" in mail.outbox[0].subject


def test_a_mail_server_that_is_down_does_not_fail_the_assignment(
    django_capture_on_commit_callbacks: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("tutela.risks.services.actions.send_mail", refuse)
    risk = risk_in(register_for())
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        action = action_on(risk, owner=UserFactory(), due_on=TODAY)
    assert action.pk is not None
    assert risk.actions.filter(pk=action.pk).exists()


def test_reminders_go_seven_days_before_due_and_only_once() -> None:
    owner = UserFactory()
    risk = risk_in(register_for())
    action_on(risk, owner=owner, due_on=TODAY + datetime.timedelta(days=7))
    action_on(risk, owner=owner, due_on=TODAY + datetime.timedelta(days=20))
    action_on(risk, owner=owner, due_on=TODAY + datetime.timedelta(days=2), status="done")
    mail.outbox.clear()
    call_command("send_risk_action_reminders")
    call_command("send_risk_action_reminders")
    assert len(mail.outbox) == 1
    assert "due on" in mail.outbox[0].subject


def test_a_follow_up_visit_closes_and_reopens_what_the_earlier_visit_raised() -> None:
    register = register_for()
    unit = register.unit
    risk = risk_in(register)
    first = visit_in(
        unit,
        visited_on=TODAY - datetime.timedelta(days=20),
        risks=[risk],
        raised_actions=[
            (risk, "Fence the camp perimeter", None),
            (risk, "Post hotline numbers", None),
        ],
    )
    fence, hotline = first.actions_raised.order_by("pk")
    services.action_update(
        actor=None, action=hotline, title=hotline.title, owner=None, due_on=None, status="done"
    )
    visit_in(
        unit,
        kind="follow_up",
        follows=first,
        visited_on=TODAY - datetime.timedelta(days=5),
        outcomes={fence.pk: "closed", hotline.pk: "reopened"},
    )
    fence.refresh_from_db()
    hotline.refresh_from_db()
    assert fence.status == "done"
    assert fence.done_on == TODAY - datetime.timedelta(days=5)
    assert hotline.status == "in_progress"
    assert hotline.done_on is None


def test_a_follow_up_cannot_touch_actions_of_another_visit() -> None:
    register = register_for()
    risk = risk_in(register)
    first = visit_in(register.unit, risks=[risk])
    stray = action_on(risk)
    with pytest.raises(ValidationError):
        visit_in(register.unit, kind="follow_up", follows=first, outcomes={stray.pk: "closed"})


def test_a_submitted_report_is_frozen_and_its_hash_is_audited() -> None:
    register = register_for()
    risk_in(register)
    body = BodyFactory(acronym="CDS-T")
    report = draft_report(register.unit, body, narrative="Quarter in review.")
    assert report.snapshot["registers"][0]["risks"][0]["change"] == "new"
    report = services.report_submit(actor=None, report=report)
    assert len(report.snapshot_sha256) == 64
    assert services.report_snapshot_intact(report)
    event = AuditEvent.objects.get(action="risks.report_submit", object_id=str(report.pk))
    assert event.changes["snapshot_sha256"] == report.snapshot_sha256
    with pytest.raises(ValidationError):
        services.report_submit(actor=None, report=report)
    with pytest.raises(ValidationError):
        services.report_generate(
            actor=None,
            unit=report.unit,
            year=report.year,
            quarter=report.quarter,
            receiving_body=body,
        )


def test_level_changes_since_last_quarter() -> None:
    register = register_for()
    risk = risk_in(register)
    body = BodyFactory()
    year, quarter = 2025, 1
    submitted_report(register.unit, body, period=(year, quarter))
    services.risk_update(actor=None, risk=risk, residual_likelihood="very_likely")
    report = draft_report(register.unit, body, period=(year, quarter + 1))
    entry = report.snapshot["registers"][0]["risks"][0]
    assert (entry["previous_residual_level"], entry["residual_level"], entry["change"]) == (
        "high",
        "unacceptable",
        "up",
    )


def test_the_duty_of_care_template_brings_the_seed_example() -> None:
    reference_data_load()
    call_command("load_frameworks")
    register = register_for(kind="duty_of_care", template="duty-of-care", name="DoC")
    first = register.risks.order_by("number").first()
    assert first is not None
    assert first.title.startswith("Personnel are not informed of the situation at hand")
    assert [n.ref_id for n in first.framework_nodes.order_by("sort_key")] == ["1", "1.1"]
    assert list(first.actions.order_by("pk").values_list("title", flat=True)) == [
        "Pre-deployment guide and country-specific factsheet are provided",
        "Security updates are provided during deployment",
        "Conduct duty station health risk assessment",
    ]
    assert register.risks.count() == 3


def test_a_register_for_a_unit_of_another_organization_is_refused() -> None:
    unit = UnitFactory()
    other = UnitFactory()
    with pytest.raises(ValidationError):
        register_for(unit=unit, organization=other.organization)
