"""Exact Jaccard and containment of shingle sets, and a disk-backed store to verify pairs from.

The batch job keeps every article's shingle hashes (not its text) in a :class:`ShingleStore`: a
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
from dedup.shingle import ShingleBatch

__all__ = ["PairScores", "ShingleStore", "exact_scores", "intersection_sizes", "score_pairs"]


@dataclass(frozen=True, slots=True)
class PairScores:
    """Exact scores of one pair of shingle sets."""

    jaccard: float
    containment: float  # |A ∩ B| / min(|A|, |B|): share of the shorter found in the longer
    containment_a_in_b: float
    containment_b_in_a: float


def exact_scores(set_a: np.ndarray, set_b: np.ndarray) -> PairScores:
    """Scores of two sorted arrays of distinct shingle fingerprints.

    :meth:`dedup.shingle.ShingleBatch.fingerprints` gives them so.
    """
    if len(set_a) == 0 or len(set_b) == 0:
        return PairScores(0.0, 0.0, 0.0, 0.0)
    inter = len(np.intersect1d(set_a, set_b, assume_unique=True))
    union = len(set_a) + len(set_b) - inter
    return PairScores(
        jaccard=inter / union,
        containment=inter / min(len(set_a), len(set_b)),
        containment_a_in_b=inter / len(set_a),
        containment_b_in_a=inter / len(set_b),
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
        """Add the documents of ``batch`` as 32-bit fingerprint sets (one write).

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
        """Sorted distinct 32-bit shingle fingerprints of document ``doc``."""
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
) -> np.ndarray:
    """``|set a[i] ∩ set b[i]|`` for each i; set ``d`` is ``values[offsets[d]:offsets[d + 1]]``,
    sorted and distinct."""
    if jit.numba is not None:
        return jit.intersection_sizes(values, offsets, a, b)
    sizes = np.zeros(len(a), dtype=np.int64)
    for row, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        set_x, set_y = values[offsets[x] : offsets[x + 1]], values[offsets[y] : offsets[y + 1]]
        sizes[row] = len(np.intersect1d(set_x, set_y, assume_unique=True))
    return sizes


def score_pairs(
    store: ShingleStore, pairs: np.ndarray, block: int = 1 << 16
) -> tuple[np.ndarray, np.ndarray]:
    """Exact Jaccard and containment (of the shorter) for each row ``(a, b)`` of ``pairs``.

    Pairs are scored ``block`` at a time: the sets of the block's documents are read once, then
    all its intersections are counted in one call.
    """
    jaccard = np.zeros(len(pairs))
    containment = np.zeros(len(pairs))
    for lo in range(0, len(pairs), block):
        rows = pairs[lo : lo + block]
        docs = unique_sorted(rows.ravel())
        sets = [store.get_set(int(d)) for d in docs]
        offsets = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum([len(x) for x in sets], out=offsets[1:])
        values = np.concatenate([np.zeros(0, np.uint32), *sets])
        a, b = np.searchsorted(docs, rows[:, 0]), np.searchsorted(docs, rows[:, 1])
        inter = intersection_sizes(values, offsets, a, b)
        size_a, size_b = offsets[a + 1] - offsets[a], offsets[b + 1] - offsets[b]
        with np.errstate(invalid="ignore", divide="ignore"):
            jac = inter / (size_a + size_b - inter)
            con = inter / np.minimum(size_a, size_b)
        jaccard[lo : lo + block] = np.nan_to_num(jac)
        containment[lo : lo + block] = np.nan_to_num(con)
    return jaccard, containment
