"""Scoring extractions against ground truth in the gold schema (tasks and roles P/R/F1).

Tasks are paired in document order by title similarity, so numbering styles do not
matter; roles are (task, unit, role) triples. Used by bench/run.py for correctness at scale.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["score"]

_PUNCT = re.compile(r"[\s\u3000,，。、;；:：.!！?？“”\"'‘’()（）〔〕\[\]【】《》〈〉<>·—\-_/]+")
ROLE_FIELDS = {"lead": "lead", "co": "co", "participants": "participant", "implied": "implied"}


def _norm(s: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", s or ""))


def _unit(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "").strip()
    return re.sub(r"\s+", "", s.replace("〔", "(").replace("〕", ")"))


def _sim(a: str, b: str) -> float:
    a, b = _norm(a)[:60], _norm(b)[:60]
    if not a or not b:
        return 0.0
    if a.startswith(b[:12]) or b.startswith(a[:12]):
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _align(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    """Greedy in-order alignment (documents are long; the quadratic optimum is not needed)."""
    pairs: dict[int, int] = {}
    j = 0
    for i, g in enumerate(gold):
        for k in range(j, min(len(pred), j + 8)):
            if _sim(g.get("title", ""), pred[k].get("title", "")) >= 0.6:
                pairs[i] = k
                j = k + 1
                break
    return pairs


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def score(golds: dict[str, dict], preds: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Micro-averaged task and role scores over documents keyed by file stem."""
    t_tp = t_fp = t_fn = r_tp = r_fp = r_fn = 0
    for stem, gold in golds.items():
        pred = preds.get(stem, {"tasks": []})
        gt, pt = gold["tasks"], pred.get("tasks", [])
        pairs = _align(gt, pt)
        t_tp += len(pairs)
        t_fp += len(pt) - len(pairs)
        t_fn += len(gt) - len(pairs)
        back = {k: i for i, k in pairs.items()}
        g_roles = {
            (i, _unit(u), r) for i, t in enumerate(gt) for f, r in ROLE_FIELDS.items() for u in t.get(f, [])
        }
        p_roles = {
            (back.get(k, ("p", k)), _unit(u), r)
            for k, t in enumerate(pt)
            for f, r in ROLE_FIELDS.items()
            for u in t.get(f, [])
        }
        r_tp += len(g_roles & p_roles)
        r_fp += len(p_roles - g_roles)
        r_fn += len(g_roles - p_roles)
    return {"tasks": _prf(t_tp, t_fp, t_fn), "roles": _prf(r_tp, r_fp, r_fn)}
