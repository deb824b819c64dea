"""Redis storage of the index (``pip install 'dedup[redis]'``), for an index shared by machines.

Keys (``P`` is the prefix, ``dedup:`` unless the URL says ``?prefix=...``)::

    P meta          hash    format_version, params (JSON), created, created_by
    P seq           string  last sequence number given out (never reused)
    P ids           hash    article id -> seq
    P d<first>      string  a *page*: records of one add batch (~1 MB), the first seq <first>
    P pages         zset    the pages (their first seq), scored by their first seq
    P early         zset    the pages scored by the earliest time of their articles (expire)
    P late          zset    the pages scored by the latest (stats)
    P runs          hash    run id -> the seq its codes count from (one add batch's, or 0)
    P r<run>        string  a run's bucket entries (sorted uint64 codes)
    P runid         string  last run id given out
    P merged        string  last seq whose entries were merged into the groups
    P marks         hash    group hash -> last seq merged into it (a merge under way)
    P merging       string  the client merging (expires)
    P h<kind><hi>   hash    groups of bucket entries: field <lo> (1 byte) holds group hi << 8 | lo
                            (kind ``b`` or ``a``, hi 3 bytes)
    P t<token>      string  a page or run sent with the script that adds it (renamed or deleted
                            in the same transaction)

A page is ``<u4 n>``, each article's time (``<i8``: published, else inserted), where each
record ends in the body (``<u4``; a removed article's record is empty), then the records
(:data:`_RECORD` header, id, band keys, anchor groups, fingerprints). An article is found from
its seq by the page whose first seq is the greatest not above it, and read with two GETRANGEs.
A few values per batch instead of a hash field per article save ~300 bytes an article of
server memory and most of the server's work per article: an add stores its pages (cut at
``PAGE_BYTES``), a run and the ids.

The bucket entries are laid out as in SQLite (:mod:`dedup.index.entries`): an ``add`` batch
writes its entries as one *run* value (sorted ``key << 32 | seq`` codes, seqs relative to the
batch's first). Once the runs hold enough articles, a client merges them into the *groups*
(strings of 6-byte entries, ``GROUP_SHIFTS`` as in SQLite), 256 groups to a hash. Clients keep
the runs they have read or written (runs never change; a removal replaces a run by a new one)
and forget them once merged or combined away.

Redis hashes every string that enters a Lua script (an argument or a reply), byte by byte:
~1 ns a byte, ten times the cost of storing it. So bulk data never passes through a script.
An add sends its page and run with plain SETs to staging keys, in one MULTI/EXEC with the
script that checks the ids, gives out the seqs and renames the staging keys into place (or
deletes them). A merge reads the groups and writes them back, old entries then new, with
HMGET and HSET in transactions of 64 hashes (``MERGE_STEP_HASHES``), each under a WATCH of its
hashes and of the runs: a removal or a combine meanwhile restarts the merge. Each step records
in ``P marks`` how far its hashes are merged, so a merge interrupted at any point is finished
by the next one without entering anything twice; meanwhile readers find some entries both in a
run and in a group, and count them once. A last script deletes the merged runs and the marks.

Every write is atomic (a script, or a transaction holding one): no client ever sees an article
in some of its buckets only, nor a batch half-added after a lost connection, and there is no
race between the "is this id present" check and the write. A batch's bucket reads are one
transaction (one round trip, one consistent view: the groups, and which runs are stored), then
one MGET of the runs the client lacks. A removal computes the new groups and runs on the
client and applies them only if none changed since it read them (compared by SHA-1 in the
script), retrying otherwise; the script itself rewrites the pages. Durability is the
server's: configure AOF (``appendfsync everysec`` or ``always``) for an index that must
survive a restart.
"""

from __future__ import annotations

import hashlib
import logging
import os
import struct
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import numpy as np

from dedup.arrays import split_at
from dedup.index.base import ANCHORS, BANDS, NewDocs, StoredDoc, band_bytes, band_keys_of
from dedup.index.codec import unpack_sorted
from dedup.index.entries import (
    GROUP_SHIFTS,
    codes_of,
    combine_due,
    decode_groups,
    entries_after,
    group_rows_keep_order,
    groups_of,
    members,
    merge_due,
    owned_by,
    run_codes,
    runs_by_group,
    sorted_concat,
)
from dedup.index.errors import IndexConnectionError, IndexFormatError, IndexStorageError

__all__ = ["RedisStorage"]

logger = logging.getLogger(__name__)

