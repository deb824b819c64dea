"""Compiled kernels of the hot path (tokens, shingles, one-permutation MinHash), with numba.

Installed with the ``fast`` extra (``pip install 'dedup[fast]'``). Each kernel computes exactly
what its numpy counterpart in :mod:`dedup.text`, :mod:`dedup.shingle` and :mod:`dedup.minhash`
computes (the tests compare them on random input), in one pass per document instead of a dozen
whole-array passes. Without numba, or with ``DEDUP_KERNELS=numpy`` in the environment, the numpy
code runs: same tokens, same hashes, same signatures, slower.

Compiled code is cached on disk (numba's ``cache=True``), so only the first run on a machine pays
the compilation (a few seconds).
"""

from __future__ import annotations

import logging
import os
from typing import Any

import numpy as np

__all__ = ["KERNELS", "MAX_TOKEN_BYTES", "elias_fano_low_bits", "kernels_in_use"]

logger = logging.getLogger(__name__)

KERNELS = os.environ.get("DEDUP_KERNELS", "auto")
"""``auto`` (numba when installed), ``numba`` (required) or ``numpy``: read once, at import."""

numba: Any
try:
    if KERNELS == "numpy":
        raise ImportError("DEDUP_KERNELS=numpy")
    import numba
except ImportError:
    if KERNELS == "numba":
        raise
    numba = None


def kernels_in_use() -> str:
    """``"numba"`` when the compiled kernels run, else ``"numpy"``."""
    return "numpy" if numba is None else "numba"


def elias_fano_low_bits(n: int, last: int) -> int:
    """``floor(log2((last + 1) / n))`` (within 0..32): the low bits that minimise the Elias-Fano
    size of ``n`` values up to ``last``; plain Python, compiled below for the kernels."""
    q = (last + 1) // n
    bits = 0
    while q > 0:
        q >>= 1
        bits += 1
    return max(0, min(32, bits - 1))


MAX_TOKEN_BYTES = 2**31 - 2
"""Longest buffer ``token_spans`` takes (its byte positions are int32); longer ones take the
numpy path."""

