"""The N+1 guard: warm up, count the queries, add 20 rows, the count must not change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured.captured_queries)


def assert_constant_queries(
    fetch: Callable[[], Any], add_rows: Callable[[int], Any], *, expected: int | None = None
) -> int:
    """Assert that `fetch` costs the same number of queries before and after 20 more rows.

    `expected` pins the exact count, so a new query anywhere in the view is noticed.
    """
    fetch()  # warm up caches (content types, sessions, translations)
    before = count_queries(fetch)
    add_rows(20)
    after = count_queries(fetch)
    assert before == after, f"{before} queries before adding 20 rows, {after} after"
    if expected is not None:
        assert after == expected, f"expected {expected} queries, counted {after}"
    return after
