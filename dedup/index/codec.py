"""Compact, exact encoding of sorted distinct uint32 sets (shingle fingerprints, anchor keys).

Elias-Fano: each value is split into ``l`` low bits, stored verbatim, and a high part, stored in
unary as one set bit per value in a bit vector of ``n + (max >> l) + 1`` bits. With
``l = floor(log2((max + 1) / n))`` a set costs at most ``n * (l + 3)`` bits: about 14.7 bits a
value for the ~600 22-bit fingerprints of a 600-word article (~1,100 bytes instead of 1,800 raw),
within 4% of the information-theoretic bound for a set of that size. Encoding and decoding are a
handful of vectorised numpy calls (~15 us each for 600 values; encoding is a compiled loop of
~1 us with ``dedup[fast]``); decoding returns the exact set.

Layout: ``<u4 n``, ``u1 l``, ``ceil(n * l / 8)`` bytes of low bits (big-endian bit order, value
after value), then the high bit vector (``numpy.packbits`` order). The decoder reads ``l`` from
the header.
"""

from __future__ import annotations

import struct
from itertools import pairwise

import numpy as np

from dedup import jit
from dedup.arrays import split_at
from dedup.index.errors import IndexFormatError

__all__ = ["pack_many", "pack_sorted", "packed_length", "unpack_sorted"]

_HEADER = struct.Struct("<IB")


def pack_sorted(values: np.ndarray) -> bytes:
    """Encode strictly increasing uint32 ``values`` (``np.unique`` output)."""
    return pack_many(values, np.array([0, len(values)]))[0]


def pack_many(values: np.ndarray, offsets: np.ndarray) -> list[bytes]:
    """:func:`pack_sorted` of each range ``values[offsets[i]:offsets[i + 1]]`` (one compiled
    pass over all of them with ``dedup[fast]``)."""
    v = np.asarray(values, dtype=np.uint32)
    bounds = np.asarray(offsets, dtype=np.int64)
    if jit.numba is not None:
        blob, ends = jit.elias_fano_many(v, bounds)
        return split_at(blob.tobytes(), ends)
    return [_packed(v[a:b]) for a, b in pairwise(bounds.tolist())]


def _packed(v: np.ndarray) -> bytes:
    """One set encoded with numpy."""
    n = len(v)
    if n == 0:
        return _HEADER.pack(0, 0)
    low = jit.elias_fano_low_bits(n, int(v[-1]))
    parts = [_HEADER.pack(n, low)]
    if low:
        bits = np.unpackbits(v.astype(">u4").view(np.uint8).reshape(n, 4), axis=1)
        parts.append(np.packbits(bits[:, 32 - low :]).tobytes())
    high = (v.astype(np.uint64) >> np.uint64(low)).astype(np.int64)
    upper = np.zeros(n + int(high[-1]) + 1, dtype=np.uint8)
    upper[high + np.arange(n)] = 1
    parts.append(np.packbits(upper).tobytes())
    return b"".join(parts)


def packed_length(blob: bytes) -> int:
    """How many values ``blob`` holds, without decoding it."""
    if len(blob) < _HEADER.size:
        raise IndexFormatError(f"corrupted set: {len(blob)} bytes is shorter than its header")
    return int(_HEADER.unpack_from(blob)[0])


def unpack_sorted(blob: bytes) -> np.ndarray:
    """Decode :func:`pack_sorted` output back to the exact sorted uint32 array."""
    n = packed_length(blob)
    low = int(blob[4])
    if n == 0:
        return np.zeros(0, dtype=np.uint32)
    low_bytes = (n * low + 7) // 8
    if low > 32 or len(blob) < _HEADER.size + low_bytes:
        raise IndexFormatError("corrupted set: truncated or bad header")
    raw = np.frombuffer(blob, dtype=np.uint8, offset=_HEADER.size)
    if jit.numba is not None:
        values, found = jit.elias_fano_values(raw, n, low)
        if found < n:
            raise IndexFormatError("corrupted set: high bits missing")
        return _checked(values)
    values = np.zeros(n, dtype=np.uint64)
    if low:
        bits = np.unpackbits(raw[:low_bytes], count=n * low).reshape(n, low)
        full = np.zeros((n, 32), dtype=np.uint8)
        full[:, 32 - low :] = bits
        values = np.packbits(full, axis=1).view(">u4").ravel().astype(np.uint64)
    ones = np.flatnonzero(np.unpackbits(raw[low_bytes:]))
    if len(ones) < n:
        raise IndexFormatError("corrupted set: high bits missing")
    values |= (ones[:n] - np.arange(n)).astype(np.uint64) << np.uint64(low)
    return _checked(values)


def _checked(values: np.ndarray) -> np.ndarray:
    """Decoded uint64 ``values`` as uint32, if they are in range and strictly increasing."""
    if values[-1] >= 1 << 32 or (len(values) > 1 and not (values[1:] > values[:-1]).all()):
        raise IndexFormatError("corrupted set: values out of range or not increasing")
    return values.astype(np.uint32)