# record: anchors, lengths of id, bands, anchor groups (the article's time is in the page's head)
_RECORD = struct.Struct("<IHHI")
_RECORD_COLUMNS = np.dtype(  # _RECORD's fields, for many records at once
    [("anchors", "<u4"), ("id", "<u2"), ("bands", "<u2"), ("groups", "<u4")]
)
PAGE_BYTES = 1 << 20
"""A page's allocation at most (when its records fit): a batch's records are cut into pages of
about this size. Redis stores a value in the smallest jemalloc size class that holds it; the
classes are ~25% apart, so a value of any size wastes ~10% on average, while a page filled up
to a class size (2**20 is one) wastes at most one record."""
_PAGE_SLACK = 16  # what Redis allocates with a string value (sds header, CRLF, NUL), at most
_RUN = struct.Struct("<II")  # a run's header: articles, number of band codes
MERGE_MIN = 20_000
"""Articles in the runs before a client merges them into the groups (at least)."""
MERGE_FACTOR = 160_000
"""Runs are merged once they hold ``sqrt(MERGE_FACTOR * articles merged)`` articles: 6 merges
to reach 1M articles, where 40,000 (SQLite's) took 10, and each rewrites every group (~330k
at 1M; 1.4-3 s). Larger runs cost a client that has not read them one larger download, once
(at 1M, up to ~400k articles' entries, ~270 MB; a first query took 73 ms in bench_index, with
80k articles' entries unmerged)."""
COMBINE_MOST = 40_000
"""Articles a combined run holds at most: larger runs wait for the merge. Each combine sends
the runs' codes to the server again (~670 bytes an article)."""
COMBINE_FANOUT = 8
"""Runs combined at once (``RUN_FANOUT``, 4, in SQLite): batches of 2,000 articles are combined
once (into runs of 16,000), not twice; at 1M articles combining cost the writer ~10 us an
article of wall time with 4. A reader searches ~30 runs instead of ~15 (~0.3 ms a query)."""
MERGE_STEP_HASHES = 64
"""Group hashes a merge writes in one transaction (~25 MB at 1M articles)."""
MERGE_LOCK_MS = 120_000
"""How long a merging client holds ``P merging`` (others skip merging and combining
meanwhile); released when the merge ends."""
_Run = tuple[np.ndarray, np.ndarray, int]  # band codes, anchor codes, articles
_LOW32 = np.uint64(0xFFFFFFFF)
_NO_CODES = np.zeros(0, np.uint64)
_RETRIES = 20  # attempts of a removal whose groups keep changing under it

_CHUNKED = """
local function chunked(command, key, items, width)
  local step = 3000 - 3000 % width  -- arguments a call (Lua's C stack holds ~8,000)
  for first = 1, #items, step do
    redis.call(command, key, unpack(items, first, math.min(#items, first + step - 1)))
  end
end
"""

_PAGES = """
local function page_of(p, seq)  -- the first seq of the page that would hold seq, or nil
  return redis.call('ZREVRANGEBYSCORE', p .. 'pages', seq, '-inf', 'LIMIT', 0, 1)[1]
end
local function record_of(p, seq, sizes)  -- an article's record, or false (sizes: a cache)
  local first = page_of(p, seq)
  if not first then return false end
  local key = p .. 'd' .. first
  local n = sizes[first]
  if not n then
    n = struct.unpack('<I4', redis.call('GETRANGE', key, 0, 3))
    sizes[first] = n
  end
  local slot = seq - tonumber(first)
  if slot >= n then return false end
  local at = 4 + 8 * n + 4 * slot  -- where the record's end is (0-based)
  local start, stop = 0, 0
  if slot == 0 then
    stop = struct.unpack('<I4', redis.call('GETRANGE', key, at, at + 3))
  else
    start, stop = struct.unpack('<I4<I4', redis.call('GETRANGE', key, at - 4, at + 3))
  end
  if stop == start then return false end
  local body = 4 + 12 * n
  return redis.call('GETRANGE', key, body + start, body + stop - 1)
end
"""

_ADD = (
    _CHUNKED
    + """
local p, n, pages = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[6])
local staged = {p .. 't' .. ARGV[5] .. 'r'}  -- the run, the pages
for i = 1, pages do staged[i + 1] = p .. 't' .. ARGV[5] .. 'p' .. (i - 1) end
local ids, at, present = {}, 1, {}
for d = 1, n do
  local e = struct.unpack('<I4', ARGV[4], 4 * d - 3)
  ids[d] = string.sub(ARGV[3], at, e)
  at = e + 1
end
for first = 1, n, 3000 do
  local found = redis.call('HMGET', p .. 'ids', unpack(ids, first, math.min(n, first + 2999)))
  for j, seq in ipairs(found) do
    if seq then present[#present + 1] = ids[first + j - 1] end
  end
end
if #present > 0 then
  redis.call('DEL', unpack(staged))
  return {0, present}
end
local last = redis.call('INCRBY', p .. 'seq', n)
local first = last - n + 1
local id_pairs = {}
for d = 1, n do
  id_pairs[2 * d - 1], id_pairs[2 * d] = ids[d], first + d - 1
end
chunked('HSET', p .. 'ids', id_pairs, 2)
for i = 1, pages do  -- page i: its first article's place in the batch, earliest, latest time
  local at = 4 + 3 * i
  local start = first + tonumber(ARGV[at])
  redis.call('RENAME', staged[i + 1], p .. 'd' .. start)
  redis.call('ZADD', p .. 'pages', start, start)
  redis.call('ZADD', p .. 'early', ARGV[at + 1], start)
  redis.call('ZADD', p .. 'late', ARGV[at + 2], start)
end
local run = redis.call('INCR', p .. 'runid')
redis.call('RENAME', staged[1], p .. 'r' .. run)
redis.call('HSET', p .. 'runs', run, first - 1)
return {1, last, run}
"""
)

_FINISH = """
local p, last, n = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
for i = 4, 3 + n do
  if redis.call('HEXISTS', p .. 'runs', ARGV[i]) == 0 then return 0 end
end
for i = 4, 3 + n do
  redis.call('HDEL', p .. 'runs', ARGV[i])
  redis.call('DEL', p .. 'r' .. ARGV[i])
end
if last > tonumber(redis.call('GET', p .. 'merged') or '0') then
  redis.call('SET', p .. 'merged', last)
end
local marks = redis.call('HGETALL', p .. 'marks')
for i = 1, #marks, 2 do
  if tonumber(marks[i + 1]) <= last then redis.call('HDEL', p .. 'marks', marks[i]) end
end
return 1
"""

