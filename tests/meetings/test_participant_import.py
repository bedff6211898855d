"""Participants from a CSV: all or nothing, every rejected row reported."""

from __future__ import annotations

import pytest

from tests.support.factories import OrganizationFactory
from tests.support.meetings_factories import MeetingFactory, ParticipantFactory
from tutela.audit.models import AuditEvent
from tutela.meetings import services
from tutela.meetings.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations() -> None:
    OrganizationFactory(acronym="UNOPS")
    OrganizationFactory(acronym="UNHCR")
    OrganizationFactory(acronym="UN Secretariat", aliases=["United Nations"])


def _import(meeting: object, text: str) -> list[Participant]:
    return services.participant_import(
        actor=None,
        meeting=meeting,
        content=text.encode("utf-8"),  # type: ignore[arg-type]
    )


def test_a_clean_file_imports_every_row(organizations: None) -> None:
    meeting = MeetingFactory()
    created = _import(
        meeting,
        "name,organization,title,role\n"
        "Ms. Grete Faremo,UNOPS,Executive Director,chair\n"
        "Ms. Kelly T. Clements,unhcr,Deputy High Commissioner for Refugees,Vice-Chair\n"
        "Ms. Catherine Pollard,United Nations,Under-Secretary-General,\n",
    )
    assert len(created) == 3
    pollard = Participant.objects.get(name="Ms. Catherine Pollard")
    assert pollard.organization is not None
    assert (pollard.organization.acronym, pollard.organization_note) == (
        "UN Secretariat",
        "United Nations",
    )
    assert Participant.objects.get(name="Ms. Kelly T. Clements").role == "vice_chair"
    assert AuditEvent.objects.get(action="meeting.participant_import").changes == {
        "participants": 3
    }


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(organizations: None) -> None:
    meeting = MeetingFactory()
    ParticipantFactory(meeting=meeting, name="Mr. Remo Lalli", organization=None)
    lines = ["name,organization,title"]
    lines += [f"Person {n},UNOPS,Officer" for n in range(200)]
    lines.insert(51, "Ms. Unknown,UNXYZ,Officer")
    lines.insert(120, ",UNHCR,Officer")
    lines.append("Person 3,UNOPS,Twice in the file")
    with pytest.raises(services.ParticipantImportError) as refused:
        _import(meeting, "\n".join(lines) + "\n")
    rows = {row.line: row.message for row in refused.value.rows}
    assert set(rows) == {52, 121, 204}
    assert "“UNXYZ” is not the acronym" in rows[52]
    assert "name is empty" in rows[121]
    assert "already listed" in rows[204]
    assert Participant.objects.filter(meeting=meeting).count() == 1
    assert not AuditEvent.objects.filter(action="meeting.participant_import").exists()


def test_the_header_must_name_the_columns(organizations: None) -> None:
    with pytest.raises(services.ParticipantImportError) as refused:
        _import(MeetingFactory(), "who,where\nA,UNOPS\n")
    assert "missing: name, organization, title" in refused.value.rows[0].message


def test_a_file_that_is_not_utf8_is_refused(organizations: None) -> None:
    with pytest.raises(services.ParticipantImportError, match="rejected"):
        services.participant_import(
            actor=None,
            meeting=MeetingFactory(),
            content="name,organization,title\nJosé,UNOPS,Jefe\n".encode("latin-1"),
        )


def test_an_unknown_role_is_refused(organizations: None) -> None:
    with pytest.raises(services.ParticipantImportError) as refused:
        _import(MeetingFactory(), "name,organization,title,role\nA,UNOPS,X,president\n")
    assert "“president” is not a role" in refused.value.rows[0].message
