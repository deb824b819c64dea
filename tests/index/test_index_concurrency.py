"""Several processes add and query one index at once; afterwards every added article is found
by a query of its own text."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

from index_helpers import assert_consistent, random_articles

from dedup import Article
from dedup.index import Index, Match

ADDERS, QUERIERS, SECONDS, BATCH = 4, 4, 3.0, 20


def _adder(target: str, n: int, deadline: float, out: Any) -> None:
    try:
        articles = random_articles(5000, seed=1000 + n, prefix="add")
        added: list[str] = []
        with Index.open(target) as index:
            for start in range(0, len(articles), BATCH):
                if time.time() > deadline:
                    break
                result = index.add(articles[start : start + BATCH])
                assert not result.rejected, result.rejected
                added += result.added
        out.put(("adder", n, added))
    except BaseException as exc:
        out.put(("error", n, repr(exc)))


def _querier(target: str, n: int, deadline: float, known: list[Article], out: Any) -> None:
    try:
        queries = 0
        strangers = random_articles(50, seed=2000 + n, prefix="q")
        with Index.open(target) as index:
            while time.time() < deadline:
                found = index.query_many(known + strangers, top=3)
                for article, matches in zip(known, found[: len(known)], strict=True):
                    assert Match(article.id, "duplicate", 1.0, 1.0) in matches, article.id
                queries += len(known) + len(strangers)
        out.put(("querier", n, queries))
    except BaseException as exc:
        out.put(("error", n, repr(exc)))


def test_four_adders_and_four_queriers(target):
    known = random_articles(10, seed=1, prefix="known")
    with Index.open(target) as index:
        index.add(known)
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    deadline = time.time() + SECONDS
    procs = [context.Process(target=_adder, args=(target, n, deadline, out)) for n in range(ADDERS)]
    procs += [
        context.Process(target=_querier, args=(target, n, deadline, known, out))
        for n in range(QUERIERS)
    ]
    for proc in procs:
        proc.start()
    reports = [out.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(30)
        assert proc.exitcode == 0
    errors = [r for r in reports if r[0] == "error"]
    assert not errors, errors
    added = [i for kind, _, ids in reports if kind == "adder" for i in ids]
    assert all(n > 0 for kind, _, n in reports if kind == "querier")
    assert len(added) >= ADDERS * BATCH  # every adder got some batches in

    everything = {
        a.id: a for n in range(ADDERS) for a in random_articles(5000, 1000 + n, prefix="add")
    }
    with Index.open(target) as index:
        ids = assert_consistent(index)
        assert ids == set(added) | {a.id for a in known}
        articles = [everything[i] for i in added]
        for article, matches in zip(articles, index.query_many(articles, top=1), strict=True):
            assert matches == [Match(article.id, "duplicate", 1.0, 1.0)]
