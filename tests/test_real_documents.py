"""Extraction on real documents the rules were not written from, in all three layouts.

``tests/fixtures/real`` holds excerpts of published task-allocation documents of other
provinces and cities, each with a gold annotation written from its wording (schema of
``tests/data/gold/SCHEMA.md``, plus its ``source`` address). They are scored by the shared
scorer as published, hard-wrapped as a PDF text layer and run together as a web page.

The floors below are today's measured figures less a small margin: they catch a change
that makes the extractor read the genre worse. The goals (tasks ≥ 0.97, roles ≥ 0.95,
targets ≥ 0.80 in every layout) are higher; ``bench/layouts.py`` prints the figures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.parse import parse_document

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "tests" / "fixtures" / "real"
SCORER = REPO.parent / "shared" / "tools" / "score_extraction.py"
LAYOUTS = REPO.parent / "shared" / "tools" / "make_layouts.py"
FLOORS = {
    "plain": {"tasks": 0.99, "roles": 0.98, "targets": 0.96},
    "wrap": {"tasks": 0.99, "roles": 0.98, "targets": 0.96},
    "oneline": {"tasks": 0.99, "roles": 0.975, "targets": 0.96},
}


def test_every_real_document_has_gold_with_its_source() -> None:
    texts = sorted(REAL.glob("*.txt"))
    assert len(texts) >= 20
    for text in texts:
        gold = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
        assert gold["file"] == text.name
        assert gold["source"]["url"].startswith(("http://", "https://"))
        assert gold["tasks"], text.name
        for task in gold["tasks"]:
            assert {"id", "title", "lead", "co", "participants", "implied", "targets"} <= set(task)


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    if not (SCORER.is_file() and LAYOUTS.is_file()):
        pytest.skip("../shared/tools not present")
    tmp = tmp_path_factory.mktemp("real")
    texts = sorted(REAL.glob("*.txt"))
    subprocess.run([sys.executable, str(LAYOUTS), str(tmp), *map(str, texts)], check=True)
    out = {}
    for layout, folder in (("plain", REAL), ("wrap", tmp / "wrap"), ("oneline", tmp / "oneline")):
        pred = tmp / f"{layout}.jsonl"
        docs = [parse_document(read_document(folder / t.name)).to_json() for t in texts]
        pred.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
        run = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(REAL), str(pred), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        out[layout] = json.loads(run.stdout)
    return out


@pytest.mark.parametrize("layout", list(FLOORS))
def test_real_documents_score_above_the_floor(scores: dict[str, dict], layout: str) -> None:
    got = scores[layout]
    for metric, floor in FLOORS[layout].items():
        assert got[metric]["f1"] >= floor, (layout, metric, got[metric])


def test_no_real_document_is_lost(scores: dict[str, dict]) -> None:
    """Every document is read and gives tasks, in every layout."""
    for layout, lost in (("plain", 0), ("wrap", 0), ("oneline", 0)):
        docs = scores[layout]["documents"]
        assert all(d["found"] for d in docs)
        assert sum(d["pred_tasks"] > 0 for d in docs) >= len(docs) - lost, layout
