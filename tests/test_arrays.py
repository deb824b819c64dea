"""The small array helpers the hot paths share."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dedup.arrays import range_indexes, split_at, unique_counts, unique_sorted


def test_range_indexes_exact() -> None:
    starts, ends = np.array([3, 0, 7, 7]), np.array([5, 0, 9, 8])
    assert range_indexes(starts, ends).tolist() == [3, 4, 7, 8, 7]
    assert range_indexes(np.zeros(0, np.int64), np.zeros(0, np.int64)).tolist() == []


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10)), max_size=30))
def test_range_indexes_match_python_ranges(spans: list[tuple[int, int]]) -> None:
    starts = np.array([s for s, _ in spans], dtype=np.int64)
    ends = np.array([s + n for s, n in spans], dtype=np.int64)
    expected = [i for s, n in spans for i in range(s, s + n)]
    assert range_indexes(starts, ends).tolist() == expected


@given(st.lists(st.integers(0, 2**64 - 1)))
def test_unique_sorted_and_counts_match_python(values: list[int]) -> None:
    array = np.array(values, dtype=np.uint64)
    assert unique_sorted(array).tolist() == sorted(set(values))
    distinct, counts = unique_counts(array)
    assert distinct.tolist() == sorted(set(values))
    assert counts.tolist() == [values.count(v) for v in sorted(set(values))]


def test_split_at_cuts_at_the_ends():
    assert split_at(b"abcdef", np.array([1, 1, 4, 6])) == [b"a", b"", b"bcd", b"ef"]
    assert split_at(b"", np.zeros(0, np.int64)) == []
