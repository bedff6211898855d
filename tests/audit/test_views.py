"""The auditor's page and API: filters, and nobody else reads them."""

from __future__ import annotations

import pytest

from tests.support.clients import signed_in, token_headers
from tests.support.factories import OrganizationFactory, user_with_role
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_auditor_filters_the_log_by_action_and_actor() -> None:
    auditor = user_with_role(Role.AUDITOR)
    actor = user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory())
    audit_record(actor=actor, action="unit.create", object_type="organizations.unit")
    audit_record(actor=None, action="reference_data.load")
    page = signed_in(auditor).get("/audit/", {"action": "unit.", "actor": actor.email[:6]})
    assert page.status_code == 200
    text = page.content.decode()
    assert "unit.create" in text
    assert "<code>reference_data.load</code>" not in text


def test_a_bad_date_filter_is_reported_and_keeps_the_input() -> None:
    auditor = user_with_role(Role.AUDITOR)
    page = signed_in(auditor).get("/audit/", {"since": "not-a-date", "action": "unit"})
    assert page.status_code == 200
    assert "Enter a valid date" in page.content.decode()
    assert 'value="unit"' in page.content.decode()


def test_administrators_do_not_read_the_audit_log() -> None:
    administrator = user_with_role(Role.ADMINISTRATOR)
    assert signed_in(administrator).get("/audit/").status_code == 403


def test_audit_page_query_count_is_constant() -> None:
    client = signed_in(user_with_role(Role.AUDITOR))

    def add(count: int) -> None:
        for number in range(count):
            audit_record(actor=None, action=f"sample.{number}")

    add(1)
    assert_constant_queries(lambda: client.get("/audit/"), add, expected=7)


def test_api_lists_events_for_auditors_only() -> None:
    audit_record(actor=None, action="reference_data.load")
    auditor = user_with_role(Role.AUDITOR)
    answer = signed_in(auditor).get("/api/v1/audit/events", {"action": "reference"})
    assert answer.status_code == 200
    assert answer.json()["count"] >= 1
    viewer = user_with_role(Role.VIEWER, organization=OrganizationFactory())
    refused = signed_in(viewer).get("/api/v1/audit/events", **token_headers(viewer))
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
