"""The optional spaCy extractor, driven by a stub pipeline (no model download, no spaCy)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from dedup.diff import diff
from dedup.diff.ner import SpacyExtractor


@dataclass
class Ent:
    label_: str
    start_char: int
    end_char: int


@dataclass
class Doc:
    ents: list[Ent]


GAZETTEER = {
    "Kirby": "PERSON",
    "John Kirby": "PERSON",
    "Pentagon": "ORG",
    "Syria": "GPE",
    "four": "CARDINAL",
    "Monday": "DATE",
}


def stub_nlp(text: str) -> Doc:
    pattern = "|".join(sorted(map(re.escape, GAZETTEER), key=len, reverse=True))
    return Doc(
        [
            Ent(GAZETTEER[m.group()], m.start(), m.end())
            for m in re.finditer(rf"\b(?:{pattern})\b", text)
        ]
    )


def test_entities_map_to_fact_kinds_and_quotes_get_speakers() -> None:
    text = (
        "Pentagon spokesman John Kirby said four rockets hit Syria on Monday. "
        '"We will respond at a time of our choosing," Kirby said.'
    )
    facts = SpacyExtractor(nlp=stub_nlp).extract(text)
    got = [(f.kind, f.text) for f in facts]
    assert got == [
        ("org", "Pentagon"),
        ("person", "John Kirby"),
        ("quantity", "four"),
        ("place", "Syria"),
        ("date", "Monday"),
        ("quote", "We will respond at a time of our choosing"),
    ]
    assert facts[-1].speaker == "John Kirby"


def test_diff_accepts_an_extractor_instance() -> None:
    a = "John Kirby said four rockets hit Syria on Monday."
    b = "Kirby said rockets hit Syria."
    report = diff(a, b, extractor=SpacyExtractor(nlp=stub_nlp))
    assert [(f.kind, f.text) for f in report.facts.only_in_a] == [
        ("quantity", "four"),
        ("date", "Monday"),
    ]


def test_missing_spacy_is_a_clear_error() -> None:
    try:
        import spacy  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="'ner' extra"):
            SpacyExtractor()
    else:
        pytest.skip("spaCy is installed; the missing-package message cannot be shown")
