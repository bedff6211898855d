"""The counts kept beside the records (`Tally`), so the analysis reads a few hundred rows instead
of millions of acts, and stays exact.

An event contributes to the rows of its country, month and verification state: one row for the
events themselves, and one row per type of act and per type of perpetrator it has. The services
call `tally_change` around every write to an event: what the event contributed before is taken
away and what it contributes now is added, in the same transaction and under a lock on each
month touched (the `TallyMonth` row), so two officers editing the same month queue up instead of
losing each other's counts. `tally_rebuild` recounts everything from the records (after a bulk
load, or to check: `tutela violations_tallies --check`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from tutela.violations.models import (
    Act,
    Casualty,
    Event,
    Involvement,
    Tally,
    TallyDimension,
    TallyMonth,
    quarter_of,
)

# The measures a row keeps, in this order.
MEASURES = (
    "events",
    "acts",
    "killed_min",
    "killed_max",
    "injured_min",
    "injured_max",
    "children_killed_min",
    "children_killed_max",
    "late_verifications",
)
Key = tuple[str, date, str, str, int | None]  # country, month, verification, dimension, term
Contribution = dict[Key, list[int]]

_CASUALTY_COLUMNS = {
    ("killed", "all"): 2,
    ("injured", "all"): 4,
    ("killed", "children"): 6,
}


def _zero() -> list[int]:
    return [0] * len(MEASURES)


def contributions(events: QuerySet[Event]) -> Contribution:
    """What the given events add to the tallies (four queries, whatever their number)."""
    found: Contribution = defaultdict(_zero)
    meta: dict[int, tuple[str, date, str]] = {}
    late: set[int] = set()
    for pk, country, start, verification, tier2_on in events.order_by().values_list(
        "pk", "country", "start_date", "verification", "tier2_verified_on"
    ):
        meta[pk] = (country, start.replace(day=1), verification)
        if tier2_on is not None and quarter_of(tier2_on) > quarter_of(start):
            late.add(pk)
    if not meta:
        return {}
    ids = events.values("pk")
    ranges: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for event_id, outcome, population, low, high in (
        Casualty.objects.filter(event__in=ids)
        .order_by()
        .values_list("event_id", "outcome", "population", "minimum", "maximum")
    ):
        column = _CASUALTY_COLUMNS.get((outcome, population))
        if column is not None:
            ranges[event_id].append((column, low, high))

    def add(key: Key, event_id: int, acts: int) -> None:
        row = found[key]
        row[0] += 1
        row[1] += acts
        row[8] += event_id in late
        for column, low, high in ranges.get(event_id, ()):
            row[column] += low
            row[column + 1] += high

    acts_of: dict[int, int] = defaultdict(int)
    for term_id, event_id, acts in (
        Act.objects.filter(event__in=ids)
        .order_by()
        .values_list("type_id", "event_id")
        .annotate(n=Count("pk"))
    ):
        country, month, verification = meta[event_id]
        add((country, month, verification, TallyDimension.ACT_TYPE, term_id), event_id, acts)
        acts_of[event_id] += acts
    for term_id, event_id, acts in (
        Involvement.objects.filter(act__event__in=ids)
        .order_by()
        .values_list("perpetrator_type_id", "act__event_id")
        .annotate(n=Count("act_id", distinct=True))
    ):
        country, month, verification = meta[event_id]
        add(
            (country, month, verification, TallyDimension.PERPETRATOR_TYPE, term_id),
            event_id,
            acts,
        )
    for event_id, (country, month, verification) in meta.items():
        key: Key = (country, month, verification, TallyDimension.EVENT, None)
        add(key, event_id, acts_of.get(event_id, 0))
    return dict(found)


def event_contribution(event: Event) -> Contribution:
    return contributions(Event.objects.filter(pk=event.pk))


def _lock_months(months: Iterable[tuple[str, date]]) -> None:
    """Lock each month's row, in one order, so concurrent writers never deadlock."""
    for country, month in sorted(set(months)):
        TallyMonth.objects.get_or_create(country=country, month=month)
        TallyMonth.objects.select_for_update().filter(country=country, month=month).get()


