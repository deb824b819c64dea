"""Align two articles: find the passages they share, in any order, down to the word.

The aligner never runs a sequence matcher over whole texts. It works in four steps:

1. **Units.** Each text is cut into sentences (:func:`dedup.sentences.split_sentences`); a
   sentence longer than ``max_unit_tokens`` is cut into overlapping windows, so a text without
   punctuation still aligns in bounded time. Tokens come from :func:`dedup.text.tokenize`, the
   same tokens the batch job hashes.
2. **Candidates.** Every unit becomes a TF-IDF vector (scikit-learn's ``TfidfTransformer``) of
   its token hashes and its word 2-shingles (:func:`dedup.shingle.shingle_batch`); the cosine of
   every A unit with every B unit is one sparse matrix product, so order does not matter. The
   best ``top_k`` partners of each unit above ``min_cosine`` are candidates.
3. **Segments.** Each candidate pair is compared token by token with
   ``difflib.SequenceMatcher(autojunk=False)`` on token hashes. Its matching blocks are cut into
   segments wherever the gap between two blocks is too wide (a one-sided gap up to
   ``max_gap_one_side`` tokens is an insertion, a two-sided gap up to ``max_gap_both`` a
   replacement), and a segment is kept if it shares enough content words densely enough. That is
   what lets a long sentence share just one clause, and a sentence split in two match both
   halves (one-to-many).
4. **Selection and passages.** Segments are taken greedily, best first, never reusing a token
   of either text; a segment that ends within ``edge_tokens`` of the end of its sentence on both
   sides is stretched to it (so a changed last word becomes an edit, not a loose end).
   Consecutive segments, in order in both texts and within one paragraph of each, merge into one
   :class:`Passage`.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from dedup.sentences import Sentence, split_sentences
from dedup.shingle import shingle_batch
from dedup.text import TokenBatch, Tokens, tokenize

__all__ = ["AlignOptions", "Block", "Passage", "TextUnits", "align", "prepare"]

logger = logging.getLogger(__name__)


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``."""
    return frozenset(words.split())


