"""``dedup scan``: the batch job over files, globs or stdin."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dedup.cli.common import add_input_options, read_options
from dedup.cluster import KEEP_POLICIES
from dedup.errors import DedupError
from dedup.io import atomic_write, write_rows
from dedup.minhash import SCHEMES
from dedup.pipeline import Deduplicator
from dedup.result import DedupResult

__all__ = ["add_parser", "run"]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``scan``."""
    p = sub.add_parser(
        "scan",
        help="find duplicate clusters and overlapping pairs in a batch of articles",
        description="Find duplicate clusters and overlapping pairs in a batch of articles.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="JSONL/CSV/Parquet/.txt files, folders of .txt, globs, or - for stdin",
    )
    out = p.add_argument_group("output")
    out.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="one row per article (.jsonl, .jsonl.gz or .parquet; - for stdout)",
    )
    out.add_argument("--pairs", metavar="PAIRS", help="one row per verified pair (same formats)")
    out.add_argument("--summary", metavar="JSON", help="write the run's counts and parameters")
    out.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    out.add_argument(  # issue 4: dedup scan --index
        "--index",
        metavar="INDEX",
        help="also match against this persistent index (SQLite path or redis:// URL), "
        "then add the batch to it",
    )

    d = Deduplicator()
    m = p.add_argument_group("matching")
    m.add_argument(
        "--threshold",
        type=float,
        default=d.threshold,
        help="Jaccard at or above which a pair is a duplicate (%(default)s)",
    )
    m.add_argument(
        "--containment",
        type=float,
        default=d.containment,
        help="share of the shorter article in the longer for an overlap (%(default)s)",
    )
    m.add_argument(
        "--edit-threshold",
        type=float,
        default=d.edit_threshold,
        help="edit similarity (share of words in common) at or above which a lightly edited "
        "copy is a duplicate; 1 turns it off (%(default)s)",
    )
    m.add_argument(
        "--no-figures",
        dest="figures",
        action="store_false",
        help="do not require duplicates to have the same figures and overlaps to share some",
    )
    m.add_argument(
        "-k",
        "--shingle-size",
        dest="k",
        type=int,
        default=d.k,
        help="words per shingle (%(default)s)",
    )
    m.add_argument(
        "--num-perm", type=int, default=d.num_perm, help="MinHash signature length (%(default)s)"
    )
    m.add_argument(
        "--scheme",
        choices=SCHEMES,
        default=d.scheme,
        help="MinHash scheme: one-permutation hashing or k permutations (%(default)s)",
    )
    m.add_argument("--bands", type=int, help="LSH bands (default: optimal for --threshold)")
    m.add_argument("--rows", type=int, help="LSH rows per band (give with --bands)")
    m.add_argument(
        "--fp-weight",
        type=float,
        default=d.fp_weight,
        help="weight of false positives when choosing bands (%(default)s)",
    )
    m.add_argument(
        "--fn-weight",
        type=float,
        default=d.fn_weight,
        help="weight of false negatives when choosing bands (%(default)s)",
    )
    m.add_argument("--seed", type=int, default=d.seed, help="seed of every hash (%(default)s)")
    m.add_argument(
        "--anchor-rate",
        type=int,
        default=d.anchor_rate,
        help="one shingle in N is an overlap anchor (%(default)s)",
    )
    m.add_argument(
        "--min-anchors",
        type=int,
        default=d.min_anchors,
        help="anchors two articles must share to be compared (%(default)s)",
    )
    m.add_argument(
        "--max-bucket",
        type=int,
        default=d.max_bucket,
        help="articles per bucket before it counts as boilerplate (%(default)s)",
    )
    m.add_argument(
        "--keep",
        choices=KEEP_POLICIES,
        default=d.keep,
        help="which article represents a cluster (%(default)s)",
    )

    add_input_options(p)

    x = p.add_argument_group("execution")
    x.add_argument("--workers", type=int, help="worker processes (default: all cores)")
    x.add_argument(
        "--chunk-size",
        type=int,
        default=d.chunk_size,
        help="articles per unit of work (%(default)s)",
    )
    x.add_argument("--tmp-dir", help="directory for temporary files (system default)")
    x.add_argument(  # issue 5: dedup scan --engine dask
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="run here or on a Dask cluster; with dask, -o is a directory of part files "
        "(%(default)s)",
    )
    x.add_argument(
        "--scheduler",
        metavar="URL",
        help="--engine dask: scheduler address, e.g. tcp://host:8786 (default: a LocalCluster "
        "of --workers processes)",
    )
    x.add_argument(
        "--output-format",
        choices=("jsonl", "jsonl.gz", "parquet"),
        default="jsonl.gz",
        help="--engine dask: format of the part files in -o DIR (%(default)s)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``dedup scan``; 0 on success, 2 on bad input or parameters."""
    try:
        options = read_options(args)
        dedup = Deduplicator(
            threshold=args.threshold,
            containment=args.containment,
            edit_threshold=args.edit_threshold,
            figures=args.figures,
            k=args.k,
            num_perm=args.num_perm,
            scheme=args.scheme,
            seed=args.seed,
            bands=args.bands,
            rows=args.rows,
            fp_weight=args.fp_weight,
            fn_weight=args.fn_weight,
            anchor_rate=args.anchor_rate,
            min_anchors=args.min_anchors,
            max_bucket=args.max_bucket,
            keep=args.keep,
            workers=args.workers,
            chunk_size=args.chunk_size,
            on_error=args.on_error,
            progress=not args.quiet and sys.stderr.isatty(),
            tmp_dir=args.tmp_dir,
        )
        source = args.inputs[0] if len(args.inputs) == 1 else args.inputs
        if args.index and args.engine == "dask":  # issue 4: --index runs the local engine only
            raise DedupError("--index works with the local engine only (not --engine dask)")
        if args.engine == "dask":  # issue 5: the job on a Dask cluster
            from dedup.engines.cli import scan_with_dask

            return scan_with_dask(args, dedup, options, source)
        if args.index:  # issue 4: match against the index, then add the batch to it
            from dedup.index.scan import scan_with_index

            result = scan_with_index(dedup, source, options, args.index)
        else:
            result = dedup.run(source, options)
        _write_outputs(args, result)
    except DedupError as exc:
        print(f"dedup scan: error: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(_summary_line(result), file=sys.stderr)
    return 0


def _write_outputs(args: argparse.Namespace, result: DedupResult) -> None:
    if args.output:
        write_rows(args.output, result.assignments())
    if args.pairs:
        write_rows(args.pairs, (pair.to_dict() for pair in result.pairs))
    if args.summary:
        with atomic_write(args.summary) as fh:
            json.dump(_summary(result), fh, indent=2)
            fh.write("\n")


def _summary(result: DedupResult) -> dict[str, Any]:
    stats = result.stats.to_dict()
    stats["problems"] = [str(p) for p in result.problems]
    return stats


def _summary_line(result: DedupResult) -> str:
    s = result.stats
    rate = s.articles / s.seconds if s.seconds > 0 else 0.0
    in_clusters = sum(len(c.members) for c in result.clusters)
    return (
        f"dedup scan: {s.articles:,} articles in {s.seconds:.1f} s ({rate:,.0f}/s): "
        f"{s.clusters:,} duplicate clusters holding {in_clusters:,} articles, "
        f"{s.duplicates:,} duplicate pairs, {s.overlaps:,} overlap pairs"
        + (f"; {s.skipped:,} records skipped" if s.skipped else "")
        + (f"; {s.short:,} articles shorter than k words" if s.short else "")
    )
