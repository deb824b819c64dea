"""``query`` finds what ``scan`` finds, with the same scores, on both backends."""

from __future__ import annotations

import sqlite3

import pytest
from index_helpers import SEEDS, assert_consistent, pairs_of, scan_pairs

import dedup
from dedup.index import Index, Match


def test_query_matches_scan_on_the_wire_sample(target, wire, wire_scan):
    with Index.open(target) as index:
        first = index.add(wire[:1200])
        second = index.add(wire[1200:])
        assert len(first.added) + len(second.added) == len(wire) == len(index)
        found = index.query_many(wire, top=None)
    expected = scan_pairs(wire_scan)
    got = pairs_of(wire, found)
    assert sum(r == "overlap" for r, _, _ in expected.values()) > 100  # the test means something
    assert sum(r == "duplicate" for r, _, _ in expected.values()) > 100
    assert got == expected
    for article, matches in zip(wire, found, strict=True):  # an article finds itself, on top
        assert Match(article.id, "duplicate", 1.0, 1.0) in matches
        assert matches[0].jaccard == 1.0


def test_oversize_buckets_follow_scans_star_and_drop_rules(target, wire):
    """With ``max_bucket=3`` many buckets are oversize: bands pair with the hub only, and
    anchors held by more than 3 articles are dropped, exactly as in scan."""
    subset = wire[:1500]
    result = dedup.find_duplicates(subset, workers=1, max_bucket=3)
    default = dedup.find_duplicates(subset, workers=1)
    assert result.stats.band_candidates < default.stats.band_candidates
    with Index.open(target, max_bucket=3) as index:
        index.add(subset)
        found = index.query_many(subset, top=None)
    assert pairs_of(subset, found) == scan_pairs(result)


def test_seed_pair_is_an_overlap_with_scans_scores(target, wire, wire_scan):
    seed_a, seed_b = dedup.read_articles(sorted(SEEDS.iterdir()))
    expected = next(p for p in wire_scan.pairs if {p.a, p.b} == {seed_a.id, seed_b.id})
    assert expected.relation == "overlap"
    with Index.open(target) as index:
        index.add([a for a in wire if a.id != seed_b.id])
        matches = index.query(seed_b, top=None)
        by_text = index.query(seed_b.text, top=None)  # plain text works too
    match = next(m for m in matches if m.id == seed_a.id)
    assert (match.relation, match.jaccard, match.containment) == (
        "overlap",
        expected.jaccard,
        expected.containment,
    )
    assert match in by_text


def test_results_are_ordered_and_cut_at_top(target, seeds_family):
    base, family = seeds_family
    with Index.open(target) as index:
        index.add(family)
        everything = index.query(base, top=None)
        assert index.query(base) == everything[:5]
        assert index.query(base, top=2) == everything[:2]
    relations = [m.relation for m in everything]
    assert relations == sorted(relations, key=lambda r: r != "duplicate")
    assert "overlap" in relations and "duplicate" in relations
    dups = [m for m in everything if m.relation == "duplicate"]
    overlaps = [m for m in everything if m.relation == "overlap"]
    assert [m.jaccard for m in dups] == sorted((m.jaccard for m in dups), reverse=True)
    assert [m.containment for m in overlaps] == sorted(
        (m.containment for m in overlaps), reverse=True
    )


def test_a_new_batch_queried_before_adding_matches_a_full_scan(target, wire, wire_scan):
    """Cross pairs of batch 2 against indexed batch 1, plus each batch's own scan, are the
    pairs of one scan over both (no bucket is oversize on the sample)."""
    one, two = wire[:1300], wire[1300:]
    with Index.open(target) as index:
        index.add(one)
        cross = pairs_of(two, index.query_many(two, top=None))
    within = scan_pairs(dedup.find_duplicates(one, workers=1))
    within |= scan_pairs(dedup.find_duplicates(two, workers=1))
    assert cross.keys().isdisjoint(within)
    assert cross | within == scan_pairs(wire_scan)


