"""Partitioned output written by the workers, ``dedup scan --engine dask``, progress, and Dask as
an optional dependency."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import engine_helpers
import pytest
from engine_helpers import SEEDS, WIRE

import dedup
from dedup import DedupError, InputError
from dedup.cli import main
from dedup.engines import DaskEngine

pytest.importorskip("dask.dataframe")
pytest.importorskip("distributed")
pytestmark = pytest.mark.timeout(300)
dask_client = engine_helpers.dask_client  # a 2-worker LocalCluster for the module


def _jsonl_rows(folder: Path) -> list[dict[str, Any]]:
    rows = []
    for part in sorted(folder.iterdir()):
        opener: Any = gzip.open if part.name.endswith(".gz") else open
        with opener(part, "rt", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    return rows


def _by_ab(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["a"], r["b"]))


@pytest.fixture(scope="module")
def local() -> dedup.DedupResult:
    return dedup.find_duplicates(str(WIRE), workers=1)


def test_write_directory(dask_client: Any, local: dedup.DedupResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    engine = DaskEngine(dask_client, shuffle_method="tasks")
    written = engine.write(dedup.Deduplicator(), str(WIRE), out)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["_SUCCESS", "assignments", "pairs", "summary.json"]
    assert _jsonl_rows(out / "assignments") == list(local.assignments())
    assert _by_ab(_jsonl_rows(out / "pairs")) == _by_ab([p.to_dict() for p in local.pairs])
    summary = json.loads((out / "summary.json").read_text())
    expected = local.stats.to_dict()
    for key in ("seconds",):
        summary.pop(key), expected.pop(key)
    assert summary == {**expected, "problems": []}
    assert written.clustered == sum(len(c.members) for c in local.clusters)
    # a second run replaces the first output; nothing temporary is left next to it
    engine.write(dedup.Deduplicator(), str(WIRE), out, output_format="jsonl")
    assert sorted(p.name for p in (out / "assignments").iterdir()) == ["part-00000.jsonl"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_write_parquet(dask_client: Any, local: dedup.DedupResult, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    engine = DaskEngine(dask_client, shuffle_method="tasks")
    engine.write(dedup.Deduplicator(), str(WIRE), out, output_format="parquet")
    [part] = (out / "assignments").iterdir()
    assert pq.read_table(part).to_pylist() == list(local.assignments())
    pairs = [row for p in sorted((out / "pairs").iterdir()) for row in pq.read_table(p).to_pylist()]
    assert _by_ab(pairs) == _by_ab([p.to_dict() for p in local.pairs])


def test_failed_run_leaves_no_directory(dask_client: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "a fine article about nothing"}\n{oops\n')
    engine = DaskEngine(dask_client, shuffle_method="tasks")
    with pytest.raises(InputError, match="malformed JSON"):
        engine.write(dedup.Deduplicator(), str(bad), tmp_path / "out")
    assert [p.name for p in tmp_path.iterdir()] == ["bad.jsonl"]
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("not dedup output")
    with pytest.raises(DedupError, match="holds no dedup output"):
        engine.write(dedup.Deduplicator(), str(WIRE), tmp_path / "mine")


def test_cli_on_a_scheduler(dask_client: Any, tmp_path: Path, capsys: Any) -> None:
    address = dask_client.scheduler.address
    assert main(["scan", str(WIRE), "-o", str(tmp_path / "local.jsonl")]) == 0
    out = tmp_path / "out"
    summary = tmp_path / "summary.json"
    argv = ["scan", str(WIRE), "--engine", "dask", "--scheduler", address, "-o", str(out)]
    assert main([*argv, "--summary", str(summary)]) == 0
    err = capsys.readouterr().err
    assert "dask dashboard: http" in err
    assert "2,500 articles" in err and f"written to {out}/" in err
    local_rows = [json.loads(line) for line in (tmp_path / "local.jsonl").read_text().splitlines()]
    assert _jsonl_rows(out / "assignments") == local_rows
    assert json.loads(summary.read_text())["articles"] == 2500
    # without -o the result comes back to the client: --pairs as with the local engine
    pairs = tmp_path / "pairs.jsonl"
    argv = ["scan", str(WIRE), "--engine", "dask", "--scheduler", address, "--pairs", str(pairs)]
    assert main(argv) == 0
    assert main(["scan", str(WIRE), "--pairs", str(tmp_path / "local-pairs.jsonl")]) == 0
    assert pairs.read_text() == (tmp_path / "local-pairs.jsonl").read_text()


def test_cli_local_cluster_and_errors(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    argv = ["scan", str(SEEDS), "--engine", "dask", "--workers", "1", "-o", str(out), "-q"]
    assert main(argv) == 0
    rows = _jsonl_rows(out / "assignments")
    assert [r["id"] for r in rows] == [p.stem for p in sorted(SEEDS.iterdir())]
    assert capsys.readouterr().err == ""
    bad = ["scan", str(SEEDS), "--engine", "dask", "-o", str(out), "--pairs", "p.jsonl"]
    assert main(bad) == 2
    assert "DIR/pairs/" in capsys.readouterr().err
    assert main(["scan", str(SEEDS), "--engine", "dask", "-o", "-"]) == 2
    assert "names a directory" in capsys.readouterr().err


def test_progress_bar(dask_client: Any, capsys: Any) -> None:
    dedup.find_duplicates(str(SEEDS), progress=True, engine=DaskEngine(dask_client))
    err = capsys.readouterr().err
    assert "read+sketch" in err and "candidates+verify" in err


def test_dask_is_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    code = (
        "import sys, dedup, dedup.engines, dedup.engines.dask, dedup.cli.scan;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(DedupError, match=r"pip install 'dedup\[dask\]'"):
        DaskEngine()


def test_fsspec_urls_in_and_out(dask_client: Any, local: dedup.DedupResult, tmp_path: Path) -> None:
    """Input and output as fsspec URLs (``file://`` here; ``s3://`` etc. work the same way)."""
    with gzip.open(WIRE, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    for i in range(3):
        with open(tmp_path / f"wire-{i}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in rows[i * 1000 : (i + 1) * 1000])
    engine = DaskEngine(dask_client, blocksize=1_000_000, shuffle_method="tasks")
    url = f"file://{tmp_path}/wire-*.jsonl"
    remote = dedup.find_duplicates(url, engine=engine)
    assert list(remote.assignments()) == list(local.assignments())
    assert remote.pairs == local.pairs
    out = f"file://{tmp_path}/out"
    engine.write(dedup.Deduplicator(), url, out)
    assert (tmp_path / "out" / "_SUCCESS").exists()
    assert _jsonl_rows(tmp_path / "out" / "assignments") == list(local.assignments())
    missing = dedup.find_duplicates(
        f"file://{tmp_path}/nothing-*.jsonl", engine=engine, on_error="skip"
    )
    assert [p.message for p in missing.problems] == ["no such file (the pattern matches nothing)"]
