"""A worker process killed in the middle of a run: Dask re-runs its tasks (and recomputes the
sketched partitions it held), and the result, or the output directory, is exactly the local
engine's: nothing lost, nothing twice."""

from __future__ import annotations

import gzip
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from engine_helpers import assert_same, start_cluster, write_jsonl

import dedup
from benchmarks.make_corpus import generate_corpus
from dedup.engines import DaskEngine

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A generated corpus of 2,000 articles in four gzip JSONL shards; returns their glob."""
    articles, _ = generate_corpus(2000, seed=11, words=300)
    folder = tmp_path_factory.mktemp("kill")
    for i in range(4):
        write_jsonl(folder / f"part-{i}.jsonl.gz", articles[i * 500 : (i + 1) * 500])
    return str(folder / "part-*.jsonl.gz")


class Killer:
    """When stage ``at`` starts, SIGKILLs the first worker process seen running a task whose
    key holds ``match``."""

    def __init__(self, client: Any, at: str, match: str = "") -> None:
        self.client = client
        self.at = at
        self.match = match
        self.done = threading.Event()
        self.pids: dict[str, int] = client.run(os.getpid)
        self.killed: list[tuple[str, str]] = []  # (worker, a task it was running)
        self.thread: threading.Thread | None = None

    def __call__(self, stage: str) -> None:
        if stage == self.at and self.thread is None:
            self.thread = threading.Thread(target=self._kill, daemon=True)
            self.thread.start()

    def _kill(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not self.done.is_set():
            for worker, tasks in self.client.processing().items():
                running = [str(t) for t in tasks if self.match in str(t)]
                if running and worker in self.pids:
                    os.kill(self.pids[worker], signal.SIGKILL)
                    self.killed.append((worker, running[0]))
                    return
            time.sleep(0.002)

    def join(self) -> None:
        """Stop looking (the run is over) and wait for the thread."""
        self.done.set()
        if self.thread is not None:
            self.thread.join()


@pytest.mark.parametrize("stage", ["read", "candidates"])
def test_killed_worker_changes_nothing(shards: str, stage: str) -> None:
    local = dedup.find_duplicates(shards, workers=1)
    with start_cluster() as cluster, cluster.get_client() as client:
        killer = Killer(client, stage, "dedup-sketch" if stage == "read" else "")
        engine = DaskEngine(client, on_stage=killer, blocksize=150_000)
        remote = dedup.find_duplicates(shards, engine=engine)
        killer.join()
    assert killer.killed, "no worker was killed"
    assert_same(local, remote)


def _rows(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for part in sorted(folder.iterdir()):
        with gzip.open(part, "rt", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    return rows


def test_killed_worker_while_writing(shards: str, tmp_path: Path) -> None:
    local = dedup.find_duplicates(shards, workers=1)
    out = tmp_path / "out"
    with start_cluster() as cluster, cluster.get_client() as client:
        killer = Killer(client, "output", "_write_")  # while writing a part file
        engine = DaskEngine(client, on_stage=killer, blocksize=150_000)
        written = engine.write(dedup.Deduplicator(), shards, out)
        killer.join()
    assert killer.killed, "no worker was killed"
    assert sorted(p.name for p in out.iterdir()) == [
        "_SUCCESS",
        "assignments",
        "pairs",
        "summary.json",
    ]
    assert _rows(out / "assignments") == list(local.assignments())
    pairs = _rows(out / "pairs")
    assert sorted(pairs, key=lambda r: (r["a"], r["b"])) == sorted(
        (p.to_dict() for p in local.pairs), key=lambda r: (r["a"], r["b"])
    )
    assert written.stats.clusters == local.stats.clusters
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary directory left


def test_write_tasks_cancelled_once_are_written_again(
    shards: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Write tasks cancelled (their scattered cluster table lost with a worker: scattered data
    cannot be recomputed) are scattered and run again; the output is whole."""
    from concurrent.futures import CancelledError

    local = dedup.find_duplicates(shards, workers=1)
    out = tmp_path / "out"
    with start_cluster() as cluster, cluster.get_client() as client:
        engine = DaskEngine(client, blocksize=150_000)
        real_wait = engine._wait
        calls: list[str] = []

        def wait_failing_once(collections: Any, desc: str, progress: bool) -> Any:
            calls.append(desc)
            if desc == "write" and calls.count("write") == 1:
                raise CancelledError("lost")
            return real_wait(collections, desc, progress)

        monkeypatch.setattr(engine, "_wait", wait_failing_once)
        engine.write(dedup.Deduplicator(), shards, out)
    assert calls.count("write") == 2
    assert "writing again" in caplog.text
    assert _rows(out / "assignments") == list(local.assignments())
