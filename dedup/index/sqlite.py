"""SQLite storage of the index (the default): one file, stdlib :mod:`sqlite3`, WAL mode.

Layout (``WITHOUT ROWID`` bucket tables are clustered on ``(key, seq)``, so a bucket is one
range read and its members come out in insertion order)::

    meta(name TEXT PRIMARY KEY, value TEXT)                       -- format version, parameters
    articles(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE,
             published INTEGER, inserted INTEGER,                 -- epoch seconds
             bands BLOB, anchors BLOB, fingerprints BLOB)          -- see dedup.index.codec
    band_buckets(key INTEGER, seq INTEGER, PRIMARY KEY (key, seq)) WITHOUT ROWID
    anchor_buckets(key INTEGER, seq INTEGER, PRIMARY KEY (key, seq)) WITHOUT ROWID
    band_recent, anchor_recent                                    -- same, recent articles
    INDEX articles_time ON articles(coalesce(published, inserted))   -- for expire

Keys are stored as signed 32-bit integers (4 bytes in a record instead of 6). Every write is one
``BEGIN IMMEDIATE`` transaction (``synchronous=FULL``: a returned commit survives a crash or
power loss); readers see a consistent snapshot and are never blocked by the writer.

Bucket keys are random, so every entry inserted into a large B-tree dirties its own page: at a
million articles a batch of 2,000 rewrote all of the ~1 GB of bucket pages (measured: 740
articles/s). New entries therefore go to the small ``*_recent`` tables, which are merged into
the main ones, in key order (one pass over the main B-tree), once they hold
``max(20,000, sqrt(2,000 * articles merged))`` articles: a two-level LSM. All entries in
``*_recent`` belong to articles newer than every entry in the main tables, so a bucket read is
the main members then the recent ones, still in insertion order.
"""

from __future__ import annotations

import json
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
    NewDoc,
    StoredDoc,
    band_bytes,
    band_keys_of,
)
from dedup.index.codec import unpack_sorted
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
    bands BLOB NOT NULL,
    anchors BLOB NOT NULL,
    fingerprints BLOB NOT NULL
);
CREATE INDEX articles_time ON articles(coalesce(published, inserted));
CREATE TABLE band_buckets(key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq))
    WITHOUT ROWID;
CREATE TABLE anchor_buckets(key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq))
    WITHOUT ROWID;
CREATE TABLE band_recent(key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq))
    WITHOUT ROWID;
CREATE TABLE anchor_recent(key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq))
    WITHOUT ROWID;
