"""Content-defined anchor shingles: candidates for the ``overlap`` relation at scale.

Whole-document LSH only finds pairs whose Jaccard is near its threshold; a rewrite that keeps
half of a shorter article inside a longer one has Jaccard ~0.15. Anchors find those pairs by
containment instead: a shingle is an anchor when its seeded hash falls in a ``1/rate`` slice of
the hash space, so the choice depends on the shingle's content alone (as in MOSS-style
fingerprinting) and passages two articles share yield the same anchors wherever they sit.
Articles sharing at least ``min_shared`` anchors become candidates, through the same sort-and-group
machinery as the LSH bands; anchors shared by very many articles (boilerplate) are dropped.

A shorter article whose shingles are contained in a longer one with containment ``c`` shares
about ``c * n / rate`` anchors with it (``n`` its shingle count), so recall depends on ``rate`` and
article length; ``benchmarks/bench_speed.py`` measures it.
"""

from __future__ import annotations

import numpy as np

from dedup import jit
from dedup.arrays import unique_sorted
from dedup.hashing import fmix64, seed_key
from dedup.lsh import pack_keys, shared_key_counts
from dedup.shingle import ShingleBatch

__all__ = [
    "ANCHOR_SLACK",
    "anchor_candidates",
    "anchor_keys",
    "packed_anchor_candidates",
    "passes_anchor_rule",
]

ANCHOR_SLACK = 0.5
"""A pair is verified when its anchor estimate of containment reaches this share of the
threshold: anchors are a sample, so the estimate is noisy, and exact verification decides."""

_ANCHOR_STREAM = 5
_S32 = np.uint64(32)


def anchor_keys(shingles: ShingleBatch, rate: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Distinct anchors of each document: ``(keys, docs)``, uint32 keys and int64 doc indexes.

    A shingle is an anchor when its mixed hash is ``0 mod rate`` (``rate=1``: every shingle).
    """
    key = np.uint64(seed_key(seed, _ANCHOR_STREAM))
    if jit.numba is not None and rate < 2**32:  # the kernel's modulus is 32-bit
        codes = jit.anchor_codes(shingles.hashes, shingles.offsets, key, rate)
    else:
        mixed = fmix64(shingles.hashes ^ key)
        chosen = np.flatnonzero((mixed & np.uint64(0xFFFFFFFF)) % np.uint64(rate) == 0)
        docs = shingles.doc_ids()[chosen]
        codes = (docs.astype(np.uint64) << _S32) | (mixed[chosen] >> _S32)
    codes = unique_sorted(codes)
    return (codes & np.uint64(0xFFFFFFFF)).astype(np.uint32), (codes >> _S32).astype(np.int64)


def passes_anchor_rule(
    shared: np.ndarray | int, smaller: np.ndarray | int, containment: float, min_shared: int
) -> np.ndarray:
    """Whether pairs sharing ``shared`` anchors are overlap candidates: the one rule that the
    batch job, the Dask engine and the index all apply.

    ``smaller`` is the anchor count of the pair's document with fewer anchors. A pair needs
    ``min_shared`` shared anchors and an anchor estimate of containment of at least
    ``ANCHOR_SLACK * containment``.
    """
    shared = np.asarray(shared)
    return (shared >= min_shared) & (shared >= ANCHOR_SLACK * containment * np.asarray(smaller))


def anchor_candidates(
    keys: np.ndarray,
    docs: np.ndarray,
    *,
    containment: float,
    min_shared: int = 2,
    max_group: int = 100,
) -> np.ndarray:
    """Pairs of documents whose shared anchors suggest containment near ``containment`` or more.

    A pair needs ``min_shared`` shared anchors and an estimated containment (shared anchors over
    the smaller document's anchors) of at least ``ANCHOR_SLACK * containment``. Anchors held by
    more than ``max_group`` documents are boilerplate and dropped.
    """
    return packed_anchor_candidates(
        pack_keys(keys, docs), containment=containment, min_shared=min_shared, max_group=max_group
    )


def packed_anchor_candidates(
    packed: np.ndarray,
    *,
    containment: float,
    min_shared: int = 2,
    max_group: int = 100,
    per_doc: np.ndarray | None = None,
) -> np.ndarray:
    """:func:`anchor_candidates` on anchors already packed by :func:`dedup.lsh.pack_keys`.

    ``packed`` is sorted in place (no copy: the batch job's largest array). ``per_doc``, the
    number of anchors of each document, is counted from ``packed`` when not given.
    """
    if per_doc is None:
        docs = (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)
        per_doc = np.bincount(docs) if len(docs) else np.zeros(0, dtype=np.int64)
        del docs

    def enough(pairs: np.ndarray, shared: np.ndarray) -> np.ndarray:
        smaller = np.minimum(per_doc[pairs[:, 0]], per_doc[pairs[:, 1]])
        return passes_anchor_rule(shared, smaller, containment, min_shared)

    pairs, _ = shared_key_counts(
        packed, max_group=max_group, oversize="drop", min_shared=min_shared, keep=enough
    )
    return pairs
