"""Recording, editing and verifying events; names encrypted; casualty ranges; audit."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.support.violations_factories import analyst, event_input, make_event, officer
from tutela.audit.models import AuditEvent
from tutela.violations.models import Act, Event, Involvement, Person, Verification
from tutela.violations.services import (
    CasualtyInput,
    event_create,
    event_update,
    event_verify,
    person_names_reveal,
)

pytestmark = pytest.mark.django_db


def test_an_event_is_recorded_with_its_acts_persons_and_sources() -> None:
    event = make_event()
    assert event.acts.count() == 2
    assert event.persons.filter(role="victim", kind="group", number=40).exists()
    assert event.persons.filter(role="perpetrator").count() == 1
    assert event.information.count() == 2
    assert Involvement.objects.filter(act__event=event).count() == 2
    assert AuditEvent.objects.filter(action="violations.event_create").exists()


def test_names_and_descriptions_are_encrypted_in_the_database() -> None:
    event = make_event()
    person = Person.objects.get(event=event, role="victim")
    assert person.name == "Residents of Kibati"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM violations_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
        cursor.execute("SELECT description FROM violations_event WHERE id = %s", [event.pk])
        description = cursor.fetchone()[0]
    assert "Kibati" not in stored
    assert "village" not in description


def test_the_audit_log_keeps_no_name() -> None:
    make_event()
    entry = AuditEvent.objects.get(action="violations.event_create")
    assert "Residents" not in str(entry.changes)


def test_an_officer_records_only_for_their_countries() -> None:
    with pytest.raises(ValidationError, match="countries"):
        make_event(officer("SS"), country="CD")


def test_an_act_must_name_a_listed_victim() -> None:
    data = event_input()
    data.acts[0].victim = 3
    with pytest.raises(ValidationError, match="victim"):
        event_create(actor=officer(), data=data)
    assert not Event.objects.exists()


def test_a_casualty_range_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="maximum"):
        make_event(casualties=[CasualtyInput(outcome="killed", minimum=5, maximum=2)])


def test_editing_replaces_the_acts_and_keeps_the_event() -> None:
    actor = officer()
    event = make_event(actor)
    data = event_input(title="Renamed")
    data.acts = data.acts[:1]
    event_update(actor=actor, event=event, data=data)
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert Act.objects.filter(event=event).count() == 1


def test_two_tier_verification_by_two_officers() -> None:
    first, second = officer(), officer()
    event = make_event(first)
    event = event_verify(
        actor=first, event=event, outcome="confirmed", verified_on=date(2026, 3, 20)
    )
    assert event.verification == Verification.PENDING
    with pytest.raises(ValidationError, match="another officer"):
        event_verify(actor=first, event=event, outcome="confirmed", verified_on=date(2026, 3, 21))
    event = event_verify(
        actor=second, event=event, outcome="confirmed", verified_on=date(2026, 3, 25)
    )
    assert event.verification == Verification.VERIFIED
    assert event.tier2_verified_by == second
    assert not event.late_verification
    with pytest.raises(ValidationError, match="complete"):
        event_verify(actor=second, event=event, outcome="confirmed", verified_on=date(2026, 3, 26))


def test_verification_in_a_later_quarter_is_late() -> None:
    first, second = officer(), officer()
    event = make_event(first)
    event_verify(actor=first, event=event, outcome="confirmed", verified_on=date(2026, 3, 30))
    event.refresh_from_db()
    event = event_verify(
        actor=second, event=event, outcome="confirmed", verified_on=date(2026, 4, 2)
    )
    assert event.late_verification


def test_a_first_tier_can_find_the_event_did_not_occur() -> None:
    actor = officer()
    event = make_event(actor)
    event = event_verify(
        actor=actor, event=event, outcome="not_occurred", verified_on=date(2026, 3, 20)
    )
    assert event.verification == Verification.NOT_OCCURRED


def test_an_analyst_cannot_verify_or_read_names() -> None:
    event = make_event()
    with pytest.raises(ValidationError):
        event_verify(
            actor=analyst(), event=event, outcome="confirmed", verified_on=date(2026, 4, 1)
        )
    with pytest.raises(ValidationError):
        person_names_reveal(actor=analyst(), event=event)


def test_reading_names_is_audited() -> None:
    actor = officer()
    event = make_event(actor)
    names = person_names_reveal(actor=actor, event=event)
    assert "Residents of Kibati" in names.values()
    assert AuditEvent.objects.filter(action="violations.person_names_read").count() == 1
