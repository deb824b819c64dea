"""Tests for dedup.similarity: exact scores, the disk-backed shingle store and pair scoring."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.shingle import FIGURE_TAG, ShingleBatch, shingle_texts
from dedup.similarity import PairScores, ShingleStore, exact_scores, score_pairs


def as_set(values: list[int] | set[int], figures: list[int] | set[int] = ()) -> np.ndarray:
    """Fingerprint set of shingles ``values`` and figure tokens ``figures`` (small ints)."""
    tagged = [2 * v for v in values] + [2 * v + FIGURE_TAG for v in figures]
    return np.unique(np.array(tagged, dtype=np.uint32))


def scores(s: PairScores) -> tuple[float, float, float, float]:
    return s.jaccard, s.containment, s.containment_a_in_b, s.containment_b_in_a


def batch_of(docs: list[list[int]], dtype: type = np.uint32) -> ShingleBatch:
    """Documents of given values (uint32: fingerprints, stored as they are)."""
    offsets = np.zeros(len(docs) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(d) for d in docs])
    flat = np.array([h for d in docs for h in d], dtype=dtype)
    return ShingleBatch(hashes=flat, offsets=offsets)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ([1, 2, 3, 4], [3, 4, 5], (2 / 5, 2 / 3, 2 / 4, 2 / 3)),
        ([1, 2], [1, 2], (1.0, 1.0, 1.0, 1.0)),
        ([1, 2], [3], (0.0, 0.0, 0.0, 0.0)),
        ([5], [1, 2, 3, 5], (1 / 4, 1.0, 1.0, 1 / 4)),
        ([], [1, 2], (0.0, 0.0, 0.0, 0.0)),
        ([], [], (0.0, 0.0, 0.0, 0.0)),
        ([2**31 - 1, 0], [2**31 - 1], (1 / 2, 1.0, 1 / 2, 1.0)),
    ],
)
def test_exact_scores_small(a: list[int], b: list[int], expected: tuple[float, ...]) -> None:
    got = exact_scores(as_set(a), as_set(b))
    assert scores(got) == expected
    swapped = exact_scores(as_set(b), as_set(a))
    assert swapped.jaccard == got.jaccard and swapped.containment == got.containment
    assert swapped.containment_a_in_b == got.containment_b_in_a


SMALL_SETS = st.sets(st.integers(0, 30))


@settings(max_examples=200, deadline=None)
@given(SMALL_SETS, SMALL_SETS, SMALL_SETS, SMALL_SETS)
def test_exact_scores_property(
    a: set[int], b: set[int], figures_a: set[int], figures_b: set[int]
) -> None:
    got = exact_scores(as_set(a, figures_a), as_set(b, figures_b))
    counts = got.counts
    assert (counts.figures_shared[0], counts.figures_a[0], counts.figures_b[0]) == (
        len(figures_a & figures_b),
        len(figures_a),
        len(figures_b),
    )
    if not a or not b:  # figure tokens never count as shingles
        assert scores(got) == (0.0, 0.0, 0.0, 0.0)
        return
    inter = len(a & b)
    assert got.jaccard == float(Fraction(inter, len(a | b)))
    assert got.containment == float(Fraction(inter, min(len(a), len(b))))
    assert got.containment_a_in_b == float(Fraction(inter, len(a)))
    assert got.containment_b_in_a == float(Fraction(inter, len(b)))
    assert got.jaccard <= got.containment == max(got.containment_a_in_b, got.containment_b_in_a)


def test_store_append_and_get_set_across_batches(tmp_path: object) -> None:
    batches = [
        batch_of([[5, 3, 5, 1], [], [9]]),
        batch_of([]),
        batch_of([[2**32 - 1, 7, 7]]),
        batch_of([[4, 4], [8, 6, 8, 6, 2]]),
    ]
    expected = [[1, 3, 5], [], [9], [7, 2**32 - 1], [4], [2, 6, 8]]
    with ShingleStore(directory=str(tmp_path)) as store:
        assert len(store) == 0
        seen = 0
        for batch in batches:
            store.append(batch)
            seen += len(batch)
            assert len(store) == seen
            # reading between appends must not break later reads
            for doc in range(seen):
                got = store.get_set(doc)
                assert got.dtype == np.uint32
                assert got.tolist() == expected[doc]
        assert len(store) == 6
        for doc in reversed(range(6)):
            assert store.get_set(doc).tolist() == expected[doc]


def test_store_cache_eviction_returns_the_same_sets() -> None:
    texts = [f"doc {i} " + " ".join(f"w{j}" for j in range(i, i + 12)) for i in range(30)]
    batch = shingle_texts(texts, k=3)
    expected = batch.fingerprints()
    with ShingleStore(cache_size=3) as store:
        store.append(batch)
        for _ in range(2):
            for doc in [0, 29, 5, 0, 17, 3, 29, 1]:
                assert np.array_equal(store.get_set(doc), expected.doc(doc))


@pytest.mark.parametrize("block", [2, 1 << 16])
def test_score_pairs(block: int) -> None:
    with ShingleStore() as store:
        store.append(batch_of([[2, 4, 6, 8], [6, 8, 10]]))
        store.append(batch_of([[2, 4, 6, 8, 10, 12, 14, 16], []]))
        pairs = np.array([[0, 1], [0, 2], [1, 2], [2, 3], [1, 1]], dtype=np.int64)
        counts = score_pairs(store, pairs, block=block)
    assert counts.jaccard.tolist() == [2 / 5, 4 / 8, 3 / 8, 0.0, 1.0]
    assert counts.containment.tolist() == [2 / 3, 1.0, 1.0, 0.0, 1.0]
    with ShingleStore() as store:
        empty = score_pairs(store, np.zeros((0, 2), dtype=np.int64))
    assert empty.jaccard.shape == empty.containment.shape == (0,)


def test_store_turns_64_bit_hashes_into_fingerprints() -> None:
    high = [(5 << 43) | 9, (5 << 43) | 1, (2 << 43) | 7, 3]  # two share their top 21 bits
    with ShingleStore() as store:
        store.append(batch_of([high], dtype=np.uint64))
        assert store.get_set(0).tolist() == [0, 4, 10]  # shingles: low bit 0


def test_score_pairs_on_texts_matches_exact_scores() -> None:
    texts = [
        "the quick brown fox jumps over the lazy dog near the river bank",
        "the quick brown fox jumps over the lazy cat near the river bank",
        "a completely different sentence with nothing in common at all here",
    ]
    batch = shingle_texts(texts, k=3)
    with ShingleStore() as store:
        store.append(batch)
        counts = score_pairs(store, np.array([[0, 1], [0, 2], [1, 2]]))
    jaccard, containment = counts.jaccard, counts.containment
    for row, (a, b) in enumerate([(0, 1), (0, 2), (1, 2)]):
        fp = batch.fingerprints()
        scores = exact_scores(fp.doc(a), fp.doc(b))
        assert jaccard[row] == scores.jaccard and containment[row] == scores.containment
    assert jaccard[0] == 8 / 14  # 11 shingles each, the changed word is in 3 of them
    assert jaccard[1] == jaccard[2] == 0.0
