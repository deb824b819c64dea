"""Requirement 10: empty, identical, unrelated, huge, unpunctuated and HTML-laden articles."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dedup.article import Article
from dedup.diff import DiffReport, diff
from dedup.errors import ParameterError
from dedup.io import read_articles

SEED = Path(__file__).resolve().parent.parent / "data" / "001_ad39820f6aeb4385.txt"


def check_consistent(report: DiffReport) -> None:
    """Every span slices its text, spans never overlap, and the JSON round-trips."""
    for text, spans in (
        (report.text_a, [o.a for o in report.overlaps] + list(report.only_in_a)),
        (report.text_b, [o.b for o in report.overlaps] + list(report.only_in_b)),
    ):
        spans = sorted(spans, key=lambda s: s.start)
        for s, t in itertools.pairwise(spans):
            assert s.end <= t.start
        for s in spans:
            assert text[s.start : s.end] == s.text and s.text.strip()
    for o in report.overlaps:
        assert 0 < o.similarity <= 1
        for e in o.edits:
            assert report.text_a[e.a_start : e.a_end] == e.a_text
            assert report.text_b[e.b_start : e.b_end] == e.b_text
    for f in report.facts.only_in_a + report.facts.in_both:
        assert report.text_a[f.start : f.end] == f.text
    for f in report.facts.only_in_b:
        assert report.text_b[f.start : f.end] == f.text
    json.loads(report.to_json())
    assert report.to_html().startswith("<!DOCTYPE html>")
    assert report.to_text()


@pytest.mark.parametrize(
    "a,b", [("", ""), ("", "Some text here."), ("   \n\n ", "Words."), ("...", "?!"), ("a", "a")]
)
def test_empty_and_trivial(a: str, b: str) -> None:
    report = diff(a, b)
    check_consistent(report)
    assert report.overlaps == ()
    assert report.similarity.jaccard in (0.0, 1.0)


def test_identical_articles() -> None:
    (b,) = read_articles(SEED)
    report = diff(b, Article(id="copy", text=b.text))
    check_consistent(report)
    assert report.only_in_a == () and report.only_in_b == ()
    assert all(o.edits == () and o.a.text == o.b.text for o in report.overlaps)
    assert report.facts.only_in_a == () and report.facts.only_in_b == ()
    assert report.facts.conflicts == ()
    assert report.similarity.jaccard == 1.0


def test_unrelated_articles() -> None:
    (b,) = read_articles(SEED)
    other = (
        "The city council approved a new budget for public libraries on Thursday evening. "
        "Residents praised the decision, and the mayor promised longer opening hours.\n\n"
        "Construction of the new reading room is expected to start next spring."
    )
    report = diff(other, b)
    check_consistent(report)
    assert report.overlaps == ()
    assert len(report.only_in_a) == 2


def test_text_without_punctuation_or_breaks() -> None:
    a = " ".join(f"word{i % 300} thing{i % 7}" for i in range(1500))
    b = a.replace("word17 ", "changed ", 1)
    report = diff(a, b)
    check_consistent(report)
    assert sum(len(o.edits) for o in report.overlaps) >= 1
    assert sum(len(o.a.text) for o in report.overlaps) > 0.95 * len(a)


def test_html_markup_in_text_is_kept_as_text() -> None:
    a = (
        '<p>Rockets <b>hit</b> the base on Monday.</p><script>alert("x")</script>'
        '<img src=x onerror="alert(1)"> Officials said nobody was hurt in the attack.'
    )
    b = (
        "<p>Rockets <b>hit</b> the base on Monday.</p> Officials said nobody was hurt in the "
        "attack on the base."
    )
    report = diff(a, b)
    check_consistent(report)
    page = report.to_html()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_non_ascii_and_odd_whitespace() -> None:
    a = "Le ministre a déclaré\u00a0: «\u00a0Nous répondrons\u00a0». Café\u0301 fermé.\r\n\r\nFin."
    b = "Le ministre a déclaré : « Nous répondrons ». Fin du communiqué."
    check_consistent(diff(a, b))


def test_huge_articles_finish_in_seconds() -> None:
    (b,) = read_articles(SEED)
    big_a = "\n\n".join(b.text for _ in range(25))  # ~28,000 words, everything repeated
    big_b = big_a.replace("Kirby", "Kerby")
    started = time.perf_counter()
    report = diff(big_a, big_b, facts=False)
    assert time.perf_counter() - started < 60
    check_consistent(report)
    assert len(report.overlaps) > 25


def test_bad_argument_types() -> None:
    with pytest.raises(ParameterError):
        diff(3, "text")  # type: ignore[arg-type]
    with pytest.raises(ParameterError):
        diff("a", "b", extractor="nonsense")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "Rockets hit the base.",
                "Nobody was hurt, officials said.",
                "Kirby said four drones were used.",
                "\n\n",
                " ",
                "U.S. ",
                '"We will respond," he said.',
                "Col. Smith left.",
                "<b>",
                "\u00e9",
            ]
        ),
        max_size=25,
    ),
    st.randoms(use_true_random=False),
)
def test_random_articles_never_crash(pieces: list[str], rng) -> None:  # type: ignore[no-untyped-def]
    a = "".join(pieces)
    shuffled = pieces[:]
    rng.shuffle(shuffled)
    check_consistent(diff(a, "".join(shuffled)))
