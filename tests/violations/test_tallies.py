"""The tallies the services keep: exact after every kind of write, equal to counting the records
for any date range (whole months from the tallies, the cut months counted live), and cheap."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.core.management import call_command

from tests.support.queries import count_queries
from tests.support.violations_factories import analyst, event_input, make_event, officer, term
from tutela.violations import thesauri
from tutela.violations.models import Act, Event, Tally, Term
from tutela.violations.selectors import EventFilters, violation_counts
from tutela.violations.selectors.records import _acts_of, _counted, event_list
from tutela.violations.services import CasualtyInput, event_create, event_update, event_verify
from tutela.violations.tallies import tally_differences, tally_rebuild

pytestmark = pytest.mark.django_db

GROUPINGS = ("country", "region", "month", "act_type", "perpetrator_type")


def _act_types() -> list[Term]:
    return list(Term.objects.filter(vocabulary__code=thesauri.TYPES_OF_ACTS).order_by("order"))


def _varied_events(rng: random.Random, count: int) -> list[Event]:
    """Events over a year and a half with one to three acts of random types and casualties."""
    actor = officer()
    types = _act_types()
    events = []
    for index in range(count):
        data = event_input(
            "CD",
            title=f"Event {index}",
            start_date=date(2025, 1, 1) + timedelta(days=rng.randint(0, 540)),
        )
        data.acts = [
            replace(data.acts[0], type=rng.choice(types)) for _ in range(rng.randint(1, 3))
        ]
        low = rng.randint(0, 4)
        data.casualties = [CasualtyInput(outcome="killed", minimum=low, maximum=low + 2)]
        events.append(event_create(actor=actor, data=data))
    return events


def test_every_write_keeps_the_tallies_exact() -> None:
    rng = random.Random(11)
    events = _varied_events(rng, 12)
    assert tally_differences() == []
    actor = officer()
    # An edit that moves the event to another month and changes its acts and casualties.
    data = event_input("CD", title="Moved", start_date=date(2026, 6, 30))
    data.acts = data.acts[:1]
    event_update(actor=actor, event=events[0], data=data)
    assert tally_differences() == []
    # Two tiers of verification, the second in a later quarter (a late verification).
    event = events[1]
    first_on = event.start_date + timedelta(days=2)
    event_verify(actor=actor, event=event, outcome="confirmed", verified_on=first_on)
    event_verify(
        actor=officer(),  # another officer: the task force
        event=Event.objects.get(pk=event.pk),
        outcome="confirmed",
        verified_on=event.start_date + timedelta(days=120),
    )
    event_verify(
        actor=actor,
        event=events[2],
        outcome="not_occurred",
        verified_on=events[2].start_date + timedelta(days=1),
    )
    assert tally_differences() == []
    counts = violation_counts(user=analyst(), by="month")
    assert counts.late_verifications == 1
    assert counts.total.events == Event.objects.filter(country="CD").count()
    assert counts.total.acts == Act.objects.filter(event__country="CD").count()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_counts_equal_a_count_of_the_records_for_any_dates(seed: int) -> None:
    rng = random.Random(seed)
    _varied_events(rng, 15)
    user = analyst()
    for _attempt in range(10):
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 500))
        end = start + timedelta(days=rng.randint(0, 200))
        act_types = _act_types()
        leaf = next(t for t in act_types if not any(o.parent_id == t.pk for o in act_types))
        broad = next(t for t in act_types if any(o.parent_id == t.pk for o in act_types))
        perpetrator = term(thesauri.PERPETRATOR_TYPES)
        choices = [
            EventFilters(date_from=start, date_to=end),
            EventFilters(act_type=leaf, date_from=start, date_to=end),
            EventFilters(act_type=broad),
            EventFilters(perpetrator_type=perpetrator, date_to=end),
            EventFilters(date_from=start),
            EventFilters(date_to=end),
            EventFilters(date_from=start.replace(day=1), date_to=end, verification="reported"),
            EventFilters(region="central_africa"),
        ]
        filters = rng.choice(choices)
        by = rng.choice(GROUPINGS)
        tallied = violation_counts(user=user, by=by, filters=filters)
        events = event_list(user=user, filters=filters).order_by()
        counted = _counted(events, by, _acts_of(events, filters))
        assert tallied.total == replace(counted.total, key="total")
        assert tallied.late_verifications == counted.late_verifications
        assert sorted(tallied.rows, key=lambda row: row.key) == sorted(
            counted.rows, key=lambda row: row.key
        ), (by, filters)


def test_a_filter_on_a_type_counts_the_records_themselves() -> None:
    make_event()
    act_type = Act.objects.first().type  # type: ignore[union-attr]
    counts = violation_counts(user=analyst(), by="month", filters=EventFilters(act_type=act_type))
    assert counts.total.events == 1


def test_monthly_counts_cost_the_same_queries_however_many_events() -> None:
    user = analyst()
    make_event()

    def fetch() -> object:
        return violation_counts(user=user, by="month", filters=EventFilters(country="CD"))

    fetch()
    before = count_queries(fetch)
    _varied_events(random.Random(5), 10)
    assert count_queries(fetch) == before
    # The total (with its late verifications), then the rows; the reader's countries are
    # remembered for the request.
    assert before == 2


def test_the_command_rebuilds_and_checks() -> None:
    make_event()
    Tally.objects.all().delete()
    assert tally_differences() != []
    call_command("violations_tallies")
    assert tally_differences() == []
    call_command("violations_tallies", "--check")
    assert tally_rebuild() == Tally.objects.count()
