"""The diff step: what two articles share, what each adds, and where they disagree.

>>> from dedup.diff import diff
>>> report = diff("Rockets hit the base on Monday.", "On Monday rockets hit the base.")
>>> report.to_json()  # doctest: +SKIP

Modules import each other by full path (``dedup.diff.align``), so re-exporting the function
as ``dedup.diff`` (``from dedup.diff import diff`` in ``dedup/__init__.py``) keeps working.
"""

from dedup.diff.align import AlignOptions
from dedup.diff.core import diff, get_extractor
from dedup.diff.facts import FactExtractor, RuleExtractor, compare_facts, extract_facts
from dedup.diff.report import (
    ArticleInfo,
    Conflict,
    DiffReport,
    Edit,
    Fact,
    FactComparison,
    Overlap,
    Similarity,
    Span,
)

__all__ = [
    "AlignOptions",
    "ArticleInfo",
    "Conflict",
    "DiffReport",
    "Edit",
    "Fact",
    "FactComparison",
    "FactExtractor",
    "Overlap",
    "RuleExtractor",
    "Similarity",
    "Span",
    "compare_facts",
    "diff",
    "extract_facts",
    "get_extractor",
]
