"""Deadline precision and recall against the hand-checked set in tests/fixtures/deadlines.

    python bench/deadlines.py [FIXTURES] [--only NAME ...]

Each gold file lists every task of its document (id, the task's first words as printed, the
deadline as written, its date and kind). A gold task is found in the text by its first words
and paired with the extracted task whose span holds them. A deadline is right when its date
is the gold date, or, for a deadline without a date (长期坚持, 每年), when its kind is the gold
kind. Precision counts every extracted deadline, also on tasks the gold does not have;
recall every gold deadline, also on tasks the extractor missed. Prints one JSON object;
``--only`` scores some documents of the set apart (by file name without extension), so
documents added later can be measured apart from those the rules were made on.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "deadlines"


def _pairs(text: str, gold: dict, pred: dict) -> list[tuple[dict | None, dict | None]]:
    """(gold task, extracted task) pairs; a task of one side only is paired with None."""
    spans = [(t["span"][0], t["span"][1], t) for t in pred["tasks"] if t.get("span")]
    used: set[int] = set()
    out: list[tuple[dict | None, dict | None]] = []
    at = 0
    for g in gold["tasks"]:
        pos = text.find(g["title"], at)
        if pos < 0:
            pos = text.find(g["title"])
        hit = None
        if pos >= 0:
            at = pos + 1
            hit = next((k for k, (s, e, _) in enumerate(spans) if s <= pos < e and k not in used), None)
        if hit is None:  # a row whose task cell is not the one the gold quotes: by its number
            same = (k for k, (_, _, t) in enumerate(spans) if t["id"].split("/")[-1] == g["id"])
            hit = next((k for k in same if k not in used), None)
        if hit is None:
            out.append((g, None))
        else:
            used.add(hit)
            out.append((g, spans[hit][2]))
    out += [(None, t) for k, (_, _, t) in enumerate(spans) if k not in used]
    return out


def _right(g: dict, p: dict) -> bool:
    if g.get("date"):
        return p.get("deadline_date") == g["date"]
    return p.get("deadline_kind") == g.get("kind")


def score_documents(docs: list[tuple[str, dict, dict]]) -> dict:
    """Figures over ``(text, gold, extraction)`` triples, and the wrong or missed deadlines."""
    tp = fp = fn = 0
    wrong: list[str] = []
    for text, gold, pred in docs:
        for g, p in _pairs(text, gold, pred):
            has_g = bool(g and g.get("kind"))
            has_p = bool(p and p.get("deadline_kind"))  # a value naming no time is no deadline
            if has_g and has_p and _right(g, p):
                tp += 1
                continue
            fn += has_g
            fp += has_p
            if has_g or has_p:
                q = p or {}
                said = q.get("deadline_date") or q.get("deadline_kind") or q.get("deadline") or None
                want = g and (g["date"] or g["kind"])
                wrong.append(f"{gold['file']} {g['id'] if g else q.get('id')}: gold {want}, got {said}")
    p_ = tp / (tp + fp) if tp + fp else 1.0
    r_ = tp / (tp + fn) if tp + fn else 1.0
    return {
        "documents": len(docs),
        "gold_deadlines": tp + fn,
        "precision": round(p_, 3),
        "recall": round(r_, 3),
        "f1": round(2 * p_ * r_ / (p_ + r_), 3) if p_ + r_ else 0.0,
        "wrong": wrong,
    }


def extract(paths: list[Path]) -> dict[str, dict]:
    """``policykg extract --json`` of the files, by file name."""
    cmd = [sys.executable, "-m", "policykg", "extract", *map(str, paths), "--json"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return {Path(r["file"]).name: r for r in rows}


def score_folder(folder: Path, texts: Path | None = None, names: list[str] | None = None) -> dict:
    """Score the gold files of ``folder`` (or only those ``names``) against the extraction of
    their texts (or of the texts in ``texts``)."""
    golds = sorted(g for g in folder.glob("*.json") if names is None or g.stem in names)
    source = texts or folder
    files = [source / json.loads(g.read_text(encoding="utf-8"))["file"] for g in golds]
    got = extract(files)
    docs = []
    for g, f in zip(golds, files, strict=True):
        gold = json.loads(g.read_text(encoding="utf-8"))
        docs.append((f.read_text(encoding="utf-8"), gold, got.get(f.name, {"tasks": []})))
    return score_documents(docs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("fixtures", nargs="?", type=Path, default=FIXTURES)
    ap.add_argument("--only", nargs="+", metavar="NAME", help="score only these documents")
    args = ap.parse_args()
    print(json.dumps(score_folder(args.fixtures, names=args.only), ensure_ascii=False))


if __name__ == "__main__":
    main()
