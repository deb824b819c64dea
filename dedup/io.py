"""Read articles from JSONL, CSV, .txt and Parquet inputs; write results atomically.

Every reader turns its rows into plain mappings and hands them to one shared validation step
(:func:`record_to_article`), so the record rules are the same for every format. Problems are
reported as :class:`~dedup.errors.InputError` located by path, line and field, and handled by
one policy (:attr:`ReadOptions.on_error`). The reading pieces are public so that other engines
(:mod:`dedup.engines.dask`) read exactly as the local one does.
"""

from __future__ import annotations

import csv
import dataclasses
import glob
import gzip
import io
import json
import logging
import os
import re
import sys
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from dedup.article import Article
from dedup.errors import DedupError, InputError, ParameterError

__all__ = [
    "GLOB_MAGIC",
    "READERS",
    "Location",
    "ReadOptions",
    "atomic_write",
    "check_text",
    "expand_source",
    "infer_format",
    "input_problem",
    "iter_records",
    "open_binary",
    "read_articles",
    "record_to_article",
    "records_from_articles",
    "write_jsonl",
    "write_parquet",
    "write_rows",
]

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "txt", "parquet")
ON_ERROR = ("fail", "skip")
_SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".txt": "txt",
    ".parquet": "parquet",
}
_STDIN = "<stdin>"
_BOM = b"\xef\xbb\xbf"
GLOB_MAGIC = re.compile(r"[*?[]")
_SEED_HEADER = re.compile(r"\s*date[ \t]+(\d{4}-\d{2}-\d{2})\s+")
_PARQUET_BATCH_ROWS = 1024
_CSV_FIELD_LIMIT = 2**31 - 1  # the largest value csv accepts on every platform


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record came from: a path (or ``"<stdin>"``) and a 1-based line or row number."""

    path: str
    line: int | None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@dataclass(frozen=True)
class ReadOptions:
    """How to read inputs: field names, format, error policy and size limit.

    ``format=None`` infers the format from the file suffix (``.jsonl``/``.ndjson``/``.json``,
    ``.csv``, ``.txt``, ``.parquet``, each optionally followed by ``.gz``). With
    ``on_error="skip"`` a bad record is logged, passed to ``on_problem`` and skipped.
    """

    id_field: str = "id"
    text_field: str = "text"
    title_field: str = "title"
    published_field: str = "published"
    source_field: str = "source"
    url_field: str = "url"
    format: str | None = None
    on_error: str = "fail"
    max_bytes: int = 10_000_000
    on_problem: Callable[[InputError], None] | None = None

    def __post_init__(self) -> None:
        if self.format is not None and self.format not in FORMATS:
            raise ParameterError(
                f"format must be one of {', '.join(FORMATS)} or None, got {self.format!r}"
            )
        if self.on_error not in ON_ERROR:
            raise ParameterError(f"on_error must be 'fail' or 'skip', got {self.on_error!r}")
        if isinstance(self.max_bytes, bool) or not isinstance(self.max_bytes, int):
            raise ParameterError(f"max_bytes must be an integer, got {self.max_bytes!r}")
        if self.max_bytes <= 0:
            raise ParameterError(f"max_bytes must be positive, got {self.max_bytes}")
        names = self.field_names
        if not all(isinstance(name, str) and name for name in names):
            raise ParameterError(f"field names must be non-empty strings, got {names!r}")
        if len(set(names)) != len(names):
            raise ParameterError(f"field names must be distinct, got {names!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        """The six article field names; every other input key goes into ``Article.meta``."""
        return (
            self.id_field,
            self.text_field,
            self.title_field,
            self.published_field,
            self.source_field,
            self.url_field,
        )


# A reader yields each record as a plain mapping, or the problem that stopped it from doing so.
_Item = tuple[Location, Mapping[str, Any] | InputError]
_Reader = Callable[[str, IO[bytes], ReadOptions], Iterator[_Item]]


def iter_records(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    options: ReadOptions | None = None,
) -> Iterator[tuple[Location, Article]]:
    """Stream (location, article) from files, directories, glob patterns and "-" (stdin).

    Sources are read in the order given; the files of a glob or a directory in path order.
    Ids must be unique across everything one call yields.
    """
    opts = options or ReadOptions()

    def build(location: Location, item: Mapping[str, Any] | InputError) -> Article:
        if isinstance(item, InputError):
            raise item
        return record_to_article(item, location, opts)

    return _checked(
        ((loc, partial(build, loc, item)) for loc, item in _raw_records(sources, opts)), opts
    )


def records_from_articles(
    articles: Iterable[Article], options: ReadOptions | None = None
) -> Iterator[tuple[Location, Article]]:
    """(location, article) for :class:`Article` objects given directly, checked like file records.

    Locations read ``<articles>:N`` (1-based position).
    """
    opts = options or ReadOptions()

    def check(location: Location, article: Article) -> Article:
        if not isinstance(article, Article):
            message = f"expected an Article, got {type(article).__name__}"
            raise input_problem(location, message)
        check_text(article.text, opts, partial(input_problem, location, record_id=article.id))
        return article

    items = (
        (loc, partial(check, loc, article))
        for loc, article in ((Location("<articles>", n), a) for n, a in enumerate(articles, 1))
    )
    return _checked(items, opts)


def _checked(
    items: Iterable[tuple[Location, Callable[[], Article]]], opts: ReadOptions
) -> Iterator[tuple[Location, Article]]:
    """Build each article, check ids are unique, and apply the error policy to problems."""
    seen: dict[str, Location] = {}
    for location, build in items:
        try:
            article = build()
            first = seen.setdefault(article.id, location)
            if first is not location:
                message = f"duplicate id (first seen at {first})"
                raise input_problem(location, message, opts.id_field, article.id)
        except InputError as problem:
            _report(problem, opts)
            continue
        yield location, article


def read_articles(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    options: ReadOptions | None = None,
    **option_overrides: Any,
) -> list[Article]:
    """Read all articles, e.g. ``read_articles("feed.jsonl", id_field="guid", text_field="body")``.

    Keyword arguments override the matching :class:`ReadOptions` fields.
    """
    known = {f.name for f in dataclasses.fields(ReadOptions)}
    unknown = sorted(set(option_overrides) - known)
    if unknown:
        raise ParameterError(f"unknown read option(s): {', '.join(unknown)}")
    opts = dataclasses.replace(options or ReadOptions(), **option_overrides)
    return [article for _, article in iter_records(sources, opts)]


@contextmanager
def atomic_write(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Write to a temp file next to ``path``, fsync it, then ``os.replace`` it onto ``path``.

    On an exception the temp file is removed and an existing ``path`` is left untouched. A path
    ending in ``.gz`` is gzip-compressed; ``"-"`` writes to stdout (not atomically). ``mode`` is
    ``"w"`` (text) or ``"wb"`` (binary).
    """
    if mode not in ("w", "wt", "wb"):
        raise ParameterError(f"atomic_write mode must be 'w' or 'wb', got {mode!r}")
    binary = mode == "wb"
    if os.fspath(path) == "-":
        stdout: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stdout
        stdout.flush()
        return

    target = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    raw = os.fdopen(fd, "wb")
    layers: list[IO[Any]] = [raw]  # innermost first
    try:
        if target.name.lower().endswith(".gz"):
            gzipped = gzip.GzipFile(target.name[:-3], "wb", fileobj=raw, mtime=0)
            layers.append(cast(IO[bytes], gzipped))
        if not binary:
            layers.append(io.TextIOWrapper(layers[-1], encoding=encoding, newline=""))
        yield layers[-1]
        for layer in reversed(layers[1:]):  # flush the text and gzip layers into raw
            if isinstance(layer, io.TextIOWrapper):
                layer.flush()
                layer.detach()  # so that closing it later cannot close raw
            else:
                layer.close()
        raw.flush()
        os.fsync(raw.fileno())
        raw.close()
        _set_mode(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        for layer in reversed(layers):
            with suppress(Exception):
                layer.close()
        with suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def write_jsonl(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Atomically write one compact JSON object per line (datetimes as ISO 8601); return the count.

    Non-ASCII text is written as is (UTF-8). A path ending in ``.gz`` is gzip-compressed.
    """
    count = 0
    with atomic_write(path) as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=_to_json))
            out.write("\n")
            count += 1
    return count


def write_parquet(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Atomically write rows as a Parquet file (needs pyarrow); return the number of rows.

    Columns are the union of the rows' keys, in first-seen order; a missing key is a null.
    """
    pa, pq = _pyarrow("writing")
    materialized = [dict(row) for row in rows]
    columns = dict.fromkeys(key for row in materialized for key in row)
    table = pa.table({key: [row.get(key) for row in materialized] for key in columns})
    with atomic_write(path, "wb", encoding=None) as out:
        pq.write_table(table, out)
    return len(materialized)


def write_rows(path: str | os.PathLike[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write rows as Parquet if ``path`` ends in ``.parquet``, else as JSONL (``.gz``, ``"-"``)."""
    if os.fspath(path).lower().endswith(".parquet"):
        return write_parquet(path, rows)
    return write_jsonl(path, rows)


# --- sources -------------------------------------------------------------------------------


def _raw_records(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], opts: ReadOptions
) -> Iterator[_Item]:
    """Records (or problems) of every source, in order."""
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    for source in sources:
        for entry in expand_source(os.fspath(source), opts):
            if isinstance(entry, InputError):
                yield Location(entry.path or os.fspath(source), None), entry
                continue
            name, path, fmt = entry
            logger.debug("reading %s as %s", name, fmt)
            try:
                opener = nullcontext(sys.stdin.buffer) if path is None else open_binary(path)
                with opener as stream:
                    yield from READERS[fmt](name, stream, opts)
            except (OSError, EOFError, zlib.error) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                yield Location(name, None), InputError(f"cannot read file: {reason}", path=name)


def expand_source(
    source: str, opts: ReadOptions
) -> Iterator[tuple[str, Path | None, str] | InputError]:
    """Resolve one source into (display name, path or None for stdin, format) entries."""
    if source == "-":
        fmt = opts.format or "jsonl"
        if fmt not in ("jsonl", "csv"):
            raise ParameterError(f"stdin can be read as jsonl or csv, not {fmt}")
        yield _STDIN, None, fmt
        return
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
        if not files:
            yield InputError("no .txt files in directory", path=source)
        for file in files:
            yield str(file), file, "txt"
    elif path.exists():
        file_format = opts.format or infer_format(source)
        if file_format is None:
            message = "cannot tell the format from the file name; set the format option"
            yield InputError(message, path=source)
        else:
            yield source, path, file_format
    elif GLOB_MAGIC.search(source):
        matches = sorted(glob.glob(source, recursive=True))
        if not matches:
            yield InputError("no such file (the pattern matches nothing)", path=source)
        for match in matches:
            yield from expand_source(match, opts)
    else:
        yield InputError("no such file", path=source)


def infer_format(name: str) -> str | None:
    """Format implied by a file name's suffix (ignoring a trailing ``.gz``), if any."""
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _SUFFIX_FORMATS.get(suffixes[-1]) if suffixes else None


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for binary reading, decompressing it if its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


# --- readers -------------------------------------------------------------------------------


def _read_jsonl(name: str, stream: IO[bytes], opts: ReadOptions) -> Iterator[_Item]:
    """One JSON object per line; blank lines are skipped."""
    for number, line, bad_utf8 in _decoded_lines(stream):
        location = Location(name, number)
        if bad_utf8 is not None:
            yield location, input_problem(location, bad_utf8)
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield (
                location,
                input_problem(location, f"malformed JSON: {exc.msg} at column {exc.colno}"),
            )
            continue
        if isinstance(record, dict):
            yield location, record
        else:
            message = f"expected a JSON object, got {type(record).__name__}"
            yield location, input_problem(location, message)


def _read_csv(name: str, stream: IO[bytes], opts: ReadOptions) -> Iterator[_Item]:
    """A header row, then one record per row (a quoted field may span lines)."""
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    bad_lines: list[tuple[int, str]] = []

    def lines() -> Iterator[str]:
        for number, line, bad_utf8 in _decoded_lines(stream):
            if bad_utf8 is not None:
                bad_lines.append((number, bad_utf8))
            yield line

    reader = csv.reader(lines())
    header: list[str] | None = None
    while True:
        location = Location(name, reader.line_num + 1)
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield (
                location,
                input_problem(location, f"CSV syntax error, rest of file not read: {exc}"),
            )
            return
        if bad_lines:  # an undecodable line belongs to the row just read
            line, message = bad_lines[0]
            bad_lines.clear()
            yield location, input_problem(Location(name, line), message)
            if header is None:
                return  # without a readable header the rows cannot be mapped
        elif header is None:
            header = row
            missing = _missing_columns(header, location, opts)
            if missing is not None:
                yield location, missing
                return
        elif not row:
            continue  # blank line
        elif len(row) > len(header):
            message = f"row has {len(row)} fields but the header has {len(header)}"
            yield location, input_problem(location, message)
        else:
            yield location, dict(zip(header, row, strict=False))
    if header is None:
        message = "empty CSV file: a header row is required"
        yield Location(name, None), InputError(message, path=name)


def _read_txt(name: str, stream: IO[bytes], opts: ReadOptions) -> Iterator[_Item]:
    """A whole file is one article: id = file stem, optional seed header ``date YYYY-MM-DD``."""
    data = stream.read().removeprefix(_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        message = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {column})"
        yield Location(name, None), InputError(message, path=name, line=line)
        return
    stem = Path(name[:-3] if name.lower().endswith(".gz") else name).stem
    record: dict[str, Any] = {opts.id_field: stem, opts.text_field: text}
    header = _SEED_HEADER.match(text)
    if header:
        record[opts.published_field] = header.group(1)
        record[opts.text_field] = text[header.end() :]
    yield Location(name, None), record


def _read_parquet(name: str, stream: IO[bytes], opts: ReadOptions) -> Iterator[_Item]:
    """Rows of a Parquet file, read batch by batch; the location line is the 1-based row."""
    pa, pq = _pyarrow("reading")
    try:
        with pq.ParquetFile(stream) as parquet:
            missing = _missing_columns(parquet.schema_arrow.names, Location(name, None), opts)
            if missing is not None:
                yield Location(name, None), missing
                return
            row = 0
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS):
                for record in batch.to_pylist():
                    row += 1
                    yield Location(name, row), record
    except pa.ArrowException as exc:
        yield Location(name, None), InputError(f"cannot read Parquet file: {exc}", path=name)


READERS: dict[str, _Reader] = {
    "jsonl": _read_jsonl,
    "csv": _read_csv,
    "txt": _read_txt,
    "parquet": _read_parquet,
}


def _decoded_lines(stream: IO[bytes]) -> Iterator[tuple[int, str, str | None]]:
    """(1-based line number, text, UTF-8 problem or None) for each line of a binary stream."""
    for number, raw in enumerate(stream, 1):
        data = raw.removeprefix(_BOM) if number == 1 else raw
        try:
            yield number, data.decode("utf-8"), None
        except UnicodeDecodeError as exc:
            problem = f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at column {exc.start + 1})"
            yield number, data.decode("utf-8", "replace"), problem


def _missing_columns(
    columns: Iterable[str], location: Location, opts: ReadOptions
) -> InputError | None:
    """A problem if the id or text column is absent from a header or schema."""
    present = list(columns)
    for field in (opts.id_field, opts.text_field):
        if field not in present:
            message = f"required column missing (columns: {', '.join(present) or 'none'})"
            return input_problem(location, message, field)
    return None


# --- records -------------------------------------------------------------------------------


def record_to_article(record: Mapping[str, Any], location: Location, opts: ReadOptions) -> Article:
    """Validate one record and map it to an :class:`Article`; raise :class:`InputError`."""
    raw_id = record.get(opts.id_field)
    if raw_id is None:
        raise input_problem(location, "missing required field", opts.id_field)
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        message = f"id must be a string or an integer, got {type(raw_id).__name__}"
        raise input_problem(location, message, opts.id_field)
    article_id = str(raw_id)
    if not article_id.strip():
        raise input_problem(location, "empty id", opts.id_field)

    def problem(field: str, message: str) -> InputError:
        return input_problem(location, message, field, article_id)

    text = record.get(opts.text_field)
    if text is None:
        raise problem(opts.text_field, "missing required field")
    check_text(text, opts, lambda message, field: problem(field, message))

    values: dict[str, Any] = {}
    for field in (opts.title_field, opts.source_field, opts.url_field):
        value = record.get(field)
        if value is not None and not isinstance(value, str):
            raise problem(field, f"must be a string, got {type(value).__name__}")
        values[field] = value or None
    try:
        published = _parse_published(record.get(opts.published_field))
    except (TypeError, ValueError) as exc:
        raise problem(opts.published_field, str(exc)) from None

    known = set(opts.field_names)
    return Article(
        id=article_id,
        text=text,
        title=values[opts.title_field],
        published=published,
        source=values[opts.source_field],
        url=values[opts.url_field],
        meta={key: value for key, value in record.items() if key not in known},
    )


def check_text(text: Any, opts: ReadOptions, problem: Callable[[str, str], InputError]) -> None:
    """Raise ``problem(message, field)`` unless ``text`` is a non-blank string within max_bytes."""
    if not isinstance(text, str):
        raise problem(f"text must be a string, got {type(text).__name__}", opts.text_field)
    if not text or text.isspace():  # no copy of a large text
        raise problem("empty or whitespace-only text", opts.text_field)
    if len(text) * 4 > opts.max_bytes:  # else it fits: a character is at most 4 UTF-8 bytes
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > opts.max_bytes:
            message = f"text is {_size(size)}, over the {_size(opts.max_bytes)} limit (max_bytes)"
            raise problem(message, opts.text_field)


def _parse_published(value: Any) -> datetime | None:
    """ISO 8601 date/datetime string, unix seconds, or datetime -> aware datetime (naive = UTC)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime.combine(value, time())
    elif isinstance(value, str):
        parsed = _parse_date_string(value.strip())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        parsed = _from_unix_seconds(value)
    else:
        raise TypeError(f"expected a date/time string or unix seconds, got {type(value).__name__}")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _parse_date_string(value: str) -> datetime:
    """An ISO 8601 date or datetime (``Z`` allowed), or unix seconds written as a number."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(
            f"cannot parse {value!r} as an ISO 8601 date/time or unix seconds"
        ) from None
    return _from_unix_seconds(seconds)


def _from_unix_seconds(seconds: float) -> datetime:
    """UTC datetime of a unix timestamp, or ValueError if it is out of range."""
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"{seconds!r} is out of range for unix seconds") from None


