"""Generate a fictional wire corpus with known duplicate and overlap structure.

``generate_corpus`` returns articles and :class:`Truth`; ``iter_corpus`` streams articles while
the truth accumulates (for large corpora); ``write_corpus`` writes gzip JSON lines. As a CLI::

    python -m benchmarks.make_corpus -n 3000 --seed 7 --words 500 \\
        -o examples/wire_sample.jsonl.gz --truth examples/wire_sample.truth.json

About ``dup_fraction`` of the articles are edited re-publications of base stories (families of
2-6 members, see :data:`EDIT_WEIGHTS`); the rest are singletons, among them hard negatives:
groups of different stories on one topic, day and country, and groups of templated reports
(earnings, commodity prices, sports results) that share boilerplate. The corpus is made in
blocks of :data:`BLOCK` articles, each from its own seeded generator, so output only depends on
the parameters (not on ``jobs``) and blocks can be made in parallel.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import itertools
import json
import multiprocessing
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.stories import BRIEF_KINDS, OUTLETS, TOPICS, Story, compose_brief, compose_story
from benchmarks.wire import (
    Version,
    chain,
    measure,
    pair_relation,
    rebase,
    shared_fraction,
    shingles,
)

__all__ = [
    "BLOCK",
    "EDIT_WEIGHTS",
    "GENERATOR_VERSION",
    "Item",
    "Member",
    "Part",
    "Truth",
    "brief_group",
    "family_truth",
    "generate_corpus",
    "grow_family",
    "iter_corpus",
    "negative_truth",
    "read_corpus",
    "write_corpus",
]

GENERATOR_VERSION = 1
"""Bumped whenever the same parameters would produce a different corpus."""

BLOCK = 1000
"""Articles per independently seeded block."""

PER_DAY = 2000
"""Articles published per day (sets the time span of a corpus)."""

EPOCH = datetime(2021, 3, 1, 6, 0, tzinfo=UTC)

EDIT_WEIGHTS: dict[str, float] = {
    "header": 0.20,
    "verbatim": 0.08,
    "copyedit": 0.14,
    "trim": 0.15,
    "update": 0.13,
    "reorder": 0.07,
    "noise": 0.08,
    "rewrite": 0.15,
}
"""How often each edit makes a family member (a ``header`` edit is stacked on 25% of others)."""

FAMILY_SIZES = ((2, 0.40), (3, 0.25), (4, 0.15), (5, 0.10), (6, 0.10))
HARD_TOPIC_SHARE = 0.12
"""Share of singletons in groups of same-topic, same-day, same-country stories."""
HARD_BRIEF_SHARE = 0.08
"""Share of singletons in groups of templated reports sharing boilerplate."""

_WIRES = tuple(o for o in OUTLETS if "Wire" in o or "Agency" in o or "Service" in o)
_EDITS = tuple(EDIT_WEIGHTS)
_CUM = tuple(itertools.accumulate(EDIT_WEIGHTS.values()))


@dataclass
class Truth:
    """Ground truth of a corpus.

    ``families``: family id -> member ids in publication order (first = original).
    ``pairs``: every pair within a family, ``{"a", "b", "relation", "edit", "jaccard",
    "containment"}`` with ``a`` the earlier member; ``edit`` is the chain of edits from ``a`` to
    ``b`` (``"trim+header"``) or, when ``a`` is not an ancestor of ``b``, both chains from their
    closest common ancestor (``"header|trim"``). ``members``: per member id its family, parent,
    edit and provenance relative to the parent (kept/new/changed paragraphs, facts
    added/removed/changed; see :meth:`benchmarks.wire.Edited.record`); originals have their topic.
    ``negatives``: hard-negative groups ``{"kind", "ids", "pairs"}``; they and every other
    cross-family pair are unrelated. ``params``: the generation parameters.
    """

    params: dict[str, Any] = field(default_factory=dict)
    families: dict[str, list[str]] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    negatives: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self, indent: int | None = None) -> str:
        """Serialise to a JSON string."""
        return json.dumps(
            {
                "params": self.params,
                "families": self.families,
                "pairs": self.pairs,
                "members": self.members,
                "negatives": self.negatives,
            },
            indent=indent,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> Truth:
        """Parse what :meth:`to_json` wrote."""
        d = json.loads(text)
        return cls(
            params=d.get("params", {}),
            families=d.get("families", {}),
            pairs=d.get("pairs", []),
            members=d.get("members", {}),
            negatives=d.get("negatives", []),
        )

    def relation(self, a: str, b: str) -> str:
        """``duplicate``, ``overlap`` or ``unrelated`` for two article ids (slow: linear scan)."""
        for p in self.pairs:
            if {p["a"], p["b"]} == {a, b}:
                return str(p["relation"])
        return "unrelated"

    def extend(self, part: Part) -> None:
        """Add a block's truth."""
        self.families.update(part.families)
        self.pairs.extend(part.pairs)
        self.members.update(part.members)
        self.negatives.extend(part.negatives)