#: Function words that do not make a shared phrase meaningful on their own.
STOPWORDS = _wordset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours out over own same she should so some such than that the their theirs
    them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your said says say told
    according statement"""
)


@dataclass(frozen=True)
class AlignOptions:
    """Tuning knobs of :func:`align` (the defaults are tuned on news copy)."""

    max_unit_tokens: int = 120
    min_cosine: float = 0.1
    top_k: int = 5
    max_gap_one_side: int = 10
    max_gap_both: int = 4
    min_matched: int = 5
    min_content: int = 3
    min_longest: int = 3
    min_density: float = 0.65
    min_sentence_matched: int = 3
    edge_tokens: int = 3
    edge_tokens_one_side: int = 6
    edge_min_matched: int = 10


Block = tuple[int, int, int]
"""A run of equal tokens: ``(i, j, n)`` means A tokens ``i..i+n-1`` equal B tokens ``j..j+n-1``."""


@dataclass
class Passage:
    """An aligned pair of token ranges ``[a0, a1)`` / ``[b0, b1)`` and the equal runs inside."""

    a0: int
    a1: int
    b0: int
    b1: int
    blocks: list[Block] = field(default_factory=list)

    @property
    def matched(self) -> int:
        """Number of equal tokens."""
        return sum(n for _, _, n in self.blocks)


@dataclass(frozen=True)
class TextUnits:
    """One text prepared for alignment: tokens, sentences and per-token bookkeeping."""

    text: str
    tokens: Tokens
    sentences: list[Sentence]
    token_sentence: np.ndarray  # sentence index of each token
    sentence_first: np.ndarray  # first token of each sentence (== last + 1 if none)
    sentence_end: np.ndarray  # one past the last token of each sentence
    token_paragraph: np.ndarray
    content: np.ndarray  # bool: token is not a stop word
    content_prefix: list[int]  # number of content tokens before each token index

    @property
    def n(self) -> int:
        """Number of tokens."""
        return len(self.tokens)


@lru_cache(maxsize=4)
def _stop_hashes(seed: int) -> np.ndarray:
    return np.unique(tokenize(" ".join(sorted(STOPWORDS)), seed=seed).hashes)


def _join_datelines(sentences: list[Sentence], text: str) -> list[Sentence]:
    """Fold each dateline into the sentence after it (a one-word unit cannot align alone)."""
    out: list[Sentence] = []
    for s in sentences:
        if out and out[-1].kind == "dateline" and out[-1].paragraph == s.paragraph:
            start = out.pop().start
            s = Sentence(start, s.end, text[start : s.end], s.paragraph)
        out.append(s)
    return out


def prepare(text: str, seed: int = 1) -> TextUnits:
    """Tokenise and sentence-split ``text`` for :func:`align`."""
    tokens = tokenize(text, seed=seed)
    sentences = _join_datelines(split_sentences(text), text)
    sent_starts = np.fromiter((s.start for s in sentences), dtype=np.int64, count=len(sentences))
    token_sentence = np.searchsorted(sent_starts, tokens.starts, side="right") - 1
    token_sentence = np.maximum(token_sentence, 0)
    idx = np.arange(len(sentences))
    sentence_first = np.searchsorted(token_sentence, idx, side="left")
    sentence_end = np.searchsorted(token_sentence, idx, side="right")
    paragraphs = np.fromiter((s.paragraph for s in sentences), dtype=np.int64, count=len(sentences))
    token_paragraph = paragraphs[token_sentence] if len(sentences) else token_sentence
    content = ~np.isin(tokens.hashes, _stop_hashes(seed))
    prefix = np.zeros(len(tokens) + 1, dtype=np.int64)
    np.cumsum(content, out=prefix[1:])
    return TextUnits(
        text,
        tokens,
        sentences,
        token_sentence,
        sentence_first,
        sentence_end,
        token_paragraph,
        content,
        prefix.tolist(),
    )


def _units(doc: TextUnits, max_len: int) -> list[tuple[int, int]]:
    """Token ranges of the alignment units: sentences, long ones as overlapping windows."""
    units: list[tuple[int, int]] = []
    stride = max(1, max_len // 2)
    for first, end in zip(doc.sentence_first.tolist(), doc.sentence_end.tolist(), strict=True):
        if end <= first:
            continue
        if end - first <= max_len:
            units.append((first, end))
            continue
        start = first
        while True:
            stop = min(start + max_len, end)
            units.append((start, stop))
            if stop == end:
                break
            start += stride
    return units


def _tfidf_candidates(
    a: TextUnits,
    ua: list[tuple[int, int]],
    b: TextUnits,
    ub: list[tuple[int, int]],
    opts: AlignOptions,
) -> list[tuple[int, int]]:
    """Unit pairs ``(ia, ib)`` whose TF-IDF cosine is among the best of either unit."""
    from sklearn.feature_extraction.text import TfidfTransformer

    units = [(a, r) for r in ua] + [(b, r) for r in ub]
    lengths = np.array([e - s for _, (s, e) in units], dtype=np.int64)
    hashes = np.concatenate([d.tokens.hashes[s:e] for d, (s, e) in units])
    offsets = np.zeros(len(units) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    bigrams = shingle_batch(TokenBatch(hashes=hashes, offsets=offsets), k=2)
    feats = np.concatenate([hashes, bigrams.hashes])
    rows = np.concatenate([np.repeat(np.arange(len(units)), lengths), bigrams.doc_ids()])
    cols_unique, cols = np.unique(feats, return_inverse=True)
    counts = sp.csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols.ravel())),
        shape=(len(units), len(cols_unique)),
    )
    x = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    sim = (x[: len(ua)] @ x[len(ua) :].T).tocoo()
    keep = sim.data >= opts.min_cosine
    r, c, v = sim.row[keep], sim.col[keep], sim.data[keep]
    if not len(v):
        return []
    chosen = np.zeros(len(v), dtype=bool)
    for key in (r, c):
        order = np.lexsort((-v, key))
        ranked = key[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        chosen[order[rank < opts.top_k]] = True
    order = np.argsort(-v[chosen], kind="stable")
    return list(zip(r[chosen][order].tolist(), c[chosen][order].tolist(), strict=True))


def _gap_ok(ga: int, gb: int, opts: AlignOptions) -> bool:
    if min(ga, gb) == 0:
        return max(ga, gb) <= opts.max_gap_one_side
    return max(ga, gb) <= opts.max_gap_both


def _split_segments(blocks: Sequence[Block], opts: AlignOptions) -> list[list[Block]]:
    """Cut a monotone chain of blocks wherever the gap between two is too wide."""
    segments: list[list[Block]] = []
    for blk in blocks:
        if segments:
            pi, pj, pn = segments[-1][-1]
            if _gap_ok(blk[0] - pi - pn, blk[1] - pj - pn, opts):
                segments[-1].append(blk)
                continue
        segments.append([blk])
    return segments


def _trim_weak_edges(seg: list[Block], a: TextUnits) -> list[Block]:
    """Drop lone function-word matches at either end of a segment."""
    while len(seg) > 1 and seg[0][2] == 1 and not a.content[seg[0][0]]:
        seg = seg[1:]
    while len(seg) > 1 and seg[-1][2] == 1 and not a.content[seg[-1][0]]:
        seg = seg[:-1]
    return seg


def _whole_sentences(seg: list[Block], a: TextUnits, b: TextUnits) -> bool:
    """Whether ``seg`` starts and ends at sentence edges in both texts."""
    i0, j0 = seg[0][0], seg[0][1]
    i1, j1 = seg[-1][0] + seg[-1][2], seg[-1][1] + seg[-1][2]
    return bool(
        a.sentence_first[a.token_sentence[i0]] == i0
        and b.sentence_first[b.token_sentence[j0]] == j0
        and a.sentence_end[a.token_sentence[i1 - 1]] == i1
        and b.sentence_end[b.token_sentence[j1 - 1]] == j1
    )


def _score(seg: list[Block], a: TextUnits, b: TextUnits, opts: AlignOptions) -> int:
    """Content words matched, or -1 if the segment is too weak to be a shared passage.

    Whole sentences matched end to end pass with fewer words (``No casualties were reported.``).
    """
    matched = sum(n for _, _, n in seg)
    longest = max(n for _, _, n in seg)
    span = (seg[-1][0] + seg[-1][2] - seg[0][0]) + (seg[-1][1] + seg[-1][2] - seg[0][1])
    content = sum(a.content_prefix[i + n] - a.content_prefix[i] for i, _, n in seg)
    if (
        len(seg) == 1
        and matched >= opts.min_sentence_matched
        and content >= 2
        and _whole_sentences(seg, a, b)
    ):
        return content
    if (
        matched < opts.min_matched
        or content < opts.min_content
        or longest < opts.min_longest
        or 2 * matched < opts.min_density * span
    ):
        return -1
    return content


def _candidate_segments(
    a: TextUnits, b: TextUnits, opts: AlignOptions
) -> list[tuple[int, list[Block]]]:
    """Scored segments of every candidate unit pair."""
    ua, ub = _units(a, opts.max_unit_tokens), _units(b, opts.max_unit_tokens)
    if not ua or not ub:
        return []
    pairs = _tfidf_candidates(a, ua, b, ub, opts)
    logger.debug("%d x %d units, %d candidate pairs", len(ua), len(ub), len(pairs))
    a_lists = [a.tokens.hashes[s:e].tolist() for s, e in ua]
    by_b: dict[int, list[int]] = {}
    for ia, ib in pairs:
        by_b.setdefault(ib, []).append(ia)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    found: list[tuple[int, list[Block]]] = []
    for ib, ias in by_b.items():
        b0, b1 = ub[ib]
        matcher.set_seq2(b.tokens.hashes[b0:b1].tolist())
        for ia in ias:
            a0 = ua[ia][0]
            matcher.set_seq1(a_lists[ia])
            blocks = [(a0 + i, b0 + j, n) for i, j, n in matcher.get_matching_blocks() if n]
            for seg in _split_segments(blocks, opts):
                seg = _trim_weak_edges(seg, a)
                score = _score(seg, a, b, opts)
                if score > 0:
                    found.append((score, seg))
    found.sort(key=lambda item: (-item[0], item[1][0][0], item[1][0][1]))
    return found


def _free(claimed: bytearray, start: int, end: int) -> bool:
    """Whether no token in ``[start, end)`` is claimed."""
    return end <= start or claimed.find(1, start, end) < 0


def _claim(claimed: bytearray, start: int, end: int) -> None:
    if end > start:
        claimed[start:end] = b"\x01" * (end - start)


def _free_runs(seg: list[Block], claim_a: bytearray, claim_b: bytearray) -> list[Block]:
    """The parts of ``seg``'s blocks whose tokens are unclaimed in both texts."""
    out: list[Block] = []
    for i, j, n in seg:
        if _free(claim_a, i, i + n) and _free(claim_b, j, j + n):
            out.append((i, j, n))
            continue
        run = 0
        for k in range(n + 1):
            if k < n and not claim_a[i + k] and not claim_b[j + k]:
                run += 1
            elif run:
                out.append((i + k - run, j + k - run, run))
                run = 0
    return out


