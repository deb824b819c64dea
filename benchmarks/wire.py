"""Wire-style edits of a base article, with ground truth.

Every edit takes a base article (anything with ``title`` and ``paragraphs``; a
:class:`~benchmarks.stories.Story` gives the best new paragraphs, a plain :class:`Base` works too,
e.g. for real articles) and a ``random.Random``, and returns an :class:`Edited`: the new paragraphs
plus what was done (which base paragraphs were kept, which paragraphs are new or changed, facts
added, removed or changed) and the relation a careful reader would give the pair.

Relations: ``duplicate`` for near-identical copies, ``overlap`` for the same story with substantial
text added or removed (see :func:`pair_relation`). :func:`shingles`, :func:`jaccard` and
:func:`containment` are the simple reference measures recorded next to the labels.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from random import Random
from typing import Any, Protocol

from benchmarks.stories import (
    OUTLETS,
    TOPICS,
    Story,
    continue_story,
    headline,
    invent_person,
    make_quote,
)

__all__ = [
    "DUPLICATE_MAX_DIFF",
    "EDITS",
    "Base",
    "BaseLike",
    "Edited",
    "Version",
    "chain",
    "containment",
    "copyedit",
    "header",
    "jaccard",
    "measure",
    "noise",
    "pair_relation",
    "rebase",
    "reorder",
    "rewrite",
    "shared_fraction",
    "shingles",
    "similarity",
    "tokens",
    "trim",
    "update",
    "verbatim",
]

# --------------------------------------------------------------------------------------------
# Reference measures
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def tokens(text: str) -> list[str]:
    """Lowercased words: runs of letters/digits, keeping apostrophes and hyphens inside words."""
    return _TOKEN.findall(text.lower())


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    """The set of ``k``-word tuples of ``text`` (a shorter non-empty text is one shingle)."""
    w = tokens(text)
    if len(w) < k:
        return {tuple(w)} if w else set()
    return set(zip(*(w[i:] for i in range(k)), strict=False))


def measure(a: set[Any], b: set[Any]) -> tuple[float, float]:
    """``(jaccard(a, b), containment(a, b))`` with one intersection."""
    if not a or not b:
        both = 1.0 if not a and not b else 0.0
        return both, both
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))


def jaccard(a: set[Any], b: set[Any]) -> float:
    """|A & B| / |A | B| (1.0 for two empty sets)."""
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(a: set[Any], b: set[Any]) -> float:
    """|A & B| / min(|A|, |B|): how much of the smaller set is in the larger (1.0 if both empty)."""
    if not a or not b:
        return 1.0 if not a and not b else 0.0
    return len(a & b) / min(len(a), len(b))


def similarity(text_a: str, text_b: str, k: int = 5) -> tuple[float, float]:
    """``(jaccard, containment)`` of the word-``k``-shingle sets of two texts."""
    return measure(shingles(text_a, k), shingles(text_b, k))


# --------------------------------------------------------------------------------------------
# Articles, edit results and relations
# --------------------------------------------------------------------------------------------


class BaseLike(Protocol):
    """What an edit needs from a base article."""

    title: str
    paragraphs: list[str]


@dataclass
class Base:
    """A plain base article (e.g. a real one); ``topic`` helps pick new paragraphs."""

    title: str
    paragraphs: list[str]
    topic: str | None = None


DUPLICATE_MAX_DIFF = 0.10
"""Two versions are duplicates when differing words are at most this share of the longer one."""

NOISY_MIN_JACCARD = 0.5
"""A version with OCR noise stays a duplicate only while its measured Jaccard is at least this."""


@dataclass
class Edited:
    """An edited re-publication of a base article and what was done to it.

    ``origin[j]`` is the base paragraph output paragraph ``j`` comes from (``None``: new).
    ``changed`` lists output paragraphs derived from the base but modified, ``replaced`` those
    whose content was substantially replaced (a new quote), ``header`` byline/footer paragraphs.
    ``light_words`` counts words touched by small edits (swaps, noise, dateline); header
    paragraphs do not count (a byline does not make a copy a different article).
    """

    edit: str
    title: str
    paragraphs: list[str]
    origin: list[int | None]
    relation: str = "duplicate"
    changed: list[int] = field(default_factory=list)
    replaced: list[int] = field(default_factory=list)
    header: list[int] = field(default_factory=list)
    facts_added: list[str] = field(default_factory=list)
    facts_removed: list[str] = field(default_factory=list)
    facts_changed: list[dict[str, Any]] = field(default_factory=list)
    light_words: int = 0

    @property
    def text(self) -> str:
        """Paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def kept(self) -> list[int]:
        """Indices of base paragraphs present in the output (sorted)."""
        return sorted({o for o in self.origin if o is not None})

    @property
    def new(self) -> list[int]:
        """Indices of output paragraphs that are new (not derived from the base)."""
        return [j for j, o in enumerate(self.origin) if o is None]

    def record(self) -> dict[str, Any]:
        """A JSON-able summary (without the text)."""
        return {
            "edit": self.edit,
            "relation": self.relation,
            "kept": self.kept,
            "new": self.new,
            "changed": self.changed,
            "replaced": self.replaced,
            "header": self.header,
            "facts_added": self.facts_added,
            "facts_removed": self.facts_removed,
            "facts_changed": self.facts_changed,
        }


