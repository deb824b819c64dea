"""Tests for dedup.io: readers, record validation, error policies and atomic writers."""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dedup.article import Article
from dedup.errors import DedupError, InputError, ParameterError
from dedup.io import (
    Location,
    ReadOptions,
    atomic_write,
    iter_records,
    read_articles,
    write_jsonl,
    write_parquet,
    write_rows,
)

SEED = Path(__file__).resolve().parent.parent / "examples" / "seeds" / "000_fb10003cdebe8ee7.txt"
BIG = 20_000_000  # a 20 MB article: over the default 10 MB max_bytes


def jsonl(path: Path, *records: Any) -> Path:
    """Write records (dicts, or raw bytes for a literal line) as JSONL; return path."""
    lines = [r if isinstance(r, bytes) else json.dumps(r).encode() for r in records]
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def read_skipping(sources: Any, **options: Any) -> tuple[list[tuple[str, str]], list[InputError]]:
    """(str(location), id) of every article read with on_error="skip", and the problems."""
    problems: list[InputError] = []
    opts = ReadOptions(on_error="skip", on_problem=problems.append, **options)
    return [(str(loc), a.id) for loc, a in iter_records(sources, opts)], problems


def fail_with(sources: Any, **options: Any) -> InputError:
    """The InputError raised when reading with the default on_error="fail"."""
    with pytest.raises(InputError) as info:
        list(iter_records(sources, ReadOptions(**options)))
    return info.value


# --- formats -------------------------------------------------------------------------------


def test_jsonl_reads_all_fields_and_meta(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {
            "id": "a",
            "text": "Hello",
            "title": "T",
            "published": "2021-06-29T12:00:00Z",
            "source": "AP",
            "url": "http://x",
            "lang": "en",
            "tags": ["x", "y"],
        },
        b"",
        b"   ",
        {"id": 7, "text": "World"},
    )
    records = list(iter_records(path))
    assert [(str(loc), loc.line) for loc, _ in records] == [(f"{path}:1", 1), (f"{path}:4", 4)]
    first, second = (article for _, article in records)
    assert first == Article(
        id="a",
        text="Hello",
        title="T",
        published=datetime(2021, 6, 29, 12, tzinfo=UTC),
        source="AP",
        url="http://x",
        meta={"lang": "en", "tags": ["x", "y"]},
    )
    assert second == Article(id="7", text="World")
    assert type(first.meta) is dict


def test_jsonl_gz(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n'))
    assert [(a.id, a.text) for a in read_articles(path)] == [("a", "x"), ("b", "y")]


def test_ndjson_and_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "caf\xc3\xa9"}\n')
    assert [a.text for a in read_articles(path)] == ["café"]


def test_csv_with_multiline_field_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text(
        'id,text,title,published,extra\na,"line one\nline two",T,2021-06-29,x\n\nb,second,,,\n',
        encoding="utf-8",
    )
    records = list(iter_records(str(path)))
    assert [loc.line for loc, _ in records] == [2, 5]
    a, b = (article for _, article in records)
    assert a == Article(
        id="a",
        text="line one\nline two",
        title="T",
        published=datetime(2021, 6, 29, tzinfo=UTC),
        meta={"extra": "x"},
    )
    assert b == Article(id="b", text="second", meta={"extra": ""})


