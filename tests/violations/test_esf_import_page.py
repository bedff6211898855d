"""The ESF JSON import page: all events or none, every problem listed with its event and field,
only the officer's countries, and a clear answer (never a 500) to a file that is not right."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.clients import signed_in
from tests.support.queries import count_queries
from tests.support.violations_factories import analyst, make_event, officer
from tutela.audit.models import AuditEvent
from tutela.violations.exports import esf_document
from tutela.violations.forms.esf_import import MAX_BYTES
from tutela.violations.models import Event
from tutela.violations.selectors import events_for_export

pytestmark = pytest.mark.django_db

URL = "/violations/import/esf/"


def _exported(actor: Any, count: int = 2, country: str = "CD") -> dict[str, Any]:
    """An export of `count` events of the actor's country, whose events are then removed."""
    for number in range(count):
        make_event(actor, country=country, title=f"Attack {number + 1}")
    document = esf_document(events_for_export(user=actor))
    Event.objects.all().delete()
    return document


def _upload(client: Any, content: bytes | str, name: str = "events.json") -> Any:
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        URL, {"file": SimpleUploadedFile(name, data, content_type="application/json")}
    )


def test_an_officer_imports_a_good_file() -> None:
    actor = officer()
    document = _exported(actor)
    client = signed_in(actor)
    assert client.get(URL).status_code == 200
    recorded_before = AuditEvent.objects.filter(action="violations.event_create").count()
    response = _upload(client, json.dumps(document))
    page = response.content.decode()
    assert response.status_code == 200
    assert Event.objects.count() == 2
    assert "2 events were imported." in page
    assert "holds 2 events" in page
    assert "Attack 1" in page
    audit = AuditEvent.objects.get(action="violations.esf_import")
    assert audit.changes["source"] == "events.json"
    recorded = AuditEvent.objects.filter(action="violations.event_create").count()
    assert recorded == recorded_before + 2


def test_a_bad_file_saves_nothing_and_lists_every_problem() -> None:
    actor = officer()
    document = _exported(actor, count=3)
    first, second, third = sorted(document["events"], key=lambda entry: entry["title"])
    document["events"] = [first, second, third]
    first["acts"][0]["type_of_act"] = "xyz"
    second["initial_date"] = "14 March"
    second["persons"][0]["sex"] = "unknown-sex"
    third["geographical_term"] = "SS"
    response = _upload(signed_in(actor), json.dumps(document))
    page = response.content.decode()
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert "Nothing was imported" in page
    assert (
        "Event 1 (Attack 1): acts[1].type_of_act: unknown term &#x27;xyz&#x27; in types_of_acts."
        in page
    )
    assert "Event 2 (Attack 2): initial_date: 14 March is not a date." in page
    assert "Event 2 (Attack 2): persons[1].sex: unknown term" in page
    assert "Event 3 (Attack 3): geographical_term: you record events only for" in page
    assert "Correct these 4 problems" in page
    # What the file holds is shown, so nothing it says is lost without a word.
    assert "What the file holds (not recorded)" in page
    assert not AuditEvent.objects.filter(action="violations.esf_import").exists()


def test_a_country_the_officer_does_not_hold_is_refused() -> None:
    document = _exported(officer("SS"), count=1, country="SS")
    response = _upload(signed_in(officer("CD")), json.dumps(document))
    assert response.status_code == 200
    assert "geographical_term: you record events only for" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"x" * (MAX_BYTES + 1), "big.json", "the limit is 5 MB"),
        (b"{}", "events.csv", "Choose a JSON file"),
        (b"{not json", "events.json", "The file is not valid JSON: Expecting property name"),
        (b"\xff\xfe\x00", "events.json", "The file is not UTF-8 text"),
        (b"[1, 2]", "events.json", "This is not a Tutela ESF document."),
        (
            b'{"format": "tutela-esf", "events": [3, {"title": "T", "persons": 5}]}',
            "events.json",
            "Event 1: not an event object.",
        ),
    ],
)
def test_a_file_that_is_not_right_gets_a_clear_answer(
    content: bytes, name: str, message: str
) -> None:
    response = _upload(signed_in(officer()), content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_the_structure_errors_of_every_event_are_listed() -> None:
    content = b'{"format": "tutela-esf", "events": [3, {"title": "T", "persons": 5}]}'
    page = _upload(signed_in(officer()), content).content.decode()
    assert "Event 2 (T): the event is not in the ESF structure" in page


def test_an_analyst_may_not_import() -> None:
    client = signed_in(analyst())
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403


def test_the_events_list_links_to_the_import_for_officers_only() -> None:
    assert URL in signed_in(officer()).get("/violations/").content.decode()
    assert URL not in signed_in(analyst()).get("/violations/").content.decode()


def test_a_refused_file_costs_the_same_queries_whatever_its_length() -> None:
    actor = officer()
    client = signed_in(actor)
    event = _exported(actor, count=1)["events"][0]
    event["acts"][0]["type_of_act"] = "xyz"

    def upload(count: int) -> Any:
        document = {"format": "tutela-esf", "events": [event] * count}
        return _upload(client, json.dumps(document))

    upload(1)
    assert count_queries(lambda: upload(2)) == count_queries(lambda: upload(22))


def test_the_page_costs_a_fixed_number_of_queries(django_assert_num_queries: Any) -> None:
    client = signed_in(officer())
    client.get(URL)
    with django_assert_num_queries(4):
        client.get(URL)
