"""Helpers shared by test modules."""

from __future__ import annotations

import random
from pathlib import Path

from dedup import DedupResult, Pair

DATA = Path(__file__).parent / "data"
SEED_A = DATA / "000_fb10003cdebe8ee7.txt"
SEED_B = DATA / "001_ad39820f6aeb4385.txt"


def pairs_by_ids(result: DedupResult) -> dict[tuple[str, str], Pair]:
    """Verified pairs keyed by their sorted ids."""
    return {tuple(sorted((p.a, p.b))): p for p in result.pairs}  # type: ignore[misc]


def random_text(rng: random.Random, words: int) -> str:
    """Unrelated filler text: random words from a large invented vocabulary, in paragraphs."""
    vocab = [
        "".join(rng.choice("bcdfghjklmnprstvwz") + rng.choice("aeiou") for _ in range(3))
        for _ in range(5000)
    ]
    out = []
    for i in range(words):
        out.append(rng.choice(vocab))
        if i % 60 == 59:
            out.append(".\n\n")
    return " ".join(out) + "."


EDIT_RELATIONS = {
    "verbatim": "duplicate",
    "header": "duplicate",
    "copyedit": "duplicate",
    "reorder": "duplicate",
    "noise": "duplicate",
    "trim": "overlap",
    "rewrite": "overlap",
}
"""The relation each wire edit of benchmarks/wire.py claims for a long enough story."""
