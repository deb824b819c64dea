"""Errors of the persistent index; all are :class:`dedup.DedupError` subclasses."""

from __future__ import annotations

from dedup.errors import DedupError, ParameterError

__all__ = [
    "IndexConnectionError",
    "IndexFormatError",
    "IndexMissingError",
    "IndexParameterMismatch",
    "IndexStorageError",
]


class IndexStorageError(DedupError):
    """The index's storage failed (I/O error, read-only file, lock held too long...)."""


class IndexFormatError(IndexStorageError):
    """The target is not a dedup index, is corrupted, or was written by a newer dedup."""


class IndexMissingError(IndexStorageError):
    """The index does not exist and was opened with ``create=False``."""


class IndexConnectionError(IndexStorageError):
    """The index server (Redis) cannot be reached, or the connection was lost."""


class IndexParameterMismatch(ParameterError):
    """The index was built with parameters other than the ones given to open it."""
