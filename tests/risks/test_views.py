"""Risk pages: a risk officer records risks and sees their level; forms keep what was typed;
foreign objects are 404; reports freeze; the consolidated view; pinned query counts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.support.clients import signed_in
from tests.support.factories import BodyFactory, UnitFactory, UserFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tests.support.risks_factories import (
    action_on,
    draft_report,
    five_by_five,
    register_for,
    risk_in,
    submitted_report,
    visit_in,
)
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.risks.models import QuarterlyReport, Register, Risk

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _officer(unit: object) -> object:
    return user_with_role(Role.RISK_OFFICER, unit=unit)


def test_a_risk_officer_creates_a_register_and_records_a_risk_and_sees_its_level() -> None:
    five_by_five()
    unit = UnitFactory(type="mission", name="MONUSCO")
    client = signed_in(_officer(unit))
    form = client.get("/risks/registers/new/").content.decode()
    assert "MONUSCO" in form
    assert "5\u00d75 risk matrix" in form
    matrix = five_by_five()
    response = client.post(
        "/risks/registers/new/",
        {
            "name": "SEA register",
            "kind": "misconduct_sea",
            "owner": f"unit:{unit.pk}",
            "matrix": matrix.pk,
        },
    )
    register = Register.objects.get(name="SEA register")
    assert response.status_code == 302
    assert register.unit == unit
    response = client.post(
        f"/risks/registers/{register.pk}/risks/new/",
        {
            "title": "Transactional sex near the team site",
            "prong": "prevention",
            "inherent_likelihood": "very_likely",
            "inherent_impact": "critical",
            "residual_likelihood": "unlikely",
            "residual_impact": "severe",
            "treatment": "reduce",
        },
    )
    risk = Risk.objects.get(register=register)
    assert response.status_code == 302
    page = client.get(f"/risks/risks/{risk.pk}/").content.decode()
    assert "Unacceptable" in page
    assert "High" in page
    register_page = client.get(f"/risks/registers/{register.pk}/").content.decode()
    assert "<svg" in register_page
    assert "Transactional sex near the team site" in register_page


def test_a_rejected_risk_keeps_what_was_typed_and_names_the_problem() -> None:
    register = register_for()
    client = signed_in(_officer(register.unit))
    page = client.post(
        f"/risks/registers/{register.pk}/risks/new/",
        {
            "title": "Accepted without an approver",
            "description": "Typed text stays.",
            "prong": "enforcement",
            "inherent_likelihood": "likely",
            "inherent_impact": "minor",
            "residual_likelihood": "likely",
            "residual_impact": "minor",
            "treatment": "accept",
        },
    ).content.decode()
    assert "Accepting a risk needs the name of who approved it." in page
    assert "Accepted without an approver" in page
    assert "Typed text stays." in page
    assert not Risk.objects.filter(register=register).exists()


def test_editing_likelihood_recomputes_the_level() -> None:
    register = register_for()
    risk = risk_in(register)
    client = signed_in(_officer(register.unit))
    data = {
        "title": risk.title,
        "prong": risk.prong,
        "inherent_likelihood": "likely",
        "inherent_impact": "severe",
        "residual_likelihood": "very_unlikely",
        "residual_impact": "negligible",
        "treatment": "reduce",
    }
    assert client.post(f"/risks/risks/{risk.pk}/edit/", data).status_code == 302
    risk.refresh_from_db()
    assert risk.residual_level == "low"


def test_foreign_registers_risks_and_reports_are_404() -> None:
    register = register_for()
    risk = risk_in(register)
    report = submitted_report(register.unit)
    stranger = signed_in(_officer(UnitFactory()))
    for url in (
        f"/risks/registers/{register.pk}/",
        f"/risks/risks/{risk.pk}/",
        f"/risks/risks/{risk.pk}/edit/",
        f"/risks/reports/{report.pk}/",
        f"/risks/units/{register.unit_id}/visits/new/",
    ):
        assert stranger.get(url).status_code == 404, url
    viewer = signed_in(user_with_role(Role.VIEWER, organization=register.organization))
    assert viewer.get(f"/risks/registers/{register.pk}/").status_code == 200
    assert viewer.get(f"/risks/risks/{risk.pk}/edit/").status_code == 404


def test_conduct_reviewers_read_submitted_reports_of_their_body_only() -> None:
    register = register_for()
    body = BodyFactory(acronym="CDS-V")
    submitted = submitted_report(register.unit, body, period=(2025, 1))
    draft = draft_report(register.unit, body, period=(2025, 2))
    reviewer = signed_in(user_with_role(Role.CONDUCT_REVIEWER, body=body))
    assert reviewer.get(f"/risks/reports/{submitted.pk}/").status_code == 200
    assert reviewer.get(f"/risks/reports/{draft.pk}/").status_code == 404
    other = signed_in(user_with_role(Role.CONDUCT_REVIEWER, body=BodyFactory()))
    assert other.get(f"/risks/reports/{submitted.pk}/").status_code == 404


def test_submitting_freezes_the_report_and_exports_are_audited() -> None:
    register = register_for()
    risk_in(register)
    officer = _officer(register.unit)
    client = signed_in(officer)
    report = draft_report(register.unit, period=(2025, 3))
    assert client.post(f"/risks/reports/drafts/{report.pk}/submit/", {}).status_code == 302
    assert QuarterlyReport.objects.get(pk=report.pk).status == "draft"
    client.post(f"/risks/reports/drafts/{report.pk}/submit/", {"confirm": "on"})
    report.refresh_from_db()
    assert report.is_frozen
    assert client.get(f"/risks/reports/drafts/{report.pk}/").status_code == 404
    assert client.post(f"/risks/reports/drafts/{report.pk}/", {"narrative": "x"}).status_code == 404
    page = client.get(f"/risks/reports/{report.pk}/").content.decode()
    assert report.snapshot_sha256 in page
    assert "matches the stored snapshot" in page
    xlsx = client.get(f"/risks/reports/{report.pk}/report.xlsx")
    sheet = load_workbook(__import__("io").BytesIO(xlsx.content))["Risks"]
    assert sheet["B2"].value == report.snapshot_sha256
    pdf = client.get(f"/risks/reports/{report.pk}/report.pdf")
    assert pdf.content.startswith(b"%PDF-")
    assert set(
        AuditEvent.objects.filter(action="risks.report_export").values_list(
            "changes__format", flat=True
        )
    ) == {"xlsx", "pdf"}


def test_a_follow_up_visit_closes_an_action_through_the_page() -> None:
    register = register_for()
    risk = risk_in(register)
    client = signed_in(_officer(register.unit))
    response = client.post(
        f"/risks/units/{register.unit_id}/visits/new/",
        {
            "kind": "assessment",
            "visited_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
            "location": "Bunia",
            "risks": [risk.pk],
            "action_risk": risk.pk,
            "action_titles": "Post out-of-bounds areas\nBrief the contingent",
        },
    )
    assert response.status_code == 302
    visit = register.unit.risk_visits.get()
    first, _second = visit.actions_raised.order_by("pk")
    response = client.post(
        f"/risks/visits/{visit.pk}/follow-up/",
        {
            "visited_on": TODAY.isoformat(),
            f"outcome_{first.pk}": "closed",
            f"outcome_{_second.pk}": "unchanged",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "done"


def test_overdue_actions_show_on_the_owners_home_page() -> None:
    register = register_for()
    owner = _officer(register.unit)
    action_on(
        risk_in(register),
        owner=owner,
        title="Fence the perimeter",
        due_on=TODAY - datetime.timedelta(days=2),
    )
    page = signed_in(owner).get("/").content.decode()
    assert "Your overdue mitigating actions" in page
    assert "Fence the perimeter" in page
    assert "Fence the perimeter" not in signed_in(UserFactory()).get("/").content.decode()


def test_the_consolidated_view_shows_levels_by_unit_and_missing_reports() -> None:
    body = BodyFactory(acronym="CDS-C")
    reporting, silent = register_for(), register_for()
    risk_in(reporting)
    risk_in(silent)
    submitted_report(reporting.unit, body, period=(2025, 1))
    submitted_report(silent.unit, body, period=(2024, 4))
    page = signed_in(user_with_role(Role.CONDUCT_REVIEWER, body=body)).get(
        "/risks/consolidated/?period=2025-1"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert reporting.unit.name in text
    assert silent.unit.name in text
    assert "Missing" in text
    assert "<svg" in text
    assert signed_in(_officer(reporting.unit)).get("/risks/consolidated/").status_code == 403


def test_a_secretariat_adds_a_matrix_and_bad_yaml_keeps_the_text() -> None:
    client = signed_in(user_with_role(Role.SECRETARIAT, body=BodyFactory()))
    page = client.post(
        "/risks/matrices/new/", {"definition": "code: x\nname: [unclosed"}
    ).content.decode()
    assert "not valid YAML" in page
    assert "name: [unclosed" in page
    assert signed_in(UserFactory()).get("/risks/matrices/new/").status_code == 403


def test_register_list_and_detail_query_counts_are_constant() -> None:
    register = register_for()
    client = signed_in(_officer(register.unit))

    def add_registers(count: int) -> None:
        for number in range(count):
            register_for(unit=register.unit, name=f"Extra {number}")

    def add_risks(count: int) -> None:
        for _ in range(count):
            action_on(risk_in(register), due_on=TODAY - datetime.timedelta(days=1))

    risk_in(register)
    assert_constant_queries(lambda: client.get("/risks/"), add_registers, expected=6)
    assert_constant_queries(
        lambda: client.get(f"/risks/registers/{register.pk}/"), add_risks, expected=10
    )


def test_risk_detail_visits_and_reports_query_counts_are_constant() -> None:
    register = register_for()
    risk = risk_in(register)
    client = signed_in(_officer(register.unit))

    def add_actions(count: int) -> None:
        for _ in range(count):
            action_on(risk)

    def add_visits(count: int) -> None:
        for _ in range(count):
            visit_in(register.unit, risks=[risk])

    assert_constant_queries(
        lambda: client.get(f"/risks/risks/{risk.pk}/"), add_actions, expected=11
    )
    add_visits(1)
    assert_constant_queries(lambda: client.get("/risks/visits/"), add_visits, expected=7)
    action_on(risk, due_on=TODAY - datetime.timedelta(days=3))
    assert_constant_queries(
        lambda: client.get("/risks/actions/overdue/"),
        lambda n: [action_on(risk, due_on=TODAY - datetime.timedelta(days=3)) for _ in range(n)],
        expected=6,
    )


def test_consolidated_view_and_report_page_query_counts_are_constant() -> None:
    body = BodyFactory(acronym="CDS-Q")
    first = register_for()
    risk_in(first)
    report = submitted_report(first.unit, body, period=(2025, 1))
    reviewer = signed_in(user_with_role(Role.CONDUCT_REVIEWER, body=body))

    def add_units(count: int) -> None:
        for _ in range(count):
            register = register_for()
            risk_in(register)
            submitted_report(register.unit, body, period=(2025, 1))

    assert_constant_queries(
        lambda: reviewer.get("/risks/consolidated/?period=2025-1"), add_units, expected=12
    )
    assert_constant_queries(
        lambda: reviewer.get(f"/risks/reports/{report.pk}/"),
        lambda n: [risk_in(first) for _ in range(n)],
        expected=5,
    )
