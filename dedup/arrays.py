"""Small numpy helpers shared by the hashing stages and the index."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

__all__ = ["range_indexes", "split_at", "unique_counts", "unique_sorted"]


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array.

    Sort-based: for large uint64 arrays it is more than 100 times faster than ``np.unique``,
    which in numpy 2.x takes a hash-table path (3 M values: 0.02 s against 3 s here).
    """
    out = np.sort(values)
    if len(out) < 2:
        return out
    fresh = np.empty(len(out), dtype=bool)
    fresh[0] = True
    np.not_equal(out[1:], out[:-1], out=fresh[1:])
    return out[fresh]


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values of an integer array and how often each occurs."""
    ordered = np.sort(values)
    if len(ordered) == 0:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
    counts = np.diff(np.append(starts, len(ordered)))
    return ordered[starts], counts


def split_at(joined: bytes, ends: np.ndarray) -> list[bytes]:
    """``joined`` cut into the pieces ending at ``ends`` (ascending byte offsets)."""
    return [joined[a:b] for a, b in pairwise([0, *np.asarray(ends).tolist()])]


def range_indexes(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The indexes ``starts[i] .. ends[i] - 1`` of every range, concatenated (int64)."""
    lengths = np.asarray(ends, dtype=np.int64) - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    first = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
    return first + np.arange(total)
