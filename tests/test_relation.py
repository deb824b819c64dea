"""Tests for dedup.relation: the measures and the rule that names a pair's relation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import dedup
from dedup.errors import ParameterError
from dedup.relation import PairCounts, RelationRule


def counts(
    shared: int, a: int, b: int, fig_shared: int = 0, fig_a: int = 0, fig_b: int = 0
) -> PairCounts:
    def arr(x: int) -> np.ndarray:
        return np.array([x], dtype=np.int64)

    return PairCounts(arr(shared), arr(a), arr(b), arr(fig_shared), arr(fig_a), arr(fig_b))


def relation(c: PairCounts, **rule: object) -> str:
    return str(RelationRule(**rule).classify(c)[0])  # type: ignore[arg-type]


def test_measures_on_small_counts() -> None:
    c = counts(shared=80, a=100, b=120, fig_shared=3, fig_a=4, fig_b=6)
    assert c.jaccard[0] == 80 / 140
    assert c.containment[0] == 80 / 100
    assert c.containment_a_in_b[0] == 80 / 100 and c.containment_b_in_a[0] == 80 / 120
    # 20 shingles only in a, 40 only in b: 20 added shingles plus 20 / k edited words
    assert c.edit_similarity(5)[0] == pytest.approx(1 - (20 + 4) / 120)
    assert c.figure_jaccard[0] == 3 / 7 and c.figure_containment[0] == 3 / 4


def test_no_figures_count_as_the_same_figures() -> None:
    c = counts(10, 10, 10)
    assert c.figure_jaccard[0] == c.figure_containment[0] == 1.0
    empty = counts(0, 0, 5)
    assert empty.jaccard[0] == empty.containment[0] == empty.edit_similarity(5)[0] == 0.0


def test_scattered_word_edits_make_a_duplicate_below_the_jaccard_threshold() -> None:
    # 100-shingle copies with 3 edited words: 15 shingles differ on each side, Jaccard 0.74
    c = counts(shared=85, a=100, b=100, fig_shared=5, fig_a=5, fig_b=5)
    assert c.jaccard[0] < 0.8
    assert relation(c) == "duplicate"
    assert relation(c, edit_threshold=1.0) == "overlap"  # 1.0: Jaccard alone


def test_added_text_is_an_overlap_however_similar() -> None:
    # an update adding 30% new text (the shorter fully contained): edit similarity 0.77
    c = counts(shared=100, a=100, b=130)
    assert c.jaccard[0] < 0.8 and relation(c) == "overlap"
    assert relation(counts(shared=100, a=100, b=115)) == "duplicate"  # Jaccard 0.87


def test_a_changed_figure_turns_a_copy_into_an_update() -> None:
    same_text = counts(shared=190, a=200, b=200, fig_shared=9, fig_a=10, fig_b=10)
    assert same_text.jaccard[0] >= 0.9
    assert relation(same_text) == "overlap"  # figure Jaccard 9/11 < 0.9
    assert relation(same_text, figures=False) == "duplicate"


def test_templated_reports_sharing_boilerplate_but_no_figures_are_nothing() -> None:
    c = counts(shared=45, a=100, b=100, fig_shared=1, fig_a=6, fig_b=6)
    assert c.containment[0] >= 0.3
    assert relation(c) == ""
    # without the figure check: an overlap, not a duplicate (Jaccard 0.29 is below the edit
    # path's floor although the edit similarity, 0.89, would pass)
    assert c.edit_similarity(5)[0] >= 0.88
    assert relation(c, figures=False) == "overlap"
    # with fewer than 3 figures the figure check does not apply
    assert relation(counts(45, 100, 100, 0, 2, 6)) == "overlap"


@given(
    st.integers(0, 300), st.integers(0, 300), st.integers(0, 300),
    st.integers(0, 20), st.integers(0, 20), st.integers(0, 20),
)  # fmt: skip
def test_measures_stay_in_range(s: int, a: int, b: int, fs: int, fa: int, fb: int) -> None:
    shared, fig_shared = min(s, a, b), min(fs, fa, fb)
    c = counts(shared, a, b, fig_shared, fa, fb)
    for values in (c.jaccard, c.containment, c.figure_jaccard, c.figure_containment):
        assert 0.0 <= values[0] <= 1.0
    assert c.jaccard[0] <= c.containment[0]
    assert c.edit_similarity(5)[0] <= 1.0
    if a == b == shared > 0:
        assert c.edit_similarity(5)[0] == 1.0 and relation(c, figures=False) == "duplicate"


@pytest.mark.parametrize("name", ["threshold", "containment", "edit_threshold"])
@pytest.mark.parametrize("value", [0.0, 1.5, -0.1])
def test_bad_thresholds_are_refused(name: str, value: float) -> None:
    with pytest.raises(ParameterError, match=name):
        RelationRule(**{name: value}).validate()  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=name):
        dedup.find_duplicates([dedup.Article("a", "one two three four five")], **{name: value})


def test_texts_end_to_end() -> None:
    base = (
        "Acme Corp said on Tuesday its quarterly profit rose 12 percent to 45 million dollars "
        "as sales of its widgets climbed in Europe and Asia. The company expects revenue of "
        "1.2 billion dollars in 2025 and will pay a dividend of 30 cents a share on June 4. "
        "Chief executive Jane Roe said demand stayed strong through the end of the quarter "
        "and that the company would open two plants next year to keep up with orders."
    )
    edited = base.replace("strong", "robust").replace("climbed", "rose").replace("keep up", "cope")
    updated = base.replace("45 million", "47 million") + " Shares rose 3 percent."
    arts = [
        dedup.Article("base", base),
        dedup.Article("edited", edited),
        dedup.Article("upd", updated),
    ]
    pairs = {(p.a, p.b): p for p in dedup.find_duplicates(arts, workers=1).pairs}
    assert pairs[("base", "edited")].relation == "duplicate"
    assert pairs[("base", "edited")].jaccard < 0.8
    assert pairs[("base", "upd")].relation == "overlap"


def test_rule_of_reads_the_fields_by_name() -> None:
    from dedup import Deduplicator
    from dedup.index.base import IndexParams

    d = Deduplicator(threshold=0.7, containment=0.4, edit_threshold=0.9, figures=False, k=4)
    assert RelationRule.of(d) == RelationRule(0.7, 0.4, 0.9, False, 4)
    assert d.relation_rule() == RelationRule(0.7, 0.4, 0.9, False, 4)
    params = IndexParams.resolve({"threshold": 0.75, "k": 3})
    assert params.relation_rule() == RelationRule(0.75, params.containment, 0.88, True, 3)