def input_problem(
    location: Location, message: str, field: str | None = None, record_id: str | None = None
) -> InputError:
    """An :class:`InputError` at ``location``."""
    return InputError(
        message, path=location.path, line=location.line, field=field, record_id=record_id
    )


def _report(problem: InputError, opts: ReadOptions) -> None:
    """Apply the error policy: raise, or log, notify ``on_problem`` and carry on."""
    if opts.on_error == "fail":
        raise problem
    logger.warning("%s (skipped)", problem)
    if opts.on_problem is not None:
        opts.on_problem(problem)


def _size(n_bytes: int) -> str:
    """Human-readable size: MB (10**6 bytes) from 0.1 MB up, else bytes."""
    return f"{n_bytes / 1e6:.1f} MB" if n_bytes >= 100_000 else f"{n_bytes} bytes"


# --- writing helpers -------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    """JSON form of values :mod:`json` does not know: datetimes, paths, sets, numpy values."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _pyarrow(action: str) -> tuple[Any, Any]:
    """``(pyarrow, pyarrow.parquet)``, or a :class:`DedupError` telling how to install them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError as exc:
        raise DedupError(
            f"{action} Parquet files needs pyarrow: pip install 'dedup[parquet]'"
        ) from exc
    return pyarrow, pyarrow.parquet


def _set_mode(tmp: Path, target: Path) -> None:
    """Give the temp file the target's permissions, or the umask default for a new file."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp.chmod(mode)


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (best effort; not possible on every platform)."""
    with suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
