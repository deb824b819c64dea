"""The batch job: articles → signatures and anchors (in chunks, on all cores) → verified pairs →
clusters.

Only tokenising and hashing run per chunk, in worker processes; everything after that works on
whole arrays. Input is streamed; what stays in memory per article is its id, date, length, band
keys and anchors (the shingle hashes go to a temporary file for verification).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm import tqdm

from dedup.anchors import packed_anchor_candidates
from dedup.article import Article
from dedup.cluster import KEEP_POLICIES, components, representatives
from dedup.errors import InputError, ParameterError
from dedup.io import Location, ReadOptions, iter_records, records_from_articles
from dedup.lsh import optimal_bands, pack_keys, pairs_from_keys, union_pairs
from dedup.minhash import SignatureScheme
from dedup.relation import RelationRule
from dedup.result import Cluster, DedupResult, Member, Pair, ScanStats
from dedup.similarity import ShingleStore, score_pairs
from dedup.sketch import InlineExecutor, Sketch, SketchParams, sketch_texts

if TYPE_CHECKING:
    from dedup.engines import Engine

__all__ = ["Deduplicator", "find_duplicates"]

logger = logging.getLogger(__name__)

Source = str | os.PathLike[str] | Iterable[Article] | Iterable[str | os.PathLike[str]]

_SHORT_WARNINGS = 20  # articles shorter than k get a warning each up to this many


@dataclass
class _Collected:
    """Everything the job keeps per article between the sketch and the verify stages."""

    ids: list[str] = field(default_factory=list)
    published: list[np.ndarray] = field(default_factory=list)  # float64 POSIX times, NaN: none
    lengths: list[np.ndarray] = field(default_factory=list)
    kept: list[np.ndarray] = field(default_factory=list)
    band_codes: list[np.ndarray] = field(default_factory=list)  # packed (key, doc), uint64
    anchor_codes: list[np.ndarray] = field(default_factory=list)
    anchor_counts: list[np.ndarray] = field(default_factory=list)  # anchors per document
    short: int = 0


class Deduplicator:
    """Find ``duplicate`` and ``overlap`` pairs and duplicate clusters in a batch of articles.

    Parameters are stored as given and validated when :meth:`run` starts (scikit-learn style).

    Parameters
    ----------
    threshold : Jaccard of word shingles at or above which a pair is a ``duplicate`` (0.8).
    containment : share of the shorter article's shingles found in the longer at or above which a
        pair that is not a duplicate is an ``overlap`` (0.3).
    edit_threshold : edit similarity (about the share of words in common) at or above which a
        lightly edited copy is a ``duplicate`` although its Jaccard is lower (0.88; 1.0: off).
    figures : duplicates must carry the same figures and overlaps share some (True); see
        :mod:`dedup.relation`.
    k : words per shingle (5).
    num_perm : MinHash signature length (128).
    scheme : MinHash scheme, ``"oph"`` or ``"kperm"`` (see :mod:`dedup.minhash`).
    seed : seed of every hash.
    bands, rows : LSH banding; both ``None`` to choose them from ``threshold`` and the weights.
    fp_weight, fn_weight : weights of false positives and negatives when choosing bands.
    anchor_rate : one shingle in ``anchor_rate`` is an anchor for overlap candidates (8).
    min_anchors : anchors two articles must share to be an overlap candidate (2).
    max_bucket : articles a band bucket or anchor may hold before it counts as oversize (100).
    keep : representative policy, ``"earliest"``, ``"longest"`` or ``"first"``.
    workers : processes for sketching; ``None`` uses every core.
    chunk_size : articles per unit of work (1000).
    on_error : ``"fail"`` or ``"skip"`` a bad record (see :class:`dedup.io.ReadOptions`).
    progress : show a progress bar on stderr.
    tmp_dir : where the temporary shingle store goes (system default).
    """

    def __init__(
        self,
        *,
        threshold: float = 0.8,
        containment: float = 0.3,
        edit_threshold: float = 0.88,
        figures: bool = True,
        k: int = 5,
        num_perm: int = 128,
        scheme: str = "oph",
        seed: int = 1,
        bands: int | None = None,
        rows: int | None = None,
        fp_weight: float = 0.5,
        fn_weight: float = 0.5,
        anchor_rate: int = 8,
        min_anchors: int = 2,
        max_bucket: int = 100,
        keep: str = "earliest",
        workers: int | None = None,
        chunk_size: int = 1000,
        on_error: str = "fail",
        progress: bool = False,
        tmp_dir: str | None = None,
    ) -> None:
        self.threshold = threshold
        self.containment = containment
        self.edit_threshold = edit_threshold
        self.figures = figures
        self.k = k
        self.num_perm = num_perm
        self.scheme = scheme
        self.seed = seed
        self.bands = bands
        self.rows = rows
        self.fp_weight = fp_weight
        self.fn_weight = fn_weight
        self.anchor_rate = anchor_rate
        self.min_anchors = min_anchors
        self.max_bucket = max_bucket
        self.keep = keep
        self.workers = workers
        self.chunk_size = chunk_size
        self.on_error = on_error
        self.progress = progress
        self.tmp_dir = tmp_dir

    # -- parameters ------------------------------------------------------------------------

    def banding(self) -> tuple[int, int]:
        """The ``(bands, rows)`` in use: as given, or optimal for ``threshold``."""
        if (self.bands is None) != (self.rows is None):
            raise ParameterError("give both bands and rows, or neither")
        if self.bands is not None and self.rows is not None:
            if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
                raise ParameterError(
                    f"bands ({self.bands}) x rows ({self.rows}) must be >= 1 and fit in "
                    f"num_perm ({self.num_perm})"
                )
            return self.bands, self.rows
        return optimal_bands(self.threshold, self.num_perm, self.fp_weight, self.fn_weight)

    def relation_rule(self) -> RelationRule:
        """The validated :class:`~dedup.relation.RelationRule` pairs are classified by."""
        rule = RelationRule.of(self)
        rule.validate()
        return rule

    def run_params(self, params: SketchParams) -> dict[str, Any]:
        """Every parameter that decided a run's result (for its summary), bands resolved."""
        return {
            **params.scheme.to_dict(),
            "bands": params.bands,
            "rows": params.rows,
            "threshold": self.threshold,
            "containment": self.containment,
            "edit_threshold": self.edit_threshold,
            "figures": self.figures,
            "anchor_rate": self.anchor_rate,
            "min_anchors": self.min_anchors,
            "keep": self.keep,
        }

    def _validate(self) -> SketchParams:
        scheme = SignatureScheme(
            scheme=self.scheme, num_perm=self.num_perm, k=self.k, seed=self.seed
        )
        scheme.validate()
        self.relation_rule()
        checks = [
            (self.anchor_rate >= 1, f"anchor_rate must be >= 1, got {self.anchor_rate}"),
            (self.min_anchors >= 1, f"min_anchors must be >= 1, got {self.min_anchors}"),
            (self.max_bucket >= 2, f"max_bucket must be >= 2, got {self.max_bucket}"),
            (self.keep in KEEP_POLICIES, f"keep must be one of {KEEP_POLICIES}, got {self.keep!r}"),
            (
                self.workers is None or self.workers >= 1,
                f"workers must be >= 1, got {self.workers}",
            ),
            (self.chunk_size >= 1, f"chunk_size must be >= 1, got {self.chunk_size}"),
            (
                self.on_error in ("fail", "skip"),
                f"on_error must be 'fail' or 'skip', got {self.on_error!r}",
            ),
        ]
        for ok, message in checks:
            if not ok:
                raise ParameterError(message)
        bands, rows = self.banding()
        return SketchParams(scheme=scheme, bands=bands, rows=rows, anchor_rate=self.anchor_rate)

    # -- the job ---------------------------------------------------------------------------

    def run(
        self, source: Source, read_options: ReadOptions | None = None, engine: Engine | None = None
    ) -> DedupResult:
        """Deduplicate ``source``: paths/globs/"-" (streamed through the readers) or Articles.

        ``engine`` (e.g. :class:`dedup.engines.DaskEngine`) runs the job elsewhere with the same
        results: ``engine.run(self, source, read_options)``; ``None`` runs it here.
        """
        if engine is not None:
            return engine.run(self, source, read_options)
        params = self._validate()
        started = time.perf_counter()
        problems: list[InputError] = []
        opts = read_options or ReadOptions(on_error=self.on_error)
        opts = _with_problem_sink(opts, problems)
        records = _records(source, opts)
        workers = self.workers or os.cpu_count() or 1
        collected = _Collected()
        with ShingleStore(self.tmp_dir) as store:
            executor: Executor = (
                InlineExecutor() if workers == 1 else ProcessPoolExecutor(max_workers=workers)
            )
            with executor, _progress_bar(self.progress) as bar:
                for chunk, sketch in self._sketch_stream(records, params, executor, workers):
                    self._collect(chunk, sketch, collected, store, opts, problems)
                    bar.update(len(chunk))
            return self._finish(collected, store, params, problems, started)

    def _sketch_stream(
        self,
        records: Iterator[tuple[Location, Article]],
        params: SketchParams,
        executor: Executor,
        workers: int,
    ) -> Iterator[tuple[list[tuple[Location, Article]], Sketch]]:
        """Chunks with their sketches, in input order, with a bounded number in flight."""
        pending: deque[tuple[list[tuple[Location, Article]], Future[Sketch]]] = deque()
        while True:
            chunk = list(islice(records, self.chunk_size))
            if chunk:
                texts = [article.text for _, article in chunk]
                pending.append((chunk, executor.submit(sketch_texts, texts, params)))
            if pending and (not chunk or len(pending) > 2 * workers):
                done_chunk, future = pending.popleft()
                yield done_chunk, future.result()
            if not chunk and not pending:
                return

    def _collect(
        self,
        chunk: list[tuple[Location, Article]],
        sketch: Sketch,
        out: _Collected,
        store: ShingleStore,
        opts: ReadOptions,
        problems: list[InputError],
    ) -> None:
        """Keep what later stages need from one sketched chunk; report articles with no words."""
        base = len(out.ids)
        kept = sketch.token_counts > 0
        for (location, article), n_tokens, ok in zip(chunk, sketch.token_counts, kept, strict=True):
            if not ok:
                problem = InputError(
                    "text has no words (only punctuation or symbols)",
                    path=location.path,
                    line=location.line,
                    field=opts.text_field,
                    record_id=article.id,
                )
                if opts.on_error == "fail":
                    raise problem
                logger.warning("%s (skipped)", problem)
                problems.append(problem)
            elif n_tokens < self.k:
                out.short += 1
                if out.short <= _SHORT_WARNINGS:
                    logger.warning(
                        "%s: id %r has %d words, fewer than k=%d: one shorter shingle",
                        location,
                        article.id,
                        n_tokens,
                        self.k,
                    )
                if out.short == _SHORT_WARNINGS:
                    logger.warning("further articles shorter than k are only counted")
            out.ids.append(article.id)
        out.published.append(
            np.array([a.published.timestamp() if a.published else np.nan for _, a in chunk])
        )
        out.lengths.append(np.array([len(a.text) for _, a in chunk], dtype=np.int64))
        out.kept.append(kept)
        store.append(sketch.fingerprints)
        docs = np.repeat(np.flatnonzero(kept) + base, sketch.band_keys.shape[1])
        out.band_codes.append(pack_keys(sketch.band_keys[kept].ravel(), docs))
        out.anchor_codes.append(pack_keys(sketch.anchor_keys, sketch.anchor_docs + base))
        out.anchor_counts.append(np.bincount(sketch.anchor_docs, minlength=len(chunk)))

    def _finish(
        self,
        c: _Collected,
        store: ShingleStore,
        params: SketchParams,
        problems: list[InputError],
        started: float,
    ) -> DedupResult:
        n = len(c.ids)
        band_pairs = pairs_from_keys(
            _drain(c.band_codes), max_group=self.max_bucket, oversize="star"
        )
        anchor_pairs = packed_anchor_candidates(
            _drain(c.anchor_codes),
            containment=self.containment,
            min_shared=self.min_anchors,
            max_group=self.max_bucket,
            per_doc=_drain(c.anchor_counts, np.int64),
        )
        candidates = union_pairs(band_pairs, anchor_pairs)
        counts = score_pairs(store, candidates)
        jaccard, containment = counts.jaccard, counts.containment
        relation = self.relation_rule().classify(counts)
        is_dup = relation == "duplicate"
        is_overlap = relation == "overlap"
        verified = np.flatnonzero(relation != "")
        pairs = [
            Pair(c.ids[a], c.ids[b], relation[v], float(jaccard[v]), float(containment[v]))
            for v, (a, b) in zip(verified, candidates[verified], strict=True)
        ]
        kept = np.concatenate([np.zeros(0, bool), *c.kept])
        labels = components(n, candidates[is_dup])
        reps = representatives(
            labels, self.keep, c.ids, _drain(c.published, np.float64), _drain(c.lengths, np.int64)
        )
        clusters, scores = _clusters(labels, reps, c.ids, store, candidates, jaccard)
        stats = ScanStats(
            articles=int(kept.sum()),
            skipped=len(problems),
            short=c.short,
            candidates=len(candidates),
            band_candidates=len(band_pairs),
            anchor_candidates=len(anchor_pairs),
            duplicates=int(is_dup.sum()),
            overlaps=int(is_overlap.sum()),
            clusters=len(clusters),
            seconds=time.perf_counter() - started,
            params=self.run_params(params),
        )
        return DedupResult(
            ids=c.ids,
            kept=kept,
            labels=labels,
            representatives=reps,
            scores=scores,
            pairs=pairs,
            clusters=clusters,
            stats=stats,
            problems=problems,
        )