def test_txt_folder_sorted_by_name(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("second", encoding="utf-8")
    (tmp_path / "a.txt").write_text("first", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    records = list(iter_records(tmp_path))
    assert [(str(loc), a.id, a.text, a.published) for loc, a in records] == [
        (str(tmp_path / "a.txt"), "a", "first", None),
        (str(tmp_path / "b.txt"), "b", "second", None),
    ]
    assert records[0][0].line is None


def test_seed_header(tmp_path: Path) -> None:
    [article] = read_articles(SEED)
    assert article.id == "000_fb10003cdebe8ee7"
    assert article.published == datetime(2021, 6, 29, tzinfo=UTC)
    assert article.text.startswith("A spokesman for the U.S.-led coalition")
    (tmp_path / "plain.txt").write_text("date is not a header", encoding="utf-8")
    [plain] = read_articles(tmp_path / "plain.txt")
    assert (plain.text, plain.published) == ("date is not a header", None)


def test_parquet_in_batches_with_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "feed.parquet"
    n = 2500  # more than one record batch
    texts = [f"text {i}" for i in range(n)]
    texts[2000] = "   "
    pq.write_table(
        pa.table(
            {
                "id": [f"r{i}" for i in range(n)],
                "text": texts,
                "published": [datetime(2021, 6, 29, 12, 0)] * n,
                "score": list(range(n)),
            }
        ),
        path,
        row_group_size=700,
    )
    error = fail_with(path)
    assert (error.path, error.line, error.field, error.record_id) == (
        str(path),
        2001,
        "text",
        "r2000",
    )
    got, problems = read_skipping(path)
    assert len(got) == n - 1
    assert got[:2] == [(f"{path}:1", "r0"), (f"{path}:2", "r1")]
    assert got[-1] == (f"{path}:{n}", f"r{n - 1}")
    assert [str(p) for p in problems] == [
        f"{path}:2001: field 'text': id 'r2000': empty or whitespace-only text"
    ]
    first = read_articles(path, on_error="skip")[0]
    assert first.published == datetime(2021, 6, 29, 12, tzinfo=UTC)
    assert first.meta == {"score": 0}


def test_stdin_jsonl_and_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n'))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert [(str(loc), a.id) for loc, a in iter_records("-")] == [
        ("<stdin>:1", "a"),
        ("<stdin>:2", "b"),
    ]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"id,text\nc,z\n")))
    assert [a.id for a in read_articles("-", format="csv")] == ["c"]
    with pytest.raises(ParameterError, match="stdin"):
        read_articles("-", format="parquet")


def test_configurable_field_names(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {
            "guid": "g1",
            "body": "text",
            "headline": "H",
            "date": 1624924800,
            "outlet": "AP",
            "link": "http://x",
            "id": "kept in meta",
            "text": "also meta",
        },
    )
    [article] = read_articles(
        path,
        id_field="guid",
        text_field="body",
        title_field="headline",
        published_field="date",
        source_field="outlet",
        url_field="link",
    )
    assert article == Article(
        id="g1",
        text="text",
        title="H",
        published=datetime(2021, 6, 29, tzinfo=UTC),
        source="AP",
        url="http://x",
        meta={"id": "kept in meta", "text": "also meta"},
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-06-29", datetime(2021, 6, 29, tzinfo=UTC)),
        ("2021-06-29T12:30:00Z", datetime(2021, 6, 29, 12, 30, tzinfo=UTC)),
        ("2021-06-29T12:30:00", datetime(2021, 6, 29, 12, 30, tzinfo=UTC)),
        (
            "2021-06-29T12:30:00+02:00",
            datetime(2021, 6, 29, 12, 30, tzinfo=timezone(timedelta(hours=2))),
        ),
        (1624924800, datetime(2021, 6, 29, tzinfo=UTC)),
        (1624924800.5, datetime(2021, 6, 29, 0, 0, 0, 500000, tzinfo=UTC)),
        ("1624924800", datetime(2021, 6, 29, tzinfo=UTC)),
        (None, None),
        ("", None),
    ],
)
def test_published_values(tmp_path: Path, value: Any, expected: datetime | None) -> None:
    path = jsonl(tmp_path / "f.jsonl", {"id": "a", "text": "x", "published": value})
    [article] = read_articles(path)
    assert article.published == expected
    assert article.published is None or article.published.tzinfo is not None


def test_glob_sorted_and_sources_in_order(tmp_path: Path) -> None:
    jsonl(tmp_path / "feed2.jsonl", {"id": "c", "text": "x"})
    jsonl(tmp_path / "feed1.jsonl", {"id": "b", "text": "x"})
    jsonl(tmp_path / "first.jsonl", {"id": "a", "text": "x"})
    sources: list[str | Path] = [tmp_path / "first.jsonl", str(tmp_path / "feed*.jsonl")]
    assert [a.id for a in read_articles(sources)] == ["a", "b", "c"]


