"""``dedup diff A B``: show what two articles share, what each adds, and where they disagree.

``A`` and ``B`` are files: a seed-style ``.txt`` (one article) or any input ``dedup`` reads
holding exactly one record, or ``FILE.jsonl#ID`` (any supported format) to pick one record.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from dedup.article import Article
from dedup.diff import diff
from dedup.errors import DedupError, InputError
from dedup.io import atomic_write, iter_records

__all__ = ["add_parser", "load_article", "run"]

PROG = "dedup diff"


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the ``diff`` command on the ``dedup`` parser."""
    parser = subparsers.add_parser(
        "diff",
        help="explain how two articles differ",
        description="Show the passages two articles share (with the word edits inside them), "
        "the passages and facts only one has, and conflicts between them.",
    )
    parser.add_argument("a", metavar="A", help="article A: FILE.txt, or FILE.jsonl#ID")
    parser.add_argument("b", metavar="B", help="article B: FILE.txt, or FILE.jsonl#ID")
    parser.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="output format (default: text, side by side)",
    )
    parser.add_argument(
        "-o", "--output", default="-", help="write to this file instead of standard output"
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text format (default: auto, when writing to a terminal)",
    )
    parser.add_argument(
        "--width",
        type=int,
        default=None,
        help="line width of the text format (default: the terminal's)",
    )
    parser.add_argument(
        "--extractor",
        choices=("rules", "spacy"),
        default="rules",
        help="fact extractor (spacy needs the 'ner' extra and a model)",
    )
    parser.set_defaults(func=run)


def load_article(spec: str) -> Article:
    """The article named by ``spec``: ``FILE`` (one record) or ``FILE#ID``."""
    path = Path(spec)
    record_id: str | None = None
    if not path.exists() and "#" in spec:
        name, _, record_id = spec.rpartition("#")
        path = Path(name)
    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir():
        raise InputError("is a directory; give one file", path=path)
    if record_id is None:
        articles = [a for _, a in iter_records(str(path))]
        if len(articles) != 1:
            raise InputError(f"holds {len(articles)} records; pick one with {path}#ID", path=path)
        return articles[0]
    for _, article in iter_records(str(path)):
        if article.id == record_id:
            return article
    raise InputError(f"no record with id {record_id!r}", path=path)


def _use_color(choice: str, output: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return output == "-" and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def run(args: argparse.Namespace) -> int:
    """Run ``dedup diff``; returns the exit code (2 for an input error)."""
    try:
        a, b = load_article(args.a), load_article(args.b)
    except (InputError, OSError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    try:
        report = diff(a, b, extractor=args.extractor)
    except (DedupError, ImportError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        out = report.to_json() + "\n"
    elif args.format == "html":
        out = report.to_html()
    else:
        width = args.width or min(160, shutil.get_terminal_size((100, 24)).columns)
        out = report.to_text(color=_use_color(args.color, args.output), width=width)
    try:
        with atomic_write(args.output) as fh:
            fh.write(out)
    except OSError as exc:
        print(f"{PROG}: error: cannot write {args.output}: {exc}", file=sys.stderr)
        return 2
    return 0
