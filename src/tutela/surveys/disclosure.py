"""Statistical disclosure control of published tables (DESIGN §3.5, seed 003's criteria).

A table is a grid of cells with its row totals, column totals and grand total. Primary
suppression hides each *sensitive* cell (margins included):

- frequency tables: a count of respondents between 1 and `threshold - 1`;
- magnitude tables: fewer than `threshold` contributors, or the `dominance_n` largest
  contributors making more than `dominance_k` per cent of the cell (the (n,k) rule).

Secondary suppression then hides more cells so that no sensitive cell can be recomputed —
or narrowed to less than its protection width — from what is published, and no cell hidden
to protect it can be narrowed below its own width either. It works on the
table *with* its margins: flipping the sign of the total row and column turns the margined
table into one whose rows and columns all add up to zero, so adding +d, -d, -d, +d at the four
corners of any rectangle leaves every equation true. When all four corners are suppressed, a
reader who knows every published value cannot tell d apart from 0, and the range of d keeping
every corner non-negative is a lower bound of the interval the cell can take (the test
suite checks this bound with a linear program). For each sensitive cell, the cheapest such
rectangle wide enough is chosen; a rectangle through the margins is always wide enough (its
corners can all grow without limit) and is used when no inner one is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


class Kind(StrEnum):
    FREQUENCY = "frequency"
    MAGNITUDE = "magnitude"


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"  # sensitive: below the threshold or dominated
    SECONDARY = "secondary"  # hidden to protect a sensitive cell


@dataclass(frozen=True)
class Rules:
    """The disclosure policy's numbers (DisclosurePolicy holds them per survey)."""

    threshold: int = 3
    dominance_n: int = 2
    dominance_k: float = 85.0
    # The narrowest interval a reader may be able to pin a sensitive cell to: an absolute
    # width, and for magnitudes also a share of the cell's value.
    protection: float = 3.0
    protection_percent: float = 10.0

    def required_width(self, kind: Kind, value: float) -> float:
        if kind is Kind.MAGNITUDE:
            return max(self.protection, abs(value) * self.protection_percent / 100)
        return self.protection


