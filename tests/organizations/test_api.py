"""Units over the API: focal points keep their own organization's tree, nobody else's."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import OrganizationFactory, UnitFactory, user_with_role
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.organizations.models import Unit

pytestmark = pytest.mark.django_db


def _post(headers: dict[str, str], body: object) -> object:
    return Client().post("/api/v1/units", body, content_type="application/json", **headers)


def test_a_focal_point_adds_a_duty_station_under_a_mission() -> None:
    organization = OrganizationFactory()
    mission = UnitFactory(organization=organization, type="mission", name="MONUSCO")
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=organization))
    answer = _post(
        headers,
        {
            "organization_id": organization.pk,
            "parent_id": mission.pk,
            "name": "Goma",
            "type": "duty_station",
            "country": "cd",
        },
    )
    assert answer.status_code == 201  # type: ignore[attr-defined]
    goma = Unit.objects.get(name="Goma")
    assert goma.path == f"{mission.path}{goma.pk}/"
    assert goma.country == "CD"
    assert AuditEvent.objects.filter(action="unit.create", object_id=str(goma.pk)).exists()


def test_a_parent_from_another_organization_is_not_found() -> None:
    organization = OrganizationFactory()
    foreign_unit = UnitFactory()
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=organization))
    answer = _post(
        headers,
        {
            "organization_id": organization.pk,
            "parent_id": foreign_unit.pk,
            "name": "X",
            "type": "duty_station",
        },
    )
    assert answer.status_code == 404  # type: ignore[attr-defined]


def test_a_duplicate_name_is_rejected_in_the_error_shape() -> None:
    organization = OrganizationFactory()
    UnitFactory(organization=organization, name="Juba")
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=organization))
    answer = _post(
        headers, {"organization_id": organization.pk, "name": "Juba", "type": "duty_station"}
    )
    assert answer.status_code == 400  # type: ignore[attr-defined]
    assert answer.json()["code"] == "rejected"  # type: ignore[attr-defined]


def test_malformed_json_gets_422_in_the_error_shape() -> None:
    organization = OrganizationFactory()
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=organization))
    answer = Client().post("/api/v1/units", "{not json", content_type="application/json", **headers)
    assert answer.status_code == 422
    body = answer.json()
    assert set(body) == {"code", "message", "details"}
    assert body["code"] == "invalid_request"


def test_a_wrong_field_type_gets_422_naming_the_field() -> None:
    organization = OrganizationFactory()
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=organization))
    answer = _post(headers, {"organization_id": organization.pk, "name": "X", "type": "castle"})
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "type" in str(answer.json()["details"])  # type: ignore[attr-defined]


def test_health_answers_without_authentication() -> None:
    answer = Client().get("/api/v1/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok"