def test_sqlite_merges_of_recent_buckets_keep_answers_exact(tmp_path, wire, wire_scan, monkeypatch):
    """New bucket entries go to "recent" runs (combined as they pile up) merged into the
    groups now and then (a two-level LSM): answers do not depend on where an entry sits."""
    from dedup.index import sqlite

    monkeypatch.setattr(sqlite, "MERGE_MIN", 400)
    monkeypatch.setattr(sqlite, "MERGE_FACTOR", 10_000)
    with Index.open(tmp_path / "merged.db") as index:
        largest_run = 0
        for start in range(0, len(wire), 250):
            index.add(wire[start : start + 250], batch_size=50)
            with sqlite3.connect(tmp_path / "merged.db") as conn:
                sql = "SELECT value FROM meta WHERE name = 'merged_seq'"
                merged = int(conn.execute(sql).fetchone()[0])
                runs = [r[0] for r in conn.execute("SELECT articles FROM recent")]
            largest_run = max([largest_run, *runs])
        assert merged >= 1000 and runs  # entries in both levels
        assert largest_run >= 800  # runs of 50 articles were combined, and combined again
        assert pairs_of(wire, index.query_many(wire, top=None)) == scan_pairs(wire_scan)
        assert_removal_keeps_answers(index, wire, wire_scan)


def test_redis_merges_of_runs_keep_answers_exact(redis_server, wire, wire_scan, monkeypatch):
    """Redis keeps the same two levels: each add batch is a run; a client merges the runs
    into the groups now and then. Answers do not depend on where an entry sits."""
    from dedup.index import redis as redis_storage

    monkeypatch.setattr(redis_storage, "MERGE_MIN", 400)
    monkeypatch.setattr(redis_storage, "MERGE_FACTOR", 10_000)
    with Index.open(redis_server.url("merge:")) as index:
        for start in range(0, len(wire), 250):
            index.add(wire[start : start + 250], batch_size=50)
        client = index.storage.client  # type: ignore[attr-defined]
        assert int(client.get(b"merge:merged")) >= 1000 and client.hlen(b"merge:runs")
        # the writer keeps the runs it wrote, and only while they are stored
        cached = set(index.storage._runs)  # type: ignore[attr-defined]
        assert cached and cached <= set(client.hkeys(b"merge:runs"))
        assert pairs_of(wire, index.query_many(wire, top=None)) == scan_pairs(wire_scan)
        assert_removal_keeps_answers(index, wire, wire_scan)


def assert_removal_keeps_answers(index: Index, wire: list, wire_scan: object) -> None:
    """Remove every third article (some in the groups, some in the runs): the rest still get
    exactly the scan's pairs among them."""
    gone = [a.id for a in wire[::3]]
    assert index.remove(gone) == len(gone)
    assert_consistent(index)
    rest = [a for a in wire if a.id not in set(gone)]
    expected = {k: v for k, v in scan_pairs(wire_scan).items() if not set(k) & set(gone)}
    assert pairs_of(rest, index.query_many(rest, top=None)) == expected


def _merging_with(index: Index, monkeypatch, before_step) -> None:  # type: ignore[no-untyped-def]
    """Merge ``index`` (Redis), calling ``before_step(n)`` before its ``n``-th step."""
    storage = index.storage
    real, steps = storage._merge_step, [0]  # type: ignore[attr-defined]

    def step(*args):  # type: ignore[no-untyped-def]
        steps[0] += 1
        before_step(steps[0])
        return real(*args)

    monkeypatch.setattr(storage, "_merge_step", step)
    try:
        storage.merge()  # type: ignore[attr-defined]
    finally:
        monkeypatch.setattr(storage, "_merge_step", real)


def test_redis_merge_stopped_midway_is_finished_by_the_next(
    redis_server, wire, wire_scan, monkeypatch
):
    """A merge that dies after some of its steps leaves those groups holding entries that are
    still in the runs: readers count them once, and the next merge enters no entry twice."""
    from dedup.index import redis as redis_storage

    monkeypatch.setattr(redis_storage, "MERGE_MIN", 10**9)  # merges only when called
    monkeypatch.setattr(redis_storage, "MERGE_STEP_HASHES", 16)
    with Index.open(redis_server.url("halfmerged:")) as index:
        index.add(wire, batch_size=200)
        client = index.storage.client  # type: ignore[attr-defined]

        def die_at_5(step: int) -> None:
            if step == 5:
                raise RuntimeError("the merging client died")

        with pytest.raises(RuntimeError):
            _merging_with(index, monkeypatch, die_at_5)
        assert client.hlen(b"halfmerged:marks") == 4 * 16 and client.hlen(b"halfmerged:runs")
        assert_consistent(index)
        assert pairs_of(wire, index.query_many(wire, top=None)) == scan_pairs(wire_scan)
        index.storage.merge()  # type: ignore[attr-defined]
        assert not client.exists(b"halfmerged:marks", b"halfmerged:runs", b"halfmerged:merging")
        assert int(client.get(b"halfmerged:merged")) == len(wire)
        assert_consistent(index)  # no entry twice in a group
        assert pairs_of(wire, index.query_many(wire, top=None)) == scan_pairs(wire_scan)


