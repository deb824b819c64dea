"""Tests of the fictional wire corpus generator (benchmarks.stories, .wire, .make_corpus)."""

from __future__ import annotations

import gzip
import itertools
import json
import random
import statistics
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests_support import EDIT_RELATIONS

from benchmarks.make_corpus import Truth, generate_corpus, iter_corpus, main, read_corpus
from benchmarks.stories import BRIEF_KINDS, TOPICS, Story, compose_brief, compose_story
from benchmarks.wire import (
    EDITS,
    Base,
    Version,
    chain,
    containment,
    jaccard,
    pair_relation,
    shingles,
    similarity,
    tokens,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "wire_sample.jsonl.gz"
SAMPLE_TRUTH = ROOT / "examples" / "wire_sample.truth.json"
SEEDS = sorted((ROOT / "examples" / "seeds").glob("*.txt"))


def story(seed: int, topic: str | None = None, words: int = 600) -> Story:
    return compose_story(random.Random(seed), topic, words)


def long_story(seed: int, min_words: int = 400) -> Story:
    """A story of at least ``min_words`` words (lengths spread around the target)."""
    for s in itertools.count(seed):
        st_ = story(s, words=600)
        if st_.n_words >= min_words:
            return st_
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------------------------
# reference measures
# --------------------------------------------------------------------------------------------


def test_tokens_keep_inner_apostrophes_and_hyphens() -> None:
    assert tokens("Kata'ib U.S.-led -- drone's 1 a.m. Iran-backed_x") == [
        "kata'ib",
        "u",
        "s",
        "led",
        "drone's",
        "1",
        "a",
        "m",
        "iran-backed",
        "x",
    ]


def test_shingles_jaccard_containment() -> None:
    a = shingles("one two three four five six")
    b = shingles("one two three four five")
    assert a == {("one", "two", "three", "four", "five"), ("two", "three", "four", "five", "six")}
    assert jaccard(a, b) == 0.5
    assert containment(a, b) == 1.0
    assert shingles("too short") == {("too", "short")}
    assert jaccard(set(), set()) == 1.0 and containment(set(), {("x",)}) == 0.0
    assert similarity("a b c d e f", "a b c d e f") == (1.0, 1.0)


# --------------------------------------------------------------------------------------------
# stories
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("topic", TOPICS)
def test_story_shape(topic: str) -> None:
    s = story(11, topic, 600)
    assert s.topic == topic and s.title and s.title[0].isupper()
    assert 0.4 * 600 <= s.n_words <= 2 * 600 + 150
    assert len(s.paragraphs) >= 4
    for p in s.paragraphs:
        assert p.strip() == p and p and "\n" not in p and "{" not in p and "[" not in p
        # paragraphs of one to three sentences (quotes may add one)
        assert 1 <= p.count(". ") + 1 <= 6
    assert set(s.facts) >= {"people", "orgs", "places", "numbers"}
    assert s.facts["people"] and s.facts["places"]
    assert any(name.split(",")[0].split()[-1] in s.text for name in s.facts["people"])


def test_story_lengths_spread_around_target() -> None:
    rng = random.Random(3)
    lengths = [compose_story(rng, None, 600).n_words for _ in range(60)]
    assert 450 <= statistics.median(lengths) <= 800
    assert min(lengths) >= 240 and max(lengths) <= 1350
    assert max(lengths) - min(lengths) > 250


def test_compose_story_is_deterministic() -> None:
    a, b = story(5), story(5)
    assert (a.title, a.paragraphs, a.facts) == (b.title, b.paragraphs, b.facts)
    assert story(6).paragraphs != a.paragraphs


@pytest.mark.parametrize("topic", TOPICS)
def test_unrelated_stories_on_one_topic_share_few_shingles(topic: str) -> None:
    rng = random.Random(TOPICS.index(topic))
    sets = [shingles(compose_story(rng, topic, 600).text) for _ in range(8)]
    js = [jaccard(a, b) for a, b in itertools.combinations(sets, 2)]
    assert statistics.median(js) < 0.02
    assert max(js) < 0.06


def test_shared_setting_and_briefs() -> None:
    rng = random.Random(9)
    first = compose_story(rng, "politics", 500)
    shared = {k: first.slots[k] for k in ("COUNTRY", "COUNTRY_ADJ", "DAY")}
    other = compose_story(rng, "politics", 500, shared=shared)
    assert first.slots["COUNTRY"] in other.text or first.slots["DAY"] in other.text
    assert jaccard(shingles(first.text), shingles(other.text)) < 0.05
    for kind in BRIEF_KINDS:
        a = compose_brief(rng, kind, style=0)
        b = compose_brief(rng, kind, style=0, shared={"DAY": a.slots["DAY"]})
        j = jaccard(shingles(a.text), shingles(b.text))
        assert 0.05 < j < 0.8, (kind, j)  # shared boilerplate, different figures
        assert a.text != b.text


# --------------------------------------------------------------------------------------------
# edits
# --------------------------------------------------------------------------------------------


def test_verbatim() -> None:
    s = story(1)
    ed = EDITS["verbatim"](s, random.Random(1))
    assert ed.text == s.text and ed.relation == "duplicate"
    assert similarity(s.text, ed.text) == (1.0, 1.0)
    assert ed.kept == list(range(len(s.paragraphs))) and ed.new == []


def test_header() -> None:
    for seed in range(8):
        s = story(seed)
        ed = EDITS["header"](s, random.Random(seed))
        assert ed.relation == "duplicate"
        assert ed.new == ed.header  # only byline/footer are new
        assert ed.kept == list(range(len(s.paragraphs)))
        assert ed.text != s.text
        body = [p for j, p in enumerate(ed.paragraphs) if j not in ed.header]
        assert body[1:] == s.paragraphs[1:]  # only the first paragraph (dateline) may change
        assert similarity(s.text, ed.text)[0] >= 0.9


def test_copyedit() -> None:
    for seed in range(8):
        s = long_story(seed * 10)
        ed = EDITS["copyedit"](s, random.Random(seed))
        assert ed.relation == "duplicate"
        assert ed.kept == list(range(len(s.paragraphs))) and ed.new == []
        assert 1 <= len(ed.changed) <= 3 and 1 <= ed.light_words <= 9
        pairs = zip(s.paragraphs, ed.paragraphs, strict=True)
        diff = [j for j, (a, b) in enumerate(pairs) if a != b]
        assert diff == ed.changed
        assert similarity(s.text, ed.text)[0] >= 0.8


def test_trim_keeps_a_prefix() -> None:
    for seed in range(8):
        s = story(seed)
        ed = EDITS["trim"](s, random.Random(seed))
        n, k = len(s.paragraphs), len(ed.paragraphs)
        assert ed.paragraphs == s.paragraphs[:k] and ed.kept == list(range(k))
        assert 0.4 * n - 1e-9 <= k <= 0.7 * n + 1e-9
        j, c = similarity(s.text, ed.text)
        assert c == 1.0 and j < 0.85
        assert ed.relation == "overlap"


def test_update() -> None:
    rels = set()
    for seed in range(12):
        s = story(seed)
        ed = EDITS["update"](s, random.Random(seed))
        assert 2 <= len(ed.new) <= 5 and 1 in ed.new
        assert ed.kept == list(range(len(s.paragraphs)))
        nums = [f for f in ed.facts_changed if f["kind"] == "number"]
        assert len(nums) == 1 and nums[0]["old"] != nums[0]["new"]
        assert nums[0]["new"] in ed.paragraphs[nums[0]["paragraph"]]
        v0 = Version.original(s.paragraphs)
        assert ed.relation == pair_relation(v0, v0.derive(ed, "u"), ed.light_words)[0]
        assert similarity(s.text, ed.text)[1] > 0.8
        rels.add(ed.relation)
    assert "overlap" in rels


def test_reorder() -> None:
    for seed in range(8):
        s = story(seed)
        ed = EDITS["reorder"](s, random.Random(seed))
        assert sorted(ed.paragraphs) == sorted(s.paragraphs) and ed.paragraphs != s.paragraphs
        assert ed.paragraphs[0] == s.paragraphs[0]
        origin = [o for o in ed.origin if o is not None]
        assert len(origin) == len(ed.origin)
        assert [s.paragraphs[o] for o in origin] == ed.paragraphs
        moved = sum(1 for a, b in zip(origin, sorted(origin), strict=True) if a != b)
        assert moved >= 2
        assert ed.relation == "duplicate"


def test_noise() -> None:
    for seed in range(8):
        s = long_story(seed * 7)
        ed = EDITS["noise"](s, random.Random(seed))
        words = s.n_words
        assert 0.005 * words <= ed.light_words <= 0.021 * words + 1
        changed = sum(
            a != b
            for p, q in zip(s.paragraphs, ed.paragraphs, strict=True)
            for a, b in zip(p.split(" "), q.split(" "), strict=True)
        )
        assert changed == ed.light_words
        j = similarity(s.text, ed.text)[0]
        assert 0.7 <= j < 1.0 and ed.relation == "duplicate"


def test_rewrite() -> None:
    for seed in range(10):
        s = story(seed)
        ed = EDITS["rewrite"](s, random.Random(seed))
        n = len(s.paragraphs)
        assert 0.3 * n - 1e-9 <= len(ed.kept) <= 0.6 * n + 1e-9
        assert len(ed.new) >= 2
        kept_in_order = [o for o in ed.origin if o is not None]
        assert kept_in_order == sorted(kept_in_order)
        for j, o in enumerate(ed.origin):
            if o is not None:  # kept paragraphs are only lightly edited
                before, after = set(tokens(s.paragraphs[o])), set(tokens(ed.paragraphs[j]))
                assert len(after - before) <= 6 and len(after & before) >= 0.5 * len(before)
                assert (ed.paragraphs[j] != s.paragraphs[o]) == (j in ed.changed)
        jac, con = similarity(s.text, ed.text)
        assert 0.25 <= con <= 0.75 and 0.07 <= jac <= 0.45, (jac, con)
        assert ed.relation == "overlap"


def test_chain_provenance_refers_to_the_base() -> None:
    s = story(4)
    ed = chain(s, random.Random(4), ["trim", "header"])
    assert ed.edit == "trim+header" and ed.relation == "overlap"
    body = [p for j, p in enumerate(ed.paragraphs) if j not in ed.header]
    k = len(body)
    assert body[1:] == s.paragraphs[1:k] and ed.kept == list(range(k))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), name=st.sampled_from(sorted(EDITS)))
