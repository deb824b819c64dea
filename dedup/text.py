"""Text normalisation and tokenisation, batch-vectorised, with offsets into the original text.

There is one tokeniser. It runs over the UTF-8 bytes of many normalised texts at once
(:func:`tokenize_batch`, the hot path of the batch job); :func:`tokenize` runs the very same code on
one text and maps every token back to character offsets in the original, for the diff step. The two
can therefore never disagree about what a token is. The byte pass is numpy code here, or its
compiled twin in :mod:`dedup.jit` when numba is installed (``dedup[fast]``; tests hold them equal).

Normalisation (:func:`normalize`): Unicode NFKC, case folding, curly quotes folded to ``'``
and ``"``, hyphen-like dashes to ``-``, em dashes and every other non-ASCII character that is not
part of a word (letters, digits, combining marks) to a space, invisible characters (soft hyphen,
zero-width space, BOM) dropped. ASCII text only needs lower-casing (``bytes.lower``).

Token rule, on the normalised text: a token is a maximal run of word characters (``a-z``, ``0-9``,
any non-ASCII letter) where a single ``'``, ``-``, ``.`` or ``&`` between two word characters, and
a ``,`` between two digits, join their neighbours. So ``U.S.`` → ``u.s``, ``al-Omar`` → ``al-omar``,
``Kata'ib`` → ``kata'ib``, ``F-15`` → ``f-15``, ``20s`` → ``20s``, ``1,000`` → ``1,000`` and
``1 a.m.`` → ``1``, ``a.m``; other punctuation separates tokens and is not part of them.

Token hashes are 64-bit, seeded and deterministic across processes and platforms (a fixed
little-endian byte layout and the MurmurHash3 finaliser; never Python's ``hash()``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dedup import jit
from dedup.hashing import fmix64, seed_key

__all__ = [
    "TokenBatch",
    "Tokens",
    "normalize",
    "normalize_with_offsets",
    "tokenize",
    "tokenize_batch",
]

# --- normalisation -------------------------------------------------------------------------

_FOLD = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2212\ufe63\uff0d", "-"),
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
}
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch)[0] == "M"


def _normalize_cluster(cluster: str) -> str:
    """Normalise one base character with its combining marks (the unit offsets map back to)."""
    out = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cluster).casefold())
    chars = []
    for ch in out:
        ch = _FOLD.get(ch, ch)
        if ch and not ch.isascii() and not _is_word_char(ch):
            ch = " "
        chars.append(ch)
    return "".join(chars)


def _clusters(text: str) -> list[tuple[int, int]]:
    """Spans of the clusters of non-ASCII text, each extended back over the base character.

    Returns (start, end) spans of ``text`` that need Unicode normalisation; everything outside
    them is ASCII and only needs lower-casing. A cluster is a character plus its combining marks.
    """
    spans: list[tuple[int, int]] = []
    for run in _NON_ASCII_RUN.finditer(text):
        i, end = run.start(), run.end()
        if (
            i > 0
            and unicodedata.combining(text[i])
            and text[i - 1].isalnum()
            and (not spans or spans[-1][1] < i)
        ):
            i -= 1  # an ASCII letter or digit followed by combining marks
        while i < end:
            j = i + 1
            while j < len(text) and unicodedata.combining(text[j]):
                j += 1
            if spans and spans[-1][1] > i:  # already covered by the previous cluster
                i = spans[-1][1]
                continue
            spans.append((i, j))
            i = j
    return spans


def normalize_with_offsets(text: str) -> tuple[str, np.ndarray, np.ndarray]:
    """Normalise ``text`` and say where each normalised character came from.

    Returns ``(norm, starts, ends)``: normalised character ``i`` comes from ``text[starts[i]:
    ends[i]]`` (a cluster can expand to several characters, e.g. ``ﬁ`` → ``fi``).
    """
    if text.isascii():
        idx = np.arange(len(text), dtype=np.int64)
        return text.lower(), idx, idx + 1
    pieces: list[str] = []
    starts: list[np.ndarray] = []
    ends: list[np.ndarray] = []
    pos = 0

    def ascii_piece(a: int, b: int) -> None:
        if b > a:
            pieces.append(text[a:b].lower())
            rng = np.arange(a, b, dtype=np.int64)
            starts.append(rng)
            ends.append(rng + 1)

    for a, b in _clusters(text):
        ascii_piece(pos, a)
        norm = _normalize_cluster(text[a:b])
        pieces.append(norm)
        starts.append(np.full(len(norm), a, dtype=np.int64))
        ends.append(np.full(len(norm), b, dtype=np.int64))
        pos = b
    ascii_piece(pos, len(text))
    if not pieces:
        empty = np.zeros(0, dtype=np.int64)
        return "", empty, empty
    return "".join(pieces), np.concatenate(starts), np.concatenate(ends)


def normalize(text: str) -> str:
    """Return the normalised form of ``text`` that tokens are cut from (see module docs)."""
    if text.isascii():
        return text.lower()
    return normalize_with_offsets(text)[0]


# --- byte classes and span hashing ------------------------------------------------------------

_TAIL_MASKS = np.array([(1 << (8 * n)) - 1 for n in range(8)] + [2**64 - 1], dtype=np.uint64)
_K_LEN = np.uint64(0x9E3779B97F4A7C15)
_K_CHUNK = np.uint64(0xC2B2AE3D27D4EB4F)
_U64_8 = np.uint64(8)
_U64_64 = np.uint64(64)


def _token_bounds(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) byte positions of the tokens in normalised bytes ``buf``.

    ``buf`` must begin and end with a byte that is not part of a token (the callers pad with
    spaces), so that every token has a left and a right edge inside it.
    """
    digit = (buf >= 48) & (buf <= 57)
    word = digit | ((buf >= 97) & (buf <= 122)) | (buf >= 0x80)
    inner = buf[1:-1]
    joiner = (inner == 39) | (inner == 45) | (inner == 46) | (inner == 38)  # ' - . &
    tok = word.copy()
    tok[1:-1] |= (joiner & word[:-2] & word[2:]) | ((inner == 44) & digit[:-2] & digit[2:])
    starts = np.flatnonzero(tok[1:] & ~tok[:-1]) + 1
    ends = np.flatnonzero(tok[:-1] & ~tok[1:]) + 1
    return starts, ends


