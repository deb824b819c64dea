"""The backend-neutral core of the persistent index: parameters, sketching, candidate rules,
verification and results, over a small :class:`Storage` protocol.

The candidate rules are the batch job's (:mod:`dedup.pipeline`), applied to one query article
against everything indexed, so ``query`` finds the pairs ``scan`` would find for the same
articles, with the same exact scores:

* **band buckets** (duplicates): every indexed article sharing a band key with the query is a
  candidate, while the bucket (with the query) holds at most ``max_bucket`` articles. A larger
  bucket follows scan's *star* rule: its earliest article (the hub) is paired with every other,
  so the query is compared with the earliest indexed article only (or, when the query is itself
  that earliest article, with all of them).
* **anchor buckets** (overlaps): anchors held by more than ``max_bucket`` articles are dropped
  (boilerplate); an indexed article is a candidate when it shares at least ``min_anchors`` anchors
  with the query and ``shared >= ANCHOR_SLACK * containment * min(anchors of both)``.
* every candidate is **verified** exactly (:func:`dedup.similarity.counts_among` on the stored
  22-bit fingerprint sets) and classified by the :class:`dedup.relation.RelationRule`.

"Earliest" is insertion order; an article whose id is already indexed is taken to sit at its
stored position, so querying every indexed article reproduces the batch run over the whole index.
A query article whose id is in the index is always compared with that stored article too (a
query of an indexed article's own text finds it).
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, Protocol

import numpy as np

from dedup.anchors import passes_anchor_rule
from dedup.arrays import range_indexes
from dedup.article import Article
from dedup.errors import ParameterError
from dedup.index.codec import pack_many, unpack_sorted
from dedup.index.errors import (
    IndexFormatError,
    IndexMissingError,
    IndexParameterMismatch,
)
from dedup.minhash import TEXT_HASH
from dedup.relation import RelationRule
from dedup.similarity import counts_among
from dedup.sketch import InlineExecutor, SketchParams, sketch_texts

__all__ = [
    "FORMAT_VERSION",
    "AddResult",
    "Index",
    "IndexParams",
    "Match",
    "NewDocs",
    "Rejected",
    "Storage",
    "StoredDoc",
]

logger = logging.getLogger(__name__)

FORMAT_VERSION = 5
"""Version of the stored layout; an index with a higher version is refused (5: Redis bulk data
outside scripts; 4: Redis pages, hashes of groups; 3: anchors; 2: grouped entries)."""

BANDS = "b"
ANCHORS = "a"
_CHUNK = 1000
AHEAD_ARTICLES = 32_000
"""Articles each sketching process of :meth:`Index.add` may prepare ahead of the writer:
enough to keep them busy while a Redis merge (~2-3 s at 1M articles) holds up the writes.
The texts and results in flight cost ~6 KB an article of memory (~380 MB with 2 processes);
2 chunks of look-ahead a process instead left the cores ~16% idle at 200k articles."""


# -- parameters ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexParams:
    """Everything that decides keys and matches; stored in the index when it is created."""

    threshold: float = 0.8
    containment: float = 0.3
    edit_threshold: float = 0.88
    figures: bool = True
    k: int = 5
    num_perm: int = 128
    scheme: str = "oph"
    seed: int = 1
    bands: int = 9
    rows: int = 13
    anchor_rate: int = 8
    min_anchors: int = 2
    max_bucket: int = 100
    text_hash: str = TEXT_HASH

    GIVEN = (
        "threshold",
        "containment",
        "edit_threshold",
        "figures",
        "k",
        "num_perm",
        "scheme",
        "seed",
        "bands",
        "rows",
        "anchor_rate",
        "min_anchors",
        "max_bucket",
    )
    """Names :meth:`Index.open` accepts."""

    @classmethod
    def resolve(cls, given: dict[str, Any]) -> IndexParams:
        """Validate ``given`` (defaults for the rest) exactly as ``scan`` does; choose bands."""
        from dedup.pipeline import Deduplicator

        d = Deduplicator(**{name: value for name, value in given.items() if value is not None})
        sketch = d._validate()
        return cls(
            threshold=float(d.threshold),
            containment=float(d.containment),
            edit_threshold=float(d.edit_threshold),
            figures=bool(d.figures),
            k=int(d.k),
            num_perm=int(d.num_perm),
            scheme=str(d.scheme),
            seed=int(d.seed),
            bands=sketch.bands,
            rows=sketch.rows,
            anchor_rate=int(d.anchor_rate),
            min_anchors=int(d.min_anchors),
            max_bucket=int(d.max_bucket),
            text_hash=sketch.scheme.text_hash,
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str) -> IndexParams:
        """Parameters read back from storage (``where`` names it in errors)."""
        names = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or set(data) != names:
            raise IndexFormatError(f"{where}: corrupted index: bad stored parameters {data!r}")
        return cls(**data)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)

    def relation_rule(self) -> RelationRule:
        """How matches are classified (as ``scan`` classifies pairs)."""
        return RelationRule.of(self)

    def sketch_params(self) -> SketchParams:
        """What :func:`dedup.sketch.sketch_texts` needs."""
        from dedup.minhash import SignatureScheme

        scheme = SignatureScheme(
            scheme=self.scheme, num_perm=self.num_perm, k=self.k, seed=self.seed
        )
        return SketchParams(
            scheme=scheme, bands=self.bands, rows=self.rows, anchor_rate=self.anchor_rate
        )

    def mismatches(self, given: dict[str, Any]) -> list[str]:
        """``name=stored (given: value)`` for each explicitly given value that differs."""
        out = []
        for name, value in given.items():
            if value is None:
                continue
            stored = getattr(self, name)
            same = float(value) == stored if isinstance(stored, float) else value == stored
            if not same:
                out.append(f"{name}={stored!r} (given: {value!r})")
        return out


def new_meta(params: IndexParams) -> dict[str, str]:
    """What a new index stores about itself."""
    from dedup import __version__

    return {
        "format_version": str(FORMAT_VERSION),
        "params": json.dumps(params.to_dict(), sort_keys=True),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "created_by": f"dedup {__version__}",
    }


def params_from_meta(meta: dict[str, str], where: str) -> IndexParams:
    """Check the stored format version and parse the stored parameters."""
    try:
        version = int(meta["format_version"])
        data = json.loads(meta["params"])
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexFormatError(
            f"{where}: not a dedup index or corrupted metadata ({exc})"
        ) from None
    if version > FORMAT_VERSION:
        raise IndexFormatError(
            f"{where}: index format {version} was written by a newer dedup "
            f"({meta.get('created_by', 'unknown')}); this dedup reads format {FORMAT_VERSION}: "
            "upgrade dedup to use it"
        )
    if version < FORMAT_VERSION:
        raise IndexFormatError(
            f"{where}: index format {version} is older than this dedup's ({FORMAT_VERSION}); "
            "rebuild the index"
        )
    params = IndexParams.from_dict(data, where)
    if params.text_hash != TEXT_HASH:
        raise IndexFormatError(
            f"{where}: index was built with text hashing {params.text_hash!r}, this dedup uses "
            f"{TEXT_HASH!r}: rebuild the index"
        )
    return params


# -- what is stored ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NewDocs:
    """Articles ready to store, column by column (one cheap pickle from a sketching process,
    not one object per article): their bucket keys and packed fingerprint sets."""

    ids: list[str]
    times: list[int]  # published (epoch seconds), or -1 for "use the insert time"
    band_keys: np.ndarray  # uint32: each article's distinct band keys, article after article
    band_offsets: np.ndarray  # int64: article i's are band_keys[band_offsets[i]:band_offsets[i+1]]
    anchor_keys: np.ndarray  # uint32: each article's sorted distinct anchor keys
    anchor_offsets: np.ndarray  # int64, as band_offsets
    anchors: list[bytes]  # pack_sorted(distinct anchor_keys >> storage.anchor_shift): for remove
    fingerprints: list[bytes]  # pack_sorted(fingerprint set)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def n_anchors(self) -> np.ndarray:
        """Distinct anchors of each article."""
        return np.diff(self.anchor_offsets)

    def bands(self, i: int) -> np.ndarray:
        """Distinct band keys of article ``i``."""
        return self.band_keys[self.band_offsets[i] : self.band_offsets[i + 1]]

    def take(self, rows: Sequence[int]) -> NewDocs:
        """The articles at ``rows``, in that order."""
        at = np.asarray(rows, dtype=np.int64)
        bands, band_offsets = _take_ranges(self.band_keys, self.band_offsets, at)
        anchors, anchor_offsets = _take_ranges(self.anchor_keys, self.anchor_offsets, at)
        return NewDocs(
            ids=[self.ids[i] for i in rows],
            times=[self.times[i] for i in rows],
            band_keys=bands,
            band_offsets=band_offsets,
            anchor_keys=anchors,
            anchor_offsets=anchor_offsets,
            anchors=[self.anchors[i] for i in rows],
            fingerprints=[self.fingerprints[i] for i in rows],
        )


def _take_ranges(
    values: np.ndarray, offsets: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The ranges ``values[offsets[r]:offsets[r + 1]]`` of ``rows``, concatenated, and their
    new offsets."""
    starts, ends = offsets[rows], offsets[rows + 1]
    new_offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(ends - starts, out=new_offsets[1:])
    return values[range_indexes(starts, ends)], new_offsets


