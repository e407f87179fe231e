"""Benchmark: build throughput, memory, stage times, incremental rebuild, queries, baseline, accuracy.

    python bench/run.py --docs 1000 [--json] [--jobs 1,2] [--work DIR] [--no-html] [--skip-baseline]

Generates (once, cached under WORK, default /tmp/policykg-bench) a deterministic synthetic
corpus with bench/make_corpus.py: documents in WORK/corpus-N-SEED/docs, their ground truth
in WORK/corpus-N-SEED/gold, so the documents folder is built as a user builds a corpus.
Then, each measured in a fresh child process (so peak memory is the build's own):

- a full build of the folder per process count (documents/s, MB/s, wall, stage times,
  peak resident memory of the whole process tree: the build and its workers);
- an incremental rebuild after changing 10 files, its share of the full build, and whether
  its outputs equal a full rebuild of the changed corpus byte for byte;
- extraction alone on one core (generated documents and the hand-made samples);
- the median latency of every named query in Oxigraph and in LadybugDB (on an open
  connection, and through the library API, which opens the store per call);
- at most 1,000 documents: top-bureaus through rdflib's own SPARQL engine, as the baseline;
- extraction accuracy against the generator's ground truth (tasks and roles P/R/F1).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "examples" / "corpus"
sys.path.insert(0, str(HERE))

from score import score  # noqa: E402

# Runs in a child: build, sampling the resident memory of the process tree every 50 ms.
_CHILD = r"""
import json, resource, sys, threading, time
import psutil
import policykg

peak = [0]
stop = threading.Event()
def sample():
    me = psutil.Process()
    while not stop.is_set():
        total = 0
        for p in [me, *me.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        peak[0] = max(peak[0], total)
        stop.wait(0.05)
threading.Thread(target=sample, daemon=True).start()
t = time.perf_counter()
r = policykg.build([sys.argv[1]], sys.argv[2], jobs=int(sys.argv[3]), html=sys.argv[4] == "html")
wall = time.perf_counter() - t
stop.set()
rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
rss_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"wall": wall, "documents": r.documents, "tasks": r.tasks, "quads": r.quads,
                  "bytes": r.bytes_read, "extracted": r.extracted, "reused": r.reused,
                  "failed": len(r.failed), "store_update": r.store_update,
                  "stages": {k: round(v, 2) for k, v in r.stages.items()},
                  "peak_rss_mb": round(peak[0] / 2**20), "main_max_rss_mb": round(rss_self),
                  "worker_max_rss_mb": round(rss_child)}))
"""
COMPARED = ("graph.nq", "extraction.jsonl", "report.json")


def corpus(n: int, seed: int, work: Path) -> tuple[Path, Path]:
    """Generate (or reuse) N documents; returns the documents folder and the gold folder."""
    root = work / f"corpus-{n}-{seed}"
    docs, gold = root / "docs", root / "gold"
    done = root / ".complete"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        cmd = [sys.executable, str(HERE / "make_corpus.py"), "--docs", str(n), "--seed", str(seed)]
        subprocess.run([*cmd, "--out", str(docs), "--gold", str(gold)], check=True)
        done.write_text("ok\n")
    return docs, gold


def note(label: str, figures: object) -> None:
    """Log a phase's figures to stderr as soon as they exist: a long run interrupted later keeps them."""
    print(f"{label}: {json.dumps(figures, ensure_ascii=False)}", file=sys.stderr, flush=True)


def run_build(docs: Path, out: Path, jobs: int, html: bool) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, str(docs), str(out), str(jobs), "html" if html else "nohtml"],
        check=True,
        capture_output=True,
        text=True,
    )
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    r["wall"] = round(r["wall"], 2)
    return r


def fresh(out: Path) -> None:
    """Remove OUT and whatever a build keeps beside it, so the next build starts cold."""
    for p in (out, out.parent / f".{out.name}.previous"):
        shutil.rmtree(p, ignore_errors=True)


def same_outputs(a: Path, b: Path) -> dict[str, bool]:
    return {name: (a / name).read_bytes() == (b / name).read_bytes() for name in COMPARED}


def median_ms(fn: Callable[[], object], repeat: int = 7, budget_s: float = 20.0) -> float:
    """Median of up to ``repeat`` timed runs after a warm-up, stopping once ``budget_s`` is spent.

    A slow query then costs a few runs, not minutes, and its median still comes from real runs.
    """
    fn()  # warm-up: first use opens files and fills caches
    times: list[float] = []
    spent = 0.0
    while len(times) < repeat and (spent < budget_s or len(times) < 1):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
        spent += times[-1] / 1000
    return round(statistics.median(times), 2)


