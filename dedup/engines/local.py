"""The local engine: the process-pool batch job of :mod:`dedup.pipeline`, as an engine object."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dedup.io import ReadOptions
    from dedup.pipeline import Deduplicator, Source
    from dedup.result import DedupResult

__all__ = ["LocalEngine"]


class LocalEngine:
    """Run the job in this process and a local process pool (``Deduplicator.workers``)."""

    def run(
        self, deduplicator: Deduplicator, source: Source, read_options: ReadOptions | None = None
    ) -> DedupResult:
        """Same as ``deduplicator.run(source, read_options)``."""
        return deduplicator.run(source, read_options)

    def __repr__(self) -> str:
        return "LocalEngine()"