_UNLOCK = """
if redis.call('GET', ARGV[1]) == ARGV[2] then redis.call('DEL', ARGV[1]) end
return 1
"""

_REMOVE = (
    _PAGES
    + """
local p = ARGV[1]
local n, at = tonumber(ARGV[2]), 3
for d = 1, n do
  if redis.call('HGET', p .. 'ids', ARGV[at]) ~= ARGV[at + 1] then return 0 end
  at = at + 2
end
local groups = tonumber(ARGV[at])
local g = at + 1
for i = 1, groups do
  local name = ARGV[g]
  local old = redis.call('HGET', p .. 'h' .. string.sub(name, 1, 4), string.sub(name, 5)) or ''
  if redis.sha1hex(old) ~= ARGV[g + 1] then return 0 end
  g = g + 3
end
local runs = tonumber(ARGV[g])
for i = g + 1, g + runs do
  if redis.call('HEXISTS', p .. 'runs', ARGV[i]) == 0 then return 0 end
end
local out, gone = {}, {}  -- gone: page -> set of its slots removed
at = 3
for d = 1, n do
  local seq = tonumber(ARGV[at + 1])
  local first = page_of(p, seq)
  gone[first] = gone[first] or {}
  gone[first][seq - tonumber(first)] = true
  redis.call('HDEL', p .. 'ids', ARGV[at])
  out[#out + 1] = ARGV[at]
  at = at + 2
end
for first, slots in pairs(gone) do  -- each page rewritten without the records gone
  local key = p .. 'd' .. first
  local page = redis.call('GET', key)
  local size = struct.unpack('<I4', page)
  local body = 4 + 12 * size
  local ends, records, cut, prev, early, late = {}, {}, 0, 0, nil, nil
  for s = 0, size - 1 do
    local e = struct.unpack('<I4', page, 4 + 8 * size + 4 * s + 1)
    if slots[s] then
      cut = cut + e - prev
    elseif e > prev then
      records[#records + 1] = string.sub(page, body + prev + 1, body + e)
      local t = struct.unpack('<i8', page, 4 + 8 * s + 1)
      if not early or t < early then early = t end
      if not late or t > late then late = t end
    end
    ends[s + 1] = struct.pack('<I4', e - cut)
    prev = e
  end
  if early then
    local head = string.sub(page, 1, 4 + 8 * size)
    redis.call('SET', key, head .. table.concat(ends) .. table.concat(records))
    redis.call('ZADD', p .. 'early', early, first)
    redis.call('ZADD', p .. 'late', late, first)
  else
    redis.call('DEL', key)
    for _, z in ipairs({'pages', 'early', 'late'}) do redis.call('ZREM', p .. z, first) end
  end
end
at = at + 1
for i = 1, groups do
  local key, field = p .. 'h' .. string.sub(ARGV[at], 1, 4), string.sub(ARGV[at], 5)
  if #ARGV[at + 2] == 0 then
    redis.call('HDEL', key, field)
  else
    redis.call('HSET', key, field, ARGV[at + 2])
  end
  at = at + 3
end
for i = g + 1, g + runs do
  redis.call('HDEL', p .. 'runs', ARGV[i])
  redis.call('DEL', p .. 'r' .. ARGV[i])
end
for i = g + runs + 1, #ARGV do  -- the runs rewritten: few, small, rare
  local run = redis.call('INCR', p .. 'runid')
  redis.call('SET', p .. 'r' .. run, ARGV[i])
  redis.call('HSET', p .. 'runs', run, 0)
end
return {1, out}
"""
)

_FETCH = (
    "#!lua flags=no-writes\n"
    + _PAGES
    + """
local ends, records, pages, at = {}, {}, {}, 0
for i = 2, #ARGV do
  local record = record_of(ARGV[1], tonumber(ARGV[i]), pages) or ''  -- '': not stored
  at = at + #record
  ends[i - 1], records[i - 1] = struct.pack('<I4', at), record
end
return {table.concat(ends), table.concat(records)}  -- one blob: fast to parse
"""
)

_OLDER = """#!lua flags=no-writes
local p, cutoff, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for _, first in ipairs(redis.call('ZRANGEBYSCORE', p .. 'early', '-inf', '(' .. ARGV[2])) do
  local key = p .. 'd' .. first
  local n = struct.unpack('<I4', redis.call('GETRANGE', key, 0, 3))
  local head, prev = redis.call('GETRANGE', key, 0, 4 + 12 * n - 1), 0
  for s = 0, n - 1 do
    local e = struct.unpack('<I4', head, 4 + 8 * n + 4 * s + 1)
    if e > prev and struct.unpack('<i8', head, 4 + 8 * s + 1) < cutoff then
      out[#out + 1] = tonumber(first) + s
      if #out >= limit then return out end
    end
    prev = e
  end
end
return out
"""

_COMBINE = """
local p, n = ARGV[1], tonumber(ARGV[2])
local staged = p .. 't' .. ARGV[3 + n]
local ok = redis.call('EXISTS', p .. 'merging') == 0
for i = 3, 2 + n do
  ok = ok and redis.call('HEXISTS', p .. 'runs', ARGV[i]) == 1
end
if not ok then
  redis.call('DEL', staged)
  return 0
end
for i = 3, 2 + n do
  redis.call('HDEL', p .. 'runs', ARGV[i])
  redis.call('DEL', p .. 'r' .. ARGV[i])
end
local run = redis.call('INCR', p .. 'runid')
redis.call('RENAME', staged, p .. 'r' .. run)
redis.call('HSET', p .. 'runs', run, 0)
return run
"""

