"""``dedup index add/query/expire/remove/stats`` and ``dedup scan --index``, end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from index_helpers import SEEDS, WIRE, scan_pairs

import dedup
from dedup.cli import main
from dedup.cli.index import parse_duration

SEED_A, SEED_B = sorted(SEEDS.iterdir())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_add_query_stats_remove_expire(target, tmp_path, capsys):
    code, _, err = run(capsys, "index", "add", target, str(WIRE), str(SEED_A))
    assert code == 0, err
    assert "added 2,501 articles, rejected 0; 2,501 in" in err

    code, _, err = run(capsys, "index", "add", target, str(SEED_A))
    assert code == 0 and "added 0 articles, rejected 1" in err
    assert "already in the index" in err

    code, out, _ = run(capsys, "index", "stats", target)
    stats = json.loads(out)
    assert code == 0 and stats["articles"] == 2501 and stats["params"]["k"] == 5

    out_path = tmp_path / "matches.jsonl"
    code, _, err = run(
        capsys, "index", "query", target, str(SEED_B), str(WIRE), "-o", str(out_path), "--top", "3"
    )
    assert code == 0, err
    rows = read_jsonl(out_path)
    assert len(rows) == 2501 and rows[0]["id"] == SEED_B.stem
    seed_match = next(m for m in rows[0]["matches"] if m["id"] == SEED_A.stem)
    assert seed_match["relation"] == "overlap" and 0.4 < seed_match["containment"] < 0.5
    assert set(seed_match) == {"id", "relation", "jaccard", "containment"}
    assert all(len(r["matches"]) <= 3 for r in rows)
    scan = dedup.find_duplicates([WIRE, SEED_A, SEED_B], workers=1)
    pairs = scan_pairs(scan)
    for row in rows[1:]:  # every wire article: its best matches are scan pairs (or itself)
        for m in row["matches"]:
            if m["id"] != row["id"]:
                key = tuple(sorted((row["id"], m["id"])))
                assert pairs[key] == (m["relation"], m["jaccard"], m["containment"])

    code, out, _ = run(capsys, "index", "query", target, str(SEED_B), "--top", "1")  # stdout
    assert code == 0 and json.loads(out)["matches"][0]["id"] == SEED_A.stem

    code, _, err = run(capsys, "index", "remove", target, SEED_A.stem, "nope")
    assert code == 0 and "removed 1 of 2 ids" in err

    code, _, err = run(capsys, "index", "expire", target, "--older-than", "3d")
    assert code == 0 and "expired 2,500 articles; 0 left" in err  # the sample is from 2021


def test_cli_errors_exit_2_without_traceback(target, tmp_path, capsys):
    missing = str(tmp_path / "missing.db")
    code, _, err = run(capsys, "index", "query", missing, str(SEED_B))
    assert code == 2 and err.startswith("dedup index: error: ") and "no such index" in err
    assert not Path(missing).exists()

    assert run(capsys, "index", "add", target, str(SEED_A), "--threshold", "0.7")[0] == 0
    code, _, err = run(capsys, "index", "add", target, str(SEED_B), "--threshold", "0.9")
    assert code == 2 and "threshold=0.7 (given: 0.9)" in err

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine words here"}\n{"id": "y"}\n')
    code, _, err = run(capsys, "index", "add", target, str(bad))
    assert code == 2 and "bad.jsonl:2" in err
    code, _, err = run(capsys, "index", "add", target, str(bad), "--on-error", "skip")
    assert code == 0 and "added 1 articles" in err

    with pytest.raises(SystemExit) as exited:
        main(["index", "expire", target, "--older-than", "3 days"])
    assert exited.value.code == 2
    assert "bad duration" in capsys.readouterr().err


def test_parse_duration():
    assert parse_duration("3d").total_seconds() == 3 * 86400
    assert parse_duration("1d12h").total_seconds() == 36 * 3600
    assert parse_duration("90m").total_seconds() == 5400
    assert parse_duration("2w").days == 14
    assert parse_duration("0s").total_seconds() == 0


def test_scan_with_index_over_two_days_equals_one_scan(
    target, tmp_path, wire, wire_scan, capsys, caplog
):
    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"
    fields = ("id", "text", "published")
    dedup.write_jsonl(day1, ({f: getattr(a, f) for f in fields} for a in wire[:1400]))
    dedup.write_jsonl(day2, ({f: getattr(a, f) for f in fields} for a in wire[1400:]))
    p1, p2, summary = tmp_path / "p1.jsonl", tmp_path / "p2.jsonl", tmp_path / "s.json"

    code, _, err = run(capsys, "scan", str(day1), "--index", target, "--pairs", str(p1))
    assert code == 0, err
    code, _, err = run(
        capsys,
        "scan",
        str(day2),
        "--index",
        target,
        "--pairs",
        str(p2),
        "--summary",
        str(summary),
        "-o",
        str(tmp_path / "rows.jsonl"),
    )
    assert code == 0, err
    first, second = read_jsonl(p1), read_jsonl(p2)
    day1_ids = {a.id for a in wire[:1400]}
    cross = [p for p in second if p["a"] in day1_ids]
    assert cross and all(p["b"] not in day1_ids for p in cross)
    got = {
        tuple(sorted((p["a"], p["b"]))): (p["relation"], p["jaccard"], p["containment"])
        for p in first + second
    }
    assert got == scan_pairs(wire_scan)
    stats = json.loads(summary.read_text())
    assert stats["duplicates"] + stats["overlaps"] == len(second)
    assert stats["params"]["index_pairs"] == len(cross)
    assert stats["params"]["indexed_before"] == 1400 and stats["params"]["index_added"] == 1102
    assert len(read_jsonl(tmp_path / "rows.jsonl")) == 1102  # rows describe the new batch
    code, out, _ = run(capsys, "index", "stats", target)
    assert json.loads(out)["articles"] == len(wire)

    code, _, err = run(capsys, "scan", str(day2), "--index", target, "--engine", "dask", "-q")
    assert code == 2 and "local engine only" in err

    code, _, err = run(capsys, "scan", str(day2), "--index", target, "--threshold", "0.9", "-q")
    assert code == 2 and "dedup scan: error:" in err and "threshold=0.8 (given: 0.9)" in err

    caplog.clear()
    code, _, err = run(capsys, "scan", str(day2), "--index", target, "--pairs", str(p2))
    assert code == 0 and "1102 articles were already in the index" in caplog.text
    again = read_jsonl(p2)  # a re-run reports the same pairs, none twice
    assert sorted(map(json.dumps, again)) == sorted(map(json.dumps, second))


def test_the_console_script_runs(tmp_path):
    index = tmp_path / "wire.db"
    proc = subprocess.run(
        [sys.executable, "-m", "dedup", "index", "add", str(index), str(SEED_A)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "dedup", "index", "query", str(index), str(SEED_B)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["matches"][0]["id"] == SEED_A.stem