def test_edit_records_are_consistent(seed: int, name: str) -> None:
    s = compose_story(random.Random(seed), None, 300)
    ed = EDITS[name](s, random.Random(seed + 1))
    assert ed.edit == name and ed.relation in ("duplicate", "overlap")
    assert len(ed.origin) == len(ed.paragraphs) and all(p for p in ed.paragraphs)
    for j, o in enumerate(ed.origin):
        if o is not None and j not in ed.changed and j not in ed.replaced:
            assert ed.paragraphs[j] == s.paragraphs[o]
    assert set(ed.header) <= set(ed.new)
    json.dumps(ed.record())
    if name in EDIT_RELATIONS and len(s.paragraphs) >= 4:
        assert ed.relation == EDIT_RELATIONS[name]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_edits_work_on_plain_articles(name: str) -> None:
    text = SEEDS[-1].read_text(encoding="utf-8")
    base = Base("Seed article", [p.strip() for p in text.split("\n\n") if p.strip()], "conflict")
    ed = EDITS[name](base, random.Random(2))
    assert ed.paragraphs and ed.relation in ("duplicate", "overlap")
    j, c = similarity("\n\n".join(base.paragraphs), ed.text)
    assert c >= 0.25 and (name != "verbatim" or j == 1.0)


# --------------------------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> tuple[list[dict], Truth]:
    return generate_corpus(1200, seed=5, words=300, dup_fraction=0.3)


