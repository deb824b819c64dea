"""Redis storage of the index (``pip install 'dedup[redis]'``), for an index shared by machines.

Keys (``P`` is the prefix, ``dedup:`` unless the URL says ``?prefix=...``)::

    P meta          hash    format_version, params (JSON), created, created_by
    P seq           string  last sequence number given out (INCR; never reused)
    P ids           hash    article id -> seq
    P docs          hash    seq -> packed record (times, id, band keys, anchors, fingerprints)
    P time          zset    seq scored by published (else insert) time, for expire
    P b<3 bytes>    hash    band buckets: field <2 bytes> -> members (uint32 seqs, ascending)
    P a<3 bytes>    hash    anchor buckets, likewise

An anchor key ``k`` lives in hash ``k >> 12`` (2**20 hashes), field ``k & 0xfff``; a band key
in hash ``k >> 15`` (2**17 hashes: 9 bands an article against ~75 anchors). Small hashes are
stored by Redis as compact listpacks (while under ``hash-max-listpack-entries``, 128, fields and
``hash-max-listpack-value``, 64, bytes): ~10 bytes a bucket entry at a million articles, where a
key per bucket (a zset or set) costs ~90. Past ~1.5M articles the hashes outgrow 128 fields and
Redis converts them to hash tables: raise ``hash-max-listpack-entries`` (512 is fine) there.

Writes run as Lua scripts, one ``EVALSHA`` per batch: Redis runs a script atomically, so no
client ever sees an article in some of its buckets only, there is one round trip per batch
and no race between the "is this id present" check and the write. Bucket reads of a whole query
batch are one read-only script too (one round trip, one consistent view, one compact reply:
redis-py spends ~20 us of Python per pipelined command, too much for ~85 buckets a query).
Durability is the server's: configure AOF (``appendfsync everysec`` or ``always``) for an index
that must survive a restart.
"""

from __future__ import annotations

import logging
import struct
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from dedup.index.base import ANCHORS, BANDS, NewDoc, StoredDoc, band_bytes, band_keys_of
from dedup.index.codec import packed_length, unpack_sorted
from dedup.index.errors import IndexConnectionError, IndexFormatError, IndexStorageError

__all__ = ["RedisStorage"]

logger = logging.getLogger(__name__)

# record: published, inserted (int64; -1: none), lengths of id, bands, anchors; then the bytes
_RECORD = struct.Struct("<qqHHI")
SHIFTS = {BANDS: 15, ANCHORS: 12}
"""Bits of a bucket key that pick the field in its hash (the others pick the hash)."""

_ADD = """
local p = ARGV[1]
local n = tonumber(ARGV[2])
local inserted = tonumber(ARGV[3])
local function push(name, field, member)
  if redis.call('HSETNX', name, field, member) == 0 then
    redis.call('HSET', name, field, redis.call('HGET', name, field) .. member)
  end
end
local out = {}
local i = 4
for d = 1, n do
  local id, t, record, bk, ak = ARGV[i], tonumber(ARGV[i+1]), ARGV[i+2], ARGV[i+3], ARGV[i+4]
  i = i + 5
  if redis.call('HEXISTS', p .. 'ids', id) == 1 then
    out[d] = 0
  else
    local seq = redis.call('INCR', p .. 'seq')
    local member = struct.pack('<I4', seq)
    if t < 0 then t = inserted end
    redis.call('HSET', p .. 'ids', id, seq)
    redis.call('HSET', p .. 'docs', seq, record)
    redis.call('ZADD', p .. 'time', t, seq)
    for j = 1, #bk, 5 do
      push(p .. 'b' .. string.sub(bk, j, j + 2), string.sub(bk, j + 3, j + 4), member)
    end
    for j = 1, #ak, 5 do
      push(p .. 'a' .. string.sub(ak, j, j + 2), string.sub(ak, j + 3, j + 4), member)
    end
    out[d] = seq
  end
end
return out
"""

