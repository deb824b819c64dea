"""Bucket entries ``(key, seq)`` as the stores keep them, shared by SQLite and Redis.

An entry is coded ``key << 32 | seq`` (uint64); a *run* is a sorted array of codes (an ``add``
batch's entries, or several batches combined); a *group* holds the entries of the bucket keys
``k`` with one ``k >> GROUP_SHIFTS[kind]``, as 6-byte ``(low bits of k as <u2, seq as <u4)``
records, in stored order (ascending seq within a key). Reading answers a whole batch of keys:
only the entries of wanted keys are decoded (a binary search of each entry's key), and runs
are binary-searched.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from dedup import jit
from dedup.arrays import range_indexes
from dedup.index.base import ANCHORS, BANDS
from dedup.index.errors import IndexFormatError

__all__ = [
    "GROUP_SHIFTS",
    "codes_of",
    "combine_due",
    "decode_groups",
    "entries_after",
    "group_rows",
    "group_rows_keep_order",
    "grouped_entries",
    "groups_of",
    "members",
    "merge_due",
    "owned_by",
    "run_codes",
    "runs_by_group",
    "sorted_concat",
]

GROUP_SHIFTS = {BANDS: 16, ANCHORS: 14}
"""Bits of a bucket key that pick its entry's slot in the group (the others pick the group):
~9 band keys and ~75 anchor keys an article, so band groups are wider (at most 16 bits: the
slot is stored as <u2)."""
_ENTRY = np.dtype([("low", "<u2"), ("seq", "<u4")])  # one bucket entry in a group's blob
_S32 = np.uint64(32)
_FILTER_BITS = 24
_FILTER_MASK = np.uint32((1 << _FILTER_BITS) - 1)
_FILTER_FROM = 1 << 20
"""Entries decoded at once from which wanted keys are first looked up in a table of 2**24
flags (a 16 MB pass, then a binary search of ~0.5% of the entries instead of all)."""
_LOW32 = np.uint64(0xFFFFFFFF)


def groups_of(kind: str, keys: np.ndarray) -> np.ndarray:
    """The distinct groups (int64) holding bucket ``keys`` of ``kind``."""
    shifted = np.asarray(keys, dtype=np.uint32) >> np.uint32(GROUP_SHIFTS[kind])
    return np.unique(shifted).astype(np.int64)


def members(
    kind: str,
    keys: np.ndarray,
    rows: list[tuple[int, bytes]],
    runs: list[np.ndarray],
    limit: int | None,
) -> list[list[int]]:
    """Members of each bucket ``keys[i]`` in insertion order (at most ``limit``), from the
    ``(group, blob)`` rows holding them and from runs of codes."""
    keys = np.asarray(keys, dtype=np.uint32)
    distinct = np.unique(keys)
    parts = []
    if rows:
        parts.append(decode_groups(rows, GROUP_SHIFTS[kind], only=distinct)[1])
    first = distinct.astype(np.uint64) << _S32  # ascending: searched in order, the paths
    last = first | _LOW32  # through a large run stay in cache
    for codes in runs:
        starts = np.searchsorted(codes, first)
        parts.append(codes[range_indexes(starts, np.searchsorted(codes, last, side="right"))])
    found = np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)
    wanted = keys.astype(np.uint64) << _S32
    bounds = np.searchsorted(found, wanted), np.searchsorted(found, wanted | _LOW32, "right")
    seqs = (found & _LOW32).astype(np.int64)
    return [
        seqs[a : b if limit is None else min(b, a + limit)].tolist()
        for a, b in zip(bounds[0].tolist(), bounds[1].tolist(), strict=True)
    ]


def codes_of(keys: np.ndarray, offsets: np.ndarray, seqs: np.ndarray) -> np.ndarray:
    """``key << 32 | seq`` of every bucket entry, sorted (uint64): article ``i``, numbered
    ``seqs[i]``, has the keys ``keys[offsets[i]:offsets[i + 1]]``."""
    owners = np.repeat(np.asarray(seqs, dtype=np.uint64), np.diff(offsets))
    return np.sort((np.asarray(keys, dtype=np.uint32).astype(np.uint64) << _S32) | owners)


def owned_by(codes: np.ndarray, seqs: np.ndarray) -> np.ndarray:
    """Which ``key << 32 | seq`` codes belong to articles ``seqs`` (sorted uint64)."""
    owners = codes & np.uint64(0xFFFFFFFF)
    at = np.minimum(np.searchsorted(seqs, owners), len(seqs) - 1)
    return seqs[at] == owners if len(seqs) else np.zeros(len(codes), dtype=bool)


def sorted_concat(parts: list[np.ndarray]) -> np.ndarray:
    """Sorted arrays merged into one (timsort finds the sorted runs)."""
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    return np.sort(np.concatenate(parts), kind="stable")


def run_codes(blob: bytes) -> np.ndarray:
    if len(blob) % 8:
        raise IndexFormatError("corrupted index: a recent run is not whole uint64 codes")
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def runs_by_group(runs: list[np.ndarray], shift: int) -> tuple[np.ndarray, np.ndarray, bytes]:
    """The entries of runs of codes laid out group by group, as one blob: ``(groups, bytes of
    each group's entries, blob)``. Inside a group, the runs' entries come in run order, each
    run's in its own order: a stable sort by group (when compiled, a merge of the runs, which
    are sorted), not a sort of the codes."""
    codes = np.concatenate(runs) if runs else np.zeros(0, np.uint64)
    if jit.numba is not None and len(codes):
        bounds = np.cumsum([0] + [len(r) for r in runs])
        groups, counts, raw = jit.entries_by_group(codes, bounds, shift)
        return groups, counts * _ENTRY.itemsize, raw.tobytes()
    codes = codes[np.argsort(codes >> np.uint64(32 + shift), kind="stable")]
    return grouped_entries(codes >> np.uint64(32 + shift), codes, shift)


def group_rows(runs: list[np.ndarray], shift: int) -> tuple[list[int], list[bytes]]:
    """The entries of runs of codes as ``(group, blob of entries)`` rows (see
    :func:`runs_by_group`)."""
    return _rows(*runs_by_group(runs, shift))


def group_rows_keep_order(
    grp: np.ndarray, codes: np.ndarray, shift: int
) -> tuple[list[int], list[bytes]]:
    """Rows of entries already ordered by group (and, inside a group, as they should stay)."""
    return _rows(*grouped_entries(grp, codes, shift))


def _rows(groups: np.ndarray, sizes: np.ndarray, raw: bytes) -> tuple[list[int], list[bytes]]:
    cuts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
    return groups.tolist(), [raw[a:b] for a, b in pairwise(cuts)]


def grouped_entries(
    grp: np.ndarray, codes: np.ndarray, shift: int
) -> tuple[np.ndarray, np.ndarray, bytes]:
    """Entries already ordered by group as one blob: ``(groups, bytes of each group's entries,
    blob)``, without a Python object per group."""
    if not len(codes):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), b""
    entries = np.empty(len(codes), dtype=_ENTRY)
    entries["low"] = (codes >> _S32) & np.uint64((1 << shift) - 1)
    entries["seq"] = codes & np.uint64(0xFFFFFFFF)
    first = np.flatnonzero(np.concatenate([[True], grp[1:] != grp[:-1]]))
    sizes = np.diff(np.append(first, len(grp))) * _ENTRY.itemsize
    return grp[first].astype(np.int64), sizes, entries.tobytes()


def decode_groups(
    rows: list[tuple[int, bytes]], shift: int, only: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Group rows back to ``(group of each entry, code of each entry)``, in stored order; with
    ``only`` (sorted distinct uint32 keys), just the entries of those keys."""
    blobs = [b for _, b in rows]
    sizes = np.array([len(b) for b in blobs], dtype=np.int64)
    if (sizes % _ENTRY.itemsize).any():
        raise IndexFormatError("corrupted index: a bucket group is not whole entries")
    entries = np.frombuffer(b"".join(blobs), dtype=_ENTRY)
    grp = np.array([g for g, _ in rows], dtype=np.uint32)
    keys = np.repeat(grp << np.uint32(shift), sizes // _ENTRY.itemsize) | entries["low"]
    grp_of = keys >> np.uint32(shift)
    seqs = entries["seq"]
    if only is not None:
        if len(keys) >= _FILTER_FROM:  # a bit table of the keys' low bits first (no search)
            table = np.zeros(1 << _FILTER_BITS, dtype=bool)
            table[only & _FILTER_MASK] = True
            maybe = np.flatnonzero(table[keys & _FILTER_MASK])
            keys, seqs, grp_of = keys[maybe], seqs[maybe], grp_of[maybe]
        at = np.minimum(np.searchsorted(only, keys), len(only) - 1)
        hit = only[at] == keys
        keys, seqs, grp_of = keys[hit], seqs[hit], grp_of[hit]
    codes = (keys.astype(np.uint64) << _S32) | seqs.astype(np.uint64)
    return grp_of.astype(np.int64), codes


def entries_after(blob: bytes, seq: int) -> bytes:
    """The entries of a group's blob whose seqs are above ``seq``."""
    entries = np.frombuffer(blob, dtype=_ENTRY)
    return entries[entries["seq"] > seq].tobytes()


def merge_due(last: int, merged: int, minimum: int, factor: int) -> bool:
    """Whether runs holding articles ``merged + 1 .. last`` are due to be merged into the
    groups: at ``max(minimum, sqrt(factor * merged))`` articles (a merge rewrites every group,
    so fewer, larger merges at larger sizes)."""
    return last - merged >= max(minimum, int((factor * merged) ** 0.5))


RUN_FANOUT = 4
"""Runs of one size class (articles, in powers of this) combined into one."""


def combine_due(articles: list[int], most: int | None = None, fanout: int = RUN_FANOUT) -> bool:
    """Whether the newest runs, holding ``articles`` each, are combined into one: the newest
    ``fanout`` when they are of one size class (powers of ``fanout``) and hold at most
    ``most`` articles in all, so a reader searches a few runs whatever the batch size."""
    classes = {int(np.log(max(1, n)) / np.log(fanout)) for n in articles}
    small = most is None or sum(articles) <= most
    return len(articles) >= fanout and len(classes) == 1 and small
