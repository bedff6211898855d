"""Schemathesis over the whole OpenAPI schema, authenticated: no 5xx, answers match the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth

from tests.support.clients import token_headers
from tests.support.factories import OrganizationFactory, UnitFactory, user_with_role
from tutela.accounts.models import Membership
from tutela.accounts.roles import Role
from tutela.config.wsgi import application

# django-ninja publishes OpenAPI 3.1, which schemathesis 3 supports behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()
schema = schemathesis.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def authorization(db: None) -> Iterator[dict[str, str]]:
    # The WSGI handler would close the test's connection at each request, losing the test
    # transaction (Django's own test client does the same disconnection).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    organization = OrganizationFactory()
    UnitFactory.create_batch(3, organization=organization)
    user = user_with_role(Role.FOCAL_POINT, organization=organization)
    Membership.objects.create(user=user, role=Role.AUDITOR.value)
    headers = token_headers(user)
    yield {"Authorization": headers["HTTP_AUTHORIZATION"]}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    # filter_too_much: nested bodies (a list of up to 10,000 candidates) make
    # hypothesis-jsonschema discard many drafts; the examples that remain are still checked.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_answers_by_its_schema(case: schemathesis.Case, authorization: dict[str, str]) -> None:
    response = case.call_wsgi(headers=authorization)
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    # `ignored_auth` re-sends the request with one security scheme spoiled; with two alternative
    # schemes (token or session) the other still authenticates it. The authorization matrix
    # checks every operation anonymously and with each role instead.
    case.validate_response(response, excluded_checks=[ignored_auth])


def test_unknown_api_paths_answer_json_404(client: Client) -> None:
    response = client.get("/api/v1/no/such/thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
