"""Build-wide rows reused subject by subject: the same rows as projecting every line again."""

from __future__ import annotations

import json
import marshal
from pathlib import Path

from policykg.graph.cache_file import read_keyed, write_keyed
from policykg.graph.projection import Rows, SharedState, read_schema
from policykg.graph.wide_rows import Memo, wide_rows


def _inputs(build: Path) -> tuple[SharedState, list[str], list[str], list[Path]]:
    cache = build / "cache"
    docs = json.loads((cache / "documents.json").read_text(encoding="utf-8"))
    shares = [cache / f"{docs[d]}.share.json" for d in sorted(docs)]
    state = SharedState()
    for f in shares:
        state.add(json.loads(f.read_text(encoding="utf-8")))
    _, links = marshal.loads((cache / "links.bin").read_bytes())
    tail = set(links)
    head = [
        line
        for line in (cache / "shared.nq").read_text(encoding="utf-8").splitlines(True)
        if line not in tail
    ]
    return state, head, links, shares


def _sorted(rows: Rows) -> tuple[dict[str, list[str]], dict[tuple[str, str, str], list[str]]]:
    nodes = {k: sorted(v.splitlines()) for k, v in rows["nodes"].items() if v}
    rels = {(n, a, b): sorted(t.splitlines()) for n, a, b, t in rows["rels"] if t}
    return nodes, rels


def test_a_memo_of_other_lines_gives_the_rows_of_a_fresh_projection(
    sample_build: Path, tmp_path: Path
) -> None:
    schema = read_schema()
    state, head, tail, shares = _inputs(sample_build)
    memo: Memo = {}
    whole = wide_rows(state, head, tail, schema, keep=memo)
    assert len(memo) > 500 and whole["nodes"]["Department"]
    write_keyed(tmp_path / "memo.bin", "code-1", memo)
    assert read_keyed(tmp_path / "memo.bin", "code-1") == memo
    assert read_keyed(tmp_path / "memo.bin", "code-2") is None  # rows made by other code are not reused
    # One document leaves, and the statistics of one department change: its rows and those
    # of every subject whose lines changed are projected again, the rest comes from the memo.
    state.add(json.loads(shares[0].read_text(encoding="utf-8")), -1)
    dept = next(line.split(" ", 1)[0] for line in head if "#taskCount>" in line)
    edited = [
        line.replace('"', '"9', 1) if line.startswith(dept) and "#taskCount>" in line else line
        for line in head
    ]
    fresh = wide_rows(state, edited, tail, schema)
    reused: Memo = {}
    again = wide_rows(state, edited, tail, schema, previous=memo, keep=reused)
    assert _sorted(again) == _sorted(fresh)
    assert _sorted(again) != _sorted(whole)
    hits = set(reused) & set(memo)
    assert 0 < len(reused) - len(hits) < len(reused) / 2  # most subjects were reused
    # A memo that cannot be read is an empty one: everything is projected.
    (tmp_path / "bad.bin").write_bytes(b"not marshal")
    assert read_keyed(tmp_path / "bad.bin", "code-1") is None
    assert read_keyed(tmp_path / "missing.bin", "code-1") is None
