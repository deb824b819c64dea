"""Tests for dedup.minhash: signatures of both schemes, Jaccard estimates, datasketch, files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.errors import DedupError, ParameterError
from dedup.io import read_articles
from dedup.minhash import (
    SCHEMES,
    MinHasher,
    SignatureScheme,
    estimate_jaccard,
    load_signatures,
    save_signatures,
    to_lean_minhash,
)
from dedup.shingle import ShingleBatch

DATA = Path(__file__).resolve().parent / "data"
SEED_FILES = [DATA / "000_fb10003cdebe8ee7.txt", DATA / "001_ad39820f6aeb4385.txt"]
MAX32 = np.iinfo(np.uint32).max


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    return [a.text for a in read_articles(SEED_FILES)]


@pytest.fixture(scope="module")
def corpus(seed_texts: list[str]) -> list[str]:
    """The seeds, a light edit of A, an unrelated text, a one-shingle text and an empty one."""
    words = seed_texts[0].split()
    for i in (10, 100, 200):
        words[i] = "CHANGED"
    rng = np.random.default_rng(0)
    unrelated = " ".join(f"word{i}" for i in rng.integers(0, 5000, 400))
    return [*seed_texts, " ".join(words), unrelated, "just four words here", ""]


def shingle_batch_of(sets: list[np.ndarray]) -> ShingleBatch:
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(s) for s in sets])
    flat = [np.asarray(s, dtype=np.uint64) for s in sets]
    return ShingleBatch(hashes=np.concatenate([np.zeros(0, np.uint64), *flat]), offsets=offsets)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("num_perm", [1, 7, 128, 256])
def test_shape_and_dtype(corpus: list[str], scheme: str, num_perm: int) -> None:
    sig = MinHasher(num_perm=num_perm, scheme=scheme).signatures(corpus)
    assert sig.shape == (len(corpus), num_perm)
    assert sig.dtype == np.uint32
    assert MinHasher(num_perm=num_perm, scheme=scheme).signatures([]).shape == (0, num_perm)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_deterministic_and_batch_independent(corpus: list[str], scheme: str) -> None:
    hasher = MinHasher(scheme=scheme, seed=3)
    sig = hasher.signatures(corpus)
    assert np.array_equal(sig, MinHasher(scheme=scheme, seed=3).signatures(corpus))
    for i, text in enumerate(corpus):
        assert np.array_equal(hasher.signatures([text])[0], sig[i])
    assert np.array_equal(hasher.signatures(corpus[::-1]), sig[::-1])
    other_seed = MinHasher(scheme=scheme, seed=4).signatures(corpus[:2])
    assert np.mean(other_seed == sig[:2]) < 0.05


def test_schemes_differ(corpus: list[str]) -> None:
    oph = MinHasher(scheme="oph").signatures(corpus[:2])
    kperm = MinHasher(scheme="kperm").signatures(corpus[:2])
    assert np.mean(oph == kperm) < 0.05


def test_kperm_blocks_match_single_documents() -> None:
    """Enough shingles to need several blocks of kperm's bounded-memory loop, with empty docs."""
    rng = np.random.default_rng(5)
    sets = [rng.integers(0, 2**64, size=int(n), dtype=np.uint64) for n in rng.integers(0, 2500, 40)]
    sets[3] = sets[17] = sets[39] = np.zeros(0, np.uint64)
    sets[20] = rng.integers(0, 2**64, size=20000, dtype=np.uint64)  # bigger than one block
    hasher = MinHasher(num_perm=128, scheme="kperm")
    sig = hasher.signatures_of(shingle_batch_of(sets))
    for i in (0, 2, 3, 4, 17, 18, 20, 21, 38, 39):
        assert np.array_equal(hasher.signatures_of(shingle_batch_of([sets[i]]))[0], sig[i])
    assert (sig[[3, 17, 39]] == MAX32).all()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_estimates_on_corpus(corpus: list[str], scheme: str) -> None:
    sig = MinHasher(scheme=scheme).signatures([*corpus, corpus[0]])
    assert estimate_jaccard(sig[0], sig[-1]) == 1.0  # identical documents
    assert estimate_jaccard(sig[0], sig[2]) > 0.8  # light edit
    assert 0.05 < estimate_jaccard(sig[0], sig[1]) < 0.3  # the seed pair: exact 0.163
    assert estimate_jaccard(sig[0], sig[3]) < 0.05  # unrelated
    rows = estimate_jaccard(sig[:3], sig[[2, 0, 1]])
    assert isinstance(rows, np.ndarray) and rows.shape == (3,)
    assert rows.tolist() == [estimate_jaccard(sig[i], sig[j]) for i, j in [(0, 2), (1, 0), (2, 1)]]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_single_shingle_and_empty_documents(corpus: list[str], scheme: str) -> None:
    sig = MinHasher(scheme=scheme).signatures(corpus)
    one = sig[-2]  # "just four words here": one shingle
    assert not (one == MAX32).any(), "a one-shingle document must get a full signature"
    if scheme == "oph":
        assert (one == one[0]).all()  # every bin borrows the single value
    assert (sig[-1] == MAX32).all()  # no shingle: all max
    sparse = MinHasher(scheme=scheme, num_perm=1024).signatures(["a b c d e f g"])  # 3 shingles
    assert not (sparse == MAX32).any()
    if scheme == "oph":  # 3 filled bins; every other bin borrows one of their values
        assert len(np.unique(sparse)) == 3


