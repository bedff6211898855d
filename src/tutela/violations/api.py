"""Violation events over the API: a list, an event in the Events Standard Formats structure, the
recording of an event in the same structure, and the counts of the analysis page."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Path
from ninja.responses import Status

from tutela.accounts.access import require
from tutela.accounts.api_auth import acting_user
from tutela.common.api import ERROR_RESPONSES, MAX_ID, NO_NUL, PageNumber
from tutela.violations import exports, selectors, thesauri
from tutela.violations.access import readable_countries
from tutela.violations.early_warning import Quarter
from tutela.violations.models import (
    AgeBand,
    CasualtyOutcome,
    CasualtyPopulation,
    Certainty,
    Confidentiality,
    LocationPrecision,
    PersonKind,
    PersonRole,
    Verification,
)
from tutela.violations.selectors import reviews as review_selectors
from tutela.violations.services import event_create, risk_ratings_save

API_PREFIX = "/violations"
router = Router(tags=["violations"])

CODE = r"^[A-Za-z0-9_]{1,40}$"
REFERENCE = r"^[A-Za-z0-9_-]{1,40}$"


def _text(max_length: int, required: bool = False) -> Any:
    return Field(... if required else "", max_length=max_length, pattern=NO_NUL)


class EventSummaryOut(Schema):
    id: int
    reference: str
    title: str
    country: str
    start_date: datetime.date
    verification: Verification


class EventFiltersIn(Schema):
    country: str = Field("", pattern=r"^([A-Z]{2})?$")
    region: str = Field("", pattern=r"^([a-z0-9_]{1,40})?$")
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    verification: Verification | None = None
    act_type: str = Field("", pattern=r"^([A-Za-z0-9_]{1,40})?$", description="A term's code")
    perpetrator_type: str = Field(
        "", pattern=r"^([A-Za-z0-9_]{1,40})?$", description="A term's code"
    )


def _filters(filters: Any) -> selectors.EventFilters:
    terms = {}
    for name, vocabulary in (
        ("act_type", thesauri.TYPES_OF_ACTS),
        ("perpetrator_type", thesauri.PERPETRATOR_TYPES),
    ):
        code = getattr(filters, name)
        if code:
            terms[name] = selectors.term_by_code(vocabulary, code)
            if terms[name] is None:
                raise DjangoValidationError({name: [_("No such term: %(code)s.") % {"code": code}]})
    return selectors.EventFilters(
        country=filters.country,
        region=filters.region,
        date_from=filters.date_from,
        date_to=filters.date_to,
        verification=filters.verification.value if filters.verification else "",
        **terms,
    )


@router.get("/events", response={200: list[EventSummaryOut], **ERROR_RESPONSES})
@paginate(PageNumber)
def violation_event_list(request: HttpRequest, filters: Query[EventFiltersIn]) -> object:
    return selectors.event_list(user=acting_user(request), filters=_filters(filters))


class AreaIn(Schema):
    admin1: str = _text(120)
    admin2: str = _text(120)
    place: str = _text(200)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=8, decimal_places=5)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=8, decimal_places=5)
    precision: LocationPrecision = LocationPrecision.EXACT


class PersonIn(Schema):
    person_record_number: str = Field(..., pattern=REFERENCE)
    role: PersonRole
    individual_or_group: PersonKind = PersonKind.INDIVIDUAL
    pseudonym: str = _text(120, required=True)
    counting_unit: str | None = Field(None, pattern=CODE)
    number_of_persons: int | None = Field(None, ge=1, le=100_000_000)
    age_band: AgeBand = AgeBand.UNKNOWN
    sex: str | None = Field(None, pattern=CODE)


class InvolvementIn(Schema):
    perpetrator: str = Field(..., pattern=REFERENCE)
    degree_of_involvement: str | None = Field(None, pattern=CODE)
    type_of_perpetrator: str = Field(..., pattern=CODE)


class ActIn(Schema):
    type_of_act: str = Field(..., pattern=CODE)
    victim: str = Field(..., pattern=REFERENCE)
    initial_date: datetime.date | None = None
    final_date: datetime.date | None = None
    place: str = _text(200)
    physical_consequences: str = _text(2000)
    victim_status_at_end: str | None = Field(None, pattern=CODE)
    grave_violation: str | None = Field(None, pattern=CODE)
    involvements: list[InvolvementIn] = Field(default_factory=list, max_length=50)


class InformationIn(Schema):
    source: str = _text(200, required=True)
    source_connection_to_information: str | None = Field(None, pattern=CODE)
    reliability: str | None = Field(None, pattern=CODE)
    date_of_source_material: datetime.date | None = None


class InterventionIn(Schema):
    intervening_party: str = _text(200, required=True)
    type_of_intervention: str = Field(..., pattern=CODE)
    date_of_intervention: datetime.date
    response: str | None = Field(None, pattern=CODE)
    impact_on_the_situation: str | None = Field(None, pattern=CODE)
    intervention_status: str | None = Field(None, pattern=CODE)
    priority: str | None = Field(None, pattern=CODE)


class CasualtyIn(Schema):
    outcome: CasualtyOutcome
    population: CasualtyPopulation = CasualtyPopulation.ALL
    minimum: int = Field(..., ge=0, le=10_000_000)
    maximum: int = Field(..., ge=0, le=10_000_000)
    certainty: Certainty = Certainty.MEDIUM


class EventIn(Schema):
    """One event in the Events Standard Formats structure (as the JSON export writes it)."""

    title: str = _text(300, required=True)
    geographical_term: str = Field(..., pattern=r"^[A-Z]{2}$")
    local_geographical_area: AreaIn | None = None
    initial_date: datetime.date
    initial_date_type: str = Field("exact", pattern=CODE)
    final_date: datetime.date | None = None
    description: str = _text(20_000)
    impact: str = _text(5_000)
    violation_status: str | None = Field(None, pattern=CODE)
    confidentiality: Confidentiality = Confidentiality.RESTRICTED
    persons: list[PersonIn] = Field(default_factory=list, max_length=500)
    acts: list[ActIn] = Field(..., min_length=1, max_length=500)
    information: list[InformationIn] = Field(default_factory=list, max_length=100)
    interventions: list[InterventionIn] = Field(default_factory=list, max_length=100)
    casualties: list[CasualtyIn] = Field(default_factory=list, max_length=6)


class MonitoringOut(Schema):
    verification: Verification
    first_tier_verified_on: datetime.date | None
    task_force_verified_on: datetime.date | None
    late_verification: bool


class ActOut(ActIn):
    act_record_number: str


class ChainOut(Schema):
    related_event: str
    type_of_chain: str


class EventOut(EventIn):
    event_record_number: str
    monitoring: MonitoringOut
    acts: list[ActOut]  # type: ignore[assignment]
    chain_of_events: list[ChainOut]


@router.post("/events", response={201: EventOut, **ERROR_RESPONSES})
def violation_event_create(request: HttpRequest, payload: EventIn) -> object:
    user = acting_user(request)
    if not selectors.may_record(user=user):
        raise PermissionDenied
    data = exports.esf_event_input(payload.dict())
    event = event_create(actor=user, data=data)
    return Status(201, exports.esf_event(selectors.event_detail(user=user, event_id=event.pk)))


class CountRowOut(Schema):
    key: str
    label: str
    events: int
    verified: int
    acts: int
    killed_min: int
    killed_max: int
    injured_min: int
    injured_max: int
    children_killed_min: int
    children_killed_max: int


class CountsOut(Schema):
    by: str
    rows: list[CountRowOut]
    total: CountRowOut
    late_verifications: int


class CountsIn(EventFiltersIn):
    by: str = Field("country", pattern=r"^(country|region|month|act_type|perpetrator_type)$")


def _row(row: selectors.CountRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "label": row.label,
        "events": row.events,
        "verified": row.verified,
        "acts": row.acts,
        "killed_min": row.killed[0],
        "killed_max": row.killed[1],
        "injured_min": row.injured[0],
        "injured_max": row.injured[1],
        "children_killed_min": row.children_killed[0],
        "children_killed_max": row.children_killed[1],
    }


@router.get("/counts", response={200: CountsOut, **ERROR_RESPONSES})
def violation_counts(request: HttpRequest, filters: Query[CountsIn]) -> object:
    counts = selectors.violation_counts(
        user=acting_user(request), by=filters.by, filters=_filters(filters)
    )
    return {
        "by": counts.by,
        "rows": [_row(row) for row in counts.rows],
        "total": _row(counts.total),
        "late_verifications": counts.late_verifications,
    }


class CountryScoreOut(Schema):
    country: str
    name: str
    quarter: str
    score: int
    rating_points: float
    trend_points: float
    events: int
    previous_mean: float
    levels: dict[str, int]
    watch: bool
    reasons: list[str]


class QuarterIn(Schema):
    quarter: str = Field("", pattern=r"^(\d{4}-Q[1-4])?$")


@router.get("/early-warning", response={200: list[CountryScoreOut], **ERROR_RESPONSES})
def violation_early_warning(request: HttpRequest, filters: Query[QuarterIn]) -> object:
    quarter = Quarter.parse(filters.quarter, timezone.localdate())
    return [
        {
            "country": entry.country,
            "name": entry.name,
            "quarter": str(entry.quarter),
            "score": entry.score,
            "rating_points": round(entry.rating_points, 2),
            "trend_points": round(entry.trend_points, 2),
            "events": entry.events,
            "previous_mean": round(entry.previous_mean, 2),
            "levels": entry.levels,
            "watch": entry.watch,
            "reasons": entry.reasons,
        }
        for entry in selectors.country_scores(user=acting_user(request), quarter=quarter)
    ]


class RatingOut(Schema):
    factor: str
    level: int
    note: str
    indicators: list[str]
    rated_at: datetime.datetime


class RatingsOut(Schema):
    country: str
    quarter: str
    ratings: list[RatingOut]


class RatingsQueryIn(QuarterIn):
    country: str = Field("", pattern=r"^([A-Z]{2})?$")


class RatingIn(Schema):
    factor: str = Field(..., pattern=r"^[0-9]{1,2}$")
    level: int | None = Field(None, ge=0, le=3)
    note: str = _text(5000)
    indicators: list[str] | None = Field(None, max_length=50)


class RatingsIn(Schema):
    country: str = Field(..., pattern=r"^[A-Z]{2}$")
    quarter: str = Field(..., pattern=r"^\d{4}-Q[1-4]$")
    ratings: list[RatingIn] = Field(..., max_length=14)


def _ratings(user: Any, country: str, quarter: Quarter) -> dict[str, Any]:
    ratings = selectors.ratings_of(user=user, country=country, quarter=quarter)
    return {
        "country": country,
        "quarter": str(quarter),
        "ratings": [
            {
                "factor": rating.factor.code,
                "level": rating.level,
                "note": rating.note,
                "indicators": [term.code for term in rating.indicators.all()],
                "rated_at": rating.rated_at,
            }
            for rating in ratings.values()
        ],
    }


@router.get("/ratings", response={200: RatingsOut, **ERROR_RESPONSES})
def violation_ratings(request: HttpRequest, filters: Query[RatingsQueryIn]) -> object:
    """The risk factor ratings of a country (by default the first the user reads) for a quarter,
    with the codes of the indicators observed."""
    user = acting_user(request)
    if not readable_countries(user):
        raise PermissionDenied
    quarter = Quarter.parse(filters.quarter, timezone.localdate())
    country = selectors.rating_country(user=user, country=filters.country)
    return _ratings(user, country, quarter)


@router.post("/ratings", response={200: RatingsOut, **ERROR_RESPONSES})
def violation_ratings_save(request: HttpRequest, payload: RatingsIn) -> object:
    """Rate risk factors of a country for a quarter; `indicators` (codes such as "8.1"), when
    given, replace the indicators recorded as observed for that factor."""
    user = acting_user(request)
    readable = readable_countries(user)
    if not readable:
        raise PermissionDenied
    require(payload.country in readable)
    quarter = Quarter.parse(payload.quarter, timezone.localdate())
    factors = {factor.code: factor for factor in selectors.risk_factors()}
    indicators = {
        term.code: term
        for terms in review_selectors.risk_factor_indicators().values()
        for term in terms
    }
    problems = [
        _("%(code)s is not a risk factor.") % {"code": entry.factor}
        for entry in payload.ratings
        if entry.factor not in factors
    ] + [
        _("%(code)s is not an indicator of the Framework of Analysis.") % {"code": code}
        for entry in payload.ratings
        for code in entry.indicators or []
        if code not in indicators
    ]
    if problems:
        raise DjangoValidationError({"ratings": problems})
    risk_ratings_save(
        actor=user,
        country=payload.country,
        year=quarter.year,
        quarter=quarter.number,
        levels={factors[entry.factor]: (entry.level, entry.note) for entry in payload.ratings},
        indicators={
            factors[entry.factor]: [indicators[code] for code in entry.indicators]
            for entry in payload.ratings
            if entry.indicators is not None
        },
    )
    return _ratings(user, payload.country, quarter)


@router.get("/events/{violation_event_id}", response={200: EventOut, **ERROR_RESPONSES})
def violation_event_detail(
    request: HttpRequest, violation_event_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    event = selectors.event_detail(user=acting_user(request), event_id=violation_event_id)
    return exports.esf_event(event)


class SituationActionOut(Schema):
    entity: str
    level: str
    text: str
    status: str


class EscalationOut(Schema):
    from_level: str
    to_level: str
    decided_on: datetime.date
    reason: str


class EngagementOut(Schema):
    date: datetime.date
    counterpart: str
    channel: str
    message: str
    response: str | None
    impact: str | None
    status: str | None
    priority: str | None


class EngagementStrategyOut(Schema):
    id: int
    title: str
    objective: str
    action_point: str | None
    engagements: list[EngagementOut]
    impact_summary: dict[str, int]


class SituationOut(Schema):
    id: int
    country: str
    level: str
    next_review_on: datetime.date | None


class SituationDetailOut(SituationOut):
    analysis: str
    objectives: str
    capacities: str
    actions: list[SituationActionOut]
    escalations: list[EscalationOut]
    engagement_strategies: list[EngagementStrategyOut]


@router.get("/situations", response={200: list[SituationOut], **ERROR_RESPONSES})
def violation_situation_list(request: HttpRequest) -> object:
    return selectors.situation_list(user=acting_user(request))


def _code_of(term: Any) -> str | None:
    return term.code if term else None


@router.get(
    "/situations/{violation_situation_id}", response={200: SituationDetailOut, **ERROR_RESPONSES}
)
def violation_situation_detail(
    request: HttpRequest, violation_situation_id: int = Path(..., ge=1, le=MAX_ID)
) -> object:
    situation = selectors.situation_detail(
        user=acting_user(request), situation_id=violation_situation_id
    )
    return {
        "id": situation.pk,
        "country": situation.country,
        "level": situation.level,
        "next_review_on": situation.next_review_on,
        "analysis": situation.analysis,
        "objectives": situation.objectives,
        "capacities": situation.capacities,
        "actions": list(situation.actions.all()),
        "escalations": list(situation.escalations.all()),
        "engagement_strategies": [
            {
                "id": entry.strategy.pk,
                "title": entry.strategy.title,
                "objective": entry.strategy.objective,
                "action_point": entry.strategy.action_point.ref_id
                if entry.strategy.action_point
                else None,
                "engagements": [
                    {
                        "date": e.date,
                        "counterpart": e.counterpart,
                        "channel": e.channel,
                        "message": e.message,
                        "response": _code_of(e.response),
                        "impact": _code_of(e.impact),
                        "status": _code_of(e.status),
                        "priority": _code_of(e.priority),
                    }
                    for e in entry.engagements
                ],
                "impact_summary": dict(entry.impact),
            }
            for entry in selectors.situation_strategies(situation=situation)
        ],
    }
