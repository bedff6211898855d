"""The monitoring API: cycles, a focal point's reports, dashboard data."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import OrganizationFactory, user_with_role
from tests.support.monitoring_factories import (
    fill,
    framework_with_nodes,
    open_cycle,
    secretariat_of,
)
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.monitoring.models import ReportState, StatusReport

pytestmark = pytest.mark.django_db


def test_a_focal_point_saves_and_submits_through_the_api() -> None:
    framework = framework_with_nodes(3)
    organization = OrganizationFactory()
    cycle = open_cycle(framework, [organization])
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=organization))
    client = Client()
    listed = client.get(f"/api/v1/monitoring/cycles/{cycle.pk}/my-reports", **headers).json()
    assert listed["count"] == 3
    report_id = listed["items"][0]["id"]
    response = client.post(
        f"/api/v1/monitoring/reports/{report_id}",
        {"level": "O", "progress": "Done.", "kpi_value": "100%"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["level"] == "O"
    response = client.post(
        f"/api/v1/monitoring/reports/{report_id}",
        {"level": "0"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    response = client.post(
        f"/api/v1/monitoring/cycles/{cycle.pk}/my-reports/submit",
        {},
        content_type="application/json",
        **headers,
    )
    assert response.json() == {"submitted": 1, "without_status": 2}
    assert StatusReport.objects.get(pk=report_id).state == ReportState.SUBMITTED
    response = client.post(
        f"/api/v1/monitoring/reports/{report_id}",
        {"level": "A"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "rejected"


def test_dashboard_data_is_a_compact_matrix() -> None:
    framework = framework_with_nodes(2)
    organizations = [OrganizationFactory(acronym=a) for a in ("FAO", "ILO")]
    cycle = open_cycle(framework, organizations)
    fill(cycle, "L")
    fill(cycle, "N", organization=organizations[1])
    headers = token_headers(secretariat_of(framework))
    data = Client().get(f"/api/v1/monitoring/cycles/{cycle.pk}/dashboard", **headers).json()
    assert [o["acronym"] for o in data["organizations"]] == ["FAO", "ILO"]
    assert data["cells"] == ["L|N", "L|N"]
    assert [level["code"] for level in data["levels"]] == ["A", "L", "O", "N"]


def test_cycle_list_has_constant_queries() -> None:
    framework = framework_with_nodes(1)
    organization = OrganizationFactory()
    open_cycle(framework, [organization])
    headers = token_headers(secretariat_of(framework))
    client = Client()
    assert_constant_queries(
        lambda: client.get("/api/v1/monitoring/cycles", **headers),
        lambda n: [open_cycle(framework, [organization]) for _ in range(n)],
    )
