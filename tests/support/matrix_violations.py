"""Authorization matrix subjects of the violations module: one event per side's country."""

from __future__ import annotations

from typing import Any

from tests.support.violations_factories import make_event, officer
from tutela.violations.models import EngagementStrategy, Situation

PARAMETERS = {
    "violation_event_id": "violation_event",
    "violation_situation_id": "violation_situation",
    "engagement_strategy_id": "violation_engagement_strategy",
}


def add_subjects(side: Any) -> None:
    keeper = officer(side.country)
    side.subjects["violation_event"] = make_event(keeper, country=side.country)
    situation = Situation.objects.create(country=side.country, updated_by=keeper)
    side.subjects["violation_situation"] = situation
    side.subjects["violation_engagement_strategy"] = EngagementStrategy.objects.create(
        situation=situation, title="Engagement with the government"
    )


def _create_body(_subject: Any) -> dict[str, Any]:
    return {
        "title": "Matrix event",
        "geographical_term": "CD",
        "initial_date": "2026-02-01",
        "initial_date_type": "exact",
        "persons": [{"person_record_number": "v1", "role": "victim", "pseudonym": "Victim 1"}],
        "acts": [{"type_of_act": "010000000000", "victim": "v1"}],
    }


def _ratings_body(_subject: Any) -> dict[str, Any]:
    return {
        "country": "CD",
        "quarter": "2026-Q1",
        "ratings": [{"factor": "8", "level": 2, "indicators": ["8.1"]}],
    }


API_BODIES = {"violation_event_create": _create_body, "violation_ratings_save": _ratings_body}
