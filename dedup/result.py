"""What the batch job returns: verified pairs, duplicate clusters, per-article assignments."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from dedup.errors import InputError

__all__ = ["Cluster", "DedupResult", "Member", "Pair", "ScanStats"]

RELATIONS = ("duplicate", "overlap")


@dataclass(frozen=True, slots=True)
class Pair:
    """A verified pair: ``a`` came first in the input; scores are exact over word shingles."""

    a: str
    b: str
    relation: str  # "duplicate" | "overlap"
    jaccard: float
    containment: float  # share of the shorter article's shingles found in the longer

    def to_dict(self) -> dict[str, Any]:
        """The ``--pairs`` JSONL row."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Member:
    """A cluster member and its Jaccard similarity with the cluster's representative."""

    id: str
    score: float


@dataclass(frozen=True, slots=True)
class Cluster:
    """Articles connected by ``duplicate`` pairs, with the one to keep."""

    id: int
    representative: str
    members: tuple[Member, ...]

    @property
    def ids(self) -> list[str]:
        """Member ids in input order."""
        return [m.id for m in self.members]


@dataclass(frozen=True)
class ScanStats:
    """Counts and timing of one run, and the parameters it used."""

    articles: int
    skipped: int
    short: int
    candidates: int
    band_candidates: int
    anchor_candidates: int
    duplicates: int
    overlaps: int
    clusters: int
    seconds: float
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class DedupResult:
    """Result of :func:`dedup.find_duplicates`.

    ``clusters`` lists clusters of two or more articles; every article (singletons too) has a
    row in :meth:`assignments`. Articles skipped for bad input are in ``problems`` only.
    """

    ids: list[str]
    kept: np.ndarray
    labels: np.ndarray
    representatives: np.ndarray
    scores: np.ndarray
    pairs: list[Pair]
    clusters: list[Cluster]
    stats: ScanStats
    problems: list[InputError] = field(default_factory=list)

    def assignments(self) -> Iterator[dict[str, Any]]:
        """One row per article, in input order: the ``-o`` JSONL schema."""
        for doc, article_id in enumerate(self.ids):
            if not self.kept[doc]:
                continue
            label = int(self.labels[doc])
            rep = int(self.representatives[label])
            is_rep = rep == doc
            yield {
                "id": article_id,
                "cluster": label,
                "representative": self.ids[rep],
                "is_representative": is_rep,
                "duplicate_of": None if is_rep else self.ids[rep],
                "score": round(float(self.scores[doc]), 6),
            }

    def cluster_of(self, article_id: str) -> Cluster | None:
        """The cluster holding ``article_id``, or ``None`` for a singleton."""
        for cluster in self.clusters:
            if article_id in cluster.ids:
                return cluster
        return None