_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV))
end
return redis.call('HGETALL', KEYS[1])
"""


class RedisStorage:
    """:class:`dedup.index.base.Storage` in a Redis database."""

    anchor_shift = GROUP_SHIFTS[ANCHORS]

    def __init__(self, url: str, *, timeout: float = 60.0) -> None:
        try:
            import redis
        except ImportError:
            raise IndexStorageError(
                f"{url}: a Redis index needs redis-py: pip install 'dedup[redis]'"
            ) from None
        self._redis_errors = redis.exceptions
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qs(parts.query)
        self.prefix = query.pop("prefix", ["dedup:"])[0].encode()
        clean = parts._replace(query=urllib.parse.urlencode(query, doseq=True)).geturl()
        self.target = _redacted(parts)
        if self.prefix != b"dedup:":
            self.target += f"?prefix={self.prefix.decode()}"
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        options: dict[str, Any] = {
            "socket_timeout": timeout,
            "socket_connect_timeout": min(timeout, 10.0),
            "decode_responses": False,
        }
        try:
            # reads retry on a dropped connection (redis-py's default); writes never do: a
            # script whose reply was lost may have run, and running it again would report its
            # articles as "already in the index"
            self.client = redis.Redis.from_url(clean, **options)
            writer = redis.Redis.from_url(clean, retry=Retry(NoBackoff(), 0), **options)
        except ValueError as exc:
            raise IndexStorageError(f"{self.target}: bad Redis URL ({exc})") from None
        self._writer = writer
        self._runs: dict[bytes, _Run] = {}  # run id -> codes by kind, articles
        self._cache_lock = threading.Lock()
        with self._errors():
            self.client.ping()
            self._add = writer.register_script(_ADD)
            self._finish = writer.register_script(_FINISH)
            self._unlock = writer.register_script(_UNLOCK)
            self._combine = writer.register_script(_COMBINE)
            self._remove = writer.register_script(_REMOVE)
            self._create = writer.register_script(_CREATE)
            self._fetch = self.client.register_script(_FETCH)
            self._older = self.client.register_script(_OLDER)

    def _key(self, name: str) -> bytes:
        return self.prefix + name.encode()

    def _hash(self, name: str) -> dict[bytes, bytes]:
        """All of hash ``P name`` (bytes: ``decode_responses`` is off)."""
        return cast(dict[bytes, bytes], self.client.hgetall(self._key(name)))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """redis-py errors as dedup errors naming the server."""
        errors = self._redis_errors
        try:
            yield
        except (errors.ConnectionError, errors.TimeoutError) as exc:
            raise IndexConnectionError(
                f"{self.target}: lost or no connection to Redis ({exc}); an add that failed "
                "this way may or may not have been applied, whole: adding again is safe"
            ) from exc
        except errors.ResponseError as exc:
            if "WRONGTYPE" in str(exc):
                raise IndexFormatError(
                    f"{self.target}: keys under prefix {self.prefix.decode()!r} are not a dedup "
                    f"index ({exc})"
                ) from exc
            raise IndexStorageError(f"{self.target}: Redis error: {exc}") from exc
        except errors.RedisError as exc:
            raise IndexStorageError(f"{self.target}: Redis error: {exc}") from exc

    def close(self) -> None:
        """Close the connection pools."""
        self.client.close()
        self._writer.close()

    def release_thread(self) -> None:
        """Nothing to do: threads share the connection pools."""

    # -- metadata -----------------------------------------------------------------------------

    def load_meta(self) -> dict[str, str] | None:
        """Stored metadata, or ``None`` when nothing is stored under the prefix."""
        with self._errors():
            raw = self.client.hgetall(self._key("meta"))
        return _decoded(raw, self.target) if raw else None

    def create_meta(self, meta: dict[str, str]) -> dict[str, str]:
        """Store ``meta`` unless another client just did (atomically); return what is stored."""
        flat = [x for item in sorted(meta.items()) for x in item]
        with self._errors():
            raw = self._create(keys=[self._key("meta")], args=flat)
        return _decoded(dict(zip(raw[::2], raw[1::2], strict=True)), self.target)

    # -- writing ------------------------------------------------------------------------------

    def insert(self, docs: NewDocs, inserted: int) -> list[bool]:
        """One transaction adds the docs and their run (the page and run staged with SETs, the
        script checking the ids and putting them in place); ids already present are dropped and
        the rest tried again."""
        pending = docs
        rejected: set[str] = set()
        while len(pending):
            ids = [i.encode() for i in pending.ids]
            times = np.asarray(pending.times, dtype=np.int64)
            times = np.where(times < 0, inserted, times)
            local = np.arange(1, len(pending) + 1)
            bands = codes_of(pending.band_keys, pending.band_offsets, local)
            anchors = codes_of(pending.anchor_keys, pending.anchor_offsets, local)
            token = os.urandom(8).hex().encode()
            pages = _pages(pending, ids, times)
            args: list[Any] = [self.prefix, len(pending), *_joined(ids), token, len(pages)]
            with self._errors(), self._writer.pipeline(transaction=True) as pipe:
                for i, (span, page) in enumerate(pages):
                    pipe.set(self._key("t") + token + b"p%d" % i, page)
                    part = times[span]
                    args += [span.start, int(part.min()), int(part.max())]
                pipe.set(self._key("t") + token + b"r", _run_blob(len(pending), bands, anchors))
                self._add(args=args, client=pipe)
                ok, detail, *run_id = pipe.execute()[-1]
            if ok:
                base = np.uint64(int(detail) - len(pending))
                self._cache(run_id[0], (bands + base, anchors + base, len(pending)))
                if merge_due(int(detail), self._merged(), MERGE_MIN, MERGE_FACTOR):
                    self.merge()
                else:
                    self._combine_runs()
                break
            rejected |= {i.decode() for i in detail}
            pending = pending.take([i for i, d in enumerate(pending.ids) if d not in rejected])
        return [d not in rejected for d in docs.ids]

    def _combine_runs(self) -> None:
        """Combine the newest runs while :func:`combine_due` (one transaction each time;
        skipped if they changed meanwhile, or while a client merges)."""
        while True:
            with self._errors():
                current = self._hash("runs")
                newest = sorted(current, key=int)[-COMBINE_FANOUT:]
                runs = self._stored_runs({r: current[r] for r in newest})
                sizes = [r[2] for r in runs.values()]
                if len(runs) < len(newest) or not combine_due(sizes, COMBINE_MOST, COMBINE_FANOUT):
                    return
                codes = [
                    sorted_concat([_of(r, k) for r in runs.values()]) for k in (BANDS, ANCHORS)
                ]
                articles = sum(r[2] for r in runs.values())
                token = os.urandom(8).hex().encode()
                with self._writer.pipeline(transaction=True) as pipe:
                    pipe.set(self._key("t") + token, _run_blob(articles, codes[0], codes[1]))
                    self._combine(args=[self.prefix, len(runs), *runs, token], client=pipe)
                    run_id = pipe.execute()[-1]
                if not run_id:
                    return
                self._cache(run_id, (codes[0], codes[1], articles), gone=list(runs))

    def _cache(self, run_id: int, run: _Run, gone: Sequence[bytes] = ()) -> None:
        """Keep a run this client wrote (runs never change), in place of the runs ``gone``."""
        self._forget(gone)
        with self._cache_lock:
            self._runs[str(run_id).encode()] = run

    def _forget(self, runs: Sequence[bytes]) -> None:
        """Drop runs that are no longer stored from this client's cache."""
        with self._cache_lock:
            for run in runs:
                self._runs.pop(run, None)

    def _merged(self) -> int:
        with self._errors():
            return int(self.client.get(self._key("merged")) or 0)

    def merge(self) -> None:
        """Move the entries of every run into the groups, in steps of ``MERGE_STEP_HASHES``
        hashes (see the module's notes); skipped while another client merges."""
        token = os.urandom(8).hex().encode()
        lock = self._key("merging")
        with self._errors():
            if not self._writer.set(lock, token, nx=True, px=MERGE_LOCK_MS):
                return
            try:
                for _ in range(_RETRIES):
                    if self._merge_once():
                        return
                logger.warning("%s: merge kept colliding with other writers", self.target)
            finally:
                self._unlock(args=[lock, token])

    def _merge_once(self) -> bool:
        """One attempt at a whole merge: ``False`` if the runs or groups changed under it."""
        runs = self._all_runs()
        if runs is None:
            return False
        if not runs:
            return True
        codes = {k: [_of(r, k) for r in runs.values()] for k in (BANDS, ANCHORS)}
        last = max(int((c & _LOW32).max(initial=0)) for c in codes[BANDS] + codes[ANCHORS])
        watched = [self._key("r") + r for r in runs]
        marks = {k: int(v) for k, v in self._hash("marks").items()}
        for kind in (BANDS, ANCHORS):
            steps = _MergeSteps(kind, codes[kind], marks)
            for hashes in steps.chunks(MERGE_STEP_HASHES, last):
                if not self._merge_step(steps, hashes, watched, last):
                    return False
        done = self._finish(args=[self.prefix, last, len(runs), *runs])
        if done:
            self._forget(list(runs))
        logger.info("%s: merged %d runs up to article %d", self.target, len(runs), last)
        return bool(done)

    def _merge_step(
        self, steps: _MergeSteps, hashes: list[bytes], watched: list[bytes], last: int
    ) -> bool:
        """Append the new entries of ``hashes`` to their groups in one transaction, under a
        WATCH of the hashes and the runs (``False``: something changed; nothing written)."""
        keys = [self.prefix + b"h" + h for h in hashes]
        with self._writer.pipeline(transaction=True) as pipe:
            pipe.watch(*keys, *watched)
            read = self._writer.pipeline(transaction=False)
            read.exists(*watched)
            read.hmget(self._key("marks"), hashes)
            for h in hashes:
                read.hmget(self.prefix + b"h" + h, steps.fields(h))
            present, marks, *olds = read.execute()
            if present < len(watched):
                return False
            pipe.multi()
            for key, h, mark, old in zip(keys, hashes, marks, olds, strict=True):
                if values := steps.values(h, old, int(mark or 0)):
                    pipe.execute_command("HSET", key, *values)
            # a mark never goes down: another merger (after the lock expired) may have gone further
            done: dict[Any, Any] = {
                h: max(last, int(m or 0)) for h, m in zip(hashes, marks, strict=True)
            }
            pipe.hset(self._key("marks"), mapping=done)
            try:
                pipe.execute()
            except self._redis_errors.WatchError:
                return False
        return True

    def _all_runs(self) -> dict[bytes, _Run] | None:
        """Every stored run, decoded; ``None`` if one went (merged, combined or rewritten)
        while they were read: a merge or removal working from the others would miss its
        entries."""
        current = self._hash("runs")
        runs = self._stored_runs(current)
        return runs if len(runs) == len(current) else None

    def _stored_runs(self, current: dict[bytes, bytes]) -> dict[bytes, _Run]:
        """The stored runs of ``current`` (run id -> base seq), decoded, without those gone
        meanwhile: the ones this client has read come from its cache (runs never change)."""
        with self._cache_lock:
            runs = {r: self._runs[r] for r in current if r in self._runs}
        missing = [r for r in current if r not in runs]
        blobs: Any = self.client.mget([self._key("r") + r for r in missing]) if missing else []
        for run, blob in zip(missing, blobs, strict=True):
            if blob is not None:
                runs[run] = _run(blob, int(current[run]), self.target)
                with self._cache_lock:
                    self._runs[run] = runs[run]
        return runs

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove the articles from everything, atomically: the new groups and runs are
        computed here and written only if nothing changed meanwhile (else tried again)."""
        unique = list(dict.fromkeys(ids))
        for _ in range(_RETRIES):
            with self._errors():
                found = self._remove_once(unique)
            if found is not None:
                return found
        raise IndexStorageError(f"{self.target}: remove kept colliding with other writers")

    def _remove_once(self, unique: list[str]) -> list[str] | None:
        seqs: list[Any] = self.client.hmget(self._key("ids"), unique) if unique else []
        found = [(i, s) for i, s in zip(unique, seqs, strict=True) if s is not None]
        if not found:
            return []
        records = self._records([s for _, s in found])
        parsed = [_parse(r, self.target) for r in records if r is not None]
        gone = np.array(sorted(int(s) for _, s in found), dtype=np.uint64)
        groups: list[bytes] = []
        shift = np.uint32(GROUP_SHIFTS[BANDS])
        wanted = {
            BANDS: np.unique(np.concatenate([band_keys_of(r["bands"]) >> shift for r in parsed])),
            ANCHORS: np.unique(np.concatenate([unpack_sorted(r["anchors"]) for r in parsed])),
        }
        for kind, grp in wanted.items():
            names = [_group_name(kind, g) for g in grp.tolist()]
            olds = self._groups(names)
            rows = [(g, o) for g, o in zip(grp.tolist(), olds, strict=True) if o]
            new = dict(zip(*_without(rows, gone, GROUP_SHIFTS[kind]), strict=True))
            for g, name, old in zip(grp.tolist(), names, olds, strict=True):
                groups += [name, hashlib.sha1(old or b"").hexdigest().encode(), new.get(g, b"")]
        old_runs, new_runs = [], []
        runs = self._all_runs()
        if runs is None:
            return None
        for run, codes in runs.items():
            kept = [c[~owned_by(c, gone)] for c in codes[:2]]
            if sum(map(len, kept)) < sum(map(len, codes[:2])):
                old_runs.append(run)
                new_runs.append(_run_blob(codes[2], kept[0], kept[1]))
        args: list[Any] = [self.prefix, len(found), *[x for pair in found for x in pair]]
        args += [len(groups) // 3, *groups, len(old_runs), *old_runs, *new_runs]
        ok = self._remove(args=args)
        if not ok:
            return None
        return [r.decode() for r in ok[1]]

    def _records(self, seqs: Sequence[Any]) -> list[bytes | None]:
        """The records of articles ``seqs`` (``None``: not stored), one round trip."""
        if not len(seqs):
            return []
        ends, joined = self._fetch(args=[self.prefix, *seqs])
        return [r or None for r in split_at(joined, np.frombuffer(ends, "<u4"))]

    def _groups(self, names: list[bytes]) -> list[bytes | None]:
        """The stored groups ``names`` (:func:`_group_name`), one round trip."""
        pipe = self.client.pipeline(transaction=False)
        for name in names:
            pipe.hget(self.prefix + b"h" + name[:4], name[4:])
        found: list[bytes | None] = pipe.execute() if names else []
        return found

    # -- reading ------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads are atomic per call (one script); missing articles are skipped by the caller."""
        yield

    def seqs_of(self, ids: Sequence[str]) -> dict[str, int]:
        """Sequence numbers of the indexed ids."""
        if not ids:
            return {}
        with self._errors():
            seqs = self.client.hmget(self._key("ids"), list(ids))
        return {i: int(s) for i, s in zip(ids, seqs, strict=True) if s is not None}

    def buckets(self, kind: str, keys: np.ndarray, limit: int | None) -> list[list[int]]:
        """Members of each bucket in insertion order, at most ``limit`` each: one transaction
        reads the keys' groups and which runs are stored (one consistent view); the runs this
        client has not read yet come next (all read again if one went meanwhile)."""
        if len(keys) == 0:
            return []
        grp = groups_of(kind, keys)
        names = _group_names(kind, grp)  # each: its hash (4 bytes), its field (1)
        fields: dict[bytes, list[bytes]] = {}
        for at in range(0, len(names), 5):
            fields.setdefault(names[at : at + 4], []).append(names[at + 4 : at + 5])
        for _ in range(_RETRIES):
            with self._errors():
                pipe = self.client.pipeline(transaction=True)
                pipe.hgetall(self._key("runs"))
                for name, wanted in fields.items():
                    pipe.hmget(self.prefix + b"h" + name, wanted)
                current, *found = pipe.execute()
                runs = self._stored_runs(current)
            if len(runs) == len(current):
                break
        else:
            raise IndexStorageError(f"{self.target}: the runs kept changing under a read")
        with self._cache_lock:
            self._runs = dict(runs)  # forget the runs merged or combined away
        blobs = [b for part in found for b in part]
        rows = [(g, b) for g, b in zip(grp.tolist(), blobs, strict=True) if b]
        return members(kind, keys, rows, [_of(r, kind) for r in runs.values()], limit)

    def fetch(self, seqs: Sequence[int]) -> dict[int, StoredDoc]:
        """Stored articles by sequence number (one round trip)."""
        if not seqs:
            return {}
        with self._errors():
            records = self._records(seqs)
        out = {}
        for seq, record in zip(seqs, records, strict=True):
            if record is not None:
                parsed = _parse(record, self.target)
                n_anchors = parsed["n_anchors"]
                out[seq] = StoredDoc(seq, parsed["id"], n_anchors, parsed["fingerprints"])
        return out

    def ids_older_than(self, cutoff: int, limit: int) -> list[str]:
        """Ids whose published (else insert) time is before ``cutoff``."""
        with self._errors():
            seqs: Any = self._older(args=[self.prefix, cutoff, limit])
            records = self._records(seqs)
        return [_parse(r, self.target)["id"] for r in records if r is not None]

    def count(self) -> int:
        """Articles indexed."""
        with self._errors():
            return int(self.client.hlen(self._key("ids")))

    def storage_stats(self) -> dict[str, Any]:
        """Server memory and key count (the whole server's and database's: per article only
        when nothing else is stored there), and the time range."""
        with self._errors():
            memory = self.client.info("memory")
            keys = self.client.dbsize()
            first = self.client.zrange(self._key("early"), 0, 0, withscores=True)
            last = self.client.zrange(self._key("late"), -1, -1, withscores=True)
        return {
            "backend": "redis",
            "server_memory_bytes": int(memory.get("used_memory", 0)),
            "database_keys": int(keys),
            "oldest": int(first[0][1]) if first else None,
            "newest": int(last[0][1]) if last else None,
        }

    def entries(self) -> list[tuple[str, int, int]]:
        """Every stored bucket entry ``(kind, key, seq)``, groups then runs (for checks); an
        entry in a run and in a group (a merge under way) is listed once."""
        out: list[tuple[str, int, int]] = []
        with self._errors():
            runs = list(self._stored_runs(self._hash("runs")).values())
            for kind in (BANDS, ANCHORS):
                match = self.prefix + b"h" + kind.encode() + b"*"
                rows: list[tuple[int, bytes]] = []
                for name in self.client.scan_iter(match=match):
                    groups: Any = self.client.hgetall(name)
                    rows += [
                        (int.from_bytes(name[-3:] + field, "big"), blob)
                        for field, blob in sorted(groups.items())
                        if blob
                    ]
                grouped = decode_groups(rows, GROUP_SHIFTS[kind])[1] if rows else _NO_CODES
                parts = [grouped] + [np.setdiff1d(_of(run, kind), grouped) for run in runs]
                for codes in parts:
                    keys, seqs = (codes >> np.uint64(32)).tolist(), (codes & _LOW32).tolist()
                    out += [(kind, k, q) for k, q in zip(keys, seqs, strict=True)]
        return out


