"""A day of wire feeds built on real articles, with exact ground truth.

:func:`build_feed` takes real articles (e.g. :func:`benchmarks.reuters.load`), picks some as
bases and re-publishes each a few times with the edits of :mod:`benchmarks.wire` (verbatim,
header, copy-editing, trims, updates, reordering, OCR noise, rewrites; see
:func:`benchmarks.make_corpus.grow_family`), adds groups of templated reports that share
boilerplate but not facts (hard negatives), and keeps every other real article as it is.

The truth (:class:`benchmarks.make_corpus.Truth`) has every pair within a family, labelled
``duplicate``, ``overlap`` or ``none`` (family members sharing under :data:`MIN_SHARED` of the
shorter one's words, e.g. two rewrites keeping different passages), the real pairs given to it
(labelled by exact rules) and the templated groups. ``Feed.ignored`` lists real pairs that share
text but that no rule labels: the scoring leaves them out.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from benchmarks.make_corpus import (
    FAMILY_SIZES,
    Item,
    Member,
    Part,
    Truth,
    brief_group,
    family_truth,
    grow_family,
    negative_truth,
)
from benchmarks.wire import Base

__all__ = ["MIN_SHARED", "Feed", "RealArticle", "build_feed"]

MIN_SHARED = 0.3
"""Family pairs whose shorter member shares less than this share of its words are ``none``."""

SOURCE = "Reuters"


class RealArticle(Protocol):
    """What the feed needs from a real article."""

    id: str
    title: str
    published: datetime
    paragraphs: list[str]


@dataclass
class Feed:
    """The articles (dicts: ``id``, ``text``, ``title``, ``published``, ``source``, in
    publication order), their truth, the family members by id (for the diff step) and the
    unlabelled real pairs to leave out of the scoring."""

    articles: list[dict[str, Any]]
    truth: Truth
    members: dict[str, Member] = field(default_factory=dict)
    ignored: set[frozenset[str]] = field(default_factory=set)


def _family_size(rng: random.Random) -> int:
    r = rng.random()
    for size, w in FAMILY_SIZES:
        if r < w:
            return size
        r -= w
    return FAMILY_SIZES[-1][0]


def _words(paragraphs: Sequence[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def build_feed(
    articles: Sequence[RealArticle],
    *,
    seed: int = 0,
    families: int = 1500,
    brief_groups: int = 150,
    min_words: int = 120,
    min_paragraphs: int = 4,
    exclude: Iterable[str] = (),
    real_pairs: Iterable[dict[str, Any]] = (),
    ignored: Iterable[tuple[str, str]] = (),
    topic: str = "business",
) -> Feed:
    """A feed of all ``articles`` plus edited copies of ``families`` of them and
    ``brief_groups`` groups of 2-5 templated reports.

    Bases have at least ``min_words`` words in ``min_paragraphs`` paragraphs and are not in
    ``exclude`` (articles with real relatives, so the copies have no unlabelled kin). New
    paragraphs are written on ``topic``. ``real_pairs`` (``{"a", "b", "relation", "edit",
    "jaccard", "containment"}``) join the truth; ``ignored`` pairs are left out of the scoring.
    """
    rng = random.Random(f"wire-feed:{seed}")
    skip = set(exclude)
    eligible = [
        a
        for a in articles
        if a.id not in skip
        and len(a.paragraphs) >= min_paragraphs
        and _words(a.paragraphs) >= min_words
    ]
    bases = {a.id for a in rng.sample(eligible, min(families, len(eligible)))}
    truth = Truth(
        params={"seed": seed, "families": families, "brief_groups": brief_groups, "real": True}
    )
    part = Part()
    ids: dict[int, str] = {}
    items: list[Item] = []
    key = 0
    fam_no = 0
    feed = Feed([], truth)
    for art in articles:
        item = Item(key, art.published, art.title, list(art.paragraphs), SOURCE)
        items.append(item)
        ids[key] = art.id
        if art.id not in bases:
            key += 1
            continue
        n = _family_size(rng) - 1
        base = Base(art.title, list(art.paragraphs), topic)
        members = grow_family(rng, base, item, n, {"edit": "original"}, with_origin=True)
        for m in members[1:]:
            items.append(m.item)
            ids[m.item.key] = f"wire-{fam_no:05d}-{m.item.key - key}"
        family_truth(members, ids, f"R{fam_no:05d}", part, min_shared=MIN_SHARED)
        feed.members.update((ids[m.item.key], m) for m in members)
        key += n + 1
        fam_no += 1
    start = min(a.published for a in articles)
    span = (max(a.published for a in articles) - start).total_seconds()

    def when() -> datetime:
        return start + timedelta(seconds=int(rng.random() * span))

    for g in range(brief_groups):
        kind, group = brief_group(rng, 2 + int(rng.random() * 4), when, key)
        for j, it in enumerate(group):
            ids[it.key] = f"brief-{g:04d}-{j}"
        items.extend(group)
        negative_truth(group, kind, ids, part)
        key += len(group)
    truth.extend(part)
    truth.pairs.extend(real_pairs)
    feed.ignored = {frozenset(p) for p in ignored}
    items.sort(key=lambda it: (_naive(it.published), it.key))
    feed.articles = [
        {
            "id": ids[it.key],
            "text": "\n\n".join(it.paragraphs),
            "title": it.title,
            "published": _naive(it.published).isoformat(),
            "source": it.source,
        }
        for it in items
    ]
    return feed


def _naive(t: datetime) -> datetime:
    """Real articles carry naive times, generated briefs UTC ones: compare them as naive UTC."""
    return t.astimezone(UTC).replace(tzinfo=None) if t.tzinfo else t
