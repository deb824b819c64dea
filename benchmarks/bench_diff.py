"""Benchmark ``dedup.diff.diff`` on synthetic article pairs of 500 to 20,000 words.

Pairs are generated from the seed articles: A is a run of paragraphs made of seed sentences
(each with some words swapped so no two are alike); B moves a third of A's paragraphs, drops
some, edits ~5% of the words, splits some sentences in two and adds new paragraphs. Reported:
median / min / max time per pair over repeats, split into alignment and fact extraction, and the
fact extractor's precision and recall on the hand-labelled seed gold set
(tests/diff/data/seed_facts.json).

    .venv/bin/python benchmarks/bench_diff.py          # table + benchmarks/results/bench_diff.json
    .venv/bin/python benchmarks/bench_diff.py --quick    # fewer sizes and repeats
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scoring import fact_matches, norm_fact  # noqa: E402
from dedup.diff import diff  # noqa: E402
from dedup.io import read_articles  # noqa: E402
from dedup.sentences import split_sentences  # noqa: E402

SEEDS = [
    ROOT / "examples/seeds/000_fb10003cdebe8ee7.txt",
    ROOT / "examples/seeds/001_ad39820f6aeb4385.txt",
]
GOLD = ROOT / "tests/diff/data/seed_facts.json"
SIZES = (500, 1000, 2000, 5000, 20000)


def _seed_texts() -> list[str]:
    return [a.text for p in SEEDS for a in read_articles(p)]


def _mutate(sentence: str, rng: random.Random, vocab: list[str], rate: float) -> str:
    words = sentence.split(" ")
    for i in range(len(words)):
        if rng.random() < rate and words[i].isalpha() and words[i].islower():
            words[i] = rng.choice(vocab)
    return " ".join(words)


def make_pair(n_words: int, seed: int = 0) -> tuple[str, str]:
    """A synthetic pair: A of about ``n_words`` words and B, a reordered rewrite of it."""
    rng = random.Random(seed)
    texts = _seed_texts()
    pool = [s.text for t in texts for s in split_sentences(t) if s.kind == "sentence"]
    vocab = sorted({w for t in texts for w in re.findall(r"\b[a-z]{4,}\b", t)})

    def paragraphs(target: int) -> list[str]:
        out, count = [], 0
        while count < target:
            para = " ".join(
                _mutate(rng.choice(pool), rng, vocab, 0.2) for _ in range(rng.randint(1, 3))
            )
            out.append(para)
            count += len(para.split())
        return out

    a = paragraphs(n_words)
    b: list[str] = []
    for para in a:
        r = rng.random()
        if r < 0.15:
            continue  # dropped
        para = _mutate(para, rng, vocab, 0.05)
        if rng.random() < 0.2:
            para = para.replace(", ", ". ", 1)  # a sentence split in two
        b.append(para)
    moved = [i for i in range(len(b)) if rng.random() < 0.33]
    for i in moved:
        b.insert(rng.randrange(len(b)), b.pop(i))
    for para in paragraphs(n_words // 5):
        b.insert(rng.randrange(len(b) + 1), para)
    return "\n\n".join(a), "\n\n".join(b)


def _time(a: str, b: str, repeats: int) -> dict[str, float]:
    total, align_only = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        diff(a, b, facts=False)
        t1 = time.perf_counter()
        diff(a, b)
        t2 = time.perf_counter()
        align_only.append((t1 - t0) * 1e3)
        total.append((t2 - t1) * 1e3)
    return {
        "median_ms": statistics.median(total),
        "min_ms": min(total),
        "max_ms": max(total),
        "align_median_ms": statistics.median(align_only),
    }


def fact_scores() -> dict[str, Any]:
    """Precision and recall of the rule extractor against the seed gold set, per kind."""
    from dedup.diff.facts import RuleExtractor

    gold = json.loads(GOLD.read_text())
    texts = _seed_texts()
    predicted = RuleExtractor().extract_pair(texts[0], texts[1])
    per_kind: dict[str, list[int]] = {}  # kind -> [true positives, predicted, gold]
    speakers = [0, 0]  # quotes found with the right speaker, quotes found
    for facts, labelled in zip(predicted, (gold["a"], gold["b"]), strict=True):
        want = [(g["kind"], norm_fact(g["text"])) for g in labelled]
        got = [(f.kind, norm_fact(f.text)) for f in facts]
        for kind, _ in got:
            per_kind.setdefault(kind, [0, 0, 0])[1] += 1
        for kind, _ in want:
            per_kind.setdefault(kind, [0, 0, 0])[2] += 1
        matched: set[int] = set()
        for fact, (kind, text) in zip(facts, got, strict=True):
            hit = next(
                (
                    i
                    for i, (k, t) in enumerate(want)
                    if i not in matched and k == kind and fact_matches(t, text)
                ),
                None,
            )
            if hit is not None:
                matched.add(hit)
                per_kind[kind][0] += 1
                if kind == "quote":
                    speakers[1] += 1
                    speakers[0] += labelled[hit]["speaker"] in (fact.speaker or "")
    out: dict[str, Any] = {}
    for kind, (tp, n_pred, n_gold) in sorted(per_kind.items()):
        out[kind] = {
            "precision": tp / n_pred if n_pred else 1.0,
            "recall": tp / n_gold if n_gold else 1.0,
            "tp": tp,
            "predicted": n_pred,
            "gold": n_gold,
        }
    tp = sum(v["tp"] for v in out.values())
    n_pred = sum(v["predicted"] for v in out.values())
    n_gold = sum(v["gold"] for v in out.values())
    out["all"] = {
        "precision": tp / n_pred,
        "recall": tp / n_gold,
        "tp": tp,
        "predicted": n_pred,
        "gold": n_gold,
    }
    out["quote_speaker_accuracy"] = speakers[0] / speakers[1] if speakers[1] else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a table and write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and repeats")
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results/bench_diff.json"))
    args = parser.parse_args(argv)
    sizes = (500, 1000, 2000) if args.quick else SIZES
    a0, b0 = _seed_texts()
    diff(a0, b0)  # warm up: imports, caches
    rows = []
    seed_times = _time(a0, b0, 5 if args.quick else 21)
    rows.append(
        {"pair": "seeds", "words_a": len(a0.split()), "words_b": len(b0.split()), **seed_times}
    )
    for n in sizes:
        a, b = make_pair(n, seed=n)
        repeats = 3 if n >= 20000 else (5 if args.quick or n >= 5000 else 21)
        rows.append(
            {
                "pair": f"synthetic-{n}",
                "words_a": len(a.split()),
                "words_b": len(b.split()),
                **_time(a, b, repeats),
            }
        )
    print(
        f"{'pair':<18}{'words A':>8}{'words B':>8}{'median ms':>11}{'min':>8}{'max':>8}"
        f"{'align ms':>10}"
    )
    for r in rows:
        print(
            f"{r['pair']:<18}{r['words_a']:>8}{r['words_b']:>8}{r['median_ms']:>11.1f}"
            f"{r['min_ms']:>8.1f}{r['max_ms']:>8.1f}{r['align_median_ms']:>10.1f}"
        )
    scores = fact_scores()
    print("\nfact extraction on the seed gold set (rules):")
    for kind, v in scores.items():
        if kind == "quote_speaker_accuracy":
            print(f"  quote speakers right: {v:.2f}")
            continue
        print(
            f"  {kind:<9} P={v['precision']:.2f} R={v['recall']:.2f} "
            f"({v['tp']} of {v['predicted']} predicted, {v['gold']} gold)"
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "machine": platform.platform(),
                "python": platform.python_version(),
                "pairs": rows,
                "facts": scores,
            },
            indent=2,
        )
    )
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
