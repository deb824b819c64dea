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

from dedup.shingle import ShingleBatch

__all__ = ["PairScores", "ShingleStore", "exact_scores", "score_pairs"]


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


def score_pairs(store: ShingleStore, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact Jaccard and containment (of the shorter) for each row ``(a, b)`` of ``pairs``."""
    jaccard = np.zeros(len(pairs))
    containment = np.zeros(len(pairs))
    for row, (a, b) in enumerate(pairs):
        scores = exact_scores(store.get_set(int(a)), store.get_set(int(b)))
        jaccard[row], containment[row] = scores.jaccard, scores.containment
    return jaccard, containment
