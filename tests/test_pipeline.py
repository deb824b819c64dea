"""The batch job through the library API: relations, clusters, determinism, bad input."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from tests_support import pairs_by_ids, random_text

from dedup import Article, InputError, ParameterError, find_duplicates
from dedup.pipeline import Deduplicator


def test_seed_pair_is_an_overlap(seeds: tuple[Article, Article]) -> None:
    result = find_duplicates(list(seeds), workers=1)
    assert len(result.pairs) == 1
    pair = result.pairs[0]
    assert (pair.a, pair.b, pair.relation) == (seeds[0].id, seeds[1].id, "overlap")
    assert pair.jaccard == pytest.approx(0.1628, abs=1e-3)
    assert pair.containment == pytest.approx(0.4561, abs=1e-3)
    assert result.clusters == []


def test_relations_and_clusters(small_corpus: list[Article]) -> None:
    result = find_duplicates(small_corpus, workers=1)
    pairs = pairs_by_ids(result)
    assert pairs[("a", "a-copy")].relation == "duplicate"
    assert pairs[("a", "a-copy")].jaccard == 1.0
    assert pairs[("a", "a-edit")].relation == "duplicate"
    assert pairs[("a", "a-trim")].relation == "overlap"
    assert pairs[("a", "a-trim")].containment == 1.0
    assert pairs[("a", "b")].relation == "overlap"
    assert not any(k[0].startswith("noise") or k[1].startswith("noise") for k in pairs)
    [cluster] = result.clusters
    assert sorted(cluster.ids) == ["a", "a-copy", "a-edit"]
    # 'a' is the only one with a date: earliest wins
    assert cluster.representative == "a"
    rows = {row["id"]: row for row in result.assignments()}
    assert len(rows) == len(small_corpus)
    assert rows["a-copy"] == {
        "id": "a-copy",
        "cluster": rows["a"]["cluster"],
        "representative": "a",
        "is_representative": False,
        "duplicate_of": "a",
        "score": 1.0,
    }
    assert rows["a"]["duplicate_of"] is None and rows["a"]["is_representative"]
    assert rows["b"]["representative"] == "b"  # overlaps are not merged into clusters
    assert rows["a-edit"]["score"] == pytest.approx(pairs[("a", "a-edit")].jaccard, abs=1e-6)


@pytest.mark.parametrize("keep", ["first", "longest"])
def test_keep_policies(small_corpus: list[Article], keep: str) -> None:
    result = find_duplicates(small_corpus, workers=1, keep=keep)
    [cluster] = result.clusters
    members = [a for a in small_corpus if a.id in cluster.ids]
    if keep == "first":
        assert cluster.representative == members[0].id
    else:
        longest = max(len(a.text) for a in members)
        assert cluster.representative == min(a.id for a in members if len(a.text) == longest)


def test_same_output_whatever_workers_and_chunks(small_corpus: list[Article]) -> None:
    def snapshot(**params: object) -> tuple[object, ...]:
        r = find_duplicates(small_corpus, **params)
        return (r.pairs, r.clusters, list(r.assignments()))

    reference = snapshot(workers=1, chunk_size=1000)
    assert snapshot(workers=2, chunk_size=3) == reference
    assert snapshot(workers=1, chunk_size=1) == reference
    assert snapshot(workers=2, chunk_size=7) == reference


def test_overlap_found_among_many_unrelated(seeds: tuple[Article, Article]) -> None:
    rng = random.Random(11)
    articles = [Article(f"n{i}", random_text(rng, 300)) for i in range(1500)]
    articles.insert(700, seeds[1])
    articles.insert(300, seeds[0])
    result = find_duplicates(articles, workers=2, chunk_size=200)
    assert [(p.a, p.b, p.relation) for p in result.pairs] == [(seeds[0].id, seeds[1].id, "overlap")]


def test_short_articles_still_get_signatures() -> None:
    articles = [
        Article("s1", "Rockets hit base."),
        Article("s2", "Rockets hit base."),
        Article("s3", "Totally different words"),
    ]
    result = find_duplicates(articles, workers=1)
    assert [(p.a, p.b, p.relation) for p in result.pairs] == [("s1", "s2", "duplicate")]
    assert result.stats.short == 3


def test_article_without_words_is_bad_input() -> None:
    articles = [Article("ok", "Some real words here for once."), Article("bad", "!!! ??? ...")]
    with pytest.raises(
        InputError, match=r"<articles>:2: field 'text': id 'bad': text has no words"
    ):
        find_duplicates(articles, workers=1)
    result = find_duplicates(articles, workers=1, on_error="skip")
    assert [row["id"] for row in result.assignments()] == ["ok"]
    assert [p.record_id for p in result.problems] == ["bad"]


def test_duplicate_ids_in_articles() -> None:
    articles = [Article("x", "one two three"), Article("x", "four five six")]
    with pytest.raises(InputError, match="duplicate id"):
        find_duplicates(articles, workers=1)


def test_parameters_are_validated_when_run_starts() -> None:
    d = Deduplicator(threshold=2.0)  # no error yet: scikit-learn style
    assert d.threshold == 2.0
    with pytest.raises(ParameterError, match="threshold"):
        d.run([Article("a", "x y z")])
    with pytest.raises(ParameterError, match="bands"):
        Deduplicator(bands=4).run([Article("a", "x y z")])
    with pytest.raises(ParameterError, match=r"exceeds|fit"):
        Deduplicator(bands=64, rows=4).run([Article("a", "x y z")])


def test_explicit_bands_rows_and_earliest_ties() -> None:
    t = datetime(2024, 1, 1, tzinfo=UTC)
    text = random_text(random.Random(5), 200)
    articles = [
        Article("z", text, published=t),
        Article("y", text, published=t),
        Article("x", text),
    ]
    result = find_duplicates(articles, workers=1, bands=32, rows=4)
    [cluster] = result.clusters
    assert cluster.representative == "y"  # earliest date; tie broken by the smaller id
    assert result.stats.params["bands"] == 32