def sample_latency(work: Path) -> dict[str, float]:
    """top-bureaus on the graph of the hand-made samples, in-process, through the library API."""
    import policykg

    out = work / "build-samples"
    fresh(out)
    policykg.build([SAMPLES], out, html=False)
    g = policykg.open(out)
    return {
        "oxigraph_ms": round(median_ms(lambda: g.ask_result("top-bureaus", "sparql")), 2),
        "ladybug_ms": round(median_ms(lambda: g.ask_result("top-bureaus", "cypher")), 2),
    }


def query_arguments(g: object) -> dict[str, str]:
    """Arguments a user would pass, read from the graph itself: the department carrying the
    most tasks and the theme found in most documents. Optional filters stay absent."""
    top = g.ask_result("top-bureaus", "cypher").rows  # type: ignore[attr-defined]
    themes = g.ask_result("theme-coverage", "cypher").rows  # type: ignore[attr-defined]
    args = {}
    if top:
        args["department"] = str(top[0]["department"])
    if themes:
        best = max(themes, key=lambda r: (r["documents"], r["tasks"], str(r["themeKey"])))
        args["theme"] = str(best["themeKey"])
    return args


def query_latencies(out: Path) -> dict[str, dict[str, object]]:
    """Median ms of every named query: Oxigraph and LadybugDB through the library API (as
    ``policykg ask`` runs them, the store opened per call), and LadybugDB on an open connection.

    Queries that need an argument get a realistic one (``query_arguments``); optional
    filters are left out, which for top-bureaus and its kin means the whole corpus.
    """
    from policykg.queries import list_queries, load_query

    import policykg

    g = policykg.open(out)
    args = query_arguments(g)
    conn, conn_error = None, ""
    try:
        import ladybug
        from policykg.graph.cypher_store import LADYBUG_DIR

        db = ladybug.Database(str(out / LADYBUG_DIR), read_only=True)
        conn = ladybug.Connection(db)
    except Exception as exc:  # a store that is not built is reported, not fatal
        conn_error = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    res: dict[str, dict[str, object]] = {}
    for name in list_queries():
        q = load_query(name)
        given = {p: args[p] for p in q.params if p in args}
        row: dict[str, object] = {"arguments": given}
        if q.sparql:
            row["oxigraph_ms"] = median_ms(
                lambda name=name, given=given: g.ask_result(name, "sparql", **given)
            )
            row["rows"] = len(g.ask_result(name, "sparql", **given).rows)
        if q.cypher:
            if conn is None:
                row["ladybug_error"] = conn_error
            else:
                try:
                    params = {p: given.get(p) for p in q.params}
                    row["ladybug_ms"] = median_ms(
                        lambda q=q, params=params: conn.execute(q.cypher, dict(params)).get_all()
                    )
                    row["ladybug_api_ms"] = median_ms(
                        lambda name=name, given=given: g.ask_result(name, "cypher", **given)
                    )
                except Exception as exc:
                    row["ladybug_error"] = str(exc).splitlines()[0]
        res[name] = row
        note(f"query {name}", row)
    return res


def rdflib_baseline(out: Path) -> dict[str, float]:
    """The same top-bureaus text, unbound, through rdflib's own engine over an in-memory
    union graph and through Oxigraph (median of its runs; rdflib's from one run)."""
    import rdflib
    from policykg.queries import load_query

    import policykg

    text = load_query("top-bureaus").sparql
    g = policykg.open(out)
    oxigraph_ms = median_ms(lambda: g.sparql_result(text, {}))
    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    ds.parse(str(out / "graph.nq"), format="nquads")
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    rows = list(ds.query(text))
    q_ms = (time.perf_counter() - t) * 1000
    return {
        "rdflib_parse_s": round(parse_s, 2),
        "rdflib_top_bureaus_ms": round(q_ms, 1),
        "oxigraph_top_bureaus_ms": oxigraph_ms,
        "speedup": round(q_ms / max(oxigraph_ms, 0.001), 1),
        "rows": len(rows),
        "oxigraph_rows": len(g.sparql_result(text, {}).rows),
    }


def extraction_rate(files: list[Path], limit: int = 300) -> dict[str, float]:
    """Extraction alone, one core, in this process: generated documents and the samples."""
    from policykg.pipeline import extract_file

    def rate(paths: list[Path]) -> dict[str, float]:
        extract_file(paths[0])  # warm-up: imports, conversion tables
        size = sum(p.stat().st_size for p in paths)
        t = time.perf_counter()
        for p in paths:
            extract_file(p)
        dt = time.perf_counter() - t
        return {
            "documents": len(paths),
            "mean_kb": round(size / len(paths) / 1000, 1),
            "seconds": round(dt, 2),
            "docs_per_s_per_core": round(len(paths) / dt, 1),
        }

    samples = sorted(SAMPLES.glob("*.txt"))
    out = {"generated": rate(files[:limit])}
    if samples:
        out["samples"] = rate(samples * 20)
    return out


