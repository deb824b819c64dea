"""Deterministic 64-bit mixing shared by every hashing stage (never Python's ``hash()``)."""

from __future__ import annotations

import numpy as np

__all__ = ["fmix64", "seed_key", "splitmix64"]

_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_MASK64 = (1 << 64) - 1


def fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, vectorised (returns a new uint64 array)."""
    x = np.asarray(x, dtype=np.uint64)
    x = x ^ (x >> _S33)
    x *= _M1
    x ^= x >> _S33
    x *= _M2
    x ^= x >> _S33
    return x


def splitmix64(state: int) -> int:
    """One step of SplitMix64 on a Python int: a well-mixed 64-bit value from any integer."""
    z = (state + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def seed_key(seed: int, stream: int = 0) -> int:
    """A 64-bit key derived from a user seed, distinct per ``stream`` (token hash, bins, ...)."""
    return splitmix64(splitmix64(seed & _MASK64) ^ (stream * 0x632BE59BD9B4E019 & _MASK64))
