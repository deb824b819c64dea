"""``dedup scan --index INDEX``: deduplicate a new batch against a persistent index, then add it.

Semantics (incremental daily runs without re-hashing old articles):

* the batch is scanned on its own exactly as ``dedup scan`` does (pairs, duplicate clusters and
  per-article rows cover the new articles);
* every new article is then queried against the index *before* the batch is added, and each
  match becomes a pair ``(a=indexed id, b=new id)``: the indexed article came first;
* finally the batch is added to the index. Articles whose id is already indexed are not added
  again; a warning says how many. Indexed articles whose id is in the batch are not paired
  again (the batch's own scan pairs them), so re-running a batch reports no pair twice.

The index is opened with the scan's parameters, so an index built with other ones is refused
(:class:`~dedup.index.IndexParameterMismatch`) rather than giving answers no scan would give.
Clusters are not merged with indexed articles: ``-o`` rows describe the new batch; pairs with
indexed articles are in ``--pairs`` and counted in the summary.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
from typing import Any

from dedup.article import Article
from dedup.errors import InputError
from dedup.index.base import Index, IndexParams
from dedup.io import ReadOptions, iter_records, records_from_articles
from dedup.pipeline import Deduplicator
from dedup.result import DedupResult, Pair

__all__ = ["scan_with_index"]

logger = logging.getLogger(__name__)


def scan_with_index(
    dedup: Deduplicator,
    source: Any,
    options: ReadOptions | None,
    index_target: str | os.PathLike[str],
) -> DedupResult:
    """Run ``dedup`` on ``source``, add pairs with indexed articles, then add the batch.

    The batch is read into memory once (it is scanned, queried and added).
    """
    params = {name: getattr(dedup, name) for name in IndexParams.GIVEN}
    params["bands"], params["rows"] = dedup.banding()  # as the scan chose them (fp/fn weights)
    with Index.open(index_target, **params) as index:
        problems: list[InputError] = []
        opts = options or ReadOptions(on_error=dedup.on_error)
        opts = dataclasses.replace(opts, on_problem=_sink(problems, opts))
        articles = _read(source, opts)
        result = dedup.run(articles, dataclasses.replace(opts, on_problem=None))
        by_id = {a.id: a for a in articles}
        kept = [by_id[i] for i, ok in zip(result.ids, result.kept, strict=True) if ok]
        before = len(index)
        cross: list[Pair] = []
        for article, matches in zip(kept, index.query_many(kept, top=None), strict=True):
            cross += [
                Pair(m.id, article.id, m.relation, m.jaccard, m.containment)
                for m in matches
                if m.id not in by_id  # pairs inside the batch come from the scan itself
            ]
        added = index.add(kept)
    again = [r.id for r in added.rejected]
    if again:
        logger.warning(
            "%d articles were already in the index and were not added again (first: %r)",
            len(again),
            again[0],
        )
    logger.info(
        "matched against %d indexed articles: %d pairs; added %d",
        before,
        len(cross),
        len(added.added),
    )
    stats = dataclasses.replace(
        result.stats,
        skipped=result.stats.skipped + len(problems),
        duplicates=result.stats.duplicates + sum(p.relation == "duplicate" for p in cross),
        overlaps=result.stats.overlaps + sum(p.relation == "overlap" for p in cross),
        params={
            **result.stats.params,
            "index": str(index.storage.target),
            "indexed_before": before,
            "index_pairs": len(cross),
            "index_added": len(added.added),
        },
    )
    return dataclasses.replace(
        result, pairs=result.pairs + cross, stats=stats, problems=problems + result.problems
    )


def _sink(problems: list[InputError], opts: ReadOptions) -> Any:
    user = opts.on_problem

    def sink(problem: InputError) -> None:
        problems.append(problem)
        if user is not None:
            user(problem)

    return sink


def _read(source: Any, opts: ReadOptions) -> list[Article]:
    """Every article of ``source`` (paths, globs, "-" or Articles), checked like scan does."""
    if isinstance(source, str | os.PathLike):
        return [a for _, a in iter_records(source, opts)]
    items = list(source) if isinstance(source, Iterable) else [source]
    if items and all(isinstance(i, Article) for i in items):
        return [a for _, a in records_from_articles(items, opts)]
    return [a for _, a in iter_records(items, opts)]
