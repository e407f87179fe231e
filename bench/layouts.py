"""Extraction figures by layout, and extraction speed: one JSON object on stdout.

For the sample corpus (gold in tests/data/gold) and the real documents of
tests/fixtures/real, each as published, hard-wrapped (a PDF text layer) and run together
(a web page), laid out by ../shared/tools/make_layouts.py and scored by
../shared/tools/score_extraction.py. Then extraction alone on one core: the samples, and
--docs generated documents of bench/make_corpus.py.

    python bench/layouts.py [--docs 300]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TOOLS = REPO.parent / "shared" / "tools"
SETS = {
    "samples": (REPO / "examples" / "corpus", REPO / "tests" / "data" / "gold"),
    "real": (REPO / "tests" / "fixtures" / "real", REPO / "tests" / "fixtures" / "real"),
}
METRICS = ("tasks", "roles", "units", "targets", "cites")


def _extract(folder: Path, names: list[str], out: Path) -> None:
    from policykg.loaders import read_document
    from policykg.loaders.parse import parse_document

    docs = [parse_document(read_document(folder / n)).to_json() for n in names]
    out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")


def layout_scores(work: Path) -> dict[str, dict[str, dict[str, float]]]:
    figures: dict[str, dict[str, dict[str, float]]] = {}
    for name, (folder, gold) in SETS.items():
        texts = sorted(folder.glob("*.txt"))
        laid = work / name
        subprocess.run(
            [sys.executable, str(TOOLS / "make_layouts.py"), str(laid), *map(str, texts)], check=True
        )
        figures[name] = {}
        for layout, src in (("plain", folder), ("wrap", laid / "wrap"), ("oneline", laid / "oneline")):
            pred = laid / f"{layout}.jsonl"
            _extract(src, [t.name for t in texts], pred)
            run = subprocess.run(
                [
                    sys.executable,
                    str(TOOLS / "score_extraction.py"),
                    "--gold",
                    str(gold),
                    str(pred),
                    "--json",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            got = json.loads(run.stdout)
            row = {m: got[m]["f1"] for m in METRICS}
            row["metadata"] = got["metadata"]["accuracy"]
            row["documents"] = len(texts)
            row["worst_roles_f1"] = min(d["roles_f1"] for d in got["documents"])
            figures[name][layout] = row
    return figures


def extraction_speed(work: Path, docs: int) -> dict[str, float]:
    from policykg.pipeline import extract_file

    gen = work / "generated"
    if not gen.exists():
        cmd = [sys.executable, str(HERE / "make_corpus.py"), "--docs", str(docs), "--seed", "1"]
        subprocess.run([*cmd, "--out", str(gen), "--gold", str(work / "generated-gold")], check=True)
    out = {}
    for name, paths in (
        ("samples", sorted(SETS["samples"][0].glob("*.txt")) * 20),
        ("generated", sorted(gen.glob("*.txt"))[:docs]),
    ):
        extract_file(paths[0])  # warm-up: imports, conversion tables, the word segmenter
        t = time.perf_counter()
        for p in paths:
            extract_file(p)
        out[f"{name}_docs_per_s_per_core"] = round(len(paths) / (time.perf_counter() - t), 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=300, help="generated documents for the speed figure")
    a = ap.parse_args()
    if not (TOOLS / "make_layouts.py").is_file():
        print(f"{TOOLS}: make_layouts.py and score_extraction.py are needed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(json.dumps({"scores": layout_scores(work), "speed": extraction_speed(work, a.docs)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