def _key_of(row: Tally) -> Key:
    return (row.country, row.month, row.verification, row.dimension, row.term_id)


def tally_change(before: Contribution, after: Contribution) -> None:
    """Replace an event's contribution `before` by `after` (either may be empty). Must run
    inside the transaction of the write, with the event's row locked."""
    delta: Contribution = defaultdict(_zero)
    for sign, contribution in ((-1, before), (1, after)):
        for key, values in contribution.items():
            change = delta[key]
            for index, value in enumerate(values):
                change[index] += sign * value
    changed = {key: values for key, values in delta.items() if any(values)}
    if not changed:
        return
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover — a misuse
        raise RuntimeError("tally_change must run inside the write's transaction")
    months = {(key[0], key[1]) for key in changed}
    _lock_months(months)
    existing: dict[Key, Tally] = {}
    month_filter = Q()
    for country, month in months:
        month_filter |= Q(country=country, month=month)
    for kept in Tally.objects.filter(month_filter):
        existing[_key_of(kept)] = kept
    to_update: list[Tally] = []
    to_delete: list[int] = []
    to_create: list[Tally] = []
    for key, values in changed.items():
        row = existing.get(key)
        if row is None:
            row = Tally(
                country=key[0], month=key[1], verification=key[2], dimension=key[3], term_id=key[4]
            )
            for name in MEASURES:
                setattr(row, name, 0)
        totals = [getattr(row, name) + value for name, value in zip(MEASURES, values, strict=True)]
        if min(totals) < 0:
            raise RuntimeError(f"tally {key} would fall below zero: run violations_tallies")
        for name, total in zip(MEASURES, totals, strict=True):
            setattr(row, name, total)
        if row.pk is None:
            to_create.append(row)
        elif totals[0] == 0:
            to_delete.append(row.pk)
        else:
            to_update.append(row)
    if to_delete:
        Tally.objects.filter(pk__in=to_delete).delete()
    if to_update:
        Tally.objects.bulk_update(to_update, list(MEASURES))
    if to_create:
        Tally.objects.bulk_create(to_create)


def _rows(contribution: Contribution) -> list[Tally]:
    rows = []
    for (country, month, verification, dimension, term_id), values in contribution.items():
        rows.append(
            Tally(
                country=country,
                month=month,
                verification=verification,
                dimension=dimension,
                term_id=term_id,
                **dict(zip(MEASURES, values, strict=True)),
            )
        )
    return rows


def tally_rebuild() -> int:
    """Recount every tally from the records; returns the number of rows written."""
    written = 0
    with transaction.atomic():
        Tally.objects.all().delete()
        years: dict[str, set[int]] = defaultdict(set)
        for country, year in (
            Event.objects.order_by().values_list("country", "start_date__year").distinct()
        ):
            years[country].add(year)
        for country in sorted(years):
            for year in sorted(years[country]):
                events = Event.objects.filter(country=country, start_date__year=year)
                rows = _rows(contributions(events))
                Tally.objects.bulk_create(rows, batch_size=2000)
                TallyMonth.objects.bulk_create(
                    [TallyMonth(country=country, month=month) for month in {r.month for r in rows}],
                    ignore_conflicts=True,
                )
                written += len(rows)
    return written


def tally_differences() -> list[str]:
    """Rows where the kept tallies and a recount from the records disagree (empty: exact)."""
    kept: Contribution = defaultdict(_zero)
    for row in Tally.objects.all():
        kept[_key_of(row)] = [getattr(row, name) for name in MEASURES]
    counted: Contribution = {}
    for country, year in (
        Event.objects.order_by().values_list("country", "start_date__year").distinct()
    ):
        counted.update(contributions(Event.objects.filter(country=country, start_date__year=year)))
    return [
        f"{key}: kept {kept.get(key)}, counted {counted.get(key)}"
        for key in sorted(set(kept) | set(counted), key=str)
        if kept.get(key, _zero()) != counted.get(key, _zero())
    ]
