"""Factories for meetings, their conclusions (a small decisions framework) and follow-ups."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from tests.support.factories import BodyFactory, OrganizationFactory
from tutela.frameworks.models import Framework, Node, StatusScale
from tutela.meetings.models import (
    AgendaItem,
    FollowUp,
    Meeting,
    MeetingDocument,
    Participant,
)


class MeetingScaleFactory(DjangoModelFactory[StatusScale]):
    class Meta:
        model = StatusScale
        django_get_or_create = ("code",)

    code = "meetings-progress"
    name = "Progress"


class ConclusionsFactory(DjangoModelFactory[Framework]):
    """A published decisions framework of a body."""

    class Meta:
        model = Framework

    slug = factory.Sequence(lambda n: f"conclusions-{n}")
    title = factory.Sequence(lambda n: f"Conclusions of session {n}")
    kind = "decisions"
    owner_body = factory.SubFactory(BodyFactory)
    status_scale = factory.SubFactory(MeetingScaleFactory)
    status = "published"


class RequestNodeFactory(DjangoModelFactory[Node]):
    class Meta:
        model = Node
        skip_postgeneration_save = True

    framework = factory.SubFactory(ConclusionsFactory)
    ref_id = factory.Sequence(lambda n: f"{n + 10}")
    sort_key = factory.Sequence(lambda n: f"{n:04d}")
    order = factory.Sequence(lambda n: n)
    type = "request"
    text = factory.Sequence(lambda n: f"Requested the Task Force to deliver item {n}.")
    reportable = True

    @factory.post_generation
    def leads(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.lead_organizations.add(*extracted)

    @factory.post_generation
    def bodies(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.lead_bodies.add(*extracted)


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Committee {n}th session")
    number = factory.Sequence(lambda n: n + 1)
    starts_on = datetime.date(2020, 9, 29)
    ends_on = datetime.date(2020, 10, 13)
    format = "virtual"
    status = "held"


class AgendaItemFactory(DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: f"A{n}")
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    order = factory.Sequence(lambda n: n)


class LinkDocumentFactory(DjangoModelFactory[MeetingDocument]):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Document {n}")
    link = "https://example.org/document.pdf"


class FileDocumentFactory(DjangoModelFactory[MeetingDocument]):
    class Meta:
        model = MeetingDocument

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Paper {n}")
    symbol = factory.Sequence(lambda n: f"CEB/2020/HLCM/{n}")
    filename = "paper.pdf"
    file_type = "pdf"
    content = b"%PDF-1.4\n%%EOF\n"
    size = 15


class ParticipantFactory(DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Participant {n}")
    organization = factory.SubFactory(OrganizationFactory)
    title = "Director"


class FollowUpFactory(DjangoModelFactory[FollowUp]):
    """A follow-up of a request of the meeting's (linked) conclusions."""

    class Meta:
        model = FollowUp

    meeting = factory.SubFactory(MeetingFactory)
    node = factory.LazyAttribute(lambda o: RequestNodeFactory(framework=_conclusions_of(o.meeting)))
    owner_organization = factory.SubFactory(OrganizationFactory)
    due_on = datetime.date(2020, 12, 31)
    status = "open"


def _conclusions_of(meeting: Meeting) -> Framework:
    if meeting.conclusions is None:
        meeting.conclusions = ConclusionsFactory(owner_body=meeting.body)
        meeting.save(update_fields=["conclusions"])
    return meeting.conclusions


def add_matrix_meetings(side: Any) -> None:
    """The authorization matrix's meeting objects of a side: a meeting of the side's body with
    a file document, and a follow-up of it owned by the side's organization."""
    side.meeting = MeetingFactory(body=side.body)
    side.meeting_document = FileDocumentFactory(meeting=side.meeting)
    side.follow_up = FollowUpFactory(meeting=side.meeting, owner_organization=side.organization)