def _drain(chunks: list[np.ndarray], dtype: type = np.uint64) -> np.ndarray:
    """Concatenate ``chunks`` into one array, emptying the list as it goes (bounded peak)."""
    out: np.ndarray = np.empty(sum(len(x) for x in chunks), dtype=dtype)
    pos = 0
    while chunks:
        part = chunks.pop(0)
        out[pos : pos + len(part)] = part
        pos += len(part)
    return out


def _clusters(
    labels: np.ndarray,
    reps: np.ndarray,
    ids: list[str],
    store: ShingleStore,
    scored: np.ndarray,
    scored_jaccard: np.ndarray,
) -> tuple[list[Cluster], np.ndarray]:
    """Clusters of two or more articles, and each article's Jaccard with its representative.

    ``scored`` (sorted rows ``a < b``) with ``scored_jaccard`` are the pairs already verified:
    most members were verified against their representative; only the rest are scored here.
    """
    scores = np.ones(len(labels))
    sizes = np.bincount(labels, minlength=len(reps)) if len(labels) else np.zeros(0, int)
    in_group = np.flatnonzero(sizes[labels] > 1) if len(labels) else np.zeros(0, int)
    rep_of = reps[labels[in_group]] if len(in_group) else in_group
    others, rep_of = in_group[in_group != rep_of], rep_of[in_group != rep_of]
    wanted = pack_keys(np.minimum(rep_of, others), np.maximum(rep_of, others))
    known = pack_keys(scored[:, 0], scored[:, 1])  # sorted, as union_pairs gives them
    at = np.minimum(np.searchsorted(known, wanted), max(len(known) - 1, 0))
    found = known[at] == wanted if len(known) else np.zeros(len(wanted), dtype=bool)
    scores[others[found]] = scored_jaccard[at[found]]
    missing = ~found
    to_rep = np.stack([rep_of[missing], others[missing]], axis=1)
    scores[others[missing]] = score_pairs(store, to_rep).jaccard
    members: dict[int, list[Member]] = {}
    for doc, label in zip(in_group.tolist(), labels[in_group].tolist(), strict=True):
        members.setdefault(label, []).append(Member(ids[doc], float(scores[doc])))
    clusters = [
        Cluster(id=label, representative=ids[int(reps[label])], members=tuple(group))
        for label, group in sorted(members.items())
    ]
    return clusters, scores