if numba is not None:
    _U8 = np.uint64(8)
    _U64 = np.uint64(64)
    _U32 = np.uint64(32)
    _U33 = np.uint64(33)
    _LOW32 = np.uint64(0xFFFFFFFF)
    _M1 = np.uint64(0xFF51AFD7ED558CCD)
    _M2 = np.uint64(0xC4CEB9FE1A85EC53)
    _jit: Any = numba.njit(cache=True, nogil=True)

    @_jit
    def _fmix(x: np.uint64) -> np.uint64:
        x ^= x >> _U33
        x *= _M1
        x ^= x >> _U33
        x *= _M2
        x ^= x >> _U33
        return x

    # byte classes: bit 0 word character, bit 1 digit, bit 2 joins words (' - . &), bit 3
    # joins digits (,); see dedup.text for the token rule
    _CLASS = np.zeros(256, np.uint8)
    _CLASS[ord("0") : ord("9") + 1] = 3
    _CLASS[ord("a") : ord("z") + 1] = 1
    _CLASS[ord("A") : ord("Z") + 1] = 1  # ASCII may come unfolded: hashed as lower case
    _CLASS[0x80:] = 1
    _CLASS[[ord(c) for c in "'-.&"]] = 4
    _CLASS[ord(",")] = 8
    _TAIL = np.array([(1 << (8 * n)) - 1 for n in range(8)] + [2**64 - 1], dtype=np.uint64)

    @_jit
    def _token_edges(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # three simple passes, each faster than one pass doing all three: byte classes (a
        # table lookup), which bytes are in a token (branch-free, vectorised by LLVM), then
        # the token edges (the position is written at every byte and the count advances on
        # each edge, so starts and ends alternate in one int32 array)
        m = len(buf)
        classes = np.empty(m, np.uint8)
        for i in range(m):
            classes[i] = _CLASS[buf[i]]
        inside = np.zeros(m, np.uint8)  # the first and last bytes are padding: never inside
        for i in range(1, m - 1):
            here = classes[i]
            around = classes[i - 1] & classes[i + 1]
            inside[i] = (here | (here >> 2) & around | (here >> 3) & (around >> 1)) & 1
        edges = np.empty(m + 1, np.int32)
        n = prev = 0
        for i in range(1, m):
            tok = inside[i]
            edges[n] = i
            n += tok ^ prev
            prev = tok
        return edges[0:n:2].astype(np.int64), edges[1:n:2].astype(np.int64)

    @_jit
    def token_spans(
        buf: np.ndarray, key: np.uint64, k_len: np.uint64, k_chunk: np.uint64
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Byte starts, ends, seeded hashes and figure flags (first byte a digit) of the tokens
        of padded normalised bytes (ASCII upper case allowed: folded here)."""
        starts, ends = _token_edges(buf)
        padded = np.zeros((len(buf) + 23) // 8 * 8, np.uint8)
        for i in range(len(buf)):  # ASCII upper case folded, as bytes.lower() does
            b = buf[i]
            padded[i] = b + 32 if 65 <= b <= 90 else b
        words = padded.view(np.uint64)  # spans read 8 bytes at a time, little-endian
        hashes = np.empty(len(starts), np.uint64)
        is_figure = np.empty(len(starts), np.bool_)
        for t in range(len(starts)):
            start, length = starts[t], ends[t] - starts[t]
            is_figure[t] = (_CLASS[buf[start]] & 2) != 0
            offset = 0
            h = np.uint64(0)
            while offset == 0 or offset < length:
                pos = start + offset
                shift = np.uint64(pos & 7) * _U8
                chunk = words[pos >> 3] >> shift
                if shift:
                    chunk |= words[(pos >> 3) + 1] << (_U64 - shift)
                chunk &= _TAIL[min(length - offset, 8)]
                if offset == 0:
                    h = _fmix(np.uint64(length) * k_len ^ key ^ chunk)
                else:
                    h = _fmix((h ^ chunk) * k_chunk)
                offset += 8
            hashes[t] = h
        return starts, ends, hashes, is_figure

    @_jit
    def shingle_hashes(
        tokens: np.ndarray,
        token_offsets: np.ndarray,
        offsets: np.ndarray,
        k: int,
        k_step: np.uint64,
        k_len: np.uint64,
    ) -> np.ndarray:
        """Hashes of every word k-shingle, documents laid out as ``offsets`` says."""
        out = np.empty(offsets[-1], np.uint64)
        for d in range(len(token_offsets) - 1):
            lo = token_offsets[d]
            n = token_offsets[d + 1] - lo
            width = min(n, k)
            tail = np.uint64(width) * k_len
            for s in range(offsets[d + 1] - offsets[d]):
                h = tokens[lo + s]
                for j in range(1, width):
                    h = h * k_step + tokens[lo + s + j]
                out[offsets[d] + s] = _fmix(h ^ tail)
        return out

    @_jit
    def oph_minima(
        hashes: np.ndarray, offsets: np.ndarray, num_perm: int, key: np.uint64
    ) -> tuple[np.ndarray, np.ndarray]:
        """One-permutation minima per (document, bin) and which bins got a shingle."""
        n_docs = len(offsets) - 1
        sig = np.full((n_docs, num_perm), np.uint32(0xFFFFFFFF), np.uint32)
        filled = np.zeros((n_docs, num_perm), np.bool_)
        bins = np.uint64(num_perm)
        for d in range(n_docs):
            for i in range(offsets[d], offsets[d + 1]):
                mixed = _fmix(hashes[i] ^ key)
                b = ((mixed >> _U32) * bins) >> _U32
                v = np.uint32(mixed & _LOW32)
                if v < sig[d, b]:
                    sig[d, b] = v
                filled[d, b] = True
        return sig, filled

    @_jit
    def anchor_codes(
        hashes: np.ndarray, offsets: np.ndarray, key: np.uint64, rate: int
    ) -> np.ndarray:
        """``document << 32 | high half`` of each shingle's mixed hash (``fmix64(hash ^
        key)``) whose low half is ``0 mod rate``, documents laid out as ``offsets`` says."""
        out = np.empty(len(hashes), np.uint64)
        r = np.uint32(rate)
        mask = r - np.uint32(1) if rate & (rate - 1) == 0 else np.uint32(0)  # a power of 2
        n = 0
        for d in range(len(offsets) - 1):
            doc = np.uint64(d) << _U32
            for i in range(offsets[d], offsets[d + 1]):
                mixed = _fmix(hashes[i] ^ key)
                low = np.uint32(mixed & _LOW32)
                if (low & mask == 0) if mask else (low % r == 0):
                    out[n] = doc | (mixed >> _U32)
                    n += 1
        return out[:n].copy()

    @_jit
    def intersection_sizes(
        values: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, tag: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Sizes of the intersections of sorted distinct sets ``a[i]`` and ``b[i]`` (a merge),
        and how many of the shared values have the ``tag`` bit."""
        shared = np.empty(len(a), np.int64)
        tagged = np.empty(len(a), np.int64)
        for row in range(len(a)):
            i, i_end = offsets[a[row]], offsets[a[row] + 1]
            j, j_end = offsets[b[row]], offsets[b[row] + 1]
            n = m = 0
            while i < i_end and j < j_end:
                x, y = values[i], values[j]
                n += x == y
                m += (x == y) & ((x & tag) != 0)
                i += x <= y
                j += y <= x
            shared[row] = n
            tagged[row] = m
        return shared, tagged

    @_jit
    def pair_codes(packed: np.ndarray, pos: np.ndarray, later: np.ndarray) -> np.ndarray:
        """``doc(p) << 32 | doc(p + j)`` for each ``p`` in ``pos`` and ``j`` in 1..``later``
        (documents are the low 32 bits of sorted ``key << 32 | doc`` codes)."""
        out = np.empty(later.astype(np.int64).sum(), np.uint64)
        n = 0
        for i in range(len(pos)):
            p = pos[i]
            first = (packed[p] & _LOW32) << _U32
            for j in range(1, later[i] + 1):
                out[n] = first | (packed[p + j] & _LOW32)
                n += 1
        return out

    @_jit
    def entries_by_group(
        codes: np.ndarray, bounds: np.ndarray, shift: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bucket entries ``key << 32 | seq`` of sorted runs ``codes[bounds[r]:bounds[r + 1]]``
        laid out group by group (``key >> shift``, ascending; inside a group, run after run):
        the groups, their entry counts, and the entries as bytes (``<u2`` low ``shift`` bits
        of the key, ``<u4`` seq: :mod:`dedup.index.entries`). A merge of the runs by group:
        the output is written in order."""
        high = np.uint64(32 + shift)
        low_mask = np.uint64((1 << shift) - 1)
        runs = len(bounds) - 1
        at = bounds[:-1].copy()
        out = np.empty(6 * len(codes), np.uint8)
        groups = np.empty(len(codes), np.int64)
        counts = np.empty(len(codes), np.int64)
        n = 0
        p = 0
        while True:
            grp = np.uint64(0xFFFFFFFFFFFFFFFF)
            for r in range(runs):
                if at[r] < bounds[r + 1]:
                    grp = min(grp, codes[at[r]] >> high)
            if grp == np.uint64(0xFFFFFFFFFFFFFFFF):
                break
            start = p
            for r in range(runs):
                i = at[r]
                while i < bounds[r + 1] and codes[i] >> high == grp:
                    low = (codes[i] >> _U32) & low_mask
                    seq = codes[i] & _LOW32
                    out[6 * p] = low & np.uint64(0xFF)
                    out[6 * p + 1] = low >> _U8
                    for j in range(4):
                        out[6 * p + 2 + j] = (seq >> np.uint64(8 * j)) & np.uint64(0xFF)
                    p += 1
                    i += 1
                at[r] = i
            groups[n] = np.int64(grp)
            counts[n] = p - start
            n += 1
        return groups[:n].copy(), counts[:n].copy(), out

    _low_bits = _jit(elias_fano_low_bits)

    @_jit
    def elias_fano_many(values: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Elias-Fano sets of the strictly increasing ranges ``values[offsets[i]:offsets[i+1]]``,
        concatenated, and where each ends: per set a ``<u4 n, u1 l`` header, the ``l`` low bits
        of its values packed value after value (most significant first), then the unary
        high-part bit vector (numpy's ``packbits`` order); see :mod:`dedup.index.codec`."""
        sets = len(offsets) - 1
        ends = np.empty(sets, np.int64)
        lows = np.zeros(sets, np.int64)
        size = 0
        for s in range(sets):
            n = offsets[s + 1] - offsets[s]
            size += 5
            if n:
                last = np.int64(values[offsets[s + 1] - 1])
                low = _low_bits(n, last)
                lows[s] = low
                size += (n * low + 7) // 8 + (n + (last >> low) + 1 + 7) // 8
            ends[s] = size
        out = np.zeros(size, np.uint8)
        for s in range(sets):
            first, n, low = offsets[s], offsets[s + 1] - offsets[s], lows[s]
            start = ends[s - 1] if s else 0
            at = start
            for j in range(4):
                out[at + j] = (n >> (8 * j)) & 0xFF
            out[at + 4] = low
            at += 5
            low_bytes = (n * low + 7) // 8
            mask = (np.int64(1) << low) - 1
            acc = np.int64(0)
            held = 0
            for i in range(n):
                acc = (acc << low) | (np.int64(values[first + i]) & mask)
                held += low
                while held >= 8:
                    held -= 8
                    out[at] = (acc >> held) & 0xFF
                    at += 1
                acc &= (np.int64(1) << held) - 1
            if held:
                out[at] = (acc << (8 - held)) & 0xFF
            upper = start + 5 + low_bytes
            for i in range(n):
                bit = (np.int64(values[first + i]) >> low) + i
                out[upper + (bit >> 3)] |= 0x80 >> (bit & 7)
        return out, ends

    @_jit
    def elias_fano_values(body: np.ndarray, n: int, low: int) -> tuple[np.ndarray, int]:
        """Decode the body (after the header) of one :func:`elias_fano_many` set of ``n``
        values (uint64), and how many high parts were found (fewer than ``n``: damaged)."""
        low_bytes = (n * low + 7) // 8
        out = np.zeros(n, np.uint64)
        mask = (np.int64(1) << low) - 1
        acc = np.int64(0)
        held = 0
        at = 0
        for i in range(n):
            while held < low:
                acc = (acc << 8) | body[at]
                at += 1
                held += 8
            held -= low
            out[i] = np.uint64((acc >> held) & mask)
            acc &= (np.int64(1) << held) - 1
        found = 0
        for byte in range(low_bytes, len(body)):
            b = body[byte]
            for j in range(8):
                if b & (0x80 >> j) and found < n:
                    high = (byte - low_bytes) * 8 + j - found
                    out[found] |= np.uint64(high) << np.uint64(low)
                    found += 1
        return out, found
