"""Optional fact extractor on spaCy's named-entity recogniser (the ``ner`` extra).

Never required: the default :class:`~dedup.diff.facts.RuleExtractor` needs no model. This one
needs ``pip install 'dedup[ner]'`` plus a spaCy pipeline with an ``ner`` component (e.g.
``en_core_web_sm``, installed separately). Entities map to fact kinds (PERSON → person; ORG →
org; GPE/LOC/FAC → place; CARDINAL/QUANTITY/MONEY/PERCENT → quantity; DATE/TIME →
date); quotes and their speakers come from the same rules as the default extractor, resolved
against spaCy's people and organisations. Matching across articles is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dedup.diff.facts import (
    FactExtractor,
    _date_key,
    _Doc,
    _extract_quotes,
    _facts,
    _fold,
    _org_key,
    _person_key,
    number_values,
)
from dedup.diff.report import Fact
from dedup.errors import ParameterError

__all__ = ["LABELS", "SpacyExtractor"]

#: spaCy entity label → fact kind.
LABELS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "CARDINAL": "quantity",
    "QUANTITY": "quantity",
    "MONEY": "quantity",
    "PERCENT": "quantity",
    "DATE": "date",
    "TIME": "date",
}


class SpacyExtractor(FactExtractor):
    """Facts from a spaCy pipeline's entities, plus rule-based quotes with speakers.

    ``nlp`` is any callable returning an object with ``.ents`` (spans with ``label_``,
    ``start_char``, ``end_char``); by default ``spacy.load(model)``.
    """

    name = "spacy"

    def __init__(
        self, model: str = "en_core_web_sm", nlp: Callable[[str], Any] | None = None
    ) -> None:
        if nlp is None:
            try:
                import spacy
            except ImportError as exc:
                raise ImportError(
                    "the spacy extractor needs the 'ner' extra: pip install 'dedup[ner]' "
                    f"and a pipeline such as {model}"
                ) from exc
            try:
                nlp = spacy.load(model)
            except OSError as exc:
                raise ParameterError(f"cannot load the spaCy pipeline {model!r}: {exc}") from exc
        self.nlp = nlp

    def extract(self, text: str) -> list[Fact]:
        """Facts stated by ``text``: spaCy's entities and the rule-based quotes."""
        doc = _Doc(text)
        for ent in self.nlp(text).ents:
            kind = LABELS.get(ent.label_)
            if kind is None:
                continue
            start, end = ent.start_char, ent.end_char
            span = text[start:end]
            if kind == "person":
                key, first = _person_key(span)
                doc.add(kind, start, end, key, first=first)
            elif kind == "quantity":
                values = number_values(span)
                value = values[0] if values else None
                doc.add(
                    kind,
                    start,
                    end,
                    f"{value:g}|" if value is not None else _fold(span),
                    value=value,
                )
            elif kind == "date":
                doc.add(kind, start, end, _date_key(span))
            else:
                doc.add(kind, start, end, _org_key(span) if kind == "org" else _fold(span))
        _extract_quotes(doc)
        return _facts(doc)
