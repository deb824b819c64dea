"""Exact set sizes of fingerprint sets, and a disk-backed store to verify pairs from.

Verification counts, for each pair, the shingles and the figure tokens the two fingerprint sets
share (:class:`~dedup.relation.PairCounts`); :mod:`dedup.relation` turns them into Jaccard,
containment and a relation. The batch job keeps every article's fingerprints (not its text)
in a :class:`ShingleStore`: a
temporary file read back with ``pread`` for the articles that appear in candidate pairs, so memory
stays bounded however large the feed; the operating system's page cache keeps small runs fast.
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from dedup import jit
from dedup.arrays import unique_sorted
from dedup.relation import PairCounts
from dedup.shingle import FIGURE_TAG, ShingleBatch

__all__ = [
    "PairScores",
    "ShingleStore",
    "counts_among",
    "exact_scores",
    "intersection_sizes",
    "score_pairs",
    "set_counts",
]


@dataclass(frozen=True, slots=True)
class PairScores:
    """Exact scores of one pair of fingerprint sets."""

    jaccard: float
    containment: float  # |A ∩ B| / min(|A|, |B|): share of the shorter found in the longer
    containment_a_in_b: float
    containment_b_in_a: float
    counts: PairCounts  # the set sizes behind them (what a RelationRule classifies)


def exact_scores(set_a: np.ndarray, set_b: np.ndarray) -> PairScores:
    """Scores of two sorted arrays of distinct fingerprints (shingles and figure tokens).

    :meth:`dedup.shingle.ShingleBatch.fingerprints` gives them so.
    """
    counts = counts_among([set_a, set_b], np.array([0]), np.array([1]))
    return PairScores(
        jaccard=float(counts.jaccard[0]),
        containment=float(counts.containment[0]),
        containment_a_in_b=float(counts.containment_a_in_b[0]),
        containment_b_in_a=float(counts.containment_b_in_a[0]),
        counts=counts,
    )


def counts_among(sets: list[np.ndarray], a: np.ndarray, b: np.ndarray) -> PairCounts:
    """:func:`set_counts` of the pairs ``(sets[a[i]], sets[b[i]])`` of a list of sets."""
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in sets], out=offsets[1:])
    values = np.concatenate([np.zeros(0, np.uint32), *sets])
    return set_counts(values, offsets, a, b)


def set_counts(values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray) -> PairCounts:
    """Exact :class:`PairCounts` of the pairs of sets ``(a[i], b[i])``.

    Set ``d`` is ``values[offsets[d]:offsets[d + 1]]``: sorted distinct fingerprints, figure
    tokens tagged by their low bit (:data:`dedup.shingle.FIGURE_TAG`).
    """
    values = np.ascontiguousarray(values, dtype=np.uint32)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    shared, figures_shared = intersection_sizes(values, offsets, a, b)
    tagged = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values & FIGURE_TAG, out=tagged[1:])
    figures = tagged[offsets[1:]] - tagged[offsets[:-1]]
    sizes = np.diff(offsets)
    return PairCounts(
        shared=shared - figures_shared,
        size_a=sizes[a] - figures[a],
        size_b=sizes[b] - figures[b],
        figures_shared=figures_shared,
        figures_a=figures[a],
        figures_b=figures[b],
    )


class ShingleStore:
    """Append-only store of each document's shingle hashes, in a temporary file.

    Documents are numbered in the order they were appended. Use as a context manager (or call
    :meth:`close`) to delete the file.
    """

    def __init__(self, directory: str | None = None, cache_size: int = 4096) -> None:
        self._file = tempfile.TemporaryFile(prefix="dedup-shingles-", dir=directory)  # noqa: SIM115
        self._offsets: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        self._end = 0
        self._flat_offsets: np.ndarray | None = None
        self._cache: OrderedDict[int, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def __enter__(self) -> ShingleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Delete the backing file."""
        self._file.close()

    def __len__(self) -> int:
        return sum(len(o) for o in self._offsets) - 1

    def append(self, batch: ShingleBatch) -> None:
        """Add the documents of ``batch`` as fingerprint sets (uint32 values; one write).

        ``batch`` may hold 64-bit shingle hashes (made into fingerprints here) or fingerprints
        already (:meth:`ShingleBatch.fingerprints`).
        """
        batch = batch.fingerprints() if batch.hashes.dtype != np.uint32 else batch.distinct()
        self._file.seek(0, os.SEEK_END)
        self._file.write(np.ascontiguousarray(batch.hashes, dtype="<u4").tobytes())
        self._offsets.append(batch.offsets[1:] + self._end)
        self._end += int(batch.offsets[-1])
        self._flat_offsets = None

    def _bounds(self) -> np.ndarray:
        if self._flat_offsets is None:
            self._file.flush()
            self._flat_offsets = np.concatenate(self._offsets)
        return self._flat_offsets

    def get_set(self, doc: int) -> np.ndarray:
        """Sorted distinct fingerprints (shingles and figure tokens) of document ``doc``."""
        cached = self._cache.get(doc)
        if cached is not None:
            self._cache.move_to_end(doc)
            return cached
        bounds = self._bounds()
        lo, hi = int(bounds[doc]), int(bounds[doc + 1])
        raw = os.pread(self._file.fileno(), (hi - lo) * 4, lo * 4)
        result = np.frombuffer(raw, dtype="<u4")
        self._cache[doc] = result
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return result


def intersection_sizes(
    values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each i, ``|set a[i] ∩ set b[i]|`` and how many of those carry :data:`FIGURE_TAG`.

    Set ``d`` is ``values[offsets[d]:offsets[d + 1]]``, sorted and distinct.
    """
    if jit.numba is not None:
        return jit.intersection_sizes(values, offsets, a, b, FIGURE_TAG)
    shared = np.zeros(len(a), dtype=np.int64)
    figures = np.zeros(len(a), dtype=np.int64)
    for row, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        set_x, set_y = values[offsets[x] : offsets[x + 1]], values[offsets[y] : offsets[y + 1]]
        both = np.intersect1d(set_x, set_y, assume_unique=True)
        shared[row], figures[row] = len(both), np.count_nonzero(both & FIGURE_TAG)
    return shared, figures


def score_pairs(store: ShingleStore, pairs: np.ndarray, block: int = 1 << 14) -> PairCounts:
    """Exact :class:`PairCounts` for each row ``(a, b)`` of ``pairs``.

    Pairs are scored ``block`` at a time: the sets of the block's documents are read once, then
    all its intersections are counted in one call.
    """
    parts = []
    for lo in range(0, len(pairs), block):
        rows = pairs[lo : lo + block]
        docs = unique_sorted(rows.ravel())
        sets = [store.get_set(int(d)) for d in docs]
        a, b = np.searchsorted(docs, rows[:, 0]), np.searchsorted(docs, rows[:, 1])
        parts.append(counts_among(sets, a, b))
    return PairCounts.concat(parts)
