"""The demo meeting: HLCM 40th session of seed 001 with its conclusions and follow-ups."""

from __future__ import annotations

import random

import pytest

from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.common.demo import DemoContext
from tutela.meetings import demo, selectors
from tutela.meetings.models import FollowUp, Meeting
from tutela.organizations.models import Body, Organization
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db


def test_demo_builds_the_hlcm_40th_session() -> None:
    reference_data_load()
    hlcm = Body.objects.get(acronym="HLCM")
    secretariat = user_with_role(Role.SECRETARIAT, body=hlcm)
    context = DemoContext(rng=random.Random(1), scale="small")
    context.users_by_role["secretariat"] = secretariat

    demo.generate(context)
    demo.generate(context)  # a second run adds nothing

    meeting = Meeting.objects.get(body=hlcm, number=40)
    assert meeting.participants.count() >= 20
    assert meeting.participants.filter(organization__isnull=True).count() == 0
    assert list(meeting.agenda_items.values_list("number", flat=True)) == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
    ]
    assert meeting.documents.filter(symbol="CEB/2020/HLCM/13").exists()
    assert meeting.conclusions is not None
    assert meeting.conclusions.slug == demo.CONCLUSIONS_SLUG
    follow_ups = {f.node.ref_id: f for f in FollowUp.objects.filter(meeting=meeting)}
    assert {"18.a", "18.b", "18.c", "18.d", "43"} <= set(follow_ups)
    assert follow_ups["18.c"].status == "done"
    assert follow_ups["18.d"].is_overdue
    assert follow_ups["43"].is_overdue
    assert not follow_ups["18.b"].is_overdue
    assert follow_ups["43"].owner_organization == Organization.objects.get(acronym="UNHCR")
    focal_point = user_with_role(
        Role.FOCAL_POINT, organization=Organization.objects.get(acronym="UNHCR")
    )
    owned = list(selectors.follow_ups_owned_by_my_organizations(user=focal_point))
    assert [f.node.ref_id for f in owned] == ["43"]
    assert len(selectors.overdue_follow_ups_of_my_bodies(user=secretariat)) == 2
