"""The ``dedup`` command: one thin subcommand per module (``scan``, ``diff``, ...)."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from dedup import __version__

__all__ = ["build_parser", "main"]

_COMMANDS = ("dedup.cli.scan", "dedup.cli.diff", "dedup.cli.index")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="dedup", description="Find near-duplicate news articles and explain how they differ."
    )
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    for command in sub.choices.values():  # -v also after the command name
        command.add_argument(
            "-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more log output"
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dedup`` console script; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="dedup: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("dedup: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
