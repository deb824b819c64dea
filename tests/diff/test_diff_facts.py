"""Unit tests of each rule-based fact extractor and of cross-article matching."""

from __future__ import annotations

from dedup.diff import compare_facts, diff, extract_facts
from dedup.diff.facts import RuleExtractor, number_values


def kinds(text: str, kind: str) -> list[str]:
    return [f.text for f in extract_facts(text) if f.kind == kind]


def test_people_with_titles_and_roles() -> None:
    text = (
        "A spokesman, Army Col. Wayne Marotto, said rockets hit. Pentagon press secretary "
        "John Kirby said the strikes were defensive. Navy Cmdr. Jessica McNulty agreed. "
        "Iraqi Prime Minister Mustafa al-Kadhimi is under pressure. Kadhimi said nothing. "
        "Jane Smith said she saw it."
    )
    people = kinds(text, "person")
    assert people == [
        "Army Col. Wayne Marotto",
        "Pentagon press secretary John Kirby",
        "Navy Cmdr. Jessica McNulty",
        "Prime Minister Mustafa al-Kadhimi",
        "Jane Smith",
    ]


def test_surname_and_possessive_join_the_full_name() -> None:
    facts = [
        f
        for f in extract_facts("President Joe Biden spoke. Later Biden's aides left.")
        if f.kind == "person"
    ]
    assert [(f.text, f.key) for f in facts] == [("President Joe Biden", "biden|joe")]


def test_organisations() -> None:
    text = (
        "The Pentagon said the militias, including Kata'ib Hezbollah, were hit. The Iraqi "
        "Resistance Coordination Commission said the Iraqi military and the CIA knew."
    )
    assert kinds(text, "org") == [
        "Pentagon",
        "Kata'ib Hezbollah",
        "Iraqi Resistance Coordination Commission",
        "Iraqi military",
        "CIA",
    ]


def test_places() -> None:
    text = (
        "WASHINGTON -- Troops in eastern Syria near al-Omar oil field were hit. In Iraq's "
        "Irbil province and the province of Diyala, Iran-backed groups operate."
    )
    assert kinds(text, "place") == [
        "WASHINGTON",
        "eastern Syria",
        "al-Omar oil field",
        "Iraq",
        "Irbil province",
        "Diyala",
    ]


def test_quantities_digits_and_words() -> None:
    text = (
        "Kataib said four of its militiamen were killed. They conducted at least five "
        "attacks. Strikes wounded three other residents within 10 miles of the town. "
        "No one was hurt. One of the drones crashed. The youngest was in his early 20s."
    )
    assert kinds(text, "quantity") == [
        "four of its militiamen",
        "at least five attacks",
        "three other residents",
        "10 miles",
        "early 20s",
    ]
    values = {f.text: f.value for f in extract_facts(text) if f.kind == "quantity"}
    assert values["four of its militiamen"] == 4 and values["10 miles"] == 10


def test_number_values() -> None:
    assert number_values("twenty-five people and 1,200 troops, 3.5% and two hundred") == [
        25,
        1200,
        3.5,
        200,
    ]
    assert number_values("F-15 and one-way drones") == []


def test_dates_and_times() -> None:
    text = (
        "Rockets hit on Monday at 1 a.m. local time. In April and on Jan. 6, 2021, drones "
        "struck; last year the general was killed, and last night more came."
    )
    assert kinds(text, "date") == [
        "Monday",
        "1 a.m.",
        "April",
        "Jan. 6, 2021",
        "last year",
        "last night",
    ]


def test_quotes_and_speakers() -> None:
    text = (
        '"We will respond at a time of our choosing," Kirby said. '
        'Foreign ministry spokesman Saeed Khatibzadeh spoke. "The U.S. is disrupting the '
        'region," he said Monday.\n\n'
        "In a statement, the Iraqi military rejected the idea that Iraq should be an "
        '"arena for settling scores," and called for calm.\n\n'
        '"We call for calm and restraint," the statement said. "We will not be silent."\n\n'
        'Officials called the attack "blatant" and refused comment.'
    )
    quotes = [(f.text, f.speaker) for f in extract_facts(text) if f.kind == "quote"]
    assert quotes == [
        ("We will respond at a time of our choosing", "Kirby"),
        ("The U.S. is disrupting the region", "Foreign ministry spokesman Saeed Khatibzadeh"),
        ("arena for settling scores", "Iraqi military"),
        ("We call for calm and restraint", "Iraqi military"),
        ("We will not be silent", "Iraqi military"),
    ]


def test_unclosed_quote_runs_to_paragraph_end() -> None:
    text = 'The army called it a "blatant and unacceptable violation of sovereignty.\n\nNext.'
    (quote,) = [f for f in extract_facts(text) if f.kind == "quote"]
    assert quote.text == "blatant and unacceptable violation of sovereignty"


def test_offsets_and_sentences() -> None:
    text = "Nothing here. Army Col. Wayne Marotto said four rockets hit Syria on Monday."
    for f in extract_facts(text):
        assert text[f.start : f.end] == f.text
        assert f.sentence == "Army Col. Wayne Marotto said four rockets hit Syria on Monday."


