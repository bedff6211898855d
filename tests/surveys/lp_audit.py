"""An attacker's view of a protected table: for each suppressed cell, the interval it can take
given every published value, the table's additivity and non-negativity (a linear program
solved by HiGHS through scipy)."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from tutela.surveys.disclosure import ProtectedTable


def feasible_intervals(table: ProtectedTable) -> dict[tuple[int, int], tuple[float, float]]:
    augmented = table.augmented
    n_rows, n_columns = augmented.shape
    count = n_rows * n_columns

    def index(row: int, column: int) -> int:
        return row * n_columns + column

    equations = []
    for row in range(n_rows):
        line = np.zeros(count)
        for column in range(n_columns - 1):
            line[index(row, column)] = 1
        line[index(row, n_columns - 1)] = -1
        equations.append(line)
    for column in range(n_columns):
        line = np.zeros(count)
        for row in range(n_rows - 1):
            line[index(row, column)] = 1
        line[index(n_rows - 1, column)] = -1
        equations.append(line)
    a_eq = np.array(equations)
    b_eq = np.zeros(len(equations))
    suppressed = table.suppressed
    bounds = [
        (0.0, None)
        if suppressed[row, column]
        else (float(augmented[row, column]), float(augmented[row, column]))
        for row in range(n_rows)
        for column in range(n_columns)
    ]
    intervals: dict[tuple[int, int], tuple[float, float]] = {}
    for row, column in zip(*np.nonzero(suppressed), strict=True):
        objective = np.zeros(count)
        objective[index(int(row), int(column))] = 1
        low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        assert low.status == 0, low.message
        upper = np.inf if high.status == 3 else -high.fun
        intervals[(int(row), int(column))] = (float(low.fun), float(upper))
    return intervals
