"""The batch job on a Dask cluster, with exactly the results of the local engine.

Stages (each distributed; the client only plans, checks and gathers small results):

1. **Read and sketch.** Inputs are planned on the client into *pieces* (a file, a byte block of an
   uncompressed JSONL file, or a slice of in-memory articles) grouped into partitions of about
   ``blocksize`` bytes; each partition is one task that reads its pieces with the readers of
   :mod:`dedup.io` (local paths or fsspec URLs) and runs :func:`dedup.sketch.sketch_texts` per
   chunk, exactly as the local process pool does. The sketched partitions stay in worker memory
   (persisted; Dask spills them to disk under memory pressure) for the later stages.
2. **Ids and document numbers.** Ids must be unique across the whole input: a shuffle of 64-bit id
   hashes finds repeats, whose later occurrences are dropped like the local reader drops them.
   Partition lengths then give every article its global index (= input order).
3. **Candidates.** A shuffle of (key, document) rows on the key brings every band bucket and every
   anchor together; per bucket :func:`dedup.lsh.pairs_from_keys` (star for oversize buckets, the
   hub being the smallest global index) and :func:`dedup.lsh.shared_key_counts` (anchors, oversize
   dropped) give pair rows, each anchor row carrying the smaller of the two documents' anchor
   counts. A hash shuffle on the pair merges its rows from different buckets (band if any, shared
   anchors summed) and applies the anchor rule of :func:`dedup.anchors.packed_anchor_candidates`
   (``min_anchors``, ``ANCHOR_SLACK``). A range shuffle on the first document (aligned with the
   sketched partitions) attaches its fingerprint set; a range shuffle on the second brings each
   candidate to its second document, where :func:`dedup.similarity.set_counts` and the
   :class:`dedup.relation.RelationRule` run. The pair shuffle is the heavy one: every pair
   sharing one anchor in one bucket is a row (about 250 per article on wire copy), as the local
   engine also has them, in memory.
4. **Clusters.** Each partition of verified pairs turns its ``duplicate`` edges into a spanning
   star (document → smallest document of its component) on its worker; stars are merged by a tree
   reduction (scipy connected components over up to eight stars at a time), so
   the edges never travel to one place, only the final star: one ``(document, root)`` per article
   that is in a duplicate cluster. That star must fit in one worker's and the client's memory
   (about 40 bytes per clustered article: 50 million clustered articles is 2 GB); beyond that an
   iterative algorithm (large-star/small-star) would be needed, which this engine does not have.
   Labels (numbered by first document, as :func:`dedup.cluster.components` does) follow from the
   star alone; :func:`dedup.cluster.representatives` runs on the client over the clustered
   articles; each member's Jaccard with its representative is computed on the workers by the
   same two range shuffles.
5. **Output.** :meth:`DaskEngine.run` gathers a :class:`~dedup.result.DedupResult` (everything on
   the client, as the local engine has it). :meth:`DaskEngine.write` has the workers write one
   assignments file per input partition and one pairs file per verification partition into a
   temporary directory, then the summary and a ``_SUCCESS`` marker, and renames the directory into
   place only when everything succeeded (on object stores, which cannot rename, the files are
   written in place and ``_SUCCESS`` is written last).

A task that fails because its worker died is re-run by Dask (its inputs are recomputed from the
graph if they were lost with the worker); every task is deterministic and every file name is
fixed per partition and replaced atomically, so a retry neither loses nor duplicates output.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import logging
import os
import posixpath
import shutil
import sys
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from dedup.anchors import passes_anchor_rule
from dedup.article import Article
from dedup.cluster import representatives
from dedup.errors import DedupError, InputError, ParameterError
from dedup.io import (
    GLOB_MAGIC,
    READERS,
    Location,
    ReadOptions,
    check_text,
    expand_source,
    infer_format,
    input_problem,
    open_binary,
    record_to_article,
    write_rows,
)
from dedup.lsh import pack_keys, pairs_from_keys, shared_key_counts
from dedup.relation import PairCounts, RelationRule
from dedup.result import Cluster, DedupResult, Member, Pair, ScanStats
from dedup.similarity import set_counts
from dedup.sketch import SketchParams, sketch_texts

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client

    from dedup.pipeline import Deduplicator, Source

__all__ = ["DaskEngine", "ScanOutput", "local_cluster"]

logger = logging.getLogger(__name__)

_INSTALL_HINT = "the dask engine needs Dask: pip install 'dedup[dask]'"
_NO_WORDS = "text has no words (only punctuation or symbols)"
_FORMATS = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "parquet": ".parquet"}
_SUCCESS = "_SUCCESS"
_S32 = np.uint64(32)
_LOW32 = np.uint64(0xFFFFFFFF)
_FAN_IN = 8
_DENSE_LOOKUP = 1 << 25  # documents a bucket task may index with a dense table (256 MB)
_COMPRESSION = 4  # a gzip or Parquet file holds about this many times its size in text
_WRITE_ATTEMPTS = 3  # times the output stage is run when its tasks are cancelled by a lost worker


def _require_dask() -> None:
    """Raise a :class:`DedupError` with the install command if Dask is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DedupError(f"{_INSTALL_HINT} ({exc})") from exc


def local_cluster(n_workers: int | None = None, **kwargs: Any) -> Any:
    """A ``distributed.LocalCluster`` set up for this engine: ``n_workers`` (default: every core)
    single-threaded worker processes, a dashboard on a free port.

    Workers are started without Dask's default ``MALLOC_TRIM_THRESHOLD_=65536``: setting it turns
    off glibc's adaptive mmap threshold, so every large numpy temporary is a fresh ``mmap`` and the
    sketch stage runs about twice as slow (set the same on a real cluster, see docs/SCALE.md).
    """
    import dask
    from distributed import LocalCluster

    _require_dask()
    # the P2P shuffle logs each shuffle's start and end as warnings
    logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)
    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    options: dict[str, Any] = {
        "n_workers": n_workers or os.cpu_count() or 1,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": ":0",
        **kwargs,
    }
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        return LocalCluster(**options)


# --- planning the input ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    """A unit of input: a file, a byte block of an uncompressed JSONL file, or some Articles."""

    seq: int  # position in the whole input (pieces and planning problems share the counter)
    name: str  # display name, as in the local engine's problem locations
    url: str | None = None  # absolute local path or fsspec URL
    fmt: str = "jsonl"
    size: int = 0  # bytes of text it holds (estimated for compressed files)
    start: int = 0
    length: int | None = None  # a byte block [start, start + length) cut at line ends
    block: int = 0  # which block of its file
    articles: tuple[Article, ...] = ()
    first_line: int = 0  # articles: how many came before this piece


def _is_url(source: str) -> bool:
    """Whether ``source`` is an fsspec URL (``s3://``, ``gs://``, ``file://``...)."""
    return "://" in source


def _plan(
    source: Source, opts: ReadOptions, blocksize: int, partition_size: int
) -> tuple[list[list[_Piece]], list[tuple[int, InputError]]]:
    """Partitions of pieces, in input order, and problems found while expanding sources."""
    pieces: list[_Piece] = []
    problems: list[tuple[int, InputError]] = []
    counter = iter(range(sys.maxsize))
    if isinstance(source, str | os.PathLike):
        sources: list[Any] = [source]
    else:
        items = list(source)
        if items and isinstance(items[0], Article):
            for start in range(0, len(items), partition_size):
                chunk = tuple(cast(list[Article], items[start : start + partition_size]))
                pieces.append(
                    _Piece(
                        next(counter),
                        "<articles>",
                        fmt="articles",
                        articles=chunk,
                        first_line=start,
                        size=blocksize,
                    )
                )
            return [[p] for p in pieces], problems
        sources = items
    for item in sources:
        if not isinstance(item, str | os.PathLike):
            raise ParameterError(
                f"expected Articles or paths, got {type(item).__name__}: "
                "use dedup.read_articles first"
            )
        text = os.fspath(item)
        if text == "-":
            raise ParameterError("the dask engine cannot read stdin: give files or globs")
        entries = _expand_url(text, opts) if _is_url(text) else _expand_local(text, opts)
        for entry in entries:
            if isinstance(entry, InputError):
                problems.append((next(counter), entry))
                continue
            name, url, fmt, size = entry
            splittable = fmt == "jsonl" and not name.lower().endswith(".gz")
            if splittable and size > blocksize:
                for block, start in enumerate(range(0, size, blocksize)):
                    pieces.append(
                        _Piece(next(counter), name, url, fmt, blocksize, start, blocksize, block)
                    )
            else:
                compressed = name.lower().endswith(".gz") or fmt == "parquet"
                estimate = size * _COMPRESSION if compressed else size
                pieces.append(_Piece(next(counter), name, url, fmt, estimate))
    return _group(pieces, blocksize), problems


