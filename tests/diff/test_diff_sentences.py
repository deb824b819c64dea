"""Sentence and paragraph splitting: news abbreviations, initials, quotes, datelines, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.sentences import split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Army Col. Wayne Marotto said rockets hit.",
        "Navy Cmdr. Jessica McNulty said Monday that each strike hit.",
        "Iranian Gen. Qassem Soleimani was killed.",
        "Sen. Jane Doe and Rep. John Roe and Gov. Ann Poe spoke.",
        "The attack came at 1 a.m. Monday near the border.",
        "U.S. troops in eastern Syria came under rocket attack.",
        "It happened on Jan. 6 in the capital.",
        "President John F. Kennedy spoke in Berlin.",
        "The U.S. Air Force flew F-15 jets.",
        "Shares of Acme Inc. rose 5 percent.",
    ],
)
def test_abbreviations_and_initials_do_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_ambiguous_abbreviation_ends_sentence_before_an_opener() -> None:
    assert texts("He flew back to the U.S. The trip was short.") == [
        "He flew back to the U.S.",
        "The trip was short.",
    ]
    assert texts("They met at 9 a.m. He left at noon.") == [
        "They met at 9 a.m.",
        "He left at noon.",
    ]


def test_quotes_spanning_sentences() -> None:
    text = (
        '"We will not stay silent. We will act," the group said. "Nobody is safe?" he asked. '
        "Officials declined to comment."
    )
    assert texts(text) == [
        '"We will not stay silent.',
        'We will act," the group said.',
        '"Nobody is safe?" he asked.',
        "Officials declined to comment.",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    assert texts('She said "no." Then she left.') == ['She said "no."', "Then she left."]


def test_dateline_is_its_own_unit() -> None:
    sents = split_sentences("WASHINGTON -- U.S. troops came under attack. Nobody was hurt.")
    assert [(s.kind, s.text) for s in sents] == [
        ("dateline", "WASHINGTON --"),
        ("sentence", "U.S. troops came under attack."),
        ("sentence", "Nobody was hurt."),
    ]
    assert split_sentences("BAGHDAD (AP) \u2014 Rockets hit.")[0].text == "BAGHDAD (AP) \u2014"


def test_paragraphs_and_numbers() -> None:
    text = "First para. Still first.\n\nSecond para.\n\n\n  Third."
    assert [p.text for p in split_paragraphs(text)] == [
        "First para. Still first.",
        "Second para.",
        "Third.",
    ]
    assert [s.paragraph for s in split_sentences(text)] == [0, 0, 1, 2]


def test_text_without_punctuation_is_one_sentence() -> None:
    text = " ".join(["word"] * 500)
    assert texts(text) == [text]


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab AB.?!"\n\u201c\u201d,-')), max_size=120))
def test_offsets_always_slice_the_original(text: str) -> None:
    previous_end = 0
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end
