"""Connected components over ``duplicate`` edges and the choice of each cluster's representative."""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from dedup.errors import ParameterError

__all__ = ["KEEP_POLICIES", "components", "representatives"]

KEEP_POLICIES = ("earliest", "longest", "first")


def components(n_docs: int, edges: np.ndarray) -> np.ndarray:
    """Component label of each document, numbered by each component's first document.

    ``edges`` is ``(m, 2)`` of document indexes. Labels are ``0, 1, 2, ...`` in the order the
    components' earliest documents appear, so they do not depend on the order of ``edges``.
    """
    if n_docs == 0:
        return np.zeros(0, dtype=np.int64)
    graph = coo_matrix(
        (np.ones(len(edges), dtype=np.int8), (edges[:, 0], edges[:, 1])), shape=(n_docs, n_docs)
    )
    _, raw = connected_components(graph, directed=False)
    first_seen = np.full(raw.max() + 1, n_docs, dtype=np.int64)
    np.minimum.at(first_seen, raw, np.arange(n_docs))
    order = np.argsort(first_seen, kind="stable")
    relabel = np.empty_like(order)
    relabel[order] = np.arange(len(order))
    return relabel[raw]


def representatives(
    labels: np.ndarray,
    policy: str,
    ids: list[str],
    published: np.ndarray,
    lengths: np.ndarray,
) -> np.ndarray:
    """Index of the representative document of each component label.

    ``published`` holds POSIX timestamps (NaN where unknown), ``lengths`` character counts.
    ``earliest``: earliest ``published`` (articles without a date come after dated ones);
    ``longest``: most characters; ``first``: first in input order. Ties go to the smaller id,
    then to input order.
    """
    if policy not in KEEP_POLICIES:
        raise ParameterError(f"keep must be one of {KEEP_POLICIES}, got {policy!r}")
    n = len(labels)
    position = np.arange(n)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = position
    if policy == "earliest":
        primary = np.where(np.isnan(published), np.inf, published)
    elif policy == "longest":
        primary = -np.asarray(lengths, dtype=float)
    else:
        primary = position.astype(float)
    order = np.lexsort((position, id_rank, primary, labels))
    first_of_label = np.ones(n, dtype=bool)
    first_of_label[1:] = labels[order][1:] != labels[order][:-1]
    reps = np.empty(labels.max() + 1 if n else 0, dtype=np.int64)
    reps[labels[order][first_of_label]] = order[first_of_label]
    return reps
