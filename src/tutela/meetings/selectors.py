"""Every read of meetings and follow-ups; each takes the acting user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tutela.accounts.access import organization_ids, require
from tutela.accounts.roles import Role
from tutela.frameworks.models import Framework, FrameworkKind, FrameworkStatus, Node, NodeType
from tutela.meetings.access import (
    can_create_meetings,
    can_edit_meeting,
    can_see_conclusions,
    can_update_follow_up,
    secretariat_body_ids,
)
from tutela.meetings.models import (
    PENDING_STATUSES,
    AgendaItem,
    FollowUp,
    Meeting,
    MeetingDocument,
    Participant,
)
from tutela.organizations.models import Body, Organization

TRACKED_NODE_TYPES = (NodeType.DECISION, NodeType.REQUEST)


def _signed_in(user: Any) -> None:
    require(getattr(user, "is_authenticated", False))


def meeting_list(*, user: Any, body_id: int | None = None) -> QuerySet[Meeting]:
    _signed_in(user)
    meetings = Meeting.objects.select_related("body")
    if body_id is not None:
        meetings = meetings.filter(body_id=body_id)
    return meetings.annotate(
        participant_count=Count("participants", distinct=True),
        overdue_count=Count(
            "follow_ups",
            filter=Q(
                follow_ups__status__in=PENDING_STATUSES,
                follow_ups__due_on__lt=timezone.localdate(),
            ),
            distinct=True,
        ),
    ).order_by("-starts_on", "title")


def meeting_bodies(*, user: Any) -> QuerySet[Body]:
    """Bodies that have meetings, for the list's filter."""
    _signed_in(user)
    return Body.objects.filter(meetings__isnull=False).distinct().order_by("acronym")


def meeting_get(*, user: Any, meeting_id: int) -> Meeting:
    _signed_in(user)
    return get_object_or_404(
        Meeting.objects.select_related("body", "conclusions", "conclusions__owner_body"),
        pk=meeting_id,
    )


def meeting_for_editing(*, user: Any, meeting_id: int) -> Meeting:
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    require(can_edit_meeting(user, meeting))
    return meeting


def may_create_meetings(*, user: Any) -> bool:
    return can_create_meetings(user)


def bodies_for_new_meeting(*, user: Any) -> QuerySet[Body]:
    """The bodies whose secretariat the user serves; none means no right to create."""
    _signed_in(user)
    if not can_create_meetings(user):
        raise PermissionDenied
    return Body.objects.filter(pk__in=secretariat_body_ids(user)).order_by("acronym")


def _follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.select_related(
        "owner_organization", "owner_body", "owner_user", "node", "meeting", "meeting__body"
    )


@dataclass(frozen=True)
class ConclusionNode:
    node: Node
    follow_ups: list[FollowUp]


@dataclass(frozen=True)
class MeetingDetail:
    meeting: Meeting
    agenda_items: list[AgendaItem]
    other_documents: list[MeetingDocument]
    participants: list[Participant]
    conclusions_visible: bool
    conclusion_nodes: list[ConclusionNode]
    may_edit: bool


