"""Benchmark: build throughput, memory, stage times, query latency, baseline and accuracy.

    python bench/run.py --docs 1000 [--json] [--jobs 1,2] [--skip-baseline]

Generates (once, cached under bench/out/) a deterministic synthetic corpus with
bench/make_corpus.py, builds it in a child process per configuration (so peak RSS is the
build's own), rebuilds after changing 10 files (incremental), times every named query in
Oxigraph and LadybugDB, runs top-bureaus through rdflib's own SPARQL engine as the
baseline (at most 1,000 documents), and scores extraction against the generator's truth.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from score import score  # noqa: E402

_CHILD = r"""
import json, resource, sys, time
import policykg
files = json.load(open(sys.argv[1], encoding="utf-8"))
t = time.perf_counter()
r = policykg.build(files, sys.argv[2], jobs=int(sys.argv[3]), html=sys.argv[4] == "html")
wall = time.perf_counter() - t
rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "documents": r.documents, "tasks": r.tasks, "quads": r.quads,
                  "bytes": r.bytes_read, "extracted": r.extracted, "reused": r.reused,
                  "stages": r.stages, "peak_rss_mb": max(rss_self, rss_children) / 1024}))
"""


def corpus(n: int, seed: int = 1) -> tuple[list[str], Path]:
    """Generate (or reuse) N documents; returns the document paths and the gold folder."""
    root = HERE / "out" / f"corpus-{n}-{seed}"
    done = root / ".complete"
    if not done.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_corpus.py"),
                "--docs",
                str(n),
                "--out",
                str(root),
                "--seed",
                str(seed),
            ],
            check=True,
        )
        done.write_text("ok\n")
    files = sorted(str(p) for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
    return files, root / "gold"


def run_build(files: list[str], out: Path, jobs: int, html: bool = False) -> dict:
    listing = out.parent / f"{out.name}.files.json"
    listing.parent.mkdir(parents=True, exist_ok=True)
    listing.write_text(json.dumps(files), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(listing), str(out), str(jobs), "html" if html else "nohtml"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def median_ms(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    fn()  # warm-up: first use opens files and fills caches
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def query_latencies(out: Path) -> dict[str, dict[str, float]]:
    from policykg.queries import list_queries, load_query

    import policykg

    g = policykg.open(out)
    res: dict[str, dict[str, float]] = {}
    for name in list_queries():
        q = load_query(name)
        params = {p: None for p in q.params}
        row: dict[str, float] = {}
        if q.sparql:
            row["oxigraph_ms"] = median_ms(lambda q=q: g.sparql_result(q.sparql, {}))
        if q.cypher:
            try:
                row["ladybug_ms"] = median_ms(
                    lambda q=q, params=params: g.cypher_result(q.cypher, dict(params))
                )
            except Exception as exc:  # a store that is not built is reported, not fatal
                row["ladybug_error"] = str(exc).splitlines()[0]  # type: ignore[assignment]
        res[name] = row
    return res


def rdflib_baseline(out: Path, oxigraph_ms: float) -> dict[str, float]:
    import rdflib
    from policykg.queries import load_query

    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(str(out / "graph.nq"), format="nquads")
    parse_s = time.perf_counter() - t
    text = load_query("top-bureaus").sparql
    t = time.perf_counter()
    rows = list(ds.query(text))
    q_ms = (time.perf_counter() - t) * 1000
    return {
        "rdflib_parse_s": round(parse_s, 2),
        "rdflib_top_bureaus_ms": round(q_ms, 1),
        "oxigraph_top_bureaus_ms": oxigraph_ms,
        "speedup": round(q_ms / max(oxigraph_ms, 0.001), 1),
        "rows": len(rows),
    }


def extraction_rate(files: list[str], limit: int = 300) -> dict[str, float]:
    """Extraction alone, one core, in this process (documents per second)."""
    from policykg.pipeline import extract_file

    sample = files[:limit]
    t = time.perf_counter()
    n = 0
    for f in sample:
        try:
            extract_file(f)
            n += 1
        except Exception:
            pass
    dt = time.perf_counter() - t
    return {"documents": n, "seconds": round(dt, 2), "docs_per_s_per_core": round(n / dt, 1)}


def accuracy(out: Path, gold_dir: Path) -> dict:
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json")}
    preds = {}
    for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        preds[Path(d["file"]).stem] = d
    return score(golds, preds)


def touch_files(files: list[str], k: int = 10) -> None:
    for f in files[:: max(1, len(files) // k)][:k]:
        with open(f, "ab") as fh:
            fh.write(b"\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", default="1,2", help="comma-separated process counts to build with")
    ap.add_argument("--json", action="store_true", help="print one JSON object with all figures")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    files, gold = corpus(a.docs, a.seed)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    figures: dict = {"documents": len(files), "corpus_mb": round(mb, 1), "builds": {}}
    out = HERE / "out" / f"build-{a.docs}"
    for jobs in [int(j) for j in a.jobs.split(",")]:
        for p in (out, out.parent / f".{out.name}.previous"):
            if p.exists():
                import shutil

                shutil.rmtree(p)
        r = run_build(files, out, jobs)
        r["docs_per_s"] = round(r["documents"] / r["wall"], 1)
        r["mb_per_s"] = round(mb / r["wall"], 2)
        figures["builds"][f"jobs={jobs}"] = r
    touch_files(files, 10)
    inc = run_build(files, out, max(int(j) for j in a.jobs.split(",")))
    full_wall = figures["builds"][f"jobs={max(int(j) for j in a.jobs.split(','))}"]["wall"]
    figures["incremental"] = {
        "wall": round(inc["wall"], 2),
        "extracted": inc["extracted"],
        "reused": inc["reused"],
        "share_of_full": round(inc["wall"] / full_wall, 3),
    }
    figures["extraction"] = extraction_rate(files)
    figures["queries"] = query_latencies(out)
    if not a.skip_baseline and a.docs <= 1000:
        figures["baseline"] = rdflib_baseline(out, figures["queries"]["top-bureaus"]["oxigraph_ms"])
    if gold.is_dir():
        figures["accuracy"] = accuracy(out, gold)
    if a.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        _print(figures)
    return 0


def _print(f: dict) -> None:
    print(f"corpus: {f['documents']} documents, {f['corpus_mb']} MB")
    for name, b in f["builds"].items():
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in b["stages"].items())
        print(
            f"build {name}: {b['wall']:.1f}s wall, {b['docs_per_s']} docs/s, {b['mb_per_s']} MB/s, "
            f"peak RSS {b['peak_rss_mb']:.0f} MB, {b['quads']} quads ({stages})"
        )
    i = f["incremental"]
    print(
        f"incremental (10 files changed): {i['wall']:.1f}s = {i['share_of_full']:.1%} of the full build "
        f"({i['extracted']} extracted, {i['reused']} reused)"
    )
    e = f["extraction"]
    print(f"extraction alone: {e['docs_per_s_per_core']} documents/s on one core")
    print("queries (median ms):")
    for name, q in f["queries"].items():
        lady = q.get("ladybug_ms", q.get("ladybug_error", "-"))
        print(f"  {name:22} oxigraph {q.get('oxigraph_ms', '-'):>8}   ladybug {lady}")
    if "baseline" in f:
        b = f["baseline"]
        print(
            f"baseline rdflib: parse {b['rdflib_parse_s']}s, top-bureaus {b['rdflib_top_bureaus_ms']} ms "
            f"vs Oxigraph {b['oxigraph_top_bureaus_ms']} ms: {b['speedup']}x"
        )
    if "accuracy" in f:
        acc = f["accuracy"]
        print(f"accuracy vs generator truth: tasks F1 {acc['tasks']['f1']}, roles F1 {acc['roles']['f1']}")


if __name__ == "__main__":
    sys.exit(main())