@dataclass(frozen=True)
class StoredDoc:
    """What verification reads back about one indexed article."""

    seq: int
    id: str
    n_anchors: int  # distinct anchors of the article
    fingerprints: bytes


def band_bytes(keys: np.ndarray) -> bytes:
    """Band keys as stored with the article (little-endian uint32)."""
    return np.asarray(keys, dtype="<u4").tobytes()


def band_keys_of(blob: bytes) -> np.ndarray:
    """Inverse of :func:`band_bytes`."""
    if len(blob) % 4:
        raise IndexFormatError("corrupted article: band keys are not whole uint32 values")
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


class Storage(Protocol):
    """Where an index keeps its metadata, articles and buckets (SQLite, Redis).

    Bucket members are article sequence numbers: assigned in insertion order, never reused.
    ``insert`` and ``remove`` are atomic: an article is in all of its buckets or in none.
    """

    target: str  # the path or URL, for messages
    anchor_shift: int  # NewDocs.anchors hold the article's anchor keys shifted right this much

    def load_meta(self) -> dict[str, str] | None:
        """The stored metadata, or ``None`` for a new (empty) index."""

    def create_meta(self, meta: dict[str, str]) -> dict[str, str]:
        """Store ``meta`` unless some is stored already; return what is stored."""

    def insert(self, docs: NewDocs, inserted: int) -> list[bool]:
        """Add ``docs`` in one transaction; False for each whose id was already present."""

    def seqs_of(self, ids: Sequence[str]) -> dict[str, int]:
        """Sequence numbers of the ids that are indexed."""

    def snapshot(self) -> AbstractContextManager[None]:
        """A consistent read view for the bucket reads and fetches of one query batch."""

    def buckets(self, kind: str, keys: np.ndarray, limit: int | None) -> list[list[int]]:
        """For each key, the first ``limit`` (all with ``None``) members, ascending."""

    def fetch(self, seqs: Sequence[int]) -> dict[int, StoredDoc]:
        """Stored articles by sequence number (missing ones are left out)."""

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove articles and their bucket entries in one transaction; the ids removed."""

    def ids_older_than(self, cutoff: int, limit: int) -> list[str]:
        """Up to ``limit`` ids whose published time (else insert time) is before ``cutoff``."""

    def count(self) -> int:
        """Articles indexed."""

    def storage_stats(self) -> dict[str, Any]:
        """Backend-specific figures (bytes, time range...)."""

    def close(self) -> None:
        """Release connections."""

    def release_thread(self) -> None:
        """Let go of what this thread holds (its connection); the storage stays open."""


# -- results ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """An indexed article that matches a query: exact scores over word shingles."""

    id: str
    relation: str  # "duplicate" | "overlap"
    jaccard: float
    containment: float  # share of the shorter article's shingles found in the longer

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by ``dedup index query``."""
        return {
            "id": self.id,
            "relation": self.relation,
            "jaccard": self.jaccard,
            "containment": self.containment,
        }

    def sort_key(self) -> tuple[int, float, float, str]:
        """Duplicates first (by Jaccard), then overlaps (by containment); ties by id."""
        if self.relation == "duplicate":
            return (0, -self.jaccard, -self.containment, self.id)
        return (1, -self.containment, -self.jaccard, self.id)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An article :meth:`Index.add` did not add, and why."""

    id: str | None
    reason: str


@dataclass
class AddResult:
    """What :meth:`Index.add` did: ids added, and articles rejected with the reason."""

    added: list[str] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.added)


# -- the index --------------------------------------------------------------------------------


class Index:
    """A persistent near-duplicate index: add articles, then query, remove and expire them.

    Open one with :meth:`open` (a path: SQLite; ``redis://host:port/db``: Redis). An ``Index``
    is safe to share between threads; after a fork, the child reconnects on first use. Several
    processes may add and query the same index at once.
    """

    def __init__(self, storage: Storage, params: IndexParams) -> None:
        self.storage = storage
        self.params = params
        self._sketch = params.sketch_params()
        self._lock = threading.RLock()
        self._pool: tuple[int, int, ProcessPoolExecutor] | None = None  # (pid, workers, pool)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, target: str | os.PathLike[str], *, create: bool = True, **params: Any) -> Index:
        """Open (or, with ``create``, create) the index at ``target``.

        ``target`` is a file path (SQLite) or ``redis://[:password@]host:port/db[?prefix=P]``
        (Redis; keys start with ``P``, default ``dedup:``). Parameters (``threshold``,
        ``containment``, ``k``, ``num_perm``, ``scheme``, ``seed``, ``bands``, ``rows``,
        ``anchor_rate``, ``min_anchors``, ``max_bucket``) are stored when the index is created;
        afterwards any given must equal the stored ones (:class:`IndexParameterMismatch`), and
        the ones not given are read from the index. ``timeout`` (seconds) bounds waits for
        locks or the server.
        """
        timeout = float(params.pop("timeout", 60.0))
        unknown = sorted(set(params) - set(IndexParams.GIVEN))
        if unknown:
            raise ParameterError(
                f"unknown index parameter(s): {', '.join(unknown)} "
                f"(known: {', '.join(IndexParams.GIVEN)})"
            )
        storage = open_storage(target, create=create, timeout=timeout)
        try:
            meta = storage.load_meta()
            if meta is None:
                if not create:
                    raise IndexMissingError(f"{storage.target}: no dedup index there")
                meta = storage.create_meta(new_meta(IndexParams.resolve(params)))
            stored = params_from_meta(meta, storage.target)
            wrong = stored.mismatches(params)
            if wrong:
                raise IndexParameterMismatch(
                    f"{storage.target}: the index was built with other parameters: "
                    f"{'; '.join(wrong)}. Open it without them to use the stored values, "
                    "or use a new index"
                )
        except BaseException:
            storage.close()
            raise
        return cls(storage, stored)

    def close(self) -> None:
        """Close connections and stop sketching processes (the index stays on disk / in
        Redis)."""
        if self._pool is not None and self._pool[0] == os.getpid():
            self._pool[2].shutdown()
        self._pool = None
        self.storage.close()

    def _executor(self, workers: int) -> Executor:
        """This process's pool of ``workers`` sketching processes, kept between ``add`` calls
        (``workers == 1``: sketch inline)."""
        if workers < 1:
            raise ParameterError(f"workers must be >= 1, got {workers}")
        if workers == 1:
            return InlineExecutor()
        with self._lock:
            if self._pool is None or self._pool[:2] != (os.getpid(), workers):
                if self._pool is not None and self._pool[0] == os.getpid():
                    self._pool[2].shutdown()
                self._pool = (os.getpid(), workers, ProcessPoolExecutor(max_workers=workers))
            return self._pool[2]

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Index({self.storage.target!r})"

    def __len__(self) -> int:
        with self._lock:
            return self.storage.count()

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        with self._lock:
            return article_id in self.storage.seqs_of([article_id])

    # -- adding -------------------------------------------------------------------------------

    def add(
        self, articles: Iterable[Article], *, batch_size: int = _CHUNK, workers: int = 1
    ) -> AddResult:
        """Add articles; the result lists the ids added and the articles rejected.

        Rejected: ids already indexed or repeated in this call, texts that are empty or have no
        words, and items that are not :class:`~dedup.Article`. Articles are written in
        transactions of ``batch_size``: each article is in all of its buckets or none, and once
        ``add`` returns everything is durable. An interrupted ``add`` leaves whole batches.
        ``workers > 1`` sketches in that many processes.
        """
        if batch_size < 1:
            raise ParameterError(f"batch_size must be >= 1, got {batch_size}")
        result = AddResult()
        seen: set[str] = set()

        def valid(chunk: list[Any]) -> list[Article]:
            good = []
            for article in chunk:
                problem = _problem(article, seen)
                if problem is not None:
                    result.rejected.append(problem)
                else:
                    seen.add(article.id)
                    good.append(article)
            return good

        def collect(written: Future[tuple[NewDocs, list[bool]]]) -> None:
            docs, flags = written.result()
            for article_id, ok in zip(docs.ids, flags, strict=True):
                if ok:
                    result.added.append(article_id)
                else:
                    result.rejected.append(Rejected(article_id, "id already in the index"))

        chunks = (valid(list(c)) for c in _batched(articles, batch_size))
        executor = self._executor(workers)
        shift = self.storage.anchor_shift
        ahead = _lookahead(workers, batch_size)
        # with workers, a thread writes the batches (up to ``ahead`` queued) while this one
        # reads and hands out more: the workers keep sketching through a long Redis merge
        with InlineExecutor() if workers == 1 else ThreadPoolExecutor(1) as writer:
            written: deque[Future[tuple[NewDocs, list[bool]]]] = deque()
            try:
                for docs, empty in _prepared(chunks, self._sketch, shift, executor, ahead):
                    while len(written) > ahead:
                        collect(written.popleft())
                    result.rejected += [Rejected(i, "text has no words") for i in empty]
                    written.append(writer.submit(self._write, docs))
                while written:
                    collect(written.popleft())
            finally:  # an open SQLite connection left behind would keep its WAL file unmerged
                if workers > 1:
                    writer.submit(self.storage.release_thread)
        if result.rejected:
            logger.info("%s: %d articles rejected", self, len(result.rejected))
        return result

    def _write(self, docs: NewDocs) -> tuple[NewDocs, list[bool]]:
        """Store one prepared batch: the docs, and whether each was added (else its id was
        already indexed)."""
        with self._lock:
            return docs, self.storage.insert(docs, int(time.time())) if len(docs) else []

    # -- querying -----------------------------------------------------------------------------

    def query(self, article: Article | str, top: int | None = 5) -> list[Match]:
        """Indexed articles that are duplicates or overlaps of ``article``, best first.

        ``article`` may be plain text. Duplicates come first (highest Jaccard first), then
        overlaps (highest containment first), ties by id; at most ``top`` (``None``: all).
        """
        return self.query_many([article], top=top)[0]

    def query_many(
        self, articles: Iterable[Article | str], top: int | None = 5
    ) -> list[list[Match]]:
        """:meth:`query` for many articles at once (bucket reads are batched)."""
        if top is not None and top < 1:
            raise ParameterError(f"top must be >= 1 or None, got {top}")
        out: list[list[Match]] = []
        for chunk in _batched(articles, _CHUNK):
            items = [a if isinstance(a, Article) else Article(id="", text=str(a)) for a in chunk]
            out.extend(self._query_chunk(items, top))
        return out

    def _query_chunk(self, articles: list[Article], top: int | None) -> list[list[Match]]:
        sketch = sketch_texts([a.text for a in articles], self._sketch)
        n = len(articles)
        anchor_bounds = np.searchsorted(sketch.anchor_docs, np.arange(n + 1))
        band_keys = np.unique(sketch.band_keys)
        anchor_keys = np.unique(sketch.anchor_keys)
        limit = self.params.max_bucket + 1
        with self._lock, self.storage.snapshot():
            own = self.storage.seqs_of([a.id for a in articles if a.id])
            band_members = self.storage.buckets(BANDS, band_keys, limit)
            anchor_members = self.storage.buckets(ANCHORS, anchor_keys, limit)
            bands = dict(zip(band_keys.tolist(), band_members, strict=True))
            anchors = dict(zip(anchor_keys.tolist(), anchor_members, strict=True))
            plans: list[tuple[set[int], dict[int, int], int] | None] = []
            wanted: set[int] = set()
            for i, article in enumerate(articles):
                if sketch.token_counts[i] == 0:
                    plans.append(None)
                    continue
                self_seq = own.get(article.id) if article.id else None
                q_anchors = sketch.anchor_keys[anchor_bounds[i] : anchor_bounds[i + 1]]
                band_cands = self._band_candidates(sketch.band_keys[i], bands, self_seq)
                shared = self._shared_anchors(q_anchors, anchors, self_seq)
                if self_seq is not None:
                    band_cands.add(self_seq)
                plans.append((band_cands, shared, len(q_anchors)))
                wanted |= band_cands
                wanted |= set(shared)
            docs = self.storage.fetch(sorted(wanted))
        results: list[list[Match]] = []
        for i, plan in enumerate(plans):
            if plan is None:
                results.append([])
                continue
            band_cands, shared, n_anchors = plan
            candidates = set(band_cands)
            for seq, count in shared.items():
                doc = docs.get(seq)
                if doc is not None and passes_anchor_rule(
                    count,
                    min(n_anchors, doc.n_anchors),
                    self.params.containment,
                    self.params.min_anchors,
                ):
                    candidates.add(seq)
            stored = [docs[seq] for seq in candidates if seq in docs]
            matches = self._verify(sketch.fingerprints.doc(i), stored)
            matches.sort(key=Match.sort_key)
            results.append(matches if top is None else matches[:top])
        return results

    def _band_candidates(
        self, keys: np.ndarray, buckets: dict[int, list[int]], self_seq: int | None
    ) -> set[int]:
        """Scan's band rule for one query: whole small buckets; the hub of an oversize one."""
        out: set[int] = set()
        position = self_seq if self_seq is not None else math.inf
        for key in np.unique(keys).tolist():
            others = [s for s in buckets[key] if s != self_seq]
            if not others:
                continue
            if len(others) + 1 <= self.params.max_bucket:
                out.update(others)
            elif position < others[0]:  # the query is the hub: paired with every member
                every = self.storage.buckets(BANDS, np.array([key], np.uint32), None)[0]
                out.update(s for s in every if s != self_seq)
            else:
                out.add(others[0])
        return out

    def _shared_anchors(
        self, keys: np.ndarray, buckets: dict[int, list[int]], self_seq: int | None
    ) -> dict[int, int]:
        """Anchors each indexed article shares with the query, over non-boilerplate anchors,
        for the articles sharing at least ``min_anchors``."""
        shared: dict[int, int] = {}
        for key in keys.tolist():
            others = [s for s in buckets[key] if s != self_seq]
            if len(others) + 1 > self.params.max_bucket:
                continue  # boilerplate: dropped, as in scan
            for seq in others:
                shared[seq] = shared.get(seq, 0) + 1
        return {s: c for s, c in shared.items() if c >= self.params.min_anchors}

    def _verify(self, fingerprints: np.ndarray, docs: list[StoredDoc]) -> list[Match]:
        """Exact scores against each stored article, classified as scan classifies pairs."""
        sets = [fingerprints]
        for doc in docs:
            try:
                sets.append(unpack_sorted(doc.fingerprints))
            except IndexFormatError as exc:
                raise IndexFormatError(f"{self.storage.target}: id {doc.id!r}: {exc}") from None
        stored = np.arange(1, len(sets))
        scores = counts_among(sets, np.zeros_like(stored), stored)
        jaccard, containment = scores.jaccard, scores.containment
        relation = self.params.relation_rule().classify(scores)
        return [
            Match(doc.id, str(relation[row]), float(jaccard[row]), float(containment[row]))
            for row, doc in enumerate(docs)
            if relation[row]
        ]

    # -- forgetting ---------------------------------------------------------------------------

    def remove(self, ids: Iterable[str]) -> int:
        """Remove articles by id from the index and all their buckets; how many were removed."""
        removed = 0
        for chunk in _batched(ids, _CHUNK):
            with self._lock:
                removed += len(self.storage.remove([str(i) for i in chunk]))
        return removed

    def expire(self, older_than: timedelta, *, now: datetime | None = None) -> int:
        """Remove articles published (else added) more than ``older_than`` before ``now``."""
        if older_than < timedelta(0):
            raise ParameterError(f"older_than must not be negative, got {older_than}")
        now = now or datetime.now(UTC)
        cutoff = _epoch(now - older_than)
        removed = 0
        while True:
            with self._lock:
                ids = self.storage.ids_older_than(cutoff, _CHUNK)
                if not ids:
                    break
                removed += len(self.storage.remove(ids))
        logger.info("%s: expired %d articles older than %s", self, removed, older_than)
        return removed

    def stats(self) -> dict[str, Any]:
        """Articles indexed, parameters, format version, and the backend's own figures."""
        with self._lock:
            count = self.storage.count()
            extra = self.storage.storage_stats()
        out: dict[str, Any] = {
            "target": self.storage.target,
            "format_version": FORMAT_VERSION,
            "articles": count,
            "params": self.params.to_dict(),
        }
        out.update(extra)
        if count and extra.get("bytes"):
            out["bytes_per_article"] = round(extra["bytes"] / count, 1)
        return out


# -- helpers ----------------------------------------------------------------------------------


def open_storage(target: str | os.PathLike[str], *, create: bool, timeout: float) -> Storage:
    """The storage for a path (SQLite) or a ``redis://``/``rediss://``/``unix://`` URL."""
    text = os.fspath(target)
    if text.startswith(("redis://", "rediss://", "unix://")):
        from dedup.index.redis import RedisStorage

        return RedisStorage(text, timeout=timeout)
    from dedup.index.sqlite import SQLiteStorage

    return SQLiteStorage(text, create=create, timeout=timeout)


def _problem(article: Any, seen: set[str]) -> Rejected | None:
    if not isinstance(article, Article):
        return Rejected(None, f"expected an Article, got {type(article).__name__}")
    if not isinstance(article.id, str) or not article.id:
        return Rejected(None, f"bad id {article.id!r}")
    if not isinstance(article.text, str) or not article.text or article.text.isspace():
        return Rejected(article.id, "empty or whitespace-only text")
    if article.id in seen:
        return Rejected(article.id, "id repeated in this batch")
    if article.published is not None and not isinstance(article.published, datetime):
        return Rejected(article.id, f"published is not a datetime: {article.published!r}")
    return None


def _epoch(moment: datetime) -> int:
    """Epoch seconds; a naive datetime is taken as UTC (as the readers do)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return math.floor(moment.timestamp())


def _prepare(
    items: list[tuple[str, str, int]], params: SketchParams, anchor_shift: int
) -> tuple[NewDocs, list[str]]:
    """Sketch and encode ``(id, text, time)`` items: the articles with words, and the ids of
    those without; runs in the worker processes of :meth:`Index.add`."""
    sketch = sketch_texts([text for _, text, _ in items], params)
    n = len(items)
    bands = np.sort(sketch.band_keys, axis=1)  # each article's distinct band keys
    fresh = np.ones(bands.shape, dtype=bool)
    fresh[:, 1:] = bands[:, 1:] != bands[:, :-1]
    band_offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(fresh.sum(axis=1), out=band_offsets[1:])
    docs = sketch.anchor_docs  # anchors come sorted by (article, key)
    anchor_offsets = np.searchsorted(docs, np.arange(n + 1)).astype(np.int64)
    groups = sketch.anchor_keys >> np.uint32(anchor_shift)
    first = np.ones(len(groups), dtype=bool)
    first[1:] = (groups[1:] != groups[:-1]) | (docs[1:] != docs[:-1])
    group_bounds = np.searchsorted(docs[first], np.arange(n + 1))
    prints = sketch.fingerprints
    every = NewDocs(
        ids=[article_id for article_id, _, _ in items],
        times=[moment for _, _, moment in items],
        band_keys=bands[fresh],
        band_offsets=band_offsets,
        anchor_keys=sketch.anchor_keys,
        anchor_offsets=anchor_offsets,
        anchors=pack_many(groups[first], group_bounds),
        fingerprints=pack_many(prints.hashes, prints.offsets),
    )
    words = sketch.token_counts > 0
    if words.all():
        return every, []
    empty = [items[i][0] for i in np.flatnonzero(~words).tolist()]
    return every.take(np.flatnonzero(words).tolist()), empty


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _lookahead(workers: int, batch_size: int) -> int:
    """Chunks :func:`_prepared` keeps in the pool ahead of the one being written: about
    :data:`AHEAD_ARTICLES` per process (at least two chunks each), none with one worker."""
    if workers == 1:
        return 0
    return max(2, AHEAD_ARTICLES // batch_size) * workers - 1


def _prepared(
    chunks: Iterator[list[Article]],
    params: SketchParams,
    anchor_shift: int,
    executor: Executor,
    ahead: int,
) -> Iterator[tuple[NewDocs, list[str]]]:
    """The chunks prepared (see :func:`_prepare`), in order, with up to ``ahead`` more being
    prepared in the pool while this process writes (see :func:`_lookahead`)."""
    pending: list[Future[tuple[NewDocs, list[str]]]] = []
    for chunk in chunks:
        if chunk:
            items = [
                (a.id, a.text, -1 if a.published is None else max(0, _epoch(a.published)))
                for a in chunk
            ]
            pending.append(executor.submit(_prepare, items, params, anchor_shift))
        while pending and len(pending) > ahead:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()
