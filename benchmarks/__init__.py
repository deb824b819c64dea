"""Benchmark tooling: a generator of fictional wire stories with known duplicate structure.

``benchmarks.stories`` composes base stories, ``benchmarks.wire`` applies wire-style edits with
ground truth, ``benchmarks.make_corpus`` assembles whole corpora (``python -m
benchmarks.make_corpus --help``). All names, places, organisations and figures are invented.
"""