@dataclass
class Part:
    """Truth for one block."""

    families: dict[str, list[str]] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    negatives: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Item:
    """An article before it has its id."""

    key: int
    published: datetime
    title: str
    paragraphs: list[str]
    source: str


@dataclass
class Member:
    """A family member: its article, its base for further edits, its paragraph version, its
    parent (index in the family) and the edit that made it."""

    item: Item
    base: Any
    version: Version
    parent: int | None
    edit: str
    record: dict[str, Any]


def _pick(rng: random.Random, seq: Sequence[Any]) -> Any:
    return seq[int(rng.random() * len(seq))]


def _id_maker(seed: int) -> Any:
    mix = int.from_bytes(hashlib.blake2b(f"wire:{seed}".encode(), digest_size=8).digest(), "big")
    mask = (1 << 64) - 1

    def make(index: int) -> str:
        # odd multipliers and xor are bijections on 64-bit ints: unique, random-looking ids
        x = ((index + 1) * 0x9E3779B97F4A7C15) & mask
        x = ((x ^ mix) * 0xBF58476D1CE4E5B9) & mask
        return f"{x ^ (x >> 31):016x}"

    return make


def _edit_name(rng: random.Random) -> str:
    r = rng.random() * _CUM[-1]
    for name, c in zip(_EDITS, _CUM, strict=True):
        if r < c:
            return name
    return _EDITS[-1]


def _delay(rng: random.Random) -> timedelta:
    """Re-publication delay: minutes to a few days (median about 2 hours)."""
    minutes = min(3 * 24 * 60, 2 + rng.expovariate(1 / 240))
    return timedelta(minutes=minutes)


def _family(
    rng: random.Random, n_copies: int, words: int, t0: datetime, start_key: int
) -> list[Member]:
    story = compose_story(rng, None, words)
    item = Item(start_key, t0, story.title, story.paragraphs, _pick(rng, _WIRES))
    return grow_family(rng, story, item, n_copies, {"edit": "original", "topic": story.topic})


def grow_family(
    rng: random.Random,
    base: Any,
    item: Item,
    n_copies: int,
    record: dict[str, Any],
    with_origin: bool = False,
) -> list[Member]:
    """``item`` (the original, made from ``base``) and ``n_copies`` edited re-publications with
    keys ``item.key + 1 ..``: each copies the original (70%) or an earlier copy, with an edit
    drawn from :data:`EDIT_WEIGHTS` (plus a ``header`` edit 25% of the time). ``with_origin``
    adds each copy's ``origin`` (parent paragraph of each paragraph) to its record."""
    start_key = item.key
    members = [Member(item, base, Version.original(item.paragraphs), None, "original", record)]
    for k in range(1, n_copies + 1):
        p = 0 if len(members) == 1 or rng.random() < 0.7 else 1 + int(rng.random() * (k - 1))
        parent = members[p]
        names = [_edit_name(rng)]
        if names[0] not in ("header", "verbatim") and rng.random() < 0.25:
            names.append("header")
        ed = chain(parent.base, rng, names)
        rec = ed.record()
        if with_origin:
            rec["origin"] = list(ed.origin)
        it = Item(
            start_key + k,
            parent.item.published + _delay(rng),
            ed.title,
            ed.paragraphs,
            _pick(rng, OUTLETS),
        )
        members.append(
            Member(
                it,
                rebase(parent.base, ed),
                parent.version.derive(ed, f"m{k}"),
                p,
                ed.edit,
                rec,
            )
        )
    return members


