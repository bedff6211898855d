"""Who may do what in the violations module.

Records are scoped by country: a human rights officer enters and edits the events of the
countries their memberships name; an analyst reads and analyses them; nobody else (not even an
administrator) reads violation records. Two tiers of verification are done by two different
human rights officers of the country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutela.accounts.access import EndpointRule, declare, memberships_of, roles
from tutela.accounts.roles import Role

if TYPE_CHECKING:
    from tutela.violations.models import Event


def country_codes(user: Any, *wanted: Role) -> set[str]:
    values = {role.value for role in wanted}
    return {
        membership.country
        for membership in memberships_of(user)
        if membership.role in values and membership.country
    }


def officer_countries(user: Any) -> set[str]:
    return country_codes(user, Role.HUMAN_RIGHTS_OFFICER)


def readable_countries(user: Any) -> set[str]:
    return country_codes(user, Role.HUMAN_RIGHTS_OFFICER, Role.ANALYST)


def can_read_event(user: Any, event: Event) -> bool:
    return event.country in readable_countries(user)


def can_edit_event(user: Any, event: Event) -> bool:
    return event.country in officer_countries(user)


OFFICERS = roles(Role.HUMAN_RIGHTS_OFFICER)
READERS = roles(Role.HUMAN_RIGHTS_OFFICER, Role.ANALYST)

declare(
    EndpointRule("violations:event_list", own=READERS),
    EndpointRule("violations:event_create", own=OFFICERS),
    EndpointRule("violations:event_detail", own=READERS, subject="violation_event"),
    EndpointRule("violations:event_edit", own=OFFICERS, subject="violation_event"),
    EndpointRule("violations:event_verify", own=OFFICERS, subject="violation_event"),
    EndpointRule(
        "violations:person_names",
        own=OFFICERS,
        subject="violation_event",
        method="POST",
        answers=200,
    ),
    EndpointRule("violations:analysis", own=READERS),
    EndpointRule("violations:export_csv", own=READERS),
    EndpointRule("violations:export_json", own=READERS),
    EndpointRule("violations:import_json", own=OFFICERS),
    EndpointRule("violations:vocabulary_list", own=READERS),
    EndpointRule("violations:early_warning", own=READERS),
    EndpointRule("violations:risk_rating", own=READERS),
    EndpointRule("violations:quarterly_pack", own=READERS),
    EndpointRule("violations:quarterly_pack_pdf", own=READERS),
    EndpointRule("violations:situation_list", own=READERS),
    EndpointRule("violations:situation_detail", own=READERS, subject="violation_situation"),
    EndpointRule("violations:situation_edit", own=OFFICERS, subject="violation_situation"),
    EndpointRule("violations:situation_action_add", own=OFFICERS, subject="violation_situation"),
    EndpointRule("violations:engagement_strategy_add", own=OFFICERS, subject="violation_situation"),
    EndpointRule(
        "violations:engagement_add", own=OFFICERS, subject="violation_engagement_strategy"
    ),
    EndpointRule("api:violation_event_list", own=READERS),
    EndpointRule("api:violation_event_detail", own=READERS, subject="violation_event"),
    EndpointRule("api:violation_event_create", own=OFFICERS, method="POST", answers=201),
    EndpointRule("api:violation_counts", own=READERS),
    EndpointRule("api:violation_early_warning", own=READERS),
    EndpointRule("api:violation_ratings", own=READERS),
    EndpointRule("api:violation_ratings_save", own=READERS, method="POST", answers=200),
    EndpointRule("api:violation_situation_list", own=READERS),
    EndpointRule("api:violation_situation_detail", own=READERS, subject="violation_situation"),
)
