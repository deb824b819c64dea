"""Parameters and format version live in the index; bad targets give clear errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from index_helpers import RedisServer, free_port, random_articles

from dedup import Article, DedupError, ParameterError
from dedup.index import (
    FORMAT_VERSION,
    Index,
    IndexConnectionError,
    IndexFormatError,
    IndexMissingError,
    IndexParameterMismatch,
)


def set_meta(index: Index, name: str, value: str) -> None:
    """Overwrite one stored metadata value behind the index's back."""
    storage = index.storage
    if index.stats()["backend"] == "sqlite":
        with sqlite3.connect(storage.path) as conn:  # type: ignore[attr-defined]
            conn.execute("UPDATE meta SET value = ? WHERE name = ?", (value, name))
    else:
        storage.client.hset(storage.prefix + b"meta", name, value)  # type: ignore[attr-defined]


def test_parameters_are_stored_and_used_when_not_given(target):
    with Index.open(target, threshold=0.7, k=4, max_bucket=50) as index:
        index.add(random_articles(5, seed=1))
        bands, rows = index.params.bands, index.params.rows
    with Index.open(target) as index:
        assert (index.params.threshold, index.params.k, index.params.max_bucket) == (0.7, 4, 50)
        assert (index.params.bands, index.params.rows) == (bands, rows)
        assert len(index) == 5
    with Index.open(target, threshold=0.7, k=4, bands=bands, rows=rows) as index:  # same: fine
        assert index.params.k == 4


@pytest.mark.parametrize(
    ("given", "named"),
    [
        ({"threshold": 0.9}, "threshold=0.8"),
        ({"k": 7}, "k=5"),
        ({"num_perm": 64}, "num_perm=128"),
        ({"scheme": "kperm"}, "scheme='oph'"),
        ({"seed": 2}, "seed=1"),
        ({"bands": 16, "rows": 8}, "bands=9"),
        ({"containment": 0.5}, "containment=0.3"),
        ({"anchor_rate": 4}, "anchor_rate=8"),
        ({"min_anchors": 3}, "min_anchors=2"),
        ({"max_bucket": 10}, "max_bucket=100"),
    ],
)
def test_other_parameters_are_refused_naming_the_mismatch(target, given, named):
    Index.open(target).close()
    with pytest.raises(IndexParameterMismatch, match=named) as caught:
        Index.open(target, **given)
    message = str(caught.value)
    assert target.split("?")[0] in message
    assert f"(given: {next(iter(given.values()))!r})" in message
    assert isinstance(caught.value, ParameterError)


def test_bad_and_unknown_parameters(target):
    with pytest.raises(ParameterError, match="unknown index parameter"):
        Index.open(target, treshold=0.8)
    with pytest.raises(ParameterError, match="threshold"):
        Index.open(target, threshold=1.5)
    with pytest.raises(ParameterError, match="bands"):
        Index.open(target, bands=4)  # without rows


def test_newer_format_is_refused_clearly(target):
    with Index.open(target) as index:
        set_meta(index, "format_version", str(FORMAT_VERSION + 1))
    with pytest.raises(IndexFormatError, match=f"format {FORMAT_VERSION + 1}.*newer dedup"):
        Index.open(target)


def test_corrupted_metadata_is_a_clear_error(target):
    with Index.open(target) as index:
        set_meta(index, "params", json.dumps({"threshold": 0.8}))
    with pytest.raises(IndexFormatError, match="corrupted"):
        Index.open(target)
    with Index.open(target + ("x" if "?" in target else ".2")) as index:
        set_meta(index, "params", "{not json")
    with pytest.raises(IndexFormatError, match="corrupted"):
        Index.open(target + ("x" if "?" in target else ".2"))


def test_missing_index_with_create_false(target):
    with pytest.raises(IndexMissingError, match="no"):
        Index.open(target, create=False)


# -- SQLite files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"id,text\n1,hello\n", b"\x00" * 5000, b"SQLite format 3\x00" + b"\xff" * 2000],
    ids=["csv", "zeros", "bad-header"],
)
def test_a_foreign_file_is_a_clear_error(tmp_path, content):
    path = tmp_path / "feed.db"
    path.write_bytes(content)
    with pytest.raises(IndexFormatError, match=r"feed\.db.*not a dedup index"):
        Index.open(path)
    assert path.read_bytes() == content  # left alone


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE users(name TEXT)")
    with pytest.raises(IndexFormatError, match=r"not a dedup index \(tables: users\)"):
        Index.open(path)


def test_a_truncated_or_damaged_index_is_a_clear_error(tmp_path, wire):
    path = tmp_path / "wire.db"
    with Index.open(path) as index:
        index.add(wire[:600])
    data = bytearray(path.read_bytes())
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    damaged = tmp_path / "damaged.db"
    page = 4096
    for start in range(4 * page, len(data) - page, 7 * page):  # scribble over many pages
        data[start + 100 : start + 400] = b"\x5a" * 300
    damaged.write_bytes(data)
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes(path.read_bytes()[: len(data) // 3])
    for bad in (damaged, truncated):
        with pytest.raises(DedupError) as caught, Index.open(bad) as index:
            index.query_many(wire[:600])
            index.stats()
            index.remove([a.id for a in wire[:600]])
        assert isinstance(caught.value, IndexFormatError), caught.value
        assert bad.name in str(caught.value)


def test_a_directory_is_not_an_index(tmp_path):
    with pytest.raises(IndexFormatError, match="directory"):
        Index.open(tmp_path)


def test_no_traceback_from_the_cli_on_a_foreign_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    proc = subprocess.run(
        [sys.executable, "-m", "dedup", "index", "stats", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("dedup index: error: ")
    assert "notes.txt" in proc.stderr and "Traceback" not in proc.stderr


# -- Redis servers --------------------------------------------------------------------------


def test_foreign_keys_under_the_prefix_are_a_clear_error(redis_server):
    url = redis_server.url("foreign:")
    import redis

    client = redis.Redis.from_url(redis_server.url())
    client.set("foreign:meta", "not a hash")
    with pytest.raises(IndexFormatError, match="not a dedup index"):
        Index.open(url)
    client.close()


def test_no_server_is_a_connection_error():
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(IndexConnectionError, match=url):
        Index.open(url, timeout=2)


def test_a_lost_connection_is_a_clear_error_and_leaves_nothing_half_added():
    server = RedisServer()
    try:
        index = Index.open(server.url("lost:"), timeout=2)
        index.add(random_articles(20, seed=3))
        articles = random_articles(300, seed=4)
        server.stop()
        with pytest.raises(IndexConnectionError, match=r"lost or no connection"):
            index.add(articles)
        with pytest.raises(IndexConnectionError):
            index.query(articles[0])
        with pytest.raises(IndexConnectionError):
            len(index)
    finally:
        server.stop()


def test_password_is_not_shown_in_errors():
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    with pytest.raises(IndexConnectionError) as caught:
        Index.open(url, timeout=2)
    assert "s3cret" not in str(caught.value)


def test_articles_type_is_checked(target):
    with Index.open(target) as index:
        result = index.add([Article("a", "one two three four five six"), "text"])  # type: ignore[list-item]
    assert result.added == ["a"]
    assert result.rejected[0].reason == "expected an Article, got str"
