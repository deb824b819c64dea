"""The persistent index (SQLite and Redis) against datasketch ``MinHashLSH`` (in memory and with
its Redis storage): add throughput, query latency, ``query_many`` throughput, size per article,
peak RSS; size on disk per article (the SQLite file; for Redis, the RDB snapshot a ``SAVE``
writes: Redis's own size column is server memory). Run by hand (not a test)::

    python -m benchmarks.bench_index                         # 1,000,000 articles: long
    python -m benchmarks.bench_index --articles 100000       # minutes
    python -m benchmarks.bench_index --articles 1000000 --backends sqlite

Prints a table, then where the CPU of each dedup add went (microseconds an article: the
writing process, the sketching processes, the Redis server; and the machine's idle share),
and writes ``benchmarks/results/bench_index.json``. Each backend runs in its own
process (so peak RSS is its own); a throwaway ``redis-server`` is started on a free port unless
``--redis-port`` names one. Articles are generated, fast: random words from a 30,000-word
vocabulary (400-800 words each, ~600 on average), with 3% of the tokens figures, as in wire
copy (numbers, years, amounts, decimals, ordinals: see :func:`_figures`; the index stores each
article's distinct figure tokens with its shingle fingerprints, so they count in its size);
10% are lightly edited copies of an earlier article, 5% excerpts of one. Queries: 50% edited
copies of indexed articles (duplicates), 25% excerpts (overlaps), 25% new articles. "trickle"
adds 1,000 more articles 100 at a time into the full index (a newsroom's steady flow, rather
than a bulk load). "sketching only" runs ``Index.add``'s sketching stage with the same
processes and batches and stores nothing (on up to 200,000 articles): the ceiling of any
backend's add rate on the machine.

The articles are written to a text file first (one a line, in ``--dir``; kept there for the
next run when ``--dir`` is given), because generating one costs more than adding it. Each row
then reads that file as it adds, in one ``add()`` call over the whole stream, as
``dedup index add`` does (``--call-size N``: one call per N articles instead); the add rates
include reading the file and building the ``Article`` objects (~5 us an article).

datasketch rows use dedup's signatures (``MinHasher`` + ``to_lean_minhash``), included in their
add time, and the same bands and rows (9 x 13); their queries return LSH candidates only (no
exact verification, no overlaps: datasketch has neither), so they do less work per query than
the index. datasketch's Redis storage is slow to fill; it runs on ``--datasketch-redis-articles``
articles (``datasketch-redis*``: a quarter of those, inserted one by one with ``insert()``, the
plain API, instead of an ``insertion_session``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from dedup import Article

RESULTS = Path(__file__).parent / "results"
BACKENDS = (
    "sketch",
    "sqlite",
    "redis",
    "datasketch",
    "datasketch-redis",
    "datasketch-redis-insert",
)
SKETCH_ARTICLES = 200_000  # enough for a steady rate
VOCAB_SIZE = 30_000
COPY, EXCERPT = 0.10, 0.05
FIGURE_RATE = 0.03
"""Share of an article's tokens that are figures (tokens with a digit): ~3% in news text."""
CHUNK = 20_000
TRICKLE = 1000  # articles added 100 at a time into the full index


# -- the corpus ---------------------------------------------------------------------------------


def _vocabulary(seed: int) -> list[str]:
    rng = np.random.default_rng([seed, 0xB0CAB])
    consonants, vowels = list("bcdfghjklmnprstvwz"), list("aeiou")
    words = set()
    while len(words) < VOCAB_SIZE:
        n = int(rng.integers(1, 5))
        words.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(n)))
    return sorted(words)


