"""SQLite storage of the index (the default): one file, stdlib :mod:`sqlite3`, WAL mode.

Layout::

    meta(name TEXT PRIMARY KEY, value TEXT)                       -- format version, parameters
    articles(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE,
             published INTEGER, inserted INTEGER,                 -- epoch seconds
             n_anchors INTEGER,                                   -- distinct anchors
             bands BLOB,                                          -- band keys, <u4
             anchors BLOB,                                        -- groups of its anchor keys
             fingerprints BLOB)                                   -- see dedup.index.codec
    band_groups(grp INTEGER PRIMARY KEY, members BLOB)            -- bucket entries, by key
    anchor_groups(grp INTEGER PRIMARY KEY, members BLOB)
    recent(run INTEGER PRIMARY KEY AUTOINCREMENT, articles INTEGER,
           bands BLOB, anchors BLOB)                              -- newest entries, by batch
    INDEX articles_time ON articles(coalesce(published, inserted))   -- for expire

Bucket entries ``(key, seq)`` live in two levels (a small LSM tree). Each ``add`` batch writes
its entries as one *run*: a row of ``recent`` holding sorted ``key << 32 | seq`` uint64 codes
(one blob per kind): no per-entry rows, so a batch costs a few writes whatever its size.
Runs are immutable and never renumbered, so a reading process keeps the ones it has decoded in
memory and loads only new ones; four runs of a size class are combined into one. Once the runs
hold ``max(20,000, sqrt(40,000 * articles merged))`` articles they are merged into the
*groups*: a bucket key ``k`` belongs to group ``k >> s`` (``s`` is :data:`GROUP_SHIFTS`: 16
for band keys, 14 for anchor keys, ~280 entries a group at a million articles), whose
``members`` blob lists 6-byte entries ``(k & (2**s - 1) as <u2, seq as <u4)``; a merge appends
to each group, in one pass in group order, the entries of all runs (ascending seq within a key,
all newer than what the group holds). About 6.1 bytes an entry on disk at a million articles (a
row per entry costs ~13); a bucket read is one group row per key (only the entries of the
wanted keys are decoded: a binary search of each entry's key among them) plus a binary search
in each cached run. An article keeps the distinct groups of its anchor keys (not the keys, ~120
bytes less), enough to find and drop its entries (by seq) when it is removed.

Every write is one ``BEGIN IMMEDIATE`` transaction (``synchronous=FULL``: a returned commit
survives a crash or power loss); readers see a consistent snapshot and are never blocked by
the writer.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from dedup.index.base import (
    ANCHORS,
    BANDS,
    NewDocs,
    StoredDoc,
    band_bytes,
    band_keys_of,
)
from dedup.index.codec import unpack_sorted
from dedup.index.entries import (
    GROUP_SHIFTS,
    RUN_FANOUT,
    codes_of,
    combine_due,
    decode_groups,
    group_rows,
    group_rows_keep_order,
    groups_of,
    members,
    merge_due,
    owned_by,
    run_codes,
    sorted_concat,
)
from dedup.index.errors import (
    IndexFormatError,
    IndexMissingError,
    IndexStorageError,
)

__all__ = ["SQLiteStorage"]

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE articles(
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    published INTEGER,
    inserted INTEGER NOT NULL,
    n_anchors INTEGER NOT NULL,
    bands BLOB NOT NULL,
    anchors BLOB NOT NULL,
    fingerprints BLOB NOT NULL
);
CREATE INDEX articles_time ON articles(coalesce(published, inserted));
CREATE TABLE band_groups(grp INTEGER PRIMARY KEY, members BLOB NOT NULL);
CREATE TABLE anchor_groups(grp INTEGER PRIMARY KEY, members BLOB NOT NULL);
CREATE TABLE recent(
    run INTEGER PRIMARY KEY AUTOINCREMENT,
    articles INTEGER NOT NULL,
    bands BLOB NOT NULL,
    anchors BLOB NOT NULL
);
"""
_TABLES = {"meta", "articles", "band_groups", "anchor_groups", "recent"}
_GROUPS = {BANDS: "band_groups", ANCHORS: "anchor_groups"}
_RUN_COLUMN = {BANDS: "bands", ANCHORS: "anchors"}
MERGE_MIN = 20_000
"""Articles in the recent runs before they are merged into the groups (at least)."""
MERGE_FACTOR = 40_000
"""Runs are merged once they hold ``sqrt(MERGE_FACTOR * articles merged)`` articles (or
``MERGE_MIN``): a merge rewrites every group, so fewer, larger merges at larger sizes."""
_MAX_PARAMS = 500  # host parameters per IN (...) list
PAGE_SIZE = 65536  # ~1.6 KB article rows waste ~1% of a 64 KB page, ~6% of a 16 KB one
WAL_LIMIT = 64 << 20
"""Bytes the write-ahead log is truncated to after a checkpoint (a merge's WAL is larger)."""
_S32 = np.uint64(32)