def accuracy(out: Path, gold_dir: Path) -> dict:
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json")}
    preds = {}
    for line in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        preds[Path(d["file"]).stem] = d
    return score(golds, preds)


def change_files(files: list[Path], k: int = 10) -> dict[Path, bytes]:
    """Append a line to k files spread over the corpus; returns their original bytes."""
    chosen = files[:: max(1, len(files) // k)][:k]
    originals = {f: f.read_bytes() for f in chosen}
    for f in chosen:
        with open(f, "ab") as fh:
            fh.write(b"\n")
    return originals


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", default="1,2", help="comma-separated process counts to build with")
    ap.add_argument("--json", action="store_true", help="print one JSON object with all figures")
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "policykg-bench")
    ap.add_argument("--no-html", action="store_true", help="build without OUT/graph.html")
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    html = not a.no_html
    jobs_list = [int(j) for j in a.jobs.split(",")]
    top_jobs = max(jobs_list)

    docs, gold = corpus(a.docs, a.seed, a.work)
    files = sorted(p for p in docs.iterdir() if p.is_file() and not p.name.startswith("."))
    mb = sum(p.stat().st_size for p in files) / 1e6
    figures: dict = {"documents": len(files), "corpus_mb": round(mb, 1), "html": html, "builds": {}}
    out = a.work / f"build-{a.docs}"
    for jobs in jobs_list:
        fresh(out)
        r = run_build(docs, out, jobs, html)
        r["docs_per_s"] = round(r["documents"] / r["wall"], 1)
        r["mb_per_s"] = round(mb / r["wall"], 2)
        figures["builds"][f"jobs={jobs}"] = r
        note(f"build jobs={jobs}", r)
    full_wall = figures["builds"][f"jobs={top_jobs}"]["wall"]
    if jobs_list[-1] != top_jobs:
        fresh(out)
        run_build(docs, out, top_jobs, html)  # the incremental build starts from this one

    originals = change_files(files, 10)
    try:
        inc = run_build(docs, out, top_jobs, html)
        check = a.work / f"build-{a.docs}-full"
        fresh(check)
        run_build(docs, check, top_jobs, html)
        identical = same_outputs(out, check)
        fresh(check)
    finally:
        for f, data in originals.items():
            f.write_bytes(data)
    figures["incremental"] = {
        "changed": len(originals),
        "wall": inc["wall"],
        "extracted": inc["extracted"],
        "reused": inc["reused"],
        "stages": inc["stages"],
        "share_of_full": round(inc["wall"] / full_wall, 3),
        "identical_to_full_rebuild": identical,
    }
    note("incremental", figures["incremental"])
    figures["extraction"] = extraction_rate(files)
    note("extraction", figures["extraction"])
    figures["samples_top_bureaus"] = sample_latency(a.work)
    note("samples top-bureaus", figures["samples_top_bureaus"])
    if gold.is_dir():
        figures["accuracy"] = accuracy(out, gold)
        note("accuracy", figures["accuracy"])
    figures["queries"] = query_latencies(out)
    if not a.skip_baseline and a.docs <= 1000:
        figures["baseline"] = rdflib_baseline(out)
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
            f"peak RSS {b['peak_rss_mb']} MB (tree), {b['quads']} quads ({stages})"
        )
    i = f["incremental"]
    print(
        f"incremental ({i['changed']} files changed): {i['wall']:.1f}s = "
        f"{i['share_of_full']:.1%} of the full build ({i['extracted']} extracted, {i['reused']} reused); "
        "identical to a full rebuild: "
        f"{all(i['identical_to_full_rebuild'].values())}"
    )
    for kind, e in f["extraction"].items():
        print(
            f"extraction alone ({kind}, {e['mean_kb']} KB each): {e['docs_per_s_per_core']} documents/s/core"
        )
    st = f["samples_top_bureaus"]
    print(
        f"top-bureaus on the sample graph: Oxigraph {st['oxigraph_ms']} ms, LadybugDB {st['ladybug_ms']} ms"
    )
    print("queries (median ms): oxigraph / ladybug (open connection) / ladybug via API")
    args = {k: v for q in f["queries"].values() for k, v in q.get("arguments", {}).items()}
    if args:
        print("  arguments: " + ", ".join(f"{k}={v}" for k, v in sorted(args.items())))
    for name, q in f["queries"].items():
        lady = q.get("ladybug_ms", q.get("ladybug_error", "-"))
        print(f"  {name:22} {q.get('oxigraph_ms', '-'):>8}   {lady}   {q.get('ladybug_api_ms', '-')}")
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