def _gather_u64(words: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """The 8 bytes starting at each byte position ``pos``, as little-endian uint64.

    ``words`` is the byte buffer viewed as uint64 (padded so that ``pos // 8 + 1`` is in range).
    """
    idx = pos >> 3
    shift = (pos & 7).astype(np.uint64) * _U64_8
    lo = words[idx] >> shift
    hi = np.where(shift == 0, np.uint64(0), words[idx + 1] << (_U64_64 - shift))
    return lo | hi


def _hash_spans(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray, seed: int) -> np.ndarray:
    """Seeded 64-bit hashes of byte spans, read 8 bytes at a time (a loop over 8-byte chunks)."""
    padded = np.zeros((len(buf) + 23) // 8 * 8, dtype=np.uint8)
    padded[: len(buf)] = buf
    words = padded.view("<u8")
    lengths = ends - starts
    chunk = _gather_u64(words, starts) & _TAIL_MASKS[np.minimum(lengths, 8)]
    h = lengths.astype(np.uint64) * _K_LEN
    h ^= np.uint64(seed_key(seed))
    h ^= chunk
    h = fmix64(h)
    offset = 8
    long_ = np.flatnonzero(lengths > offset)
    while len(long_):
        rest = lengths[long_] - offset
        chunk = _gather_u64(words, starts[long_] + offset) & _TAIL_MASKS[np.minimum(rest, 8)]
        h[long_] = fmix64((h[long_] ^ chunk) * _K_CHUNK)
        offset += 8
        long_ = long_[rest > 8]
    return h


def _tokens_of_bytes(
    buf: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Byte starts, ends, hashes and figure flags of the tokens of padded bytes ``buf``."""
    if jit.numba is not None and len(buf) <= jit.MAX_TOKEN_BYTES:
        return jit.token_spans(buf, np.uint64(seed_key(seed)), _K_LEN, _K_CHUNK)
    starts, ends = _token_bounds(buf)
    first = buf[starts]
    return starts, ends, _hash_spans(buf, starts, ends, seed), (first >= 48) & (first <= 57)


# --- tokenisation ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TokenBatch:
    """Token hashes of many documents: doc ``i`` owns ``hashes[offsets[i]:offsets[i + 1]]``."""

    hashes: np.ndarray  # uint64
    offsets: np.ndarray  # int64, len(docs) + 1
    is_figure: np.ndarray | None = None  # bool per token: starts with a digit (``1,000``, ``20s``)

    @property
    def counts(self) -> np.ndarray:
        """Number of tokens of each document."""
        return np.diff(self.offsets)


def _encode(texts: list[str], lower: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Normalised UTF-8 of ``texts``, each preceded by a space, plus a final space.

    Returns the bytes and the byte position where each text's leading space is (and the end).
    ASCII texts skip :func:`normalize`: lower-casing does the same for them, faster; with
    ``lower=False`` their upper-case letters are left for the compiled kernel to fold.
    """
    encoded = [t.encode("ascii") if t.isascii() else normalize(t).encode("utf-8") for t in texts]
    lengths = np.fromiter((len(e) + 1 for e in encoded), dtype=np.int64, count=len(encoded))
    doc_starts = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=doc_starts[1:])
    joined = b" ".join([b"", *encoded, b""])
    return np.frombuffer(joined.lower() if lower else joined, dtype=np.uint8), doc_starts


def tokenize_batch(texts: list[str], seed: int = 1) -> TokenBatch:
    """Tokenise and hash many texts at once (the batch job's hot path)."""
    buf, doc_starts = _encode(texts, lower=jit.numba is None)
    starts, _, hashes, is_figure = _tokens_of_bytes(buf, seed)
    offsets = np.searchsorted(starts, doc_starts).astype(np.int64)
    return TokenBatch(hashes=hashes, offsets=offsets, is_figure=is_figure)


@dataclass(frozen=True)
class Tokens:
    """The tokens of one text with their hashes and character spans in the original text."""

    text: str
    hashes: np.ndarray  # uint64, as tokenize_batch gives them
    starts: np.ndarray  # int64 character offsets into ``text``
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.hashes)

    @cached_property
    def words(self) -> list[str]:
        """Normalised token strings (``U.S.`` → ``u.s``)."""
        return [normalize(self.text[s:e]) for s, e in zip(self.starts, self.ends, strict=True)]


def tokenize(text: str, seed: int = 1) -> Tokens:
    """Tokenise one text, keeping each token's character span in the original ``text``."""
    norm, char_starts, char_ends = normalize_with_offsets(text)
    buf = np.frombuffer(b" " + norm.encode("utf-8") + b" ", dtype=np.uint8)
    starts, ends, hashes, _ = _tokens_of_bytes(buf, seed)
    # byte position -> normalised character index (count of UTF-8 lead bytes before it, less
    # the leading pad space)
    char_of_byte = np.cumsum((buf & 0xC0) != 0x80) - 2
    return Tokens(
        text=text,
        hashes=hashes,
        starts=char_starts[char_of_byte[starts]] if len(starts) else starts,
        ends=char_ends[char_of_byte[ends - 1]] if len(ends) else ends,
    )