def _nwords(text: str) -> int:
    return text.count(" ") + 1 if text else 0


@dataclass(slots=True)
class Version:
    """Paragraph-level content of one member of a story family, for pair relations.

    ``units[j]`` names the content of paragraph ``j`` (shared name = same content, up to light
    edits; ``None`` = header-only paragraph). ``light`` counts lightly edited words since the
    family's original, ``noisy`` whether OCR noise was applied on the way.
    """

    units: list[str | None]
    words: list[int]
    light: int = 0
    noisy: bool = False

    @classmethod
    def original(cls, paragraphs: Sequence[str], tag: str = "b") -> Version:
        """The version of a base article: one unit per paragraph."""
        return cls([f"{tag}{i}" for i in range(len(paragraphs))], [_nwords(p) for p in paragraphs])

    def derive(self, edited: Edited, tag: str) -> Version:
        """The version of ``edited`` (made from this version); new units are named ``tag.j``."""
        header, replaced = set(edited.header), set(edited.replaced)
        units: list[str | None] = []
        for j, o in enumerate(edited.origin):
            if j in header:
                units.append(None)
            elif o is None or j in replaced:
                units.append(f"{tag}.{j}")
            else:
                units.append(self.units[o] if o < len(self.units) else f"{tag}.{j}")
        return Version(
            units,
            [_nwords(p) for p in edited.paragraphs],
            self.light + edited.light_words,
            self.noisy or edited.edit == "noise",
        )

    @property
    def total(self) -> int:
        """Words in the article."""
        return sum(self.words)


def pair_relation(
    a: Version,
    b: Version,
    light: int,
    jaccard: float | None = None,
    noisy: bool | None = None,
) -> tuple[str, float]:
    """``(relation, diff)``: ``duplicate`` when the words not shared paragraph-wise plus the
    ``light`` lightly edited words are at most :data:`DUPLICATE_MAX_DIFF` of the longer version
    (and, with OCR noise, the measured ``jaccard`` is at least :data:`NOISY_MIN_JACCARD`),
    otherwise ``overlap``. ``noisy`` overrides whether noise separates the two (default: either
    version is noisy).
    """
    wa: dict[str, int] = {}
    for u, w in zip(a.units, a.words, strict=True):
        if u is not None:
            wa[u] = wa.get(u, 0) + w
    wb: dict[str, int] = {}
    for u, w in zip(b.units, b.words, strict=True):
        if u is not None:
            wb[u] = wb.get(u, 0) + w
    only = sum(w for u, w in wa.items() if u not in wb) + sum(
        w for u, w in wb.items() if u not in wa
    )
    diff = (only + light) / max(a.total, b.total, 1)
    dup = diff <= DUPLICATE_MAX_DIFF
    if noisy is None:
        noisy = a.noisy or b.noisy
    if dup and noisy and jaccard is not None:
        dup = jaccard >= NOISY_MIN_JACCARD
    return ("duplicate" if dup else "overlap"), diff


