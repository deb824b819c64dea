"""The :class:`Article` record every stage of dedup works on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Article:
    """One news article.

    ``id`` and ``text`` are required; ``published`` is timezone-aware (naive inputs are taken as
    UTC by the readers). Fields a reader does not know are kept in ``meta``.
    """

    id: str
    text: str
    title: str | None = None
    published: datetime | None = None
    source: str | None = None
    url: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
