"""Scores shared by the quality benchmarks: pair precision/recall, PAN's plagdet, fact matching.

``plagdet`` follows Potthast et al., "An Evaluation Framework for Plagiarism Detection" (COLING
2010), as used for PAN's text alignment task: character-level precision and recall over both
documents of each case, divided by ``log2(1 + granularity)``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "Passage",
    "PlagdetScore",
    "fact_matches",
    "gold_name",
    "non_space",
    "norm_fact",
    "plagdet",
    "prf",
    "still_named",
]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """``{"precision", "recall", "f1", "tp", "fp", "fn"}`` (precision 1.0 with nothing
    predicted, recall 1.0 with nothing to find)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


def norm_fact(text: str) -> str:
    """A fact's words, lowercased, apostrophes dropped (for matching)."""
    return " ".join(re.findall(r"\w+", text.lower().replace("'", "")))


def fact_matches(gold: str, got: str) -> bool:
    """A prediction names a gold fact: equal, or one contains the other (normalised texts)."""
    gold, got = norm_fact(gold), norm_fact(got)
    return gold == got or (len(got) >= 3 and (got in gold or gold in got))


@dataclass(frozen=True, slots=True)
class Passage:
    """A passage shared by two documents of pair ``pair``: ``[a_start, a_end)`` in A and
    ``[b_start, b_end)`` in B."""

    pair: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True, slots=True)
class PlagdetScore:
    """Character-level precision, recall, granularity and plagdet."""

    precision: float
    recall: float
    granularity: float
    plagdet: float
    cases: int
    detections: int


Chars = frozenset[tuple[int, str, int]]


def _chars(p: Passage, keep: dict[tuple[int, str], set[int]] | None) -> Chars:
    out = set()
    for side, start, end in (("a", p.a_start, p.a_end), ("b", p.b_start, p.b_end)):
        allowed = keep.get((p.pair, side)) if keep is not None else None
        out.update((p.pair, side, i) for i in range(start, end) if allowed is None or i in allowed)
    return frozenset(out)


def _detects(r: Passage, s: Passage) -> bool:
    return (
        r.pair == s.pair
        and r.a_start < s.a_end
        and s.a_start < r.a_end
        and r.b_start < s.b_end
        and s.b_start < r.b_end
    )


def plagdet(
    cases: Sequence[Passage],
    detections: Sequence[Passage],
    keep: dict[tuple[int, str], set[int]] | None = None,
) -> PlagdetScore:
    """PAN plagdet of ``detections`` against the true ``cases`` (micro-averaged over all pairs).

    ``keep`` maps ``(pair, "a"|"b")`` to the character offsets that count (e.g. not
    whitespace, not a passage whose truth is unclear); others are ignored on both sides.
    """
    case_chars = [_chars(s, keep) for s in cases]
    det_chars = [_chars(r, keep) for r in detections]
    by_pair: dict[int, list[int]] = {}
    for j, r in enumerate(detections):
        by_pair.setdefault(r.pair, []).append(j)
    rec_sum, detected, gran_sum = 0.0, 0, 0
    prec_parts: dict[int, set[tuple[int, str, int]]] = {}
    for i, s in enumerate(cases):
        if not case_chars[i]:
            continue
        covered: set[tuple[int, str, int]] = set()
        hits = 0
        for j in by_pair.get(s.pair, ()):
            if _detects(detections[j], s):
                inter = case_chars[i] & det_chars[j]
                covered |= inter
                prec_parts.setdefault(j, set()).update(inter)
                hits += 1
        rec_sum += len(covered) / len(case_chars[i])
        if hits:
            detected += 1
            gran_sum += hits
    n_cases = sum(1 for c in case_chars if c)
    n_dets = sum(1 for c in det_chars if c)
    recall = rec_sum / n_cases if n_cases else 1.0
    precision = (
        sum(len(prec_parts.get(j, ())) / len(c) for j, c in enumerate(det_chars) if c) / n_dets
        if n_dets
        else 1.0
    )
    gran = gran_sum / detected if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PlagdetScore(precision, recall, gran, f1 / math.log2(1 + gran), n_cases, len(detections))


def non_space(text: str, drop: Iterable[tuple[int, int]] = ()) -> set[int]:
    """Offsets of ``text`` that are not whitespace and not inside a ``drop`` range."""
    out = {i for i, c in enumerate(text) if not c.isspace()}
    for start, end in drop:
        out.difference_update(range(start, end))
    return out


_COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:and|&)\s+Co|\s+(?:Inc|Corp|Co|Cos|Ltd|Plc|PLC|AG|SA|NV|SpA|Group|Holdings))\.?$"
)
_TITLE_WORDS = frozenset(
    [
        "Treasurer",
        "President",
        "Vice",
        "Chairman",
        "Chairwoman",
        "Senate",
        "House",
        "Republican",
        "Democrat",
        "Democratic",
        "Leader",
        "Opposition",
        "Minister",
        "Prime",
        "Secretary",
        "Governor",
        "Senator",
        "Sen",
        "Rep",
        "Mr",
        "Mrs",
        "Ms",
        "Dr",
        "Judge",
        "Chief",
        "Executive",
        "Director",
        "Commissioner",
        "Ambassador",
        "Mayor",
    ]
)


def still_named(gold: str, other: str) -> bool:
    """Whether the other article still names a gold fact that is only a name with a company
    suffix or a title (``Acme Corp`` by ``Acme``, ``Treasurer Jo Ray`` by ``Jo Ray``): such a
    name was not dropped or added by the edit, only its long form was."""
    core = re.sub(r"['\u2019]s?$", "", gold.strip())
    bare = _COMPANY_SUFFIX.sub("", core)
    words = bare.split()
    while len(words) > 1 and words[0].rstrip(".") in _TITLE_WORDS:
        words = words[1:]
    bare = " ".join(words)
    if bare == core or not bare or bare[0].isdigit():
        return False
    return re.search(rf"(?<![\w-]){re.escape(bare)}(?![\w-])", other) is not None


_FUNCTION_WORDS = frozenset(
    [
        "Between",
        "Under",
        "Overall",
        "Because",
        "Of",
        "Before",
        "During",
        "Since",
        "Until",
        "Despite",
        "With",
        "From",
        "To",
        "Also",
        "Like",
        "Including",
        "Unlike",
        "Although",
        "Though",
        "Both",
        "Only",
        "Even",
        "Then",
        "Under",
        "Among",
        "Against",
        "Without",
        "Within",
        "Through",
        "Via",
        "Per",
        "Following",
        "Once",
        "Until",
        "Whether",
    ]
)


def gold_name(gold: str) -> str | None:
    """A gold fact without capitalised function words that only start its sentence
    (``Between October`` → ``October``, ``Because of Department of Transportation`` →
    ``Department of Transportation``): the rule :mod:`benchmarks.wire` applies to ``The``,
    ``In`` ..., for more words. ``None`` when what is left is one word, which the simulator
    does not count as a fact either."""
    words = gold.split()
    while len(words) > 1 and (words[0] in _FUNCTION_WORDS or words[0] == "of"):
        words = words[1:]
    if len(words) == len(gold.split()):
        return gold
    rest = " ".join(words)
    return rest if " " in rest or rest[:1] in "$0123456789" else None