def _split_at_claims(
    blocks: list[Block], claim_a: bytearray, claim_b: bytearray, opts: AlignOptions
) -> list[list[Block]]:
    """Segments of ``blocks`` whose gaps are acceptable and hold no claimed token."""
    segments: list[list[Block]] = []
    for blk in blocks:
        if segments:
            pi, pj, pn = segments[-1][-1]
            if (
                _gap_ok(blk[0] - pi - pn, blk[1] - pj - pn, opts)
                and _free(claim_a, pi + pn, blk[0])
                and _free(claim_b, pj + pn, blk[1])
            ):
                segments[-1].append(blk)
                continue
        segments.append([blk])
    return segments


def _select(
    found: list[tuple[int, list[Block]]], a: TextUnits, b: TextUnits, opts: AlignOptions
) -> tuple[list[Passage], bytearray, bytearray]:
    """Greedy, best first: keep segments that reuse no token of either text."""
    claim_a, claim_b = bytearray(a.n), bytearray(b.n)
    chosen: list[Passage] = []
    for _, seg in found:
        for part in _split_at_claims(_free_runs(seg, claim_a, claim_b), claim_a, claim_b, opts):
            part = _trim_weak_edges(part, a)
            if _score(part, a, b, opts) <= 0:
                continue
            p = Passage(
                part[0][0], part[-1][0] + part[-1][2], part[0][1], part[-1][1] + part[-1][2], part
            )
            _claim(claim_a, p.a0, p.a1)
            _claim(claim_b, p.b0, p.b1)
            chosen.append(p)
    return chosen, claim_a, claim_b


