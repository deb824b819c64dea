"""Helpers of the index tests: a real redis-server, the bundled sample's paths, random
articles, and a check that every article is in all of its buckets and no other."""

from __future__ import annotations

import random
import shutil
import socket
import sqlite3
import subprocess
import time
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

import dedup
from dedup import Article
from dedup.index import Index
from dedup.index.base import band_keys_of
from dedup.index.codec import unpack_sorted

ROOT = Path(__file__).parents[2]
WIRE = ROOT / "examples" / "wire_sample.jsonl.gz"
SEEDS = ROOT / "examples" / "seeds"
BACKENDS = ("sqlite", "redis")


def free_port() -> int:
    """A TCP port nobody listens on right now (on the loopback interface)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A throwaway ``redis-server`` on a free loopback port, without persistence."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail(
                "redis-server is not installed: the Redis backend tests need a real server. "
                "Install it (apt-get install -y redis-server; tests/run.sh does it as root)",
                pytrace=False,
            )
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                self.stop()
                pytest.fail(f"redis-server did not start on port {self.port}: {err}")
            time.sleep(0.05)

    def url(self, prefix: str | None = None) -> str:
        """A URL of database 0; ``prefix`` isolates one index's keys from the others'."""
        base = f"redis://127.0.0.1:{self.port}/0"
        return base if prefix is None else f"{base}?prefix={prefix}"

    def stop(self) -> None:
        """Stop the server (SIGKILL if it does not exit in 5 s)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def random_articles(n: int, seed: int, *, words: int = 120, prefix: str = "r") -> list[Article]:
    """Unrelated articles of random words (fast to make)."""
    rng = random.Random(seed)
    letters = str.maketrans("0123456789", "abcdefghij")  # words, not figures
    vocab = [f"w{i}".translate(letters) for i in range(20000)]
    return [Article(f"{prefix}{seed}-{i}", " ".join(rng.choices(vocab, k=words))) for i in range(n)]


def pairs_of(articles: list[Article], found: list[list[dedup.index.Match]]) -> dict:
    """Matches as ``{sorted ids: (relation, jaccard, containment)}``, without self matches."""
    out = {}
    for article, matches in zip(articles, found, strict=True):
        for m in matches:
            if m.id != article.id:
                out[tuple(sorted((article.id, m.id)))] = (m.relation, m.jaccard, m.containment)
    return out


def scan_pairs(result: dedup.DedupResult) -> dict:
    """Scan pairs in the form of :func:`pairs_of`."""
    return {tuple(sorted((p.a, p.b))): (p.relation, p.jaccard, p.containment) for p in result.pairs}


def bucket_state(index: Index) -> tuple[set, set, set]:
    """``(expected, actual, ids)``: bucket entries the stored articles call for, the entries
    actually stored, and the ids stored. An article keeps its anchors' groups (not keys), so
    anchor entries are compared as ``("a", group, seq)``, and each article must have as many
    anchor entries as it has anchors."""
    from dedup.index.entries import GROUP_SHIFTS

    storage = index.storage
    articles: list[tuple[int, str, int, bytes, bytes]] = []  # seq, id, anchors, bands, groups
    if index.stats()["backend"] == "sqlite":
        with sqlite3.connect(storage.path) as conn:  # type: ignore[attr-defined]
            sql = "SELECT seq, id, n_anchors, bands, anchors FROM articles"
            articles = [tuple(row) for row in conn.execute(sql)]  # type: ignore[misc]
    else:
        from dedup.index.redis import _parse

        client = storage.client  # type: ignore[attr-defined]
        prefix = storage.prefix  # type: ignore[attr-defined]
        seq_of = {k.decode(): int(v) for k, v in client.hgetall(prefix + b"ids").items()}
        for first in map(int, client.zrange(prefix + b"pages", 0, -1)):
            page = client.get(prefix + b"d" + str(first).encode())
            n = int.from_bytes(page[:4], "little")
            ends = np.frombuffer(page, "<u4", count=n, offset=4 + 8 * n).tolist()
            times = np.frombuffer(page, "<i8", count=n, offset=4).tolist()
            body = 4 + 12 * n
            spans = list(pairwise([0, *ends]))
            live = [t for t, (a, b) in zip(times, spans, strict=True) if b > a]
            assert client.zscore(prefix + b"early", first) == min(live), "stale expiry time"
            assert client.zscore(prefix + b"late", first) == max(live), "stale latest time"
            for slot, (start, stop) in enumerate(spans):
                if stop > start:
                    r = _parse(page[body + start : body + stop], "test")
                    seq = first + slot
                    articles.append((seq, r["id"], r["n_anchors"], r["bands"], r["anchors"]))
                    assert seq_of[r["id"]] == seq
        assert set(seq_of) == {a[1] for a in articles}, "ids hash and pages disagree"
    shift = GROUP_SHIFTS["a"]
    expected: set[tuple[str, int, int]] = set()
    for seq, _, _, bands, anchors in articles:
        expected |= {("b", int(k), seq) for k in band_keys_of(bands)}
        expected |= {("a", int(g), seq) for g in unpack_sorted(anchors)}
    actual: set[tuple[str, int, int]] = set()
    counts: dict[int, int] = {}
    for kind, key, seq in storage.entries():  # type: ignore[attr-defined]
        if kind == "a":
            counts[seq] = counts.get(seq, 0) + 1
            actual.add((kind, key >> shift, seq))
        else:
            assert (kind, key, seq) not in actual, f"{(kind, key, seq)} stored twice"
            actual.add((kind, key, seq))
    assert counts == {a[0]: a[2] for a in articles if a[2]}, "anchor entries miscounted"
    return expected, actual, {a[1] for a in articles}


def assert_consistent(index: Index) -> set[str]:
    """Every stored article is in all of its buckets, and buckets hold nothing else; the ids."""
    expected, actual, ids = bucket_state(index)
    assert actual == expected, (
        f"{len(actual - expected)} stray bucket entries, {len(expected - actual)} missing"
    )
    return ids
