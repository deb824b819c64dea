"""Golden tests on the seed pair (tests/data): overlaps, edits, only-in passages, facts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dedup.diff import DiffReport, diff
from dedup.io import read_articles

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_A = DATA / "000_fb10003cdebe8ee7.txt"
SEED_B = DATA / "001_ad39820f6aeb4385.txt"


@pytest.fixture(scope="module")
def report() -> DiffReport:
    (a,) = read_articles(SEED_A)
    (b,) = read_articles(SEED_B)
    return diff(a, b)


def _overlap_with(report: DiffReport, a_words: str):  # type: ignore[no-untyped-def]
    found = [o for o in report.overlaps if a_words in o.a.text]
    assert len(found) == 1, f"expected one overlap containing {a_words!r}"
    return found[0]


def test_similarity_matches_scan(report: DiffReport) -> None:
    assert report.similarity.jaccard == pytest.approx(0.163, abs=0.001)
    assert report.similarity.containment_a_in_b == pytest.approx(0.456, abs=0.002)  # 22-bit fp
    assert report.a.id == "000_fb10003cdebe8ee7" and report.b.id == "001_ad39820f6aeb4385"


def test_disposal_arsenal_is_one_replace(report: DiffReport) -> None:
    o = _overlap_with(report, "tanks and rocket launchers in their disposal.")
    assert o.a.text.startswith("As if to underscore the point")
    assert o.b.text.endswith("tanks and rocket launchers in their arsenal.")
    assert [(e.op, e.a_text, e.b_text) for e in o.edits] == [("replace", "disposal", "arsenal")]
    assert o.similarity > 0.95


def test_kataib_overlap_carries_the_extra_words_as_edits(report: DiffReport) -> None:
    o = _overlap_with(report, "Kataib Sayyid al-Shuhada, an Iran-backed group")
    assert o.b.text.startswith("Kataib Sayyid al-Shuhada said four of its militiamen were killed.")
    # Edits turn A into B, so words only A has are deletes (B "lacks" them; A "inserts" them).
    assert [(e.op, e.a_text, e.b_text) for e in o.edits] == [
        ("delete", "an Iran-backed group largely based in Iraq", ""),
        ("delete", "that", ""),
        ("delete", "among them", ""),
    ]


def test_partial_overlap_shares_only_the_last_clause(report: DiffReport) -> None:
    o = _overlap_with(report, '"blatant" violation of national sovereignty')
    assert o.a.text == (
        'the overnight strike as a "blatant" violation of national sovereignty '
        "that breached international conventions."
    )
    assert o.b.text == (
        'the overnight attack as a "blatant" violation of national sovereignty '
        "that breached international conventions."
    )
    assert [(e.op, e.a_text, e.b_text) for e in o.edits] == [("replace", "strike", "attack")]
    only_a = [s.text for s in report.only_in_a]
    assert any(
        t.startswith("The Iraqi government condemned") and t.endswith("Iraq described")
        for t in only_a
    )


def test_moved_paragraphs_and_whole_matches(report: DiffReport) -> None:
    o = _overlap_with(report, "No one claimed responsibility")
    assert o.edits == () and o.a.text == o.b.text
    o = _overlap_with(report, "A spokesman for the U.S.-led coalition")
    assert [(e.op, e.a_text) for e in o.edits] == [("delete", "that")]
    assert "No casualties were reported." in o.a.text
    o = _overlap_with(report, "Kadhimi is under pressure")
    assert [(e.op, e.a_text, e.b_text) for e in o.edits] == [
        ("replace", "Kadhimi", "Iraqi Prime Minister Mustafa al-Kadhimi")
    ]
    # B moved material A carries in its first paragraph down, and vice versa
    assert any(
        a.a.start < b.a.start and a.b.start > b.b.start
        for a in report.overlaps
        for b in report.overlaps
    )


def test_only_in_passages(report: DiffReport) -> None:
    only_a = " ".join(s.text for s in report.only_in_a)
    only_b = " ".join(s.text for s in report.only_in_b)
    assert (
        "two of the Iran-linked drones landed roughly a mile from where a new U.S. Consulate"
        in only_a
    )
    assert "Pentagon press secretary John Kirby said" in only_b
    assert (
        '"President Biden has been clear that he will act to protect U.S. personnel," Kirby '
        "said." in only_b
    )
    assert "Kirby" not in only_a and "Irbil province, two" not in only_b
    assert report.only_in_b[0].text.startswith("WASHINGTON -- U.S. troops in eastern Syria")


def test_every_word_is_covered_exactly_once(report: DiffReport) -> None:
    for text, spans in (
        (report.text_a, [o.a for o in report.overlaps] + list(report.only_in_a)),
        (report.text_b, [o.b for o in report.overlaps] + list(report.only_in_b)),
    ):
        mask = [0] * len(text)
        for s in spans:
            assert text[s.start : s.end] == s.text
            for i in range(s.start, s.end):
                mask[i] += 1
        assert max(mask) == 1
        assert all(mask[i] or not text[i].isalnum() for i in range(len(text)))


def _facts(report: DiffReport, group: str) -> set[tuple[str, str]]:
    return {(f.kind, f.text) for f in getattr(report.facts, group)}


def test_facts_only_in_each(report: DiffReport) -> None:
    only_a, only_b = _facts(report, "only_in_a"), _facts(report, "only_in_b")
    assert ("quantity", "two of the Iran-linked drones") in only_a
    for fact in [
        ("person", "Pentagon press secretary John Kirby"),
        ("person", "Navy Cmdr. Jessica McNulty"),
        ("person", "Secretary of State Antony Blinken"),
        ("quantity", "at least five"),
        ("quantity", "three other residents"),
        ("quantity", "10 miles"),
        ("date", "1 a.m."),
        ("date", "April"),
        ("org", "Kata'ib Hezbollah"),
        ("place", "Rome"),
    ]:
        assert fact in only_b, fact
    for f in report.facts.only_in_a + report.facts.only_in_b:
        assert f.sentence and f.text in f.sentence


def test_facts_in_both_by_variant(report: DiffReport) -> None:
    both = _facts(report, "in_both")
    for fact in [
        ("person", "Army Col. Wayne Marotto"),
        ("person", "Prime Minister Mustafa al-Kadhimi"),
        ("person", "Biden"),  # = President Joe Biden in B
        ("org", "Kataib Sayyid al-Shuhada"),  # = Kata'ib Sayyid al-Shuhada in B
        ("quantity", "four of its militiamen"),
        ("date", "Monday"),
        ("place", "Irbil province"),
        ("place", "al-Omar oil field"),
    ]:
        assert fact in both, fact
    kirby = [f for f in report.facts.only_in_b if f.kind == "person" and "Kirby" in f.text]
    assert len(kirby) == 1  # "Kirby said" joins the full mention


def test_quote_attribution_conflict(report: DiffReport) -> None:
    conflicts = [c for c in report.facts.conflicts if c.kind == "quote_attribution"]
    assert len(conflicts) == 1
    c = conflicts[0]
    assert "arena for settling scores" in c.a.text and "arena for settling scores" in c.b.text
    assert c.a.speaker == "Prime Minister Mustafa al-Kadhimi"
    assert c.b.speaker is not None and "Iraqi military" in c.b.speaker
    assert "Kadhimi" in c.detail and "Iraqi military" in c.detail
    assert c.a.text == report.text_a[c.a.start : c.a.end]
    assert c.b.text == report.text_b[c.b.start : c.b.end]


def test_quote_speakers(report: DiffReport) -> None:
    speakers = {f.text[:25]: f.speaker for f in report.facts.only_in_b if f.kind == "quote"}
    assert "Khatibzadeh" in (speakers["Definitely, what the U.S."] or "")
    assert "Blinken" in (speakers["This action in self-defen"] or "")
    assert "McNulty" in (speakers["The targets selected were"] or "")
    assert "Kirby" in (speakers["President Biden has been "] or "")
    assert "Iraqi Resistance" in (speakers["We will make the enemy ta"] or "")


def test_gold_precision_recall() -> None:
    """The rule extractor against the hand-labelled gold set (see benchmarks/bench_diff.py)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_diff import fact_scores

    scores = fact_scores()
    assert scores["all"]["precision"] >= 0.9
    assert scores["all"]["recall"] >= 0.9
    assert scores["quote"]["recall"] == 1.0 and scores["person"]["recall"] == 1.0
    assert scores["quote_speaker_accuracy"] == 1.0


