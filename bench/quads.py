"""Benchmark: the graph's size, per predicate, per task — one JSON object on stdout.

    python bench/quads.py --docs 1000 [--work DIR] [--jobs 2]
    python bench/quads.py --graph OUT          # count an existing build instead

Builds the bench corpus (bench/make_corpus.py, cached under WORK as bench/run.py does) and
counts OUT/graph.nq's quads by predicate: how many, how many per task, and the bytes of
their lines. Quads per task is what the stores load per unit of work, so it is the number
a leaner graph design is judged by.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import corpus  # noqa: E402

TASK = "<https://w3id.org/policykg/ontology#Task>"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def count(nq: Path) -> dict:
    """Quads and bytes per predicate of one N-Quads file, and its tasks."""
    quads: Counter[str] = Counter()
    size: Counter[str] = Counter()
    tasks = 0
    with open(nq, "rb") as fh:
        for line in fh:
            parts = line.split(b" ", 3)
            if len(parts) < 3:
                continue
            p = parts[1].decode()
            quads[p] += 1
            size[p] += len(line)
            if p == RDF_TYPE and parts[2].decode() == TASK:
                tasks += 1
    total = sum(quads.values())
    return {
        "tasks": tasks,
        "quads": total,
        "bytes": sum(size.values()),
        "quads_per_task": round(total / tasks, 2) if tasks else None,
        "predicates": [
            {
                "predicate": p.strip("<>"),
                "quads": n,
                "per_task": round(n / tasks, 3) if tasks else None,
                "bytes": size[p],
            }
            for p, n in sorted(quads.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000, help="bench corpus size")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", type=Path, default=Path("/tmp/policykg-bench"))
    ap.add_argument("--graph", type=Path, help="count this existing build folder instead of building")
    args = ap.parse_args()
    if args.graph is not None:
        out = args.graph
        figures: dict = {"graph": str(out)}
    else:
        import policykg

        docs, _ = corpus(args.docs, args.seed, args.work)
        out = args.work / f"quads-{args.docs}-{args.seed}"
        shutil.rmtree(out, ignore_errors=True)
        result = policykg.build([docs], out, jobs=args.jobs, html=False)
        figures = {"documents": result.documents}
    figures.update(count(out / "graph.nq"))
    print(json.dumps(figures, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
