"""Benchmark: the responsibility ledger of a built bench corpus, as .xlsx and .csv.

    python bench/ledger.py --docs 10000 [--jobs 2] [--work DIR] [--graph OUT]

Generates (or reuses) the bench corpus of bench/run.py, builds it once (or takes the build
in --graph), then writes the ledger in a fresh child process per format and prints one JSON
object: rows, seconds and the child's peak resident memory for each.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import corpus  # noqa: E402

_CHILD = """
import json, resource, sys, time
import policykg
from policykg.ledger import write_ledger
t = time.perf_counter()
with policykg.open(sys.argv[1]) as g:
    n = write_ledger(g, sys.argv[2])
print(json.dumps({"rows": n, "seconds": round(time.perf_counter() - t, 2),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/policykg-bench"))
    ap.add_argument("--graph", type=Path, default=None, help="An existing build of the corpus.")
    args = ap.parse_args()
    out = args.graph or args.work / f"ledger-build-{args.docs}-{args.seed}"
    figures: dict[str, object] = {"docs": args.docs}
    if args.graph is None and not (out / "graph.nq").exists():
        docs, _ = corpus(args.docs, args.seed, args.work)
        t = time.perf_counter()
        cmd = [sys.executable, "-m", "policykg", "build", str(docs), "-o", str(out), "-j", str(args.jobs)]
        subprocess.run([*cmd, "--no-html"], check=True, stdout=subprocess.DEVNULL)
        figures["build_seconds"] = round(time.perf_counter() - t, 1)
    for ext in ("xlsx", "csv"):
        dest = args.work / f"ledger-{args.docs}.{ext}"
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(out), str(dest)], check=True, capture_output=True, text=True
        )
        figures[ext] = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["bench_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
