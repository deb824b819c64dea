"""dedup: find near-duplicate news articles and explain how two articles differ.

>>> import dedup
>>> result = dedup.find_duplicates(dedup.read_articles("feed.jsonl"))  # doctest: +SKIP
"""

from dedup import engines
from dedup.article import Article
from dedup.diff import DiffReport, diff
from dedup.errors import DedupError, InputError, ParameterError
from dedup.index import Index, Match
from dedup.io import ReadOptions, iter_records, read_articles, write_jsonl, write_rows
from dedup.minhash import (
    MinHasher,
    SignatureScheme,
    load_signatures,
    save_signatures,
    to_lean_minhash,
)
from dedup.pipeline import Deduplicator, find_duplicates
from dedup.result import Cluster, DedupResult, Member, Pair, ScanStats
from dedup.text import normalize, tokenize

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Cluster",
    "DedupError",
    "DedupResult",
    "Deduplicator",
    "DiffReport",
    "Index",
    "InputError",
    "Match",
    "Member",
    "MinHasher",
    "Pair",
    "ParameterError",
    "ReadOptions",
    "ScanStats",
    "SignatureScheme",
    "__version__",
    "diff",
    "engines",
    "find_duplicates",
    "iter_records",
    "load_signatures",
    "normalize",
    "read_articles",
    "save_signatures",
    "to_lean_minhash",
    "tokenize",
    "write_jsonl",
    "write_rows",
]
