"""Meetings and the follow-up tracker over the API."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path

from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.meetings import selectors, services
from tutela.meetings.models import FollowUpStatus

API_PREFIX = "/meetings"
router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    body: str
    title: str
    number: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    location: str
    format: str
    status: str
    conclusions_id: int | None

    @staticmethod
    def resolve_body(obj: object) -> str:
        return obj.body.acronym  # type: ignore[attr-defined,no-any-return]


class DocumentOut(Schema):
    id: int
    title: str
    symbol: str
    link: str
    filename: str
    file_type: str
    size: int


class AgendaItemOut(Schema):
    id: int
    number: str
    title: str
    order: int
    documents: list[DocumentOut]

    @staticmethod
    def resolve_documents(obj: object) -> list[object]:
        return list(obj.documents.all())  # type: ignore[attr-defined]


class ParticipantOut(Schema):
    name: str
    organization: str | None
    organization_note: str
    title: str
    role: str

    @staticmethod
    def resolve_organization(obj: object) -> str | None:
        organization = obj.organization  # type: ignore[attr-defined]
        return organization.acronym if organization else None


class FollowUpOut(Schema):
    id: int
    meeting_id: int
    node_id: int
    node_ref: str
    node_text: str
    owner_organization: str | None
    owner_body: str | None
    due_on: datetime.date | None
    status: str
    progress_note: str
    done_at: datetime.datetime | None
    overdue: bool

    @staticmethod
    def resolve_node_ref(obj: object) -> str:
        return obj.node.ref_id  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_node_text(obj: object) -> str:
        return obj.node.text  # type: ignore[attr-defined,no-any-return]

    @staticmethod
    def resolve_owner_organization(obj: object) -> str | None:
        owner = obj.owner_organization  # type: ignore[attr-defined]
        return owner.acronym if owner else None

    @staticmethod
    def resolve_owner_body(obj: object) -> str | None:
        owner = obj.owner_body  # type: ignore[attr-defined]
        return owner.acronym if owner else None

    @staticmethod
    def resolve_overdue(obj: object) -> bool:
        return obj.is_overdue  # type: ignore[attr-defined,no-any-return]


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    documents: list[DocumentOut]
    participants: list[ParticipantOut]
    follow_ups: list[FollowUpOut]


class MeetingFilters(Schema):
    body_id: int | None = Field(None, ge=1, le=MAX_ID)


@router.get("", response={200: list[MeetingOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def meeting_list(request: HttpRequest, filters: Query[MeetingFilters]) -> object:
    return selectors.meeting_list(user=acting_user(request), body_id=filters.body_id)


class FollowUpFilters(Schema):
    owner_organization_id: int | None = Field(None, ge=1, le=MAX_ID)
    owner_body_id: int | None = Field(None, ge=1, le=MAX_ID)
    meeting_id: int | None = Field(None, ge=1, le=MAX_ID)
    status: FollowUpStatus | None = None
    overdue: bool | None = None


@router.get("/follow-ups", response={200: list[FollowUpOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def follow_up_list(request: HttpRequest, filters: Query[FollowUpFilters]) -> object:
    return selectors.follow_up_list(
        user=acting_user(request),
        owner_organization_id=filters.owner_organization_id,
        owner_body_id=filters.owner_body_id,
        meeting_id=filters.meeting_id,
        status=filters.status.value if filters.status else "",
        overdue=filters.overdue,
    )


class FollowUpIn(Schema):
    status: FollowUpStatus
    progress_note: str = Field("", max_length=10_000, pattern=NO_NUL)


@router.post("/follow-ups/{follow_up_id}", response={200: FollowUpOut, **ERROR_RESPONSES})
def follow_up_update(
    request: HttpRequest, payload: FollowUpIn, follow_up_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    user = acting_user(request)
    follow_up = selectors.follow_up_for_update(user=user, follow_up_id=follow_up_id)
    return services.follow_up_update(
        actor=user,
        follow_up=follow_up,
        status=payload.status.value,
        progress_note=payload.progress_note,
    )


# After the follow-up routes, so that /follow-ups is not read as a meeting id.
@router.get("/{meeting_id}", response={200: MeetingDetailOut, **ERROR_RESPONSES})
def meeting_detail(request: HttpRequest, meeting_id: int = Path(..., ge=1, le=MAX_ID)) -> object:
    detail = selectors.meeting_detail(user=acting_user(request), meeting_id=meeting_id)
    return MeetingDetailView(detail)


class MeetingDetailView:
    """A meeting with its agenda, documents, participants and follow-ups, read by the schema."""

    def __init__(self, detail: selectors.MeetingDetail) -> None:
        meeting = detail.meeting
        self.id = meeting.pk
        self.body = meeting.body
        self.title = meeting.title
        self.number = meeting.number
        self.starts_on = meeting.starts_on
        self.ends_on = meeting.ends_on
        self.location = meeting.location
        self.format = meeting.format
        self.status = meeting.status
        self.conclusions_id = meeting.conclusions_id
        self.agenda = detail.agenda_items
        self.documents = detail.other_documents
        self.participants = detail.participants
        self.follow_ups = [f for entry in detail.conclusion_nodes for f in entry.follow_ups]
