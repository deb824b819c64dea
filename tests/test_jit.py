"""The compiled kernels (``dedup[fast]``) give exactly what the numpy code gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup import Article, jit, sketch
from dedup.anchors import anchor_keys
from dedup.index.codec import pack_many, pack_sorted, unpack_sorted
from dedup.index.entries import runs_by_group
from dedup.index.errors import IndexFormatError
from dedup.lsh import pack_keys, shared_key_counts
from dedup.minhash import MinHasher, SignatureScheme
from dedup.shingle import FIGURE_TAG, shingle_batch
from dedup.similarity import intersection_sizes
from dedup.sketch import SketchParams, sketch_texts
from dedup.text import tokenize, tokenize_batch
from tests.test_text import ANY_CHAR

# Joiners, digits and separators in every order, so the token rule's corners come up often.
TOKENISH = st.text(alphabet=st.sampled_from([*"ab09 '-.&,\n", "é", "\u2019", "ﬁ"]), max_size=80)
TEXTS = st.lists(st.one_of(TOKENISH, st.text(alphabet=ANY_CHAR, max_size=80)), max_size=8)


def both(fn: Callable[[], Any]) -> tuple[Any, Any]:
    """``fn()`` with the compiled kernels, then with the numpy code."""
    compiled = fn()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(jit, "numba", None)
        return compiled, fn()


def test_the_test_environment_runs_the_compiled_kernels() -> None:
    assert jit.kernels_in_use() == "numba"  # the test extra installs numba


def test_kernels_in_use_names_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jit, "numba", None)
    assert jit.kernels_in_use() == "numpy"


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(1, 6), st.integers(0, 2**64 - 1))
def test_tokens_shingles_signatures_match_numpy(texts: list[str], k: int, seed: int) -> None:
    def run() -> tuple[np.ndarray, ...]:
        tokens = tokenize_batch(texts, seed=seed)
        shingles = shingle_batch(tokens, k=k)
        sig = MinHasher(num_perm=64, k=k, seed=seed).signatures_of(shingles)
        return (
            tokens.hashes,
            tokens.offsets,
            tokens.is_figure,
            shingles.hashes,
            shingles.offsets,
            sig,
        )

    compiled, numpy_ = both(run)
    for a, b in zip(compiled, numpy_, strict=True):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(1, 5), st.integers(0, 2**64 - 1))
def test_anchors_match_numpy(texts: list[str], rate: int, seed: int) -> None:
    shingles = shingle_batch(tokenize_batch(texts, seed=seed), k=2)
    compiled, numpy_ = both(lambda: anchor_keys(shingles, rate, seed=seed))
    for a, b in zip(compiled, numpy_, strict=True):
        np.testing.assert_array_equal(a, b)
    assert compiled[0].dtype == np.uint32 and compiled[1].dtype == np.int64


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ANY_CHAR, max_size=80))
def test_offset_tokeniser_matches_numpy(text: str) -> None:
    compiled, numpy_ = both(lambda: tokenize(text))
    for field in ("hashes", "starts", "ends"):
        np.testing.assert_array_equal(getattr(compiled, field), getattr(numpy_, field))


def test_sketch_of_seed_articles_matches_numpy(seeds: tuple[Article, Article]) -> None:
    params = SketchParams(SignatureScheme(), bands=9, rows=13, anchor_rate=8)
    texts = [a.text for a in seeds] * 3
    compiled, numpy_ = both(lambda: sketch_texts(texts, params))
    np.testing.assert_array_equal(compiled.band_keys, numpy_.band_keys)
    np.testing.assert_array_equal(compiled.anchor_keys, numpy_.anchor_keys)
    np.testing.assert_array_equal(compiled.fingerprints.hashes, numpy_.fingerprints.hashes)


SETS = st.lists(st.sets(st.integers(0, 40), max_size=30), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(SETS, st.data())
def test_intersection_sizes_match_numpy_and_python_sets(sets: list[set[int]], data: Any) -> None:
    values = np.array([v for s in sets for v in sorted(s)], dtype=np.uint32)
    offsets = np.cumsum([0] + [len(s) for s in sets]).astype(np.int64)
    index = st.integers(0, len(sets) - 1)
    rows = data.draw(st.lists(st.tuples(index, index), max_size=10))
    a = np.array([r[0] for r in rows], dtype=np.int64)
    b = np.array([r[1] for r in rows], dtype=np.int64)
    compiled, numpy_ = both(lambda: intersection_sizes(values, offsets, a, b))
    shared = [sets[x] & sets[y] for x, y in rows]
    expected = ([len(s) for s in shared], [sum(v & FIGURE_TAG for v in s) for s in shared])
    assert (compiled[0].tolist(), compiled[1].tolist()) == expected
    assert (numpy_[0].tolist(), numpy_[1].tolist()) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 30)), max_size=200))
def test_candidate_pairs_match_numpy(entries: list[tuple[int, int]]) -> None:
    keys = np.array([k for k, _ in entries], dtype=np.uint64)
    docs = np.array([d for _, d in entries], dtype=np.int64)

    def run() -> tuple[np.ndarray, np.ndarray]:
        return shared_key_counts(pack_keys(keys, docs), max_group=6, oversize="star")

    compiled, numpy_ = both(run)
    for a, b in zip(compiled, numpy_, strict=True):
        np.testing.assert_array_equal(a, b)


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 2**32 - 1), max_size=300))
def test_elias_fano_encoding_matches_numpy(values: set[int]) -> None:
    array = np.array(sorted(values), dtype=np.uint32)
    compiled, numpy_ = both(lambda: pack_sorted(array))
    assert compiled == numpy_
    decoded = both(lambda: unpack_sorted(compiled))
    assert decoded[0].tolist() == decoded[1].tolist() == sorted(values)
    if values:  # a truncated high part is refused by both
        cut = compiled[: -max(1, (len(compiled) - 5) // 2)]
        for kernels in (True, False):
            with pytest.MonkeyPatch.context() as mp:
                if not kernels:
                    mp.setattr(jit, "numba", None)
                with pytest.raises(IndexFormatError):
                    unpack_sorted(cut)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sets(st.integers(0, 2**32 - 1), max_size=40), max_size=12))
def test_many_sets_encode_as_each_alone(sets: list[set[int]]) -> None:
    values = np.array([v for s in sets for v in sorted(s)], dtype=np.uint32)
    offsets = np.cumsum([0] + [len(s) for s in sets])
    compiled, numpy_ = both(lambda: pack_many(values, offsets))
    alone = [pack_sorted(np.array(sorted(s), dtype=np.uint32)) for s in sets]
    assert compiled == numpy_ == alone
    assert [unpack_sorted(b).tolist() for b in compiled] == [sorted(s) for s in sets]


@settings(max_examples=50, deadline=None)
@given(TEXTS, st.integers(1, 4))
def test_sketch_in_slices_is_the_sketch_at_once(texts: list[str], slice_texts: int) -> None:
    params = SketchParams(SignatureScheme(k=2), bands=4, rows=2, anchor_rate=2)
    whole = sketch_texts(texts, params)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sketch, "SLICE_TEXTS", slice_texts)
        sliced = sketch_texts(texts, params)
    for field in ("token_counts", "band_keys", "anchor_keys", "anchor_docs"):
        np.testing.assert_array_equal(getattr(sliced, field), getattr(whole, field))
    np.testing.assert_array_equal(sliced.fingerprints.hashes, whole.fingerprints.hashes)
    np.testing.assert_array_equal(sliced.fingerprints.offsets, whole.fingerprints.offsets)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sets(st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 50))), max_size=6),
    st.sampled_from([14, 16]),
    st.booleans(),
)
def test_runs_laid_out_by_group_match_numpy_and_python(
    runs: list[set[tuple[int, int]]], shift: int, narrow: bool
) -> None:
    mask = 0x3FFFF if narrow else 0xFFFFFFFF  # narrow keys: a few groups, shared by the runs
    codes = [np.array(sorted((k & mask) << 32 | s for k, s in run), np.uint64) for run in runs]
    compiled, numpy_ = both(lambda: runs_by_group(codes, shift))
    expected: dict[int, bytes] = {}
    for run in codes:
        for code in run.tolist():
            key, seq = code >> 32, code & 0xFFFFFFFF
            entry = (key & ((1 << shift) - 1)).to_bytes(2, "little") + seq.to_bytes(4, "little")
            expected[key >> shift] = expected.get(key >> shift, b"") + entry
    for groups, sizes, blob in (compiled, numpy_):
        assert groups.tolist() == sorted(expected)
        assert sizes.tolist() == [len(expected[g]) for g in sorted(expected)]
        assert blob == b"".join(expected[g] for g in sorted(expected))
