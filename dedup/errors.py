"""Exception types raised by dedup."""

from __future__ import annotations

from pathlib import Path


class DedupError(Exception):
    """Base class of every error dedup raises on purpose."""


class ParameterError(DedupError, ValueError):
    """A parameter has an invalid value (raised when a fit/scan starts, not in ``__init__``)."""


class InputError(DedupError):
    """A problem with one input record or file, located by path, line and field.

    ``str(error)`` reads like a compiler message: ``feed.jsonl:12: field 'text': empty text``.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        record_id: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        self.record_id = record_id
        super().__init__(str(self))

    @property
    def where(self) -> str:
        """``path:line`` (or whichever part is known) of the faulty record."""
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return where

    def __str__(self) -> str:
        parts = [self.where]
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        if self.record_id is not None:
            parts.append(f"id {self.record_id!r}")
        parts.append(self.message)
        return ": ".join(parts)
