"""Fixtures of the index tests: a redis-server for the session, a fresh index target per
backend (every index test runs on SQLite and on Redis), the wire sample and its scan."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from index_helpers import BACKENDS, SEEDS, WIRE, RedisServer

import dedup
from dedup import Article


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """One redis-server for the session."""
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, not yet created index: an SQLite path, or a Redis URL with its own prefix."""
    if request.param == "sqlite":
        return str(tmp_path / "index.db")
    server: RedisServer = request.getfixturevalue("redis_server")
    return server.url(f"t{uuid.uuid4().hex[:12]}:")


@pytest.fixture(scope="session")
def wire() -> list[Article]:
    """The bundled wire sample and the two seed articles."""
    return dedup.read_articles(WIRE) + dedup.read_articles(SEEDS)


@pytest.fixture(scope="session")
def wire_scan(wire: list[Article]) -> dedup.DedupResult:
    """What ``dedup scan`` finds in :func:`wire` with default parameters."""
    return dedup.find_duplicates(wire, workers=1)


@pytest.fixture(scope="session")
def seeds_family(wire: list[Article]) -> tuple[Article, list[Article]]:
    """Seed A and, for it: exact and lightly edited copies (duplicates) and trimmed versions
    holding half or a third of it (overlaps), among unrelated wire articles."""
    a = next(x for x in wire if x.id == "000_fb10003cdebe8ee7")
    paragraphs = a.text.split("\n\n")
    family = [
        Article("copy", a.text),
        Article("edit-1", a.text.replace("in their disposal", "at their disposal", 1)),
        Article("edit-2", " ".join(a.text.split()[:-12])),
        Article("half", "\n\n".join(paragraphs[: len(paragraphs) // 2])),
        Article("third", "\n\n".join(paragraphs[: len(paragraphs) // 3])),
    ]
    return a, family + wire[:50]
