"""Benchmark: a rebuild after editing only the corrections file, against a full build.

    python bench/corrections.py --docs 1000 [--jobs 2] [--work DIR]

On the bench corpus (bench/make_corpus.py, cached under WORK): a full build without
corrections; then a corrections file beside it is written with one entry of each kind,
chosen from that build (the two busiest departments of the busiest jurisdiction merged, a
type change, a succession, a role fix, a parent, a split), and the corpus is rebuilt
incrementally; then one entry is edited and it is rebuilt again. Each rebuild's time is
given as a share of the full build, and its graph.nq is compared byte for byte with a full
build from scratch of the same corpus and corrections. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _corpus(work: Path, docs: int, seed: int = 7) -> Path:
    folder = work / f"corpus-{docs}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        cmd = [sys.executable, str(HERE / "make_corpus.py"), "--docs", str(docs), "--seed", str(seed)]
        subprocess.run([*cmd, "--out", str(folder / "docs"), "--gold", str(folder / "gold")], check=True)
        done.write_text("ok\n")
    return folder / "docs"


def _build(corpus: Path, out: Path, jobs: int, corrections: Path | None) -> float:
    cmd = [sys.executable, "-m", "policykg", "build", str(corpus), "-o", str(out), "--jobs", str(jobs)]
    cmd += ["--no-html", "--top", "0"] + (["--corrections", str(corrections)] if corrections else [])
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _entries(out: Path) -> str:
    """One entry of each kind, taken from what the build found."""
    import policykg

    g = policykg.open(out)
    top = g.cypher(
        "MATCH (d:Department)-[:IN_JURISDICTION]->(j:Jurisdiction) WHERE d.rank <= 400 "
        "RETURN d.label AS label, j.label AS place, d.rank AS rank ORDER BY rank"
    )
    by_place: dict[str, list[str]] = {}
    for row in top:
        by_place.setdefault(row["place"], []).append(row["label"])
    place, names = max(by_place.items(), key=lambda kv: (len(kv[1]), kv[0]))
    task = g.cypher(
        "MATCH (t:Task)-[r:RESPONSIBLE]->(u:Department), (t)-[:IN_DOCUMENT]->(d:Document) "
        "WHERE r.role = 'co' RETURN d.sourceFiles AS files, t.number AS number, r.surface AS unit "
        "ORDER BY d.iri, t.start, r.start LIMIT 1"
    )[0]
    g.close()
    file = Path(sorted(task["files"])[0]).name
    return f"""[[merge]]
units = ["{names[0]}", "{names[1]}"]
label = "{names[0]}"

[[type]]
unit = "{names[2]}"
type = "other"

[[succession]]
predecessor = "{names[3]}"
successor = "{names[4]}"
date = 2019-01-01

[[parent]]
unit = "{names[5]}"
parent = "{names[0]}"

[[split]]
unit = "{names[6]}"
[[split.into]]
label = "{names[6]}（旧）"
before = 2021-01-01

[[role]]
document = "{file}"
task = "{task["number"]}"
unit = "{task["unit"]}"
role = "lead"
# jurisdiction of all the above: {place}
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--work", default="/tmp/policykg-bench")
    args = ap.parse_args()
    work = Path(args.work)
    corpus = _corpus(work, args.docs)
    run = work / f"corrections-{args.docs}"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    out, fresh, fixes = run / "kg", run / "kg-fresh", run / "corrections.toml"
    report: dict[str, object] = {"documents": args.docs, "jobs": args.jobs}
    full = _build(corpus, out, args.jobs, None)
    report["full_build_s"] = round(full, 2)
    fixes.write_text(_entries(out), encoding="utf-8")
    for step in ("first", "edited"):
        if step == "edited":  # one entry changed: the type entry's type
            text = fixes.read_text(encoding="utf-8")
            fixes.write_text(text.replace('type = "other"', 'type = "health"'), encoding="utf-8")
        secs = _build(corpus, out, args.jobs, fixes)
        shutil.rmtree(fresh, ignore_errors=True)
        _build(corpus, fresh, args.jobs, fixes)
        same = (out / "graph.nq").read_bytes() == (fresh / "graph.nq").read_bytes()
        rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
        report[step] = {
            "rebuild_s": round(secs, 2),
            "share_of_full": round(secs / full, 3),
            "same_as_full_build": same,
            "warnings": rep["corrections"]["warnings"],
        }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