# --- bad input, both policies -----------------------------------------------------------------

# (case, bad line at line 2, field, record id, message); {path} = the file's path
BAD_LINES = [
    (
        "malformed-json",
        b'{"id": "x", "text": ',
        None,
        None,
        "malformed JSON: Expecting value at column 21",
    ),
    ("not-an-object", b"[1, 2]", None, None, "expected a JSON object, got list"),
    ("missing-id", b'{"text": "t"}', "id", None, "missing required field"),
    ("empty-id", b'{"id": "", "text": "t"}', "id", None, "empty id"),
    ("missing-text", b'{"id": "x"}', "text", "x", "missing required field"),
    ("text-not-string", b'{"id": "x", "text": 5}', "text", "x", "text must be a string, got int"),
    (
        "non-utf8",
        b'{"id": "x", "text": "caf\xe9"}',
        None,
        None,
        "not valid UTF-8 (byte 0xe9 at column 25)",
    ),
    (
        "duplicate-id",
        b'{"id": "a", "text": "again"}',
        "id",
        "a",
        "duplicate id (first seen at {path}:1)",
    ),
    ("empty-text", b'{"id": "x", "text": ""}', "text", "x", "empty or whitespace-only text"),
    (
        "whitespace-text",
        b'{"id": "x", "text": " \\n\\t "}',
        "text",
        "x",
        "empty or whitespace-only text",
    ),
    (
        "bad-published",
        b'{"id": "x", "text": "t", "published": "yesterday"}',
        "published",
        "x",
        "cannot parse 'yesterday' as an ISO 8601 date/time or unix seconds",
    ),
    (
        "bad-title",
        b'{"id": "x", "text": "t", "title": 3}',
        "title",
        "x",
        "must be a string, got int",
    ),
]


@pytest.mark.parametrize(
    ("bad", "field", "record_id", "message"),
    [case[1:] for case in BAD_LINES],
    ids=[case[0] for case in BAD_LINES],
)
def test_bad_jsonl_record(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    bad: bytes,
    field: str | None,
    record_id: str | None,
    message: str,
) -> None:
    path = jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x"}, bad, {"id": "b", "text": "y"})
    message = message.format(path=path)

    error = fail_with(path)
    assert (error.path, error.line, error.field, error.record_id, error.message) == (
        str(path),
        2,
        field,
        record_id,
        message,
    )

    got, problems = read_skipping(path)
    assert got == [(f"{path}:1", "a"), (f"{path}:3", "b")]
    assert [str(p) for p in problems] == [str(error)]
    assert str(error) in caplog.text


