"""LSH banding and candidate pairs by sorting and grouping keys with numpy.

Every document contributes keys (one per band, or one per anchor shingle, see
:mod:`dedup.anchors`); documents that share a key are candidates. Keys and document indexes are
packed into one uint64 (key in the high 32 bits, document in the low 32), sorted in place, and
cut into runs of equal keys; pairs are generated from the runs without any per-document Python.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

import numpy as np

from dedup import jit
from dedup.arrays import unique_counts, unique_sorted
from dedup.errors import ParameterError
from dedup.hashing import fmix64, seed_key

__all__ = [
    "band_keys",
    "optimal_bands",
    "pack_keys",
    "pairs_from_keys",
    "probability_candidate",
    "shared_key_counts",
    "union_pairs",
]

logger = logging.getLogger(__name__)

_LOW32 = np.uint64(0xFFFFFFFF)
_2_POW_32 = np.uint64(1 << 32)
_S32 = np.uint64(32)
_BAND_STREAM = 4


def probability_candidate(similarity: np.ndarray | float, bands: int, rows: int) -> np.ndarray:
    """Probability that two documents of Jaccard ``similarity`` share at least one band."""
    s = np.asarray(similarity, dtype=float)
    return 1.0 - (1.0 - s**rows) ** bands


@lru_cache(maxsize=256)
def optimal_bands(
    threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """Bands and rows minimising the weighted false-positive and false-negative areas.

    The same criterion as datasketch's ``MinHashLSH``: the area under the candidate-probability
    curve below ``threshold`` (false positives) and above the curve beyond it (false negatives),
    weighted, over all ``bands * rows <= num_perm``.
    """
    if not 0.0 < threshold < 1.0:
        raise ParameterError(f"threshold must be in (0, 1), got {threshold}")
    if fp_weight < 0 or fn_weight < 0 or fp_weight + fn_weight <= 0:
        raise ParameterError("fp_weight and fn_weight must be >= 0 and not both 0")
    grid = np.linspace(0.0, 1.0, 2001)
    below, above = grid[grid <= threshold], grid[grid >= threshold]
    best, best_err = (1, 1), np.inf
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = np.trapezoid(probability_candidate(below, bands, rows), below)
            fn = np.trapezoid(1.0 - probability_candidate(above, bands, rows), above)
            err = fp_weight * fp + fn_weight * fn
            if err < best_err:
                best, best_err = (bands, rows), err
    return best


def band_keys(signatures: np.ndarray, bands: int, rows: int, seed: int = 1) -> np.ndarray:
    """``(n, bands)`` uint32 keys: band ``j`` of a document hashed with the band number.

    Each band's ``rows`` values are combined by one vectorised multiply-and-sum with per-position
    odd constants, then mixed; no loop over bands or rows.
    """
    n, num_perm = signatures.shape
    if bands * rows > num_perm:
        raise ParameterError(f"bands*rows = {bands * rows} exceeds num_perm = {num_perm}")
    block = signatures[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    key = np.uint64(seed_key(seed, _BAND_STREAM))
    mult = fmix64(np.arange(1, bands * rows + 1, dtype=np.uint64) ^ key).reshape(bands, rows)
    mult |= np.uint64(1)
    combined = (block * mult[None, :, :]).sum(axis=2, dtype=np.uint64)
    combined += np.arange(bands, dtype=np.uint64)[None, :] * np.uint64(0x9E3779B97F4A7C15)
    return (fmix64(combined) >> _S32).astype(np.uint32)


def pack_keys(keys: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """Pack uint32 ``keys`` with document indexes (< 2**32) into sortable uint64 values."""
    return (np.asarray(keys, dtype=np.uint64) << _S32) | np.asarray(docs, dtype=np.uint64)


def _ranks(sizes: np.ndarray) -> np.ndarray:
    """``0..size-1`` for each size, concatenated."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    run_starts = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - run_starts


def pairs_from_keys(
    packed: np.ndarray,
    *,
    max_group: int = 200,
    oversize: str = "star",
    min_shared: int = 1,
) -> np.ndarray:
    """Candidate pairs ``(a, b)``, ``a < b``, of documents that share keys; ``(m, 2)`` int64.

    ``packed`` (from :func:`pack_keys`) is sorted in place; a repeated (key, document) counts
    once.
    Runs of equal keys of up to ``max_group`` documents give every pair; a larger run gives, with
    ``oversize="star"``, a pair of its first document with each other one (enough to connect a
    big cluster of copies), or with ``"drop"``, none (a key that common is boilerplate). A pair is
    kept when it shares at least ``min_shared`` keys. Rows are sorted, so the result does not
    depend on input order.
    """
    return shared_key_counts(packed, max_group=max_group, oversize=oversize, min_shared=min_shared)[
        0
    ]