class _MergeSteps:
    """A merge's entries of one kind, laid out hash by hash: what each step appends."""

    def __init__(self, kind: str, runs: list[np.ndarray], marks: dict[bytes, int]) -> None:
        grp, sizes, self.blob = runs_by_group(runs, GROUP_SHIFTS[kind])
        self.marks = marks
        self.cuts = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        self.low = (grp & 0xFF).astype(np.uint8)
        hashes = grp >> 8
        starts = np.flatnonzero(np.concatenate([[True], hashes[1:] != hashes[:-1]]))
        names = _group_names(kind, grp[starts])  # the hash: kind, the group's top 3 bytes
        self.names = [names[i : i + 4] for i in range(0, len(names), 5)]
        bounds = np.append(starts, len(grp)).tolist()
        self.spans = {n: (bounds[i], bounds[i + 1]) for i, n in enumerate(self.names)}

    def chunks(self, size: int, last: int) -> Iterator[list[bytes]]:
        """The hashes with entries to merge, ``size`` at a time (those an interrupted merge
        took up to ``last`` are skipped)."""
        due = [n for n in self.names if self.marks.get(n, 0) < last]
        for at in range(0, len(due), size):
            yield due[at : at + size]

    def fields(self, name: bytes) -> list[bytes]:
        """The fields (groups' low bytes) of hash ``name`` with entries to merge."""
        first, stop = self.spans[name]
        return [bytes([b]) for b in self.low[first:stop].tolist()]

    def values(self, name: bytes, olds: list[bytes | None], mark: int) -> list[bytes]:
        """``field, value`` pairs of hash ``name``'s groups: their ``olds`` then the entries
        with seqs above ``mark`` (merged already: see ``P marks``)."""
        first, stop = self.spans[name]
        out: list[bytes] = []
        for i, field, old in zip(range(first, stop), self.fields(name), olds, strict=True):
            new = self.blob[self.cuts[i] : self.cuts[i + 1]]
            if mark:
                new = entries_after(new, mark)
            if new:
                out += [field, (old or b"") + new]
        return out


