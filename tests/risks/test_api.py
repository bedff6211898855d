"""The risks API: registers, risks with computed levels, actions, visits and reports; foreign
objects are 404; errors keep the envelope; list query counts are pinned."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import BodyFactory, UnitFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tests.support.risks_factories import (
    action_on,
    five_by_five,
    register_for,
    risk_in,
    submitted_report,
    visit_in,
)
from tutela.accounts.roles import Role

pytestmark = pytest.mark.django_db

RISK = {
    "title": "Contractors' drivers at distributions",
    "prong": "prevention",
    "inherent_likelihood": "likely",
    "inherent_impact": "critical",
    "residual_likelihood": "unlikely",
    "residual_impact": "moderate",
    "treatment": "reduce",
    "factors": ["power-imbalance"],
}


def _post(
    url: str, body: dict[str, object], headers: dict[str, str], method: str = "POST"
) -> object:
    return Client().generic(
        method, url, json.dumps(body), content_type="application/json", **headers
    )


def test_a_risk_officer_creates_a_register_and_a_risk_and_gets_its_level() -> None:
    unit = UnitFactory(type="mission")
    headers = token_headers(user_with_role(Role.RISK_OFFICER, unit=unit))
    register = _post(
        f"/api/v1/risks/units/{unit.pk}/registers",
        {"name": "SEA", "kind": "misconduct_sea", "matrix_id": five_by_five().pk},
        headers,
    ).json()  # type: ignore[attr-defined]
    assert register["matrix"] == "five-by-five v1"
    risk = _post(f"/api/v1/risks/registers/{register['id']}/risks", RISK, headers).json()  # type: ignore[attr-defined]
    assert (risk["inherent_level"], risk["residual_level"]) == ("unacceptable", "medium")
    assert risk["factors"] == ["power-imbalance"]
    updated = _post(
        f"/api/v1/risks/risks/{risk['id']}",
        {**RISK, "residual_likelihood": "very_likely"},
        headers,
        method="PUT",
    ).json()  # type: ignore[attr-defined]
    assert updated["residual_level"] == "very_high"


def test_a_bad_level_or_unnamed_acceptance_is_rejected_with_the_envelope() -> None:
    register = register_for()
    headers = token_headers(user_with_role(Role.RISK_OFFICER, unit=register.unit))
    response = _post(
        f"/api/v1/risks/registers/{register.pk}/risks",
        {**RISK, "treatment": "accept", "inherent_likelihood": "certain"},
        headers,
    )
    body = response.json()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert body["code"] == "rejected"
    assert {"inherent_likelihood", "accepted_by", "acceptance_review_on"} <= set(body["details"])


def test_foreign_objects_are_404_and_lists_hold_only_what_may_be_seen() -> None:
    register = register_for()
    risk = risk_in(register)
    report = submitted_report(register.unit)
    visit = visit_in(register.unit)
    headers = token_headers(user_with_role(Role.RISK_OFFICER, unit=UnitFactory()))
    for url in (
        f"/api/v1/risks/registers/{register.pk}",
        f"/api/v1/risks/registers/{register.pk}/risks",
        f"/api/v1/risks/risks/{risk.pk}",
        f"/api/v1/risks/reports/{report.pk}",
        f"/api/v1/risks/visits/{visit.pk}",
    ):
        assert Client().get(url, **headers).status_code == 404, url
    assert Client().get("/api/v1/risks/registers", **headers).json()["count"] == 0


def test_an_action_owner_must_belong_to_the_register() -> None:
    register = register_for()
    risk = risk_in(register)
    officer = user_with_role(Role.RISK_OFFICER, unit=register.unit)
    outsider = user_with_role(Role.RISK_OFFICER, unit=UnitFactory())
    headers = token_headers(officer)
    refused = _post(
        f"/api/v1/risks/risks/{risk.pk}/actions", {"title": "x", "owner_id": outsider.pk}, headers
    )
    assert refused.status_code == 400  # type: ignore[attr-defined]
    made = _post(
        f"/api/v1/risks/risks/{risk.pk}/actions",
        {"title": "Brief", "owner_id": officer.pk, "due_on": "2020-01-01"},
        headers,
    ).json()  # type: ignore[attr-defined]
    assert made["overdue"] is True
    mine = Client().get("/api/v1/risks/actions", {"overdue": True, "mine": True}, **headers).json()
    assert [item["id"] for item in mine["items"]] == [made["id"]]


def test_the_receiving_body_reads_the_submitted_report_with_its_hash() -> None:
    register = register_for()
    risk_in(register)
    body = BodyFactory()
    report = submitted_report(register.unit, body)
    headers = token_headers(user_with_role(Role.CONDUCT_REVIEWER, body=body))
    detail = Client().get(f"/api/v1/risks/reports/{report.pk}", **headers).json()
    assert detail["snapshot_sha256"] == report.snapshot_sha256
    assert detail["snapshot"]["registers"][0]["risks"][0]["residual_level"] == "high"


def test_api_list_query_counts_are_constant() -> None:
    register = register_for()
    risk = risk_in(register)
    headers = token_headers(user_with_role(Role.RISK_OFFICER, unit=register.unit))
    client = Client()

    def add_risks(count: int) -> None:
        for _ in range(count):
            action_on(risk_in(register), due_on=datetime.date(2020, 1, 1))

    assert_constant_queries(
        lambda: client.get(f"/api/v1/risks/registers/{register.pk}/risks", **headers),
        add_risks,
        expected=7,
    )
    assert_constant_queries(
        lambda: client.get("/api/v1/risks/actions", **headers), add_risks, expected=4
    )
    visit_in(register.unit, risks=[risk])
    assert_constant_queries(
        lambda: client.get("/api/v1/risks/visits", **headers),
        lambda n: [visit_in(register.unit, risks=[risk]) for _ in range(n)],
        expected=6,
    )
    assert_constant_queries(
        lambda: client.get("/api/v1/risks/registers", **headers),
        lambda n: [register_for(unit=register.unit, name=f"R{i}") for i in range(n)],
        expected=4,
    )
