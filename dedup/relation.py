"""What two verified articles are to each other: ``duplicate``, ``overlap`` or neither.

Every engine and the index decide with :class:`RelationRule` on the same exact counts
(:class:`PairCounts`, from :func:`dedup.similarity.score_pairs` / ``exact_scores``):

``duplicate``
    The same text, lightly edited, **with the same figures**: word k-shingle Jaccard
    ``>= threshold``, or, for copies whose edits are scattered (typo fixes, swapped words, OCR
    noise, moved paragraphs: each edited word breaks ``k`` shingles, so Jaccard undercounts them),
    an *edit similarity* ``>= edit_threshold`` with a Jaccard of at least 0.5 (about one word in
    fifteen edited; beyond that, shingles missing on both sides are more likely different
    passages than edited words, as in templated reports); and the figures (tokens that start with
    a digit: numbers, amounts, dates, scores; not ``F-15`` or an OCR slip like ``c1ose``) of the
    two alike, figure Jaccard ``>= 0.9``. A copy
    that changes a figure is an update, hence an ``overlap``.
``overlap``
    Not a duplicate, and the shorter article's shingles are found in the longer with
    containment ``>= containment`` (a rewrite, update or excerpt of the same story), **and**,
    when the article with fewer figures has at least 3, at least half of them are in the other.
    Templated reports (prices, results, earnings) share their boilerplate, not their figures.

``figures=False`` turns both figure conditions off (plain Jaccard/containment relations).

Edit similarity: with ``only_a``/``only_b`` the shingles found in one article only, the lengths
differ by ``|only_a - only_b|`` shingles (text added or cut, one word a shingle) and
``min(only_a, only_b) / k`` words were edited in place; it is one minus their sum over the
longer's shingle count: about the share of words the two have in common.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from dedup.errors import ParameterError

__all__ = [
    "EDIT_MIN_JACCARD",
    "FIGURES_MIN",
    "FIGURES_SAME",
    "FIGURES_SHARED",
    "PairCounts",
    "RelationRule",
]

EDIT_MIN_JACCARD = 0.5
"""Jaccard below which the edit similarity does not make a duplicate."""
FIGURES_SAME = 0.9
"""Figure Jaccard a duplicate needs."""
FIGURES_SHARED = 0.5
"""Share of its figures the article with fewer must find in the other, for an overlap."""
FIGURES_MIN = 3
"""Below this many figures in the article with fewer, the overlap figure check is skipped."""


def _ratio(num: np.ndarray, den: np.ndarray, empty: float) -> np.ndarray:
    out = np.full(len(num), empty, dtype=np.float64)
    np.divide(num, den, out=out, where=den > 0)
    return out


@dataclass(frozen=True)
class PairCounts:
    """Exact set sizes for pairs ``(a, b)`` (arrays, one entry per pair)."""

    shared: np.ndarray  # shingles in both
    size_a: np.ndarray  # distinct shingles of a
    size_b: np.ndarray
    figures_shared: np.ndarray  # figure tokens in both
    figures_a: np.ndarray  # distinct figure tokens of a
    figures_b: np.ndarray

    def __len__(self) -> int:
        return len(self.shared)

    @classmethod
    def concat(cls, parts: list[PairCounts]) -> PairCounts:
        """All pairs of ``parts``, in order."""
        fields = cls.__dataclass_fields__
        return cls(
            **{f: np.concatenate([np.zeros(0, np.int64), *(getattr(p, f) for p in parts)])
               for f in fields}
        )  # fmt: skip

    @property
    def jaccard(self) -> np.ndarray:
        """Shingle Jaccard (0 when either article has no shingle)."""
        union = self.size_a + self.size_b - self.shared
        return _ratio(self.shared, np.where((self.size_a > 0) & (self.size_b > 0), union, 0), 0.0)

    @property
    def containment(self) -> np.ndarray:
        """Share of the shorter article's shingles found in the longer."""
        return _ratio(self.shared, np.minimum(self.size_a, self.size_b), 0.0)

    @property
    def containment_a_in_b(self) -> np.ndarray:
        """Share of ``a``'s shingles found in ``b``."""
        return _ratio(self.shared, np.where(self.size_b > 0, self.size_a, 0), 0.0)

    @property
    def containment_b_in_a(self) -> np.ndarray:
        """Share of ``b``'s shingles found in ``a``."""
        return _ratio(self.shared, np.where(self.size_a > 0, self.size_b, 0), 0.0)

    def edit_similarity(self, k: int) -> np.ndarray:
        """About the share of words in common, for copies edited word by word (module docs)."""
        only_a, only_b = self.size_a - self.shared, self.size_b - self.shared
        changed = np.abs(only_a - only_b) + np.minimum(only_a, only_b) / k
        longer = np.maximum(self.size_a, self.size_b)
        return np.where(longer > 0, 1.0 - _ratio(changed, longer, 0.0), 0.0)

    @property
    def figure_jaccard(self) -> np.ndarray:
        """Jaccard of the two figure sets (1 when neither has a figure)."""
        union = self.figures_a + self.figures_b - self.figures_shared
        return _ratio(self.figures_shared, union, 1.0)

    @property
    def figure_containment(self) -> np.ndarray:
        """Share of the figures of the article with fewer found in the other (1 when none)."""
        return _ratio(self.figures_shared, np.minimum(self.figures_a, self.figures_b), 1.0)


@dataclass(frozen=True)
class RelationRule:
    """The thresholds that decide a pair's relation (see the module docs)."""

    threshold: float = 0.8
    containment: float = 0.3
    edit_threshold: float = 0.88  # 1.0 turns it off (only identical sets reach 1)
    figures: bool = True
    k: int = 5

    @classmethod
    def of(cls, settings: Any) -> RelationRule:
        """The rule of anything holding these fields by name (a ``Deduplicator``, an index's
        stored parameters)."""
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})

    def validate(self) -> None:
        """Raise :class:`ParameterError` for thresholds outside (0, 1]."""
        for name in ("threshold", "containment", "edit_threshold"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ParameterError(f"{name} must be in (0, 1], got {value!r}")

    def classify(self, counts: PairCounts) -> np.ndarray:
        """``"duplicate"``, ``"overlap"`` or ``""`` (neither) for each pair."""
        jaccard = counts.jaccard
        edited = (counts.edit_similarity(self.k) >= self.edit_threshold) & (
            jaccard >= EDIT_MIN_JACCARD
        )
        near_copy = (jaccard >= self.threshold) | edited
        shares = counts.containment >= self.containment
        if self.figures:
            near_copy &= counts.figure_jaccard >= FIGURES_SAME
            few = np.minimum(counts.figures_a, counts.figures_b) < FIGURES_MIN
            shares &= few | (counts.figure_containment >= FIGURES_SHARED)
        relation = np.full(len(counts), "", dtype=object)
        relation[shares] = "overlap"
        relation[near_copy] = "duplicate"
        return relation
