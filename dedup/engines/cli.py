"""``dedup scan --engine dask``: the scan command's Dask branch (kept out of the CLI module so
that ``dedup scan`` never imports Dask unless asked to)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING, Any

from dedup.errors import ParameterError
from dedup.io import atomic_write

if TYPE_CHECKING:
    from dedup.engines.dask import ScanOutput
    from dedup.io import ReadOptions
    from dedup.pipeline import Deduplicator

__all__ = ["OUTPUT_FORMATS", "scan_with_dask"]

OUTPUT_FORMATS = ("jsonl", "jsonl.gz", "parquet")


def scan_with_dask(
    args: argparse.Namespace, dedup: Deduplicator, options: ReadOptions, source: Any
) -> int:
    """Run the scan on Dask: ``-o DIR`` has the workers write part files, else as locally.

    Without ``--scheduler`` a LocalCluster of ``--workers`` processes is started for the run.
    The dashboard link goes to stderr (unless ``-q``); so does the progress bar on a terminal.
    """
    from dedup.cli.scan import _summary_line, _write_outputs

    if getattr(args, "index", None):
        raise ParameterError("--index works with the local engine only")
    if args.output == "-":
        raise ParameterError("with --engine dask, -o names a directory for the part files")
    if args.output and args.pairs:
        raise ParameterError(
            "with --engine dask, -o DIR gets the pairs in DIR/pairs/: leave out --pairs"
        )
    from dedup.engines.dask import DaskEngine

    # Dask logs cluster start-up and shutdown at INFO: show them with -v (as dedup's own INFO)
    logging.getLogger("distributed").setLevel(max(logging.getLogger().level, logging.INFO))
    with DaskEngine(scheduler=args.scheduler, n_workers=args.workers) as engine:
        if not args.quiet:
            print(f"dedup scan: dask dashboard: {engine.dashboard_link}", file=sys.stderr)
        if args.output:
            out = engine.write(
                dedup, source, args.output, options, output_format=args.output_format
            )
            if args.summary:
                with atomic_write(args.summary) as fh:
                    json.dump(out.summary(), fh, indent=2)
                    fh.write("\n")
            line = _output_line(out)
        else:
            result = dedup.run(source, options, engine=engine)
            _write_outputs(args, result)
            line = _summary_line(result)
    if not args.quiet:
        print(line, file=sys.stderr)
    return 0


def _output_line(out: ScanOutput) -> str:
    """The scan summary line for a run whose results are part files."""
    s = out.stats
    rate = s.articles / s.seconds if s.seconds > 0 else 0.0
    return (
        f"dedup scan: {s.articles:,} articles in {s.seconds:.1f} s ({rate:,.0f}/s): "
        f"{s.clusters:,} duplicate clusters holding {out.clustered:,} articles, "
        f"{s.duplicates:,} duplicate pairs, {s.overlaps:,} overlap pairs"
        + (f"; {s.skipped:,} records skipped" if s.skipped else "")
        + (f"; {s.short:,} articles shorter than k words" if s.short else "")
        + f"; written to {out.directory}/"
    )