def _joined(parts: list[bytes]) -> tuple[bytes, bytes]:
    """``parts`` concatenated, and where each ends (<u4): what the add script splits."""
    ends = np.cumsum([len(b) for b in parts], dtype=np.int64)
    return b"".join(parts), ends.astype("<u4").tobytes()


def _le(codes: np.ndarray) -> bytes:
    return np.asarray(codes, dtype="<u8").tobytes()


def _run_blob(articles: int, bands: np.ndarray, anchors: np.ndarray) -> bytes:
    """A stored run: header, band codes, anchor codes."""
    return b"".join([_RUN.pack(articles, len(bands)), _le(bands), _le(anchors)])


def _run(blob: bytes, base: int, where: str) -> _Run:
    """A stored run's ``(band codes, anchor codes, articles)``, codes with absolute seqs
    (stored ones count from ``base``)."""
    try:
        articles, n_bands = _RUN.unpack_from(blob)
        codes = run_codes(blob[_RUN.size :]) + np.uint64(base)
    except (struct.error, IndexFormatError) as exc:
        raise IndexFormatError(f"{where}: corrupted bucket run ({exc})") from None
    return codes[:n_bands], codes[n_bands:], articles


def _of(run: _Run, kind: str) -> np.ndarray:
    """A run's codes of one kind."""
    return run[0] if kind == BANDS else run[1]