def test_variant_matching_across_articles() -> None:
    a = (
        "Kadhimi met Kataib Sayyid al-Shuhada leaders. Biden spoke. Four of its militiamen "
        "died on Monday."
    )
    b = (
        "Iraqi Prime Minister Mustafa al-Kadhimi condemned Kata'ib Sayyid al-Shuhada. "
        "President Joe Biden spoke. Kataib said four of its militiamen died Monday."
    )
    fa, fb = RuleExtractor().extract_pair(a, b)
    cmp = compare_facts(fa, fb, a, b)
    assert cmp.only_in_a == () and cmp.only_in_b == ()
    both = {(f.kind, f.text) for f in cmp.in_both}
    assert {
        ("person", "Kadhimi"),
        ("person", "Biden"),
        ("org", "Kataib Sayyid al-Shuhada"),
        ("date", "Monday"),
    } <= both


def test_different_first_names_are_different_people() -> None:
    a, b = "President Joe Biden spoke.", "Hunter Biden said nothing."
    fa, fb = RuleExtractor().extract_pair(a, b)
    cmp = compare_facts(fa, fb, a, b)
    assert [f.text for f in cmp.only_in_a] == ["President Joe Biden"]
    assert [f.text for f in cmp.only_in_b] == ["Hunter Biden"]


def test_number_conflict_in_aligned_sentences() -> None:
    a = (
        "The group said four of its militiamen were killed in the overnight strikes near the "
        "border with Syria."
    )
    b = (
        "The group said five of its militiamen were killed in the overnight strikes near the "
        "border with Syria."
    )
    report = diff(a, b)
    (conflict,) = report.facts.conflicts
    assert conflict.kind == "number"
    assert (conflict.a.text, conflict.b.text) == ("four", "five")
    assert conflict.a.text == a[conflict.a.start : conflict.a.end]


def test_same_quote_same_speaker_is_not_a_conflict() -> None:
    a = '"We will respond at a time of our choosing," Kirby said on Monday.'
    b = (
        'Pentagon press secretary John Kirby spoke. "We will respond at a time of our '
        'choosing," he said.'
    )
    report = diff(a, b)
    assert report.facts.conflicts == ()
    assert [f.kind for f in report.facts.in_both if f.kind == "quote"] == ["quote"]


def test_company_names_with_suffixes_and_brackets() -> None:
    text = (
        "Zentor Holdings Inc <ZNT> agreed to buy <Mirrow Valley Co> from Nomura Securities Co. "
        "Ltd. The Ministry of Finance approved. Bellmark Corp said it would pay."
    )
    assert kinds(text, "org") == [
        "Zentor Holdings Inc",
        "ZNT",
        "Mirrow Valley Co",
        "Nomura Securities Co. Ltd",
        "Ministry of Finance",
        "Bellmark Corp",
    ]


def test_company_is_still_named_without_its_suffix() -> None:
    report = diff("Bellmark Corp bought Tellbar Research.", "Bellmark bought the unit.")
    assert [f.text for f in report.facts.only_in_a] == ["Tellbar Research"]


def test_people_by_apposition_said_and_middle_initial() -> None:
    text = (
        "Profits rose, said Ravi Okonkwo. Lena Vostrikova, a senior analyst at Tellbar "
        "Research, disagreed. Omar Felden, who joined in May, left. The board will succeed "
        "Alan Q. Pemberton. Treasurer Paula Greenhalgh spoke."
    )
    assert kinds(text, "person") == [
        "Ravi Okonkwo",
        "Lena Vostrikova",
        "Omar Felden",
        "Alan Q. Pemberton",
        "Treasurer Paula Greenhalgh",
    ]


def test_places_by_prefix_and_suffix() -> None:
    text = "The Lake Orvane plant, Port Salvet and the Pelver River are in West Germany."
    assert kinds(text, "place") == [
        "Lake Orvane plant",
        "Port Salvet",
        "Pelver River",
        "West Germany",
    ]


def test_typo_in_a_name_is_not_a_new_fact_but_a_new_number_is() -> None:
    a = "Ravi Okonkwo of Tellbar Research said output at Shearson Lehman rose 12 pct."
    b = "Ravi Okonkwo of Tellbar Reserach said output at Shearson Lehrnan rose 13 pct."
    report = diff(a, b)
    assert [f.text for f in report.facts.only_in_a] == ["12 pct"]
    assert [f.text for f in report.facts.only_in_b] == ["13 pct"]


def test_quantity_counts_nothing_past_its_line() -> None:
    assert kinds("Net loss 5.2 mln vs 4.1 mln\n\nRevs 10 mln", "quantity") == [
        "5.2 mln",
        "4.1 mln",
        "10 mln",
    ]


def test_no_attribution_conflict_for_a_speaker_guessed_from_a_pronoun() -> None:
    quote = '"We expect a long and difficult winter for growers,"'
    a = f"Okonkwo spoke first. {quote} he said. Vostrikova left."
    b = f"Vostrikova spoke first. {quote} she said. Okonkwo left."
    assert not diff(a, b).facts.conflicts
    a = f"{quote} Okonkwo said. Vostrikova left."
    b = f"{quote} Vostrikova said. Okonkwo left."
    assert [c.kind for c in diff(a, b).facts.conflicts] == ["quote_attribution"]
