"""Tests for dedup.lsh and dedup.anchors: band parameters, band and anchor keys, candidate pairs."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.anchors import anchor_keys
from dedup.errors import ParameterError
from dedup.lsh import (
    band_keys,
    optimal_bands,
    pack_keys,
    pairs_from_keys,
    probability_candidate,
    shared_key_counts,
)
from dedup.shingle import shingle_texts

# --- band parameters --------------------------------------------------------------------------


def test_optimal_bands_matches_datasketch_default() -> None:
    assert optimal_bands(0.8, 128) == (9, 13)


@pytest.mark.parametrize("num_perm", [32, 128])
@pytest.mark.parametrize("threshold", [0.2, 0.5, 0.7, 0.9])
def test_optimal_bands_matches_datasketch(threshold: float, num_perm: int) -> None:
    from datasketch.lsh import _optimal_param

    assert optimal_bands(threshold, num_perm) == tuple(
        _optimal_param(threshold, num_perm, 0.5, 0.5)
    )


@pytest.mark.parametrize("weights", [(0.3, 0.7), (0.9, 0.1)])
def test_optimal_bands_weights_match_datasketch(weights: tuple[float, float]) -> None:
    from datasketch.lsh import _optimal_param

    assert optimal_bands(0.5, 64, *weights) == tuple(_optimal_param(0.5, 64, *weights))


def test_optimal_bands_respects_budget_and_weights() -> None:
    for threshold in (0.3, 0.6, 0.9):
        b, r = optimal_bands(threshold, 64)
        assert b >= 1 and r >= 1 and b * r <= 64
    # weighting false negatives more buys more bands (a curve shifted to the left)
    b_fn, r_fn = optimal_bands(0.6, 128, 0.1, 0.9)
    b_fp, r_fp = optimal_bands(0.6, 128, 0.9, 0.1)
    assert probability_candidate(0.6, b_fn, r_fn) > probability_candidate(0.6, b_fp, r_fp)


@pytest.mark.parametrize(
    "args",
    [(0.0, 128), (1.0, 128), (-0.2, 128), (1.5, 128), (0.5, 128, -1.0, 0.5), (0.5, 128, 0.0, 0.0)],
)
def test_optimal_bands_rejects_bad_parameters(args: tuple[float, ...]) -> None:
    with pytest.raises(ParameterError):
        optimal_bands(*args)  # type: ignore[arg-type]


def test_probability_candidate_exact_and_monotonic() -> None:
    assert probability_candidate(0.0, 9, 13) == 0.0
    assert probability_candidate(1.0, 9, 13) == 1.0
    assert probability_candidate(0.5, 2, 1) == pytest.approx(0.75)
    assert probability_candidate(0.5, 1, 2) == pytest.approx(0.25)
    s = np.linspace(0, 1, 101)
    p = probability_candidate(s, 9, 13)
    assert p.shape == s.shape
    assert np.all(np.diff(p) >= 0) and np.any(np.diff(p) > 0)
    for b, r in [(9, 13), (20, 5), (1, 1)]:
        mid = np.array([0.2, 0.5, 0.8])
        assert np.all(probability_candidate(mid, b + 1, r) > probability_candidate(mid, b, r))
        assert np.all(probability_candidate(mid, b, r + 1) < probability_candidate(mid, b, r))


# --- band keys --------------------------------------------------------------------------------


def random_signatures(n: int, num_perm: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 2**32, size=(n, num_perm), dtype=np.uint32)


def test_band_keys_shape_dtype_and_determinism() -> None:
    sig = random_signatures(5, 128)
    keys = band_keys(sig, 9, 13)
    assert keys.shape == (5, 9) and keys.dtype == np.uint32
    assert np.array_equal(keys, band_keys(sig.copy(), 9, 13))
    assert np.array_equal(band_keys(sig[2:3], 9, 13)[0], keys[2])  # rows are independent
    assert not np.any(band_keys(sig, 9, 13, seed=2) == keys)
    # values past bands * rows are ignored
    changed = sig.copy()
    changed[:, 9 * 13 :] ^= 1
    assert np.array_equal(band_keys(changed, 9, 13), keys)


def test_identical_signatures_collide_in_every_band() -> None:
    sig = random_signatures(1, 128, seed=1)
    keys = band_keys(np.vstack([sig, sig, random_signatures(1, 128, seed=2)]), 16, 8)
    assert np.array_equal(keys[0], keys[1])
    assert not np.any(keys[0] == keys[2])


@pytest.mark.parametrize("band", [0, 4, 8])
def test_one_changed_band_breaks_only_that_band(band: int) -> None:
    bands, rows = 9, 13
    sig = random_signatures(1, 128, seed=3)[0]
    other = sig.copy()
    other[band * rows] ^= 0x5A5A  # a single value
    last = sig.copy()
    last[band * rows + rows - 1] += 1
    keys = band_keys(np.vstack([sig, other, last]), bands, rows)
    same = keys[0] == keys[1]
    assert same.tolist() == [j != band for j in range(bands)]
    assert (keys[0] == keys[2]).tolist() == [j != band for j in range(bands)]


def test_equal_band_contents_in_different_bands_get_different_keys() -> None:
    sig = np.full((1, 64), 7, dtype=np.uint32)
    keys = band_keys(sig, 8, 8)[0]
    assert len(set(keys.tolist())) == 8


def test_band_keys_rejects_too_many_rows() -> None:
    with pytest.raises(ParameterError):
        band_keys(random_signatures(2, 64), 9, 8)


# --- pairs from keys --------------------------------------------------------------------------


def pairs(keys: list[int], docs: list[int], **kwargs: object) -> list[tuple[int, int]]:
    result = pairs_from_keys(pack_keys(np.array(keys), np.array(docs)), **kwargs)  # type: ignore[arg-type]
    assert result.dtype == np.int64 and result.ndim == 2 and result.shape[1] == 2
    return [(int(a), int(b)) for a, b in result]


def test_pack_keys_layout() -> None:
    packed = pack_keys(np.array([1, 2**32 - 1], dtype=np.uint32), np.array([5, 2**32 - 1]))
    assert packed.dtype == np.uint64
    assert packed.tolist() == [(1 << 32) | 5, 2**64 - 1]


def test_pairs_exact_small() -> None:
    # key 10: docs 3, 1, 2 -> all pairs; key 20: docs 1, 5; key 30: a single doc
    assert pairs([10, 20, 10, 30, 10, 20], [3, 1, 1, 4, 2, 5]) == [(1, 2), (1, 3), (1, 5), (2, 3)]
    assert pairs([], []) == []
    assert pairs([7], [0]) == []
    assert pairs([7, 8, 9], [0, 1, 2]) == []


def test_pairs_min_shared_counts_keys() -> None:
    keys = [1, 1, 2, 2, 3, 3, 3, 4, 4]
    docs = [0, 1, 0, 1, 0, 1, 2, 1, 2]
    # (0, 1) share keys 1, 2, 3; (1, 2) share 3, 4; (0, 2) share 3
    assert pairs(keys, docs) == [(0, 1), (0, 2), (1, 2)]
    assert pairs(keys, docs, min_shared=2) == [(0, 1), (1, 2)]
    assert pairs(keys, docs, min_shared=3) == [(0, 1)]
    assert pairs(keys, docs, min_shared=4) == []


def test_pairs_oversize_star_and_drop() -> None:
    keys = [5] * 5 + [6, 6]
    docs = [9, 4, 7, 8, 6, 1, 4]
    assert pairs(keys, docs, max_group=5) == [
        (1, 4), (4, 6), (4, 7), (4, 8), (4, 9), (6, 7), (6, 8), (6, 9), (7, 8), (7, 9), (8, 9),
    ]  # fmt: skip
    # star: the group's first (smallest) document paired with each other one
    assert pairs(keys, docs, max_group=4) == [(1, 4), (4, 6), (4, 7), (4, 8), (4, 9)]
    assert pairs(keys, docs, max_group=4, oversize="star") == pairs(keys, docs, max_group=4)
    assert pairs(keys, docs, max_group=4, oversize="drop") == [(1, 4)]
    assert pairs(keys, docs, max_group=2, oversize="drop") == [(1, 4)]


def test_pairs_no_self_pairs_and_unique() -> None:
    # the same document under the same key twice, and a pair sharing several keys
    assert pairs([1, 1, 2, 2, 3, 3], [4, 4, 4, 2, 2, 4]) == [(2, 4)]


def test_pairs_large_indexes_and_keys() -> None:
    big = 2**32 - 1
    assert pairs([big, big, 0, 0], [big, 0, big - 1, big]) == [(0, big), (big - 1, big)]


def test_pairs_sorts_input_in_place() -> None:
    packed = pack_keys(np.array([3, 1, 2]), np.array([0, 1, 2]))
    pairs_from_keys(packed)
    assert packed.tolist() == sorted(packed.tolist())


@pytest.mark.parametrize("kwargs", [{"oversize": "keep"}, {"max_group": 1}, {"max_group": 0}])
def test_pairs_rejects_bad_parameters(kwargs: dict[str, object]) -> None:
    with pytest.raises(ParameterError):
        pairs_from_keys(pack_keys(np.array([1, 1]), np.array([0, 1])), **kwargs)  # type: ignore[arg-type]


def reference_pairs(
    entries: set[tuple[int, int]], max_group: int, oversize: str, min_shared: int
) -> list[tuple[int, int]]:
    groups: dict[int, set[int]] = defaultdict(set)
    for key, doc in entries:
        groups[key].add(doc)
    shared: Counter[tuple[int, int]] = Counter()
    for members in groups.values():
        ordered = sorted(members)
        if len(ordered) <= max_group:
            shared.update(itertools.combinations(ordered, 2))
        elif oversize == "star":
            shared.update((ordered[0], other) for other in ordered[1:])
    return sorted(pair for pair, count in shared.items() if count >= min_shared)


ENTRIES = st.sets(
    st.tuples(
        st.one_of(st.integers(0, 5), st.sampled_from([2**32 - 1, 2**31])),
        st.one_of(st.integers(0, 12), st.sampled_from([2**32 - 1, 2**31 + 7])),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(
    ENTRIES,
    st.integers(2, 6),
    st.sampled_from(["star", "drop"]),
    st.integers(1, 3),
    st.randoms(use_true_random=False),
)
def test_pairs_from_keys_matches_reference(
    entries: set[tuple[int, int]], max_group: int, oversize: str, min_shared: int, rnd: object
) -> None:
    expected = reference_pairs(entries, max_group, oversize, min_shared)
    listed = sorted(entries)
    rnd.shuffle(listed)  # type: ignore[attr-defined]
    keys = [k for k, _ in listed]
    docs = [d for _, d in listed]
    got = pairs(keys, docs, max_group=max_group, oversize=oversize, min_shared=min_shared)
    assert got == expected
    assert all(a < b for a, b in got)
    listed.reverse()
    assert (
        pairs(
            [k for k, _ in listed],
            [d for _, d in listed],
            max_group=max_group,
            oversize=oversize,
            min_shared=min_shared,
        )
        == got
    )


def test_band_keys_to_pairs_end_to_end() -> None:
    base = random_signatures(1, 128, seed=8)[0]
    near = base.copy()
    near[:13] ^= 1  # differs in band 0 only
    far = random_signatures(1, 128, seed=9)[0]
    sig = np.vstack([far, base, far, near, random_signatures(1, 128, seed=10)[0]])
    keys = band_keys(sig, 9, 13)
    docs = np.repeat(np.arange(5), 9)
    got = pairs_from_keys(pack_keys(keys.ravel(), docs)).tolist()
    assert got == [[0, 2], [1, 3]]
    strict = pairs_from_keys(pack_keys(keys.ravel(), docs), min_shared=9).tolist()
    assert strict == [[0, 2]]


# --- anchors (content-defined candidate keys, grouped by pairs_from_keys) ---------------------


def _anchor_sets(texts: list[str], rate: int, seed: int = 1) -> list[set[int]]:
    keys, docs = anchor_keys(shingle_texts(texts, k=5, seed=seed), rate, seed=seed)
    assert keys.dtype == np.uint32 and docs.dtype == np.int64
    return [set(keys[docs == i].tolist()) for i in range(len(texts))]


def _words(n: int, seed: int) -> str:
    rng = np.random.default_rng(seed)
    return " ".join(f"w{i}" for i in rng.integers(0, 100_000, n))


def test_rate_one_selects_every_distinct_shingle() -> None:
    texts = [_words(300, 1), "a b c d e f g a b c d e f g", "short", ""]
    batch = shingle_texts(texts, k=5)
    _, docs = anchor_keys(batch, 1)
    assert [int((docs == i).sum()) for i in range(len(texts))] == [
        len(batch.doc_set(i)) for i in range(len(texts))
    ]
    assert [len(batch.doc_set(i)) for i in range(len(texts))] == [296, 7, 1, 0]


def test_anchors_are_per_document_distinct_and_sorted() -> None:
    passage = _words(60, 2)
    text = " ".join([passage, _words(40, 3), passage, passage])
    keys, docs = anchor_keys(shingle_texts([text, passage], k=5), 4)
    pairs_ = list(zip(docs.tolist(), keys.tolist(), strict=True))
    assert len(pairs_) == len(set(pairs_))
    assert pairs_ == sorted(pairs_)
    assert docs.tolist() == sorted(docs.tolist())


@pytest.mark.parametrize("rate", [1, 3, 8])
def test_shared_passage_gives_the_same_anchors(rate: int) -> None:
    passage = _words(400, 4)
    first = _words(150, 5) + " " + passage + " " + _words(50, 6)
    second = _words(30, 7) + " " + passage
    in_passage, in_first, in_second, unrelated = _anchor_sets(
        [passage, first, second, _words(400, 8)], rate
    )
    assert in_passage  # 396 shingles: some are anchors at any of these rates
    assert in_passage <= in_first and in_passage <= in_second
    assert not in_passage & unrelated
    # a content-defined subset: about 1/rate of the shingles
    assert 396 / rate * 0.6 < len(in_passage) < 396 / rate * 1.4 + 3
    # the shared anchors make the pair a candidate, by the same grouping as the bands
    keys, docs = anchor_keys(shingle_texts([first, second, _words(400, 9)], k=5), rate)
    assert pairs_from_keys(pack_keys(keys, docs), min_shared=2).tolist() == [[0, 1]]


def test_anchor_selection_depends_on_seed() -> None:
    text = [_words(500, 10)]
    assert _anchor_sets(text, 8, seed=1) != _anchor_sets(text, 8, seed=2)
    assert _anchor_sets(text, 8, seed=1) == _anchor_sets(text, 8, seed=1)


def test_blocked_pair_generation_gives_the_same_counts() -> None:
    rng = np.random.default_rng(4)
    keys = rng.integers(0, 40, size=3000)
    docs = rng.integers(0, 500, size=3000)
    whole = shared_key_counts(pack_keys(keys, docs), max_group=60, oversize="star")
    for block in (1, 7, 500):
        pairs, counts = shared_key_counts(
            pack_keys(keys, docs), max_group=60, oversize="star", block_pairs=block
        )
        assert np.array_equal(pairs, whole[0]) and np.array_equal(counts, whole[1])
    kept, _ = shared_key_counts(
        pack_keys(keys, docs),
        max_group=60,
        block_pairs=50,
        keep=lambda pairs, counts: counts >= 3,
    )
    assert np.array_equal(kept, whole[0][whole[1] >= 3])
