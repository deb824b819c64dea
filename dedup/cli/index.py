"""``dedup index``: a persistent index (SQLite file or Redis URL) to add, query and expire.

dedup index add wire.db feed.jsonl            # created on first use
dedup index query wire.db new.jsonl -o matches.jsonl --top 5
dedup index expire wire.db --older-than 3d
dedup index remove wire.db ID...
dedup index stats wire.db
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from datetime import timedelta
from itertools import islice
from typing import Any

from dedup.cli.common import add_input_options, read_options
from dedup.errors import DedupError, ParameterError
from dedup.index import Index
from dedup.index.base import IndexParams
from dedup.io import iter_records, write_rows
from dedup.minhash import SCHEMES

__all__ = ["add_parser", "parse_duration", "run"]

PROG = "dedup index"
_SHOW_REJECTED = 20
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}
_INDEX_HELP = "index: a file path (SQLite, created on first add) or redis://host:port/db"


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``index`` and its subcommands."""
    p = sub.add_parser(
        "index",
        help="a persistent index: add, query, expire (SQLite file or Redis)",
        description="A persistent near-duplicate index that lives between runs: add articles, "
        "query new ones against it, forget old ones.",
    )
    commands = p.add_subparsers(dest="index_command", required=True, metavar="ACTION")

    add = commands.add_parser("add", help="add articles (creating the index on first use)")
    add.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    add.add_argument("inputs", nargs="+", metavar="INPUT", help="files, globs, folders, or -")
    add.add_argument(
        "--batch-size", type=int, default=1000, help="articles per transaction (%(default)s)"
    )
    add.add_argument("--workers", type=int, default=1, help="sketching processes (%(default)s)")
    _matching_options(add)
    add_input_options(add)
    add.set_defaults(func=run)

    query = commands.add_parser("query", help="find indexed duplicates and overlaps of articles")
    query.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    query.add_argument("inputs", nargs="+", metavar="INPUT", help="files, globs, folders, or -")
    query.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="OUT",
        help='one line per query article, {"id", "matches": [...]}, best first (stdout)',
    )
    query.add_argument("--top", type=int, default=5, help="matches per article (%(default)s)")
    add_input_options(query)
    query.set_defaults(func=run)

    expire = commands.add_parser("expire", help="remove articles older than a duration")
    expire.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    expire.add_argument(
        "--older-than",
        required=True,
        type=parse_duration,
        metavar="AGE",
        help="e.g. 3d, 12h, 90m, 2w: by published time (else the time the article was added)",
    )
    expire.set_defaults(func=run)

    remove = commands.add_parser("remove", help="remove articles by id")
    remove.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    remove.add_argument("ids", nargs="+", metavar="ID")
    remove.set_defaults(func=run)

    stats = commands.add_parser("stats", help="articles, size and parameters, as JSON")
    stats.add_argument("index", metavar="INDEX", help=_INDEX_HELP)
    stats.set_defaults(func=run)

    for action in commands.choices.values():  # -v also after the action
        action.add_argument(
            "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more log output"
        )


def _matching_options(p: argparse.ArgumentParser) -> None:
    m = p.add_argument_group(
        "matching (stored when the index is created; if given later they must match)"
    )
    m.add_argument("--threshold", type=float, help="Jaccard for a duplicate (0.8)")
    m.add_argument("--containment", type=float, help="containment for an overlap (0.3)")
    m.add_argument(
        "--edit-threshold",
        type=float,
        help="edit similarity for a lightly edited copy to be a duplicate; 1: off (0.88)",
    )
    m.add_argument(
        "--no-figures",
        dest="figures",
        action="store_const",
        const=False,
        help="do not compare figures (numbers) when classifying matches",
    )
    m.add_argument("-k", "--shingle-size", dest="k", type=int, help="words per shingle (5)")
    m.add_argument("--num-perm", type=int, help="MinHash signature length (128)")
    m.add_argument("--scheme", choices=SCHEMES, help="MinHash scheme (oph)")
    m.add_argument("--bands", type=int, help="LSH bands (default: optimal for --threshold)")
    m.add_argument("--rows", type=int, help="LSH rows per band (give with --bands)")
    m.add_argument("--seed", type=int, help="seed of every hash (1)")
    m.add_argument("--anchor-rate", type=int, help="one shingle in N is an anchor (8)")
    m.add_argument("--min-anchors", type=int, help="anchors to share to be compared (2)")
    m.add_argument("--max-bucket", type=int, help="articles per bucket before boilerplate (100)")