def _expand_local(
    source: str, opts: ReadOptions
) -> Iterator[tuple[str, str, str, int] | InputError]:
    """The local engine's expansion (:func:`dedup.io._expand`), with absolute paths and sizes."""
    for entry in expand_source(source, opts):
        if isinstance(entry, InputError):
            yield entry
            continue
        name, path, fmt = entry
        assert path is not None  # "-" is refused before
        yield name, os.path.abspath(path), fmt, path.stat().st_size


def _expand_url(source: str, opts: ReadOptions) -> Iterator[tuple[str, str, str, int] | InputError]:
    """Files of an fsspec URL (a file, a folder of .txt files, or a glob), in path order."""
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(source)

    def entry(p: str) -> tuple[str, str, str, int] | InputError:
        url = fs.unstrip_protocol(p)
        fmt = opts.format or infer_format(p)
        if fmt is None:
            message = "cannot tell the format from the file name; set the format option"
            return InputError(message, path=url)
        return url, url, fmt, int(fs.size(p) or 0)

    if GLOB_MAGIC.search(path) and not fs.exists(path):
        matches = sorted(fs.glob(path))
        if not matches:
            yield InputError("no such file (the pattern matches nothing)", path=source)
        for match in matches:
            yield entry(match)
    elif fs.isdir(path):
        files = sorted(p for p in fs.ls(path, detail=False) if p.endswith(".txt"))
        if not files:
            yield InputError("no .txt files in directory", path=source)
        for p in files:
            yield fs.unstrip_protocol(p), fs.unstrip_protocol(p), "txt", int(fs.size(p) or 0)
    elif fs.exists(path):
        yield entry(path)
    else:
        yield InputError("no such file", path=source)


def _group(pieces: list[_Piece], blocksize: int) -> list[list[_Piece]]:
    """Consecutive pieces grouped into partitions of about ``blocksize`` bytes."""
    partitions: list[list[_Piece]] = []
    current: list[_Piece] = []
    size = 0
    for piece in pieces:
        if current and (size + piece.size > blocksize or piece.length is not None):
            partitions.append(current)
            current, size = [], 0
        current.append(piece)
        size += piece.size
        if piece.length is not None:
            partitions.append(current)
            current, size = [], 0
    if current:
        partitions.append(current)
    return partitions


# --- reading and sketching one partition (runs on a worker) ------------------------------------


@dataclass
class _Problem:
    """A problem found in a partition; ``line`` is relative to its piece until fixed up."""

    piece: int  # index of the piece in its partition
    order: int
    doc: int  # partition-local document it belongs to (-1: a record that was not kept)
    message: str
    path: str | None
    line: int | None
    field: str | None
    record_id: str | None


