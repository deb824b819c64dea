"""Shared fixtures: the seed pair and small corpora with known structure."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dedup import Article, read_articles

DATA = Path(__file__).parent / "data"
SEED_A = DATA / "000_fb10003cdebe8ee7.txt"
SEED_B = DATA / "001_ad39820f6aeb4385.txt"


@pytest.fixture(scope="session")
def seeds() -> tuple[Article, Article]:
    """The two seed articles (A, B) as the readers give them."""
    a, b = read_articles([SEED_A, SEED_B])
    return a, b


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


@pytest.fixture(scope="session")
def small_corpus(seeds: tuple[Article, Article]) -> list[Article]:
    """Seeds, copies and edits of them, and unrelated articles; ids say what each is."""
    a, b = seeds
    rng = random.Random(3)
    edited = a.text.replace("in their disposal", "at their disposal", 1)
    articles = [
        Article("a", a.text, published=a.published),
        Article("b", b.text, published=b.published),
        Article("a-copy", a.text),
        Article("a-edit", edited),
        Article("a-trim", "\n\n".join(a.text.split("\n\n")[:4])),
    ]
    articles += [Article(f"noise-{i}", random_text(rng, 400)) for i in range(40)]
    rng.shuffle(articles)
    return articles
