"""Word k-shingles of token hashes, hashed to seeded 64-bit integers, for whole batches at once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dedup import jit
from dedup.arrays import unique_sorted
from dedup.hashing import fmix64
from dedup.text import TokenBatch, tokenize_batch

__all__ = [
    "FIGURE_TAG",
    "ShingleBatch",
    "shingle_batch",
    "shingle_offsets",
    "shingle_starts",
    "shingle_texts",
]

_S32 = np.uint64(32)
_S43 = np.uint64(43)  # keeps a hash's top 21 bits
_FP_BITS = 22  # fingerprint width: 21 hash bits and the figure tag
_U1 = np.uint64(1)
FIGURE_TAG = 1
"""Low bit of a fingerprint that marks a figure token rather than a shingle."""
_SLICE_DOCS = 1 << (32 - _FP_BITS)  # documents whose fingerprints sort as one uint32 array
_K_STEP = np.uint64(0x9FB21C651E98DF25)
_K_LEN = np.uint64(0xD6E8FEB86659FD93)


@dataclass(frozen=True)
class ShingleBatch:
    """Shingle hashes of many documents: doc ``i`` owns ``hashes[offsets[i]:offsets[i + 1]]``.

    Hashes are in text order and may repeat within a document (a repeated phrase); use
    :meth:`doc_set` for the set.
    """

    hashes: np.ndarray  # uint64
    offsets: np.ndarray  # int64, len(docs) + 1
    is_distinct: bool = False  # each document's hashes sorted, without repeats
    tokens: TokenBatch | None = None  # what they were cut from: figure tokens come from it

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @property
    def counts(self) -> np.ndarray:
        """Number of shingles (with repeats) of each document."""
        return np.diff(self.offsets)

    def doc(self, i: int) -> np.ndarray:
        """Shingle hashes of document ``i`` in text order."""
        return self.hashes[self.offsets[i] : self.offsets[i + 1]]

    def doc_set(self, i: int) -> np.ndarray:
        """Sorted distinct shingle hashes of document ``i``."""
        return unique_sorted(self.doc(i))

    def distinct(self) -> ShingleBatch:
        """The same documents with each one's hashes sorted and repeats removed."""
        if self.is_distinct:
            return self
        hashes = np.concatenate(
            [np.zeros(0, np.uint64)] + [np.sort(self.doc(i)) for i in range(len(self))]
        )
        return _drop_repeats(hashes, self.offsets)

    def fingerprints(self) -> ShingleBatch:
        """Distinct sorted 22-bit fingerprints of every document: what verification compares.

        A shingle's fingerprint is the top 21 bits of its hash shifted left, with the low bit 0;
        a figure token's (one that starts with a digit, from :attr:`tokens`) has the low bit 1
        (:data:`FIGURE_TAG`), so one sorted set per document carries both and every store keeps
        it unchanged (uint32 values below ``2**22``). Two different shingles share a
        fingerprint with chance ``2**-21``: two 600-word articles share ~0.17 spurious shingles
        (Jaccard and containment off by ~3e-4 on average; ~1e-3 for two 5,000-word articles),
        below any threshold's resolution, and an index stores 30% fewer bytes than with 32-bit
        fingerprints.
        """
        if self.hashes.dtype == np.uint32:  # fingerprints already
            return self.distinct()
        parts = [((self.hashes >> _S43) << _U1).astype(np.uint32)]
        doc_parts = [self.doc_ids()]
        tokens = self.tokens
        if tokens is not None and tokens.is_figure is not None:
            picked = tokens.is_figure
            parts.append(
                (((tokens.hashes[picked] >> _S43) << _U1) | np.uint64(FIGURE_TAG)).astype(np.uint32)
            )
            doc_parts.append(np.repeat(np.arange(len(self)), tokens.counts)[picked])
        # one uint32 sort per slice of 1,024 documents: (document in the slice, fingerprint)
        # packed into 32 bits sorts several times faster than a uint64 key for the whole batch
        values, docs = [], []
        for first in range(0, len(self), _SLICE_DOCS):
            codes = []
            for d, f in zip(doc_parts, parts, strict=True):
                lo, hi = np.searchsorted(d, [first, first + _SLICE_DOCS])
                local = (d[lo:hi] - first).astype(np.uint32) << np.uint32(_FP_BITS)
                codes.append(local | f[lo:hi])
            packed = unique_sorted(np.concatenate(codes))
            values.append(packed & np.uint32((1 << _FP_BITS) - 1))
            docs.append((packed >> np.uint32(_FP_BITS)).astype(np.int64) + first)
        if not values:
            return ShingleBatch(np.zeros(0, np.uint32), np.zeros(1, np.int64), is_distinct=True)
        offsets = np.searchsorted(np.concatenate(docs), np.arange(len(self) + 1))
        return ShingleBatch(np.concatenate(values), offsets.astype(np.int64), is_distinct=True)

    def doc_ids(self) -> np.ndarray:
        """The document index of every shingle (computed once; do not modify it)."""
        return self._doc_ids

    @cached_property
    def _doc_ids(self) -> np.ndarray:
        return np.repeat(np.arange(len(self), dtype=np.int64), self.counts)