@dataclass
class _Part:
    """A sketched partition: everything later stages need per article (local indexes)."""

    ids: list[str]
    piece: np.ndarray  # int32: piece of each article
    line: np.ndarray  # int64: line of each article within its piece (-1: none)
    published: np.ndarray  # float64 POSIX time, NaN: none
    lengths: np.ndarray  # int64 characters
    token_counts: np.ndarray  # int64 (0: no words, not kept)
    fp: np.ndarray  # uint32 fingerprints of all articles, concatenated
    fp_offsets: np.ndarray  # int64, len(ids) + 1
    band_keys: np.ndarray  # (n, bands) uint32
    anchor_keys: np.ndarray  # uint32
    anchor_docs: np.ndarray  # int64 local
    problems: list[_Problem] = field(default_factory=list)
    newlines: list[int] = field(default_factory=list)  # per piece (byte blocks only)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def kept(self) -> np.ndarray:
        """Articles with at least one word (the others have no keys)."""
        return self.token_counts > 0

    @property
    def n_anchors(self) -> np.ndarray:
        """Distinct anchors of each article."""
        return np.bincount(self.anchor_docs, minlength=len(self.ids)).astype(np.int64)

    def fingerprints(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Fingerprint sets of local ``docs``, concatenated, and their offsets."""
        return _take_ragged(self.fp, self.fp_offsets, docs)

    def take(self, keep: np.ndarray) -> _Part:
        """The partition without the articles where ``keep`` is False (renumbered)."""
        rows = np.flatnonzero(keep)
        new_index = np.full(len(self.ids), -1, dtype=np.int64)
        new_index[rows] = np.arange(len(rows))
        fp, fp_offsets = self.fingerprints(rows)
        anchors = keep[self.anchor_docs]
        problems = [
            dataclasses.replace(p, doc=int(new_index[p.doc]))
            for p in self.problems
            if p.doc < 0 or keep[p.doc]
        ]
        return _Part(
            ids=[self.ids[i] for i in rows],
            piece=self.piece[rows],
            line=self.line[rows],
            published=self.published[rows],
            lengths=self.lengths[rows],
            token_counts=self.token_counts[rows],
            fp=fp,
            fp_offsets=fp_offsets,
            band_keys=self.band_keys[rows],
            anchor_keys=self.anchor_keys[anchors],
            anchor_docs=new_index[self.anchor_docs[anchors]],
            problems=problems,
            newlines=self.newlines,
        )


def _take_ragged(
    values: np.ndarray, offsets: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``rows`` of a ragged array (``values`` cut by ``offsets``), and the new offsets."""
    rows = np.asarray(rows, dtype=np.int64)
    starts = offsets[rows]
    sizes = offsets[rows + 1] - starts
    new_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(sizes, out=new_offsets[1:])
    index = np.repeat(starts - new_offsets[:-1], sizes) + np.arange(new_offsets[-1])
    return values[index], new_offsets


def _piece_records(
    piece: _Piece, opts: ReadOptions, newlines: list[int]
) -> Iterator[tuple[Location, Article | InputError]]:
    """(location, article or problem) of one piece, as the local readers give them."""
    if piece.fmt == "articles":
        for n, article in enumerate(piece.articles, 1):
            location = Location("<articles>", n)
            if not isinstance(article, Article):
                message = f"expected an Article, got {type(article).__name__}"
                yield location, input_problem(location, message)
                continue
            try:
                check_text(article.text, opts, partial(_article_problem, location, article.id))
            except InputError as problem:
                yield location, problem
                continue
            yield location, article
        return
    assert piece.url is not None
    try:
        if piece.length is not None:
            from fsspec.utils import read_block

            with _open_raw(piece.url) as raw:
                data = read_block(raw, piece.start, piece.length, delimiter=b"\n")
            newlines.append(data.count(b"\n"))
            items = list(READERS[piece.fmt](piece.name, io.BytesIO(data), opts))
        else:
            newlines.append(0)
            with _open_input(piece.url) as stream:
                items = list(READERS[piece.fmt](piece.name, stream, opts))
    except (OSError, EOFError, zlib.error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        yield Location(piece.name, None), InputError(f"cannot read file: {reason}", path=piece.name)
        return
    for location, item in items:
        if isinstance(item, InputError):
            yield location, item
            continue
        try:
            yield location, record_to_article(item, location, opts)
        except InputError as problem:
            yield location, problem


def _article_problem(location: Location, record_id: str, message: str, fld: str) -> InputError:
    return input_problem(location, message, fld, record_id)


@contextlib.contextmanager
def _open_input(url: str) -> Iterator[Any]:
    """A binary stream of a local file or fsspec URL, gunzipped if its name ends in ``.gz``."""
    if not _is_url(url):
        with open_binary(Path(url)) as stream:
            yield stream
        return
    import fsspec

    compression = "gzip" if url.lower().endswith(".gz") else None
    with fsspec.open(url, "rb", compression=compression) as stream:
        yield stream


@contextlib.contextmanager
def _open_raw(url: str) -> Iterator[Any]:
    """A seekable binary stream of a local file or fsspec URL (no decompression)."""
    if not _is_url(url):
        with open(url, "rb") as stream:
            yield stream
        return
    import fsspec

    with fsspec.open(url, "rb") as stream:
        yield stream


class _PartBuilder:
    """Collects articles of a partition and sketches them ``chunk_size`` at a time."""

    def __init__(
        self, params: SketchParams, opts: ReadOptions, chunk_size: int, names: list[str]
    ) -> None:
        self.params = params
        self.names = names
        self.opts = opts
        self.chunk_size = chunk_size
        self.pending: list[tuple[int, int, Article]] = []
        self.ids: list[str] = []
        self.cols: dict[str, list[np.ndarray]] = {
            k: []
            for k in (
                "piece",
                "line",
                "published",
                "lengths",
                "tokens",
                "fp",
                "fp_sizes",
                "band_keys",
                "anchor_keys",
                "anchor_docs",
            )
        }
        self.problems: list[_Problem] = []
        self.order = 0

    def problem(self, piece: int, error: InputError, doc: int = -1) -> None:
        self.problems.append(
            _Problem(
                piece,
                self.order,
                doc,
                error.message,
                error.path,
                error.line,
                error.field,
                error.record_id,
            )
        )
        self.order += 1

    def add(self, piece: int, location: Location, article: Article) -> None:
        self.pending.append((piece, -1 if location.line is None else location.line, article))
        if len(self.pending) >= self.chunk_size:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        chunk, self.pending = self.pending, []
        base = len(self.ids)
        sketch = sketch_texts([a.text for _, _, a in chunk], self.params)
        for i, (piece, line, article) in enumerate(chunk):
            if sketch.token_counts[i] == 0:
                self.problems.append(
                    _Problem(
                        piece,
                        self.order,
                        base + i,
                        _NO_WORDS,
                        self.names[piece],
                        line if line >= 0 else None,
                        self.opts.text_field,
                        article.id,
                    )
                )
                self.order += 1
            self.ids.append(article.id)
        c = self.cols
        c["piece"].append(np.array([p for p, _, _ in chunk], dtype=np.int32))
        c["line"].append(np.array([ln for _, ln, _ in chunk], dtype=np.int64))
        c["published"].append(
            np.array([a.published.timestamp() if a.published else np.nan for _, _, a in chunk])
        )
        c["lengths"].append(np.array([len(a.text) for _, _, a in chunk], dtype=np.int64))
        c["tokens"].append(np.asarray(sketch.token_counts, dtype=np.int64))
        c["fp"].append(sketch.fingerprints.hashes.astype(np.uint32))
        c["fp_sizes"].append(np.diff(sketch.fingerprints.offsets))
        c["band_keys"].append(sketch.band_keys)
        c["anchor_keys"].append(sketch.anchor_keys)
        c["anchor_docs"].append(sketch.anchor_docs + base)

    def build(self, newlines: list[int]) -> _Part:
        self.flush()
        c = self.cols

        def cat(name: str, dtype: Any, shape: tuple[int, ...] = (0,)) -> np.ndarray:
            return np.concatenate([np.zeros(shape, dtype=dtype), *c[name]])

        sizes = cat("fp_sizes", np.int64)
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        return _Part(
            ids=self.ids,
            piece=cat("piece", np.int32),
            line=cat("line", np.int64),
            published=cat("published", np.float64),
            lengths=cat("lengths", np.int64),
            token_counts=cat("tokens", np.int64),
            fp=cat("fp", np.uint32),
            fp_offsets=offsets,
            band_keys=cat("band_keys", np.uint32, (0, self.params.bands)),
            anchor_keys=cat("anchor_keys", np.uint32),
            anchor_docs=cat("anchor_docs", np.int64),
            problems=self.problems,
            newlines=newlines,
        )


def _sketch_partition(
    pieces: list[_Piece], params: SketchParams, opts: ReadOptions, chunk_size: int
) -> _Part:
    """Read and sketch one partition (a worker task)."""
    builder = _PartBuilder(params, opts, chunk_size, [p.name for p in pieces])
    newlines: list[int] = []
    for index, piece in enumerate(pieces):
        for location, item in _piece_records(piece, opts, newlines):
            if isinstance(item, InputError):
                builder.problem(index, item)
            else:
                builder.add(index, location, item)
        if len(newlines) <= index:
            newlines.append(0)
    return builder.build(newlines)


def _part_summary(part: _Part) -> dict[str, Any]:
    """What the client needs to know about a sketched partition."""
    return {"n": len(part), "problems": part.problems, "newlines": part.newlines}


# --- ids ---------------------------------------------------------------------------------------


def _id_hash_frame(part: _Part, p: int) -> pd.DataFrame:
    import pandas as pd

    hashes = pd.util.hash_array(np.array(part.ids, dtype=object)) if len(part) else []
    return pd.DataFrame(
        {
            "h": np.asarray(hashes, dtype=np.uint64),
            "pos": (np.int64(p) << np.int64(32)) | np.arange(len(part), dtype=np.int64),
        }
    )


def _repeated_hashes(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["h"].duplicated(keep=False)]


def _records_at(part: _Part, docs: list[int]) -> list[tuple[str, int, int]]:
    return [(part.ids[d], int(part.piece[d]), int(part.line[d])) for d in docs]


def _drop(part: _Part, docs: list[int]) -> _Part:
    keep = np.ones(len(part), dtype=bool)
    keep[docs] = False
    return part.take(keep)


# --- candidates and verification (worker tasks) ------------------------------------------------


def _key_frame(part: _Part, offset: int) -> pd.DataFrame:
    """(key, document, kind, anchors of the document) rows: kind 0 a band key, 1 an anchor."""
    import pandas as pd

    kept = np.flatnonzero(part.kept)
    bands = part.band_keys.shape[1]
    band_keys = part.band_keys[kept].ravel()
    n_anchors = part.n_anchors
    return pd.DataFrame(
        {
            "key": np.concatenate([band_keys, part.anchor_keys]).astype(np.uint32),
            "doc": np.concatenate(
                [np.repeat(kept + offset, bands), part.anchor_docs + offset]
            ).astype(np.int64),
            "kind": np.concatenate(
                [np.zeros(len(band_keys), np.int8), np.ones(len(part.anchor_keys), np.int8)]
            ),
            "n": np.concatenate(
                [np.zeros(len(band_keys), np.int32), n_anchors[part.anchor_docs].astype(np.int32)]
            ),
        }
    )


def _pair_frame(
    codes: np.ndarray, band: np.ndarray, shared: np.ndarray, smaller: np.ndarray
) -> pd.DataFrame:
    """Pair rows: ``code`` = a << 32 | b, band (0/1), anchors shared in this bucket, and the
    smaller of the two documents' anchor counts (0 on band rows)."""
    import pandas as pd

    return pd.DataFrame(
        {
            "code": np.asarray(codes, dtype=np.uint64),
            "band": np.asarray(band, dtype=np.int8),
            "shared": np.asarray(shared, dtype=np.int32),
            "smaller": np.asarray(smaller, dtype=np.int32),
        }
    )


def _bucket_pairs(df: pd.DataFrame, max_bucket: int) -> pd.DataFrame:
    """Pairs of one key bucket: band pairs (star when oversize) and anchor pairs with counts."""
    kind = df["kind"].to_numpy()
    keys, docs = df["key"].to_numpy(), df["doc"].to_numpy()
    band = kind == 0
    band_pairs = pairs_from_keys(
        pack_keys(keys[band], docs[band]), max_group=max_bucket, oversize="star"
    )
    anchor_docs = docs[~band]
    anchor_pairs, shared = shared_key_counts(
        pack_keys(keys[~band], anchor_docs), max_group=max_bucket, oversize="drop", min_shared=1
    )
    # every anchor row carries its document's anchor count: look the pair's two up
    smaller = _smaller_counts(anchor_docs, df["n"].to_numpy()[~band], anchor_pairs)
    return _pair_frame(
        np.concatenate([_codes(band_pairs), _codes(anchor_pairs)]),
        np.concatenate([np.ones(len(band_pairs)), np.zeros(len(anchor_pairs))]),
        np.concatenate([np.zeros(len(band_pairs), np.int64), shared]),
        np.concatenate([np.zeros(len(band_pairs), np.int64), smaller]),
    )


def _smaller_counts(docs: np.ndarray, counts: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """The smaller of ``counts`` (per row of ``docs``) of each pair's two documents."""
    if len(pairs) == 0:
        return np.zeros(0, np.int64)
    low = int(docs.min())
    span = int(docs.max()) - low + 1
    if span <= _DENSE_LOOKUP:
        table = np.zeros(span, dtype=np.int64)
        table[docs - low] = counts
        return np.minimum(table[pairs[:, 0] - low], table[pairs[:, 1] - low])
    order = np.argsort(docs, kind="stable")
    sorted_docs, sorted_counts = docs[order], counts[order]
    return np.minimum(
        sorted_counts[np.searchsorted(sorted_docs, pairs[:, 0])],
        sorted_counts[np.searchsorted(sorted_docs, pairs[:, 1])],
    )


def _codes(pairs: np.ndarray) -> np.ndarray:
    return (pairs[:, 0].astype(np.uint64) << _S32) | pairs[:, 1].astype(np.uint64)


def _combine_pairs(df: pd.DataFrame, containment: float, min_anchors: int) -> pd.DataFrame:
    """The candidates among the rows of a pair shuffle partition (all rows of a pair are here).

    Rows of the same pair from different key buckets are merged (band if any bucket says so,
    shared anchors summed); a pair is a candidate if it is a band pair or passes the anchor rule
    of :func:`dedup.anchors.packed_anchor_candidates`: at least ``min_anchors`` shared and at
    least ``ANCHOR_SLACK * containment`` of the smaller document's anchors.
    """
    import pandas as pd

    codes = df["code"].to_numpy(np.uint64)
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    if len(codes):
        starts = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
        band = np.maximum.reduceat(df["band"].to_numpy(np.int8)[order], starts) > 0
        shared = np.add.reduceat(df["shared"].to_numpy(np.int64)[order], starts)
        smaller = np.maximum.reduceat(df["smaller"].to_numpy(np.int64)[order], starts)
        codes = codes[starts]
    else:
        band = np.zeros(0, bool)
        shared = smaller = np.zeros(0, np.int64)
    anchor = passes_anchor_rule(shared, smaller, containment, min_anchors)
    keep = band | anchor
    codes = codes[keep]
    return pd.DataFrame(
        {
            "a": (codes >> _S32).astype(np.int64),
            "b": (codes & _LOW32).astype(np.int64),
            "band": band[keep],
            "anchor": anchor[keep],
        }
    )


def _binary_column(values: np.ndarray, offsets: np.ndarray) -> pd.Series:
    """A pyarrow ``large_binary`` column holding each row's uint32 fingerprint set."""
    import pandas as pd
    import pyarrow as pa

    array = pa.LargeBinaryArray.from_buffers(
        pa.large_binary(),
        len(offsets) - 1,
        [None, pa.py_buffer(offsets * 4), pa.py_buffer(np.ascontiguousarray(values).tobytes())],
    )
    return pd.Series(pd.arrays.ArrowExtensionArray(array))


def _binary_sets(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """The uint32 values and offsets (in values) of a column made by :func:`_binary_column`."""
    chunked = column.array.__arrow_array__()
    array = chunked.combine_chunks() if hasattr(chunked, "combine_chunks") else chunked
    n = len(array)
    if n == 0:
        return np.zeros(0, np.uint32), np.zeros(1, np.int64)
    buffers = array.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[array.offset : array.offset + n + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0)
    values = data[offsets[0] : offsets[-1]].view(np.uint32)
    return values, (offsets - offsets[0]) // 4


def _with_first(a: np.ndarray, b: np.ndarray, part: _Part, offset: int) -> pd.DataFrame:
    """Pairs ``(a, b)`` with ``a``'s id and fingerprint set (``a`` in ``part``)."""
    import pandas as pd

    local = a - offset
    values, offsets = part.fingerprints(local)
    out = pd.DataFrame({"a": a, "b": b})
    out["id_a"] = pd.Series([part.ids[i] for i in local], dtype="str")
    out["fp_a"] = _binary_column(values, offsets)
    return out


def _first_sets(
    df: pd.DataFrame, part: _Part, offset: int, columns: tuple[str, ...] = ()
) -> pd.DataFrame:
    """:func:`_with_first` for a frame indexed by ``a``, keeping ``columns``."""
    df = df.reset_index()
    out = _with_first(df["a"].to_numpy(np.int64), df["b"].to_numpy(np.int64), part, offset)
    for column in columns:
        out[column] = df[column].to_numpy()
    return out


@dataclass(frozen=True)
class _VerifyConfig:
    rule: RelationRule
    min_anchors: int


def _counts_against(
    values: np.ndarray, offsets: np.ndarray, part: _Part, local_b: np.ndarray
) -> PairCounts:
    """Exact counts of set ``i`` of ``(values, offsets)`` against ``part``'s doc ``local_b[i]``."""
    n = len(offsets) - 1
    both = np.concatenate([values, part.fp])
    both_offsets = np.concatenate([offsets, part.fp_offsets[1:] - part.fp_offsets[0] + offsets[-1]])
    return set_counts(both, both_offsets, np.arange(n), n + local_b)


def _verify(
    df: pd.DataFrame, part: _Part, offset: int, cfg: _VerifyConfig
) -> tuple[pd.DataFrame, np.ndarray]:
    """Exact scores and relation of the candidates whose second document is in ``part``.

    Returns the verified pairs and ``[band candidates, anchor candidates, candidates]``.
    """
    import pandas as pd

    df = df.reset_index()
    local_b = df["b"].to_numpy(np.int64) - offset
    counts = np.array(
        [df["band"].to_numpy(bool).sum(), df["anchor"].to_numpy(bool).sum(), len(df)],
        dtype=np.int64,
    )
    scores = _counts_against(*_binary_sets(df["fp_a"]), part, local_b)
    jaccard, containment = scores.jaccard, scores.containment
    relation = cfg.rule.classify(scores)
    ok = relation != ""
    out = pd.DataFrame(
        {
            "a": df["a"].to_numpy(np.int64)[ok],
            "b": df["b"].to_numpy(np.int64)[ok],
            "id_a": pd.Series(df["id_a"].to_numpy(dtype=object)[ok], dtype="str"),
            "id_b": pd.Series([part.ids[i] for i in local_b[ok]], dtype="str"),
            "relation": pd.Series(relation[ok], dtype="str"),
            "jaccard": jaccard[ok],
            "containment": containment[ok],
        }
    )
    return out, counts


def _member_scores(df: pd.DataFrame, part: _Part, offset: int) -> pd.DataFrame:
    """Jaccard of each (representative, member) pair whose second document is in ``part``."""
    import pandas as pd

    df = df.reset_index()
    local_b = df["b"].to_numpy(np.int64) - offset
    scores = _counts_against(*_binary_sets(df["fp_a"]), part, local_b).jaccard
    return pd.DataFrame({"member": df["member"].to_numpy(np.int64), "score": scores})


# --- connected components ----------------------------------------------------------------------


def _star(u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct documents of the edges ``(u, v)`` and the smallest document of each one's
    component."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    nodes = np.unique(np.concatenate([u, v]).astype(np.int64))
    if len(nodes) == 0:
        return nodes, nodes.copy()
    iu, iv = np.searchsorted(nodes, u), np.searchsorted(nodes, v)
    graph = coo_matrix((np.ones(len(iu), dtype=np.int8), (iu, iv)), shape=(len(nodes), len(nodes)))
    _, labels = connected_components(graph, directed=False)
    first = np.full(labels.max() + 1, len(nodes), dtype=np.int64)
    np.minimum.at(first, labels, np.arange(len(nodes)))  # nodes are sorted: first = smallest
    return nodes, nodes[first[labels]]


def _duplicate_star(verified: tuple[pd.DataFrame, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    df = verified[0]
    dup = (df["relation"] == "duplicate").to_numpy()
    return _star(df["a"].to_numpy(np.int64)[dup], df["b"].to_numpy(np.int64)[dup])


def _merge_stars(*stars: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return _star(
        np.concatenate([np.zeros(0, np.int64)] + [s[0] for s in stars]),
        np.concatenate([np.zeros(0, np.int64)] + [s[1] for s in stars]),
    )


@dataclass
class _ClusterTable:
    """Cluster membership of the articles in duplicate clusters (global indexes, sorted)."""

    nodes: np.ndarray
    roots: np.ndarray  # first (smallest) document of each node's cluster
    label: np.ndarray  # cluster label of each node
    rep: np.ndarray  # global index of each node's representative
    rep_id: list[str]  # id of each node's representative
    score: np.ndarray  # Jaccard with the representative (1.0 for it)
    non_roots: np.ndarray  # sorted: nodes that are not the first of their cluster

    def labels(self, docs: np.ndarray) -> np.ndarray:
        """Label of each global document: its component's rank by first document."""
        roots = docs.copy()
        at = np.searchsorted(self.nodes, docs)
        inside = at < len(self.nodes)
        inside[inside] = self.nodes[at[inside]] == docs[inside]
        roots[inside] = self.roots[at[inside]]
        return roots - np.searchsorted(self.non_roots, roots)


def _assignment_rows(part: _Part, offset: int, table: _ClusterTable) -> Iterator[dict[str, Any]]:
    """The ``-o`` rows of a partition's articles (kept ones), as DedupResult.assignments()."""
    docs = np.arange(len(part), dtype=np.int64) + offset
    labels = table.labels(docs)
    at = np.searchsorted(table.nodes, docs)
    for i, doc in enumerate(docs):
        if not part.token_counts[i] > 0:
            continue
        j = int(at[i])
        if j < len(table.nodes) and table.nodes[j] == doc:
            rep, rep_id, score = int(table.rep[j]), table.rep_id[j], float(table.score[j])
        else:
            rep, rep_id, score = int(doc), part.ids[i], 1.0
        is_rep = rep == int(doc)
        yield {
            "id": part.ids[i],
            "cluster": int(labels[i]),
            "representative": rep_id,
            "is_representative": is_rep,
            "duplicate_of": None if is_rep else rep_id,
            "score": round(score, 6),
        }


# --- output files ------------------------------------------------------------------------------


def _write_part(url: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Write rows to a local path (atomically) or an fsspec URL; return the row count."""
    if not _is_url(url):
        return write_rows(url, rows)
    import fsspec

    if url.lower().endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        materialized = [dict(r) for r in rows]
        columns = dict.fromkeys(k for r in materialized for k in r)
        table = pa.table({k: [r.get(k) for r in materialized] for k in columns})
        with fsspec.open(url, "wb") as fh:
            pq.write_table(table, fh)
        return len(materialized)
    count = 0
    compression = "gzip" if url.lower().endswith(".gz") else None
    with fsspec.open(url, "wt", encoding="utf-8", compression=compression) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            count += 1
    return count


def _write_assignments(part: _Part, offset: int, table: _ClusterTable, url: str) -> int:
    return _write_part(url, _assignment_rows(part, offset, table))


def _write_pairs(verified: tuple[pd.DataFrame, np.ndarray], url: str) -> int:
    df = verified[0].sort_values(["a", "b"], kind="stable")
    rows = (
        Pair(
            str(r.id_a), str(r.id_b), str(r.relation), float(r.jaccard), float(r.containment)
        ).to_dict()
        for r in df.itertuples(index=False)
    )
    return _write_part(url, rows)


class _OutputDir:
    """A directory that appears complete or not at all: a temporary sibling renamed into place
    (local paths), or files written in place with ``_SUCCESS`` last (fsspec URLs)."""

    def __init__(self, target: str) -> None:
        self.target = target.rstrip("/") or target
        self.remote = _is_url(target)
        if self.remote:
            from fsspec.core import url_to_fs

            self.fs, self.root = url_to_fs(self.target)
            self.work = self.target
        else:
            path = Path(self.target).absolute()
            if path.exists() and not path.is_dir():
                raise ParameterError(f"{target}: exists and is not a directory")
            if path.is_dir() and any(path.iterdir()) and not (path / _SUCCESS).exists():
                raise ParameterError(
                    f"{target}: directory is not empty and holds no dedup output (no {_SUCCESS})"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            self.path = path
            self.work = str(path.parent / f".{path.name}.tmp-{uuid.uuid4().hex[:12]}")

    def __enter__(self) -> _OutputDir:
        if self.remote:
            with contextlib.suppress(FileNotFoundError):
                self.fs.rm(posixpath.join(self.root, _SUCCESS))
            self.fs.makedirs(self.root, exist_ok=True)
        else:
            os.makedirs(self.work)
        for sub in ("assignments", "pairs"):
            self.makedirs(sub)
        return self

    def url(self, *parts: str) -> str:
        """URL or path of a file inside the (working) directory."""
        if self.remote:
            return posixpath.join(self.work, *parts)
        return os.path.join(self.work, *parts)

    def makedirs(self, sub: str) -> None:
        if self.remote:
            self.fs.makedirs(posixpath.join(self.root, sub), exist_ok=True)
        else:
            os.makedirs(os.path.join(self.work, sub), exist_ok=True)

    def write_text(self, name: str, text: str) -> None:
        if self.remote:
            with self.fs.open(posixpath.join(self.root, name), "w") as fh:
                fh.write(text)
        else:
            with open(os.path.join(self.work, name), "w", encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())

    def commit(self, written: set[str]) -> None:
        """Remove what this run did not write (stale or half-written files), then publish."""
        if self.remote:
            for sub in ("assignments", "pairs"):
                for path in self.fs.ls(posixpath.join(self.root, sub), detail=False):
                    if posixpath.join(sub, posixpath.basename(path)) not in written:
                        self.fs.rm(path)
            self.write_text(_SUCCESS, "")
            return
        for sub in ("assignments", "pairs"):
            for path in Path(self.work, sub).iterdir():
                if f"{sub}/{path.name}" not in written:
                    path.unlink()  # e.g. the temp file of a write whose worker was killed
        self.write_text(_SUCCESS, "")
        old = None
        if self.path.exists():
            old = self.path.parent / f".{self.path.name}.old-{uuid.uuid4().hex[:12]}"
            os.replace(self.path, old)
        os.replace(self.work, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None and not self.remote:
            shutil.rmtree(self.work, ignore_errors=True)


# --- the engine ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanOutput:
    """What :meth:`DaskEngine.write` produced: counts, skipped records and where the files are."""

    stats: ScanStats
    problems: list[InputError]
    clustered: int  # articles in duplicate clusters
    directory: str
    assignments: list[str]
    pairs: list[str]

    def summary(self) -> dict[str, Any]:
        """The ``summary.json`` document (as ``dedup scan --summary``)."""
        stats = self.stats.to_dict()
        stats["problems"] = [str(p) for p in self.problems]
        return stats


@dataclass
class _State:
    """Everything a run keeps between stages (client side)."""

    dedup: Deduplicator
    params: SketchParams
    opts: ReadOptions
    started: float
    partitions: list[list[_Piece]]
    parts: list[Any]  # persisted Delayed[_Part]
    lengths: list[int] = field(default_factory=list)
    offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    # (input position, problem, (partition, document) it belongs to or None)
    problems: list[tuple[tuple[int, int, int], InputError, tuple[int, int] | None]] = field(
        default_factory=list
    )
    verified: list[Any] = field(default_factory=list)  # persisted Delayed[(frame, counts)]
    counts: np.ndarray = field(default_factory=lambda: np.zeros(3, np.int64))
    table: _ClusterTable | None = None
    line_offsets: dict[int, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.offsets[-1])

    def sorted_problems(self) -> list[InputError]:
        """Problems in input order."""
        return [p for _, p, _ in sorted(self.problems, key=lambda item: item[0])]


class DaskEngine:
    """Run :class:`~dedup.pipeline.Deduplicator` jobs on a Dask cluster (same results as local).

    Parameters
    ----------
    client : a ``distributed.Client``; ``None`` connects to ``scheduler`` or, without one,
        starts a ``LocalCluster`` of ``n_workers`` single-threaded worker processes (closed by
        :meth:`close`).
    scheduler : address of a running scheduler (``tcp://host:8786``).
    n_workers : workers of the LocalCluster (default: every core).
    blocksize : bytes of input per partition (64 MiB): uncompressed JSONL files larger than this
        are cut into blocks at line ends, smaller files are grouped; each gzip file or Parquet
        file is read whole by one task.
    partition_size : articles per partition when the source is a list of Articles (10,000).
    shuffle_method : Dask's shuffle method (``"p2p"``, ``"tasks"``; ``None``: Dask's default).
    shuffle_partitions : partitions of the key shuffle (default: as many as input partitions,
        at least two per worker).
    on_stage : called with each stage's name as it starts (``read``, ``ids``, ``candidates``,
        ``clusters``, ``scores``, ``output``).

    Input files must be readable by every worker (a shared file system or fsspec URLs such as
    ``s3://``), and the workers need this package installed.
    """

    def __init__(
        self,
        client: Client | None = None,
        *,
        scheduler: str | None = None,
        n_workers: int | None = None,
        blocksize: int = 64 * 2**20,
        partition_size: int = 10_000,
        shuffle_method: str | None = None,
        shuffle_partitions: int | None = None,
        on_stage: Callable[[str], None] | None = None,
    ) -> None:
        _require_dask()
        if blocksize < 1 or partition_size < 1:
            raise ParameterError("blocksize and partition_size must be >= 1")
        if client is not None and scheduler is not None:
            raise ParameterError("give a client or a scheduler address, not both")
        self._client = client
        self._own: list[Any] = []
        self.scheduler = scheduler
        self.n_workers = n_workers
        self.blocksize = blocksize
        self.partition_size = partition_size
        self.shuffle_method = shuffle_method
        self.shuffle_partitions = shuffle_partitions
        self.on_stage = on_stage

    # -- cluster ---------------------------------------------------------------------------

    @property
    def client(self) -> Client:
        """The Dask client (connecting or starting a LocalCluster on first use)."""
        if self._client is None:
            from distributed import Client

            if self.scheduler is not None:
                self._client = Client(self.scheduler)
            else:
                cluster = local_cluster(self.n_workers)
                self._own.append(cluster)
                self._client = Client(cluster)
            self._own.append(self._client)
            logger.info("dask dashboard: %s", self._client.dashboard_link)
        return self._client

    @property
    def dashboard_link(self) -> str:
        """URL of the Dask dashboard."""
        return str(self.client.dashboard_link)

    def close(self) -> None:
        """Close the client and LocalCluster this engine started (not a client it was given)."""
        while self._own:
            with contextlib.suppress(Exception):
                self._own.pop().close()
        if self._client is not None and self._client.status == "closed":
            self._client = None

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = self.scheduler or ("client" if self._client is not None else "LocalCluster")
        return f"DaskEngine({where})"

    # -- public API ------------------------------------------------------------------------

    def run(
        self, deduplicator: Deduplicator, source: Source, read_options: ReadOptions | None = None
    ) -> DedupResult:
        """Deduplicate ``source`` on the cluster; the result is gathered on the client."""
        state = self._prepare(deduplicator, source, read_options)
        return self._gather(state)

    def write(
        self,
        deduplicator: Deduplicator,
        source: Source,
        output: str | os.PathLike[str],
        read_options: ReadOptions | None = None,
        *,
        output_format: str = "jsonl.gz",
    ) -> ScanOutput:
        """Deduplicate ``source`` and have the workers write the results into ``output``.

        ``output`` (a directory, local or fsspec URL) gets ``assignments/part-NNNNN.<fmt>`` (one
        row per article, input order across parts), ``pairs/part-NNNNN.<fmt>`` (verified pairs),
        ``summary.json`` and ``_SUCCESS``; it appears only when the whole run succeeded.
        ``output_format``: ``jsonl``, ``jsonl.gz`` or ``parquet``.
        """
        if output_format not in _FORMATS:
            raise ParameterError(f"output_format must be one of {sorted(_FORMATS)}")
        directory = _OutputDir(os.fspath(output))
        state = self._prepare(deduplicator, source, read_options)
        return self._write(state, directory, _FORMATS[output_format])

    # -- stages ----------------------------------------------------------------------------

    def _stage(self, name: str) -> None:
        logger.info("dask engine: %s", name)
        if self.on_stage is not None:
            self.on_stage(name)

    def _wait(self, collections: Sequence[Any], desc: str, progress: bool) -> list[Any]:
        """Persist ``collections`` and wait for them, with a progress bar on request."""
        from distributed import futures_of, wait

        if not collections:
            return []
        persisted = list(self.client.persist(list(collections)))
        futures = futures_of(persisted)
        if progress and futures:
            from distributed import as_completed
            from tqdm import tqdm

            with tqdm(total=len(futures), desc=desc, unit=" tasks", leave=False) as bar:
                for _ in as_completed(futures):
                    bar.update(1)
        wait(futures)
        return persisted

    def _compute(self, collections: Sequence[Any]) -> list[Any]:
        """Compute on this engine's client (not whichever client is the default)."""
        if not collections:
            return []
        client = self.client
        return list(client.gather(client.compute(list(collections))))

    def _prepare(
        self, deduplicator: Deduplicator, source: Source, read_options: ReadOptions | None
    ) -> _State:
        params = deduplicator._validate()
        started = time.perf_counter()
        opts = read_options or ReadOptions(on_error=deduplicator.on_error)
        client = self.client
        logger.info("dask engine on %s (dashboard %s)", client, client.dashboard_link)
        worker_opts = dataclasses.replace(opts, on_error="skip", on_problem=None)
        partitions, plan_problems = _plan(source, opts, self.blocksize, self.partition_size)
        state = _State(deduplicator, params, opts, started, partitions, [])
        self._read(state, worker_opts, plan_problems)
        self._check_ids(state)
        problems = state.sorted_problems()
        if problems and opts.on_error == "fail":
            raise problems[0]
        for problem in problems:
            logger.warning("%s (skipped)", problem)
            if opts.on_problem is not None:
                opts.on_problem(problem)
        state.offsets = np.concatenate([[0], np.cumsum(state.lengths)]).astype(np.int64)
        if state.n >= 2:
            self._candidates(state)
        self._clusters(state)
        return state

    def _read(
        self, state: _State, opts: ReadOptions, plan_problems: list[tuple[int, InputError]]
    ) -> None:
        from dask import delayed

        self._stage("read")
        d = state.dedup
        sketch = delayed(_sketch_partition, pure=True)
        run = uuid.uuid4().hex[:12]  # keys of this run only, even on a shared cluster
        tasks = [
            sketch(
                pieces, state.params, opts, d.chunk_size, dask_key_name=f"dedup-sketch-{run}-{i}"
            )
            for i, pieces in enumerate(state.partitions)
        ]
        state.parts = self._wait(tasks, "read+sketch", d.progress)
        summaries = self._compute([delayed(_part_summary)(p) for p in state.parts])
        state.lengths = [s["n"] for s in summaries]
        # line numbers of byte blocks and article slices are relative: make them absolute
        running: dict[str, int] = {}
        for pieces, summary in zip(state.partitions, summaries, strict=True):
            for piece, newlines in zip(pieces, summary["newlines"], strict=False):
                if piece.fmt == "articles":
                    state.line_offsets[piece.seq] = piece.first_line
                elif piece.length is not None:
                    state.line_offsets[piece.seq] = running.get(piece.name, 0)
                    running[piece.name] = running.get(piece.name, 0) + newlines
        state.problems = [((seq, 0, 0), problem, None) for seq, problem in plan_problems]
        for index, (pieces, summary) in enumerate(zip(state.partitions, summaries, strict=True)):
            for p in summary["problems"]:
                key, error = self._located(state, pieces[p.piece], p)
                state.problems.append((key, error, None if p.doc < 0 else (index, p.doc)))

    def _located(
        self, state: _State, piece: _Piece, p: _Problem
    ) -> tuple[tuple[int, int, int], InputError]:
        line = p.line
        if line is not None:
            line += state.line_offsets.get(piece.seq, 0)
        error = InputError(p.message, path=p.path, line=line, field=p.field, record_id=p.record_id)
        return (piece.seq, -1 if line is None else line, p.order), error

    def _check_ids(self, state: _State) -> None:
        """Drop later occurrences of an id (a distributed shuffle of 64-bit id hashes)."""
        import dask.dataframe as dd
        import pandas as pd
        from dask import delayed

        self._stage("ids")
        if sum(state.lengths) < 2:
            return
        frames = [delayed(_id_hash_frame)(part, p) for p, part in enumerate(state.parts)]
        meta = pd.DataFrame({"h": np.zeros(0, np.uint64), "pos": np.zeros(0, np.int64)})
        hashes = dd.from_delayed(frames, meta=meta)
        nparts = max(1, len(frames))
        repeated = self.client.compute(
            hashes.shuffle(
                on="h", npartitions=nparts, shuffle_method=self.shuffle_method
            ).map_partitions(_repeated_hashes, meta=meta)
        ).result()
        if repeated.empty:
            return
        pos = np.sort(repeated["pos"].to_numpy(np.int64))
        part_of, local = pos >> 32, pos & 0xFFFFFFFF
        wanted: dict[int, list[int]] = {}
        for p, i in zip(part_of.tolist(), local.tolist(), strict=True):
            wanted.setdefault(p, []).append(i)
        found = self._compute(
            [delayed(_records_at)(state.parts[p], docs) for p, docs in wanted.items()]
        )
        first_seen: dict[str, str] = {}
        drops: dict[int, list[int]] = {}
        for (p, docs), records in zip(wanted.items(), found, strict=True):
            for doc, (record_id, piece_index, rel_line) in zip(docs, records, strict=True):
                piece = state.partitions[p][piece_index]
                line = None if rel_line < 0 else rel_line + state.line_offsets.get(piece.seq, 0)
                location = Location(piece.name, line)
                if record_id not in first_seen:
                    first_seen[record_id] = str(location)
                    continue
                drops.setdefault(p, []).append(doc)
                error = InputError(
                    f"duplicate id (first seen at {first_seen[record_id]})",
                    path=location.path,
                    line=location.line,
                    field=state.opts.id_field,
                    record_id=record_id,
                )
                state.problems.append(((piece.seq, -1 if line is None else line, -1), error, None))
        # a dropped record's own problems (no words) go: the local reader never passes it on
        dropped = {(p, doc) for p, docs in drops.items() for doc in docs}
        state.problems = [item for item in state.problems if item[2] not in dropped]
        replaced = {p: delayed(_drop)(state.parts[p], docs) for p, docs in drops.items()}
        persisted = self._wait(list(replaced.values()), "ids", False)
        for p, part in zip(replaced, persisted, strict=True):
            state.parts[p] = part
            state.lengths[p] -= len(drops[p])

    def _aligned(self, state: _State) -> tuple[list[int], tuple[int, ...]]:
        """Non-empty partitions and the divisions that align a frame's index with them."""
        nonempty = [p for p, n in enumerate(state.lengths) if n > 0]
        divisions = (*(int(state.offsets[p]) for p in nonempty), state.n - 1)
        return nonempty, divisions

    def _by_partition(
        self, state: _State, frame: Any, column: str, step: Callable[..., Any], *args: Any
    ) -> list[Any]:
        """``step(rows, part, offset, *args)`` for each sketched partition, ``rows`` being the
        rows of ``frame`` whose ``column`` (a global document index) falls in that partition:
        a range shuffle aligned with the partitions."""
        from dask import delayed

        nonempty, divisions = self._aligned(state)
        aligned = frame.set_index(
            column, divisions=divisions, shuffle_method=self.shuffle_method
        ).to_delayed()
        task = delayed(step, pure=True)
        return [
            task(rows, state.parts[p], int(state.offsets[p]), *args)
            for rows, p in zip(aligned, nonempty, strict=True)
        ]

    def _frame(self, tasks: list[Any], step: Callable[..., Any], meta_in: Any, *args: Any) -> Any:
        """The outputs of ``tasks`` (made by ``step``) as a Dask DataFrame."""
        import dask.dataframe as dd

        meta = step(meta_in, _empty_part(1), 0, *args)
        return dd.from_delayed(tasks, meta=meta, verify_meta=False)

    def _candidates(self, state: _State) -> None:
        """Key shuffle → pairs per bucket → pair shuffle: candidates → fingerprints of the
        first document (range shuffle on a) → verified at the second's (range shuffle on b)."""
        import dask.dataframe as dd
        from dask import delayed

        self._stage("candidates")
        d = state.dedup
        nonempty, _ = self._aligned(state)
        frames = [delayed(_key_frame)(state.parts[p], int(state.offsets[p])) for p in nonempty]
        keys = dd.from_delayed(frames, meta=_key_frame(_empty_part(state.params.bands), 0))
        nparts = self.shuffle_partitions or max(len(frames), 2 * self._n_workers())
        method = self.shuffle_method
        empty = _pair_frame(*(np.zeros(0),) * 4)
        pairs = keys.shuffle(on="key", npartitions=nparts, shuffle_method=method).map_partitions(
            _bucket_pairs, d.max_bucket, meta=empty
        )
        candidates = pairs.shuffle(
            on="code", npartitions=nparts, shuffle_method=method
        ).map_partitions(
            _combine_pairs, d.containment, d.min_anchors, meta=_combine_pairs(empty, 0.5, 1)
        )
        columns = ("band", "anchor")
        with_sets = self._frame(
            self._by_partition(state, candidates, "a", _first_sets, columns),
            _first_sets,
            candidates._meta.set_index("a"),
            columns,
        )
        cfg = _VerifyConfig(d.relation_rule(), d.min_anchors)
        verified = self._by_partition(state, with_sets, "b", _verify, cfg)
        state.verified = self._wait(verified, "candidates+verify", d.progress)
        counts = self._compute([delayed(_second)(v) for v in state.verified])
        state.counts = np.sum([np.zeros(3, np.int64), *counts], axis=0)

    def _n_workers(self) -> int:
        try:
            return max(1, len(self.client.scheduler_info(n_workers=-1)["workers"]))
        except Exception:  # pragma: no cover - older distributed
            return max(1, len(self.client.scheduler_info()["workers"]))

    def _clusters(self, state: _State) -> None:
        """Components by a tree reduction of per-partition stars; representatives; scores."""
        import dask.dataframe as dd
        import pandas as pd
        from dask import delayed

        self._stage("clusters")
        if state.verified:
            level = [delayed(_duplicate_star)(v) for v in state.verified]
            while len(level) > 1:
                level = [
                    delayed(_merge_stars)(*level[i : i + _FAN_IN])
                    for i in range(0, len(level), _FAN_IN)
                ]
            [(nodes, roots)] = self._compute(level)
        else:
            nodes = roots = np.zeros(0, np.int64)
        non_roots = nodes[nodes != roots]
        table = _ClusterTable(
            nodes=nodes,
            roots=roots,
            label=roots - np.searchsorted(non_roots, roots),
            rep=nodes.copy(),
            rep_id=[],
            score=np.ones(len(nodes)),
            non_roots=non_roots,
        )
        state.table = table
        if len(nodes) == 0:
            return
        # representatives: the policy on the clustered articles' ids, dates and lengths
        which = np.searchsorted(state.offsets, nodes, side="right") - 1
        wanted = {int(p): nodes[which == p] - state.offsets[p] for p in np.unique(which)}
        found = self._compute(
            [delayed(_select)(state.parts[p], local) for p, local in wanted.items()]
        )
        ids = [i for f in found for i in f[0]]
        published = np.concatenate([f[1] for f in found])
        lengths = np.concatenate([f[2] for f in found])
        _, compact = np.unique(roots, return_inverse=True)
        reps = representatives(compact, state.dedup.keep, ids, published, lengths)
        node_rep = reps[compact]
        table.rep = nodes[node_rep]
        table.rep_id = [ids[r] for r in node_rep]
        # each member's Jaccard with its representative, on the workers
        self._stage("scores")
        members = np.flatnonzero(table.rep != nodes)
        if len(members):
            x, y = table.rep[members], nodes[members]
            frame = pd.DataFrame(
                {"a": np.minimum(x, y), "b": np.maximum(x, y), "member": nodes[members]}
            )
            nparts = max(1, min(len(state.lengths), len(frame) // 10_000 + 1))
            pairs = dd.from_pandas(frame, npartitions=nparts, sort=False)
            with_sets = self._frame(
                self._by_partition(state, pairs, "a", _first_sets, ("member",)),
                _first_sets,
                pairs._meta.set_index("a"),
                ("member",),
            )
            scored = self._compute(self._by_partition(state, with_sets, "b", _member_scores))
            scores = pd.concat(scored, ignore_index=True)
            at = np.searchsorted(nodes, scores["member"].to_numpy(np.int64))
            table.score[at] = scores["score"].to_numpy(np.float64)

    def _stats(
        self,
        state: _State,
        clusters: int,
        duplicates: int,
        overlaps: int,
        articles: int,
        short: int,
        problems: int,
    ) -> ScanStats:
        d, params = state.dedup, state.params
        band, anchor, candidates = (int(x) for x in state.counts)
        if short:
            logger.warning(
                "%d articles have fewer than k=%d words: one shorter shingle each", short, d.k
            )
        return ScanStats(
            articles=articles,
            skipped=problems,
            short=short,
            candidates=candidates,
            band_candidates=band,
            anchor_candidates=anchor,
            duplicates=duplicates,
            overlaps=overlaps,
            clusters=clusters,
            seconds=time.perf_counter() - state.started,
            params=d.run_params(params),
        )

    def _gather(self, state: _State) -> DedupResult:
        """The whole result on the client, exactly as the local engine builds it."""
        import pandas as pd
        from dask import delayed

        self._stage("output")
        table = state.table
        assert table is not None
        gathered = self._compute([delayed(_columns)(p, state.dedup.k) for p in state.parts])
        ids = [i for g in gathered for i in g[0]]
        kept = np.concatenate([np.zeros(0, bool)] + [g[1] for g in gathered])
        short = sum(g[2] for g in gathered)
        n = len(ids)
        docs = np.arange(n, dtype=np.int64)
        labels = table.labels(docs) if n else np.zeros(0, np.int64)
        reps = np.empty(int(labels.max()) + 1 if n else 0, dtype=np.int64)
        reps[labels] = docs  # singletons (clusters are set below)
        reps[table.label] = table.rep
        scores = np.ones(n)
        scores[table.nodes] = table.score
        frames = self._compute([delayed(_first)(v) for v in state.verified])
        verified = pd.concat(
            [_empty_verified(), *[f for f in frames if len(f)]], ignore_index=True
        ).sort_values(["a", "b"], kind="stable")
        a = verified["a"].to_numpy(np.int64)
        b = verified["b"].to_numpy(np.int64)
        relation = verified["relation"].to_numpy(dtype=object)
        jaccard = verified["jaccard"].to_numpy(np.float64)
        containment = verified["containment"].to_numpy(np.float64)
        pairs = [
            Pair(ids[x], ids[y], str(r), float(j), float(c))
            for x, y, r, j, c in zip(a, b, relation, jaccard, containment, strict=True)
        ]
        members: dict[int, list[Member]] = {}
        for node, label, score in zip(table.nodes, table.label, table.score, strict=True):
            members.setdefault(int(label), []).append(Member(ids[int(node)], float(score)))
        clusters = [
            Cluster(id=label, representative=ids[int(reps[label])], members=tuple(group))
            for label, group in sorted(members.items())
        ]
        problems = state.sorted_problems()
        stats = self._stats(
            state,
            clusters=len(clusters),
            duplicates=int((relation == "duplicate").sum()),
            overlaps=int((relation == "overlap").sum()),
            articles=int(kept.sum()),
            short=int(short),
            problems=len(problems),
        )
        return DedupResult(
            ids=ids,
            kept=kept,
            labels=labels,
            representatives=reps,
            scores=scores,
            pairs=pairs,
            clusters=clusters,
            stats=stats,
            problems=problems,
        )

    def _write(self, state: _State, directory: _OutputDir, ext: str) -> ScanOutput:
        """Workers write assignments and pairs; the client writes the summary and commits."""
        from dask import delayed

        self._stage("output")
        table = state.table
        assert table is not None
        client = self.client
        with directory:
            names_a = [f"assignments/part-{p:05d}{ext}" for p in range(len(state.parts))]
            names_p = [f"pairs/part-{j:05d}{ext}" for j in range(len(state.verified))]
            for attempt in range(1, _WRITE_ATTEMPTS + 1):
                # scattered data cannot be recomputed, and Dask's memory manager may keep one
                # replica of it: a lost worker can take the table with it, and the write tasks
                # are then cancelled. Part files have fixed names, so writing again is safe.
                [shared_table] = client.scatter([table], broadcast=True, hash=False)
                tasks = [
                    delayed(_write_assignments, pure=True)(
                        part, int(state.offsets[p]), shared_table, directory.url(name)
                    )
                    for p, (part, name) in enumerate(zip(state.parts, names_a, strict=True))
                ] + [
                    delayed(_write_pairs, pure=True)(v, directory.url(name))
                    for v, name in zip(state.verified, names_p, strict=True)
                ]
                try:
                    written = self._wait(tasks, "write", state.dedup.progress)
                    break
                except CancelledError:
                    if attempt == _WRITE_ATTEMPTS:
                        raise
                    logger.warning("write tasks cancelled (a worker was lost): writing again")
            counted = self._compute(
                written
                + [delayed(_part_counts)(p, state.dedup.k) for p in state.parts]
                + [delayed(_relation_counts)(v) for v in state.verified]
            )
            k = len(tasks)
            part_counts = counted[k : k + len(state.parts)]
            relation_counts = counted[k + len(state.parts) :]
            problems = state.sorted_problems()
            stats = self._stats(
                state,
                clusters=len(np.unique(table.label)),
                duplicates=int(sum(r[0] for r in relation_counts)),
                overlaps=int(sum(r[1] for r in relation_counts)),
                articles=int(sum(c[0] for c in part_counts)),
                short=int(sum(c[1] for c in part_counts)),
                problems=len(problems),
            )
            output = ScanOutput(
                stats=stats,
                problems=problems,
                clustered=len(table.nodes),
                directory=directory.target,
                assignments=names_a,
                pairs=names_p,
            )
            directory.write_text("summary.json", json.dumps(output.summary(), indent=2) + "\n")
            directory.commit({*names_a, *names_p})
        return output


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _second(pair: tuple[Any, Any]) -> Any:
    return pair[1]


def _select(part: _Part, local: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    return [part.ids[i] for i in local], part.published[local], part.lengths[local]


def _columns(part: _Part, k: int) -> tuple[list[str], np.ndarray, int]:
    kept = part.kept
    return part.ids, kept, int((kept & (part.token_counts < k)).sum())


def _part_counts(part: _Part, k: int) -> tuple[int, int]:
    kept = part.kept
    return int(kept.sum()), int((kept & (part.token_counts < k)).sum())


def _relation_counts(verified: tuple[pd.DataFrame, np.ndarray]) -> tuple[int, int]:
    relation = verified[0]["relation"]
    return int((relation == "duplicate").sum()), int((relation == "overlap").sum())


def _empty_verified() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "a": np.zeros(0, np.int64),
            "b": np.zeros(0, np.int64),
            "id_a": pd.Series([], dtype="str"),
            "id_b": pd.Series([], dtype="str"),
            "relation": pd.Series([], dtype="str"),
            "jaccard": np.zeros(0),
            "containment": np.zeros(0),
        }
    )


def _empty_part(bands: int) -> _Part:
    return _Part(
        ids=[],
        piece=np.zeros(0, np.int32),
        line=np.zeros(0, np.int64),
        published=np.zeros(0),
        lengths=np.zeros(0, np.int64),
        token_counts=np.zeros(0, np.int64),
        fp=np.zeros(0, np.uint32),
        fp_offsets=np.zeros(1, np.int64),
        band_keys=np.zeros((0, bands), np.uint32),
        anchor_keys=np.zeros(0, np.uint32),
        anchor_docs=np.zeros(0, np.int64),
    )
