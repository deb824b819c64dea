"""``dedup diff``: formats, FILE#ID records, errors and exit codes."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dedup.cli import diff as diff_cli

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_A = str(DATA / "000_fb10003cdebe8ee7.txt")
SEED_B = str(DATA / "001_ad39820f6aeb4385.txt")
ROOT = Path(__file__).resolve().parents[2]


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="dedup")
    diff_cli.add_parser(parser.add_subparsers())
    args = parser.parse_args(["diff", *argv])
    return int(args.func(args))


def test_json_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(SEED_A, SEED_B, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["a"]["id"] == "000_fb10003cdebe8ee7"
    assert data["facts"]["conflicts"][0]["kind"] == "quote_attribution"


def test_text_has_no_colour_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(SEED_A, SEED_B) == 0
    out = capsys.readouterr().out
    assert "Shared passages: 8" in out and "\x1b[" not in out
    assert run(SEED_A, SEED_B, "--color", "always", "--width", "80") == 0
    assert "\x1b[" in capsys.readouterr().out


def test_html_to_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    assert run(SEED_A, SEED_B, "--format", "html", "-o", str(out)) == 0
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="facts-conflicts"' in page


def test_jsonl_record_by_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "x1", "text": "Rockets hit the base on Monday, officials said today."},
        {"id": "x2", "text": "Officials said rockets hit the base on Monday evening."},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert run(f"{feed}#x1", f"{feed}#x2", "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["a"]["id"], data["b"]["id"]) == ("x1", "x2")
    assert data["overlaps"]


@pytest.mark.parametrize(
    "spec,message",
    [
        ("missing.txt", "no such file"),
        ("{feed}#nope", "no record with id 'nope'"),
        ("{feed}", "holds 2 records; pick one with"),
    ],
)
def test_input_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spec: str, message: str
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "1", "text": "one"}\n{"id": "2", "text": "two"}\n')
    assert run(spec.format(feed=feed), SEED_B) == 2
    err = capsys.readouterr().err
    assert err.startswith("dedup diff: error: ") and message in err


def test_end_to_end_subprocess(tmp_path: Path) -> None:
    """``python -m dedup.cli diff`` through the real entry point."""
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dedup.cli",
            "diff",
            SEED_A,
            SEED_B,
            "--format",
            "json",
            "-o",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["similarity"]["jaccard"] == pytest.approx(0.163, abs=1e-3)
    proc = subprocess.run(
        [sys.executable, "-m", "dedup.cli", "diff", "nope.txt", SEED_B],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "dedup diff: error:" in proc.stderr
