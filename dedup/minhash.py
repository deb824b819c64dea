"""MinHash signatures for whole batches with numpy, and datasketch interoperability.

Two schemes, chosen by measurement (``benchmarks/bench_minhash.py``):

``oph`` (default)
    One-permutation hashing with optimal densification (Li, Owen & Zhang 2012; Shrivastava 2017):
    each shingle is hashed once, its top bits pick one of ``num_perm`` bins and its low 32 bits
    compete for that bin's minimum; empty bins borrow the value of a filled bin found by a
    seeded probe sequence that depends only on the bin, so two documents borrow alike and the
    estimate stays unbiased. Cost per shingle is independent of ``num_perm``.
``kperm``
    Classic MinHash with ``num_perm`` independent seeded hash functions (``num_perm`` hashes per
    shingle), the textbook estimator; slower, kept for comparison and for users who want it.

Signature values are uint32 (like datasketch's default ``affine32`` scheme), so a row converts to
a :class:`datasketch.LeanMinHash` and can be stored in datasketch's LSH indexes and storages.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from dedup import jit
from dedup.errors import DedupError, ParameterError
from dedup.hashing import fmix64, seed_key
from dedup.shingle import ShingleBatch, shingle_texts

if TYPE_CHECKING:
    from datasketch import LeanMinHash

__all__ = [
    "SCHEMES",
    "MinHasher",
    "SignatureScheme",
    "estimate_jaccard",
    "load_signatures",
    "save_signatures",
    "to_lean_minhash",
]

SCHEMES = ("oph", "kperm")
TEXT_HASH = "dedup-text-v1"  # version of the tokeniser + token/shingle hashing
_LOW32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_BIN_STREAM, _PROBE_STREAM, _PERM_STREAM = 1, 2, 3
_KPERM_BLOCK = 1 << 20  # shingle x permutation cells hashed at a time by ``kperm``


@dataclass(frozen=True)
class SignatureScheme:
    """Everything that must match for two signatures to be comparable; saved with signatures."""

    scheme: str = "oph"
    num_perm: int = 128
    k: int = 5
    seed: int = 1
    text_hash: str = TEXT_HASH

    def validate(self) -> None:
        """Raise :class:`ParameterError` for an unusable combination."""
        if self.scheme not in SCHEMES:
            raise ParameterError(f"scheme must be one of {SCHEMES}, got {self.scheme!r}")
        if not 1 <= self.num_perm <= 1024:
            raise ParameterError(f"num_perm must be in 1..1024, got {self.num_perm}")
        if not 1 <= self.k <= 32:
            raise ParameterError(f"k must be in 1..32, got {self.k}")
        if not 0 <= self.seed < 2**64:
            raise ParameterError(f"seed must be in 0..2**64-1, got {self.seed}")

    def to_dict(self) -> dict[str, object]:
        """Plain-dict form (JSON-ready)."""
        return asdict(self)


class MinHasher:
    """Compute MinHash signatures of many texts at once.

    Parameters follow scikit-learn conventions: stored as given in ``__init__`` and validated
    when work starts.

    Parameters
    ----------
    num_perm : number of signature values per document (128).
    k : words per shingle (5).
    seed : seeds every hash (token, shingle, bins, permutations).
    scheme : ``"oph"`` (one-permutation hashing, densified) or ``"kperm"``.
    """

    def __init__(self, num_perm: int = 128, k: int = 5, seed: int = 1, scheme: str = "oph") -> None:
        self.num_perm = num_perm
        self.k = k
        self.seed = seed
        self.scheme = scheme

    @property
    def signature_scheme(self) -> SignatureScheme:
        """The validated :class:`SignatureScheme` of this hasher."""
        s = SignatureScheme(scheme=self.scheme, num_perm=self.num_perm, k=self.k, seed=self.seed)
        s.validate()
        return s

    def shingles(self, texts: list[str]) -> ShingleBatch:
        """Shingle hashes of ``texts`` as this hasher cuts them."""
        s = self.signature_scheme
        return shingle_texts(texts, k=s.k, seed=s.seed)

    def signatures(self, texts: list[str]) -> np.ndarray:
        """``(len(texts), num_perm)`` uint32 signatures of raw texts."""
        return self.signatures_of(self.shingles(texts))

    def signatures_of(self, shingles: ShingleBatch) -> np.ndarray:
        """Signatures of already shingled documents (a document with no shingle gets all-max)."""
        s = self.signature_scheme
        if s.scheme == "oph":
            return _oph(shingles, s.num_perm, s.seed)
        return _kperm(shingles, s.num_perm, s.seed)


def _oph(shingles: ShingleBatch, num_perm: int, seed: int) -> np.ndarray:
    key = np.uint64(seed_key(seed, _BIN_STREAM))
    if jit.numba is not None:
        sig, filled = jit.oph_minima(shingles.hashes, shingles.offsets, num_perm, key)
    else:
        sig, filled = _oph_minima(shingles, num_perm, key)
    _densify(sig, filled, seed)
    return sig


def _oph_minima(
    shingles: ShingleBatch, num_perm: int, key: np.uint64
) -> tuple[np.ndarray, np.ndarray]:
    """Per (document, bin): the least value of its shingles, and whether it had any."""
    n_docs = len(shingles)
    mixed = fmix64(shingles.hashes ^ key)
    bins = ((mixed >> _S32) * np.uint64(num_perm)) >> _S32
    values = (mixed & _LOW32).astype(np.uint32)
    cell = shingles.doc_ids() * num_perm + bins.astype(np.int64)
    flat = np.full(n_docs * num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    np.minimum.at(flat, cell, values)
    filled = np.zeros(n_docs * num_perm, dtype=bool)
    filled[cell] = True
    return flat.reshape(n_docs, num_perm), filled.reshape(n_docs, num_perm)


def _densify(sig: np.ndarray, filled: np.ndarray, seed: int) -> None:
    """Fill empty bins in place by optimal densification (seeded probes per bin and attempt)."""
    has_any = np.asarray(filled.any(axis=1))
    rows, cols = np.nonzero(~filled & has_any[:, None])
    key = np.uint64(seed_key(seed, _PROBE_STREAM))
    num_perm = np.uint64(sig.shape[1])
    attempt = np.uint64(0)
    while len(rows):
        probe = fmix64(cols.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + attempt ^ key)
        src = (((probe >> _S32) * num_perm) >> _S32).astype(np.int64)
        hit = filled[rows, src]
        sig[rows[hit], cols[hit]] = sig[rows[hit], src[hit]]
        rows, cols = rows[~hit], cols[~hit]
        attempt += np.uint64(1)


def _kperm(shingles: ShingleBatch, num_perm: int, seed: int) -> np.ndarray:
    keys = np.array([seed_key(seed, _PERM_STREAM + i) for i in range(num_perm)], dtype=np.uint64)
    n_docs = len(shingles)
    sig = np.full((n_docs, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    counts = shingles.counts
    step = max(1, _KPERM_BLOCK // num_perm)
    doc = 0
    while doc < n_docs:  # blocks of documents, bounded memory; each block fully vectorised
        end = int(np.searchsorted(shingles.offsets, shingles.offsets[doc] + step, "right")) - 1
        end = max(end, doc + 1)
        lo, hi = shingles.offsets[doc], shingles.offsets[end]
        block = shingles.hashes[lo:hi]
        nonempty = np.flatnonzero(counts[doc:end] > 0)
        if len(block):
            hashed = (fmix64(block[:, None] ^ keys[None, :]) & _LOW32).astype(np.uint32)
            starts = (shingles.offsets[doc:end] - lo)[nonempty]
            sig[doc + nonempty] = np.minimum.reduceat(hashed, starts, axis=0)
        doc = end
    return sig


def estimate_jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> np.ndarray | float:
    """Share of equal signature values: the MinHash estimate of Jaccard similarity.

    Works on two rows, or row-wise on two ``(n, num_perm)`` arrays.
    """
    eq = np.asarray(sig_a) == np.asarray(sig_b)
    return float(eq.mean()) if eq.ndim == 1 else eq.mean(axis=1)


def to_lean_minhash(signature: np.ndarray, seed: int = 1) -> LeanMinHash:
    """Wrap one signature row as a datasketch ``LeanMinHash`` (stored with scheme ``affine32``).

    Only compare or index it with other dedup signatures of the same :class:`SignatureScheme`.
    """
    from datasketch import LeanMinHash

    values = np.asarray(signature, dtype=np.uint32)
    return LeanMinHash(seed=seed, hashvalues=values, scheme="affine32")


def save_signatures(
    path: str | Path, ids: list[str], signatures: np.ndarray, scheme: SignatureScheme
) -> None:
    """Save signatures with their ids and scheme to a ``.npz`` file (written atomically)."""
    from dedup.io import atomic_write

    if signatures.shape != (len(ids), scheme.num_perm):
        raise ParameterError(
            f"signatures have shape {signatures.shape}, expected ({len(ids)}, {scheme.num_perm})"
        )
    id_array = np.array(ids, dtype=object).astype(str)
    values = signatures.astype("<u4")
    scheme_json = json.dumps(scheme.to_dict())
    with atomic_write(path, mode="wb", encoding=None) as fh:
        np.savez_compressed(
            fh,
            ids=id_array,
            signatures=values,
            scheme=np.array(scheme_json),
            sha256=np.array(_digest(id_array, values, scheme_json)),
        )


def _digest(ids: np.ndarray, values: np.ndarray, scheme_json: str) -> str:
    digest = hashlib.sha256(scheme_json.encode())
    digest.update("\x00".join(ids.tolist()).encode("utf-8", "surrogatepass"))
    digest.update(np.ascontiguousarray(values, dtype="<u4").tobytes())
    return digest.hexdigest()


_DAMAGED = (OSError, EOFError, KeyError, ValueError, TypeError, zipfile.BadZipFile, zlib.error)


def load_signatures(path: str | Path) -> tuple[list[str], np.ndarray, SignatureScheme]:
    """Load what :func:`save_signatures` wrote; the scheme says how they were made.

    A damaged or foreign file raises :class:`DedupError` (contents are checked by SHA-256).
    """
    try:
        with np.load(path, allow_pickle=False) as data:
            scheme_json = str(data["scheme"])
            ids, values = data["ids"], data["signatures"]
            if str(data["sha256"]) != _digest(ids, values, scheme_json):
                raise ValueError("checksum mismatch: the file is damaged")
            scheme = SignatureScheme(**json.loads(scheme_json))
            return [str(i) for i in ids], values.astype(np.uint32), scheme
    except _DAMAGED as exc:
        raise DedupError(f"{path}: not a valid dedup signature file ({exc})") from exc