def estimate_errors(
    scheme: str, jaccard: float, n_pairs: int, num_perm: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Estimate minus exact Jaccard for random set pairs, and the exact values."""
    rng = np.random.default_rng(seed)
    sets, exact = [], []
    for _ in range(n_pairs):
        union = int(rng.integers(40, 400))
        common = round(jaccard * union)
        only_a = int(rng.integers(0, union - common + 1))
        elems = rng.integers(0, 2**64, size=union, dtype=np.uint64)
        sets.append(elems[: common + only_a])
        sets.append(np.concatenate([elems[:common], elems[common + only_a :]]))
        exact.append(common / union)
    sig = MinHasher(num_perm=num_perm, scheme=scheme, seed=seed).signatures_of(
        shingle_batch_of(sets)
    )
    j = np.array(exact)
    return estimate_jaccard(sig[0::2], sig[1::2]) - j, j


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("jaccard", "seed"), [(0.1, 11), (0.5, 12), (0.85, 13)])
def test_estimate_is_unbiased_with_binomial_error(scheme: str, jaccard: float, seed: int) -> None:
    n_pairs, num_perm = 600, 128
    err, j = estimate_errors(scheme, jaccard, n_pairs, num_perm, seed)
    theory = np.sqrt(np.mean(j * (1 - j)) / num_perm)
    se_mean = theory / np.sqrt(n_pairs)
    assert abs(err.mean()) < 4 * se_mean, (err.mean(), se_mean)
    rmse = np.sqrt(np.mean(err**2))
    assert theory / 1.5 < rmse < theory * 1.5, (rmse, theory)


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(SCHEMES),
    st.integers(1, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 2**32),
)
def test_estimate_bounds_property(
    scheme: str, common: int, only_a: int, only_b: int, seed: int
) -> None:
    """Identical sets (in any order) estimate 1, disjoint sets 0, any pair within [0, 1]."""
    rng = np.random.default_rng(seed)
    elems = rng.integers(0, 2**64, size=common + only_a + only_b, dtype=np.uint64)
    a = elems[: common + only_a]
    b = np.concatenate([elems[:common], elems[common + only_a :]])
    disjoint = elems[common + only_a :]
    sig = MinHasher(num_perm=64, scheme=scheme, seed=seed).signatures_of(
        shingle_batch_of([a, b, a.copy(), a[::-1], disjoint])
    )
    assert estimate_jaccard(sig[0], sig[2]) == 1.0
    assert estimate_jaccard(sig[0], sig[3]) == 1.0  # a set: order does not matter
    assert 0.0 <= estimate_jaccard(sig[0], sig[1]) <= 1.0
    if only_b:
        assert estimate_jaccard(sig[0], sig[4]) == 0.0
    if only_a == only_b == 0:
        assert estimate_jaccard(sig[0], sig[1]) == 1.0


# --- datasketch interoperability --------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_lean_minhash_in_datasketch_lsh(corpus: list[str], scheme: str) -> None:
    sig = MinHasher(scheme=scheme).signatures(corpus[:4])
    names = ["a", "b", "a_edit", "unrelated"]
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    for name, row in zip(names, sig, strict=True):
        lean = to_lean_minhash(row)
        assert isinstance(lean, LeanMinHash)
        assert np.array_equal(lean.hashvalues, row)
        lsh.insert(name, lean)
    assert sorted(lsh.query(to_lean_minhash(sig[2]))) == ["a", "a_edit"]
    assert sorted(lsh.query(to_lean_minhash(sig[0]))) == ["a", "a_edit"]
    assert lsh.query(to_lean_minhash(sig[3])) == ["unrelated"]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_lean_minhash_jaccard_equals_estimate(corpus: list[str], scheme: str) -> None:
    sig = MinHasher(scheme=scheme, seed=9).signatures(corpus)
    for i in range(len(corpus) - 1):
        for j in range(i, len(corpus) - 1):
            lean_i, lean_j = to_lean_minhash(sig[i], seed=9), to_lean_minhash(sig[j], seed=9)
            assert lean_i.jaccard(lean_j) == pytest.approx(estimate_jaccard(sig[i], sig[j]))


# --- files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
def test_save_load_round_trip(tmp_path: Path, corpus: list[str], scheme: str) -> None:
    hasher = MinHasher(num_perm=64, k=4, seed=77, scheme=scheme)
    sig = hasher.signatures(corpus)
    ids = [f"id-{i}-\u00e9\u4e2d" for i in range(len(corpus))]
    path = tmp_path / "sigs.npz"
    save_signatures(path, ids, sig, hasher.signature_scheme)
    got_ids, got_sig, got_scheme = load_signatures(path)
    assert got_ids == ids
    assert got_sig.dtype == np.uint32 and np.array_equal(got_sig, sig)
    assert got_scheme == SignatureScheme(scheme=scheme, num_perm=64, k=4, seed=77)
    assert got_scheme == hasher.signature_scheme


def test_save_rejects_wrong_shape(tmp_path: Path) -> None:
    sig = MinHasher(num_perm=16).signatures(["a b c", "d e f"])
    with pytest.raises(ParameterError):
        save_signatures(tmp_path / "x.npz", ["one"], sig, SignatureScheme(num_perm=16))
    with pytest.raises(ParameterError):
        save_signatures(tmp_path / "x.npz", ["one", "two"], sig, SignatureScheme(num_perm=32))
    assert not (tmp_path / "x.npz").exists()


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    sig = MinHasher(num_perm=16).signatures(["a b c d e f", "g h i j k l m"])
    path = tmp_path / "good.npz"
    save_signatures(path, ["a", "b"], sig, SignatureScheme(num_perm=16))
    return path


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda raw: b"hello world" * 10, id="garbage"),
        pytest.param(lambda raw: b"", id="empty"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: _flip(raw, 60), id="bitflip-first-member"),
        pytest.param(lambda raw: _flip(raw, len(raw) // 2), id="bitflip-middle"),
    ],
)
def test_corrupted_file_raises_dedup_error(saved: Path, corrupt: object) -> None:
    raw = saved.read_bytes()
    saved.write_bytes(corrupt(raw))  # type: ignore[operator]
    with pytest.raises(DedupError):
        load_signatures(saved)


def test_wrong_content_raises_dedup_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.npz"
    with pytest.raises(DedupError):
        load_signatures(missing)
    no_scheme = tmp_path / "no_scheme.npz"
    np.savez(no_scheme, ids=np.array(["a"]), signatures=np.zeros((1, 4), np.uint32))
    with pytest.raises(DedupError):
        load_signatures(no_scheme)
    bad_scheme = tmp_path / "bad_scheme.npz"
    np.savez(
        bad_scheme,
        ids=np.array(["a"]),
        signatures=np.zeros((1, 4), np.uint32),
        scheme=np.array('{"nope": 1}'),
    )
    with pytest.raises(DedupError):
        load_signatures(bad_scheme)
    not_json = tmp_path / "not_json.npz"
    np.savez(not_json, ids=np.array(["a"]), signatures=np.zeros((1, 4)), scheme=np.array("{"))
    with pytest.raises(DedupError):
        load_signatures(not_json)


# --- parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"num_perm": 0},
        {"num_perm": 1025},
        {"k": 0},
        {"k": -3},
        {"k": 33},
        {"seed": -1},
        {"seed": 2**64},
        {"scheme": "bogus"},
    ],
)
def test_invalid_parameters_raise_when_computing(params: dict[str, object]) -> None:
    hasher = MinHasher(**params)  # type: ignore[arg-type]
    for name, value in params.items():
        assert getattr(hasher, name) == value  # stored as given (scikit-learn convention)
    with pytest.raises(ParameterError):
        hasher.signatures(["a b c d e f g"])
    with pytest.raises(ParameterError):
        _ = hasher.signature_scheme


def test_valid_parameter_edges() -> None:
    for params in ({"num_perm": 1}, {"num_perm": 1024}, {"k": 1}, {"k": 32}, {"seed": 0},
                   {"seed": 2**64 - 1}):  # fmt: skip
        sig = MinHasher(**params).signatures(["a b c d e f g"])  # type: ignore[arg-type]
        assert sig.shape[0] == 1 and not (sig == MAX32).any()