def _ancestors(members: list[Member], i: int) -> list[int]:
    """``i`` and its ancestors, nearest first."""
    out = [i]
    while members[out[-1]].parent is not None:
        out.append(members[out[-1]].parent)  # type: ignore[arg-type]
    return out


def _path_edits(members: list[Member], anc: int, i: int) -> list[str]:
    path = []
    while i != anc:
        path.append(members[i].edit)
        i = members[i].parent  # type: ignore[assignment]
    return path[::-1]


def family_truth(
    members: list[Member],
    ids: dict[int, str],
    fam_id: str,
    part: Part,
    min_shared: float | None = None,
) -> None:
    """Add the family's members and every pair within it to ``part``. With ``min_shared``,
    pairs whose shorter member has less than that share of its words in paragraphs the other
    also has (e.g. two rewrites keeping different passages) are labelled ``none``, and each
    pair records that ``shared`` share."""
    order = sorted(range(len(members)), key=lambda i: (members[i].item.published, i))
    part.families[fam_id] = [ids[members[i].item.key] for i in order]
    sh = [shingles("\n\n".join(m.item.paragraphs)) for m in members]
    for m in members:
        rec = {"family": fam_id, "parent": None, **m.record}
        if m.parent is not None:
            rec["parent"] = ids[members[m.parent].item.key]
        part.members[ids[m.item.key]] = rec
    for x, y in itertools.combinations(order, 2):
        ax, ay = _ancestors(members, x), _ancestors(members, y)
        lca = next(a for a in ay if a in set(ax))
        va, vb, vl = members[x].version, members[y].version, members[lca].version
        jac, cont = measure(sh[x], sh[y])
        light = va.light + vb.light - 2 * vl.light
        noisy = (va.noisy or vb.noisy) and not vl.noisy
        relation, _ = pair_relation(va, vb, light, jac, noisy)
        px, py = _path_edits(members, lca, x), _path_edits(members, lca, y)
        edit = "+".join(py) if not px else f"{'+'.join(px)}|{'+'.join(py) or 'original'}"
        pair = {
            "a": ids[members[x].item.key],
            "b": ids[members[y].item.key],
            "relation": relation,
            "edit": edit,
            "jaccard": round(jac, 4),
            "containment": round(cont, 4),
        }
        if min_shared is not None:
            pair["shared"] = round(shared_fraction(va, vb), 4)
            if pair["shared"] < min_shared:
                pair["relation"] = "none"
        part.pairs.append(pair)


def negative_truth(items: list[Item], kind: str, ids: dict[int, str], part: Part) -> None:
    sh = [shingles("\n\n".join(it.paragraphs)) for it in items]
    pairs = []
    for x, y in itertools.combinations(range(len(items)), 2):
        jac, cont = measure(sh[x], sh[y])
        pairs.append(
            {
                "a": ids[items[x].key],
                "b": ids[items[y].key],
                "jaccard": round(jac, 4),
                "containment": round(cont, 4),
            }
        )
    part.negatives.append({"kind": kind, "ids": [ids[it.key] for it in items], "pairs": pairs})


def _same_day(rng: random.Random, t: datetime) -> datetime:
    day = t.replace(hour=0, minute=0, second=0, microsecond=0)
    return day + timedelta(seconds=int(rng.random() * 86400))


