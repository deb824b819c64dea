"""The benchmark's gold facts of the diff step (benchmarks/scoring.py): clean-up rules."""

from __future__ import annotations

from benchmarks.scoring import gold_name, still_named


def test_gold_name_drops_sentence_initial_function_words() -> None:
    assert gold_name("Because of Department of Roads") == "Department of Roads"
    assert gold_name("Between October") is None  # one word left: not a gold fact
    assert gold_name("Under Zorbel's") is None
    assert gold_name("Zorbel Mining Co") == "Zorbel Mining Co"
    assert gold_name("Between 40") == "40"


def test_still_named_by_the_short_form() -> None:
    other = "Zorbel said sales rose. Treasurer aide Ona Pell agreed."
    assert still_named("Zorbel Inc", other)
    assert still_named("Zorbel and Co", other)
    assert still_named("Treasurer Ona Pell", other)
    assert not still_named("Zorbel Mining", other)  # no suffix or title to drop
    assert not still_named("Zorbelton Corp", other)  # a whole word, not a prefix
    assert not still_named("Quill Corp", other)