def shared_fraction(a: Version, b: Version) -> float:
    """Share of the shorter version's words (header paragraphs left out) in paragraphs whose
    content the other version also has."""
    sides = []
    for x, y in ((a, b), (b, a)):
        other = {u for u in y.units if u is not None}
        total = sum(w for u, w in zip(x.units, x.words, strict=True) if u is not None)
        shared = sum(w for u, w in zip(x.units, x.words, strict=True) if u in other)
        sides.append((total, shared))
    total, shared = min(sides)
    return shared / total if total else 0.0


def _finish(base: BaseLike, ed: Edited, jaccard: float | None = None) -> Edited:
    """Set the relation of ``ed`` to ``base`` and the fact differences."""
    v0 = Version.original(base.paragraphs)
    ed.relation = pair_relation(v0, v0.derive(ed, "e"), ed.light_words, jaccard)[0]
    # facts of dropped base paragraphs no longer mentioned, of new ones not mentioned before
    kept = set(ed.kept)
    dropped = [p for i, p in enumerate(base.paragraphs) if i not in kept]
    fresh = [ed.paragraphs[j] for j in sorted(set(ed.new) | set(ed.replaced))]
    if dropped:
        out_text = ed.text
        ed.facts_removed = sorted(f for f in _facts(dropped) if f not in out_text)
    if fresh:
        base_text = "\n\n".join(base.paragraphs)
        ed.facts_added = sorted(f for f in _facts(fresh) if f not in base_text)
    return ed


_CAPWORD = r"(?:(?:Col|Gen|Cmdr|Dr|Lt|Maj|Brig|Sen|Gov|Rep|Jr|St|Mr|Mrs|Ms)\.|[A-Z][\w'\u2019-]*)"
_FACT = re.compile(
    r"\$?\d[\d,]*(?:\.\d+)?(?: (?:million|billion|percent))?"
    rf"|{_CAPWORD}(?:(?: of| of the| and)? {_CAPWORD})+"
)
_LEADING = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "But",
        "And",
        "By",
        "For",
        "After",
        "According",
        "Separately",
        "Meanwhile",
        "Earlier",
        "Later",
        "While",
        "When",
        "If",
        "As",
        "It",
        "This",
        "That",
        "Some",
        "Several",
    ]
)


def _facts(paragraphs: Iterable[str]) -> set[str]:
    """Names (capitalized word runs) and figures mentioned in ``paragraphs``."""
    out = set()
    for p in paragraphs:
        for m in _FACT.finditer(p):
            s = m[0]
            first, _, rest = s.partition(" ")
            if first in _LEADING and rest[:1].isupper():
                s = rest
            if " " in s or s[0] in "$0123456789":
                out.add(s.rstrip(".,"))
    return out


def _story_of(base: BaseLike) -> Story | None:
    return base if isinstance(base, Story) else None


def _topic_of(base: BaseLike) -> str | None:
    t = getattr(base, "topic", None)
    return t if t in TOPICS else None


# --------------------------------------------------------------------------------------------
# Small text operations
# --------------------------------------------------------------------------------------------