def _group_name(kind: str, grp: int) -> bytes:
    return kind.encode() + grp.to_bytes(4, "big")


def _group_names(kind: str, grp: np.ndarray) -> bytes:
    """:func:`_group_name` of many groups, concatenated (5 bytes each)."""
    names = np.empty(len(grp), dtype=[("kind", "S1"), ("grp", ">u4")])
    names["kind"] = kind.encode()
    names["grp"] = grp
    return names.tobytes()


def _without(
    rows: list[tuple[int, bytes]], gone: np.ndarray, shift: int
) -> tuple[list[int], list[bytes]]:
    """Group rows without the entries of articles ``gone``: ``(groups, blobs)`` left."""
    if not rows:
        return [], []
    grp, codes = decode_groups(rows, shift)
    keep = ~owned_by(codes, gone)
    return group_rows_keep_order(grp[keep], codes[keep], shift)


def _pages(docs: NewDocs, ids: list[bytes], times: np.ndarray) -> list[tuple[slice, bytes]]:
    """The pages of new articles (``ids``: theirs, encoded), each ``PAGE_BYTES`` at most
    unless one record is larger, and which articles each holds: a page is how many, their
    ``times``, where each record ends, the records. Built column by column (no Python work
    per field)."""
    n = len(docs)
    head = np.empty(n, dtype=_RECORD_COLUMNS)
    head["anchors"] = docs.n_anchors
    head["id"] = id_sizes = np.fromiter(map(len, ids), dtype=np.int64, count=n)
    head["bands"] = band_sizes = 4 * np.diff(docs.band_offsets)
    head["groups"] = group_sizes = np.fromiter(map(len, docs.anchors), dtype=np.int64, count=n)
    prints = np.fromiter(map(len, docs.fingerprints), dtype=np.int64, count=n)
    sizes = _RECORD.size + id_sizes + band_sizes + group_sizes + prints
    parts: list[bytes] = [b""] * (5 * n)
    parts[0::5] = split_at(head.tobytes(), np.arange(1, n + 1) * _RECORD.size)
    parts[1::5] = ids
    parts[2::5] = split_at(band_bytes(docs.band_keys), 4 * docs.band_offsets[1:])
    parts[3::5] = docs.anchors
    parts[4::5] = docs.fingerprints
    taken = np.cumsum(12 + sizes)  # a record's time and end in the head, then its bytes
    pages, start = [], 0
    while start < n:
        room = PAGE_BYTES - _PAGE_SLACK - 4 + (taken[start - 1] if start else 0)
        stop = max(start + 1, int(np.searchsorted(taken, room, side="right")))
        ends = np.cumsum(sizes[start:stop]).astype("<u4").tobytes()
        head_bytes = [struct.pack("<I", stop - start), times[start:stop].astype("<i8").tobytes()]
        pages.append(
            (slice(start, stop), b"".join([*head_bytes, ends, *parts[5 * start : 5 * stop]]))
        )
        start = stop
    return pages


def _parse(record: Any, where: str) -> dict[str, Any]:
    """Fields of a stored record."""
    try:
        n_anchors, n_id, n_bands, n_groups = _RECORD.unpack_from(record)
        at = _RECORD.size
        ident = record[at : at + n_id].decode()
        at += n_id
        bands = record[at : at + n_bands]
        at += n_bands
        anchors = record[at : at + n_groups]
        fingerprints = record[at + n_groups :]
        band_keys_of(bands)
    except (struct.error, UnicodeDecodeError, IndexFormatError) as exc:
        raise IndexFormatError(f"{where}: corrupted article record ({exc})") from None
    return {
        "n_anchors": n_anchors,
        "id": ident,
        "bands": bands,
        "anchors": anchors,
        "fingerprints": fingerprints,
    }


def _decoded(raw: Any, where: str) -> dict[str, str]:
    try:
        return {k.decode(): v.decode() for k, v in raw.items()}
    except UnicodeDecodeError:
        raise IndexFormatError(f"{where}: corrupted index metadata") from None


def _redacted(parts: urllib.parse.SplitResult) -> str:
    """The URL without its password or query."""
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))