SCHEMA_KEYS = {"a", "b", "similarity", "overlaps", "only_in_a", "only_in_b", "facts"}


def test_json_schema_is_pinned(report: DiffReport) -> None:
    data = json.loads(report.to_json())
    assert set(data) == SCHEMA_KEYS
    assert set(data["a"]) == {"id", "chars"} == set(data["b"])
    assert data["a"]["chars"] == len(report.text_a)
    assert set(data["similarity"]) == {"jaccard", "containment_a_in_b", "containment_b_in_a"}
    for o in data["overlaps"]:
        assert set(o) == {"a", "b", "similarity", "edits"}
        for side, text in (("a", report.text_a), ("b", report.text_b)):
            assert set(o[side]) == {"start", "end", "text"}
            assert text[o[side]["start"] : o[side]["end"]] == o[side]["text"]
        for e in o["edits"]:
            assert set(e) == {"op", "a_text", "b_text"}
            assert e["op"] in ("replace", "insert", "delete")
    for group, text in (("only_in_a", report.text_a), ("only_in_b", report.text_b)):
        for s in data[group]:
            assert set(s) == {"start", "end", "text"}
            assert text[s["start"] : s["end"]] == s["text"]
    facts = data["facts"]
    assert set(facts) == {"only_in_a", "only_in_b", "in_both", "conflicts"}
    for group, text in (
        ("only_in_a", report.text_a),
        ("only_in_b", report.text_b),
        ("in_both", report.text_a),
    ):
        for f in facts[group]:
            keys = {"kind", "text", "start", "end", "sentence"}
            assert set(f) == (keys | {"speaker"} if f["kind"] == "quote" else keys)
            assert text[f["start"] : f["end"]] == f["text"]
    for c in facts["conflicts"]:
        assert set(c) == {"kind", "a", "b", "detail"}
