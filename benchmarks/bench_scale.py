"""Articles per second of ``dedup scan``: the local engine, and the Dask engine on 1 and 2 workers.

    python -m benchmarks.bench_scale                   # 200,000 articles (~1.5 min to generate)
    python -m benchmarks.bench_scale --articles 20000  # quicker

The corpus comes from :mod:`benchmarks.make_corpus` (written once as gzip JSONL shards of
``--shard`` articles, kept in ``--corpus-dir`` if given). Each engine runs the whole job as the CLI
does with ``-o``: the local engine reads, sketches on ``--workers`` processes, verifies and writes
the assignments and pairs files; the Dask engine (LocalCluster of 1, then 2 single-threaded worker
processes, started before the clock) reads the shards as partitions and has its workers write
part files. Results are checked to be identical to the local engine's. Needs the ``dask`` extra.
Prints a table and writes ``benchmarks/results/bench_scale.json``.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import dedup
from benchmarks.make_corpus import iter_corpus, write_corpus
from dedup.engines import DaskEngine
from dedup.io import write_rows

RESULTS = Path(__file__).parent / "results"


def make_shards(folder: Path, articles: int, shard: int, seed: int, words: int) -> str:
    """Write the corpus as gzip JSONL shards (reused when already there); return their glob."""
    marker = folder / f"corpus-{articles}-{seed}-{words}-{shard}.done"
    pattern = str(folder / "shard-*.jsonl.gz")
    if marker.exists():
        return pattern
    for old in folder.glob("shard-*.jsonl.gz"):
        old.unlink()
    stream = iter_corpus(articles, seed=seed, words=words, jobs=os.cpu_count() or 1)
    index = 0
    while True:
        batch = [a for _, a in zip(range(shard), stream, strict=False)]
        if not batch:
            break
        write_corpus(folder / f"shard-{index:04d}.jsonl.gz", batch, level=1)
        index += 1
    marker.write_text("")
    return pattern


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (user + system)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run_local(source: str, out: Path, workers: int) -> tuple[float, float, dedup.DedupResult]:
    """The local engine as ``dedup scan -o ... --pairs ...`` runs it: wall and CPU seconds."""
    cpu = cpu_seconds()
    start = time.perf_counter()
    result = dedup.Deduplicator(workers=workers).run(source)
    write_rows(out / "assignments.jsonl.gz", result.assignments())
    write_rows(out / "pairs.jsonl.gz", (p.to_dict() for p in result.pairs))
    return time.perf_counter() - start, cpu_seconds() - cpu, result


def _worker_cpu() -> float:
    t = os.times()
    return t.user + t.system


def run_dask(
    source: str, out: Path, n_workers: int, shuffle: str | None = None
) -> tuple[float, float, Any, dict[str, float]]:
    """The Dask engine on a fresh LocalCluster (started before the clock): wall seconds, CPU
    seconds (workers, and this process where the scheduler runs), seconds per stage."""
    from distributed import Client

    from dedup.engines.dask import local_cluster

    stages: dict[str, float] = {}
    marks: list[tuple[str, float]] = []
    with local_cluster(n_workers) as cluster, Client(cluster) as client:
        engine = DaskEngine(
            client,
            shuffle_method=shuffle,
            on_stage=lambda s: marks.append((s, time.perf_counter())),
        )
        before = sum(client.run(_worker_cpu).values()) + cpu_seconds()
        start = time.perf_counter()
        written = engine.write(dedup.Deduplicator(), source, out / "dask")
        seconds = time.perf_counter() - start
        cpu = sum(client.run(_worker_cpu).values()) + cpu_seconds() - before
    marks.append(("end", start + seconds))
    for (name, t0), (_, t1) in itertools.pairwise(marks):
        stages[name] = round(t1 - t0, 2)
    return seconds, cpu, written, stages


def read_parts(folder: Path) -> list[dict[str, Any]]:
    """Rows of all part files of a folder, in part order."""
    rows = []
    for part in sorted(folder.iterdir()):
        with gzip.open(part, "rt", encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--words", type=int, default=600, help="typical story length")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shard", type=int, default=10_000, help="articles per input file")
    parser.add_argument("--workers", type=int, default=2, help="local engine processes")
    parser.add_argument("--dask-workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus-dir", help="where to keep the generated shards")
    parser.add_argument("--shuffle", choices=("p2p", "tasks"), help="Dask shuffle method")
    parser.add_argument("-o", "--output", default=str(RESULTS / "bench_scale.json"))
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    corpus = Path(args.corpus_dir) if args.corpus_dir else work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        source = make_shards(corpus, args.articles, args.shard, args.seed, args.words)
        print(f"corpus: {args.articles:,} articles in {time.perf_counter() - t0:.0f} s")
        rows: list[dict[str, Any]] = []
        out = work / "local"
        out.mkdir()
        load = os.getloadavg()[0]
        seconds, cpu, local = run_local(source, out, args.workers)
        n = local.stats.articles
        rows.append(
            {
                "engine": "local",
                "workers": args.workers,
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 1),
                "load_before": round(load, 2),
            }
        )
        expected = list(local.assignments())
        expected_pairs = sorted((p.to_dict() for p in local.pairs), key=lambda r: (r["a"], r["b"]))
        for n_workers in args.dask_workers:
            out = work / f"dask-{n_workers}"
            out.mkdir()
            load = os.getloadavg()[0]
            seconds, cpu, _, stages = run_dask(source, out, n_workers, args.shuffle)
            same = (
                read_parts(out / "dask" / "assignments") == expected
                and sorted(read_parts(out / "dask" / "pairs"), key=lambda r: (r["a"], r["b"]))
                == expected_pairs
            )
            rows.append(
                {
                    "engine": "dask",
                    "workers": n_workers,
                    "seconds": round(seconds, 2),
                    "cpu_seconds": round(cpu, 1),
                    "load_before": round(load, 2),
                    "identical": same,
                    "stages": stages,
                }
            )
            shutil.rmtree(out)
        for row in rows:
            row["articles_per_s"] = round(n / row["seconds"])
            row["articles_per_cpu_hour"] = round(n / row["cpu_seconds"] * 3600)
        print(f"\n{n:,} articles, {os.cpu_count()} cores")
        print(
            f"{'engine':8} {'workers':>7} {'seconds':>8} {'articles/s':>11} {'CPU s':>7} "
            f"{'articles/CPU-hour':>17} {'identical':>9}"
        )
        for row in rows:
            same = "" if row["engine"] == "local" else str(row["identical"])
            print(
                f"{row['engine']:8} {row['workers']:>7} {row['seconds']:>8.1f} "
                f"{row['articles_per_s']:>11,} {row['cpu_seconds']:>7.0f} "
                f"{row['articles_per_cpu_hour']:>17,} {same:>9}"
            )
        print(f"load average before each run: {[row['load_before'] for row in rows]}")
        for row in rows[1:]:
            print(f"dask {row['workers']} worker(s) stages (s): {row['stages']}")
        report = {
            "articles": n,
            "words": args.words,
            "shard": args.shard,
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "stats": {k: v for k, v in local.stats.to_dict().items() if k != "params"},
            "rows": rows,
        }
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(json.dumps(report, indent=2) + "\n")
        print(f"written to {args.output}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
