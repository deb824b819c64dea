"""Nothing lost, nothing partial: SIGKILL a writer in the middle of a large add, then reopen."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from index_helpers import assert_consistent, random_articles

from dedup.index import Index

HERE = Path(__file__).parent
BATCH = 50

WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {here!r})
    from index_helpers import random_articles
    from dedup.index import Index

    target, round_ = sys.argv[1], int(sys.argv[2])
    with Index.open(target) as index:
        early = random_articles(200, seed=100 + round_, prefix="early")
        assert len(index.add(early, batch_size=40).added) == 200
        print("early done", flush=True)
        index.add(random_articles(20000, seed=200 + round_, prefix="late"), batch_size={batch})
        print("late done", flush=True)
    """
).format(here=str(HERE), batch=BATCH)


def test_sigkill_mid_add_loses_no_completed_add_and_leaves_no_partial_article(target):
    rng = random.Random(11)
    early: set[str] = set()
    late_all = {a.id for r in range(3) for a in random_articles(20000, 200 + r, prefix="late")}
    for round_ in range(3):  # kill three writers at random moments of their large add
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, target, str(round_)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(HERE)},
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "early done"
            early |= {a.id for a in random_articles(200, 100 + round_, prefix="early")}
            with Index.open(target) as index:  # wait until the large add is well under way
                deadline = time.monotonic() + 60
                start = len(index)
                while len(index) < start + 3 * BATCH and time.monotonic() < deadline:
                    time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.05))
            assert proc.poll() is None, "the writer finished before it could be killed"
            proc.send_signal(signal.SIGKILL)
        finally:
            proc.kill()
            proc.wait(30)
        assert proc.returncode == -signal.SIGKILL

        with Index.open(target) as index:
            ids = assert_consistent(index)  # every article in all of its buckets, or absent
            assert early <= ids  # every earlier completed add is there
            late = ids - early
            assert late <= late_all
            assert len(index) == len(ids)
            # each batch of the killed add is one transaction: whole batches only
            per_round = [sum(i.startswith(f"late{200 + r}-") for i in late) for r in range(3)]
            assert all(n % BATCH == 0 for n in per_round), per_round
            probe = sorted(early)[::40]
            found = index.query_many([a for a in _early_articles() if a.id in probe], top=1)
            assert sorted(f[0].id for f in found) == probe


def _early_articles():
    return [a for r in range(3) for a in random_articles(200, 100 + r, prefix="early")]
