"""Helpers of the engine tests: a LocalCluster fixture, example inputs, and result comparison.

(No conftest.py here: a second module named ``conftest`` would shadow the root one that other
test modules import from.) Test modules import the ``dask_client`` fixture from here.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dedup import DedupResult

ROOT = Path(__file__).parents[2]
WIRE = ROOT / "examples" / "wire_sample.jsonl.gz"
SEEDS = ROOT / "examples" / "seeds"


def start_cluster(n_workers: int = 2) -> Any:
    """A LocalCluster of single-threaded worker processes, as the engine starts one."""
    from dedup.engines.dask import local_cluster

    return local_cluster(n_workers)


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    """A client of a 2-worker LocalCluster (processes) for a test module."""
    from distributed import Client

    with start_cluster() as cluster, Client(cluster) as client:
        yield client


def snapshot(result: DedupResult) -> dict[str, Any]:
    """Everything a result says, except timing: pairs, clusters, assignments, stats, problems."""
    stats = result.stats.to_dict()
    stats.pop("seconds")
    return {
        "pairs": result.pairs,
        "clusters": result.clusters,
        "assignments": list(result.assignments()),
        "stats": stats,
        # the local engine lists reading problems as it reads and "no words" ones as chunks are
        # sketched (an order that depends on its chunking); the Dask engine lists all in input
        # order: the same problems
        "problems": sorted(str(p) for p in result.problems),
        "ids": result.ids,
        "labels": result.labels.tolist(),
        "representatives": result.representatives.tolist(),
        "kept": result.kept.tolist(),
    }


def assert_same(local: DedupResult, other: DedupResult) -> None:
    """The two results are identical (a readable diff of the first field that is not)."""
    a, b = snapshot(local), snapshot(other)
    for key in a:
        assert a[key] == b[key], f"{key} differs"


def wire_rows() -> list[dict[str, Any]]:
    """The bundled wire sample's records."""
    with gzip.open(WIRE, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    """Rows as JSON lines (gzip if the name ends in .gz)."""
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