class SQLiteStorage:
    """:class:`dedup.index.base.Storage` in one SQLite file."""

    anchor_shift = GROUP_SHIFTS[ANCHORS]

    def __init__(self, path: str, *, create: bool = True, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.target = str(path)
        self.timeout = timeout
        self._local = threading.local()
        self._runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._cache_lock = threading.Lock()
        self._opened: list[tuple[int, sqlite3.Connection]] = []  # (pid, conn) of every thread
        self._era = 0  # close() counts up: a thread's connection from before is closed
        if self.path.is_dir():
            raise IndexFormatError(f"{self.target}: is a directory, not an index file")
        if not self.path.exists():
            if not create:
                raise IndexMissingError(f"{self.target}: no such index file")
            if not self.path.parent.is_dir():
                raise IndexStorageError(f"{self.target}: directory {self.path.parent} missing")
        self._conn()  # fail now on a foreign or corrupted file

    # -- connection ---------------------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        """This thread's (and process's) connection, opened on first use."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid() and self._local.era == self._era:
            return conn  # opened by this thread since the last close()
        with self._errors():
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # new files only; before WAL
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    logger.warning("%s: journal mode %s, not WAL", self.target, mode)
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute(f"PRAGMA journal_size_limit = {WAL_LIMIT}")
                conn.execute("PRAGMA cache_size = -65536")  # 64 MB
                conn.execute("PRAGMA mmap_size = 268435456")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except BaseException:
                conn.close()
                raise
        self._local.conn = conn
        self._local.pid = os.getpid()
        self._local.depth = 0
        with self._cache_lock:
            self._local.era = self._era
            self._opened.append((os.getpid(), conn))
        return conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """sqlite3 errors as dedup errors naming the file."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            raise IndexStorageError(f"{self.target}: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"...
            raise IndexFormatError(
                f"{self.target}: not a dedup index, or corrupted ({exc})"
            ) from exc

    @contextmanager
    def _transaction(self, write: bool) -> Iterator[sqlite3.Cursor]:
        """One transaction (``BEGIN IMMEDIATE`` for writes); nested uses join the outer one."""
        conn = self._conn()
        if self._local.depth:
            self._local.depth += 1
            try:
                yield conn.cursor()
            finally:
                self._local.depth -= 1
            return
        with self._errors():
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            self._local.depth = 1
            try:
                yield conn.cursor()
            except BaseException:
                self._local.depth = 0
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            self._local.depth = 0
            conn.execute("COMMIT")

    def close(self) -> None:
        """Close the connections every thread of this process opened: the last one to close
        folds the WAL file back into the database."""
        with self._cache_lock:
            opened, self._opened = self._opened, []
            self._era += 1
        for pid, conn in opened:
            if pid == os.getpid():  # a forked child leaves its parent's connections alone
                conn.close()
        self._local.conn = None

    def release_thread(self) -> None:
        """Close this thread's connection (a thread done with the index)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
            with self._cache_lock:
                self._opened = [(p, c) for p, c in self._opened if c is not conn]
            conn.close()
        self._local.conn = None

    # -- metadata -----------------------------------------------------------------------------

    def _tables(self, cur: sqlite3.Cursor) -> set[str]:
        return {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def load_meta(self) -> dict[str, str] | None:
        """Stored metadata; ``None`` for an empty database."""
        with self._transaction(write=False) as cur:
            tables = self._tables(cur) - {"sqlite_sequence"}
            if not tables:
                return None
            if not tables >= _TABLES:
                raise IndexFormatError(
                    f"{self.target}: an SQLite database, but not a dedup index "
                    f"(tables: {', '.join(sorted(tables))})"
                )
            return {str(k): str(v) for k, v in cur.execute("SELECT name, value FROM meta")}

    def create_meta(self, meta: dict[str, str]) -> dict[str, str]:
        """Create the schema and store ``meta`` unless another process just did."""
        with self._transaction(write=True) as cur:
            tables = self._tables(cur) - {"sqlite_sequence"}
            if not tables:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        cur.execute(statement)
                cur.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
                cur.execute("INSERT INTO meta VALUES ('merged_seq', '0')")
        stored = self.load_meta()
        assert stored is not None
        return stored

    # -- writing ------------------------------------------------------------------------------

    def insert(self, docs: NewDocs, inserted: int) -> list[bool]:
        """Add ``docs`` (skipping ids present) and their bucket entries, as one new run, in one
        transaction."""
        with self._transaction(write=True) as cur:
            present = self._present(cur, docs.ids)
            flags = [i not in present for i in docs.ids]
            if not any(flags):
                return flags
            added = docs if all(flags) else docs.take([i for i, ok in enumerate(flags) if ok])
            row = cur.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
            first = (int(row[0]) if row else 0) + 1
            seqs = np.arange(first, first + len(added))
            if first + len(added) > 1 << 32:
                raise IndexStorageError(f"{self.target}: more than 2**32 articles ever added")
            rows = [
                (
                    seq,
                    added.ids[i],
                    None if added.times[i] < 0 else added.times[i],
                    inserted,
                    n_anchors,
                    band_bytes(added.bands(i)),
                    added.anchors[i],
                    added.fingerprints[i],
                )
                for i, (seq, n_anchors) in enumerate(
                    zip(seqs.tolist(), added.n_anchors.tolist(), strict=True)
                )
            ]
            cur.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            bands = codes_of(added.band_keys, added.band_offsets, seqs)
            anchors = codes_of(added.anchor_keys, added.anchor_offsets, seqs)
            self._add_run(cur, len(added), bands, anchors)
            self._combine_runs(cur)
            due = self._merge_due(cur, int(seqs[-1]))
        if due:
            self.merge()
        return flags

    def _add_run(
        self, cur: sqlite3.Cursor, articles: int, bands: np.ndarray, anchors: np.ndarray
    ) -> None:
        cur.execute(
            "INSERT INTO recent(articles, bands, anchors) VALUES (?, ?, ?)",
            (articles, bands.astype("<u8").tobytes(), anchors.astype("<u8").tobytes()),
        )

    def _combine_runs(self, cur: sqlite3.Cursor) -> None:
        """Combine the newest ``RUN_FANOUT`` runs while they are of one size class, so a
        reader searches a few runs, whatever the batch size."""
        while True:
            sql = "SELECT run, articles FROM recent ORDER BY run DESC LIMIT ?"
            newest = cur.execute(sql, (RUN_FANOUT,)).fetchall()
            if not combine_due([int(n) for _, n in newest]):
                return
            runs = [int(r) for r, _ in newest]
            loaded = self._load_runs(cur, runs)
            total = sum(int(n) for _, n in newest)
            merged = [sorted_concat([loaded[r][kind] for r in runs]) for kind in (0, 1)]
            marks = ",".join("?" * len(runs))
            cur.execute(f"DELETE FROM recent WHERE run IN ({marks})", runs)
            self._add_run(cur, total, merged[0], merged[1])

    def _merge_due(self, cur: sqlite3.Cursor, last: int) -> bool:
        merged = int(cur.execute("SELECT value FROM meta WHERE name = 'merged_seq'").fetchone()[0])
        return merge_due(last, merged, MERGE_MIN, MERGE_FACTOR)

    def merge(self) -> None:
        """Move the entries of all runs into the groups (one transaction, one pass)."""
        with self._transaction(write=True) as cur:
            row = cur.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
            last = int(row[0]) if row else 0
            runs = [int(r[0]) for r in cur.execute("SELECT run FROM recent ORDER BY run")]
            loaded = self._load_runs(cur, runs)
            for i, kind in enumerate((BANDS, ANCHORS)):
                grp, blobs = group_rows([loaded[r][i] for r in runs], GROUP_SHIFTS[kind])
                cur.executemany(
                    f"INSERT INTO {_GROUPS[kind]}(grp, members) VALUES (?, ?) "
                    "ON CONFLICT(grp) DO UPDATE SET members = CAST(members || excluded.members "
                    "AS BLOB)",
                    zip(grp, blobs, strict=True),
                )
            cur.execute("DELETE FROM recent")
            cur.execute("UPDATE meta SET value = ? WHERE name = 'merged_seq'", (str(last),))
        with self._errors():  # a merge rewrites most pages: give the WAL's space back now
            self._conn().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        logger.info("%s: merged recent bucket entries up to article %d", self.target, last)

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Delete articles and all their bucket entries in one transaction."""
        with self._transaction(write=True) as cur:
            found = []
            for part in _parts(list(dict.fromkeys(ids))):
                marks = ",".join("?" * len(part))
                found += cur.execute(
                    f"SELECT seq, id, bands, anchors FROM articles WHERE id IN ({marks})", part
                ).fetchall()
            if not found:
                return []
            seqs = np.array(sorted(int(r[0]) for r in found), dtype=np.uint64)
            shift = np.uint32(GROUP_SHIFTS[BANDS])
            groups = {
                BANDS: np.concatenate([band_keys_of(r[2]) >> shift for r in found]),
                ANCHORS: np.concatenate([_unpack(r[3], self.target) for r in found]),
            }
            for kind, grp in groups.items():
                self._remove_from_groups(cur, kind, np.unique(grp), seqs)
            runs = cur.execute("SELECT run, articles FROM recent ORDER BY run").fetchall()
            loaded = self._load_runs(cur, [int(r) for r, _ in runs])
            for run, articles in runs:
                kept = [codes[~owned_by(codes, seqs)] for codes in loaded[run]]
                if any(len(k) < len(c) for k, c in zip(kept, loaded[run], strict=True)):
                    cur.execute("DELETE FROM recent WHERE run = ?", (run,))
                    self._add_run(cur, int(articles), kept[0], kept[1])
            cur.executemany("DELETE FROM articles WHERE seq = ?", [(int(s),) for s in seqs])
            return [str(r[1]) for r in found]

    def _remove_from_groups(
        self, cur: sqlite3.Cursor, kind: str, groups: np.ndarray, seqs: np.ndarray
    ) -> None:
        """Rewrite ``groups`` without the entries of articles ``seqs`` (sorted uint64)."""
        table, shift = _GROUPS[kind], GROUP_SHIFTS[kind]
        rows: list[tuple[int, bytes]] = []
        for part in _parts(groups.astype(np.int64).tolist()):
            marks = ",".join("?" * len(part))
            rows += cur.execute(f"SELECT grp, members FROM {table} WHERE grp IN ({marks})", part)
        if not rows:
            return
        grp, codes = decode_groups(rows, shift)
        keep = ~owned_by(codes, seqs)
        new_grp, blobs = group_rows_keep_order(grp[keep], codes[keep], shift)
        emptied = sorted(set(int(g) for g, _ in rows) - set(new_grp))
        cur.executemany(
            f"UPDATE {table} SET members = ? WHERE grp = ?", zip(blobs, new_grp, strict=True)
        )
        cur.executemany(f"DELETE FROM {table} WHERE grp = ?", [(g,) for g in emptied])

    # -- reading ------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: every read inside sees the same state."""
        with self._transaction(write=False):
            yield

    def seqs_of(self, ids: Sequence[str]) -> dict[str, int]:
        """Sequence numbers of the indexed ids."""
        out: dict[str, int] = {}
        with self._transaction(write=False) as cur:
            for part in _parts(list(ids)):
                marks = ",".join("?" * len(part))
                sql = f"SELECT id, seq FROM articles WHERE id IN ({marks})"
                out.update((str(i), int(s)) for i, s in cur.execute(sql, part))
        return out

    def buckets(self, kind: str, keys: np.ndarray, limit: int | None) -> list[list[int]]:
        """Members of each bucket in insertion order, at most ``limit`` each: the group rows of
        the keys, then the cached runs."""
        keys = np.asarray(keys, dtype=np.uint32)
        if not len(keys):
            return []
        groups = groups_of(kind, keys).tolist()
        table, column = _GROUPS[kind], 0 if kind == BANDS else 1
        with self._transaction(write=False) as cur:
            rows: list[tuple[int, bytes]] = []
            for part in _parts(groups):
                marks = ",".join("?" * len(part))
                sql = f"SELECT grp, members FROM {table} WHERE grp IN ({marks})"
                rows += cur.execute(sql, part)
            runs = [int(r[0]) for r in cur.execute("SELECT run FROM recent ORDER BY run")]
            loaded = self._load_runs(cur, runs, keep_cache=True)
        return members(kind, keys, rows, [loaded[run][column] for run in runs], limit)

    def _load_runs(
        self, cur: sqlite3.Cursor, runs: list[int], keep_cache: bool = False
    ) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Decoded runs ``(band codes, anchor codes)``; with ``keep_cache`` they are kept for
        the next reads (runs never change) and runs no longer stored are dropped."""
        with self._cache_lock:
            cache = self._runs
            missing = [r for r in runs if r not in cache]
            out = {r: cache[r] for r in runs if r in cache}
            for part in _parts(missing):
                marks = ",".join("?" * len(part))
                sql = f"SELECT run, bands, anchors FROM recent WHERE run IN ({marks})"
                for run, bands, anchors in cur.execute(sql, part):
                    out[int(run)] = (run_codes(bands), run_codes(anchors))
            if len(out) < len(runs):
                raise IndexFormatError(f"{self.target}: corrupted index: a recent run vanished")
            if keep_cache:
                self._runs = out
            return out

    def fetch(self, seqs: Sequence[int]) -> dict[int, StoredDoc]:
        """Stored articles by sequence number."""
        out: dict[int, StoredDoc] = {}
        with self._transaction(write=False) as cur:
            for part in _parts(list(seqs)):
                marks = ",".join("?" * len(part))
                sql = (
                    f"SELECT seq, id, n_anchors, fingerprints FROM articles WHERE seq IN ({marks})"
                )
                for seq, id_, n_anchors, fingerprints in cur.execute(sql, part):
                    if not isinstance(n_anchors, int) or not isinstance(fingerprints, bytes):
                        raise IndexFormatError(f"{self.target}: corrupted article {id_!r}")
                    out[int(seq)] = StoredDoc(int(seq), str(id_), n_anchors, fingerprints)
        return out

    def ids_older_than(self, cutoff: int, limit: int) -> list[str]:
        """Ids whose published (else insert) time is before ``cutoff``."""
        with self._transaction(write=False) as cur:
            sql = "SELECT id FROM articles WHERE coalesce(published, inserted) < ? LIMIT ?"
            return [str(r[0]) for r in cur.execute(sql, (cutoff, limit))]

    def count(self) -> int:
        """Articles indexed."""
        with self._transaction(write=False) as cur:
            return int(cur.execute("SELECT count(*) FROM articles").fetchone()[0])

    def storage_stats(self, detailed: bool = False) -> dict[str, Any]:
        """File sizes, time range and page figures."""
        with self._transaction(write=False) as cur:
            oldest, newest = cur.execute(
                "SELECT min(coalesce(published, inserted)), max(coalesce(published, inserted)) "
                "FROM articles"
            ).fetchone()
            page_size = cur.execute("PRAGMA page_size").fetchone()[0]
            pages = cur.execute("PRAGMA page_count").fetchone()[0]
            free = cur.execute("PRAGMA freelist_count").fetchone()[0]
        wal = Path(f"{self.path}-wal")
        return {
            "backend": "sqlite",
            "bytes": int(pages * page_size),
            "file_bytes": self.path.stat().st_size,
            "wal_bytes": wal.stat().st_size if wal.exists() else 0,
            "free_pages": int(free),
            "oldest": oldest,
            "newest": newest,
        }

    def entries(self) -> list[tuple[str, int, int]]:
        """Every stored bucket entry ``(kind, key, seq)``, groups then runs (for checks)."""
        out: list[tuple[str, int, int]] = []
        with self._transaction(write=False) as cur:
            for column, kind in enumerate((BANDS, ANCHORS)):
                rows = list(cur.execute(f"SELECT grp, members FROM {_GROUPS[kind]}"))
                parts = [decode_groups(rows, GROUP_SHIFTS[kind])[1]] if rows else []
                for bands, anchors in cur.execute("SELECT bands, anchors FROM recent"):
                    parts.append(run_codes((bands, anchors)[column]))
                for codes in parts:
                    keys, seqs = (codes >> _S32).tolist(), (codes & np.uint64(0xFFFFFFFF)).tolist()
                    out += [(kind, k, q) for k, q in zip(keys, seqs, strict=True)]
        return out

    def present(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are indexed."""
        with self._transaction(write=False) as cur:
            return self._present(cur, ids)

    def _present(self, cur: sqlite3.Cursor, ids: Sequence[str]) -> set[str]:
        out: set[str] = set()
        for part in _parts(list(ids)):
            marks = ",".join("?" * len(part))
            sql = f"SELECT id FROM articles WHERE id IN ({marks})"
            out.update(r[0] for r in cur.execute(sql, part))
        return out


def _unpack(blob: bytes, where: str) -> np.ndarray:
    try:
        return unpack_sorted(blob)
    except IndexFormatError as exc:
        raise IndexFormatError(f"{where}: {exc}") from None


def _parts(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _MAX_PARAMS):
        yield items[start : start + _MAX_PARAMS]