"""
_TABLES = {"meta", "articles", "band_buckets", "anchor_buckets", "band_recent", "anchor_recent"}
_BUCKETS = {BANDS: "band_buckets", ANCHORS: "anchor_buckets"}
_RECENT = {BANDS: "band_recent", ANCHORS: "anchor_recent"}
MERGE_MIN = 20_000
"""Articles in the recent bucket tables before they are merged into the main ones (at least)."""
_MAX_PARAMS = 500  # host parameters per IN (...) list
PAGE_SIZE = 16384  # 2.2 KB article rows waste ~45% of 4 KB pages, ~7% of 16 KB ones (measured)


class SQLiteStorage:
    """:class:`dedup.index.base.Storage` in one SQLite file."""

    def __init__(self, path: str, *, create: bool = True, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.target = str(path)
        self.timeout = timeout
        self._local = threading.local()
        self._json = True
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
        if conn is not None and self._local.pid == os.getpid():
            return conn
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
                conn.execute("PRAGMA cache_size = -65536")  # 64 MB
                conn.execute("PRAGMA mmap_size = 268435456")
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                try:
                    conn.execute("SELECT value FROM json_each('[1]')").fetchone()
                    self._json = True
                except sqlite3.OperationalError:  # SQLite built without JSON
                    self._json = False
            except BaseException:
                conn.close()
                raise
        self._local.conn = conn
        self._local.pid = os.getpid()
        self._local.depth = 0
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
        """Close this thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.pid == os.getpid():
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

    def insert(self, docs: Sequence[NewDoc], inserted: int) -> list[bool]:
        """Add ``docs`` (skipping ids present) and their bucket entries in one transaction."""
        with self._transaction(write=True) as cur:
            present = self._present(cur, [d.id for d in docs])
            row = cur.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
            seq = int(row[0]) if row else 0
            flags, rows, seqs = [], [], []
            for doc in docs:
                ok = doc.id not in present
                flags.append(ok)
                if ok:
                    seq += 1
                    seqs.append(seq)
                    rows.append(
                        (
                            seq,
                            doc.id,
                            doc.published,
                            inserted,
                            band_bytes(doc.band_keys),
                            doc.anchors,
                            doc.fingerprints,
                        )
                    )
            cur.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            added = [d for d, ok in zip(docs, flags, strict=True) if ok]
            for kind, keys_of in ((BANDS, _bands_of), (ANCHORS, _anchors_of)):
                codes = _bucket_codes([keys_of(d) for d in added], seqs)
                self._bucket_rows(cur, "INSERT INTO {table} {rows}", _RECENT[kind], codes)
            due = self._merge_due(cur, seq)
        if due:
            self.merge()
        return flags

    def _merge_due(self, cur: sqlite3.Cursor, last: int) -> bool:
        merged = int(cur.execute("SELECT value FROM meta WHERE name = 'merged_seq'").fetchone()[0])
        return last - merged >= max(MERGE_MIN, int((2000 * merged) ** 0.5))

    def merge(self) -> None:
        """Move the recent bucket entries into the main tables (one transaction)."""
        with self._transaction(write=True) as cur:
            row = cur.execute("SELECT seq FROM sqlite_sequence WHERE name = 'articles'").fetchone()
            last = int(row[0]) if row else 0
            for kind in (BANDS, ANCHORS):
                main, recent = _BUCKETS[kind], _RECENT[kind]
                cur.execute(f"INSERT INTO {main} SELECT key, seq FROM {recent} ORDER BY key, seq")
                cur.execute(f"DELETE FROM {recent}")
            cur.execute("UPDATE meta SET value = ? WHERE name = 'merged_seq'", (str(last),))
        logger.info("%s: merged recent bucket entries up to article %d", self.target, last)

    def _bucket_rows(self, cur: sqlite3.Cursor, sql: str, table: str, codes: np.ndarray) -> None:
        """Run ``sql`` with ``{rows}`` the ``(key, seq)`` rows of ``codes``: one JSON array
        expanded by ``json_each`` inside SQLite (2.5x faster than ``executemany`` of tuples),
        or ``executemany`` where SQLite lacks JSON."""
        if not len(codes):
            return
        if self._json:
            rows = "SELECT value >> 32, value & 4294967295 FROM json_each(?)"
            cur.execute(sql.format(table=table, rows=rows), (json.dumps(codes.tolist()),))
        else:
            pairs = zip((codes >> 32).tolist(), (codes & 0xFFFFFFFF).tolist(), strict=True)
            cur.executemany(sql.format(table=table, rows="VALUES (?, ?)"), list(pairs))

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
            seqs = [int(r[0]) for r in found]
            band_lists = [band_keys_of(r[2]) for r in found]
            anchor_lists = [_unpack(r[3], self.target) for r in found]
            for kind, lists in ((BANDS, band_lists), (ANCHORS, anchor_lists)):
                sql = "DELETE FROM {table} WHERE (key, seq) IN ({rows})"
                if not self._json:
                    sql = "DELETE FROM {table} WHERE (key, seq) = ({rows})"
                codes = _bucket_codes(lists, seqs)
                for table in (_BUCKETS[kind], _RECENT[kind]):
                    self._bucket_rows(cur, sql, table, codes)
            cur.executemany("DELETE FROM articles WHERE seq = ?", [(s,) for s in seqs])
            return [str(r[1]) for r in found]

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
        """Members of each bucket in insertion order, at most ``limit`` each."""
        main, recent = _BUCKETS[kind], _RECENT[kind]
        sql = (
            f"SELECT seq FROM {main} WHERE key = ?1 UNION ALL "
            f"SELECT seq FROM {recent} WHERE key = ?1 ORDER BY 1 LIMIT ?2"
        )
        stop = -1 if limit is None else limit
        signed = np.asarray(keys, dtype=np.uint32).view(np.int32).tolist()
        with self._transaction(write=False) as cur:
            return [[r[0] for r in cur.execute(sql, (k, stop))] for k in signed]

    def fetch(self, seqs: Sequence[int]) -> dict[int, StoredDoc]:
        """Stored articles by sequence number."""
        out: dict[int, StoredDoc] = {}
        with self._transaction(write=False) as cur:
            for part in _parts(list(seqs)):
                marks = ",".join("?" * len(part))
                sql = f"SELECT seq, id, anchors, fingerprints FROM articles WHERE seq IN ({marks})"
                for seq, id_, anchors, fingerprints in cur.execute(sql, part):
                    out[int(seq)] = StoredDoc(int(seq), str(id_), bytes(anchors), fingerprints)
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


def _bands_of(doc: NewDoc) -> np.ndarray:
    return doc.band_keys


def _anchors_of(doc: NewDoc) -> np.ndarray:
    return doc.anchor_keys


def _unpack(blob: bytes, where: str) -> np.ndarray:
    try:
        return unpack_sorted(blob)
    except IndexFormatError as exc:
        raise IndexFormatError(f"{where}: {exc}") from None


def _bucket_codes(key_lists: list[np.ndarray], seqs: list[int]) -> np.ndarray:
    """``signed key << 32 | seq`` of every bucket entry, sorted (so inserts walk the B-tree in
    order); int64."""
    if not key_lists:
        return np.zeros(0, dtype=np.int64)
    keys = np.concatenate([np.asarray(k, dtype=np.uint32) for k in key_lists]).view(np.int32)
    owners = np.repeat(np.asarray(seqs, dtype=np.int64), [len(k) for k in key_lists])
    return np.sort((keys.astype(np.int64) << 32) | owners)


def _parts(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _MAX_PARAMS):
        yield items[start : start + _MAX_PARAMS]
