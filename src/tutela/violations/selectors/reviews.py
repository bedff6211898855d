"""Reads of the early warning, the regional quarterly review and the situations; each takes the
acting user and sees only the countries the user holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from tutela.accounts.access import require
from tutela.frameworks.models import Node
from tutela.violations import thesauri
from tutela.violations.access import officer_countries, readable_countries
from tutela.violations.early_warning import CountryScore, Quarter, score
from tutela.violations.models import (
    Engagement,
    EngagementStrategy,
    ReviewMeasure,
    RiskLevel,
    RiskRating,
    Situation,
    Tally,
    TallyDimension,
    Term,
    Verification,
)
from tutela.violations.regions import countries_of_region, country_name, region_of, regions
from tutela.violations.selectors.records import (
    Counts,
    EventFilters,
    _reader,
    violation_counts,
)

# --- early warning and the regional quarterly review ------------------------------------------


def risk_factors() -> list[Term]:
    return list(
        Term.objects.filter(vocabulary__code=thesauri.ATROCITY_RISK_FACTORS, level=1).order_by(
            "order"
        )
    )


def risk_factor_indicators() -> dict[int, list[Term]]:
    """The indicators of each risk factor (its narrower terms), by the factor's id."""
    found: dict[int, list[Term]] = defaultdict(list)
    for term in Term.objects.filter(
        vocabulary__code=thesauri.ATROCITY_RISK_FACTORS, level=2
    ).order_by("order"):
        if term.parent_id is not None:
            found[term.parent_id].append(term)
    return dict(found)


def observed_indicators(
    *, user: Any, quarter: Quarter, countries: set[str] | None = None
) -> dict[str, dict[str, list[Term]]]:
    """The indicators observed, by country and factor code, with the rating that gives each
    factor its level: the quarter's, else the previous quarter's (as the score carries it)."""
    readable = _reader(user)
    chosen = readable if countries is None else readable & countries
    previous = quarter.previous
    ratings = (
        RiskRating.objects.filter(country__in=chosen)
        .filter(
            Q(year=quarter.year, quarter=quarter.number)
            | Q(year=previous.year, quarter=previous.number)
        )
        .select_related("factor")
        .prefetch_related(Prefetch("indicators", queryset=Term.objects.order_by("order")))
    )
    found: dict[str, dict[str, list[Term]]] = defaultdict(dict)
    # The previous quarter first, so that the quarter's own ratings replace it.
    for rating in sorted(ratings, key=lambda r: (r.year, r.quarter)):
        found[rating.country][rating.factor.code] = list(rating.indicators.all())
    return dict(found)


@dataclass
class FactorLine:
    factor: Term
    level: int | None
    level_label: str
    indicators: list[Term]


def factor_lines(
    *, entry: CountryScore, factors: list[Term], observed: dict[str, dict[str, list[Term]]]
) -> list[FactorLine]:
    """Each factor of a country's score with its level and the indicators observed."""
    labels = dict(RiskLevel.choices)
    mine = observed.get(entry.country, {})
    return [
        FactorLine(
            factor=factor,
            level=entry.levels.get(factor.code),
            level_label=str(labels.get(entry.levels.get(factor.code, -1), "—")),
            indicators=mine.get(factor.code, []),
        )
        for factor in factors
    ]


def _quarter_event_counts(
    countries: set[str], first: Quarter, last: Quarter
) -> dict[tuple[str, Quarter], int]:
    """Events that occurred (or may have), per country and quarter, from the tallies."""
    rows = (
        Tally.objects.filter(
            country__in=countries,
            dimension=TallyDimension.EVENT,
            month__gte=first.first_day,
            month__lt=last.next.first_day,
        )
        .exclude(verification=Verification.NOT_OCCURRED)
        .order_by()
        .values("country", "month")
        .annotate(n=Sum("events"))
    )
    counts: dict[tuple[str, Quarter], int] = defaultdict(int)
    for row in rows:
        counts[(row["country"], Quarter.of(row["month"]))] += row["n"]
    return counts


def country_scores(
    *, user: Any, quarter: Quarter, countries: set[str] | None = None
) -> list[CountryScore]:
    """The early-warning score of each country the user reads (or of `countries` among them)."""
    readable = _reader(user)
    chosen = readable if countries is None else readable & countries
    previous = quarter.previous
    ratings: dict[tuple[str, Quarter], dict[str, int]] = defaultdict(dict)
    for country, year, number, code, level in RiskRating.objects.filter(
        country__in=chosen,
        year__in={quarter.year, previous.year},
    ).values_list("country", "year", "quarter", "factor__code", "level"):
        ratings[(country, Quarter(year, number))][code] = level
    history = quarter.back(4)
    counts = _quarter_event_counts(chosen, history[-1], quarter)
    scores = []
    for country in sorted(chosen, key=country_name):
        region = region_of(country)
        scores.append(
            score(
                CountryScore(
                    country=country,
                    name=country_name(country),
                    region=region.display_name if region else "",
                    quarter=quarter,
                ),
                current=ratings.get((country, quarter), {}),
                previous=ratings.get((country, previous), {}),
                events_now=counts.get((country, quarter), 0),
                events_before=[counts.get((country, q), 0) for q in history],
            )
        )
    return scores