def _with_problem_sink(opts: ReadOptions, problems: list[InputError]) -> ReadOptions:
    """Read options that also collect skipped problems into ``problems``."""
    user_sink = opts.on_problem

    def sink(problem: InputError) -> None:
        problems.append(problem)
        if user_sink is not None:
            user_sink(problem)

    return dataclasses.replace(opts, on_problem=sink)


def _records(source: Source, opts: ReadOptions) -> Iterator[tuple[Location, Article]]:
    """(location, article) pairs from paths or from Article objects."""
    if isinstance(source, str | os.PathLike):
        return iter_records(source, opts)
    items = iter(source)
    first = next(items, None)
    if first is None:
        return iter(())
    rest = chain([first], items)
    if isinstance(first, Article):
        return records_from_articles(rest, opts)  # type: ignore[arg-type]
    if isinstance(first, str | Path | os.PathLike):
        return iter_records(list(rest), opts)  # type: ignore[arg-type]
    raise ParameterError(
        f"expected Articles or paths, got {type(first).__name__}: use dedup.read_articles first"
    )


def _progress_bar(enabled: bool) -> tqdm[Any]:
    return tqdm(unit=" articles", unit_scale=True, desc="scan", leave=False, disable=not enabled)


def find_duplicates(source: Source, engine: Engine | None = None, **params: Any) -> DedupResult:
    """Deduplicate articles or input files with :class:`Deduplicator` parameters.

    ``source`` is a path, glob, ``"-"``, a list of those, or an iterable of :class:`Article`.
    Reader options (``id_field``, ``text_field``, ``format``, ``max_bytes``...) may be passed too.
    ``engine``: where to run, e.g. ``dedup.engines.DaskEngine(client)`` (default: here).
    """
    read_fields = {f for f in ReadOptions.__dataclass_fields__ if f != "on_error"}
    read_kwargs = {k: params.pop(k) for k in list(params) if k in read_fields}
    dedup = Deduplicator(**params)
    opts = ReadOptions(on_error=dedup.on_error, **read_kwargs) if read_kwargs else None
    return dedup.run(source, opts, engine=engine)