def _block(
    seed: int, b: int, n: int, words: int, dup_fraction: float, first_index: int
) -> tuple[list[dict[str, Any]], Part]:
    """Articles ``first_index ..`` of block ``b`` (sorted by time) and their truth."""
    rng = random.Random(f"wire-corpus:{GENERATOR_VERSION}:{seed}:{b}")
    t0 = EPOCH + timedelta(days=b * BLOCK / PER_DAY)
    span = BLOCK / PER_DAY * 86400

    def when() -> datetime:
        return t0 + timedelta(seconds=int(rng.random() * span))

    items: list[Item] = []
    families: list[list[Member]] = []
    groups: list[tuple[str, list[Item]]] = []
    copies_left = round(n * dup_fraction)
    slots_left = n
    while copies_left > 0 and slots_left >= 2:
        r, size = rng.random(), FAMILY_SIZES[-1][0]
        for s, w in FAMILY_SIZES:
            if r < w:
                size = s
                break
            r -= w
        c = min(size - 1, copies_left, slots_left - 1)
        fam = _family(rng, c, words, when(), len(items))
        families.append(fam)
        items.extend(m.item for m in fam)
        copies_left -= c
        slots_left -= c + 1
    hard_topic = round(slots_left * HARD_TOPIC_SHARE)
    hard_brief = round(slots_left * HARD_BRIEF_SHARE)
    while hard_topic >= 2:
        k = min(hard_topic, 2 + int(rng.random() * 3))
        topic = _pick(rng, TOPICS)
        t = when()
        first = compose_story(rng, topic, words)
        shared = {key: first.slots[key] for key in ("COUNTRY", "COUNTRY_ADJ", "DAY", "MONTH")}
        stories = [first] + [compose_story(rng, topic, words, shared=shared) for _ in range(k - 1)]
        group = [
            _new_item(rng, st, len(items) + i, _same_day(rng, t)) for i, st in enumerate(stories)
        ]
        items.extend(group)
        groups.append((f"same_topic_day:{topic}", group))
        hard_topic -= k
        slots_left -= k
    while hard_brief >= 2:
        k = min(hard_brief, 2 + int(rng.random() * 4))
        group_kind, group = brief_group(rng, k, when, len(items))
        items.extend(group)
        groups.append((group_kind, group))
        hard_brief -= k
        slots_left -= k
    while slots_left > 0:
        st = compose_story(rng, None, words)
        items.append(_new_item(rng, st, len(items), when()))
        slots_left -= 1

    items.sort(key=lambda it: (it.published, it.key))
    make_id = _id_maker(seed)
    ids = {it.key: make_id(first_index + pos) for pos, it in enumerate(items)}
    part = Part()
    for j, fam in enumerate(families):
        family_truth(fam, ids, f"F{b:05d}-{j:03d}", part)
    for kind, group in groups:
        negative_truth(group, kind, ids, part)
    articles = [
        {
            "id": ids[it.key],
            "text": "\n\n".join(it.paragraphs),
            "title": it.title,
            "published": it.published.isoformat(),
            "source": it.source,
        }
        for it in items
    ]
    return articles, part


def _new_item(rng: random.Random, st: Story, key: int, t: datetime) -> Item:
    return Item(key, t, st.title, st.paragraphs, _pick(rng, OUTLETS))


def brief_group(
    rng: random.Random, k: int, when: Callable[[], datetime], start_key: int
) -> tuple[str, list[Item]]:
    """``("templated:<kind>", items)``: ``k`` templated reports of one kind and style from one
    wire on one day (keys ``start_key ..``), sharing boilerplate but not figures or names."""
    kind = _pick(rng, BRIEF_KINDS)
    style = int(rng.random() * 2)
    t = when()
    first = compose_brief(rng, kind, style=style)
    shared = {key: first.slots[key] for key in ("DAY", "OUTLET_SHORT", "LEAGUE", "EXCHANGE")}
    briefs = [first] + [compose_brief(rng, kind, style=style, shared=shared) for _ in range(k - 1)]
    source = _pick(rng, _WIRES)
    group = []
    for j, st in enumerate(briefs):
        it = _new_item(rng, st, start_key + j, _same_day(rng, t))
        it.source = source
        group.append(it)
    return f"templated:{kind}", group


def _block_job(args: tuple[int, int, int, int, float, int]) -> tuple[list[dict[str, Any]], Part]:
    return _block(*args)


def _params(n_articles: int, seed: int, words: int, dup_fraction: float) -> dict[str, Any]:
    return {
        "n_articles": n_articles,
        "seed": seed,
        "words": words,
        "dup_fraction": dup_fraction,
        "generator_version": GENERATOR_VERSION,
    }


