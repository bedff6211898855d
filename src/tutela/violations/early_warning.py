"""The early-warning score of a country for a quarter, and the watchlist.

Method (documented in docs/violations.md):

* Ratings, 0 to 70 points: each of the 14 risk factors of the Framework of Analysis for Atrocity
  Crimes is rated 0 (not present) to 3 (high) for the country and quarter; a factor not yet
  rated in the quarter keeps its rating of the previous quarter. Points = 70 x sum / 42.
* Event trend, 0 to 30 points: events recorded in the quarter (excluding those found not to have
  occurred) against the mean of the four quarters before. Points = 30 x (ratio - 1), between 0
  and 30 (a doubling gives the full 30); with no event before, 15 points if there are events now.
* Watchlist: a score of 50 or more, or any of the specific risk factors (10 to 14) rated high.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

RATING_POINTS = 70
TREND_POINTS = 30
MAX_LEVEL = 3
FACTORS = [str(number) for number in range(1, 15)]
SPECIFIC_FACTORS = {"10", "11", "12", "13", "14"}
WATCH_SCORE = 50
HIGH = 3

QUARTER_PATTERN = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str | None, default: date) -> Quarter:
        match = QUARTER_PATTERN.match(text or "")
        if match is None or not 2000 <= int(match.group(1)) <= 2100:
            return cls.of(default)
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def back(self, count: int) -> list[Quarter]:
        """The `count` quarters before this one, most recent first."""
        found, current = [], self
        for _step in range(count):
            current = current.previous
            found.append(current)
        return found


@dataclass
class CountryScore:
    country: str
    name: str
    region: str
    quarter: Quarter
    levels: dict[str, int] = field(default_factory=dict)
    carried: set[str] = field(default_factory=set)
    events: int = 0
    previous_mean: float = 0.0
    rating_points: float = 0.0
    trend_points: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return round(self.rating_points + self.trend_points)

    @property
    def watch(self) -> bool:
        return bool(self.reasons)


def score(
    entry: CountryScore,
    *,
    current: dict[str, int],
    previous: dict[str, int],
    events_now: int,
    events_before: list[int],
) -> CountryScore:
    levels = {**previous, **current}
    entry.levels = levels
    entry.carried = set(previous) - set(current)
    entry.rating_points = RATING_POINTS * sum(levels.values()) / (MAX_LEVEL * len(FACTORS))
    entry.events = events_now
    entry.previous_mean = sum(events_before) / len(events_before) if events_before else 0.0
    if entry.previous_mean == 0:
        entry.trend_points = TREND_POINTS / 2 if events_now else 0.0
    else:
        ratio = events_now / entry.previous_mean
        entry.trend_points = max(0.0, min(float(TREND_POINTS), TREND_POINTS * (ratio - 1)))
    entry.reasons = []
    if entry.score >= WATCH_SCORE:
        entry.reasons.append("score")
    if any(levels.get(code) == HIGH for code in SPECIFIC_FACTORS):
        entry.reasons.append("specific_factor_high")
    return entry