_REMOVE = """
local p = ARGV[1]
local n = tonumber(ARGV[2])
local function pull(name, field, member)
  local members = redis.call('HGET', name, field)
  if not members then return end
  local at = 1
  while true do
    local k = string.find(members, member, at, true)
    if not k then return end
    if (k - 1) % 4 == 0 then
      local rest = string.sub(members, 1, k - 1) .. string.sub(members, k + 4)
      if #rest == 0 then
        redis.call('HDEL', name, field)
      else
        redis.call('HSET', name, field, rest)
      end
      return
    end
    at = k + 1
  end
end
local out = {}
local i = 3
for d = 1, n do
  local id, seq, bk, ak = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3]
  i = i + 4
  if redis.call('HGET', p .. 'ids', id) == seq then
    local member = struct.pack('<I4', tonumber(seq))
    redis.call('HDEL', p .. 'ids', id)
    redis.call('HDEL', p .. 'docs', seq)
    redis.call('ZREM', p .. 'time', seq)
    for j = 1, #bk, 5 do
      pull(p .. 'b' .. string.sub(bk, j, j + 2), string.sub(bk, j + 3, j + 4), member)
    end
    for j = 1, #ak, 5 do
      pull(p .. 'a' .. string.sub(ak, j, j + 2), string.sub(ak, j + 3, j + 4), member)
    end
    out[#out + 1] = id
  end
end
return out
"""

_BUCKETS = """#!lua flags=no-writes
local base, limit, slots = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local out = {}
for j = 1, #slots, 5 do
  local name, field = base .. string.sub(slots, j, j + 2), string.sub(slots, j + 3, j + 4)
  local members = redis.call('HGET', name, field)
  if not members then
    members = ''
  elseif limit > 0 then
    members = string.sub(members, 1, 4 * limit)
  end
  out[#out + 1] = members
end
return out
"""

_CREATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV))
end
return redis.call('HGETALL', KEYS[1])
"""


class RedisStorage:
    """:class:`dedup.index.base.Storage` in a Redis database."""

    anchor_shift = 0  # records keep whole anchor keys: remove needs each bucket's field

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
        with self._errors():
            self.client.ping()
            self._add = writer.register_script(_ADD)
            self._remove = writer.register_script(_REMOVE)
            self._create = writer.register_script(_CREATE)
            self._buckets = self.client.register_script(_BUCKETS)

    def _key(self, name: str) -> bytes:
        return self.prefix + name.encode()

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

    def insert(self, docs: Sequence[NewDoc], inserted: int) -> list[bool]:
        """One atomic script adds every doc whose id is not present yet."""
        args: list[Any] = [self.prefix, len(docs), inserted]
        for doc in docs:
            bands = band_bytes(doc.band_keys)
            ident = doc.id.encode()
            record = b"".join(
                [
                    _RECORD.pack(doc.time, inserted, len(ident), len(bands), len(doc.anchors)),
                    ident,
                    bands,
                    doc.anchors,
                    doc.fingerprints,
                ]
            )
            bands, anchors = _slots(doc.band_keys, BANDS), _slots(doc.anchor_keys, ANCHORS)
            args += [ident, doc.time, record, bands, anchors]
        with self._errors():
            result = self._add(args=args)
        return [int(seq) > 0 for seq in result]

    def remove(self, ids: Sequence[str]) -> list[str]:
        """Remove the articles (still holding their seq) from everything, atomically."""
        unique = list(dict.fromkeys(ids))
        with self._errors():
            seqs: list[Any] = self.client.hmget(self._key("ids"), unique) if unique else []
            found = [(i, s) for i, s in zip(unique, seqs, strict=True) if s is not None]
            if not found:
                return []
            records = self.client.hmget(self._key("docs"), [s for _, s in found])
            args: list[Any] = [self.prefix, 0]
            for (ident, seq), record in zip(found, records, strict=True):
                if record is None:
                    continue
                parsed = _parse(record, self.target)
                bands = _slots(band_keys_of(parsed["bands"]), BANDS)
                anchors = _slots(unpack_sorted(parsed["anchors"]), ANCHORS)
                args += [ident, seq, bands, anchors]
                args[1] += 1
            removed = self._remove(args=args)
        return [r.decode() for r in removed]

    # -- reading ------------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads are atomic per call (MULTI/EXEC); missing articles are skipped by the caller."""
        yield

    def seqs_of(self, ids: Sequence[str]) -> dict[str, int]:
        """Sequence numbers of the indexed ids."""
        if not ids:
            return {}
        with self._errors():
            seqs = self.client.hmget(self._key("ids"), list(ids))
        return {i: int(s) for i, s in zip(ids, seqs, strict=True) if s is not None}

    def buckets(self, kind: str, keys: np.ndarray, limit: int | None) -> list[list[int]]:
        """Members of each bucket in insertion order, at most ``limit`` each: one read-only
        script reads every bucket (one round trip, one consistent view, one reply)."""
        if len(keys) == 0:
            return []
        with self._errors():
            slots = _slots(keys, kind)
            reply = self._buckets(args=[self.prefix + kind.encode(), limit or 0, slots])
        return [np.frombuffer(members, dtype="<u4").tolist() for members in reply]

    def fetch(self, seqs: Sequence[int]) -> dict[int, StoredDoc]:
        """Stored articles by sequence number (one round trip)."""
        if not seqs:
            return {}
        with self._errors():
            records = self.client.hmget(self._key("docs"), list(seqs))
        out = {}
        for seq, record in zip(seqs, records, strict=True):
            if record is not None:
                parsed = _parse(record, self.target)
                n_anchors = packed_length(parsed["anchors"])
                out[seq] = StoredDoc(seq, parsed["id"], n_anchors, parsed["fingerprints"])
        return out

    def ids_older_than(self, cutoff: int, limit: int) -> list[str]:
        """Ids whose published (else insert) time is before ``cutoff``."""
        with self._errors():
            seqs: Any = self.client.zrangebyscore(
                self._key("time"), "-inf", f"({cutoff}", start=0, num=limit
            )
            if not seqs:
                return []
            records = self.client.hmget(self._key("docs"), seqs)
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
            first = self.client.zrange(self._key("time"), 0, 0, withscores=True)
            last = self.client.zrange(self._key("time"), -1, -1, withscores=True)
        return {
            "backend": "redis",
            "server_memory_bytes": int(memory.get("used_memory", 0)),
            "database_keys": int(keys),
            "oldest": int(first[0][1]) if first else None,
            "newest": int(last[0][1]) if last else None,
        }


def _slots(keys: np.ndarray, kind: str) -> bytes:
    """Where each bucket key lives: 3 bytes of hash (``key >> shift``), 2 of field (the rest)."""
    shift = SHIFTS[kind]
    k = np.asarray(keys, dtype=np.uint32)
    out = np.empty((len(k), 5), dtype=np.uint8)
    out[:, :3] = (k >> shift).astype(">u4").view(np.uint8).reshape(-1, 4)[:, 1:]
    out[:, 3:] = (k & ((1 << shift) - 1)).astype(">u2").view(np.uint8).reshape(-1, 2)
    return out.tobytes()


def _parse(record: Any, where: str) -> dict[str, Any]:
    """Fields of a stored record."""
    try:
        published, inserted, n_id, n_bands, n_anchors = _RECORD.unpack_from(record)
        at = _RECORD.size
        ident = record[at : at + n_id].decode()
        at += n_id
        bands = record[at : at + n_bands]
        at += n_bands
        anchors = record[at : at + n_anchors]
        fingerprints = record[at + n_anchors :]
        band_keys_of(bands)
    except (struct.error, UnicodeDecodeError, IndexFormatError) as exc:
        raise IndexFormatError(f"{where}: corrupted article record ({exc})") from None
    return {
        "published": None if published < 0 else published,
        "inserted": inserted,
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
