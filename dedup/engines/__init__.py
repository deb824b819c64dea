"""Where the batch job runs: here (:class:`LocalEngine`) or on a Dask cluster (:class:`DaskEngine`).

An engine takes a configured :class:`~dedup.pipeline.Deduplicator`, a source and read options
and returns the same :class:`~dedup.result.DedupResult` whatever it runs on::

    from dask.distributed import Client
    result = dedup.find_duplicates("feeds/*.jsonl.gz", engine=DaskEngine(Client("tcp://host:8786")))

Importing this package does not import Dask: :class:`DaskEngine` is loaded on first use, and
raises a :class:`~dedup.errors.DedupError` telling how to install Dask when it is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from dedup.engines.local import LocalEngine

if TYPE_CHECKING:
    from dedup.engines.dask import DaskEngine
    from dedup.io import ReadOptions
    from dedup.pipeline import Deduplicator, Source
    from dedup.result import DedupResult

__all__ = ["DaskEngine", "Engine", "LocalEngine"]


class Engine(Protocol):
    """Runs a deduplication job: ``engine.run(deduplicator, source, read_options)``."""

    def run(
        self, deduplicator: Deduplicator, source: Source, read_options: ReadOptions | None = None
    ) -> DedupResult:
        """Deduplicate ``source`` with ``deduplicator``'s parameters."""
        ...


def __getattr__(name: str) -> Any:
    if name == "DaskEngine":
        from dedup.engines.dask import DaskEngine

        return DaskEngine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