def parse_duration(text: str) -> timedelta:
    """``3d``, ``12h``, ``90m``, ``45s``, ``2w`` (or a sum: ``1d12h``) as a timedelta."""
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhdw])", text.strip().lower())
    if not parts or re.sub(r"[\d.\s]+[smhdw]", "", text.strip().lower()):
        raise argparse.ArgumentTypeError(
            f"bad duration {text!r}: use a number and a unit s, m, h, d or w, e.g. 3d or 12h"
        )
    return timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in parts))


def run(args: argparse.Namespace) -> int:
    """Run one ``dedup index`` action; 0 on success, 2 on bad input, parameters or index."""
    try:
        return int(_ACTIONS[args.index_command](args))
    except DedupError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2


def _source(args: argparse.Namespace) -> Any:
    return args.inputs[0] if len(args.inputs) == 1 else args.inputs


def _add(args: argparse.Namespace) -> int:
    params = {
        name: getattr(args, name) for name in IndexParams.GIVEN if getattr(args, name) is not None
    }
    articles = (a for _, a in iter_records(_source(args), read_options(args)))
    with Index.open(args.index, **params) as index:
        result = index.add(articles, batch_size=args.batch_size, workers=args.workers)
        total = len(index)
    for rejected in result.rejected[:_SHOW_REJECTED]:
        print(f"{PROG}: rejected {rejected.id!r}: {rejected.reason}", file=sys.stderr)
    if len(result.rejected) > _SHOW_REJECTED:
        more = len(result.rejected) - _SHOW_REJECTED
        print(f"{PROG}: ... and {more:,} more rejected", file=sys.stderr)
    print(
        f"{PROG}: added {len(result.added):,} articles, rejected {len(result.rejected):,}; "
        f"{total:,} in {args.index}",
        file=sys.stderr,
    )
    return 0


def _query(args: argparse.Namespace) -> int:
    if args.top < 1:
        raise ParameterError(f"--top must be >= 1, got {args.top}")
    articles = (a for _, a in iter_records(_source(args), read_options(args)))
    with Index.open(args.index, create=False) as index:

        def rows() -> Iterator[dict[str, Any]]:
            while chunk := list(islice(articles, 1000)):
                found = index.query_many(chunk, top=args.top)
                for article, matches in zip(chunk, found, strict=True):
                    yield {"id": article.id, "matches": [m.to_dict() for m in matches]}

        write_rows(args.output, rows())
    return 0


def _expire(args: argparse.Namespace) -> int:
    with Index.open(args.index, create=False) as index:
        removed = index.expire(older_than=args.older_than)
        left = len(index)
    print(f"{PROG}: expired {removed:,} articles; {left:,} left", file=sys.stderr)
    return 0


def _remove(args: argparse.Namespace) -> int:
    with Index.open(args.index, create=False) as index:
        removed = index.remove(args.ids)
    print(f"{PROG}: removed {removed:,} of {len(args.ids):,} ids", file=sys.stderr)
    return 0


def _stats(args: argparse.Namespace) -> int:
    with Index.open(args.index, create=False) as index:
        stats = index.stats()
    print(json.dumps(stats, indent=2))
    return 0


_ACTIONS = {
    "add": _add,
    "query": _query,
    "expire": _expire,
    "remove": _remove,
    "stats": _stats,
}