def _drop_repeats(values: np.ndarray, offsets: np.ndarray) -> ShingleBatch:
    """Documents of sorted ``values`` without adjacent repeats inside each document."""
    fresh = np.ones(len(values), dtype=bool)
    fresh[1:] = values[1:] != values[:-1]
    counts = np.diff(offsets)
    fresh[offsets[:-1][counts > 0]] = True  # a document's first value is always kept
    kept_before = np.concatenate([[0], np.cumsum(fresh)])
    return ShingleBatch(values[fresh], kept_before[offsets], is_distinct=True)


def shingle_offsets(counts: np.ndarray, k: int) -> np.ndarray:
    """Where each document's shingles start (and the end): ``n - k + 1`` for ``n >= k`` tokens,
    one shingle of all its tokens for a shorter document with any."""
    counts = np.asarray(counts, dtype=np.int64)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.where(counts >= k, counts - k + 1, np.minimum(counts, 1)), out=offsets[1:])
    return offsets


def shingle_starts(counts: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each shingle starts in the flat token array, how many tokens it has, and doc offsets.

    A document of ``n >= k`` tokens has ``n - k + 1`` shingles of ``k`` tokens; a shorter one with
    at least one token has a single shingle of all its ``n`` tokens, so it still gets a signature.
    """
    counts = np.asarray(counts, dtype=np.int64)
    offsets = shingle_offsets(counts, k)
    n_shingles = np.diff(offsets)
    token_offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=token_offsets[1:])
    doc = np.repeat(np.arange(len(counts), dtype=np.int64), n_shingles)
    starts = token_offsets[doc] + (np.arange(offsets[-1], dtype=np.int64) - offsets[doc])
    lengths = np.minimum(counts[doc], k)
    return starts, lengths, offsets


def shingle_batch(tokens: TokenBatch, k: int = 5) -> ShingleBatch:
    """Hash every word k-shingle of every document in ``tokens`` (a loop over ``k`` only).

    The rolling combination runs over contiguous slices of the flat token array (no gathers);
    windows that cross a document boundary are dropped, and documents shorter than ``k`` get one
    shingle of all their tokens.
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    counts = tokens.counts
    t = tokens.hashes
    if jit.numba is not None:
        offsets = shingle_offsets(counts, k)
        hashes = jit.shingle_hashes(t, tokens.offsets, offsets, k, _K_STEP, _K_LEN)
        return ShingleBatch(hashes=hashes, offsets=offsets, tokens=tokens)
    starts, lengths, offsets = shingle_starts(counts, k)
    full = lengths == k
    h = np.empty(len(starts), dtype=np.uint64)
    n_windows = len(t) - k + 1
    if n_windows > 0:
        rolled = t[:n_windows].copy()
        for i in range(1, k):
            rolled *= _K_STEP
            rolled += t[i : n_windows + i]
        h[full] = rolled[starts[full]]
    short = np.flatnonzero(~full)
    if len(short):
        hs = np.zeros(len(short), dtype=np.uint64)
        for i in range(k):
            inside = i < lengths[short]
            hs = np.where(inside, hs * _K_STEP + t[np.minimum(starts[short] + i, len(t) - 1)], hs)
        h[short] = hs
    hashes = fmix64(h ^ (lengths.astype(np.uint64) * _K_LEN))
    return ShingleBatch(hashes=hashes, offsets=offsets, tokens=tokens)


def shingle_texts(texts: list[str], k: int = 5, seed: int = 1) -> ShingleBatch:
    """Tokenise, then shingle, a batch of texts."""
    return shingle_batch(tokenize_batch(texts, seed=seed), k=k)
