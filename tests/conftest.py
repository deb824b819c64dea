"""Shared fixtures: the seed pair and small corpora with known structure."""

from __future__ import annotations

import random

import pytest
from tests_support import SEED_A, SEED_B, random_text

from dedup import Article, read_articles


@pytest.fixture(scope="session")
def seeds() -> tuple[Article, Article]:
    """The two seed articles (A, B) as the readers give them."""
    a, b = read_articles([SEED_A, SEED_B])
    return a, b


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
