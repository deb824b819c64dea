"""The wire-feed simulator claims what it does: each edit's relation and shared passages hold
when checked with the reference measures, templated reports are hard negatives, and the feed
built on (here: invented) real articles labels its pairs consistently. No network, no Reuters."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from tests_support import EDIT_RELATIONS

from benchmarks.make_corpus import Item, Part, brief_group, negative_truth
from benchmarks.reuters import ReutersArticle, headline_key, real_pairs, split_paragraphs
from benchmarks.scoring import Passage, fact_matches, plagdet, prf
from benchmarks.stories import compose_story
from benchmarks.wire import (
    EDITS,
    Version,
    chain,
    pair_relation,
    shared_fraction,
    similarity,
    tokens,
)
from benchmarks.wire_feed import build_feed


def _stories(n: int, words: int = 500) -> list:
    rng = random.Random(42)
    return [compose_story(rng, None, words) for _ in range(n)]


STORIES = _stories(6)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edit_relation_matches_reference_measures(name: str) -> None:
    for i, s in enumerate(STORIES):
        ed = EDITS[name](s, random.Random(i))
        jac, cont = similarity(s.text, ed.text)
        if name in EDIT_RELATIONS:
            assert ed.relation == EDIT_RELATIONS[name], (name, i)
        if ed.relation == "duplicate":
            assert jac >= 0.7 and cont >= 0.85, (name, i, jac, cont)
        else:
            assert cont >= 0.25, (name, i, jac, cont)
            assert jac < 0.9, (name, i, jac, cont)


@pytest.mark.parametrize("name", sorted(EDITS))
def test_claimed_shared_passages_are_in_both_texts(name: str) -> None:
    for i, s in enumerate(STORIES):
        ed = EDITS[name](s, random.Random(100 + i))
        light = set(ed.changed) | set(ed.replaced)
        for j, o in enumerate(ed.origin):
            if o is None:
                assert j in ed.new
                continue
            if j in light:  # lightly edited (a clause may go): half its words survive
                if j not in ed.replaced:
                    before, after = set(tokens(s.paragraphs[o])), set(tokens(ed.paragraphs[j]))
                    assert len(before & after) >= 0.5 * len(before), (name, i, j)
            else:  # untouched: the very same passage
                assert ed.paragraphs[j] == s.paragraphs[o]
                assert ed.paragraphs[j] in s.text and ed.paragraphs[j] in ed.text
        for j in ed.new:  # new paragraphs are new material
            if j not in ed.header:
                assert similarity(ed.paragraphs[j], s.text)[1] < 0.5, (name, i, j)


def test_update_facts_are_where_they_are_claimed() -> None:
    for i, s in enumerate(STORIES):
        ed = EDITS["update"](s, random.Random(i))
        for fc in ed.facts_changed:
            assert fc["new"] in ed.paragraphs[fc["paragraph"]]
            assert fc["old"] in s.text
        for f in ed.facts_added:
            assert f in ed.text and f not in s.text
    ed = EDITS["trim"](STORIES[0], random.Random(0))
    assert all(f in STORIES[0].text and f not in ed.text for f in ed.facts_removed)


def test_rewrite_keeps_30_to_60_percent_and_is_found_by_containment() -> None:
    for i, s in enumerate(STORIES):
        ed = EDITS["rewrite"](s, random.Random(i))
        n = len(s.paragraphs)
        assert 0.3 * n - 1e-9 <= len(ed.kept) <= 0.6 * n + 1e-9
        v0 = Version.original(s.paragraphs)
        share = shared_fraction(v0, v0.derive(ed, "r"))
        assert 0.2 <= share <= 0.8
        assert similarity(s.text, ed.text)[1] >= 0.25


def test_shared_fraction_and_sibling_relation() -> None:
    s = STORIES[1]
    v0 = Version.original(s.paragraphs)
    trim = EDITS["trim"](s, random.Random(1))
    vt = v0.derive(trim, "t")
    assert shared_fraction(v0, vt) == 1.0  # the trim is all in the original
    assert shared_fraction(v0, v0) == 1.0
    disjoint = Version(["x0", "x1"], [10, 10])
    assert shared_fraction(v0, disjoint) == 0.0
    assert pair_relation(v0, vt, 0)[0] == "overlap"


def test_templated_reports_share_boilerplate_but_are_labelled_none() -> None:
    rng = random.Random(5)
    t0 = datetime(2021, 3, 1)
    kind, group = brief_group(rng, 4, lambda: t0 + timedelta(hours=rng.random() * 24), 0)
    assert kind.startswith("templated:") and len(group) == 4
    part = Part()
    negative_truth(group, kind, {it.key: f"n{it.key}" for it in group}, part)
    (neg,) = part.negatives
    assert len(neg["pairs"]) == 6 and "relation" not in neg["pairs"][0]
    texts = ["\n\n".join(it.paragraphs) for it in group]
    assert len(set(texts)) == 4
    assert max(p["containment"] for p in neg["pairs"]) >= 0.2  # shared boilerplate
    assert all(p["jaccard"] < 0.8 for p in neg["pairs"])  # but different facts


def _invented_articles() -> list[ReutersArticle]:
    """Tiny invented 'real' articles (no Reuters text): composed stories with ids and times."""
    rng = random.Random(8)
    out = []
    t = datetime(1987, 3, 2, 9, 0)
    for i in range(40):
        st = compose_story(rng, "business", 250)
        out.append(
            ReutersArticle(f"reuters-{i + 1}", st.title, t + timedelta(hours=i), st.paragraphs)
        )
    # a real re-publication: identical body under a corrected headline
    src = out[3]
    out.append(
        ReutersArticle(
            "reuters-99",
            f"CORRECTED - {src.title}",
            src.published + timedelta(hours=2),
            list(src.paragraphs),
        )
    )
    return out


def test_feed_labels_every_family_pair_consistently() -> None:
    arts = _invented_articles()
    real = real_pairs(arts)
    assert [(p.a, p.b, p.relation) for p in real] == [("reuters-4", "reuters-99", "duplicate")]
    feed = build_feed(
        arts,
        seed=1,
        families=10,
        brief_groups=3,
        min_words=100,
        exclude={"reuters-4", "reuters-99"},
        real_pairs=[
            {
                "a": p.a,
                "b": p.b,
                "relation": p.relation,
                "edit": f"reuters:{p.rule}",
                "jaccard": p.jaccard,
                "containment": p.containment,
            }
            for p in real
        ],
    )
    texts = {a["id"]: a["text"] for a in feed.articles}
    assert len(texts) == len(feed.articles)
    assert set(texts) >= {a.id for a in arts}
    assert len(feed.truth.families) == 10 and len(feed.truth.negatives) == 3
    times = [a["published"] for a in feed.articles]
    assert times == sorted(times)
    for p in feed.truth.pairs:
        jac, cont = similarity(texts[p["a"]], texts[p["b"]])
        if p["edit"].startswith("reuters:"):
            continue
        assert (round(jac, 4), round(cont, 4)) == (p["jaccard"], p["containment"])
        if p["relation"] == "none":
            assert p["shared"] < 0.3
        elif p["relation"] == "duplicate":
            assert jac >= 0.6, p
        else:
            assert cont >= 0.2 and p["shared"] >= 0.3, p
    for cid, rec in feed.truth.members.items():  # origins point at the parent's paragraphs
        if not rec.get("parent"):
            continue
        parent = feed.members[rec["parent"]].item.paragraphs
        child = feed.members[cid].item.paragraphs
        for j, o in enumerate(rec["origin"]):
            if o is not None and j not in rec["changed"] and j not in rec["replaced"]:
                assert child[j] == parent[o]


def test_chain_of_edits_keeps_provenance() -> None:
    s = STORIES[2]
    ed = chain(s, random.Random(3), ["update", "trim"])
    for j, o in enumerate(ed.origin):
        if o is not None and j not in ed.changed and j not in ed.replaced:
            assert ed.paragraphs[j] == s.paragraphs[o]


def test_reuters_paragraphs_and_headlines() -> None:
    body = "First line of\nthe lede.\n    Second para\ncontinues.\n    Shr 1 cts vs 2 cts\n"
    body += " Reuter\n\x03"
    assert split_paragraphs(body) == [
        "First line of the lede.",
        "Second para continues.",
        "Shr 1 cts vs 2 cts",
    ]
    assert headline_key("(CORRECTED) - GOODYEAR <GT> TO SELL") == headline_key(
        "GOODYEAR <GT> TO SELL"
    )


def test_scoring_helpers() -> None:
    assert prf(8, 2, 2)["f1"] == pytest.approx(0.8)
    assert fact_matches("Ann Lee", "Chief Ann Lee") and not fact_matches("12", "13")
    case = Passage(0, 0, 10, 0, 10)
    assert plagdet([case], [case]).plagdet == 1.0
    half = plagdet([case], [Passage(0, 0, 5, 0, 5)])
    assert half.precision == 1.0 and half.recall == 0.5
    split = plagdet([case], [Passage(0, 0, 5, 0, 5), Passage(0, 5, 10, 5, 10)])
    assert split.recall == 1.0 and split.granularity == 2.0 and split.plagdet < 0.7
    assert plagdet([case], []).recall == 0.0
    assert isinstance(Item, type)