def test_big_article(tmp_path: Path) -> None:
    path = jsonl(
        tmp_path / "feed.jsonl",
        {"id": "a", "text": "x"},
        {"id": "big", "text": "é" * (BIG // 2)},
        {"id": "b", "text": "y"},
    )
    error = fail_with(path)
    assert (error.line, error.field, error.record_id) == (2, "text", "big")
    assert error.message == "text is 20.0 MB, over the 10.0 MB limit (max_bytes)"
    got, problems = read_skipping(path)
    assert [i for _, i in got] == ["a", "b"]
    assert [p.message for p in problems] == [error.message]
    articles = read_articles(path, max_bytes=BIG)
    assert [len(a.text.encode()) for a in articles] == [1, BIG, 1]


def test_big_csv_field(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text(f"id,text\nbig,{'x' * BIG}\nb,y\n", encoding="utf-8")
    error = fail_with(path)
    assert (error.line, error.field) == (2, "text")
    assert error.message == "text is 20.0 MB, over the 10.0 MB limit (max_bytes)"
    assert [len(a.text) for a in read_articles(path, max_bytes=BIG)] == [BIG, 1]


def test_missing_file(tmp_path: Path) -> None:
    good = jsonl(tmp_path / "good.jsonl", {"id": "a", "text": "x"})
    missing = tmp_path / "missing.jsonl"
    error = fail_with([missing, good])
    assert (error.path, error.line, error.field, error.message) == (
        str(missing),
        None,
        None,
        "no such file",
    )
    got, problems = read_skipping([missing, str(tmp_path / "nothing*.jsonl"), good])
    assert got == [(f"{good}:1", "a")]
    assert [str(p) for p in problems] == [
        f"{missing}: no such file",
        f"{tmp_path / 'nothing*.jsonl'}: no such file (the pattern matches nothing)",
    ]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", {"id": "x", "text": "1"}, {"id": "y", "text": "2"})
    second = tmp_path / "b.csv"
    second.write_text("id,text\nz,3\ny,4\n", encoding="utf-8")
    error = fail_with([first, second])
    assert str(error) == f"{second}:3: field 'id': id 'y': duplicate id (first seen at {first}:2)"
    got, problems = read_skipping([first, second])
    assert [i for _, i in got] == ["x", "y", "z"]
    assert [p.line for p in problems] == [3]


def test_csv_problems(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_bytes(
        b"id,text\n"
        b'a,"multi\nline"\n'
        b"b,\n"  # line 4: empty text
        b"c,caf\xe9\n"  # line 5: bad UTF-8
        b"d,x,extra\n"  # line 6: too many fields
        b"e,ok\n"
    )
    error = fail_with(path)
    assert (error.line, error.field, error.record_id, error.message) == (
        4,
        "text",
        "b",
        "empty or whitespace-only text",
    )
    got, problems = read_skipping(path)
    assert got == [(f"{path}:2", "a"), (f"{path}:7", "e")]
    assert [(p.line, p.message) for p in problems] == [
        (4, "empty or whitespace-only text"),
        (5, "not valid UTF-8 (byte 0xe9 at column 6)"),
        (6, "row has 3 fields but the header has 2"),
    ]


def test_csv_header_problems(tmp_path: Path) -> None:
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("id,body\na,x\n", encoding="utf-8")
    error = fail_with(no_text)
    assert (error.line, error.field, error.message) == (
        1,
        "text",
        "required column missing (columns: id, body)",
    )
    assert [a.text for a in read_articles(no_text, text_field="body")] == ["x"]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert fail_with(empty).message == "empty CSV file: a header row is required"


def test_txt_problems(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("fine", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"hello\nw\xffrld")
    (tmp_path / "c.txt").write_text(" \n ", encoding="utf-8")
    (tmp_path / "d.txt").write_text(" date 2021-13-45 text", encoding="utf-8")
    (tmp_path / "e.txt").write_text("also fine", encoding="utf-8")
    error = fail_with(tmp_path)
    assert (error.path, error.line, error.message) == (
        str(tmp_path / "b.txt"),
        2,
        "not valid UTF-8 (byte 0xff at column 2)",
    )
    got, problems = read_skipping(tmp_path)
    assert [i for _, i in got] == ["a", "e"]
    assert [(Path(p.path or "").name, p.field, p.message) for p in problems] == [
        ("b.txt", None, "not valid UTF-8 (byte 0xff at column 2)"),
        ("c.txt", "text", "empty or whitespace-only text"),
        (
            "d.txt",
            "published",
            "cannot parse '2021-13-45' as an ISO 8601 date/time or unix seconds",
        ),
    ]


def test_skip_without_callback_logs(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = jsonl(tmp_path / "f.jsonl", {"id": "a"}, {"id": "b", "text": "y"})
    with caplog.at_level(logging.WARNING, logger="dedup.io"):
        articles = read_articles(path, on_error="skip")
    assert [a.id for a in articles] == ["b"]
    assert f"{path}:1: field 'text': id 'a': missing required field" in caplog.text


def test_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    assert "cannot tell the format" in fail_with(path).message
    assert [a.id for a in read_articles(path, format="jsonl")] == ["a"]


@pytest.mark.parametrize(
    "options",
    [
        {"format": "xml"},
        {"on_error": "ignore"},
        {"max_bytes": 0},
        {"id_field": ""},
        {"text_field": "id"},
    ],
)
def test_read_options_validation(options: dict[str, Any]) -> None:
    with pytest.raises(ParameterError):
        ReadOptions(**options)


def test_read_articles_rejects_unknown_override(tmp_path: Path) -> None:
    with pytest.raises(ParameterError, match="unknown read option"):
        read_articles(tmp_path, idfield="guid")


def test_location_str() -> None:
    assert str(Location("feed.jsonl", 12)) == "feed.jsonl:12"
    assert str(Location("a.txt", None)) == "a.txt"


# --- writers -------------------------------------------------------------------------------


def test_write_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    rows: list[dict[str, Any]] = [
        {"id": "a", "when": datetime(2021, 6, 29, tzinfo=UTC), "t": "café"},
        {"n": 1},
    ]
    assert write_jsonl(path, rows) == 2
    assert path.read_text(encoding="utf-8") == (
        '{"id":"a","when":"2021-06-29T00:00:00+00:00","t":"café"}\n{"n":1}\n'
    )


def test_atomic_write_keeps_old_file_on_error(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(path) as out:
        out.write("partial")
        raise RuntimeError("boom")
    with pytest.raises(TypeError):
        rows: list[dict[str, Any]] = [{"ok": 1}, {"bad": object()}]
        write_jsonl(path, rows)
    assert path.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [path]


def test_atomic_write_binary_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.bin"
    path.write_bytes(b"old")
    path.chmod(0o640)
    with atomic_write(path, "wb", encoding=None) as out:
        out.write(b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert path.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.iterdir()) == [path]


def test_gz_output_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    assert write_rows(path, [{"id": "a", "text": "x"}, {"id": "b", "text": "y"}]) == 2
    assert gzip.decompress(path.read_bytes()) == (b'{"id":"a","text":"x"}\n{"id":"b","text":"y"}\n')
    assert [a.id for a in read_articles(path)] == ["a", "b"]


def test_parquet_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    when = datetime(2021, 6, 29, 12, tzinfo=UTC)
    rows = [{"id": "a", "text": "x", "published": when}, {"id": "b", "text": "y", "score": 0.5}]
    assert write_rows(path, rows) == 2
    assert pq.read_table(path).to_pylist() == [
        {"id": "a", "text": "x", "published": when, "score": None},
        {"id": "b", "text": "y", "published": None, "score": 0.5},
    ]
    assert read_articles(path) == [
        Article(id="a", text="x", published=when, meta={"score": None}),
        Article(id="b", text="y", meta={"score": 0.5}),
    ]
    assert write_parquet(tmp_path / "again.parquet", iter(rows)) == 2
    assert sorted(os.listdir(tmp_path)) == ["again.parquet", "out.parquet"]


def test_write_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert write_rows("-", [{"a": 1}]) == 1
    assert capsys.readouterr().out == '{"a":1}\n'


def test_missing_pyarrow_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": ["a"], "text": ["x"]}), path)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(DedupError, match=r"pip install 'dedup\[parquet\]'"):
        write_parquet(tmp_path / "out.parquet", [{"a": 1}])
    with pytest.raises(DedupError, match=r"pip install 'dedup\[parquet\]'"):
        read_articles(path)
    assert not (tmp_path / "out.parquet").exists()


def test_corrupt_inputs_are_file_level_problems(tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl.gz").write_bytes(b"not gzip")
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    good = jsonl(tmp_path / "good.jsonl", {"id": "a", "text": "x"})
    sources = [tmp_path / "bad.jsonl.gz", tmp_path / "bad.parquet", good]
    error = fail_with(sources)
    assert (error.path, error.line) == (str(tmp_path / "bad.jsonl.gz"), None)
    assert error.message.startswith("cannot read file: Not a gzipped file")
    got, problems = read_skipping(sources)
    assert got == [(f"{good}:1", "a")]
    assert [p.message.split(":")[0] for p in problems] == [
        "cannot read file",
        "cannot read Parquet file",
    ]