_SYNONYMS = {
    "about": "around",
    "around": "about",
    "nearly": "almost",
    "almost": "nearly",
    "more than": "over",
    "percent": "per cent",
    "toward": "towards",
    "began": "started",
    "started": "began",
    "help": "assist",
    "buy": "purchase",
    "showed": "indicated",
    "said": "added",
    "added": "said",
    "told": "informed",
    "quickly": "rapidly",
    "rose": "climbed",
    "climbed": "rose",
    "fell": "dropped",
    "dropped": "fell",
    "warned": "cautioned",
    "officials": "authorities",
    "authorities": "officials",
    "residents": "locals",
    "attack": "assault",
    "roughly": "about",
    "despite": "in spite of",
    "demanded": "called for",
    "expected": "anticipated",
    "several": "a number of",
    "however": "but",
    "big": "large",
    "people": "persons",
    "later": "afterwards",
    "including": "among them",
    "announced": "said",
    "criticism": "condemnation",
    "injured": "wounded",
    "wounded": "injured",
    "damaged": "hit",
}
_SYN = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _SYNONYMS), key=len, reverse=True)) + r")\b", re.I
)
_ON_DAY = re.compile(r"\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _swap_candidates(paragraphs: Sequence[str], skip: set[int]) -> list[tuple[int, int, int, str]]:
    """``(paragraph, start, end, replacement)`` for every possible word swap."""
    out = []
    for i, p in enumerate(paragraphs):
        if i in skip:
            continue
        for m in _SYN.finditer(p):
            word = m[0]
            rep = _SYNONYMS[word.lower()]
            if word[0].isupper():
                rep = rep[0].upper() + rep[1:]
            out.append((i, m.start(), m.end(), rep))
        for m in _ON_DAY.finditer(p):
            out.append((i, m.start(), m.end(), m[1]))
    return out


def _apply_swaps(paragraphs: list[str], picks: Sequence[tuple[int, int, int, str]]) -> int:
    """Apply swaps in place (right to left per paragraph); return words touched."""
    touched = 0
    for i, s, e, rep in sorted(picks, key=lambda t: (t[0], -t[1])):
        p = paragraphs[i]
        touched += max(_nwords(p[s:e]), _nwords(rep))
        paragraphs[i] = p[:s] + rep + p[e:]
    return touched


def _non_overlapping(cands: list[tuple[int, int, int, str]], rng: Random, k: int) -> list[Any]:
    rng.shuffle(cands)
    picks: list[tuple[int, int, int, str]] = []
    for c in cands:
        if len(picks) == k:
            break
        if all(c[0] != p[0] or c[2] <= p[1] or c[1] >= p[2] for p in picks):
            picks.append(c)
    return picks


_CLAUSE = re.compile(
    r",(?: [^,\"]{6,90}?)(?=, )|, (?:according to|citing|"
    r"without|speaking|while|after|as)[^,.\"]{4,90}(?=\.)"
)


def _drop_clause(p: str, rng: Random) -> tuple[str, int]:
    """Drop one comma-delimited clause (``X, a spokesman for Y, said`` -> ``X said``)."""
    cands = [m for m in _CLAUSE.finditer(p) if '"' not in m[0]]
    if not cands:
        return p, 0
    m = cands[int(rng.random() * len(cands))]
    cut = m[0]
    rest = p[m.end() :]
    if rest.startswith(","):
        rest = rest[1:]
    return p[: m.start()] + rest, _nwords(cut.strip(", "))


_DATELINE = re.compile(
    r"^([A-Z][A-Z .'\u2019-]{1,40}?)(?:,? [A-Z][a-z]+ \d{1,2})?(?: \(([^)]{1,40})\))? -{1,2} "
)


def _person(rng: Random) -> str:
    return invent_person(rng).full


# --------------------------------------------------------------------------------------------
# Edits
# --------------------------------------------------------------------------------------------


def verbatim(base: BaseLike, rng: Random) -> Edited:
    """The same text under a new id."""
    n = len(base.paragraphs)
    return _finish(base, Edited("verbatim", base.title, list(base.paragraphs), list(range(n))))


def header(base: BaseLike, rng: Random) -> Edited:
    """Add or change the dateline, add a byline and/or a reporting/editing footer."""
    paras = list(base.paragraphs)
    origin: list[int | None] = list(range(len(paras)))
    outlet = str(OUTLETS[int(rng.random() * len(OUTLETS))])
    short = outlet.removeprefix("The ").split()[0]
    ops = [op for op in ("dateline", "byline", "footer") if rng.random() < 0.55]
    if not ops:
        ops = [("dateline", "byline", "footer")[int(rng.random() * 3)]]
    ed = Edited("header", base.title, paras, origin)
    story = _story_of(base)
    m = _DATELINE.match(paras[0]) if paras else None
    if "dateline" in ops and m is None and story is None:
        ops = [op for op in ops if op != "dateline"] or ["byline"]  # no city to add
    if "dateline" in ops:
        if m:
            city = m[1].strip()
            rest = paras[0][m.end() :]
            style = rng.random()
            if style < 0.2 and m[2] is None:
                new = ""  # dropped dateline
            elif style < 0.6:
                new = f"{city} ({short}) -- "
            else:
                new = f"{city}, {_month_day(rng)} ({short}) - "
            ed.light_words += max(_nwords(m[0].strip()), _nwords(new.strip()) if new else 0)
        else:
            city = story.slots.get("CITY", "") if story else ""
            rest = paras[0]
            new = f"{city.upper()} ({short}) -- "
            ed.light_words += _nwords(new.strip())
        paras[0] = new + rest
        ed.changed.append(0)
    if "byline" in ops:
        by = f"By {_person(rng)}" + (f", {outlet}" if rng.random() < 0.3 else "")
        paras.insert(0, by)
        origin.insert(0, None)
        ed.changed = [c + 1 for c in ed.changed]
    if "footer" in ops:
        r = rng.random()
        if r < 0.5:
            foot = f"(Reporting by {_person(rng)}; Editing by {_person(rng)})"
        elif r < 0.8:
            foot = (
                f"Reporting by {_person(rng)}; Additional reporting by {_person(rng)}; "
                f"Editing by {_person(rng)}"
            )
        else:
            foot = f"Copyright {outlet}. All rights reserved."
        paras.append(foot)
        origin.append(None)
    ed.header = [j for j, o in enumerate(origin) if o is None]
    return _finish(base, ed)


def _month_day(rng: Random) -> str:
    months = (
        "Jan.",
        "Feb.",
        "March",
        "April",
        "May",
        "June",
        "July",
        "Aug.",
        "Sept.",
        "Oct.",
        "Nov.",
        "Dec.",
    )
    return f"{months[int(rng.random() * 12)]} {1 + int(rng.random() * 28)}"


def _sampled_candidates(
    paras: Sequence[str], rng: Random, want: int
) -> list[tuple[int, int, int, str]]:
    """Swap candidates from randomly ordered paragraphs until about ``want`` are found."""
    order = list(range(len(paras)))
    rng.shuffle(order)
    found: list[tuple[int, int, int, str]] = []
    for i in order:
        found += [(i, s, e, r) for _, s, e, r in _swap_candidates([paras[i]], set())]
        if len(found) >= want:
            break
    return found


def copyedit(base: BaseLike, rng: Random) -> Edited:
    """One to three word swaps or synonyms in the whole article."""
    paras = list(base.paragraphs)
    k = 1 + int(rng.random() * 3)
    picks = _non_overlapping(_sampled_candidates(paras, rng, 4 * k), rng, k)
    ed = Edited("copyedit", base.title, paras, list(range(len(paras))))
    ed.light_words = _apply_swaps(paras, picks)
    ed.changed = sorted({p[0] for p in picks})
    if not picks and paras:  # nothing to swap: drop a clause instead
        for i in range(len(paras)):
            new, n = _drop_clause(paras[i], rng)
            if n:
                paras[i] = new
                ed.changed, ed.light_words = [i], n
                break
    return _finish(base, ed)


def trim(base: BaseLike, rng: Random) -> Edited:
    """Keep the first 40-70% of paragraphs (inverted pyramid)."""
    n = len(base.paragraphs)
    k = round(n * (0.4 + 0.3 * rng.random()))
    k = max(1, min(max(k, math.ceil(0.4 * n)), math.floor(0.7 * n)))
    return _finish(base, Edited("trim", base.title, list(base.paragraphs[:k]), list(range(k))))


_NUM = re.compile(
    r"(?<![\w:.,$-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w:-]|,\d|\.\d| [ap]\.m\.)"
    r"|\b(two|three|four|five|six|seven|eight|nine)\b"
)
_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")


def _new_number(m: re.Match[str], rng: Random) -> str:
    if m[3]:
        word = m[3].lower()
        new = word
        while new == word:
            new = _WORDS[int(rng.random() * len(_WORDS))]
        return new if m[3].islower() else new.capitalize()
    whole = m[1].replace(",", "")
    n = int(whole)
    if m[2]:
        dec = len(m[2]) - 1
        x = float(whole + m[2])
        y = x
        while f"{y:.{dec}f}" == f"{x:.{dec}f}":
            y = x * (0.75 + 0.5 * rng.random()) + 10**-dec
        return f"{y:,.{dec}f}" if "," in m[1] else f"{y:.{dec}f}"
    step = max(1, round(n * (0.05 + 0.3 * rng.random())))
    new_n = n + step if rng.random() < 0.6 or n - step < 0 else n - step
    return f"{new_n:,}" if "," in m[1] or new_n >= 10000 else str(new_n)


def _change_number(paras: list[str], rng: Random, skip: set[int]) -> dict[str, Any] | None:
    cands = []
    for i, p in enumerate(paras):
        if i in skip:
            continue
        for m in _NUM.finditer(p):
            if m[1] and len(m[1]) == 4 and m[1][:2] in ("19", "20") and not m[2]:
                continue  # a year
            cands.append((i, m))
    if not cands:
        return None
    i, m = cands[int(rng.random() * len(cands))]
    new = _new_number(m, rng)
    paras[i] = paras[i][: m.start()] + new + paras[i][m.end() :]
    return {"kind": "number", "paragraph": i, "old": m[0], "new": new}


_QUOTE = re.compile(r'"([^"]{25,600}?)([.,!?]?)"')


def _change_quote(
    paras: list[str], rng: Random, base: BaseLike, skip: set[int]
) -> dict[str, Any] | None:
    cands = [(i, m) for i, p in enumerate(paras) if i not in skip for m in _QUOTE.finditer(p)]
    if not cands:
        return None
    i, m = cands[int(rng.random() * len(cands))]
    new = make_quote(rng, _story_of(base), topic=_topic_of(base))
    paras[i] = paras[i][: m.start(1)] + new + paras[i][m.end(1) :]
    return {"kind": "quote", "paragraph": i, "old": m[1], "new": new}


def update(base: BaseLike, rng: Random) -> Edited:
    """Add 2-5 new paragraphs (new quotes/facts), change one number, maybe one quote."""
    paras = list(base.paragraphs)
    origin: list[int | None] = list(range(len(paras)))
    ed = Edited("update", base.title, paras, origin)
    num = _change_number(paras, rng, set())
    if num:
        ed.facts_changed.append(num)
        ed.light_words += 1
    quote = _change_quote(paras, rng, base, set()) if rng.random() < 0.5 else None
    if quote:
        ed.facts_changed.append(quote)
    k = 2 + int(rng.random() * 4)
    new, _ = continue_story(
        rng, _story_of(base), k, update=True, new_speaker=rng.random() < 0.5, topic=_topic_of(base)
    )
    # one new paragraph right after the lede, the rest anywhere after it or at the end
    positions = sorted([1] + [1 + int(rng.random() * len(paras)) for _ in range(k - 1)])
    for shift, (pos, para) in enumerate(zip(positions, new, strict=True)):
        paras.insert(pos + shift, para)
        origin.insert(pos + shift, None)
    where = {o: j for j, o in enumerate(origin) if o is not None}
    for fc in ed.facts_changed:
        fc["paragraph"] = where[fc["paragraph"]]
    ed.changed = sorted({fc["paragraph"] for fc in ed.facts_changed})
    ed.replaced = [fc["paragraph"] for fc in ed.facts_changed if fc["kind"] == "quote"]
    if rng.random() < 0.5:
        ed.title = f"UPDATE 1-{base.title}"
    return _finish(base, ed)


def reorder(base: BaseLike, rng: Random) -> Edited:
    """Move 2-3 body paragraphs to other places (the lede stays first)."""
    n = len(base.paragraphs)
    order = list(range(n))
    if n >= 3:
        body = order[1:]
        k = min(2 + int(rng.random() * 2), len(body))
        for _ in range(10):
            moved = rng.sample(body, k)
            rest = [i for i in body if i not in moved]
            for i in moved:
                rest.insert(int(rng.random() * (len(rest) + 1)), i)
            if rest != body:
                break
        order = [0, *rest]
    elif n == 2:
        order = [1, 0]
    paras = [base.paragraphs[i] for i in order]
    return _finish(base, Edited("reorder", base.title, paras, list(order)))


_OCR = (("rn", "m"), ("m", "rn"), ("l", "1"), ("O", "0"), ("e", "c"), ("i", "l"), ("cl", "d"))


def _garble(word: str, rng: Random) -> str:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word
    r = rng.random()
    i = letters[1 + int(rng.random() * (len(letters) - 2))]
    if r < 0.35 and i + 1 < len(word) and word[i + 1].isalpha() and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap
    if r < 0.65:
        return word[:i] + word[i + 1 :]  # drop
    if r < 0.8:
        return word[:i] + word[i] + word[i:]  # double
    for a, b in _OCR:
        j = word.find(a)
        if j >= 0:
            return word[:j] + b + word[j + len(a) :]
    return word[:i] + word[i + 1 :]


def noise(base: BaseLike, rng: Random) -> Edited:
    """OCR-style noise (swapped, dropped, doubled or confused letters) on 1-2% of words."""
    split = [p.split(" ") for p in base.paragraphs]
    flat = [(i, j) for i, ws in enumerate(split) for j in range(len(ws))]
    k = max(1, round(len(flat) * (0.01 + 0.01 * rng.random())))
    changed, touched = set(), 0
    for i, j in rng.sample(flat, min(k, len(flat))):
        w = split[i][j]
        g = _garble(w, rng)
        if g != w:
            split[i][j] = g
            changed.add(i)
            touched += 1
    paras = [" ".join(ws) for ws in split]
    ed = Edited(
        "noise",
        base.title,
        paras,
        list(range(len(paras))),
        changed=sorted(changed),
        light_words=touched,
    )
    jac = jaccard(shingles("\n\n".join(base.paragraphs)), shingles(ed.text))
    return _finish(base, ed, jac)


def rewrite(base: BaseLike, rng: Random) -> Edited:
    """Keep 30-60% of the paragraphs, lightly edited, among new paragraphs on the same story."""
    n = len(base.paragraphs)
    k = min(n, max(1, round(n * (0.3 + 0.3 * rng.random()))))
    if n >= 4:
        k = min(max(k, math.ceil(0.3 * n)), math.floor(0.6 * n))
    keep = sorted(rng.sample(range(n), k))
    kept = [base.paragraphs[i] for i in keep]
    light = 0
    changed: list[int] = []
    for j in range(len(kept)):
        touched = 0
        if rng.random() < 0.6:
            cands = _swap_candidates([kept[j]], set())
            picks = _non_overlapping(cands, rng, 1 + int(rng.random() * 2))
            tmp = [kept[j]]
            touched += _apply_swaps(tmp, picks)
            kept[j] = tmp[0]
        if rng.random() < 0.35:
            kept[j], dropped = _drop_clause(kept[j], rng)
            touched += dropped
        if touched:
            changed.append(j)
            light += touched
    base_words = sum(_nwords(p) for p in base.paragraphs)
    kept_words = sum(_nwords(p) for p in kept)
    # length: aim the containment of the shorter text at 0.35-0.55 (about 80% of the kept
    # words' shingles survive light edits and new paragraph boundaries)
    target = 0.8 * kept_words / (0.35 + 0.2 * rng.random())
    story = _story_of(base)
    avg = max(15.0, base_words / max(n, 1))
    m = max(2, round((target - kept_words) / avg))
    seen = " ".join(kept)
    new, _ = continue_story(
        rng,
        story,
        m,
        new_speaker=rng.random() < 0.6,
        topic=_topic_of(base),
        introduced=[p.full for p in story.cast if p.full in seen] if story else None,
    )
    # interleave: a new lede most of the time, kept paragraphs in their original order
    total = len(new) + len(kept)
    first = 1 if rng.random() < 0.7 else 0
    slots = set(rng.sample(range(first, total), len(kept)))
    paras: list[str] = []
    origin: list[int | None] = []
    out_changed = []
    ki = ni = 0
    for pos in range(total):
        if pos in slots:
            if ki in changed:
                out_changed.append(pos)
            paras.append(kept[ki])
            origin.append(keep[ki])
            ki += 1
        else:
            paras.append(new[ni])
            origin.append(None)
            ni += 1
    title = headline(rng, story) if story is not None else base.title
    ed = Edited("rewrite", title, paras, origin, changed=out_changed, light_words=light)
    return _finish(base, ed)


def rebase(base: BaseLike, edited: Edited) -> BaseLike:
    """``edited`` as a base article for further edits (a Story keeps its cast and setting)."""
    if isinstance(base, Story):
        return replace(base, title=edited.title, paragraphs=list(edited.paragraphs))
    return Base(edited.title, list(edited.paragraphs), _topic_of(base))


def _compose(first: Edited, second: Edited) -> Edited:
    """``second`` (made from ``first``'s output) with provenance relative to ``first``'s base."""

    def carried(idx: list[int]) -> set[int]:
        s = set(idx)
        return {j for j, o in enumerate(second.origin) if o is not None and o in s}

    where = {o: j for j, o in enumerate(second.origin) if o is not None}
    facts = [
        {**fc, "paragraph": where[fc["paragraph"]]}
        for fc in first.facts_changed
        if fc["paragraph"] in where
    ]
    return Edited(
        second.edit,
        second.title,
        second.paragraphs,
        [first.origin[o] if o is not None else None for o in second.origin],
        changed=sorted(set(second.changed) | carried(first.changed)),
        replaced=sorted(set(second.replaced) | carried(first.replaced)),
        header=sorted(set(second.header) | carried(first.header)),
        facts_changed=facts + second.facts_changed,
        light_words=first.light_words + second.light_words,
    )


def chain(base: BaseLike, rng: Random, names: Sequence[str]) -> Edited:
    """Apply the edits ``names`` in turn (e.g. ``["trim", "header"]``); the result's edit is
    ``"trim+header"`` and its provenance (kept, new, changed...) refers to ``base``."""
    if not names:
        raise ValueError("chain needs at least one edit")
    cur: Edited | None = None
    b = base
    for name in names:
        ed = EDITS[name](b, rng)
        cur = ed if cur is None else _compose(cur, ed)
        b = rebase(base, cur)
    assert cur is not None
    if len(names) == 1:
        return cur
    cur.edit = "+".join(names)
    jac = None
    if "noise" in names:
        jac = jaccard(shingles("\n\n".join(base.paragraphs)), shingles(cur.text))
    return _finish(base, cur, jac)


EDITS: dict[str, Callable[[BaseLike, Random], Edited]] = {
    "verbatim": verbatim,
    "header": header,
    "copyedit": copyedit,
    "trim": trim,
    "update": update,
    "reorder": reorder,
    "noise": noise,
    "rewrite": rewrite,
}
"""Edit name -> function ``(base, rng) -> Edited``."""
