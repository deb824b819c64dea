"""Options every command that reads articles shares: input format, field names, error policy."""

from __future__ import annotations

import argparse

from dedup.io import FORMATS, ReadOptions

__all__ = ["add_input_options", "read_options"]


def add_input_options(p: argparse.ArgumentParser) -> None:
    """Add the ``input`` option group (``--format``, ``--*-field``, ``--max-bytes``, ...)."""
    r = p.add_argument_group("input")
    r.add_argument("--format", choices=FORMATS, help="input format (default: from file suffix)")
    for name in ("id", "text", "title", "published", "source", "url"):
        r.add_argument(
            f"--{name}-field",
            default=name,
            metavar="NAME",
            help=f"input field holding the article {name} (%(default)s)",
        )
    r.add_argument(
        "--max-bytes",
        type=int,
        default=ReadOptions.max_bytes,
        help="articles longer than this many bytes are bad input (%(default)s)",
    )
    r.add_argument(
        "--on-error",
        choices=("fail", "skip"),
        default="fail",
        help="bad record: fail (exit 2, write nothing) or skip it (%(default)s)",
    )


def read_options(args: argparse.Namespace) -> ReadOptions:
    """The :class:`ReadOptions` the input options of ``args`` describe."""
    return ReadOptions(
        id_field=args.id_field,
        text_field=args.text_field,
        title_field=args.title_field,
        published_field=args.published_field,
        source_field=args.source_field,
        url_field=args.url_field,
        format=args.format,
        on_error=args.on_error,
        max_bytes=args.max_bytes,
    )