def iter_corpus(
    n_articles: int,
    seed: int = 0,
    words: int = 600,
    dup_fraction: float = 0.3,
    truth: Truth | None = None,
    jobs: int = 1,
) -> Iterator[dict[str, Any]]:
    """Yield the articles of :func:`generate_corpus` one by one; ``truth`` (if given) is filled
    block by block and complete once the iterator is exhausted. ``jobs > 1`` makes blocks in
    that many processes (same output)."""
    if n_articles < 0 or words < 1 or not 0.0 <= dup_fraction < 1.0:
        raise ValueError("need n_articles >= 0, words >= 1 and 0 <= dup_fraction < 1")
    if truth is not None:
        truth.params = _params(n_articles, seed, words, dup_fraction)
    n_blocks = -(-n_articles // BLOCK)
    jobs_args = [
        (seed, b, min(BLOCK, n_articles - b * BLOCK), words, dup_fraction, b * BLOCK)
        for b in range(n_blocks)
    ]
    if jobs > 1 and n_blocks > 1:
        with multiprocessing.Pool(jobs) as pool:
            for articles, part in pool.imap(_block_job, jobs_args):
                if truth is not None:
                    truth.extend(part)
                yield from articles
    else:
        for a in jobs_args:
            articles, part = _block(*a)
            if truth is not None:
                truth.extend(part)
            yield from articles


def generate_corpus(
    n_articles: int, seed: int = 0, words: int = 600, dup_fraction: float = 0.3
) -> tuple[list[dict[str, Any]], Truth]:
    """``n_articles`` articles (dicts with id, text, title, published, source) and their truth.

    Deterministic for the parameters. ``words`` is the typical length of a story (spread
    0.4x-2x; templated reports are shorter); about ``dup_fraction`` of the articles are edited
    re-publications of another article.
    """
    truth = Truth()
    articles = list(iter_corpus(n_articles, seed, words, dup_fraction, truth))
    return articles, truth


def write_corpus(
    path: str | Path, articles: Iterator[dict[str, Any]] | list[dict[str, Any]], level: int = 9
) -> int:
    """Write articles as gzip JSON lines (reproducible bytes: no timestamp); return the count."""
    n = 0
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=level, mtime=0) as gz,
        io.TextIOWrapper(gz, encoding="utf-8", newline="\n") as out,
    ):
        for art in articles:
            out.write(json.dumps(art, ensure_ascii=False))
            out.write("\n")
            n += 1
    return n


def read_corpus(path: str | Path) -> Iterator[dict[str, Any]]:
    """Articles of a (gzip) JSON lines file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.make_corpus",
        description="Generate a fictional wire corpus with duplicate/overlap ground truth.",
    )
    ap.add_argument("-n", "--n-articles", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--words", type=int, default=600, help="typical story length in words")
    ap.add_argument("--dup-fraction", type=float, default=0.3)
    ap.add_argument("-o", "--output", required=True, help="gzip JSON lines (.jsonl.gz)")
    ap.add_argument("--truth", help="where to write the truth JSON (default: next to output)")
    ap.add_argument("--jobs", type=int, default=1, help="processes making blocks in parallel")
    ap.add_argument("--level", type=int, default=9, help="gzip compression level")
    args = ap.parse_args(argv)
    out = Path(args.output)
    truth_path = (
        Path(args.truth)
        if args.truth
        else out.with_name(out.name.removesuffix(".gz").removesuffix(".jsonl") + ".truth.json")
    )
    truth = Truth()
    start = time.perf_counter()
    n = write_corpus(
        out,
        iter_corpus(args.n_articles, args.seed, args.words, args.dup_fraction, truth, args.jobs),
        args.level,
    )
    truth_path.write_text(truth.to_json(indent=None) + "\n", encoding="utf-8")
    secs = time.perf_counter() - start
    dups = sum(len(m) - 1 for m in truth.families.values())
    rel = {r: sum(p["relation"] == r for p in truth.pairs) for r in ("duplicate", "overlap")}
    print(
        f"{n} articles ({dups} re-publications in {len(truth.families)} families, "
        f"{len(truth.negatives)} hard-negative groups; pairs {rel}) "
        f"in {secs:.1f} s ({n / max(secs, 1e-9):.0f} articles/s) -> {out}, {truth_path}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