def rating_country(*, user: Any, country: str) -> str:
    """The country a rating page is about: one the user reads (the first if none was asked)."""
    readable = sorted(_reader(user))
    return country if country in readable else readable[0]


def ratings_of(*, user: Any, country: str, quarter: Quarter) -> dict[str, RiskRating]:
    require(country in readable_countries(user))
    return {
        rating.factor.code: rating
        for rating in RiskRating.objects.filter(
            country=country, year=quarter.year, quarter=quarter.number
        )
        .select_related("factor", "rated_by")
        .prefetch_related(Prefetch("indicators", queryset=Term.objects.order_by("order")))
    }


@dataclass
class QuarterlyPack:
    region_code: str
    region_name: str
    quarter: Quarter
    scores: list[CountryScore]
    counts: Counts
    monthly: Counts
    previous_measures: list[ReviewMeasure]
    measures: list[ReviewMeasure]
    factors: list[Term] = field(default_factory=list)
    indicators: dict[str, dict[str, list[Term]]] = field(default_factory=dict)


def quarterly_pack(*, user: Any, region: str, quarter: Quarter) -> QuarterlyPack:
    """A region's quarterly review pack, limited to the countries the user reads."""
    readable = _reader(user)
    chosen = readable & set(countries_of_region(region))
    if not chosen:
        found = next((r for r in regions() for c in r.countries if c.code in readable), None)
        region = found.code if found else ""
        chosen = readable & set(countries_of_region(region))
    filters = EventFilters(
        region=region,
        date_from=quarter.first_day,
        date_to=quarter.next.first_day - timedelta(days=1),
    )
    trend_filters = EventFilters(
        region=region,
        date_from=quarter.back(3)[-1].first_day,
        date_to=quarter.next.first_day - timedelta(days=1),
    )
    measures = ReviewMeasure.objects.filter(country__in=chosen).order_by("due_on", "pk")
    previous = quarter.previous
    return QuarterlyPack(
        region_code=region,
        region_name=next((r.display_name for r in regions() if r.code == region), region),
        quarter=quarter,
        scores=country_scores(user=user, quarter=quarter, countries=chosen),
        counts=violation_counts(user=user, by="country", filters=filters),
        monthly=violation_counts(user=user, by="month", filters=trend_filters),
        previous_measures=list(
            measures.filter(year=previous.year, quarter=previous.number).select_related(
                "recorded_by"
            )
        ),
        measures=list(
            measures.filter(year=quarter.year, quarter=quarter.number).select_related("recorded_by")
        ),
        factors=risk_factors(),
        indicators=observed_indicators(user=user, quarter=quarter, countries=chosen),
    )


def measure_for_update(*, user: Any, measure_id: int) -> ReviewMeasure:
    countries = readable_countries(user)
    return get_object_or_404(ReviewMeasure.objects.filter(country__in=countries), pk=measure_id)


@dataclass
class StrategyImpact:
    strategy: EngagementStrategy
    engagements: list[Engagement]
    impact: list[tuple[str, int]]


def situation_list(*, user: Any) -> list[Situation]:
    return list(
        Situation.objects.filter(country__in=_reader(user))
        .annotate(
            strategy_count=Count("engagement_strategies", distinct=True),
            action_count=Count("actions", distinct=True),
        )
        .order_by("country")
    )


def situation_detail(*, user: Any, situation_id: int) -> Situation:
    return get_object_or_404(
        Situation.objects.filter(country__in=readable_countries(user)).select_related("updated_by"),
        pk=situation_id,
    )


def situation_for_editing(*, user: Any, situation_id: int) -> Situation:
    return get_object_or_404(
        Situation.objects.filter(country__in=officer_countries(user)), pk=situation_id
    )


def strategy_for_editing(*, user: Any, strategy_id: int) -> EngagementStrategy:
    return get_object_or_404(
        EngagementStrategy.objects.filter(
            situation__country__in=officer_countries(user)
        ).select_related("situation"),
        pk=strategy_id,
    )


def situation_strategies(*, situation: Situation) -> list[StrategyImpact]:
    """Each engagement strategy with its engagements and how many had each impact."""
    strategies = situation.engagement_strategies.select_related("action_point").prefetch_related(
        Prefetch(
            "engagements",
            queryset=Engagement.objects.select_related("response", "impact", "status", "priority"),
        )
    )
    found = []
    for strategy in strategies:
        engagements = list(strategy.engagements.all())
        tally: dict[str, int] = defaultdict(int)
        for engagement in engagements:
            label = engagement.impact.display_label if engagement.impact else "—"
            tally[label] += 1
        found.append(StrategyImpact(strategy, engagements, sorted(tally.items())))
    return found


def countries_without_situation(*, user: Any) -> list[tuple[str, str]]:
    taken = set(Situation.objects.values_list("country", flat=True))
    return [
        (code, country_name(code)) for code in sorted(officer_countries(user)) if code not in taken
    ]


def action_points() -> QuerySet[Node]:
    """The action points of the shipped Rights Up Front plan an engagement strategy may serve."""
    return (
        Node.objects.filter(framework__slug="rights-up-front", framework__status="published")
        .exclude(ref_id="")
        .order_by("sort_key")
    )