@dataclass
class Table:
    """A table before control: inner values, and each inner cell's contributions (for
    magnitudes: one value per respondent; for frequencies the count itself)."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    values: NDArray[np.float64]
    kind: Kind = Kind.FREQUENCY
    contributions: list[list[list[float]]] | None = None
    unit: str = ""


@dataclass
class ProtectedTable:
    """The augmented table (inner cells, row totals in the last column, column totals in the
    last row, grand total in the corner) and what may be published of it."""

    title: str
    row_labels: list[str]
    column_labels: list[str]
    augmented: NDArray[np.float64]
    status: NDArray[np.str_]
    kind: Kind
    rules: Rules
    unit: str = ""
    # For each sensitive cell (row, column) the rectangle that protects it and its width.
    protections: dict[tuple[int, int], tuple[tuple[int, int, int, int], float]] = field(
        default_factory=dict
    )

    @property
    def suppressed(self) -> NDArray[np.bool_]:
        return np.asarray(self.status != Status.PUBLISHED.value, dtype=bool)

    def published_value(self, row: int, column: int) -> float | None:
        if self.status[row, column] != Status.PUBLISHED.value:
            return None
        return float(self.augmented[row, column])

    def cells(self) -> list[list[float | None]]:
        """Every cell with margins as published: None where suppressed."""
        rows, columns = self.augmented.shape
        return [[self.published_value(r, c) for c in range(columns)] for r in range(rows)]

    @property
    def suppressed_count(self) -> int:
        return int(self.suppressed.sum())


def augment(values: NDArray[np.float64]) -> NDArray[np.float64]:
    rows, columns = values.shape
    augmented = np.zeros((rows + 1, columns + 1))
    augmented[:rows, :columns] = values
    augmented[:rows, columns] = values.sum(axis=1)
    augmented[rows, :columns] = values.sum(axis=0)
    augmented[rows, columns] = values.sum()
    return augmented


def _dominated(contributions: Sequence[float], rules: Rules) -> bool:
    total = sum(contributions)
    if total <= 0:
        return False
    largest = sorted(contributions, reverse=True)[: rules.dominance_n]
    return sum(largest) > total * rules.dominance_k / 100


def primary_sensitive(table: Table, rules: Rules) -> NDArray[np.bool_]:
    """Which cells of the augmented table are sensitive in themselves."""
    augmented = augment(table.values)
    rows, columns = table.values.shape
    if table.kind is Kind.FREQUENCY:
        return (augmented > 0) & (augmented < rules.threshold)
    sensitive = np.zeros(augmented.shape, dtype=bool)
    contributions = table.contributions or [[[] for _ in range(columns)] for _ in range(rows)]
    # Contributions of the margins: everything in the row, column, table.
    grid: list[list[list[float]]] = [
        [list(contributions[r][c]) for c in range(columns)] + [[]] for r in range(rows)
    ]
    grid.append([[] for _ in range(columns + 1)])
    for r in range(rows):
        for c in range(columns):
            grid[r][columns].extend(contributions[r][c])
            grid[rows][c].extend(contributions[r][c])
            grid[rows][columns].extend(contributions[r][c])
    for r in range(rows + 1):
        for c in range(columns + 1):
            cell = [value for value in grid[r][c] if value != 0]
            if not cell:
                continue
            sensitive[r, c] = len(cell) < rules.threshold or _dominated(cell, rules)
    return sensitive


def _signs(shape: tuple[int, int]) -> NDArray[np.float64]:
    """+1 on inner cells and the grand total, -1 on the row and column totals."""
    rows, columns = shape
    row_sign = np.ones(rows)
    row_sign[-1] = -1
    column_sign = np.ones(columns)
    column_sign[-1] = -1
    return np.outer(row_sign, column_sign)


def protect(table: Table, rules: Rules | None = None) -> ProtectedTable:
    """Apply primary and secondary suppression; the result says what may be published."""
    rules = rules or Rules()
    augmented = augment(np.asarray(table.values, dtype=float))
    shape = augmented.shape
    n_rows, n_columns = shape
    sensitive = primary_sensitive(table, rules)
    suppressed = sensitive.copy()
    signs = _signs((n_rows, n_columns))
    # Hiding a margin costs more than hiding an inner cell: readers want the totals.
    margin_penalty = float(augmented.max(initial=0.0)) * 2 + 10
    extra = np.zeros(shape)
    extra[-1, :] = margin_penalty
    extra[:, -1] = margin_penalty
    cost_of = augmented + extra + 1
    required = (
        np.maximum(rules.protection, np.abs(augmented) * rules.protection_percent / 100)
        if table.kind is Kind.MAGNITUDE
        else np.full(shape, rules.protection)
    )
    protections: dict[tuple[int, int], tuple[tuple[int, int, int, int], float]] = {}
    # Protect the largest sensitive cells first: they need the widest rectangles.
    order = sorted(zip(*np.nonzero(sensitive), strict=True), key=lambda rc: -augmented[rc])
    for r, c in order:
        r, c = int(r), int(c)
        needed = rules.required_width(table.kind, float(augmented[r, c]))
        # Corners (r, c), (r, c2), (r2, c), (r2, c2) for every other r2 and c2: when the
        # sensitive cell moves by +d, each other corner moves by its sign times d.
        own_sign = signs[r, c]
        sign_r_c2 = (-signs[r, :] * own_sign)[None, :]
        sign_r2_c = (-signs[:, c] * own_sign)[:, None]
        sign_r2_c2 = signs * own_sign
        # d can grow until a corner moving down reaches zero, and shrink until one moving up
        # does (the sensitive cell itself moves up, so d >= -its value).
        up = np.full(shape, np.inf)
        down = np.full(shape, float(augmented[r, c]))
        for corner_sign, corner_value in (
            (sign_r_c2, augmented[r, :][None, :]),
            (sign_r2_c, augmented[:, c][:, None]),
            (sign_r2_c2, augmented),
        ):
            sign_grid = np.broadcast_to(corner_sign, shape)
            value_grid = np.broadcast_to(corner_value, shape)
            up = np.where(sign_grid < 0, np.minimum(up, value_grid), up)
            down = np.where(sign_grid > 0, np.minimum(down, value_grid), down)
        width = up + down
        cost = (
            np.where(suppressed[r, :], 0.0, cost_of[r, :])[None, :]
            + np.where(suppressed[:, c], 0.0, cost_of[:, c])[:, None]
            + np.where(suppressed, 0.0, cost_of)
        )
        # Every corner moves by the same d, so each gets an interval at least `width` wide:
        # a corner hidden now must be protected by that width as well (a large magnitude
        # needs its own share), while corners hidden before already have their rectangle.
        needed_at = np.maximum(
            np.maximum(
                np.where(suppressed[r, :], needed, np.maximum(needed, required[r, :]))[None, :],
                np.where(suppressed[:, c], needed, required[:, c])[:, None],
            ),
            np.where(suppressed, 0.0, required),
        )
        valid = width >= needed_at
        valid[r, :] = False
        valid[:, c] = False
        if not valid.any():  # pragma: no cover — the margins' rectangle is always valid
            suppressed[:, :] = True
            continue
        cost = np.where(valid, cost, np.inf)
        best = int(np.argmin(cost))
        r2, c2 = best // n_columns, best % n_columns
        for cell in ((r, c2), (r2, c), (r2, c2)):
            suppressed[cell] = True
        protections[(r, c)] = ((r, c, r2, c2), float(width[r2, c2]))
    status = np.full(shape, Status.PUBLISHED.value, dtype="<U9")
    status[suppressed] = Status.SECONDARY.value
    status[sensitive] = Status.PRIMARY.value
    return ProtectedTable(
        title=table.title,
        row_labels=list(table.row_labels),
        column_labels=list(table.column_labels),
        augmented=augmented,
        status=status,
        kind=table.kind,
        rules=rules,
        unit=table.unit,
        protections=protections,
    )
