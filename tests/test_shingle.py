"""Tests for dedup.shingle: shingle counts, order and position behaviour, batch independence."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests_support import random_text

from dedup.io import read_articles
from dedup.shingle import ShingleBatch, shingle_batch, shingle_starts, shingle_texts
from dedup.similarity import exact_scores
from dedup.text import TokenBatch

DATA = Path(__file__).resolve().parent / "data"
SEED_FILES = [DATA / "000_fb10003cdebe8ee7.txt", DATA / "001_ad39820f6aeb4385.txt"]


def token_batch(docs: list[list[int]]) -> TokenBatch:
    offsets = np.zeros(len(docs) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(d) for d in docs])
    flat = np.array([t for d in docs for t in d], dtype=np.uint64)
    return TokenBatch(hashes=flat, offsets=offsets)


def text_of(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


@pytest.mark.parametrize("k", [1, 2, 3, 5, 9])
def test_counts_per_document(k: int) -> None:
    sizes = [0, 1, 2, k - 1, k, k + 1, 3 * k, 0, 1]
    batch = shingle_texts([text_of(n) for n in sizes], k=k)
    expected = [n - k + 1 if n >= k else min(n, 1) for n in sizes]
    assert batch.counts.tolist() == expected
    assert len(batch) == len(sizes)
    assert batch.offsets.tolist() == [0, *np.cumsum(expected).tolist()]
    assert batch.hashes.dtype == np.uint64
    assert batch.doc_ids().tolist() == [i for i, c in enumerate(expected) for _ in range(c)]


def test_exact_counts_k5() -> None:
    batch = shingle_texts(["", "one", "a b c d", "a b c d e", "a b c d e f g", "  ,  "], k=5)
    assert batch.counts.tolist() == [0, 1, 1, 1, 3, 0]


def test_shingle_starts_exact() -> None:
    starts, lengths, offsets = shingle_starts(np.array([3, 0, 1, 5]), 3)
    assert starts.tolist() == [0, 3, 4, 5, 6]
    assert lengths.tolist() == [3, 1, 3, 3, 3]
    assert offsets.tolist() == [0, 1, 1, 2, 5]


def test_shingle_depends_on_order() -> None:
    batch = shingle_texts(["a b c d e", "e d c b a", "a b c e d"], k=5)
    assert batch.counts.tolist() == [1, 1, 1]
    assert len(set(batch.hashes.tolist())) == 3


def test_same_words_same_shingle_anywhere() -> None:
    batch = shingle_texts(["x y a b c d e", "a b c d e z", "q a b c d e q"], k=5)
    target = batch.doc(1)[0]
    assert batch.doc(0)[2] == target
    assert batch.doc(2)[1] == target
    # the same normalised words: case and NFKC width forms do not matter
    other = shingle_texts(["A B C D E", "\uff41 b c d e"], k=5)
    assert other.hashes.tolist() == [target, target]


def test_short_documents_keep_all_their_tokens() -> None:
    batch = shingle_texts(["a b", "b a", "a b c", "a", "a b"], k=5)
    h = batch.hashes.tolist()
    assert len(set(h[:4])) == 4
    assert h[0] == h[4]


def test_repeated_phrase_repeats_in_doc_but_not_in_set() -> None:
    batch = shingle_texts(["a b c a b c a b c"], k=3)
    assert batch.counts.tolist() == [7]
    doc = batch.doc(0).tolist()
    assert doc[0] == doc[3] == doc[6]
    assert doc[1] == doc[4] and doc[2] == doc[5]
    assert batch.doc_set(0).tolist() == sorted(set(doc))
    assert len(batch.doc_set(0)) == 3


def test_seed_changes_hashes() -> None:
    a = shingle_texts(["a b c d e f"], k=5, seed=1).hashes
    b = shingle_texts(["a b c d e f"], k=5, seed=2).hashes
    assert len(a) == len(b) == 2
    assert not np.any(a == b)


def test_k_must_be_positive() -> None:
    with pytest.raises(ValueError):
        shingle_texts(["a b c"], k=0)


TOKEN_DOCS = st.lists(st.lists(st.integers(0, 6), max_size=12), max_size=6)


@settings(max_examples=200, deadline=None)
@given(TOKEN_DOCS, st.integers(1, 6))
def test_shingles_are_a_function_of_the_window(docs: list[list[int]], k: int) -> None:
    """Equal windows give equal hashes and different windows different ones; a batch is
    the concatenation of its documents shingled alone (no window crosses documents)."""
    vocab = np.array([0x1234567890ABCDEF * (i + 1) % 2**64 for i in range(7)], dtype=np.uint64)
    batch = shingle_batch(token_batch([[int(vocab[t]) for t in d] for d in docs]), k=k)
    seen: dict[int, tuple[int, ...]] = {}
    for i, doc in enumerate(docs):
        windows = (
            [tuple(doc[j : j + k]) for j in range(len(doc) - k + 1)]
            if len(doc) >= k
            else ([tuple(doc)] if doc else [])
        )
        got = batch.doc(i).tolist()
        assert len(got) == len(windows)
        for h, w in zip(got, windows, strict=True):
            assert seen.setdefault(h, w) == w  # no two windows share a hash
        alone = shingle_batch(token_batch([[int(vocab[t]) for t in doc]]), k=k)
        assert alone.hashes.tolist() == got
    assert len(set(seen.values())) == len(seen)


def _seed_shingles(k: int) -> ShingleBatch:
    return shingle_texts([a.text for a in read_articles(SEED_FILES)], k=k)


def test_seed_pair_scores_k5() -> None:
    batch = _seed_shingles(5)
    a, b = set(batch.doc_set(0).tolist()), set(batch.doc_set(1).tolist())  # 64-bit: exact
    assert len(a & b) / len(a | b) == pytest.approx(0.163, abs=0.001)
    assert len(a & b) / len(a) == pytest.approx(0.456, abs=0.001)
    assert len(a & b) / len(b) == pytest.approx(0.202, abs=0.001)
    assert batch.counts.tolist() == [467, 1055]
    # the 22-bit fingerprints verification uses stay within a spurious shingle or two
    fingerprints = batch.fingerprints()
    scores = exact_scores(fingerprints.doc(0), fingerprints.doc(1))
    assert scores.jaccard == pytest.approx(len(a & b) / len(a | b), abs=0.002)
    assert scores.containment == scores.containment_a_in_b
    assert scores.containment_a_in_b == pytest.approx(len(a & b) / len(a), abs=0.003)
    assert scores.containment_b_in_a == pytest.approx(len(a & b) / len(b), abs=0.002)


def test_seed_pair_scores_fall_with_k() -> None:
    jaccards = []
    for k in (1, 3, 5, 8):
        fingerprints = _seed_shingles(k).fingerprints()
        jaccards.append(exact_scores(fingerprints.doc(0), fingerprints.doc(1)).jaccard)
    assert jaccards == sorted(jaccards, reverse=True)
    assert jaccards[0] > 0.3 and jaccards[-1] < 0.163


def test_fingerprints_do_not_depend_on_the_batch_size() -> None:
    """Batches of up to 1,024 documents pack codes into uint32, larger ones into uint64."""
    rng = random.Random(5)
    texts = [f"{i} items cost {i * 7} dollars " + random_text(rng, 30) for i in range(1500)]
    whole = shingle_texts(texts).fingerprints()
    first = shingle_texts(texts[:1000]).fingerprints()
    rest = shingle_texts(texts[1000:]).fingerprints()
    for i in (0, 999, 1000, 1499):
        part, j = (first, i) if i < 1000 else (rest, i - 1000)
        assert np.array_equal(whole.doc(i), part.doc(j))
    assert np.array_equal(whole.hashes, np.concatenate([first.hashes, rest.hashes]))
    assert whole.hashes.max() < 2**22 and (whole.hashes & 1).sum() > 0  # figures tagged
