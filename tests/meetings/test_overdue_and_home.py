"""Overdue means: a due date in the past and neither done nor dropped. Owners see theirs on the
home page, overdue first; the secretariat sees the overdue ones of its bodies."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.support.clients import signed_in
from tests.support.factories import OrganizationFactory, UserFactory, user_with_role
from tests.support.meetings_factories import FollowUpFactory, MeetingFactory
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.meetings import selectors
from tutela.meetings.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "status", "overdue"),
    [
        (-1, "open", True),
        (-1, "in_progress", True),
        (-1, "done", False),
        (-1, "dropped", False),
        (0, "open", False),
        (1, "open", False),
        (None, "open", False),
    ],
)
def test_overdue_rule(days: int | None, status: str, overdue: bool) -> None:
    today = timezone.localdate()
    due_on = None if days is None else today + datetime.timedelta(days=days)
    done_at = timezone.now() if status == "done" else None
    follow_up = FollowUpFactory(due_on=due_on, status=status, done_at=done_at)
    assert follow_up.is_overdue is overdue
    listed = selectors.follow_up_list(user=UserFactory(), overdue=True)
    assert (follow_up in listed) is overdue
    not_listed = selectors.follow_up_list(user=UserFactory(), overdue=False)
    assert (follow_up in not_listed) is not overdue


def test_focal_point_home_lists_own_open_follow_ups_overdue_first() -> None:
    own = OrganizationFactory()
    today = timezone.localdate()
    later = FollowUpFactory(owner_organization=own, due_on=today + datetime.timedelta(days=3))
    late = FollowUpFactory(owner_organization=own, due_on=today - datetime.timedelta(days=3))
    done = FollowUpFactory(owner_organization=own, status="done", done_at=timezone.now())
    foreign = FollowUpFactory(due_on=today - datetime.timedelta(days=3))
    focal_point = user_with_role(Role.FOCAL_POINT, organization=own)
    page = signed_in(focal_point).get("/").content.decode()
    assert "Follow-ups your organization owns" in page
    assert page.index(late.node.text) < page.index(later.node.text)
    assert done.node.text not in page
    assert foreign.node.text not in page
    assert "Overdue" in page


def test_secretariat_home_lists_overdue_follow_ups_of_its_bodies() -> None:
    meeting = MeetingFactory()
    today = timezone.localdate()
    late = FollowUpFactory(meeting=meeting, due_on=today - datetime.timedelta(days=1))
    on_time = FollowUpFactory(meeting=meeting, due_on=today + datetime.timedelta(days=1))
    other_body = FollowUpFactory(due_on=today - datetime.timedelta(days=1))
    page = signed_in(user_with_role(Role.SECRETARIAT, body=meeting.body)).get("/").content.decode()
    assert "Overdue follow-ups of your bodies" in page
    assert late.node.text in page
    assert on_time.node.text not in page
    assert other_body.node.text not in page


def test_users_without_follow_ups_see_no_panel_and_home_queries_are_constant() -> None:
    page = signed_in(UserFactory()).get("/").content.decode()
    assert "Follow-ups your organization owns" not in page
    own = OrganizationFactory()
    FollowUpFactory(owner_organization=own)
    client = signed_in(user_with_role(Role.FOCAL_POINT, organization=own))
    assert_constant_queries(
        lambda: client.get("/"),
        lambda n: FollowUpFactory.create_batch(n, owner_organization=own),
    )
    assert FollowUp.objects.count() == 21