def shared_key_counts(
    packed: np.ndarray,
    *,
    max_group: int = 200,
    oversize: str = "star",
    min_shared: int = 1,
    keep: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
    block_pairs: int = 1 << 22,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`pairs_from_keys` and, for each pair, how many keys it shares.

    Pairs are generated in blocks of first documents of at most about ``block_pairs`` (pair,
    key) instances each, so memory stays bounded however many instances there are (1M articles
    of templated reports give hundreds of millions); each block's counts are complete, because
    every instance of a pair has the same first document. ``keep(pairs, counts)``, if given,
    returns a mask of the pairs to keep, applied block by block.
    """
    if oversize not in ("star", "drop"):
        raise ParameterError(f"oversize must be 'star' or 'drop', got {oversize!r}")
    if max_group < 2:
        raise ParameterError(f"max_group must be >= 2, got {max_group}")
    packed.sort()
    repeated = packed[1:] == packed[:-1]
    if repeated.any():  # the same (key, document) twice counts once
        packed = packed[np.concatenate([[True], ~repeated])]
    del repeated
    empty = np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    if len(packed) < 2:
        return empty
    # Most keys belong to one document: work only on the members of runs of 2 or more.
    # runs of 2 or more: entry i starts one when it has the next one's key and not the previous
    # one's, and entry i + 1 ends one when i has its key and i + 1 not the next one's (boolean
    # temporaries only: no index array as long as the entries)
    same = _same_key_as_next(packed)
    follows = np.zeros(len(same), dtype=bool)
    follows[1:] = same[:-1]
    starts = np.flatnonzero(same & ~follows)
    follows[:-1] = same[1:]
    follows[-1] = False
    sizes = np.flatnonzero(same & ~follows) + 2 - starts
    del same, follows
    # every member of a small run pairs with the members after it; the first member of an
    # oversize run (its smallest document), with every other one ("star")
    small = sizes <= max_group
    # int32 where it fits: these arrays have an entry per member of a shared key (tens of
    # millions at 1M articles), the largest of the whole job
    index = np.int32 if len(packed) < 2**31 else np.int64
    pos = (np.repeat(starts[small], sizes[small]) + _ranks(sizes[small])).astype(index)
    later = (np.repeat((starts + sizes)[small], sizes[small]) - pos - 1).astype(index)
    big = ~small
    if big.any():
        logger.info("%d keys shared by more than %d documents (%s)", big.sum(), max_group, oversize)
        if oversize == "star":
            pos = np.concatenate([pos, starts[big].astype(index)])
            later = np.concatenate([later, (sizes[big] - 1).astype(index)])
    has_partners = later > 0
    pos, later = pos[has_partners], later[has_partners]
    # Blocks of first documents with about block_pairs instances each (documents are grouped
    # 4,096 at a time, so a block may exceed that by one group's worth); selected by mask, so
    # nothing is reordered or copied whole.
    first_doc = (packed[pos] & _LOW32).astype(np.uint32)
    per_group = np.cumsum(np.bincount(first_doc >> 12, weights=later))
    marks = np.arange(block_pairs, per_group[-1] if len(per_group) else 0, block_pairs)
    edges = (
        np.unique(np.concatenate([[0], np.searchsorted(per_group, marks) + 1, [len(per_group)]]))
        << 12
    )
    found_pairs, found_counts = [empty[0]], [empty[1]]
    for lo, hi in pairwise(edges.tolist()):
        in_block = (first_doc >= lo) & (first_doc < hi)
        codes, counts = unique_counts(_pair_codes(packed, pos[in_block], later[in_block]))
        del in_block
        enough = counts >= min_shared
        codes, counts = codes[enough], counts[enough]
        pairs = np.stack(
            [(codes >> _S32).astype(np.int64), (codes & _LOW32).astype(np.int64)], axis=1
        )
        if keep is not None:
            mask = keep(pairs, counts)
            pairs, counts = pairs[mask], counts[mask]
        found_pairs.append(pairs)
        found_counts.append(counts.astype(np.int64))
    return np.concatenate(found_pairs), np.concatenate(found_counts)


def _pair_codes(packed: np.ndarray, pos: np.ndarray, later: np.ndarray) -> np.ndarray:
    """``doc(p) << 32 | doc(p + j)`` for each entry ``p`` of ``pos`` and ``j`` in 1..later.

    Inside a run of one key documents are ascending and distinct, so the first is the smaller.
    """
    if jit.numba is not None:
        return jit.pair_codes(packed, pos, later)
    first = np.repeat(pos, later)
    second = first + 1 + _ranks(later)
    codes = packed[first] << _S32
    codes |= packed[second] & _LOW32
    return codes


def _same_key_as_next(packed: np.ndarray, step: int = 1 << 22) -> np.ndarray:
    """``same[i]``: entries ``i`` and ``i + 1`` of sorted ``packed`` have the same key.

    Computed in slices, so the temporary is ``step`` values, not a copy of ``packed``.
    """
    same = np.empty(len(packed) - 1, dtype=bool)
    for lo in range(0, len(same), step):
        hi = min(lo + step, len(same))
        np.less(packed[lo + 1 : hi + 1] ^ packed[lo:hi], _2_POW_32, out=same[lo:hi])
    return same


def union_pairs(*pair_sets: np.ndarray) -> np.ndarray:
    """Sorted distinct rows of several ``(m, 2)`` pair arrays (documents < 2**32)."""
    codes = np.concatenate(
        [np.zeros(0, np.uint64)]
        + [(p[:, 0].astype(np.uint64) << _S32) | p[:, 1].astype(np.uint64) for p in pair_sets]
    )
    codes = unique_sorted(codes)
    return np.stack([(codes >> _S32).astype(np.int64), (codes & _LOW32).astype(np.int64)], axis=1)
