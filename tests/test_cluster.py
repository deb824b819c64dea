"""Tests for dedup.cluster: connected components and the choice of representatives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dedup.cluster import KEEP_POLICIES, components, representatives
from dedup.errors import ParameterError


def edges_of(pairs: list[tuple[int, int]]) -> np.ndarray:
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def union_find_labels(n: int, pairs: list[tuple[int, int]]) -> list[int]:
    """Reference: union-find, then labels numbered by each component's smallest document."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    numbering: dict[int, int] = {}
    return [numbering.setdefault(find(i), len(numbering)) for i in range(n)]


def test_components_exact() -> None:
    labels = components(7, edges_of([(5, 1), (3, 4), (1, 6), (4, 4)]))
    assert labels.tolist() == [0, 1, 2, 3, 3, 1, 1]
    assert components(3, edges_of([])).tolist() == [0, 1, 2]
    assert components(0, edges_of([])).tolist() == []
    assert components(4, edges_of([(3, 0), (2, 1), (1, 3)])).tolist() == [0, 0, 0, 0]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 25).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40),
        )
    ),
    st.randoms(use_true_random=False),
)
def test_components_match_union_find_in_any_edge_order(
    case: tuple[int, list[tuple[int, int]]], rnd: object
) -> None:
    n, pairs = case
    expected = union_find_labels(n, pairs)
    shuffled = [(b, a) if rnd.random() < 0.5 else (a, b) for a, b in pairs]  # type: ignore[attr-defined]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    for order in (pairs, shuffled, shuffled[::-1]):
        labels = components(n, edges_of(order))
        assert labels.dtype.kind == "i"
        assert labels.tolist() == expected


T0 = datetime(2021, 6, 29, 12, 0, tzinfo=UTC)


def reps(
    labels: list[int],
    policy: str,
    ids: list[str],
    published: list[datetime | None] | None = None,
    lengths: list[int] | None = None,
) -> list[int]:
    n = len(labels)
    return representatives(
        np.array(labels, dtype=np.int64),
        policy,
        ids,
        np.array([p.timestamp() if p else np.nan for p in published or [None] * n]),
        np.array(lengths if lengths is not None else [100] * n),
    ).tolist()


def test_earliest_policy() -> None:
    hour = timedelta(hours=1)
    labels = [0, 0, 0, 1, 1, 2, 2, 2, 3]
    ids = ["a", "b", "c", "d", "e", "z", "y", "x", "solo"]
    published = [T0, T0 - hour, T0 + hour, None, T0 + 100 * hour, None, None, None, None]
    # cluster 1: a dated article beats an undated one; cluster 2: all undated -> smallest id
    assert reps(labels, "earliest", ids, published) == [1, 4, 7, 8]


def test_earliest_ties_go_to_smaller_id_then_input_order() -> None:
    labels = [0, 0, 0, 1, 1, 1]
    ids = ["m", "b", "k", "q", "q", "p"]
    published = [T0, T0, T0 - timedelta(seconds=1), T0, T0, T0 + timedelta(seconds=1)]
    assert reps(labels, "earliest", ids, published) == [2, 3]
    assert reps([0, 0, 0], "earliest", ["b", "a", "a"], [T0, T0, T0]) == [1]
    assert reps([0, 0], "earliest", ["a", "b"], [None, None]) == [0]


def test_earliest_compares_instants_across_time_zones() -> None:
    plus_two = timezone(timedelta(hours=2))
    # 13:00+02:00 is 11:00 UTC: earlier than 12:00 UTC
    published = [T0, datetime(2021, 6, 29, 13, 0, tzinfo=plus_two)]
    assert reps([0, 0], "earliest", ["a", "b"], published) == [1]


def test_longest_policy_with_ties() -> None:
    labels = [0, 0, 0, 1, 1, 1]
    ids = ["z", "y", "x", "c", "c", "d"]
    lengths = [10, 30, 30, 5, 5, 4]
    # cluster 0: 30 vs 30 -> smaller id "x"; cluster 1: same length and id -> input order
    assert reps(labels, "longest", ids, lengths=lengths) == [2, 3]


def test_first_policy() -> None:
    labels = [1, 0, 1, 2, 0]
    ids = ["e", "d", "a", "b", "c"]
    assert reps(labels, "first", ids) == [1, 0, 3]


def test_labels_out_of_order_and_interleaved() -> None:
    labels = [2, 1, 0, 2, 1, 0]
    ids = ["f", "e", "d", "c", "b", "a"]
    lengths = [1, 2, 3, 4, 5, 6]
    assert reps(labels, "first", ids, lengths=lengths) == [2, 1, 0]
    assert reps(labels, "longest", ids, lengths=lengths) == [5, 4, 3]
    assert reps(labels, "earliest", ids) == [5, 4, 3]  # no dates: smallest id


def test_empty_input() -> None:
    for policy in KEEP_POLICIES:
        assert reps([], policy, []) == []


def test_unknown_policy_raises() -> None:
    with pytest.raises(ParameterError):
        reps([0], "newest", ["a"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.sampled_from(["a", "b", "c"]),
            st.one_of(st.none(), st.integers(0, 3)),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=15,
    ),
    st.sampled_from(KEEP_POLICIES),
)
def test_representatives_match_sort_reference(
    rows: list[tuple[int, str, int | None, int]], policy: str
) -> None:
    present = sorted({r[0] for r in rows})
    relabel = {lab: i for i, lab in enumerate(present)}
    labels = [relabel[r[0]] for r in rows]
    ids = [r[1] for r in rows]
    published = [None if r[2] is None else T0 + timedelta(days=r[2]) for r in rows]
    lengths = [r[3] for r in rows]

    def rank(i: int) -> tuple[object, ...]:
        if policy == "earliest":
            primary: tuple[object, ...] = (published[i] is None, published[i] or T0)
        elif policy == "longest":
            primary = (-lengths[i],)
        else:
            primary = (i,)
        return (*primary, ids[i], i)

    expected = [
        min((i for i in range(len(rows)) if labels[i] == lab), key=rank)
        for lab in range(len(present))
    ]
    assert reps(labels, policy, ids, published, lengths) == expected