def test_redis_merge_restarts_when_a_removal_rewrites_its_runs(
    redis_server, wire, wire_scan, monkeypatch
):
    """Another client removes articles while a merge is under way: the merge starts again
    from the runs as they are now, and the removed articles' entries do not come back."""
    from dedup.index import redis as redis_storage

    monkeypatch.setattr(redis_storage, "MERGE_MIN", 10**9)
    monkeypatch.setattr(redis_storage, "MERGE_STEP_HASHES", 16)
    url = redis_server.url("removedmid:")
    gone = [a.id for a in wire[::3]]
    with Index.open(url) as index, Index.open(url) as other:
        index.add(wire, batch_size=200)

        def remove_at_3(step: int) -> None:
            if step == 3:
                assert other.remove(gone) == len(gone)

        _merging_with(index, monkeypatch, remove_at_3)
        client = index.storage.client  # type: ignore[attr-defined]
        assert not client.exists(b"removedmid:marks", b"removedmid:runs")
        assert_consistent(index)
        rest = [a for a in wire if a.id not in set(gone)]
        expected = {k: v for k, v in scan_pairs(wire_scan).items() if not set(k) & set(gone)}
        assert pairs_of(rest, index.query_many(rest, top=None)) == expected


def test_redis_batches_cut_into_small_pages_keep_answers_exact(
    redis_server, wire, wire_scan, monkeypatch
):
    """A batch's records go to pages of ``PAGE_BYTES`` at most (one record may be larger):
    reads, removals and expiry find every article in whichever page holds it."""
    from dedup.index import redis as redis_storage

    monkeypatch.setattr(redis_storage, "PAGE_BYTES", 6_000)  # a few records a page
    with Index.open(redis_server.url("smallpages:")) as index:
        index.add(wire, batch_size=300)
        client = index.storage.client  # type: ignore[attr-defined]
        firsts = [int(f) for f in client.zrange(b"smallpages:pages", 0, -1)]
        assert len(firsts) > 5 * len(wire) // 300
        for first in firsts:
            page = client.get(b"smallpages:d%d" % first)
            assert len(page) <= 6_000 - 16 or int.from_bytes(page[:4], "little") == 1
        assert pairs_of(wire, index.query_many(wire, top=None)) == scan_pairs(wire_scan)
        assert_removal_keeps_answers(index, wire, wire_scan)


def test_redis_read_again_when_a_run_goes_before_it_is_fetched(redis_server, wire, monkeypatch):
    """A reader lists the runs with the groups, then fetches the runs it lacks: a run merged
    or combined away in between makes it read the groups and the runs again."""
    url = redis_server.url("runsgone:")
    with Index.open(url) as writer, Index.open(url) as reader:
        writer.add(wire[:400], batch_size=100)
        expected = writer.query_many(wire[:400], top=None)
        client = reader.storage.client  # type: ignore[attr-defined]
        real, calls = client.mget, []

        def mget(keys):  # type: ignore[no-untyped-def]
            calls.append(len(keys))
            return [None] * len(keys) if len(calls) == 1 else real(keys)

        monkeypatch.setattr(client, "mget", mget)
        assert reader.query_many(wire[:400], top=None) == expected
        assert calls[:2] == [4, 4]  # the 4 runs: not found, read again


def test_redis_merge_reads_the_runs_again_when_one_goes_meanwhile(
    redis_server, wire, wire_scan, monkeypatch
):
    """A merging client lists the runs, then fetches those it lacks: one gone in between (a
    removal rewrote it) makes it start again, so it merges every run, not the others only."""
    from dedup.index import redis as redis_storage

    monkeypatch.setattr(redis_storage, "MERGE_MIN", 10**9)
    url = redis_server.url("mergereads:")
    with Index.open(url) as writer, Index.open(url) as merger:
        writer.add(wire, batch_size=200)
        client = merger.storage.client  # type: ignore[attr-defined]
        real, calls = client.mget, []

        def mget(keys):  # type: ignore[no-untyped-def]
            calls.append(len(keys))
            return [None, *real(keys[1:])] if len(calls) == 1 else real(keys)

        monkeypatch.setattr(client, "mget", mget)
        merger.storage.merge()  # type: ignore[attr-defined]
        assert len(calls) == 2
        assert not client.exists(b"mergereads:runs", b"mergereads:marks")
        assert_consistent(writer)
        assert pairs_of(wire, writer.query_many(wire, top=None)) == scan_pairs(wire_scan)
