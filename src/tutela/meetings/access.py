"""Who may do what with meetings: a body's meetings, agendas, participants and published
conclusions are open to signed-in users; the body's secretariat keeps them; a follow-up is
updated by the secretariat or by the focal points of the organization that owns it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutela.accounts.access import (
    SIGNED_IN,
    EndpointRule,
    body_ids,
    declare,
    organization_ids,
    roles,
)
from tutela.accounts.roles import Role

if TYPE_CHECKING:
    from tutela.meetings.models import FollowUp, Meeting


def secretariat_body_ids(user: Any) -> set[int]:
    return body_ids(user, Role.SECRETARIAT)


def can_create_meetings(user: Any) -> bool:
    return bool(secretariat_body_ids(user))


def can_edit_meeting(user: Any, meeting: Meeting) -> bool:
    return meeting.body_id in secretariat_body_ids(user)


def can_see_conclusions(user: Any, meeting: Meeting) -> bool:
    """Published conclusions are for every signed-in user; a draft for the body's secretariat."""
    if meeting.conclusions is None:
        return False
    return meeting.conclusions.is_published or can_edit_meeting(user, meeting)


def can_update_follow_up(user: Any, follow_up: FollowUp) -> bool:
    secretariat = secretariat_body_ids(user)
    return (
        follow_up.meeting.body_id in secretariat
        or (follow_up.owner_body_id is not None and follow_up.owner_body_id in secretariat)
        or (
            follow_up.owner_organization_id is not None
            and follow_up.owner_organization_id in organization_ids(user, Role.FOCAL_POINT)
        )
        or (follow_up.owner_user_id is not None and follow_up.owner_user_id == user.pk)
    )


SECRETARIAT = roles(Role.SECRETARIAT)
FOLLOW_UP_UPDATERS = roles(Role.SECRETARIAT, Role.FOCAL_POINT)

declare(
    EndpointRule("meetings:meeting_list", own=SIGNED_IN),
    EndpointRule("meetings:meeting_create", own=SECRETARIAT),
    EndpointRule("meetings:meeting_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="meeting"),
    EndpointRule("meetings:meeting_edit", own=SECRETARIAT, subject="meeting"),
    EndpointRule("meetings:agenda_item_add", own=SECRETARIAT, subject="meeting"),
    EndpointRule(
        "meetings:agenda_item_move", own=SECRETARIAT, subject="meeting", method="POST", answers=302
    ),
    EndpointRule("meetings:document_add", own=SECRETARIAT, subject="meeting"),
    EndpointRule(
        "meetings:document_download",
        own=SIGNED_IN,
        foreign=SIGNED_IN,
        subject="meeting_document",
    ),
    EndpointRule("meetings:participant_add", own=SECRETARIAT, subject="meeting"),
    EndpointRule("meetings:participant_import", own=SECRETARIAT, subject="meeting"),
    EndpointRule("meetings:conclusions_link", own=SECRETARIAT, subject="meeting"),
    EndpointRule(
        "meetings:follow_ups_generate",
        own=SECRETARIAT,
        subject="meeting",
        method="POST",
        answers=302,
    ),
    EndpointRule("meetings:follow_up_list", own=SIGNED_IN),
    EndpointRule("meetings:follow_up_edit", own=FOLLOW_UP_UPDATERS, subject="follow_up"),
    EndpointRule("api:meeting_list", own=SIGNED_IN),
    EndpointRule("api:meeting_detail", own=SIGNED_IN, foreign=SIGNED_IN, subject="meeting"),
    EndpointRule("api:follow_up_list", own=SIGNED_IN),
    EndpointRule(
        "api:follow_up_update",
        own=FOLLOW_UP_UPDATERS,
        subject="follow_up",
        method="POST",
        answers=200,
    ),
)
