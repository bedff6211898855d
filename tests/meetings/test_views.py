"""Meetings pages: what signed-in users read, what the secretariat edits, pinned query counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.clients import signed_in
from tests.support.factories import BodyFactory, OrganizationFactory, UserFactory, user_with_role
from tests.support.meetings_factories import (
    AgendaItemFactory,
    ConclusionsFactory,
    FileDocumentFactory,
    FollowUpFactory,
    LinkDocumentFactory,
    MeetingFactory,
    ParticipantFactory,
    RequestNodeFactory,
)
from tests.support.queries import assert_constant_queries
from tutela.accounts.roles import Role
from tutela.meetings.models import AgendaItem, FollowUp, Meeting, MeetingDocument, Participant

pytestmark = pytest.mark.django_db


def test_meeting_detail_shows_agenda_documents_participants_and_conclusions() -> None:
    meeting = MeetingFactory(title="HLCM 40th session")
    item = AgendaItemFactory(
        meeting=meeting, number="II", title="Future of the UN System Workforce"
    )
    FileDocumentFactory(meeting=meeting, agenda_item=item, symbol="CEB/2020/HLCM/13")
    ParticipantFactory(meeting=meeting, name="Ms. Grete Faremo", role="chair")
    follow_up = FollowUpFactory(meeting=meeting, status="in_progress", progress_note="Drafting.")
    page = signed_in(UserFactory()).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Future of the UN System Workforce" in page
    assert "CEB/2020/HLCM/13" in page
    assert "<caption>1 participant</caption>" in page
    assert "Ms. Grete Faremo" in page
    assert follow_up.node.text in page
    assert "Overdue" in page
    assert "Edit the meeting" not in page


def test_draft_conclusions_are_shown_only_to_the_secretariat() -> None:
    meeting = MeetingFactory()
    node = RequestNodeFactory(
        framework=ConclusionsFactory(owner_body=meeting.body, status="draft"),
        text="A request still being drafted.",
    )
    meeting.conclusions = node.framework
    meeting.save()
    reader = signed_in(UserFactory()).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "A request still being drafted." not in reader
    secretariat = signed_in(user_with_role(Role.SECRETARIAT, body=meeting.body))
    assert (
        "A request still being drafted."
        in secretariat.get(f"/meetings/{meeting.pk}/").content.decode()
    )


def test_secretariat_creates_a_meeting_and_keeps_what_was_typed_on_errors() -> None:
    body = BodyFactory(acronym="HLCM")
    client = signed_in(user_with_role(Role.SECRETARIAT, body=body))
    data = {
        "body": body.pk,
        "title": "HLCM 41st session",
        "number": "41",
        "starts_on": "2021-05-12",
        "ends_on": "2021-05-11",
        "format": "virtual",
        "status": "planned",
    }
    refused = client.post("/meetings/new/", data)
    assert refused.status_code == 200
    assert "cannot end before it starts" in refused.content.decode()
    assert 'value="HLCM 41st session"' in refused.content.decode()
    data["ends_on"] = "2021-05-13"
    response = client.post("/meetings/new/", data)
    meeting = Meeting.objects.get(title="HLCM 41st session")
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/"


def test_secretariat_of_another_body_cannot_create_for_this_one() -> None:
    body = BodyFactory()
    client = signed_in(user_with_role(Role.SECRETARIAT, body=BodyFactory()))
    response = client.post(
        "/meetings/new/",
        {
            "body": body.pk,
            "title": "Not mine",
            "starts_on": "2021-05-12",
            "ends_on": "2021-05-12",
            "format": "virtual",
            "status": "planned",
        },
    )
    assert response.status_code == 200
    assert not Meeting.objects.filter(title="Not mine").exists()
    assert signed_in(UserFactory()).get("/meetings/new/").status_code == 403


def test_secretariat_edits_agenda_documents_participants_and_links_conclusions() -> None:
    meeting = MeetingFactory()
    client = signed_in(user_with_role(Role.SECRETARIAT, body=meeting.body))
    base = f"/meetings/{meeting.pk}"
    assert (
        client.post(f"{base}/agenda/add/", {"number": "I", "title": "Introduction"}).status_code
        == 302
    )
    assert (
        client.post(f"{base}/agenda/add/", {"number": "II", "title": "Workforce"}).status_code
        == 302
    )
    second = AgendaItem.objects.get(number="II")
    client.post(f"{base}/agenda/move/", {"item": second.pk, "direction": "up"})
    assert list(meeting.agenda_items.order_by("order").values_list("number", flat=True)) == [
        "II",
        "I",
    ]
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 interim report")
    response = client.post(
        f"{base}/documents/add/",
        {
            "agenda_item": second.pk,
            "title": "Interim report",
            "symbol": "CEB/2020/HLCM/13",
            "upload": upload,
        },
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get(symbol="CEB/2020/HLCM/13")
    download = client.get(f"/meetings/documents/{document.pk}/")
    assert download["Content-Type"] == "application/pdf"
    assert download.content == b"%PDF-1.4 interim report"
    bad = client.post(
        f"{base}/documents/add/",
        {"title": "Disguised", "upload": SimpleUploadedFile("x.pdf", b"MZ...")},
    )
    assert "not a PDF document" in bad.content.decode()
    assert 'value="Disguised"' in bad.content.decode()
    organization = OrganizationFactory(acronym="UNOPS")
    client.post(
        f"{base}/participants/add/",
        {
            "name": "Ms. Grete Faremo",
            "organization": organization.pk,
            "title": "Executive Director",
            "role": "chair",
        },
    )
    assert Participant.objects.get(meeting=meeting).role == "chair"
    conclusions = ConclusionsFactory(owner_body=meeting.body)
    RequestNodeFactory(framework=conclusions, leads=[organization])
    assert client.post(f"{base}/conclusions/", {"framework": conclusions.pk}).status_code == 302
    assert client.post(f"{base}/follow-ups/generate/").status_code == 302
    assert FollowUp.objects.get(meeting=meeting).owner_organization == organization


def test_participant_import_page_lists_every_rejected_row() -> None:
    meeting = MeetingFactory()
    OrganizationFactory(acronym="UNOPS")
    client = signed_in(user_with_role(Role.SECRETARIAT, body=meeting.body))
    csv = b"name,organization,title\nA,UNOPS,x\nB,NOPE,y\n,UNOPS,z\n"
    page = client.post(
        f"/meetings/{meeting.pk}/participants/import/",
        {"file": SimpleUploadedFile("people.csv", csv, "text/csv")},
    ).content.decode()
    assert "Nothing was imported: 2 rows were rejected" in page
    assert "<td>3</td>" in page
    assert "<td>4</td>" in page
    assert not Participant.objects.exists()


def test_focal_point_updates_own_organizations_follow_up_only() -> None:
    own = OrganizationFactory()
    mine = FollowUpFactory(owner_organization=own)
    theirs = FollowUpFactory()
    client = signed_in(user_with_role(Role.FOCAL_POINT, organization=own))
    page = client.get(f"/meetings/follow-ups/{mine.pk}/").content.decode()
    assert "Owner and due date (secretariat)" not in page
    response = client.post(
        f"/meetings/follow-ups/{mine.pk}/", {"status": "done", "progress_note": "Delivered."}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.progress_note) == ("done", "Delivered.")
    assert client.get(f"/meetings/follow-ups/{theirs.pk}/").status_code == 404


def test_secretariat_sets_owner_and_due_date() -> None:
    follow_up = FollowUpFactory()
    unhcr = OrganizationFactory(acronym="UNHCR")
    client = signed_in(user_with_role(Role.SECRETARIAT, body=follow_up.meeting.body))
    response = client.post(
        f"/meetings/follow-ups/{follow_up.pk}/",
        {
            "status": "in_progress",
            "progress_note": "",
            "assign-owner_organization": unhcr.pk,
            "assign-due_on": "2031-03-31",
        },
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.owner_organization, follow_up.due_on) == (unhcr, datetime.date(2031, 3, 31))


def test_tracker_filters_by_owner_status_and_overdue() -> None:
    unhcr, ilo = OrganizationFactory(acronym="UNHCR"), OrganizationFactory(acronym="ILO")
    overdue = FollowUpFactory(owner_organization=unhcr, due_on=datetime.date(2020, 12, 31))
    FollowUpFactory(owner_organization=ilo, due_on=datetime.date(2999, 1, 1))
    FollowUpFactory(owner_organization=ilo, status="done", done_at="2021-01-05T10:00:00Z")
    client = signed_in(UserFactory())
    everything = client.get("/meetings/follow-ups/").content.decode()
    assert "3 follow-ups, overdue first" in everything
    assert 'class="overdue"' in everything
    only_overdue = client.get("/meetings/follow-ups/", {"overdue": "yes"}).content.decode()
    assert "1 follow-up, overdue first" in only_overdue
    assert overdue.node.ref_id in only_overdue
    by_owner = client.get("/meetings/follow-ups/", {"owner_organization": ilo.pk}).content.decode()
    assert "2 follow-ups" in by_owner
    done = client.get("/meetings/follow-ups/", {"status": "done"}).content.decode()
    assert "1 follow-up," in done


def test_list_and_detail_pages_have_constant_query_counts() -> None:
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    FollowUpFactory(meeting=meeting)
    ParticipantFactory(meeting=meeting)
    LinkDocumentFactory(meeting=meeting, agenda_item=item)
    client = signed_in(user_with_role(Role.SECRETARIAT, body=meeting.body))

    def more_for_detail(n: int) -> None:
        for _ in range(n):
            extra_item = AgendaItemFactory(meeting=meeting)
            FileDocumentFactory(meeting=meeting, agenda_item=extra_item)
            LinkDocumentFactory(meeting=meeting)
            ParticipantFactory(meeting=meeting)
            follow_up = FollowUpFactory(meeting=meeting)
            follow_up.node.lead_organizations.add(follow_up.owner_organization)

    assert_constant_queries(
        lambda: client.get(f"/meetings/{meeting.pk}/"), more_for_detail, expected=13
    )
    assert_constant_queries(
        lambda: client.get("/meetings/"),
        lambda n: [FollowUpFactory(meeting=MeetingFactory()) for _ in range(n)],
        expected=7,
    )
    assert_constant_queries(
        lambda: client.get("/meetings/follow-ups/"),
        lambda n: FollowUpFactory.create_batch(n, meeting=meeting),
        expected=8,
    )


def test_documents_download_with_their_own_name_and_links_are_not_served() -> None:
    document = FileDocumentFactory(filename="Note de synthèse.pdf")
    linked = LinkDocumentFactory()
    client = signed_in(UserFactory())
    response = client.get(f"/meetings/documents/{document.pk}/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "synth%C3%A8se.pdf" in response["Content-Disposition"]
    assert client.get(f"/meetings/documents/{linked.pk}/").status_code == 404
