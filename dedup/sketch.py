"""The per-article stage shared by every engine and the index: text → distinct shingle sets,
LSH band keys and anchor keys, for a whole chunk of texts at once.

It is a plain function of plain data (:class:`SketchParams` in, :class:`Sketch` out), so the
local process pool, Dask workers and the persistent index all run the very same code and get
the very same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from dedup.anchors import anchor_keys
from dedup.lsh import band_keys
from dedup.minhash import MinHasher, SignatureScheme
from dedup.shingle import ShingleBatch, shingle_batch
from dedup.text import tokenize_batch

__all__ = ["InlineExecutor", "Sketch", "SketchParams", "sketch_texts"]


@dataclass(frozen=True)
class SketchParams:
    """Everything that decides an article's keys (small and picklable)."""

    scheme: SignatureScheme
    bands: int
    rows: int
    anchor_rate: int


@dataclass
class Sketch:
    """Keys of a chunk of texts; document indexes are local to the chunk."""

    token_counts: np.ndarray  # tokens per text (0: the text has no words)
    fingerprints: ShingleBatch  # distinct sorted fingerprints (shingles, figures) per text
    band_keys: np.ndarray  # (n, bands) uint32
    anchor_keys: np.ndarray  # uint32
    anchor_docs: np.ndarray  # int64, the text each anchor belongs to


SLICE_TEXTS = 256
"""Texts sketched together. A slice's buffers (text bytes, tokens, shingles: ~1 MB for 256
600-word articles) stay in the CPU caches between the passes; sketching 2,000 at once took
~1.7x as long an article (44-46 against 25-27 us, one process, in an A/B)."""


def sketch_texts(texts: list[str], params: SketchParams) -> Sketch:
    """Tokenise, shingle, sign, band and pick anchors for a chunk of texts (in slices of
    :data:`SLICE_TEXTS`)."""
    if len(texts) <= SLICE_TEXTS:
        return _sketch_slice(texts, params)
    starts = range(0, len(texts), SLICE_TEXTS)
    return _joined([_sketch_slice(texts[i : i + SLICE_TEXTS], params) for i in starts])


def _joined(parts: list[Sketch]) -> Sketch:
    """The sketches of consecutive slices of texts as one."""
    firsts = np.cumsum([0] + [len(p.token_counts) for p in parts])
    prints = [p.fingerprints for p in parts]
    ends = np.cumsum([0] + [len(f.hashes) for f in prints])
    offsets = [f.offsets[1:] + at for f, at in zip(prints, ends[:-1], strict=True)]
    return Sketch(
        token_counts=np.concatenate([p.token_counts for p in parts]),
        fingerprints=ShingleBatch(
            np.concatenate([f.hashes for f in prints]),
            np.concatenate([np.zeros(1, np.int64), *offsets]),
            is_distinct=True,
        ),
        band_keys=np.concatenate([p.band_keys for p in parts]),
        anchor_keys=np.concatenate([p.anchor_keys for p in parts]),
        anchor_docs=np.concatenate(
            [p.anchor_docs + at for p, at in zip(parts, firsts[:-1], strict=True)]
        ),
    )


def _sketch_slice(texts: list[str], params: SketchParams) -> Sketch:
    """:func:`sketch_texts` of one slice."""
    s = params.scheme
    hasher = MinHasher(num_perm=s.num_perm, k=s.k, seed=s.seed, scheme=s.scheme)
    tokens = tokenize_batch(texts, seed=s.seed)
    shingles = shingle_batch(tokens, k=s.k)  # repeats are harmless to MinHash and anchors
    keys = band_keys(hasher.signatures_of(shingles), params.bands, params.rows, seed=s.seed)
    a_keys, a_docs = anchor_keys(shingles, params.anchor_rate, seed=s.seed)
    return Sketch(
        token_counts=tokens.counts,
        fingerprints=shingles.fingerprints(),
        band_keys=keys,
        anchor_keys=a_keys,
        anchor_docs=a_docs,
    )


class InlineExecutor(Executor):
    """An executor that runs submitted work at once in this process (``workers=1``)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future
            future.set_exception(exc)
        return future
