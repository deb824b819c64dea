"""The aligner: reordering, split and merged sentences, partial clauses, word edits."""

from __future__ import annotations

from dedup.diff import diff
from dedup.diff.align import AlignOptions, align, prepare

P1 = (
    "Rockets struck a base housing American troops in eastern Syria on Monday evening. "
    "Military officials said nobody was hurt in the barrage."
)
P2 = (
    "The militia group vowed revenge for the airstrikes that killed four of its fighters. "
    "Photographs showed the youngest victim was barely twenty years old."
)
P3 = (
    "Diplomats in Baghdad warned that the escalating violence could derail fragile talks "
    "between the government and the armed factions."
)


def _ops(report):  # type: ignore[no-untyped-def]
    return [[(e.op, e.a_text, e.b_text) for e in o.edits] for o in report.overlaps]


def test_moved_paragraphs_are_found_in_any_order() -> None:
    a = "\n\n".join([P1, P2, P3])
    b = "\n\n".join([P3, P1, P2])
    report = diff(a, b, facts=False)
    assert sorted(o.a.text for o in report.overlaps) == sorted([P1, P2, P3])
    for o in report.overlaps:
        assert o.a.text == o.b.text and o.edits == () and o.similarity == 1.0
    assert report.only_in_a == () and report.only_in_b == ()


def test_one_word_change_is_a_single_replace_not_a_block() -> None:
    b = P2.replace("vowed revenge", "promised revenge")
    report = diff("\n\n".join([P1, P2]), "\n\n".join([b, P1]), facts=False)
    assert sorted(_ops(report)) == [[], [("replace", "vowed", "promised")]]


def test_sentence_split_in_two_matches_both_halves() -> None:
    a = (
        "The strike hit a weapons depot near the border town of Qaim, and the militia "
        "vowed to retaliate against American forces within days."
    )
    b = (
        "The strike hit a weapons depot near the border town of Qaim. The militia "
        "vowed to retaliate against American forces within days."
    )
    report = diff(a, b, facts=False)
    assert len(report.overlaps) == 1
    o = report.overlaps[0]
    assert o.a.text == a and o.b.text == b
    assert [(e.op, e.a_text, e.b_text) for e in o.edits] == [("delete", "and", "")]


def test_merged_sentences_one_to_many() -> None:
    a = (
        "Kirby said the strikes targeted three facilities used by the militias. Two of "
        "the sites were in Syria and one was in Iraq, he told reporters at the Pentagon."
    )
    b = (
        "Officials gave no further details. Two of the sites were in Syria and one was in Iraq, "
        "he told reporters at the Pentagon. Kirby said the strikes targeted three facilities "
        "used by the militias."
    )
    report = diff(a, b, facts=False)
    texts_a = sorted(o.a.text for o in report.overlaps)
    assert texts_a == sorted(
        [
            "Kirby said the strikes targeted three facilities used by the militias.",
            "Two of the sites were in Syria and one was in Iraq, he told reporters at the "
            "Pentagon.",
        ]
    )
    assert [s.text for s in report.only_in_b] == ["Officials gave no further details."]


def test_partial_clause_inside_a_sentence() -> None:
    a = (
        "The government condemned the raid on Tuesday, saying it showed how fragile the truce "
        "has become. It called the overnight raid a blatant violation of national sovereignty "
        "that breached international law."
    )
    b = (
        "Officials said the overnight raid was a blatant violation of national sovereignty "
        "that breached international law."
    )
    report = diff(a, b, facts=False)
    assert len(report.overlaps) == 1
    o = report.overlaps[0]
    assert o.a.start >= a.index("It called")  # the first sentence shares nothing
    assert "the overnight raid a blatant violation" in o.a.text
    assert o.a.text.endswith("international law.")
    assert report.only_in_a[0].text.startswith("The government condemned")


def test_unrelated_sentences_do_not_align_on_function_words() -> None:
    a = "The minister said in a statement that the talks would resume in the spring."
    b = "The company said in a statement that its profits had fallen for the third year."
    assert diff(a, b, facts=False).overlaps == ()


def test_passages_never_share_tokens() -> None:
    a = "\n\n".join([P1, P2, P1])
    b = "\n\n".join([P2, P1])
    da, db = prepare(a), prepare(b)
    passages = align(da, db)
    seen_a: set[int] = set()
    seen_b: set[int] = set()
    for p in passages:
        ra, rb = set(range(p.a0, p.a1)), set(range(p.b0, p.b1))
        assert not (ra & seen_a) and not (rb & seen_b)
        seen_a |= ra
        seen_b |= rb
    assert len(passages) == 2  # B has P1 once: the second copy in A is only in A


def test_long_unpunctuated_sentences_align_in_windows() -> None:
    words = [f"w{i % 997}x{i // 997}" for i in range(3000)]
    a = " ".join(words)
    b = " ".join([*words[:1500], "inserted", "words", *words[1500:]])
    report = diff(a, b, facts=False, align_options=AlignOptions(max_unit_tokens=120))
    covered = sum(len(o.a.text.split()) for o in report.overlaps)
    assert covered >= 2990
    inserts = [e for o in report.overlaps for e in o.edits if e.op == "insert"]
    assert [e.b_text for e in inserts] == ["inserted words"]
