"""Helpers shared by test modules."""

from __future__ import annotations

from dedup import DedupResult, Pair


def pairs_by_ids(result: DedupResult) -> dict[tuple[str, str], Pair]:
    """Verified pairs keyed by their sorted ids."""
    return {tuple(sorted((p.a, p.b))): p for p in result.pairs}  # type: ignore[misc]