def _edge_ok(ra: int, rb: int, matched: int, opts: AlignOptions) -> bool:
    """Whether ``ra``/``rb`` tokens left before a sentence edge should join the passage."""
    if ra + rb == 0:
        return False
    if max(ra, rb) <= opts.edge_tokens:
        return True
    return (
        min(ra, rb) <= 1
        and max(ra, rb) <= opts.edge_tokens_one_side
        and matched >= opts.edge_min_matched
    )


def _extend_edges(
    p: Passage,
    a: TextUnits,
    b: TextUnits,
    claim_a: bytearray,
    claim_b: bytearray,
    opts: AlignOptions,
) -> None:
    """Stretch ``p`` to its sentences' edges when only a few tokens are left on both sides."""
    fa = int(a.sentence_first[a.token_sentence[p.a0]])
    fb = int(b.sentence_first[b.token_sentence[p.b0]])
    if (
        _edge_ok(p.a0 - fa, p.b0 - fb, p.matched, opts)
        and _free(claim_a, fa, p.a0)
        and _free(claim_b, fb, p.b0)
    ):
        _claim(claim_a, fa, p.a0)
        _claim(claim_b, fb, p.b0)
        p.a0, p.b0 = fa, fb
    ea = int(a.sentence_end[a.token_sentence[p.a1 - 1]])
    eb = int(b.sentence_end[b.token_sentence[p.b1 - 1]])
    if (
        _edge_ok(ea - p.a1, eb - p.b1, p.matched, opts)
        and _free(claim_a, p.a1, ea)
        and _free(claim_b, p.b1, eb)
    ):
        _claim(claim_a, p.a1, ea)
        _claim(claim_b, p.b1, eb)
        p.a1, p.b1 = ea, eb


def _gap_blocks(a: TextUnits, b: TextUnits, i0: int, i1: int, j0: int, j1: int) -> list[Block]:
    """Equal runs between A tokens ``[i0, i1)`` and B tokens ``[j0, j1)`` (a short gap)."""
    if i1 <= i0 or j1 <= j0:
        return []
    matcher = difflib.SequenceMatcher(
        None, a.tokens.hashes[i0:i1].tolist(), b.tokens.hashes[j0:j1].tolist(), autojunk=False
    )
    return [(i0 + i, j0 + j, n) for i, j, n in matcher.get_matching_blocks() if n]


def _merge(
    passages: list[Passage], a: TextUnits, b: TextUnits, opts: AlignOptions, claim_b: bytearray
) -> list[Passage]:
    """Merge passages that follow each other in both texts within one paragraph of each."""
    merged: list[Passage] = []
    for p in sorted(passages, key=lambda q: q.a0):
        if merged:
            q = merged[-1]
            ga, gb = p.a0 - q.a1, p.b0 - q.b1
            if (
                ga >= 0
                and gb >= 0
                and _gap_ok(ga, gb, opts)
                and a.token_paragraph[q.a1 - 1] == a.token_paragraph[p.a0]
                and b.token_paragraph[q.b1 - 1] == b.token_paragraph[p.b0]
                and _free(claim_b, q.b1, p.b0)
            ):
                q.blocks.extend(_gap_blocks(a, b, q.a1, p.a0, q.b1, p.b0))
                q.blocks.extend(p.blocks)
                q.a1, q.b1 = p.a1, p.b1
                continue
        merged.append(p)
    return merged


def align(a: TextUnits, b: TextUnits, options: AlignOptions | None = None) -> list[Passage]:
    """Shared passages of two prepared texts, in A's order (see the module docs)."""
    opts = options or AlignOptions()
    if a.n == 0 or b.n == 0:
        return []
    found = _candidate_segments(a, b, opts)
    passages, claim_a, claim_b = _select(found, a, b, opts)
    for p in passages:
        _extend_edges(p, a, b, claim_a, claim_b, opts)
    return _merge(passages, a, b, opts, claim_b)
