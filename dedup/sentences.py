"""Paragraph and sentence splitting for news text, with character offsets into the original.

Rules, tuned on wire copy:

* a blank line (or a line break after sentence-final punctuation) ends a paragraph, and a
  paragraph always ends a sentence;
* ``.``, ``!``, ``?`` (and ``...``), followed by any closing quotes or brackets, end a sentence
  when whitespace and then an upper-case letter, a digit or an opening quote follow;
* a period after a title (``Col.``, ``Cmdr.``, ``Gen.``, ``Sen.``, ``Mr.`` ...) or an initial
  (``John F. Kennedy``) never ends a sentence; after other abbreviations (``U.S.``, ``a.m.``,
  ``Jan.``, ``Inc.`` ...) it ends one only when a typical sentence opener follows (``U.S. The``
  does, ``U.S. Air Force`` does not);
* a quote that spans sentences is cut like any other text; its closing quote stays with the
  sentence it closes, and ``"...?" he asked`` is one sentence (lower case follows);
* a dateline at the start of a paragraph (``WASHINGTON --``, ``BAGHDAD (AP) —``) is a unit of
  its own with ``kind="dateline"``.

Every span is a pair of character offsets into the text given, and ``text`` equals that slice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = ["Paragraph", "Sentence", "split_paragraphs", "split_sentences"]


def _wordset(words: str) -> frozenset[str]:
    """The whitespace-separated words of ``words``."""
    return frozenset(words.split())


#: Abbreviations that are always followed by a name: their period never ends a sentence.
TITLE_ABBREVIATIONS = _wordset(
    """mr mrs ms dr prof rev fr sr st mt ft col lt gen maj capt cmdr cdr adm sgt cpl pvt brig
    sen rep gov pres supt det insp gens sens reps msgr hon atty amb"""
)
#: Abbreviations that may end a sentence (``... in the U.S. The``): they end one only when a
#: typical sentence opener follows.
OTHER_ABBREVIATIONS = _wordset(
    """jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd jr no nos vs etc approx
    ave blvd rd dept univ assn bros est fig al op cit ed eds vol pp ca"""
)
#: Words that typically open a sentence; they make an ambiguous abbreviation end one.
SENTENCE_OPENERS = _wordset(
    """a an the he she it its they we i you his her their our this that these those there but
    and or so yet in on at for from as after before when while if although though however
    meanwhile still then some many most no none one two three several both each officials
    police authorities"""
)

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*|(?<=[.!?\"'\u201d\u2019])[ \t]*\r?\n\s*")
_CANDIDATE = re.compile(r"(?:\.\.\.|[.!?])+[\"'\u201d\u2019)\]]*(?=\s)")
_NEXT = re.compile(r"\s+([\"'\u201c\u2018(\[]*)(\S*)")
_WORD_BEFORE = re.compile(r"[\"'\u201c\u2018(\[]*([^\s\"'\u201c\u2018(\[]*)$")
_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.'&-]*(?:[ ][A-Z][A-Z.'&-]*){0,3})"  # WASHINGTON, NEW YORK, ST. LOUIS
    r"(?:,[ ][A-Z][A-Za-z.]*(?:[ ][A-Z][A-Za-z.]*){0,2})?"  # , Iraq / , June 5
    r"(?:[ ]\d{1,2})?"
    r"(?:[ ]\([A-Za-z. ]{1,20}\))?"  # (AP)
    r"[ ]?(?:--|\u2014|\u2013|-|:)(?=\s)"
)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: ``text == source[start:end]`` (surrounding whitespace excluded)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a dateline) with its paragraph number; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    paragraph: int
    kind: Literal["sentence", "dateline"] = "sentence"


def split_paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` at blank lines (and at line breaks after sentence-final punctuation)."""
    out: list[Paragraph] = []
    pos = 0
    for brk in [*_PARA_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        _append_stripped(out, text, pos, end)
        if brk:
            pos = brk.end()
    return out


def _append_stripped(out: list[Paragraph], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Paragraph(start, end, text[start:end]))


def _is_boundary(para: str, punct_start: int, punct_end: int) -> bool:
    """Whether the punctuation at ``para[punct_start:punct_end]`` ends a sentence."""
    nxt = _NEXT.match(para, punct_end)
    if nxt is None:
        return True
    opener, word = nxt.group(1), nxt.group(2)
    if not word:
        return bool(opener)
    first = word[0]
    if first.islower() or first in ",;:)-\u2014\u2013":
        return False
    if not (first.isupper() or first.isdigit() or opener):
        return False
    punct = para[punct_start:punct_end].rstrip("\"'\u201d\u2019)]")
    if punct != ".":  # ! ? or an ellipsis
        return True
    before = _WORD_BEFORE.search(para, 0, punct_start)
    token = before.group(1) if before else ""
    bare = token.lower()
    if not bare:
        return True
    if len(bare) == 1 and token.isupper():  # an initial: John F. Kennedy
        return False
    if bare in TITLE_ABBREVIATIONS:
        return False
    opener_word = re.sub(r"[^A-Za-z]", "", word).lower()
    ambiguous = bare in OTHER_ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", bare)
    if ambiguous:
        return opener_word in SENTENCE_OPENERS
    return True


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences (and datelines), in text order, with offsets."""
    return list(_split_sentences(text))


@lru_cache(maxsize=16)
def _split_sentences(text: str) -> tuple[Sentence, ...]:
    """Cached: the diff step asks for the same texts' sentences several times."""
    out: list[Sentence] = []
    for number, para in enumerate(split_paragraphs(text)):
        body = para.text
        pos = 0
        dateline = _DATELINE.match(body)
        if dateline and sum(c.isupper() for c in body[: dateline.end()]) >= 3:
            out.append(
                Sentence(
                    para.start, para.start + dateline.end(), dateline.group(0), number, "dateline"
                )
            )
            pos = dateline.end()
        for cand in _CANDIDATE.finditer(body, pos):
            if _is_boundary(body, cand.start(), cand.end()):
                _append_sentence(out, text, para.start + pos, para.start + cand.end(), number)
                pos = cand.end()
        _append_sentence(out, text, para.start + pos, para.end, number)
    return tuple(out)


def _append_sentence(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph))
