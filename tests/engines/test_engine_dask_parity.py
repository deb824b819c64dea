"""The Dask engine gives exactly the local engine's result: same pairs, clusters, representatives,
assignments, counts and problems, on the example data, a generated corpus and bad input, however
the input is cut into partitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import engine_helpers
import pytest
from engine_helpers import SEEDS, WIRE, assert_same, wire_rows, write_jsonl

import dedup
from benchmarks.make_corpus import generate_corpus
from dedup import Article, InputError
from dedup.engines import DaskEngine

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytestmark = pytest.mark.timeout(300)
dask_client = engine_helpers.dask_client  # a 2-worker LocalCluster for the module


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    """A generated corpus with known duplicate families (1,500 articles)."""
    articles, _ = generate_corpus(1500, seed=5, words=250)
    return articles


@pytest.fixture(scope="module")
def corpus_shards(corpus: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The corpus as three gzip JSONL shards; returns their glob."""
    folder = tmp_path_factory.mktemp("shards")
    for i in range(3):
        write_jsonl(folder / f"part-{i}.jsonl.gz", corpus[i * 500 : (i + 1) * 500])
    return str(folder / "part-*.jsonl.gz")


def test_wire_sample(dask_client: Any) -> None:
    local = dedup.find_duplicates(str(WIRE), workers=1)
    remote = dedup.find_duplicates(str(WIRE), engine=DaskEngine(dask_client))
    assert local.stats.clusters > 100 and local.stats.overlaps > 100
    assert_same(local, remote)


def test_wire_sample_in_byte_blocks_and_parquet_parts(dask_client: Any, tmp_path: Path) -> None:
    """An uncompressed JSONL cut into 5 blocks, then the same rows as 4 Parquet files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = wire_rows()
    plain = write_jsonl(tmp_path / "wire.jsonl", rows)
    local = dedup.find_duplicates(str(plain), workers=1)
    engine = DaskEngine(dask_client, blocksize=1_500_000, shuffle_method="tasks")
    assert_same(local, dedup.find_duplicates(str(plain), engine=engine))
    for i in range(4):
        chunk = rows[i * 625 : (i + 1) * 625]
        pq.write_table(pa.Table.from_pylist(chunk), tmp_path / f"wire-{i}.parquet")
    parquet = str(tmp_path / "wire-*.parquet")
    small = DaskEngine(dask_client, blocksize=1, shuffle_method="tasks")  # a partition per file
    assert_same(
        dedup.find_duplicates(parquet, workers=1), dedup.find_duplicates(parquet, engine=small)
    )


def test_seed_pair_folder(dask_client: Any) -> None:
    local = dedup.find_duplicates(str(SEEDS), workers=1)
    remote = dedup.find_duplicates(str(SEEDS), engine=DaskEngine(dask_client, blocksize=1))
    assert [p.relation for p in remote.pairs] == ["overlap"]
    assert_same(local, remote)


@pytest.mark.parametrize(
    ("params", "shuffle"),
    [
        ({}, None),
        ({"keep": "longest", "max_bucket": 2}, "tasks"),  # oversize buckets: stars and drops
        ({"keep": "first", "threshold": 0.6, "min_anchors": 1}, "tasks"),
    ],
)
def test_generated_corpus(
    dask_client: Any, corpus_shards: str, params: dict[str, Any], shuffle: str | None
) -> None:
    local = dedup.find_duplicates(corpus_shards, workers=1, **params)
    engine = DaskEngine(dask_client, shuffle_method=shuffle, shuffle_partitions=5)
    remote = dedup.find_duplicates(corpus_shards, engine=engine, **params)
    assert local.stats.clusters > 100
    assert_same(local, remote)


def test_articles_in_many_partitions(dask_client: Any, corpus: list[dict[str, Any]]) -> None:
    """Article objects in partitions of 97: clusters and stars span partitions."""
    articles = [Article(a["id"], a["text"], title=a["title"]) for a in corpus[:900]]
    local = dedup.find_duplicates(articles, workers=1, keep="longest")
    engine = DaskEngine(dask_client, partition_size=97, shuffle_method="tasks")
    assert_same(local, dedup.find_duplicates(articles, engine=engine, keep="longest"))


def _bad_inputs(folder: Path) -> str:
    """Two JSONL files with every kind of bad record, and an id repeated across files."""
    rows = wire_rows()[:60]
    first = [json.dumps(r) for r in rows[:30]]
    first[3] = "{not json"
    first[7] = json.dumps({"id": "no-text"})
    first[9] = json.dumps({"id": "punct", "text": "!!! ... ???"})  # no words: kept, reported
    first[11] = json.dumps({**rows[0], "id": rows[2]["id"]})  # repeated id in one file
    second = [json.dumps(r) for r in rows[30:]]
    second[4] = json.dumps({**rows[1], "id": rows[5]["id"]})  # repeated id across files
    second[6] = json.dumps({"id": "punct", "text": "?!"})  # repeated id of a no-words record
    second[8] = json.dumps({"id": "short", "text": "just three words"})
    (folder / "a.jsonl").write_text("\n".join(first) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(second) + "\n", encoding="utf-8")
    return str(folder / "*.jsonl")


def test_bad_records_skipped_alike(dask_client: Any, tmp_path: Path) -> None:
    source = [_bad_inputs(tmp_path), str(tmp_path / "missing.jsonl")]
    local = dedup.find_duplicates(source, workers=1, on_error="skip")
    engine = DaskEngine(dask_client, blocksize=20_000, shuffle_method="tasks")  # in blocks
    remote = dedup.find_duplicates(source, engine=engine, on_error="skip")
    assert len(local.problems) == 7 and local.stats.short == 1
    assert_same(local, remote)


def test_bad_record_fails_alike(dask_client: Any, tmp_path: Path) -> None:
    source = _bad_inputs(tmp_path)
    with pytest.raises(InputError) as local:
        dedup.find_duplicates(source, workers=1)
    with pytest.raises(InputError) as remote:
        dedup.find_duplicates(source, engine=DaskEngine(dask_client, blocksize=20_000))
    assert str(remote.value) == str(local.value)
    assert remote.value.line == local.value.line == 4
