"""``diff(a, b)``: compare two articles and build a :class:`~dedup.diff.report.DiffReport`."""

from __future__ import annotations

import logging
import time

import numpy as np

from dedup.article import Article
from dedup.diff.align import AlignOptions, Passage, TextUnits, align, prepare
from dedup.diff.facts import FactExtractor, RuleExtractor, compare_facts
from dedup.diff.report import (
    ArticleInfo,
    DiffReport,
    Edit,
    EditOp,
    FactComparison,
    Overlap,
    Similarity,
    Span,
)
from dedup.errors import ParameterError
from dedup.shingle import shingle_batch
from dedup.similarity import exact_scores
from dedup.text import tokenize_batch

__all__ = ["diff", "get_extractor"]

logger = logging.getLogger(__name__)

SHINGLE_K = 5  # the same shingles as `dedup scan`


def _as_article(value: Article | str, default_id: str) -> Article:
    if isinstance(value, Article):
        return value
    if isinstance(value, str):
        return Article(id=default_id, text=value)
    raise ParameterError(f"expected an Article or a str, got {type(value).__name__}")


def get_extractor(extractor: str | FactExtractor | None) -> FactExtractor:
    """The fact extractor named ``"rules"`` (default) or ``"spacy"`` (an extra), or as given."""
    if extractor is None or extractor == "rules":
        return RuleExtractor()
    if extractor == "spacy":
        from dedup.diff.ner import SpacyExtractor

        return SpacyExtractor()
    if isinstance(extractor, FactExtractor):
        return extractor
    raise ParameterError(
        f"extractor must be 'rules', 'spacy' or a FactExtractor, got {extractor!r}"
    )


def _char_span(doc: TextUnits, t0: int, t1: int) -> Span:
    """Characters of tokens ``[t0, t1)``, stretched to the sentence's edges where they reach it.

    So a passage that starts a sentence keeps its opening quote and one that ends a sentence
    keeps its final punctuation.
    """
    first_sent, last_sent = doc.token_sentence[t0], doc.token_sentence[t1 - 1]
    start = int(doc.tokens.starts[t0])
    if doc.sentence_first[first_sent] == t0:
        start = doc.sentences[first_sent].start
    end = int(doc.tokens.ends[t1 - 1])
    if doc.sentence_end[last_sent] == t1:
        end = doc.sentences[last_sent].end
    return Span(start, end, doc.text[start:end])


def _gap_chars(doc: TextUnits, t0: int, t1: int, lo: int) -> tuple[int, int]:
    """Characters of tokens ``[t0, t1)``; an empty range sits just after token ``t0 - 1``."""
    if t1 > t0:
        return int(doc.tokens.starts[t0]), int(doc.tokens.ends[t1 - 1])
    pos = int(doc.tokens.ends[t0 - 1]) if t0 > lo else int(doc.tokens.starts[t0])
    return pos, pos


def _edits(p: Passage, a: TextUnits, b: TextUnits) -> tuple[Edit, ...]:
    edits: list[Edit] = []
    i, j = p.a0, p.b0
    for bi, bj, n in [*p.blocks, (p.a1, p.b1, 0)]:
        if bi > i or bj > j:
            op: EditOp = "replace" if bi > i and bj > j else ("delete" if bi > i else "insert")
            a0, a1 = _gap_chars(a, i, bi, p.a0)
            b0, b1 = _gap_chars(b, j, bj, p.b0)
            edits.append(Edit(op, a.text[a0:a1], b.text[b0:b1], a0, a1, b0, b1))
        i, j = bi + n, bj + n
    return tuple(edits)


def _overlap(p: Passage, a: TextUnits, b: TextUnits) -> Overlap:
    size = (p.a1 - p.a0) + (p.b1 - p.b0)
    return Overlap(
        a=_char_span(a, p.a0, p.a1),
        b=_char_span(b, p.b0, p.b1),
        similarity=2 * p.matched / size if size else 0.0,
        edits=_edits(p, a, b),
    )


def _only_in(doc: TextUnits, ranges: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Stretches of tokens no overlap covers, one per paragraph they touch."""
    covered = np.zeros(doc.n, dtype=bool)
    for t0, t1 in ranges:
        covered[t0:t1] = True
    free = np.flatnonzero(~covered)
    if not len(free):
        return ()
    # break runs where tokens are not consecutive or the paragraph changes
    breaks = (np.diff(free) != 1) | (np.diff(doc.token_paragraph[free]) != 0)
    starts = np.r_[0, np.flatnonzero(breaks) + 1]
    ends = np.r_[starts[1:], len(free)]
    return tuple(
        _char_span(doc, int(free[s]), int(free[e - 1]) + 1)
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True)
    )


def _similarity(text_a: str, text_b: str) -> Similarity:
    sets = shingle_batch(tokenize_batch([text_a, text_b]), k=SHINGLE_K).fingerprints()
    scores = exact_scores(sets.doc(0), sets.doc(1))  # exactly what `dedup scan` verifies with
    return Similarity(scores.jaccard, scores.containment_a_in_b, scores.containment_b_in_a)


def diff(
    a: Article | str,
    b: Article | str,
    *,
    extractor: str | FactExtractor | None = None,
    align_options: AlignOptions | None = None,
    facts: bool = True,
) -> DiffReport:
    """Compare two articles: shared passages with their word edits, passages and facts only one
    has, and conflicts.

    ``a`` and ``b`` are :class:`~dedup.article.Article` objects or plain strings (ids ``"a"`` and
    ``"b"``). ``extractor`` picks the fact extractor (``"rules"``, the default, needs nothing
    else; ``"spacy"`` needs the ``ner`` extra); ``facts=False`` skips fact extraction.

    >>> report = diff("The cat sat on the mat today.", "Today the cat sat on the mat.")
    >>> [o.a.text for o in report.overlaps]
    ['The cat sat on the mat today.']
    """
    art_a, art_b = _as_article(a, "a"), _as_article(b, "b")
    started = time.perf_counter()
    doc_a, doc_b = prepare(art_a.text), prepare(art_b.text)
    passages = align(doc_a, doc_b, align_options)
    overlaps = tuple(_overlap(p, doc_a, doc_b) for p in passages)
    only_a = _only_in(doc_a, [(p.a0, p.a1) for p in passages])
    only_b = _only_in(doc_b, [(p.b0, p.b1) for p in passages])
    aligned = time.perf_counter()
    comparison = FactComparison()
    if facts:
        facts_a, facts_b = get_extractor(extractor).extract_pair(art_a.text, art_b.text)
        comparison = compare_facts(facts_a, facts_b, art_a.text, art_b.text, overlaps)
    logger.debug(
        "diff %s/%s: align %.1f ms, facts %.1f ms",
        art_a.id,
        art_b.id,
        (aligned - started) * 1e3,
        (time.perf_counter() - aligned) * 1e3,
    )
    return DiffReport(
        a=ArticleInfo(art_a.id, len(art_a.text)),
        b=ArticleInfo(art_b.id, len(art_b.text)),
        similarity=_similarity(art_a.text, art_b.text),
        overlaps=overlaps,
        only_in_a=only_a,
        only_in_b=only_b,
        facts=comparison,
        text_a=art_a.text,
        text_b=art_b.text,
    )
