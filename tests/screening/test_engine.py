"""The matching engine against brute force."""

from __future__ import annotations

import numpy as np
import pytest

from tutela.screening import encoding
from tutela.screening.engine import ListingIndex


def _filters(rng: np.random.Generator, count: int) -> list[bytes]:
    fills = rng.uniform(0.2, 0.7, size=count)
    rows = rng.random((count, 1024)) < fills[:, None]
    return [bytes(row) for row in np.packbits(rows, axis=1)]


def _brute_force(listings: list[bytes], candidate: bytes, threshold: float) -> dict[int, float]:
    scores = {i: encoding.dice(candidate, listing) for i, listing in enumerate(listings)}
    return {i: score for i, score in scores.items() if score >= threshold - 1e-12}


@pytest.mark.parametrize("threshold", [0.5, 0.6, 0.78, 0.9])
def test_search_agrees_with_brute_force(threshold: float) -> None:
    rng = np.random.default_rng(7)
    listings = _filters(rng, 600)
    # Near copies of some listings, so there are matches at every threshold.
    flips = rng.random((600, 1024)) < 0.08
    near = np.packbits(
        np.unpackbits(np.frombuffer(b"".join(listings), np.uint8)).reshape(600, 1024) ^ flips,
        axis=1,
    )
    listings += [bytes(row) for row in near[:200]]
    index = ListingIndex.from_filters([1000 + i for i in range(len(listings))], listings)
    for candidate in listings[:40] + _filters(rng, 10):
        expected = _brute_force(listings, candidate, threshold)
        found = index.search(candidate, threshold, top_k=10_000)
        assert {m.listing_id - 1000 for m in found} == set(expected)
        for match in found:
            assert match.score == pytest.approx(expected[match.listing_id - 1000])
        assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_top_k_keeps_the_best() -> None:
    rng = np.random.default_rng(3)
    listings = _filters(rng, 300)
    index = ListingIndex.from_filters(list(range(300)), listings)
    everything = index.search(listings[0], 0.0, top_k=1000)
    best = index.search(listings[0], 0.0, top_k=5)
    assert [m.listing_id for m in best] == [m.listing_id for m in everything[:5]]
    assert best[0].listing_id == 0
    assert best[0].score == 1.0


def test_pruning_range_is_safe() -> None:
    index = ListingIndex.from_filters([1, 2], [bytes(128), b"\xff" * 128])
    assert index.search(bytes(128), 0.5, 5) == []
    assert index.candidate_range(0, 0.5) == (0, 0)
    assert [m.listing_id for m in index.search(b"\xff" * 128, 0.99, 5)] == [2]


def test_empty_index() -> None:
    index = ListingIndex.from_filters([], [])
    assert len(index) == 0
    assert index.search(b"\x0f" * 128, 0.5, 5) == []


def test_search_many_matches_search() -> None:
    rng = np.random.default_rng(11)
    listings = _filters(rng, 400)
    index = ListingIndex.from_filters(list(range(400)), listings)
    candidates = listings[:30]
    single = [index.search(raw, 0.6, 3) for raw in candidates]
    assert index.search_many(candidates, 0.6, 3, workers=2) == single
    assert index.search_many(candidates, 0.6, 3, workers=1) == single
