"""The diff report: dataclasses and their stable JSON form (documented in docs/DIFF.md).

Every span is a pair of character offsets into the article text as the library holds it
(``Article.text``, after a seed-style header is removed), and every ``text`` equals that slice.
Edits follow difflib's convention: they turn A into B, so ``insert`` is words only B has,
``delete`` words only A has and ``replace`` A's words (``a_text``) that B has as ``b_text``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "ArticleInfo",
    "Conflict",
    "DiffReport",
    "Edit",
    "Fact",
    "FactComparison",
    "Overlap",
    "Similarity",
    "Span",
]

EditOp = Literal["replace", "insert", "delete"]
FACT_KINDS = ("person", "org", "place", "quantity", "date", "quote")


@dataclass(frozen=True, slots=True)
class Span:
    """``text == article_text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """``{"start", "end", "text"}``."""
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Edit:
    """A word-level difference inside an overlap (A → B; see the module docs).

    ``a_start``/``a_end`` locate ``a_text`` in A (an empty range where A has nothing, for an
    insert), likewise for B. Only ``op``, ``a_text`` and ``b_text`` go into the JSON.
    """

    op: EditOp
    a_text: str
    b_text: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int

    def to_dict(self) -> dict[str, Any]:
        """``{"op", "a_text", "b_text"}``."""
        return {"op": self.op, "a_text": self.a_text, "b_text": self.b_text}


@dataclass(frozen=True, slots=True)
class Overlap:
    """A passage both articles carry: its span in each, a similarity and the edits inside.

    ``similarity`` is difflib's ratio over tokens, ``2 * equal / (tokens_a + tokens_b)``.
    """

    a: Span
    b: Span
    similarity: float
    edits: tuple[Edit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{"a", "b", "similarity", "edits"}``."""
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "similarity": round(self.similarity, 4),
            "edits": [e.to_dict() for e in self.edits],
        }


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact stated by an article: a person, org, place, quantity, date or quote.

    ``text == article_text[start:end]``; ``sentence`` is the text of the sentence it came from.
    ``key`` is the normalised form mentions are matched by (``kadhimi``, ``kataib hezbollah``,
    ``4|militiamen``); for a quote, ``speaker`` is who says it (``None`` if unknown) and
    ``speaker_key`` that speaker's key (``speaker_inferred`` when the speaker is a guess from
    ``he said`` or an earlier quote, not named next to it); for a quantity, ``value`` is the
    number.
    """

    kind: str
    text: str
    start: int
    end: int
    sentence: str
    key: str = field(default="", compare=False)
    speaker: str | None = None
    speaker_key: str | None = field(default=None, compare=False)
    value: float | None = field(default=None, compare=False)
    speaker_inferred: bool = field(default=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """``{"kind", "text", "start", "end", "sentence"}``, plus ``"speaker"`` for a quote."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
        }
        if self.kind == "quote":
            out["speaker"] = self.speaker
        return out


@dataclass(frozen=True, slots=True)
class Conflict:
    """Where the articles disagree: ``quote_attribution`` or ``number`` (``a``/``b`` facts)."""

    kind: str
    a: Fact
    b: Fact
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """``{"kind", "a", "b", "detail"}``."""
        return {
            "kind": self.kind,
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class FactComparison:
    """Facts only A states, only B states, both state (A's mention), and conflicts."""

    only_in_a: tuple[Fact, ...] = ()
    only_in_b: tuple[Fact, ...] = ()
    in_both: tuple[Fact, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{"only_in_a", "only_in_b", "in_both", "conflicts"}``."""
        return {
            "only_in_a": [f.to_dict() for f in self.only_in_a],
            "only_in_b": [f.to_dict() for f in self.only_in_b],
            "in_both": [f.to_dict() for f in self.in_both],
            "conflicts": [c.to_dict() for c in self.conflicts],
        }


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """The id and length (in characters) of one article of the pair."""

    id: str
    chars: int

    def to_dict(self) -> dict[str, Any]:
        """``{"id", "chars"}``."""
        return {"id": self.id, "chars": self.chars}


@dataclass(frozen=True, slots=True)
class Similarity:
    """Whole-article scores over 5-word shingles, the same numbers ``dedup scan`` reports."""

    jaccard: float
    containment_a_in_b: float
    containment_b_in_a: float

    def to_dict(self) -> dict[str, Any]:
        """``{"jaccard", "containment_a_in_b", "containment_b_in_a"}``."""
        return {
            "jaccard": round(self.jaccard, 4),
            "containment_a_in_b": round(self.containment_a_in_b, 4),
            "containment_b_in_a": round(self.containment_b_in_a, 4),
        }


@dataclass(frozen=True)
class DiffReport:
    """What two articles share and what each adds: the result of :func:`dedup.diff.diff`.

    ``text_a``/``text_b`` are the texts every offset refers to (not part of the JSON).
    """

    a: ArticleInfo
    b: ArticleInfo
    similarity: Similarity
    overlaps: tuple[Overlap, ...]
    only_in_a: tuple[Span, ...]
    only_in_b: tuple[Span, ...]
    facts: FactComparison
    text_a: str = field(repr=False, default="")
    text_b: str = field(repr=False, default="")

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (schema in docs/DIFF.md)."""
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "similarity": self.similarity.to_dict(),
            "overlaps": [o.to_dict() for o in self.overlaps],
            "only_in_a": [s.to_dict() for s in self.only_in_a],
            "only_in_b": [s.to_dict() for s in self.only_in_b],
            "facts": self.facts.to_dict(),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The report as a JSON document (UTF-8 text, non-ASCII kept as is)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_html(self, title: str | None = None) -> str:
        """One self-contained HTML page (inline CSS and JS, no external assets)."""
        from dedup.diff.render import render_html

        return render_html(self, title=title)

    def to_text(self, color: bool = False, width: int = 100) -> str:
        """A side-by-side plain-text summary (ANSI colours if ``color``)."""
        from dedup.diff.render import render_text

        return render_text(self, color=color, width=width)