def _figures(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` figure tokens as news prints them: small counts (``12``), years (``2019``),
    amounts (``1,250``, ``48,000``), decimals (``4.5``, ``0.75``) and ordinals (``3rd``), in
    shares 35/20/15/20/10%."""
    kinds = np.searchsorted([0.35, 0.55, 0.70, 0.90], rng.random(n))
    values = rng.random(n)
    out = []
    for kind, v in zip(kinds.tolist(), values.tolist(), strict=True):
        if kind == 0:
            out.append(str(1 + int(v * 99)))
        elif kind == 1:
            out.append(str(1990 + int(v * 40)))
        elif kind == 2:
            out.append(f"{int(1000 * 1000**v):,}")
        elif kind == 3:
            out.append(f"{100**v:.{1 + int(v * 20) % 2}f}")
        else:
            k = 1 + int(v * 30)
            suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
            out.append(f"{k}{suffix}")
    return out


class Corpus:
    """Article ``i`` is a pure function of ``(seed, i)``: regenerated for queries, never kept."""

    def __init__(self, seed: int = 7, words: int = 600) -> None:
        self.seed = seed
        self.words = words
        self.vocab = _vocabulary(seed)

    def _random_words(self, rng: np.random.Generator) -> list[str]:
        n = int(rng.integers(self.words * 2 // 3, self.words * 4 // 3 + 1))
        words = [self.vocab[k] for k in rng.integers(0, VOCAB_SIZE, n).tolist()]
        at = np.flatnonzero(rng.random(n) < FIGURE_RATE).tolist()
        for i, figure in zip(at, _figures(rng, len(at)), strict=True):
            words[i] = figure
        return words

    def _edit(self, words: list[str], rng: np.random.Generator, share: float) -> list[str]:
        out = list(words)
        for at in rng.integers(0, len(out), max(1, int(len(out) * share))).tolist():
            out[at] = self.vocab[int(rng.integers(0, VOCAB_SIZE))]
        return out

    def words_of(self, i: int) -> list[str]:
        """The words of article ``i``."""
        rng = np.random.default_rng([self.seed, i])
        kind = rng.random()
        if i > 0 and kind < COPY:
            return self._edit(self.words_of(int(rng.integers(0, i))), rng, 0.01)
        if i > 0 and kind < COPY + EXCERPT:
            source = self.words_of(int(rng.integers(0, i)))
            start = int(rng.integers(0, len(source) // 2))
            return source[start : start + len(source) // 2]
        return self._random_words(rng)

    def article(self, i: int) -> Article:
        """Article ``i``."""
        return Article(f"a{i}", " ".join(self.words_of(i)))

    def texts(self, start: int, stop: int) -> list[str]:
        """The texts of articles ``start..stop-1``."""
        return [" ".join(self.words_of(i)) for i in range(start, stop)]

    def write(self, path: Path, n: int, workers: int) -> None:
        """Write the texts of articles ``0..n-1`` to ``path``, one a line (they have no
        newlines), generated in ``workers`` processes: the input the adds read, made before
        any timing (generating an article costs more than adding it)."""
        from concurrent.futures import ProcessPoolExecutor

        starts = range(0, n, CHUNK)
        stops = [min(n, s + CHUNK) for s in starts]
        with ProcessPoolExecutor(workers) as pool, path.open("w", encoding="utf-8") as out:
            for texts in pool.map(self.texts, starts, stops):
                out.write("\n".join(texts) + "\n")

    def queries(self, n_articles: int, n: int) -> tuple[list[Article], list[str | None]]:
        """Query articles and, for edits/excerpts, the indexed article each came from."""
        rng = np.random.default_rng([self.seed, 0xC0FFEE])
        out: list[Article] = []
        sources: list[str | None] = []
        for q in range(n):
            kind = q % 4
            if kind == 3:
                out.append(Article(f"q{q}", " ".join(self._random_words(rng))))
                sources.append(None)
                continue
            src = int(rng.integers(0, n_articles))
            words = self.words_of(src)
            words = words[: len(words) // 2] if kind == 2 else self._edit(words, rng, 0.005)
            out.append(Article(f"q{q}", " ".join(words)))
            sources.append(f"a{src}")
        return out, sources


def corpus_file(args: argparse.Namespace) -> Path:
    """Where the texts of this run's articles are (see :meth:`Corpus.write`)."""
    return Path(args.dir) / f"corpus-{args.seed}-{args.words}-{args.articles}.txt"


def read_articles(path: Path, n: int, label: str) -> Iterator[Article]:
    """Articles ``0..n-1`` read from a corpus file, with a progress line every chunk."""
    start = time.perf_counter()
    with path.open(encoding="utf-8") as lines:
        for i, line in enumerate(islice(lines, n)):
            if i and i % CHUNK == 0:
                rate = i / (time.perf_counter() - start)
                print(f"  {label}: {i:,} read, {rate:,.0f}/s", file=sys.stderr)
            yield Article(f"a{i}", line[:-1])


def calls(articles: Iterator[Article], size: int) -> Iterator[Iterator[Article]]:
    """The articles split into the inputs of ``add()`` calls of ``size`` (0: one call)."""
    if size == 0:
        yield articles
        return
    while chunk := list(islice(articles, size)):
        yield iter(chunk)


# -- measuring ----------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process, MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(latencies: list[float]) -> dict[str, float]:
    """p50 and p99 in milliseconds."""
    ms = np.array(latencies) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p99_ms": float(np.percentile(ms, 99))}


def redis_snapshot_size(port: int) -> int:
    """Bytes of the server's RDB snapshot, written now (``SAVE``): what its data takes on disk
    when persisted."""
    import redis

    client = redis.Redis(port=port, decode_responses=True, socket_timeout=3600)
    try:
        client.save()  # a synchronous SAVE of a 1M-article index takes a while
        where = client.config_get("dir")["dir"], client.config_get("dbfilename")["dbfilename"]
        return Path(*where).stat().st_size
    finally:
        client.close()


def cpu_seconds(redis_port: int | None) -> dict[str, float]:
    """CPU seconds so far of this process, its reaped children (the sketching processes, once
    the index is closed) and the Redis server; and the machine's idle and total jiffies."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    out = {
        "writing process": me.ru_utime + me.ru_stime,
        "sketching processes": children.ru_utime + children.ru_stime,
    }
    if redis_port is not None:
        info = redis_info(redis_port, "cpu")
        out["redis server"] = float(info["used_cpu_user"]) + float(info["used_cpu_sys"])
    stat = Path("/proc/stat")
    if stat.exists():  # Linux: cpu user nice system idle iowait ...
        jiffies = [int(v) for v in stat.read_text().split("\n")[0].split()[1:]]
        out["idle jiffies"], out["jiffies"] = jiffies[3] + jiffies[4], sum(jiffies)
    return out


def cpu_split(before: dict[str, float], after: dict[str, float], n: int) -> dict[str, float]:
    """Microseconds of CPU an article of each process between two :func:`cpu_seconds`, and
    the share of the machine's CPU time left idle."""
    out = {
        key: 1e6 * (after[key] - before[key]) / n
        for key in ("writing process", "sketching processes", "redis server")
        if key in before
    }
    if "jiffies" in before:
        idle = after["idle jiffies"] - before["idle jiffies"]
        out["idle share"] = idle / max(1.0, after["jiffies"] - before["jiffies"])
    return out


def redis_info(port: int, section: str) -> dict[str, Any]:
    """One section of the server's ``INFO``."""
    import redis

    client = redis.Redis(port=port)
    try:
        return dict(client.info(section))
    finally:
        client.close()


def redis_memory(port: int) -> int:
    """``used_memory`` of the server."""
    return int(redis_info(port, "memory")["used_memory"])


def run_dedup(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """Fill a dedup index, then query it."""
    from dedup.index import Index

    corpus = Corpus(args.seed, args.words)
    if backend == "sqlite":
        target = str(Path(args.dir) / f"bench-{args.articles}.db")
        for suffix in ("", "-wal", "-shm"):
            Path(target + suffix).unlink(missing_ok=True)
    else:
        target = f"redis://127.0.0.1:{args.redis_port}/0?prefix=bench{os.getpid()}:"
        memory_before = redis_memory(args.redis_port)
    add_seconds, added = 0.0, 0
    articles = read_articles(corpus_file(args), args.articles, backend)
    server = args.redis_port if backend == "redis" else None
    cpu_before = cpu_seconds(server)
    with Index.open(target) as index:
        for call in calls(articles, args.call_size):
            start = time.perf_counter()
            result = index.add(call, batch_size=args.batch_size, workers=args.workers)
            add_seconds += time.perf_counter() - start
            added += len(result.added)
    cpu = cpu_split(cpu_before, cpu_seconds(server), added)  # closed: the pool is reaped
    if backend == "sqlite":
        size = sum(
            Path(target + s).stat().st_size for s in ("", "-wal") if Path(target + s).exists()
        )
        disk = size
    else:
        size = redis_memory(args.redis_port) - memory_before
        disk = redis_snapshot_size(args.redis_port)
    queries, sources = corpus.queries(args.articles, args.queries)
    with Index.open(target) as index:
        start = time.perf_counter()  # a fresh client: Redis sends it the runs not yet merged
        index.query(queries[0])
        first_query = time.perf_counter() - start
        index.query_many(queries[:50])  # warm up
        latencies, hits, expected = [], 0, 0
        for query, source in zip(queries, sources, strict=True):
            start = time.perf_counter()
            matches = index.query(query)
            latencies.append(time.perf_counter() - start)
            if source is not None:
                expected += 1
                hits += any(m.id == source for m in matches)
        start = time.perf_counter()
        index.query_many(queries)
        many_seconds = time.perf_counter() - start
        start = time.perf_counter()  # a newsroom's trickle: small adds into the full index
        for first in range(args.articles, args.articles + TRICKLE, 100):
            index.add([corpus.article(i) for i in range(first, first + 100)], batch_size=100)
        trickle = TRICKLE / (time.perf_counter() - start)
        stats = index.stats()
    return {
        "backend": f"dedup {backend}",
        "articles": added,
        "add_per_s": added / add_seconds,
        **percentiles(latencies),
        "first_query_ms": 1000 * first_query,
        "query_many_per_s": len(queries) / many_seconds,
        "trickle_add_per_s": trickle,
        "bytes_per_article": size / added,
        "size_note": "file on disk" if backend == "sqlite" else "Redis used_memory",
        "disk_bytes_per_article": disk / added,  # SQLite file; Redis RDB snapshot
        "recall_of_sources": hits / expected,
        "peak_rss_mb": peak_rss_mb(),
        "add_cpu_us_per_article": cpu,
        "stats": stats,
    }


def run_sketch_only(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """``Index.add``'s sketching stage alone (the same process pool, batches and work, no
    storage): the ceiling of any backend's add rate on this machine."""
    from concurrent.futures import ProcessPoolExecutor

    from dedup.index.base import ANCHORS, IndexParams, _batched, _lookahead, _prepared
    from dedup.index.entries import GROUP_SHIFTS
    from dedup.sketch import InlineExecutor

    params = IndexParams.resolve({}).sketch_params()
    n = min(args.articles, SKETCH_ARTICLES)
    seconds = 0.0
    pool = ProcessPoolExecutor(args.workers) if args.workers > 1 else InlineExecutor()
    with pool:
        for call in calls(read_articles(corpus_file(args), n, backend), args.call_size):
            start = time.perf_counter()
            batches = _batched(call, args.batch_size)
            ahead = _lookahead(args.workers, args.batch_size)  # as Index.add does
            for _ in _prepared(batches, params, GROUP_SHIFTS[ANCHORS], pool, ahead):
                pass
            seconds += time.perf_counter() - start
    nan = float("nan")
    return {
        "backend": "sketching only",
        "articles": n,
        "add_per_s": n / seconds,
        "p50_ms": nan,
        "p99_ms": nan,
        "query_many_per_s": nan,
        "trickle_add_per_s": nan,
        "bytes_per_article": None,
        "recall_of_sources": nan,
        "peak_rss_mb": peak_rss_mb(),
    }


def run_datasketch(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """Fill a datasketch MinHashLSH with dedup signatures, then query it."""
    from datasketch import MinHashLSH

    from dedup.minhash import MinHasher, to_lean_minhash

    hasher = MinHasher(num_perm=128, k=5, seed=1)
    corpus = Corpus(args.seed, args.words)
    n = args.articles
    storage: dict[str, Any] = {"type": "dict"}
    session = not backend.endswith("-insert")
    if backend.startswith("datasketch-redis"):
        n = min(n, args.datasketch_redis_articles // (1 if session else 4))
        storage = {
            "type": "redis",
            "basename": f"ds{os.getpid()}".encode(),
            "redis": {"host": "127.0.0.1", "port": args.redis_port},
        }
        memory_before = redis_memory(args.redis_port)
    lsh = MinHashLSH(threshold=0.8, num_perm=128, params=(9, 13), storage_config=storage)
    add_seconds, added = 0.0, 0
    articles = read_articles(corpus_file(args), n, backend)
    while chunk := list(islice(articles, 5000)):
        start = time.perf_counter()
        signatures = hasher.signatures([a.text for a in chunk])
        if session:  # buffered: pipelined writes
            with lsh.insertion_session(buffer_size=50_000) as inserter:
                for article, row in zip(chunk, signatures, strict=True):
                    inserter.insert(article.id, to_lean_minhash(row))
        else:  # the plain API: round trips per article
            for article, row in zip(chunk, signatures, strict=True):
                lsh.insert(article.id, to_lean_minhash(row))
        add_seconds += time.perf_counter() - start
        added += len(chunk)
    size = None
    if backend.startswith("datasketch-redis"):
        size = (redis_memory(args.redis_port) - memory_before) / added
    queries, sources = corpus.queries(n, args.queries)
    latencies, hits, expected = [], 0, 0
    for query, source in zip(queries, sources, strict=True):
        start = time.perf_counter()
        found = lsh.query(to_lean_minhash(hasher.signatures([query.text])[0]))
        latencies.append(time.perf_counter() - start)
        if source is not None:
            expected += 1
            hits += source in found
    start = time.perf_counter()
    signatures = hasher.signatures([q.text for q in queries])
    for row in signatures:
        lsh.query(to_lean_minhash(row))
    many_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for first in range(n, n + TRICKLE, 100):
        batch = [corpus.article(i) for i in range(first, first + 100)]
        for article, row in zip(batch, hasher.signatures([a.text for a in batch]), strict=True):
            lsh.insert(article.id, to_lean_minhash(row))
    trickle = TRICKLE / (time.perf_counter() - start)
    return {
        "backend": backend.replace("datasketch-redis-insert", "datasketch-redis*"),
        "articles": added,
        "add_per_s": added / add_seconds,
        **percentiles(latencies),
        "query_many_per_s": len(queries) / many_seconds,
        "trickle_add_per_s": trickle,
        "bytes_per_article": size,
        "size_note": "Redis used_memory" if size is not None else "in memory (see RSS)",
        "recall_of_sources": hits / expected,
        "peak_rss_mb": peak_rss_mb(),
    }


# -- driver -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_redis(directory: str) -> tuple[subprocess.Popen[bytes], int]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("bench_index: redis-server not found (apt-get install redis-server)")
    port = _free_port()
    settings = ["--port", str(port), "--bind", "127.0.0.1", "--appendonly", "no", "--save", ""]
    here = tempfile.mkdtemp(prefix="redis-", dir=directory)  # no old dump.rdb loaded
    proc = subprocess.Popen(  # --dir: where the SAVE for the snapshot size writes
        [binary, *settings, "--dir", here],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("bench_index: redis-server did not start")


def _phase(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one backend in a child process; its JSON result."""
    argv = [sys.executable, "-m", "benchmarks.bench_index", "--phase", name]
    keys = ("articles", "queries", "words", "seed", "workers", "batch_size", "call_size")
    for key in (*keys, "redis_port"):
        argv += [f"--{key.replace('_', '-')}", str(getattr(args, key))]
    argv += ["--dir", args.dir]
    argv += ["--datasketch-redis-articles", str(args.datasketch_redis_articles)]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'backend':<19}{'articles':>10}{'add/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'many q/s':>10}{'trickle/s':>10}{'B/article':>11}{'disk B/a':>10}{'RSS MB':>9}"
        f"{'recall':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        size = "-" if r["bytes_per_article"] is None else f"{r['bytes_per_article']:,.0f}"
        disk = r.get("disk_bytes_per_article")
        disk_text = "-" if disk is None else f"{disk:,.0f}"
        lines.append(
            f"{r['backend']:<19}{r['articles']:>10,}{r['add_per_s']:>10,.0f}{r['p50_ms']:>9.2f}"
            f"{r['p99_ms']:>9.2f}{r['query_many_per_s']:>10,.0f}"
            f"{r.get('trickle_add_per_s', 0):>10,.0f}{size:>11}{disk_text:>10}"
            f"{r['peak_rss_mb']:>9,.0f}{r['recall_of_sources']:>8.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or, with ``--phase``, one backend of it)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", type=int, default=1_000_000)
    p.add_argument("--queries", type=int, default=2000)
    p.add_argument("--words", type=int, default=600, help="mean words per article")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--batch-size", type=int, default=2000)
    p.add_argument(
        "--call-size",
        type=int,
        default=0,
        help="articles per add() call (default 0: one call over the whole stream, as "
        "`dedup index add` makes)",
    )
    p.add_argument("--backends", default=",".join(BACKENDS))
    p.add_argument("--datasketch-redis-articles", type=int, default=20_000)
    p.add_argument("--redis-port", type=int, default=0, help="use this server (default: start one)")
    p.add_argument("--dir", default=None, help="where the SQLite file goes (a temp dir)")
    p.add_argument("--phase", choices=BACKENDS, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.phase:
        run = {"sketch": run_sketch_only, "sqlite": run_dedup, "redis": run_dedup}.get(
            args.phase, run_datasketch
        )
        print(json.dumps(run(args.phase, args)))
        return 0

    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        p.error(f"unknown backends: {', '.join(sorted(unknown))}")
    tmp = None
    if args.dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-index-")
        args.dir = tmp.name
    Path(args.dir).mkdir(parents=True, exist_ok=True)
    server = None
    if args.redis_port == 0 and any("redis" in b for b in backends):
        server, args.redis_port = _start_redis(args.dir)
    rows = []
    try:
        path = corpus_file(args)
        if not path.exists():
            print(f"bench_index: writing {args.articles:,} articles to {path}...", file=sys.stderr)
            Corpus(args.seed, args.words).write(path, args.articles, args.workers)
        for backend in backends:
            print(f"bench_index: {backend}...", file=sys.stderr)
            rows.append(_phase(backend, args))
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        if tmp is not None:
            tmp.cleanup()
    print(_table(rows))
    for row in rows:
        if "add_cpu_us_per_article" in row:
            split = ", ".join(
                f"{k} {v:.0%}" if k == "idle share" else f"{k} {v:.1f} us"
                for k, v in row["add_cpu_us_per_article"].items()
            )
            print(f"{row['backend']} add, CPU an article: {split}")
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "bench_index.json"
    runs = json.loads(path.read_text()).get("runs", {}) if path.exists() else {}
    runs[f"{args.articles}:{','.join(backends)}"] = {  # one entry per size and backend set
        "command": "python -m benchmarks.bench_index " + " ".join(argv or sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "rows": rows,
    }
    path.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
