"""A persistent near-duplicate index: SQLite (embedded, default) or Redis (shared).

>>> index = Index.open("wire.db")                        # doctest: +SKIP
>>> index.add(articles)                                  # doctest: +SKIP
>>> index.query(article, top=5)                          # doctest: +SKIP
[Match(id='x1', relation='duplicate', jaccard=0.93, containment=0.95)]

``query`` applies the batch job's candidate rules and exact verification, so it finds the pairs
``dedup scan`` finds for the same articles, with the same scores (see :mod:`dedup.index.base`).
"""

from dedup.index.base import FORMAT_VERSION, AddResult, Index, IndexParams, Match, Rejected
from dedup.index.errors import (
    IndexConnectionError,
    IndexFormatError,
    IndexMissingError,
    IndexParameterMismatch,
    IndexStorageError,
)

__all__ = [
    "FORMAT_VERSION",
    "AddResult",
    "Index",
    "IndexConnectionError",
    "IndexFormatError",
    "IndexMissingError",
    "IndexParameterMismatch",
    "IndexParams",
    "IndexStorageError",
    "Match",
    "Rejected",
]
