"""The meetings API: lists, detail, follow-up filters and updates."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.factories import OrganizationFactory, UserFactory, user_with_role
from tests.support.meetings_factories import (
    AgendaItemFactory,
    FollowUpFactory,
    LinkDocumentFactory,
    MeetingFactory,
    ParticipantFactory,
)
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_meeting_list_and_detail() -> None:
    meeting = MeetingFactory(title="HLCM 40th session")
    item = AgendaItemFactory(meeting=meeting, number="II")
    LinkDocumentFactory(meeting=meeting, agenda_item=item, symbol="CEB/2020/HLCM/13")
    ParticipantFactory(meeting=meeting, name="Ms. Grete Faremo", organization__acronym="UNOPS")
    FollowUpFactory(meeting=meeting)
    headers = token_headers(UserFactory())
    listing = Client().get("/api/v1/meetings", {"body_id": meeting.body_id}, **headers).json()
    assert listing["count"] == 1
    assert listing["items"][0]["body"] == meeting.body.acronym
    detail = Client().get(f"/api/v1/meetings/{meeting.pk}", **headers).json()
    assert detail["agenda"][0]["documents"][0]["symbol"] == "CEB/2020/HLCM/13"
    assert detail["participants"] == [
        {
            "name": "Ms. Grete Faremo",
            "organization": "UNOPS",
            "organization_note": "",
            "title": "Director",
            "role": "member",
        }
    ]
    assert detail["follow_ups"][0]["overdue"] is True
    assert Client().get("/api/v1/meetings/999999", **headers).status_code == 404


def test_follow_up_list_filters() -> None:
    unhcr = OrganizationFactory(acronym="UNHCR")
    late = FollowUpFactory(owner_organization=unhcr, due_on=datetime.date(2020, 12, 31))
    FollowUpFactory(owner_organization=unhcr, due_on=datetime.date(2999, 12, 31))
    FollowUpFactory()
    client, headers = Client(), token_headers(UserFactory())
    found = client.get(
        "/api/v1/meetings/follow-ups",
        {"owner_organization_id": unhcr.pk, "overdue": "true"},
        **headers,
    ).json()
    assert [item["id"] for item in found["items"]] == [late.pk]
    assert found["items"][0]["owner_organization"] == "UNHCR"
    assert (
        client.get("/api/v1/meetings/follow-ups", {"status": "nonsense"}, **headers).status_code
        == 422
    )
    assert_constant_queries(
        lambda: client.get("/api/v1/meetings/follow-ups", **headers),
        lambda n: FollowUpFactory.create_batch(n),
        expected=4,
    )


def test_follow_up_update_by_the_owner_focal_point() -> None:
    own = OrganizationFactory()
    follow_up = FollowUpFactory(owner_organization=own)
    headers = token_headers(user_with_role(Role.FOCAL_POINT, organization=own))
    response = Client().post(
        f"/api/v1/meetings/follow-ups/{follow_up.pk}",
        {"status": "done", "progress_note": "Delivered."},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["overdue"] is False
    assert response.json()["done_at"] is not None
    stranger = token_headers(user_with_role(Role.FOCAL_POINT, organization=OrganizationFactory()))
    refused = Client().post(
        f"/api/v1/meetings/follow-ups/{follow_up.pk}",
        {"status": "open"},
        content_type="application/json",
        **stranger,
    )
    assert refused.status_code == 404
