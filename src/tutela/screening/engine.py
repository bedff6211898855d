"""The matching engine: every listing's encoding held bit-packed in memory (1024 bits as sixteen
64-bit words), compared with a candidate by Dice similarity with vectorised popcount.

Listings are sorted by popcount, so the rows that cannot reach the threshold whatever their
overlap are skipped before any word is read (popcount-difference pruning, as anonlink does):
Dice(A, B) <= 2 min(|A|, |B|) / (|A| + |B|), so |B| must lie in [|A| t / (2 - t), |A| (2 - t) / t].
The rows left are scanned in cache-sized blocks, word by word (the matrix is stored one
contiguous column per word), so that no temporary larger than a block is ever made.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

WORDS = 16
BLOCK_ROWS = 65_536
GROUP_WORDS = 3
# Words read for every row; the rest only for rows that can still reach the threshold.
HALF = 8

if hasattr(np, "bitwise_count"):

    def _popcount(words: npt.NDArray[np.uint64], out: npt.NDArray[np.uint8]) -> None:
        np.bitwise_count(words, out=out)

else:  # numpy < 2.0: a byte lookup table
    _TABLE = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)

    def _popcount(words: npt.NDArray[np.uint64], out: npt.NDArray[np.uint8]) -> None:
        out[:] = _TABLE[words.view(np.uint8).reshape(-1, 8)].sum(axis=1, dtype=np.uint8)


def _count_small(words: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint8]:
    out = np.empty(words.shape[0], dtype=np.uint8)
    _popcount(np.ascontiguousarray(words), out)
    return out


def pack(raw_filters: Sequence[bytes]) -> npt.NDArray[np.uint64]:
    """(n, 16) uint64 matrix of 128-byte filters."""
    if not raw_filters:
        return np.zeros((0, WORDS), dtype=np.uint64)
    buffer = np.frombuffer(b"".join(raw_filters), dtype=np.uint64)
    return buffer.reshape(len(raw_filters), WORDS)


def popcounts(matrix: npt.NDArray[np.uint64]) -> npt.NDArray[np.int32]:
    counts = np.zeros(matrix.shape[0], dtype=np.int32)
    out = np.empty(matrix.shape[0], dtype=np.uint8)
    for word in range(matrix.shape[1]):
        _popcount(np.ascontiguousarray(matrix[:, word]), out)
        counts += out
    return counts


@dataclass(frozen=True)
class Match:
    listing_id: int
    score: float


class ListingIndex:
    """An immutable snapshot of the listings' encodings, labelled with the version it was built
    at."""

    def __init__(
        self, listing_ids: Sequence[int], matrix: npt.NDArray[np.uint64], version: str = ""
    ) -> None:
        ids = np.asarray(listing_ids, dtype=np.int64)
        counts = popcounts(matrix)
        order = np.argsort(counts, kind="stable")
        self.version = version
        self.ids = ids[order]
        self.counts = counts[order]
        self.rest_counts = popcounts(matrix[:, HALF:])[order].astype(np.int32)
        # One contiguous column per word: a block of a column stays in cache while it is used.
        self.columns = np.ascontiguousarray(matrix[order].T)

    @classmethod
    def from_filters(
        cls, listing_ids: Sequence[int], raw_filters: Sequence[bytes], version: str = ""
    ) -> ListingIndex:
        return cls(listing_ids, pack(raw_filters), version)

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    def candidate_range(self, count: int, threshold: float) -> tuple[int, int]:
        """Rows [start, stop) whose popcount lets them reach the threshold with `count` bits."""
        if count == 0:
            return 0, 0
        low = math.ceil(count * threshold / (2 - threshold) - 1e-9)
        high = (
            math.floor(count * (2 - threshold) / threshold + 1e-9) if threshold > 0 else WORDS * 64
        )
        start = int(np.searchsorted(self.counts, low, side="left"))
        stop = int(np.searchsorted(self.counts, high, side="right"))
        return start, stop

    def search(self, raw_filter: bytes, threshold: float, top_k: int) -> list[Match]:
        """Listings with Dice >= threshold, best first, at most top_k."""
        candidate = np.frombuffer(raw_filter, dtype=np.uint64)
        count = sum(int(w).bit_count() for w in candidate)
        rest = sum(int(w).bit_count() for w in candidate[HALF:])
        start, stop = self.candidate_range(count, threshold)
        found_rows: list[npt.NDArray[np.intp]] = []
        found_scores: list[npt.NDArray[np.float64]] = []
        # Scratch buffers of one block, made per call so that threads can search at once.
        anded_buffer = np.empty(BLOCK_ROWS, dtype=np.uint64)
        bits_buffer = np.empty(BLOCK_ROWS, dtype=np.uint8)
        group_buffer = np.empty(BLOCK_ROWS, dtype=np.uint8)
        overlap_buffer = np.empty(BLOCK_ROWS, dtype=np.uint16)
        for block_start in range(start, stop, BLOCK_ROWS):
            block_stop = min(block_start + BLOCK_ROWS, stop)
            size = block_stop - block_start
            overlap = overlap_buffer[:size]
            overlap[:] = 0
            anded, bits, group = anded_buffer[:size], bits_buffer[:size], group_buffer[:size]
            for first in range(0, HALF, GROUP_WORDS):
                # Up to three words' counts (<= 192) add up in uint8 before one widening add.
                for word in range(first, min(first + GROUP_WORDS, HALF)):
                    column = self.columns[word, block_start:block_stop]
                    np.bitwise_and(column, candidate[word], out=anded)
                    if word == first:
                        _popcount(anded, group)
                    else:
                        _popcount(anded, bits)
                        np.add(group, bits, out=group)
                np.add(overlap, group, out=overlap)
            counts = self.counts[block_start:block_stop]
            # The second half can add at most min(|A2|, |B2|) bits of overlap: rows that cannot
            # reach the threshold even so are dropped before their second half is read. The
            # block's smallest popcount makes this a scalar comparison (counts are sorted).
            need = math.floor(threshold * (int(counts[0]) + count) / 2 - 1e-9)
            bound = overlap + np.minimum(self.rest_counts[block_start:block_stop], rest)
            rows = np.flatnonzero(bound >= need)
            if not rows.size:
                continue
            full = overlap[rows].astype(np.int64)
            for word in range(HALF, WORDS):
                column = self.columns[word, block_start:block_stop][rows]
                full += _count_small(column & candidate[word])
            totals = counts[rows] + count
            exact = 2.0 * full >= threshold * totals - 1e-9
            if exact.any():
                found_rows.append(rows[exact] + block_start)
                found_scores.append(2.0 * full[exact] / totals[exact])
        if not found_rows:
            return []
        rows = np.concatenate(found_rows)
        scores = np.concatenate(found_scores)
        if rows.size > top_k:
            keep = np.argpartition(-scores, top_k - 1)[:top_k]
            rows, scores = rows[keep], scores[keep]
        order = np.lexsort((self.ids[rows], -scores))
        return [Match(int(self.ids[rows[i]]), float(scores[i])) for i in order]

    def search_many(
        self, raw_filters: Sequence[bytes], threshold: float, top_k: int, workers: int = 2
    ) -> list[list[Match]]:
        """search() for each filter; numpy releases the GIL, so threads use several cores."""
        if workers <= 1 or len(raw_filters) < 2:
            return [self.search(raw, threshold, top_k) for raw in raw_filters]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(lambda raw: self.search(raw, threshold, top_k), raw_filters))
