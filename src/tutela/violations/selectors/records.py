"""Every read of violation records; each takes the acting user and sees only the countries the
user holds as a human rights officer or analyst (a forbidden event is answered as missing)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import translation

from tutela.accounts.access import require
from tutela.violations.access import (
    can_edit_event,
    officer_countries,
    readable_countries,
)
from tutela.violations.models import (
    Act,
    Casualty,
    ChainLink,
    Event,
    Information,
    Intervention,
    Involvement,
    Person,
    Tally,
    TallyDimension,
    Term,
    Verification,
    Vocabulary,
    quarter_of,
)
from tutela.violations.regions import countries_of_region, country_name, region_of, regions


def _reader(user: Any) -> set[str]:
    """The countries whose records the user reads; someone with none may not use the module."""
    countries = readable_countries(user)
    if not countries:
        raise PermissionDenied
    return countries


def terms_of(vocabulary: str) -> QuerySet[Term]:
    """The terms of one vocabulary, in tree order (reference data, open to every form)."""
    return Term.objects.filter(vocabulary__code=vocabulary).order_by("order")


def term_choices(vocabulary: str) -> list[tuple[int, str]]:
    """Each term of a vocabulary and its label in the current language, indented by its depth
    (for the long selects of the forms: plain rows, no model instances)."""
    language = (translation.get_language() or "en")[:2]
    return [
        (pk, "\u2003" * level + str((translations or {}).get(language) or label))
        for pk, label, translations, level in terms_of(vocabulary).values_list(
            "pk", "label", "translations", "level"
        )
    ]


def term_by_code(vocabulary: str, code: str) -> Term | None:
    return terms_of(vocabulary).filter(code=code).first()


def vocabularies(*, user: Any) -> list[Vocabulary]:
    _reader(user)
    return list(
        Vocabulary.objects.prefetch_related(
            Prefetch("terms", queryset=Term.objects.order_by("order"))
        ).order_by("code")
    )


@dataclass(frozen=True)
class EventFilters:
    country: str = ""
    region: str = ""
    date_from: date | None = None
    date_to: date | None = None
    act_type: Term | None = None
    perpetrator_type: Term | None = None
    verification: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "region": self.region,
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "act_type": self.act_type.code if self.act_type else "",
            "perpetrator_type": self.perpetrator_type.code if self.perpetrator_type else "",
            "verification": self.verification,
        }


def _subtree(term: Term) -> list[int]:
    """The term and every narrower term under it (the vocabularies are a few levels deep)."""
    ids = [term.pk]
    frontier = [term.pk]
    while frontier:
        frontier = list(Term.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def event_list(*, user: Any, filters: EventFilters | None = None) -> QuerySet[Event]:
    events = Event.objects.filter(country__in=_reader(user))
    filters = filters or EventFilters()
    if filters.country:
        events = events.filter(country=filters.country)
    if filters.region:
        events = events.filter(country__in=countries_of_region(filters.region))
    if filters.date_from:
        events = events.filter(start_date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(start_date__lte=filters.date_to)
    if filters.verification:
        events = events.filter(verification=filters.verification)
    if filters.act_type:
        events = events.filter(
            pk__in=Act.objects.filter(type_id__in=_subtree(filters.act_type)).values("event_id")
        )
    if filters.perpetrator_type:
        events = events.filter(
            pk__in=Involvement.objects.filter(
                perpetrator_type_id__in=_subtree(filters.perpetrator_type)
            ).values("act__event_id")
        )
    return events.select_related("start_date_type").order_by("-start_date", "-pk")


def event_list_page(*, user: Any, filters: EventFilters | None = None) -> QuerySet[Event]:
    return event_list(user=user, filters=filters).annotate(act_count=Count("acts", distinct=True))


def _full_event() -> QuerySet[Event]:
    return Event.objects.select_related(
        "start_date_type",
        "violation_status",
        "tier1_verified_by",
        "tier2_verified_by",
        "created_by",
    ).prefetch_related(
        Prefetch(
            "acts",
            queryset=Act.objects.select_related(
                "type", "victim", "status_at_end", "grave_violation"
            ).prefetch_related(
                Prefetch(
                    "involvements",
                    queryset=Involvement.objects.select_related(
                        "perpetrator", "degree", "perpetrator_type"
                    ),
                )
            ),
        ),
        Prefetch("persons", queryset=Person.objects.select_related("counting_unit", "sex")),
        Prefetch(
            "information",
            queryset=Information.objects.select_related("connection", "reliability"),
        ),
        Prefetch(
            "interventions",
            queryset=Intervention.objects.select_related(
                "type", "response", "impact", "status", "priority"
            ),
        ),
        "casualties",
        Prefetch("chain_links", queryset=ChainLink.objects.select_related("type", "to_event")),
    )


def event_detail(*, user: Any, event_id: int) -> Event:
    countries = readable_countries(user)
    return get_object_or_404(_full_event().filter(country__in=countries), pk=event_id)


def event_for_editing(*, user: Any, event_id: int) -> Event:
    countries = officer_countries(user)
    require(bool(countries))
    return get_object_or_404(_full_event().filter(country__in=countries), pk=event_id)


def may_edit(*, user: Any, event: Event) -> bool:
    return can_edit_event(user, event)


def may_record(*, user: Any) -> bool:
    return bool(officer_countries(user))


def recording_countries(*, user: Any) -> list[str]:
    return sorted(officer_countries(user))


def possible_duplicates(
    *,
    user: Any,
    country: str,
    start_date: date,
    admin2: str,
    location: str,
    act_type_ids: list[int],
    exclude_id: int | None = None,
) -> list[Event]:
    """Events of the same country and date, at the same place, with an act of the same type."""
    events = Event.objects.filter(
        country__in=readable_countries(user),
        country=country,
        start_date=start_date,
        acts__type_id__in=act_type_ids,
    )
    place = Q()
    if location:
        place |= Q(location__iexact=location)
    if admin2:
        place |= Q(admin2__iexact=admin2)
    if place:
        events = events.filter(place)
    if exclude_id is not None:
        events = events.exclude(pk=exclude_id)
    return list(events.distinct().order_by("pk")[:10])


# --- analysis --------------------------------------------------------------------------------


@dataclass
class CountRow:
    key: str
    label: str
    events: int = 0
    verified: int = 0
    acts: int = 0
    killed: tuple[int, int] = (0, 0)
    injured: tuple[int, int] = (0, 0)
    children_killed: tuple[int, int] = (0, 0)


@dataclass
class Counts:
    by: str
    rows: list[CountRow] = field(default_factory=list)
    total: CountRow = field(default_factory=lambda: CountRow("", ""))
    late_verifications: int = 0
    # Act type and perpetrator type rows may share events: their totals are not the sum of rows.
    overlapping: bool = False


GROUPINGS = ("country", "region", "month", "act_type", "perpetrator_type")


def _add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return a[0] + b[0], a[1] + b[1]


def _casualty_ranges(events: QuerySet[Event], key: str) -> dict[Any, dict[str, tuple[int, int]]]:
    found: dict[Any, dict[str, tuple[int, int]]] = defaultdict(dict)
    rows = (
        Casualty.objects.filter(event__in=events.values("pk"))
        .filter(Q(population="all") | Q(population="children", outcome="killed"))
        .values(key, "outcome", "population")
        .annotate(low=Sum("minimum"), high=Sum("maximum"))
    )
    for row in rows:
        name = "children_killed" if row["population"] == "children" else row["outcome"]
        found[row[key]][name] = (row["low"] or 0, row["high"] or 0)
    return found


def violation_counts(*, user: Any, by: str, filters: EventFilters | None = None) -> Counts:
    """Events, acts and casualty ranges (minimum and maximum summed separately) by a grouping.

    Whole months are read from the tallies the services keep (`violations.tallies`), also when
    the filter names one type of act or of perpetrator without narrower terms (its own slice);
    the days of a month cut by the date filter, and a filter on a broader type (whose narrower
    terms would count an event twice) or on both kinds, are counted from the records. With such
    a filter, `acts` counts the acts of that type (or involving that type of perpetrator)."""
    if by not in GROUPINGS:
        by = "country"
    filters = filters or EventFilters()
    counts = Counts(by=by, overlapping=by in ("act_type", "perpetrator_type"))
    parts: list[_Part] = []
    first, end, live = _whole_months(filters.date_from, filters.date_to)
    slice_ = _tally_slice(filters, by)
    if slice_ is None:
        live = [(filters.date_from, filters.date_to)]
    elif first is not None or end is not None or not live:
        parts.append(_tallied(_countries(user, filters), filters, by, first, end, slice_))
    for date_from, date_to in live:
        edge = replace(filters, date_from=date_from, date_to=date_to)
        events = event_list(user=user, filters=edge).order_by()
        parts.append(_counted(events, by, _acts_of(events, filters)))
    rows: dict[str, CountRow] = {}
    for part in parts:
        for row in part.rows:
            _merge(rows.setdefault(row.key, CountRow(key=row.key, label=row.label)), row)
        _merge(counts.total, part.total)
        counts.late_verifications += part.late_verifications
    counts.total.key = "total"
    counts.rows = sorted(
        rows.values(),
        key=(lambda row: row.key) if by == "month" else (lambda row: (-row.events, row.label)),
    )
    return counts


@dataclass
class _Part:
    rows: list[CountRow]
    total: CountRow
    late_verifications: int = 0


def _merge(target: CountRow, row: CountRow) -> None:
    target.events += row.events
    target.verified += row.verified
    target.acts += row.acts
    target.killed = _add(target.killed, row.killed)
    target.injured = _add(target.injured, row.injured)
    target.children_killed = _add(target.children_killed, row.children_killed)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _whole_months(
    date_from: date | None, date_to: date | None
) -> tuple[date | None, date | None, list[tuple[date | None, date | None]]]:
    """The whole months between the dates (first month, month after the last; None: open) and
    the ranges of days at either end to count from the records."""
    first = (
        None if date_from is None else (date_from if date_from.day == 1 else _next_month(date_from))
    )
    end = None
    if date_to is not None:
        end = (
            _next_month(date_to)
            if _next_month(date_to) - timedelta(days=1) == date_to
            else date_to.replace(day=1)
        )
    if first is not None and end is not None and first >= end:
        return None, None, [(date_from, date_to)]
    live: list[tuple[date | None, date | None]] = []
    if date_from is not None and first is not None and date_from < first:
        live.append((date_from, first - timedelta(days=1)))
    if date_to is not None and end is not None and end <= date_to:
        live.append((end, date_to))
    return first, end, live


def _tally_slice(filters: EventFilters, by: str) -> tuple[str, int | None] | None:
    """Which tallies answer these filters: the events' own rows, one term's rows, or none."""
    chosen = [
        (dimension, term)
        for dimension, term in (
            (TallyDimension.ACT_TYPE, filters.act_type),
            (TallyDimension.PERPETRATOR_TYPE, filters.perpetrator_type),
        )
        if term is not None
    ]
    if not chosen:
        return TallyDimension.EVENT, None
    if len(chosen) > 1 or by in ("act_type", "perpetrator_type"):
        return None
    dimension, term = chosen[0]
    if len(_subtree(term)) > 1:
        return None
    return dimension, term.pk


def _acts_of(events: QuerySet[Event], filters: EventFilters) -> QuerySet[Act]:
    acts = Act.objects.filter(event__in=events.values("pk"))
    if filters.act_type:
        acts = acts.filter(type_id__in=_subtree(filters.act_type))
    if filters.perpetrator_type:
        acts = acts.filter(
            pk__in=Involvement.objects.filter(
                perpetrator_type_id__in=_subtree(filters.perpetrator_type)
            ).values("act_id")
        )
    return acts


def _countries(user: Any, filters: EventFilters) -> set[str]:
    countries = _reader(user)
    if filters.country:
        countries = countries & {filters.country}
    if filters.region:
        countries = countries & set(countries_of_region(filters.region))
    return countries


_SUMS = {
    "n_events": Sum("events"),
    "n_verified": Sum("events", filter=Q(verification=Verification.VERIFIED)),
    "n_acts": Sum("acts"),
    "n_killed_min": Sum("killed_min"),
    "n_killed_max": Sum("killed_max"),
    "n_injured_min": Sum("injured_min"),
    "n_injured_max": Sum("injured_max"),
    "n_children_killed_min": Sum("children_killed_min"),
    "n_children_killed_max": Sum("children_killed_max"),
    "n_late": Sum("late_verifications"),
}


def _row(key: str, label: str, sums: Mapping[str, Any]) -> CountRow:
    return CountRow(
        key=key,
        label=label,
        events=sums["n_events"] or 0,
        verified=sums["n_verified"] or 0,
        acts=sums["n_acts"] or 0,
        killed=(sums["n_killed_min"] or 0, sums["n_killed_max"] or 0),
        injured=(sums["n_injured_min"] or 0, sums["n_injured_max"] or 0),
        children_killed=(sums["n_children_killed_min"] or 0, sums["n_children_killed_max"] or 0),
    )


def _tallied(
    countries: set[str],
    filters: EventFilters,
    by: str,
    first: date | None,
    end: date | None,
    slice_: tuple[str, int | None],
) -> _Part:
    """Whole months from the tallies: one query for the rows, one for the total."""
    tallies = Tally.objects.filter(country__in=countries)
    if first is not None:
        tallies = tallies.filter(month__gte=first)
    if end is not None:
        tallies = tallies.filter(month__lt=end)
    if filters.verification:
        tallies = tallies.filter(verification=filters.verification)
    dimension, term_id = slice_
    events = tallies.filter(
        Q(term_id=term_id) if term_id is not None else Q(term__isnull=True), dimension=dimension
    )
    sums = events.aggregate(**_SUMS)
    total = _row("total", "", sums)
    rows: list[CountRow] = []
    if by in ("act_type", "perpetrator_type"):
        grouped = list(tallies.filter(dimension=by).order_by().values("term_id").annotate(**_SUMS))
        terms = Term.objects.in_bulk([entry["term_id"] for entry in grouped])
        rows = [
            _row(terms[entry["term_id"]].code, terms[entry["term_id"]].display_label, entry)
            for entry in grouped
        ]
    else:
        column = "month" if by == "month" else "country"
        by_value = {
            entry[column]: _row(
                str(entry[column]),
                entry[column].strftime("%Y-%m") if by == "month" else country_name(entry[column]),
                entry,
            )
            for entry in events.order_by().values(column).annotate(**_SUMS)
        }
        rows = list((_by_region(by_value) if by == "region" else by_value).values())
    return _Part(rows=rows, total=total, late_verifications=sums["n_late"] or 0)


def _counted(events: QuerySet[Event], by: str, acts: QuerySet[Act]) -> _Part:
    """The same counts from the records themselves."""
    rows = (
        _by_event_field(events, by, acts)
        if by in ("country", "region", "month")
        else _by_term(events, by)
    )
    aggregates = events.aggregate(
        events=Count("pk"), verified=Count("pk", filter=Q(verification=Verification.VERIFIED))
    )
    summed: dict[str, tuple[int, int]] = {}
    for values in _casualty_ranges(events, "event__verification").values():
        for name, pair in values.items():
            summed[name] = _add(summed.get(name, (0, 0)), pair)
    total = CountRow(
        key="total",
        label="",
        events=aggregates["events"],
        verified=aggregates["verified"],
        acts=acts.count(),
        **summed,
    )
    verified_dates = events.filter(tier2_verified_on__isnull=False).values_list(
        "start_date", "tier2_verified_on"
    )
    late = len(
        [
            start
            for start, verified_on in verified_dates
            if verified_on is not None and quarter_of(verified_on) > quarter_of(start)
        ]
    )
    return _Part(rows=list(rows.values()), total=total, late_verifications=late)


def _fold(by: str) -> Any:
    """Rows are grouped on the plain column (no function per row, which is what costs), then
    folded: a day into its month, a country into itself (regions are merged afterwards)."""
    return (lambda day: day.replace(day=1)) if by == "month" else (lambda value: value)


def _by_event_field(events: QuerySet[Event], by: str, acts: QuerySet[Act]) -> dict[Any, CountRow]:
    field_name = "start_date" if by == "month" else "country"
    fold = _fold(by)
    rows: dict[Any, CountRow] = {}

    def row_for(value: Any) -> CountRow:
        key = fold(value)
        if key not in rows:
            label = key.strftime("%Y-%m") if by == "month" else country_name(key)
            rows[key] = CountRow(key=str(key), label=label)
        return rows[key]

    for entry in events.values(field_name).annotate(
        n=Count("pk"), n_verified=Count("pk", filter=Q(verification=Verification.VERIFIED))
    ):
        row = row_for(entry[field_name])
        row.events += entry["n"]
        row.verified += entry["n_verified"]
    for value, count in acts.order_by().values_list(f"event__{field_name}").annotate(n=Count("pk")):
        row_for(value).acts += count
    for value, outcome, population, low, high in (
        Casualty.objects.filter(event__in=events.values("pk"))
        .filter(Q(population="all") | Q(population="children", outcome="killed"))
        .order_by()
        .values_list(f"event__{field_name}", "outcome", "population")
        .annotate(low=Sum("minimum"), high=Sum("maximum"))
    ):
        name = "children_killed" if population == "children" else outcome
        row = row_for(value)
        setattr(row, name, _add(getattr(row, name), (low or 0, high or 0)))
    return _by_region(rows) if by == "region" else rows


def _by_region(rows: dict[Any, CountRow]) -> dict[Any, CountRow]:
    merged: dict[Any, CountRow] = {}
    for code, row in rows.items():
        region = region_of(code)
        key = region.code if region else "other"
        label = region.display_name if region else "—"
        target = merged.setdefault(key, CountRow(key=key, label=label))
        target.events += row.events
        target.verified += row.verified
        target.acts += row.acts
        target.killed = _add(target.killed, row.killed)
        target.injured = _add(target.injured, row.injured)
        target.children_killed = _add(target.children_killed, row.children_killed)
    return merged


def _by_term(events: QuerySet[Event], by: str) -> dict[Any, CountRow]:
    """Counts by type of act or of perpetrator, aggregated in the database; the casualty ranges
    of each type sum the ranges of the distinct events that have it."""
    links: QuerySet[Any, Any]
    if by == "act_type":
        links = Act.objects.filter(event__in=events.values("pk"))
        key, event_field, act_field = "type_id", "event_id", "pk"
    else:
        links = Involvement.objects.filter(act__event__in=events.values("pk"))
        key, event_field, act_field = "perpetrator_type_id", "act__event_id", "act_id"
    verified = Q(**{event_field.replace("_id", "__verification"): Verification.VERIFIED})
    grouped = (
        links.order_by()
        .values(key)
        .annotate(
            n_events=Count(event_field, distinct=True),
            n_verified=Count(event_field, distinct=True, filter=verified),
            n_acts=Count(act_field, distinct=True),
        )
    )
    terms = Term.objects.in_bulk([row[key] for row in grouped])
    rows: dict[Any, CountRow] = {
        row[key]: CountRow(
            key=terms[row[key]].code,
            label=terms[row[key]].display_label,
            events=row["n_events"],
            verified=row["n_verified"],
            acts=row["n_acts"],
        )
        for row in grouped
    }
    ranges: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for event_id, outcome, population, low, high in (
        Casualty.objects.filter(event__in=events.values("pk"))
        .filter(Q(population="all") | Q(population="children", outcome="killed"))
        .values_list("event_id", "outcome", "population", "minimum", "maximum")
    ):
        name = "children_killed" if population == "children" else outcome
        ranges[event_id][name] = (low, high)
    for term_id, event_id in links.order_by().values_list(key, event_field).distinct():
        row = rows[term_id]
        for name, pair in ranges.get(event_id, {}).items():
            setattr(row, name, _add(getattr(row, name), pair))
    return rows


def region_options(*, user: Any) -> list[tuple[str, str]]:
    countries = readable_countries(user)
    return [
        (region.code, region.display_name)
        for region in regions()
        if any(country.code in countries for country in region.countries)
    ]


def country_options(*, user: Any) -> list[tuple[str, str]]:
    return sorted(
        ((code, country_name(code)) for code in readable_countries(user)), key=lambda p: p[1]
    )


# --- exports ---------------------------------------------------------------------------------


def events_for_export(*, user: Any, filters: EventFilters | None = None) -> QuerySet[Event]:
    return _full_event().filter(pk__in=event_list(user=user, filters=filters).values("pk"))


def events_awaiting_verification(*, user: Any) -> QuerySet[Event]:
    """For an officer's home page: their countries' events not yet verified, oldest first."""
    return Event.objects.filter(
        country__in=officer_countries(user),
        verification__in=(Verification.REPORTED, Verification.PENDING),
    ).order_by("start_date", "pk")
