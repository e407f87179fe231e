"""Deadlines on real documents of other provinces, scored against hand-checked gold.

The floors are today's figures, so a change that reads deadlines worse fails here;
``bench/deadlines.py`` prints the figures and the deadlines still missed or wrong.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "deadlines"


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_deadlines", BENCH / "deadlines.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_deadline_precision_and_recall_hold() -> None:
    got = _scorer().score_folder(FIXTURES)
    assert got["documents"] >= 44 and got["gold_deadlines"] >= 80
    assert got["precision"] >= 0.98, got["wrong"]
    assert got["recall"] >= 0.96, got["wrong"]


def test_a_wrong_date_counts_against_both() -> None:
    scorer = _scorer()
    text = "1.建成县级医院。\n"
    gold = {
        "file": "x.txt",
        "tasks": [{"id": "1", "title": "建成县级医院", "date": "2023-06-30", "kind": "date"}],
    }
    right = {"tasks": [{"id": "1", "span": [0, 9], "deadline_date": "2023-06-30", "deadline_kind": "date"}]}
    wrong = {"tasks": [{"id": "1", "span": [0, 9], "deadline_date": "2023-12-31", "deadline_kind": "date"}]}
    assert scorer.score_documents([(text, gold, right)])["f1"] == 1.0
    got = scorer.score_documents([(text, gold, wrong)])
    assert (got["precision"], got["recall"]) == (0.0, 0.0)
