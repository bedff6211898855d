"""Violation records for tests: terms by vocabulary, and events recorded through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.support.factories import user_with_role
from tutela.accounts.roles import Role
from tutela.violations import thesauri
from tutela.violations.models import Event, Term
from tutela.violations.services import (
    ActInput,
    CasualtyInput,
    EventInput,
    InformationInput,
    InvolvementInput,
    PersonInput,
    event_create,
)


def term(vocabulary: str, code: str | None = None) -> Term:
    """A term of a shipped vocabulary: the one with `code`, or the first leaf-level term."""
    terms = Term.objects.filter(vocabulary__code=vocabulary)
    if code is not None:
        return terms.get(code=code)
    return terms.order_by("-level", "order").first() or terms.get()


def officer(country: str = "CD") -> Any:
    return user_with_role(Role.HUMAN_RIGHTS_OFFICER, country=country)


def analyst(country: str = "CD") -> Any:
    return user_with_role(Role.ANALYST, country=country)


def event_input(country: str = "CD", **overrides: Any) -> EventInput:
    """An event with two acts on a group of victims by one perpetrator, and two sources."""
    acts_vocabulary = Term.objects.filter(vocabulary__code=thesauri.TYPES_OF_ACTS)
    first, second = acts_vocabulary.order_by("order")[1], acts_vocabulary.order_by("order")[5]
    perpetrator_type = term(thesauri.PERPETRATOR_TYPES)
    values: dict[str, Any] = {
        "title": "Attack on Kibati village",
        "country": country,
        "admin1": "North Kivu",
        "admin2": "Nyiragongo",
        "location": "Kibati",
        "start_date": date(2026, 3, 14),
        "start_date_type": term(thesauri.DATE_TYPES, "exact"),
        "description": "Armed men entered the village at night.",
        "victims": [
            PersonInput(
                pseudonym="Kibati villagers",
                kind="group",
                number=40,
                counting_unit=term(thesauri.COUNTING_UNITS),
                name="Residents of Kibati",
            )
        ],
        "perpetrators": [PersonInput(pseudonym="Armed group A", kind="group", number=20)],
        "acts": [
            ActInput(
                type=first,
                victim=0,
                involvements=[InvolvementInput(perpetrator=0, perpetrator_type=perpetrator_type)],
            ),
            ActInput(
                type=second,
                victim=0,
                involvements=[InvolvementInput(perpetrator=0, perpetrator_type=perpetrator_type)],
            ),
        ],
        "information": [
            InformationInput(source="Witness W1", reliability=term(thesauri.RELIABILITY)),
            InformationInput(source="Local radio", connection=term(thesauri.SOURCE_CONNECTION)),
        ],
        "casualties": [
            CasualtyInput(outcome="killed", minimum=3, maximum=7),
            CasualtyInput(outcome="injured", minimum=10, maximum=15, certainty="low"),
            CasualtyInput(outcome="killed", population="children", minimum=1, maximum=2),
        ],
    }
    values.update(overrides)
    return EventInput(**values)


def make_event(actor: Any = None, country: str = "CD", **overrides: Any) -> Event:
    actor = actor or officer(country)
    return event_create(actor=actor, data=event_input(country, **overrides))