def meeting_detail(*, user: Any, meeting_id: int) -> MeetingDetail:
    meeting = meeting_get(user=user, meeting_id=meeting_id)
    documents = MeetingDocument.objects.defer("content").order_by("pk")
    agenda_items = list(
        meeting.agenda_items.order_by("order", "pk").prefetch_related(
            Prefetch("documents", queryset=documents)
        )
    )
    other_documents = list(documents.filter(meeting=meeting, agenda_item__isnull=True))
    participants = list(
        meeting.participants.select_related("organization").order_by(
            Case(
                When(role="chair", then=Value(0)),
                When(role="vice_chair", then=Value(1)),
                When(role="secretariat", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            ),
            "organization__acronym",
            "organization_note",
            "name",
        )
    )
    visible = can_see_conclusions(user, meeting)
    conclusion_nodes: list[ConclusionNode] = []
    if visible and meeting.conclusions is not None:
        nodes = (
            Node.objects.filter(framework=meeting.conclusions, type__in=TRACKED_NODE_TYPES)
            .select_related("report_back_to")
            .prefetch_related(
                "lead_organizations",
                "lead_bodies",
                Prefetch(
                    "follow_ups",
                    queryset=_follow_ups().filter(meeting=meeting).order_by("pk"),
                ),
            )
            .order_by("sort_key")
        )
        conclusion_nodes = [ConclusionNode(node, list(node.follow_ups.all())) for node in nodes]
    return MeetingDetail(
        meeting=meeting,
        agenda_items=agenda_items,
        other_documents=other_documents,
        participants=participants,
        conclusions_visible=visible,
        conclusion_nodes=conclusion_nodes,
        may_edit=can_edit_meeting(user, meeting),
    )


def agenda_item_for_meeting(*, meeting: Meeting, agenda_item_id: int) -> AgendaItem:
    """An agenda item must belong to the meeting being edited; any other id is 'not found'."""
    return get_object_or_404(AgendaItem, pk=agenda_item_id, meeting=meeting)


def agenda_items_of(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda_items.order_by("order", "pk")


def document_get(*, user: Any, document_id: int) -> MeetingDocument:
    _signed_in(user)
    return get_object_or_404(MeetingDocument, pk=document_id, filename__gt="")


def decisions_frameworks_for(*, meeting: Meeting) -> QuerySet[Framework]:
    """The decisions frameworks of the meeting's body not yet the conclusions of another meeting."""
    return (
        Framework.objects.filter(kind=FrameworkKind.DECISIONS, owner_body_id=meeting.body_id)
        .exclude(status=FrameworkStatus.RETIRED)
        .filter(Q(meeting__isnull=True) | Q(meeting=meeting))
        .order_by("title", "-version")
    )


def organizations_by_code() -> dict[str, Organization]:
    """Every acronym and other spelling (case-folded) to its organization, for imports."""
    found: dict[str, Organization] = {}
    for organization in Organization.objects.filter(is_active=True):
        for spelling in [*organization.aliases, organization.acronym]:
            found[spelling.casefold()] = organization
    return found


def _visible_follow_ups(user: Any) -> QuerySet[FollowUp]:
    """Follow-ups of published conclusions, and every follow-up of the user's own bodies and
    organizations (the secretariat sees its drafts, owners see what they own)."""
    _signed_in(user)
    own_organizations = organization_ids(user, Role.FOCAL_POINT, Role.VIEWER)
    own_bodies = secretariat_body_ids(user)
    return _follow_ups().filter(
        ~Q(meeting__conclusions__status=FrameworkStatus.DRAFT)
        | Q(meeting__body_id__in=own_bodies)
        | Q(owner_body_id__in=own_bodies)
        | Q(owner_organization_id__in=own_organizations)
        | Q(owner_user_id=user.pk)
    )


def _overdue_first(follow_ups: QuerySet[FollowUp], today: date) -> QuerySet[FollowUp]:
    return follow_ups.annotate(
        overdue_rank=Case(
            When(status__in=PENDING_STATUSES, due_on__lt=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("overdue_rank", "due_on", "pk")


def follow_up_list(
    *,
    user: Any,
    owner_organization_id: int | None = None,
    owner_body_id: int | None = None,
    status: str = "",
    overdue: bool | None = None,
    meeting_id: int | None = None,
) -> QuerySet[FollowUp]:
    today = timezone.localdate()
    follow_ups = _visible_follow_ups(user)
    if owner_organization_id is not None:
        follow_ups = follow_ups.filter(owner_organization_id=owner_organization_id)
    if owner_body_id is not None:
        follow_ups = follow_ups.filter(owner_body_id=owner_body_id)
    if status:
        follow_ups = follow_ups.filter(status=status)
    if meeting_id is not None:
        follow_ups = follow_ups.filter(meeting_id=meeting_id)
    overdue_condition = Q(status__in=PENDING_STATUSES, due_on__lt=today)
    if overdue is True:
        follow_ups = follow_ups.filter(overdue_condition)
    elif overdue is False:
        follow_ups = follow_ups.exclude(overdue_condition)
    return _overdue_first(follow_ups, today)


def follow_up_owners(*, user: Any) -> tuple[QuerySet[Organization], QuerySet[Body]]:
    """The organizations and bodies that own at least one follow-up, for the filters."""
    _signed_in(user)
    return (
        Organization.objects.filter(follow_ups__isnull=False).distinct().order_by("acronym"),
        Body.objects.filter(follow_ups__isnull=False).distinct().order_by("acronym"),
    )


def follow_up_for_update(*, user: Any, follow_up_id: int) -> FollowUp:
    _signed_in(user)
    follow_up = get_object_or_404(_follow_ups(), pk=follow_up_id)
    require(can_update_follow_up(user, follow_up))
    return follow_up


def may_assign_follow_up(*, user: Any, follow_up: FollowUp) -> bool:
    """Only the secretariat of the meeting's body names owners and due dates."""
    return can_edit_meeting(user, follow_up.meeting)


def follow_ups_owned_by_my_organizations(*, user: Any) -> QuerySet[FollowUp]:
    """For focal points' home page: their organizations' pending follow-ups, overdue first."""
    organizations = organization_ids(user, Role.FOCAL_POINT)
    follow_ups = _follow_ups().filter(
        Q(owner_organization_id__in=organizations) | Q(owner_user_id=user.pk),
        status__in=PENDING_STATUSES,
    )
    return _overdue_first(follow_ups, timezone.localdate())


def overdue_follow_ups_of_my_bodies(*, user: Any) -> QuerySet[FollowUp]:
    """For the secretariat's home page: the overdue follow-ups of the bodies it serves."""
    return (
        _follow_ups()
        .filter(
            meeting__body_id__in=secretariat_body_ids(user),
            status__in=PENDING_STATUSES,
            due_on__lt=timezone.localdate(),
        )
        .order_by("due_on", "pk")
    )