def test_corpus_is_deterministic(corpus: tuple[list[dict], Truth]) -> None:
    arts, truth = generate_corpus(1200, seed=5, words=300, dup_fraction=0.3)
    assert arts == corpus[0] and truth.to_json() == corpus[1].to_json()
    other, _ = generate_corpus(50, seed=6, words=300)
    assert [a["text"] for a in other] != [a["text"] for a in arts[:50]]


def test_corpus_structure(corpus: tuple[list[dict], Truth]) -> None:
    arts, truth = corpus
    by_id = {a["id"]: a for a in arts}
    assert len(arts) == 1200 == len(by_id)
    assert all(set(a) == {"id", "text", "title", "published", "source"} for a in arts)
    assert all(a["text"] and "\n\n" in a["text"] for a in arts)
    copies = sum(len(m) - 1 for m in truth.families.values())
    assert abs(copies - 0.3 * 1200) <= 2
    assert all(2 <= len(m) <= 6 for m in truth.families.values())
    pair_keys = {(p["a"], p["b"]) for p in truth.pairs}
    for members in truth.families.values():
        times = [by_id[i]["published"] for i in members]
        assert times == sorted(times) and len(set(times[:2])) == 2  # copies come later
        assert truth.members[members[0]]["edit"] == "original"
        assert set(itertools.combinations(members, 2)) == pair_keys & set(
            itertools.combinations(members, 2)
        )
    assert len(truth.pairs) == sum(len(m) * (len(m) - 1) // 2 for m in truth.families.values())
    fixed = {
        "verbatim": "duplicate",
        "header": "duplicate",
        "copyedit": "duplicate",
        "reorder": "duplicate",
        "trim": "overlap",
        "rewrite": "overlap",
    }
    for p in truth.pairs:
        assert p["relation"] in ("duplicate", "overlap")
        j, c = similarity(by_id[p["a"]]["text"], by_id[p["b"]]["text"])
        assert (round(j, 4), round(c, 4)) == (p["jaccard"], p["containment"])
        if p["edit"] in fixed:
            assert p["relation"] == fixed[p["edit"]], p
        if p["edit"] == "trim":
            assert p["containment"] == 1.0
    # hard negatives: unrelated, same day, not in any family
    in_family = {i for m in truth.families.values() for i in m}
    kinds = {g["kind"].split(":")[0] for g in truth.negatives}
    assert kinds == {"same_topic_day", "templated"}
    for g in truth.negatives:
        assert not in_family & set(g["ids"])
        days = {by_id[i]["published"][:10] for i in g["ids"]}
        assert len(days) == 1
        assert len(g["pairs"]) == len(g["ids"]) * (len(g["ids"]) - 1) // 2
        assert truth.relation(g["ids"][0], g["ids"][1]) == "unrelated"


def test_iter_corpus_streams_the_same_corpus(corpus: tuple[list[dict], Truth]) -> None:
    truth = Truth()
    it = iter_corpus(1200, seed=5, words=300, dup_fraction=0.3, truth=truth)
    assert next(it) == corpus[0][0]
    rest = list(it)
    assert [corpus[0][0], *rest] == corpus[0]
    assert truth.to_json() == corpus[1].to_json()


def test_parallel_blocks_give_the_same_corpus() -> None:
    truth = Truth()
    arts = list(iter_corpus(1100, seed=8, words=150, truth=truth, jobs=2))
    again, truth2 = generate_corpus(1100, seed=8, words=150)
    assert arts == again and truth == truth2


def test_truth_json_round_trip(corpus: tuple[list[dict], Truth]) -> None:
    truth = corpus[1]
    again = Truth.from_json(truth.to_json())
    assert again == truth
    assert again.params == {
        "n_articles": 1200,
        "seed": 5,
        "words": 300,
        "dup_fraction": 0.3,
        "generator_version": 1,
    }


def test_cli_writes_gzip_jsonl_and_truth(tmp_path: Path) -> None:
    out, tr = tmp_path / "c.jsonl.gz", tmp_path / "c.truth.json"
    assert (
        main(["-n", "60", "--seed", "2", "--words", "200", "-o", str(out), "--truth", str(tr)]) == 0
    )
    arts, truth = generate_corpus(60, seed=2, words=200)
    assert list(read_corpus(out)) == arts
    assert Truth.from_json(tr.read_text(encoding="utf-8")) == truth
    first = out.read_bytes()
    main(["-n", "60", "--seed", "2", "--words", "200", "-o", str(out), "--truth", str(tr)])
    assert out.read_bytes() == first  # reproducible bytes


def test_bundled_sample_matches_regeneration() -> None:
    truth = Truth.from_json(SAMPLE_TRUTH.read_text(encoding="utf-8"))
    p = truth.params
    assert SAMPLE.stat().st_size < 2_000_000
    assert 2000 <= p["n_articles"] <= 3000
    arts, regen = generate_corpus(p["n_articles"], p["seed"], p["words"], p["dup_fraction"])
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        bundled = [json.loads(line) for line in f]
    assert bundled == arts
    assert regen == truth
