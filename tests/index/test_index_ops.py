"""add / query / remove / expire / stats on both backends, and the set codec."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from index_helpers import assert_consistent, pairs_of, random_articles, scan_pairs

import dedup
from dedup import Article, ParameterError
from dedup.index import FORMAT_VERSION, Index, Match
from dedup.index.base import AHEAD_ARTICLES, _lookahead
from dedup.index.codec import pack_sorted, unpack_sorted
from dedup.index.entries import combine_due, members

DAY = timedelta(days=1)
NOW = datetime(2024, 5, 10, 12, tzinfo=UTC)


def test_add_reports_what_was_added_and_rejected(target):
    articles = random_articles(10, seed=1)
    with Index.open(target) as index:
        first = index.add(articles[:6])
        assert first.added == [a.id for a in articles[:6]] and not first.rejected
        second = index.add(
            [
                *articles[4:],  # 4 and 5 are indexed already
                articles[7],  # repeated in this batch
                Article("blank", "   \n "),
                Article("symbols", "... --- !!! ???"),
            ]
        )
        assert second.added == [a.id for a in articles[6:]]
        reasons = {(r.id, r.reason) for r in second.rejected}
        assert reasons == {
            (articles[4].id, "id already in the index"),
            (articles[5].id, "id already in the index"),
            (articles[7].id, "id repeated in this batch"),
            ("blank", "empty or whitespace-only text"),
            ("symbols", "text has no words"),
        }
        assert len(index) == 10
        assert articles[0].id in index and "blank" not in index
        assert index.add([]).added == []
        assert_consistent(index)


def test_query_of_unknown_and_wordless_text(target):
    with Index.open(target) as index:
        index.add(random_articles(30, seed=2))
        assert index.query(random_articles(1, seed=99)[0]) == []
        assert index.query("!!! ???") == []
        assert index.query_many([]) == []
        with pytest.raises(ParameterError, match="top"):
            index.query("hello", top=0)


def test_short_articles_match_like_scan(target):
    """Fewer than k words: one shorter shingle, still matched exactly."""
    with Index.open(target) as index:
        index.add([Article("short", "Storm hits coast"), Article("other", "Markets fall again")])
        assert index.query("storm HITS coast!") == [Match("short", "duplicate", 1.0, 1.0)]


def test_remove_takes_articles_out_of_every_bucket(target, seeds_family):
    base, family = seeds_family
    with Index.open(target) as index:
        index.add(family)
        before = {m.id for m in index.query(base, top=None)}
        assert {"copy", "edit-1", "half"} <= before
        assert index.remove(["copy", "half", "no-such-id", "copy"]) == 2
        assert len(index) == len(family) - 2
        after = {m.id for m in index.query(base, top=None)}
        assert after == before - {"copy", "half"}
        assert_consistent(index)
        assert index.remove([a.id for a in family]) == len(family) - 2
        assert len(index) == 0
        assert assert_consistent(index) == set()  # and no bucket entry left at all
        again = index.add(family[:2])  # ids can be added again after removal
        assert again.added == ["copy", "edit-1"]
        assert {m.id for m in index.query(base)} == {"copy", "edit-1"}


def test_expire_by_published_time_else_insert_time(target):
    texts = random_articles(6, seed=5)
    dated = [
        Article("old", texts[0].text, published=NOW - 5 * DAY),
        Article("older", texts[1].text, published=NOW - 30 * DAY),
        Article("recent", texts[2].text, published=NOW - DAY / 2),
        Article("naive-old", texts[3].text, published=(NOW - 4 * DAY).replace(tzinfo=None)),
    ]
    undated = [Article("undated", texts[4].text)]
    with Index.open(target) as index:
        index.add(dated + undated)
        assert index.expire(older_than=3 * DAY, now=NOW) == 3
        left = {a.id for a in dated + undated if a.id in index}
        assert left == {"recent", "undated"}  # undated: added now, after NOW
        assert index.query(texts[0].text) == []
        assert index.query(texts[2].text)[0].id == "recent"
        assert_consistent(index)
        # an article without a date expires by the time it was added
        assert index.expire(older_than=timedelta(0), now=datetime.now(UTC) + DAY) == 2
        assert len(index) == 0
        assert_consistent(index)
        with pytest.raises(ParameterError, match="negative"):
            index.expire(older_than=-DAY)


def test_expire_in_rounds_across_batches(target, monkeypatch):
    texts = random_articles(35, seed=8)
    old = [Article(f"old{i}", a.text, published=NOW - (10 + i) * DAY) for i, a in enumerate(texts)]
    old[3] = Article("new3", texts[3].text, published=NOW)  # one recent article amid old ones
    monkeypatch.setattr("dedup.index.base._CHUNK", 7)  # several expiry rounds
    with Index.open(target) as index:
        index.add(old, batch_size=10)  # four batches
        cutoff = int((NOW - 3 * DAY).timestamp())
        first = index.storage.ids_older_than(cutoff, 7)
        assert len(first) == 7 and "new3" not in first
        assert index.expire(older_than=3 * DAY, now=NOW) == 34
        assert {a.id for a in old if a.id in index} == {"new3"}
        assert index.query(texts[3].text)[0].id == "new3"
        assert_consistent(index)
        assert index.stats()["oldest"] == index.stats()["newest"] == int(NOW.timestamp())


def test_stats(target):
    with Index.open(target) as index:
        empty = index.stats()
        assert empty["articles"] == 0 and empty["format_version"] == FORMAT_VERSION
        index.add(random_articles(200, seed=6, words=600))
        stats = index.stats()
    assert stats["articles"] == 200
    assert stats["backend"] in ("sqlite", "redis")
    assert stats["params"]["threshold"] == 0.8 and stats["params"]["bands"] == 9
    if stats["backend"] == "sqlite":
        assert 1000 < stats["bytes_per_article"] < 10_000  # 200 articles: part-empty pages
    else:
        assert stats["server_memory_bytes"] > 0 and stats["database_keys"] > 0
    assert stats["oldest"] <= stats["newest"]


def test_parallel_sketching_gives_the_same_index(target, wire):
    subset = wire[:400]
    with Index.open(target) as index:
        result = index.add(subset, batch_size=50, workers=2)
        assert result.added == [a.id for a in subset]
        found = index.query_many(subset, top=None)
        assert_consistent(index)
    assert pairs_of(subset, found) == scan_pairs(dedup.find_duplicates(subset, workers=1))


def test_lookahead_keeps_the_workers_fed_within_bounds():
    assert _lookahead(1, 1000) == 0  # inline: each chunk written as soon as it is sketched
    assert _lookahead(2, 2000) == 2 * (AHEAD_ARTICLES // 2000) - 1  # ~AHEAD_ARTICLES a worker
    assert _lookahead(2, 100_000) == 3  # at least two chunks a worker
    assert _lookahead(4, 50) * 50 < 4 * (AHEAD_ARTICLES + 50)


def test_an_index_is_usable_from_threads(target):
    from concurrent.futures import ThreadPoolExecutor

    articles = random_articles(200, seed=7)
    with Index.open(target) as index:
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda i: index.add(articles[i::4]), range(4)))
            found = list(pool.map(lambda a: index.query(a, top=1), articles))
        assert [f[0].id for f in found] == [a.id for a in articles]
        assert_consistent(index)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 75, 600, 5000])
def test_codec_round_trips_exactly(n):
    rng = np.random.default_rng(n)
    values = np.unique(rng.integers(0, 2**32, n, dtype=np.uint64)).astype(np.uint32)
    blob = pack_sorted(values)
    assert np.array_equal(unpack_sorted(blob), values)
    if n >= 75:
        assert len(blob) * 8 / n < 29  # Elias-Fano: ~log2(2**32 / n) + 2 bits a value


def test_codec_edges():
    for values in ([0], [2**32 - 1], [0, 1, 2, 3], [0, 2**32 - 1], list(range(1000))):
        array = np.array(values, dtype=np.uint32)
        assert np.array_equal(unpack_sorted(pack_sorted(array)), array)


def test_runs_are_combined_four_of_a_size_up_to_a_ceiling():
    assert combine_due([2000, 2000, 2000, 2000])
    assert combine_due([1, 2, 3, 3])  # one size class (powers of RUN_FANOUT)
    assert not combine_due([2000, 2000, 2000])  # not enough runs yet
    assert not combine_due([8000, 2000, 2000, 2000])  # sizes differ
    assert not combine_due([32_000] * 4, most=40_000)  # too big: left for the merge
    assert combine_due([8000] * 4, most=40_000)
    assert combine_due([2000] * 8, fanout=8) and not combine_due([2000] * 7, fanout=8)


def test_members_of_runs_include_the_largest_key():
    top = 0xFFFFFFFF
    run = np.array(sorted([(5 << 32) | 3, (5 << 32) | 9, (top << 32) | 7]), dtype=np.uint64)
    assert members("b", np.array([top, 5, 6, 5]), [], [run], None) == [[7], [3, 9], [], [3, 9]]
    assert members("b", np.array([5]), [], [run, run[:1]], 1) == [[3]]


def test_a_parallel_add_leaves_no_wal_file_behind(tmp_path, wire):
    path = tmp_path / "wire.db"
    with Index.open(path) as index:
        assert len(index.add(wire[:120], batch_size=30, workers=2)) == 120
    assert not (tmp_path / "wire.db-wal").exists()  # merged into the file at the last close


def test_close_closes_the_connections_of_every_thread(tmp_path, wire):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "wire.db"
    index = Index.open(path)
    with ThreadPoolExecutor(1) as thread:  # a thread that outlives the close
        assert len(thread.submit(index.add, wire[:40], batch_size=10).result()) == 40
        index.close()
        assert not (tmp_path / "wire.db-wal").exists()  # the last close folded it in
        reopened = Index.open(path)
        assert thread.submit(len, reopened).result() == 40
        # the same Index, used again from that thread after close, opens a fresh connection
        assert thread.submit(len, index).result() == 40
        reopened.close()
        index.close()
