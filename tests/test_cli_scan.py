"""`dedup scan` end to end, as a user runs it: outputs, formats, and every bad-input case."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import DATA, SEED_A, SEED_B, random_text


def scan(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dedup", "scan", *map(str, args)],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture()
def feed(tmp_path: Path) -> Path:
    a, b = SEED_A.read_text(), SEED_B.read_text()
    rows = [
        {"id": "a", "text": a, "published": "2021-06-29T10:00:00Z", "source": "X"},
        {"id": "b", "text": b, "published": "2021-06-29T12:00:00Z"},
        {"id": "a2", "text": a, "published": "2021-06-29T11:00:00Z", "extra": 1},
        {"id": "c", "text": "An unrelated short note about the weather in town today."},
    ]
    return write_jsonl(tmp_path / "feed.jsonl", rows)


def test_seed_folder_end_to_end(tmp_path: Path) -> None:
    out, pairs, summary = tmp_path / "out.jsonl", tmp_path / "pairs.jsonl", tmp_path / "s.json"
    proc = scan(DATA, "-o", out, "--pairs", pairs, "--summary", summary)
    assert proc.returncode == 0, proc.stderr
    [pair] = read_jsonl(pairs)
    assert pair["relation"] == "overlap"
    assert (pair["a"], pair["b"]) == (SEED_A.stem, SEED_B.stem)
    assert 0.15 < pair["jaccard"] < 0.18 and 0.44 < pair["containment"] < 0.47
    assert [r["id"] for r in read_jsonl(out)] == [SEED_A.stem, SEED_B.stem]
    assert "2 articles" in proc.stderr and "1 overlap pairs" in proc.stderr
    assert json.loads(summary.read_text())["overlaps"] == 1


def test_jsonl_clusters_and_schema(feed: Path, tmp_path: Path) -> None:
    out, pairs = tmp_path / "out.jsonl", tmp_path / "pairs.jsonl.gz"
    proc = scan(feed, "-o", out, "--pairs", pairs, "--quiet", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    rows = {r["id"]: r for r in read_jsonl(out)}
    assert rows["a2"] == {
        "id": "a2",
        "cluster": 0,
        "representative": "a",
        "is_representative": False,
        "duplicate_of": "a",
        "score": 1.0,
    }
    assert rows["a"]["is_representative"] and rows["a"]["duplicate_of"] is None
    assert rows["c"]["cluster"] not in (rows["a"]["cluster"], rows["b"]["cluster"])
    with gzip.open(pairs, "rt") as fh:
        got = {(p["a"], p["b"]): p["relation"] for p in map(json.loads, fh)}
    assert got == {("a", "a2"): "duplicate", ("a", "b"): "overlap", ("b", "a2"): "overlap"}


def test_custom_fields_gzip_and_stdin(tmp_path: Path) -> None:
    rows = [{"guid": "x", "body": SEED_A.read_text()}, {"guid": "y", "body": SEED_A.read_text()}]
    raw = "".join(json.dumps(r) + "\n" for r in rows).encode()
    gz = tmp_path / "feed.jsonl.gz"
    gz.write_bytes(gzip.compress(raw))
    for source, stdin in ((gz, None), ("-", raw)):
        out = tmp_path / "o.jsonl"
        proc = scan(
            source, "--id-field", "guid", "--text-field", "body", "--pairs", out, "-q", stdin=stdin
        )
        assert proc.returncode == 0, proc.stderr
        assert [(p["a"], p["b"], p["relation"]) for p in read_jsonl(out)] == [
            ("x", "y", "duplicate")
        ]


def test_parquet_output(feed: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "out.parquet"
    assert scan(feed, "-o", out, "-q").returncode == 0
    assert pq.read_table(out).column("id").to_pylist() == ["a", "b", "a2", "c"]


BAD_CASES = {
    "malformed": (
        '{"id": "ok", "text": "fine words here"}\n{"id": "bad", "text": \n',
        ":2: ",
        "JSON",
    ),
    "missing id": (
        '{"id": "ok", "text": "fine words here"}\n{"text": "no id here"}\n',
        ":2: field 'id'",
        "missing",
    ),
    "missing text": (
        '{"id": "ok", "text": "fine words here"}\n{"id": "t"}\n',
        ":2: field 'text'",
        "missing",
    ),
    "duplicate id": (
        '{"id": "ok", "text": "fine words here"}\n{"id": "ok", "text": "again"}\n',
        ":2: field 'id'",
        "duplicate id",
    ),
    "empty text": (
        '{"id": "ok", "text": "fine words here"}\n{"id": "e", "text": "  \\n "}\n',
        ":2: field 'text'",
        "empty",
    ),
    "no words": (
        '{"id": "ok", "text": "fine words here"}\n{"id": "p", "text": "?! ..."}\n',
        ":2: field 'text'",
        "no words",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_record_fails_or_skips(case: str, tmp_path: Path) -> None:
    content, where, what = BAD_CASES[case]
    feed = tmp_path / "feed.jsonl"
    feed.write_text(content)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    proc = scan(feed, "-o", out)
    assert proc.returncode == 2
    assert f"feed.jsonl{where}" in proc.stderr and what in proc.stderr
    assert out.read_text() == "previous\n"  # nothing written on failure
    proc = scan(feed, "-o", out, "--on-error", "skip")
    assert proc.returncode == 0, proc.stderr
    assert f"feed.jsonl{where}" in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["ok"]
    assert "1 records skipped" in proc.stderr


def test_non_utf8_bytes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b'{"id": "ok", "text": "fine words"}\n{"id": "x", "text": "caf\xe9"}\n')
    proc = scan(feed, "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 2 and "feed.jsonl:2" in proc.stderr and "UTF-8" in proc.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_huge_article(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    big = ("word " * 4_000_000)[:20_000_000]
    write_jsonl(feed, [{"id": "ok", "text": "fine words here"}, {"id": "big", "text": big}])
    proc = scan(feed, "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 2
    assert "feed.jsonl:2: field 'text': id 'big': text is 20.0 MB" in proc.stderr
    proc = scan(feed, "-o", tmp_path / "o.jsonl", "--max-bytes", "30000000", "-q")
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in read_jsonl(tmp_path / "o.jsonl")] == ["ok", "big"]


def test_missing_file_and_short_article(tmp_path: Path) -> None:
    proc = scan(tmp_path / "nope.jsonl", "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 2 and "nope.jsonl" in proc.stderr and "no such file" in proc.stderr
    feed = write_jsonl(tmp_path / "f.jsonl", [{"id": "s", "text": "Too short."}])
    proc = scan(feed, "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 0
    assert "f.jsonl:1: id 's' has 2 words, fewer than k=5" in proc.stderr
    assert [r["id"] for r in read_jsonl(tmp_path / "o.jsonl")] == ["s"]


def test_help_explains_every_option() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "dedup", "scan", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in (
        "--threshold",
        "--containment",
        "--edit-threshold",
        "--no-figures",
        "--shingle-size",
        "--num-perm",
        "--bands",
        "--rows",
        "--seed",
        "--keep",
        "--workers",
        "--on-error",
        "--quiet",
        "--pairs",
        "--id-field",
        "--text-field",
        "--scheme",
    ):
        assert option in proc.stdout


def _stderr_on_a_terminal(*args: str | Path) -> str:
    """Run ``dedup scan`` with stderr on a pseudo-terminal; return what it drew there."""
    import os
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "dedup", "scan", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.returncode == 0
    return b"".join(chunks).decode(errors="replace")


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    drawn = _stderr_on_a_terminal(DATA, "-o", out)
    assert "scan:" in drawn and "articles" in drawn  # tqdm's bar
    assert "dedup scan: 2 articles" in drawn  # and the summary
    assert _stderr_on_a_terminal(DATA, "-o", out, "--quiet") == ""
    piped = scan(DATA, "-o", out)  # stderr is a pipe: summary only, no bar
    assert "scan:" not in piped.stderr.replace("dedup scan:", "")


def test_relation_options(tmp_path: Path) -> None:
    """A copy that changes a figure is an update (overlap), a duplicate with --no-figures; a copy
    with scattered word edits is a duplicate below Jaccard 0.8, an overlap with
    --edit-threshold 1."""
    words = random_text(random.Random(3), 300).split()
    base = " ".join(words) + " Sales rose 12 percent to 450 million in 2024, with 3,200 staff."
    update = base.replace("450 million", "470 million")
    edited_words = list(words)
    for i in range(10, 300, 40):  # 8 scattered one-word edits
        edited_words[i] = "changed"
    edited = base.replace(" ".join(words), " ".join(edited_words))
    feed = write_jsonl(
        tmp_path / "f.jsonl",
        [
            {"id": "base", "text": base},
            {"id": "update", "text": update},
            {"id": "ed", "text": edited},
        ],
    )

    def pairs(*options: str) -> dict[str, dict]:
        out = tmp_path / "p.jsonl"
        proc = scan(feed, "--pairs", out, "--workers", "1", *options)
        assert proc.returncode == 0, proc.stderr
        return {f"{r['a']}-{r['b']}": r for r in read_jsonl(out)}

    default = pairs()
    assert default["base-update"]["relation"] == "overlap"
    assert default["base-update"]["jaccard"] > 0.9
    assert pairs("--no-figures")["base-update"]["relation"] == "duplicate"
    assert default["base-ed"]["relation"] == "duplicate"
    assert default["base-ed"]["jaccard"] < 0.8
    assert pairs("--edit-threshold", "1")["base-ed"]["relation"] == "overlap"
