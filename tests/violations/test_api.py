"""The events API: list and detail scoped by country, creation in the ESF structure, counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.support.clients import token_headers
from tests.support.queries import assert_constant_queries
from tests.support.violations_factories import analyst, make_event, officer
from tutela.violations.models import Act, Event, Term

pytestmark = pytest.mark.django_db


def _body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Shelling of Rutshuru market",
        "geographical_term": "CD",
        "local_geographical_area": {"admin1": "North Kivu", "place": "Rutshuru"},
        "initial_date": "2026-02-10",
        "initial_date_type": "020000000000",
        "persons": [
            {
                "person_record_number": "v1",
                "role": "victim",
                "pseudonym": "Traders",
                "individual_or_group": "group",
                "number_of_persons": 12,
            },
            {"person_record_number": "p1", "role": "perpetrator", "pseudonym": "Unit X"},
        ],
        "acts": [
            {
                "type_of_act": "010101010000",
                "victim": "v1",
                "involvements": [{"perpetrator": "p1", "type_of_perpetrator": "010103000000"}],
            },
        ],
        "information": [{"source": "Witness", "reliability": "010000000000"}],
        "casualties": [{"outcome": "killed", "minimum": 2, "maximum": 4}],
    }
    body.update(overrides)
    return body


def _post(user: Any, body: dict[str, Any]) -> Any:
    return Client().post(
        "/api/v1/violations/events",
        json.dumps(body),
        content_type="application/json",
        **token_headers(user),
    )


def test_an_officer_creates_an_event_in_the_esf_structure() -> None:
    response = _post(officer(), _body())
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["acts"][0]["type_of_act"] == "010101010000"
    assert created["monitoring"]["verification"] == "reported"
    event = Event.objects.get()
    assert event.acts.get().involvements.count() == 1


def test_an_unknown_term_is_refused_with_its_place() -> None:
    response = _post(officer(), _body(acts=[{"type_of_act": "999999", "victim": "v1"}]))
    assert response.status_code == 400
    assert "999999" in json.dumps(response.json())
    assert not Event.objects.exists()


def test_another_countrys_officer_cannot_create_there() -> None:
    assert _post(officer("SS"), _body()).status_code == 400
    assert _post(analyst("CD"), _body()).status_code == 403


def test_the_list_and_detail_are_country_scoped() -> None:
    own = make_event()
    foreign = make_event(officer("SS"), country="SS")
    headers = token_headers(analyst())
    listed = Client().get("/api/v1/violations/events", **headers).json()
    assert [item["id"] for item in listed["items"]] == [own.pk]
    assert Client().get(f"/api/v1/violations/events/{foreign.pk}", **headers).status_code == 404
    detail = Client().get(f"/api/v1/violations/events/{own.pk}", **headers).json()
    assert detail["event_record_number"] == f"CD{own.pk}"


def test_the_counts_give_ranges() -> None:
    actor = officer()
    make_event(actor)
    make_event(actor, title="Second")
    counts = (
        Client()
        .get("/api/v1/violations/counts", {"by": "month"}, **token_headers(analyst()))
        .json()
    )
    assert counts["total"]["killed_min"] == 6
    assert counts["total"]["killed_max"] == 14
    assert counts["rows"][0]["label"] == "2026-03"


def test_the_counts_filter_by_a_type_of_act_and_refuse_an_unknown_one() -> None:
    actor = officer()
    event = make_event(actor)
    make_event(actor, title="Second")
    act = event.acts.order_by("pk").first()
    assert act is not None
    headers = token_headers(analyst())
    found = (
        Client()
        .get(
            "/api/v1/violations/counts",
            {"by": "month", "act_type": act.type.code, "region": "africa_1"},
            **headers,
        )
        .json()
    )
    # Both events have that act; the acts counted are those of that type or a narrower one.
    subtree, frontier = {act.type.pk}, {act.type.pk}
    while frontier:
        frontier = set(Term.objects.filter(parent__in=frontier).values_list("pk", flat=True))
        subtree |= frontier
    of_type = Act.objects.filter(type__in=subtree).count()
    assert of_type >= 2
    assert (found["total"]["events"], found["total"]["acts"]) == (2, of_type)
    refused = Client().get("/api/v1/violations/counts", {"act_type": "nosuchterm"}, **headers)
    assert refused.status_code == 400
    assert "nosuchterm" in refused.json()["message"] + str(refused.json()["details"])


def test_the_list_costs_a_constant_number_of_queries() -> None:
    actor = officer()
    headers = token_headers(analyst())
    make_event(actor)

    def add(n: int) -> None:
        for index in range(n):
            make_event(actor, title=f"Event {index}")

    assert_constant_queries(lambda: Client().get("/api/v1/violations/events", **headers), add)
