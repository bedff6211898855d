"""Meetings' writes: each checked, each audited."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.factories import BodyFactory, OrganizationFactory, user_with_role
from tests.support.meetings_factories import (
    AgendaItemFactory,
    ConclusionsFactory,
    FollowUpFactory,
    MeetingFactory,
    RequestNodeFactory,
)
from tutela.accounts.roles import Role
from tutela.audit.models import AuditEvent
from tutela.meetings import services
from tutela.meetings.models import FollowUp

pytestmark = pytest.mark.django_db


def _office_file(name: str, part: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(part, "<xml/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_meeting_create_and_update_are_audited() -> None:
    body = BodyFactory(acronym="HLCM")
    actor = user_with_role(Role.SECRETARIAT, body=body)
    meeting = services.meeting_create(
        actor=actor,
        body=body,
        title="HLCM 40th session",
        number=40,
        starts_on=datetime.date(2020, 9, 29),
        ends_on=datetime.date(2020, 10, 13),
        format="virtual",
    )
    services.meeting_update(
        actor=actor,
        meeting=meeting,
        title="HLCM 40th session",
        number=40,
        starts_on=datetime.date(2020, 9, 29),
        ends_on=datetime.date(2020, 10, 13),
        format="virtual",
        status="concluded",
    )
    update = AuditEvent.objects.get(action="meeting.update")
    assert update.changes == {"status": ["planned", "concluded"]}
    assert AuditEvent.objects.filter(action="meeting.create", actor=actor).exists()


def test_a_meeting_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            actor=None,
            body=BodyFactory(),
            title="Backwards",
            starts_on=datetime.date(2020, 10, 13),
            ends_on=datetime.date(2020, 9, 29),
        )
    assert "ends_on" in refused.value.message_dict


def test_agenda_items_are_appended_and_reordered() -> None:
    meeting = MeetingFactory()
    first = services.agenda_item_add(actor=None, meeting=meeting, number="I", title="Introduction")
    second = services.agenda_item_add(actor=None, meeting=meeting, number="II", title="Workforce")
    assert (first.order, second.order) == (0, 1)
    services.agenda_item_reorder(actor=None, meeting=meeting, item_ids=[second.pk, first.pk])
    assert list(meeting.agenda_items.order_by("order").values_list("number", flat=True)) == [
        "II",
        "I",
    ]
    with pytest.raises(ValidationError):
        services.agenda_item_reorder(actor=None, meeting=meeting, item_ids=[first.pk])
    assert AuditEvent.objects.filter(action="meeting.agenda_reorder").count() == 1


def test_documents_accept_pdf_docx_xlsx_and_links() -> None:
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    pdf = services.document_add(
        actor=None,
        meeting=meeting,
        agenda_item=item,
        title="Interim report",
        symbol="CEB/2020/HLCM/13",
        upload=SimpleUploadedFile("report.pdf", b"%PDF-1.7 content"),
    )
    assert (pdf.file_type, pdf.size, bytes(pdf.content or b"")[:4]) == ("pdf", 16, b"%PDF")
    docx = services.document_add(
        actor=None,
        meeting=meeting,
        title="Note",
        upload=_office_file("note.docx", "word/document.xml"),
    )
    xlsx = services.document_add(
        actor=None,
        meeting=meeting,
        title="Figures",
        upload=_office_file("figures.xlsx", "xl/workbook.xml"),
    )
    link = services.document_add(
        actor=None, meeting=meeting, title="Factsheet", link="https://example.org/factsheet"
    )
    assert (docx.file_type, xlsx.file_type, link.is_file) == ("docx", "xlsx", False)
    assert AuditEvent.objects.filter(action="meeting.document_add").count() == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ", "Only PDF"),
        ("fake.pdf", b"<html>", "not a PDF"),
        ("fake.docx", b"%PDF-1.4", "not a valid .docx"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_documents_of_other_types_or_disguised_are_refused(
    name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.document_add(
            actor=None,
            meeting=MeetingFactory(),
            title="Bad",
            upload=SimpleUploadedFile(name, content),
        )
    assert message in str(refused.value)


def test_a_workbook_named_as_a_word_document_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"not a valid \.docx"):
        services.document_add(
            actor=None,
            meeting=MeetingFactory(),
            title="Bad",
            upload=_office_file("sheet.docx", "xl/workbook.xml"),
        )


def test_documents_larger_than_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(ValidationError, match="larger than"):
        services.document_add(
            actor=None,
            meeting=MeetingFactory(),
            title="Big",
            upload=SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 20),
        )


def test_a_document_is_a_link_or_a_file_not_both() -> None:
    with pytest.raises(ValidationError):
        services.document_add(
            actor=None,
            meeting=MeetingFactory(),
            title="Both",
            link="https://example.org",
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1"),
        )
    with pytest.raises(ValidationError):
        services.document_add(actor=None, meeting=MeetingFactory(), title="Neither")


def test_conclusions_must_be_a_decisions_framework_of_the_same_body() -> None:
    meeting = MeetingFactory()
    with pytest.raises(ValidationError, match="own body"):
        services.conclusions_link(actor=None, meeting=meeting, framework=ConclusionsFactory())
    with pytest.raises(ValidationError, match="decisions framework"):
        services.conclusions_link(
            actor=None,
            meeting=meeting,
            framework=ConclusionsFactory(owner_body=meeting.body, kind="action_plan"),
        )
    conclusions = ConclusionsFactory(owner_body=meeting.body)
    services.conclusions_link(actor=None, meeting=meeting, framework=conclusions)
    other = MeetingFactory(body=meeting.body)
    with pytest.raises(ValidationError, match="another meeting"):
        services.conclusions_link(actor=None, meeting=other, framework=conclusions)
    assert AuditEvent.objects.filter(action="meeting.conclusions_link").count() == 1


def test_follow_ups_are_generated_per_request_and_owner_once() -> None:
    meeting = MeetingFactory()
    conclusions = ConclusionsFactory(owner_body=meeting.body)
    unhcr, ilo = OrganizationFactory(acronym="UNHCR"), OrganizationFactory(acronym="ILO")
    task_force = BodyFactory(acronym="TF-SH")
    two_leads = RequestNodeFactory(
        framework=conclusions, leads=[unhcr, ilo], due_date=datetime.date(2020, 12, 31)
    )
    body_only = RequestNodeFactory(framework=conclusions, bodies=[task_force])
    nobody = RequestNodeFactory(framework=conclusions)
    RequestNodeFactory(framework=conclusions, type="decision", leads=[unhcr])
    services.conclusions_link(actor=None, meeting=meeting, framework=conclusions)

    created = services.follow_ups_generate(actor=None, meeting=meeting)

    owners = {(f.node_id, f.owner_organization_id, f.owner_body_id, f.due_on) for f in created}
    assert owners == {
        (two_leads.pk, unhcr.pk, None, datetime.date(2020, 12, 31)),
        (two_leads.pk, ilo.pk, None, datetime.date(2020, 12, 31)),
        (body_only.pk, None, task_force.pk, None),
        (nobody.pk, None, meeting.body_id, None),
    }
    assert services.follow_ups_generate(actor=None, meeting=meeting) == []
    assert FollowUp.objects.count() == 4
    assert AuditEvent.objects.filter(action="meeting.follow_ups_generate").count() == 2


def test_follow_ups_need_conclusions() -> None:
    with pytest.raises(ValidationError, match="conclusions first"):
        services.follow_ups_generate(actor=None, meeting=MeetingFactory())


def test_follow_up_update_records_when_it_was_done() -> None:
    follow_up = FollowUpFactory()
    services.follow_up_update(
        actor=None, follow_up=follow_up, status="done", progress_note="Delivered in December."
    )
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert not follow_up.is_overdue
    services.follow_up_update(
        actor=None, follow_up=follow_up, status="in_progress", progress_note=""
    )
    follow_up.refresh_from_db()
    assert follow_up.done_at is None
    assert follow_up.is_overdue
    event = AuditEvent.objects.filter(action="meeting.follow_up_update").order_by("id").last()
    assert event is not None
    assert event.changes["status"] == ["done", "in_progress"]


def test_follow_up_assign_names_the_lead_organization_and_due_date() -> None:
    follow_up = FollowUpFactory(owner_organization=None, owner_body=BodyFactory())
    unhcr = OrganizationFactory(acronym="UNHCR")
    services.follow_up_assign(
        actor=None, follow_up=follow_up, owner_organization=unhcr, due_on=datetime.date(2031, 1, 1)
    )
    follow_up.refresh_from_db()
    assert (follow_up.owner_organization, follow_up.due_on) == (unhcr, datetime.date(2031, 1, 1))
    assert AuditEvent.objects.get(action="meeting.follow_up_assign").changes[
        "owner_organization"
    ] == [
        None,
        "UNHCR",
    ]
