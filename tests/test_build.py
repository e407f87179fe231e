"""Builds: determinism, incremental rebuilds, bad input, locks and interrupted builds."""

from __future__ import annotations

import codecs
import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import policykg
from policykg.cli import cli
from policykg.errors import StoreError
from policykg.pipeline import _Lock

stores = sys.modules["policykg_tests_stores"]  # loaded by conftest.py
_ladybug_rows, _store_quads, _file_quads = stores.ladybug_rows, stores.store_quads, stores.file_quads

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"
SAMPLES = sorted(CORPUS.glob("*.txt"))


def _doc_graph_lines(out: Path) -> list[str]:
    """Quads of the documents' own named graphs (paths and build-wide graphs left out)."""
    return [
        line
        for line in (out / "graph.nq").read_text(encoding="utf-8").splitlines()
        if "/id/doc/" in line.rsplit(" ", 2)[-2]
    ]


def test_same_corpus_same_bytes(sample_build: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    policykg.build([CORPUS], other, html=False, jobs=2)
    assert (sample_build / "graph.nq").read_bytes() == (other / "graph.nq").read_bytes()


def test_report_lists_every_file(sample_build: Path) -> None:
    report = json.loads((sample_build / "report.json").read_text(encoding="utf-8"))
    assert report["summary"] == {"files": 5, "ok": 5, "skipped": 0, "failed": 0, "documents": 5, "tasks": 189}
    assert {Path(f["path"]).name for f in report["files"]} == {p.name for p in SAMPLES}


def test_incremental_rebuild_extracts_only_changes_and_equals_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykg.graph.projection import SharedState

    loads: list[int] = []
    load = SharedState.load.__func__  # type: ignore[attr-defined]

    def counted(cls: type[SharedState], data: bytes) -> SharedState:
        loads.append(1)
        return load(cls, data)

    monkeypatch.setattr(SharedState, "load", classmethod(counted))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SAMPLES:
        (corpus / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    first = policykg.build([corpus], out, html=False)
    assert first.extracted == 5 and first.reused == 0
    changed = corpus / SAMPLES[3].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    (corpus / SAMPLES[4].name).unlink()
    again = policykg.build([corpus], out, html=False)
    assert (again.extracted, again.reused, again.documents) == (1, 3, 4)
    full = tmp_path / "full"
    assert policykg.build([corpus], full, html=False).store_update == "full"
    assert (out / "graph.nq").read_bytes() == (full / "graph.nq").read_bytes()
    assert len(list((out / "cache").glob("*.nq"))) == 4 + 1  # the parts and the shared graphs
    # The previous store was updated, not reloaded, and holds exactly the quads of graph.nq.
    assert again.store_update == "incremental"
    assert _store_quads(out) == _store_quads(full)
    assert len(_store_quads(out)) == len(set(_file_quads(full)))
    assert _ladybug_rows(out) == _ladybug_rows(full)
    # Renaming a file and adding one back: the files graph and the statistics change too.
    changed.rename(corpus / "renamed.txt")
    (corpus / SAMPLES[4].name).write_bytes(SAMPLES[4].read_bytes())
    third = policykg.build([corpus], out, html=False)
    assert (third.extracted, third.store_update) == (1, "incremental")
    _build_from_scratch(corpus, full)
    assert _store_quads(out) == _store_quads(full)
    assert _file_quads(out) == _file_quads(full)
    assert _ladybug_rows(out) == _ladybug_rows(full)
    with policykg.open(out) as g, policykg.open(full) as h:
        assert g.ask("top-bureaus")[0]["tasks"] == 75
        # The Cypher store, loaded from the documents' projection parts, matches too.
        for q in ("MATCH (n) RETURN count(n) AS n", "MATCH ()-[r]->() RETURN count(r) AS n"):
            assert g.cypher(q) == h.cypher(q)
        assert g.ask("top-bureaus", engine="cypher") == h.ask("top-bureaus", engine="cypher")
    # A city's document leaves: its departments go, and every count and rank after them moves.
    (corpus / SAMPLES[1].name).unlink()
    assert policykg.build([corpus], out, html=False).store_update == "incremental"
    _build_from_scratch(corpus, full)
    assert _ladybug_rows(out) == _ladybug_rows(full)
    assert _store_quads(out) == _store_quads(full)
    # What the build-wide rows came from was counted forward, not read again, and is the same.
    assert len(loads) == 3
    state = [SharedState.load((o / "cache" / "projection-state.bin").read_bytes()) for o in (out, full)]
    assert state[0].lines == state[1].lines and state[0].local == state[1].local


def test_a_build_by_another_version_is_reloaded_not_updated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another version may give the stores' tables other columns: its output is not a base
    to update, however few documents changed."""
    from policykg import pipeline

    out = tmp_path / "out"
    monkeypatch.setattr(pipeline, "build_key", lambda: "0" * 16)
    policykg.build([CORPUS], out, html=False)
    monkeypatch.undo()
    again = policykg.build([CORPUS], out, html=False)
    assert (again.extracted, again.store_update) == (5, "full")
    # and the next build of this version updates what it wrote
    (corpus := tmp_path / "corpus").mkdir()
    for p in SAMPLES[:4]:
        (corpus / p.name).write_bytes(p.read_bytes())
    assert policykg.build([corpus], out, html=False).store_update == "incremental"


def test_the_graph_states_no_blank_nodes(sample_build: Path) -> None:
    """The store is loaded from slices of graph.nq side by side, which a blank node (one
    label, one node per load) would split in two."""
    import pyoxigraph

    quads = pyoxigraph.parse(path=str(sample_build / "graph.nq"), format=pyoxigraph.RdfFormat.N_QUADS)
    terms = (t for q in quads for t in (q.subject, q.object, q.graph_name))
    assert not [t for t in terms if isinstance(t, pyoxigraph.BlankNode)]


@pytest.mark.parametrize("threads", [2, 3, 7])
def test_a_store_loaded_in_slices_holds_every_quad_of_the_file(
    sample_build: Path, tmp_path: Path, threads: int
) -> None:
    from policykg.graph.stores import line_slices, write_oxigraph

    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(sample_build / "graph.nq", out / "graph.nq")
    slices = line_slices(out / "graph.nq", threads)
    assert len(slices) == threads and slices[0][0] == 0 and slices[-1][1] == (out / "graph.nq").stat().st_size
    data = (out / "graph.nq").read_bytes()
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(slices))
    assert all(data[b - 1 : b] == b"\n" for _, b in slices)
    write_oxigraph(out, threads=threads)
    assert _store_quads(out) == _store_quads(sample_build)
    assert len(_store_quads(out)) == len(set(_file_quads(sample_build)))


def test_projection_from_parts_equals_projection_of_the_graph(sample_build: Path, tmp_path: Path) -> None:
    """What the Cypher store is loaded from: the same rows as reading graph.nq whole."""
    from policykg.graph.cypher_store import ProjectionParts
    from policykg.graph.projection import read_schema, write_projection

    lines = (sample_build / "graph.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    in_doc = ["/id/doc/" in line.rsplit(" ", 2)[-2] for line in lines]
    first, last = in_doc.index(True), len(in_doc) - in_doc[::-1].index(True)
    assert len(list((sample_build / "cache").glob("*.pg.json"))) == 5
    # Parts in document order, as the build lists them (by document IRI).
    docs = json.loads((sample_build / "cache" / "documents.json").read_text(encoding="utf-8"))
    rows = [sample_build / "cache" / f"{docs[d]}.pg.json" for d in sorted(docs)]
    shares = [sample_build / "cache" / f"{docs[d]}.share.json" for d in sorted(docs)]
    schema = read_schema()
    a = write_projection(sample_build / "graph.nq", tmp_path / "whole", schema)
    b = ProjectionParts(rows, shares, lines[:first], lines[last:]).write(tmp_path / "parts", schema)
    assert sorted(p.name for p in (tmp_path / "whole").iterdir()) == sorted(
        p.name for p in (tmp_path / "parts").iterdir()
    )
    assert a.counts == b.counts
    for f in (tmp_path / "whole").iterdir():
        whole = f.read_text(encoding="utf-8").splitlines()
        part = (tmp_path / "parts" / f.name).read_text(encoding="utf-8").splitlines()
        assert whole[0] == part[0] and sorted(whole) == sorted(part), f.name


def _build_from_scratch(corpus: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    assert policykg.build([corpus], out, html=False).store_update == "full"


def test_second_build_into_the_same_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with _Lock(out), pytest.raises(StoreError, match="another build"):
        policykg.build([CORPUS], out, html=False)


def test_cli_reports_a_locked_out_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with _Lock(out):
        proc = subprocess.run(
            [sys.executable, "-m", "policykg", "build", str(CORPUS), "-o", str(out), "--no-html"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,  # not the checkout, whose policykg/ folder would shadow the installed package
        )
    assert proc.returncode == 2
    assert "another build" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def _bad_corpus(root: Path) -> dict[str, str]:
    """The samples plus one file of every kind of bad input; returns name → expected status."""
    root.mkdir()
    for p in SAMPLES:
        (root / p.name).write_bytes(p.read_bytes())
    expected: dict[str, str] = {p.name: "ok" for p in SAMPLES}
    text = SAMPLES[1].read_text(encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 40)
    expected["binary.txt"] = "failed"
    (root / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "skipped"
    (root / "notes.pdfx").write_bytes(b"whatever")
    expected["notes.pdfx"] = "skipped"
    (root / "一份 文件.txt").write_text("一、任务\n1.开展工作。(责任单位:市卫健委)\n", encoding="utf-8")
    expected["一份 文件.txt"] = "ok"
    (root / "novel.txt").write_text("这是一段与政策无关的文字，讲述一个故事。" * 50, encoding="utf-8")
    expected["novel.txt"] = "skipped"
    (root / "truncated.html").write_text(
        "<html><body><p>一、任务</p><p>1.开展工作。(责任单位:市卫", encoding="utf-8"
    )
    expected["truncated.html"] = "ok"
    (root / "nolines.txt").write_text(
        "一、任务 1.开展工作。(责任单位:市卫健委) 2.做好保障。(责任单位:市财政局)", encoding="utf-8"
    )
    expected["nolines.txt"] = "ok"
    sub = root / "nested" / "deeper"
    sub.mkdir(parents=True)
    (sub / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    expected["utf16.txt"] = "ok"
    (sub / "gbk.txt").write_bytes(text.encode("gb18030"))
    expected["gbk.txt"] = "ok"
    (sub / "crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8-sig"))
    expected["crlf.txt"] = "ok"
    (sub / "loop").symlink_to(root, target_is_directory=True)
    expected["loop"] = "skipped"
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    expected["dangling.txt"] = "skipped"
    return expected


def test_bad_inputs_are_reported_and_good_files_unaffected(tmp_path: Path, sample_build: Path) -> None:
    expected = _bad_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "policykg",
            "build",
            str(tmp_path / "corpus"),
            "-o",
            str(out),
            "--no-html",
            "--top",
            "0",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert proc.returncode == 3, proc.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    got = {Path(f["path"]).name: f["status"] for f in report["files"]}
    assert got == expected
    for f in report["files"]:
        if f["status"] != "ok":
            assert f["reason"], f
            assert f"{f['path']}: {f['status']}: {f['reason']}" in proc.stderr
    # The samples' own graphs are exactly those of a clean build.
    sample_docs = set(_doc_graph_lines(sample_build))
    assert sample_docs <= set(_doc_graph_lines(out))


def test_max_size_skips_large_files(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "big.txt").write_bytes(SAMPLES[0].read_bytes() * 30)
    (corpus / "small.txt").write_bytes(SAMPLES[1].read_bytes())
    result = policykg.build([corpus], tmp_path / "out", html=False, max_size=1024 * 1024)
    status = {Path(f.path).name: (f.status, f.reason) for f in result.files}
    assert status["small.txt"][0] == "ok"
    assert status["big.txt"][0] == "skipped" and "--max-size" in status["big.txt"][1]


@pytest.mark.slow
def test_killed_build_leaves_previous_out_intact(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    rng = random.Random(3)
    for i in range(120):
        p = SAMPLES[i % len(SAMPLES)]
        (corpus / f"{i:03d}_{p.name}").write_text(
            p.read_text(encoding="utf-8") + f"\n附注{i}。\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    policykg.build([SAMPLES[0].parent], out, html=False)
    before = (out / "graph.nq").read_bytes()
    cmd = [sys.executable, "-m", "policykg", "build", str(corpus), "-o", str(out), "--no-html", "--top", "0"]
    for _ in range(4):
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, cwd=tmp_path
        )
        time.sleep(rng.uniform(0.3, 2.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        g = policykg.open(out)
        assert (out / "graph.nq").read_bytes() == before
        assert g.ask("top-bureaus")[0]["department"] == "贵阳市卫生健康局"
    # A complete build after the kills replaces it.
    policykg.build([corpus], out, html=False)
    assert (out / "graph.nq").read_bytes() != before


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_parts_are_appended_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kernel_copy: bool) -> None:
    """graph.nq is written by appending parts; without copy_file_range, through Python."""
    from policykg import graph_file

    if not kernel_copy:

        def refuse(*args: object, **kwargs: object) -> int:
            raise OSError(38, "Function not implemented")

        monkeypatch.setattr(os, "copy_file_range", refuse)
    part = tmp_path / "part.nq"
    part.write_bytes(b"<a> <b> <c> <g> .\n" * 5000)
    with open(tmp_path / "all.nq", "wb") as dst:
        dst.write(b"head\n")
        dst.flush()
        with open(part, "rb") as src:
            graph_file.copy_file(src, dst)
        dst.write(b"tail\n")
    assert (tmp_path / "all.nq").read_bytes() == b"head\n" + part.read_bytes() + b"tail\n"


def test_a_rebuild_copies_kept_documents_from_the_previous_graph_file_only_if_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept documents' bytes come from the previous graph.nq when it is the file the
    previous build wrote; once edited by hand, from the parts, and the result is the same."""
    from policykg import graph_file

    sources: list[str] = []
    copy = graph_file.copy_range

    def spy(src: Any, dst: Any, offset: int, length: int) -> None:
        sources.append(Path(src.name).name)
        copy(src, dst, offset, length)

    monkeypatch.setattr(graph_file, "copy_range", spy)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SAMPLES:
        (corpus / p.name).write_bytes(p.read_bytes())
    out, full = tmp_path / "out", tmp_path / "full"
    policykg.build([corpus], out, html=False)
    (corpus / SAMPLES[2].name).unlink()
    _build_from_scratch(corpus, full)
    # The previous file as written: the rebuild's graph.nq equals a build from scratch.
    sources.clear()
    policykg.build([corpus], out, html=False)
    assert (out / "graph.nq").read_bytes() == (full / "graph.nq").read_bytes()
    parts = [name for name in sources if name.endswith(".nq") and name != "graph.nq"]
    assert sources.count("graph.nq") in (1, 2) and not parts  # long runs, no part file
    assert "extraction.jsonl" in sources  # its lines too
    for name in ("extraction.jsonl", "report.json"):
        assert (out / name).read_bytes() == (full / name).read_bytes()
    # Edited by hand (same size, other bytes): not copied from, the result is still right.
    (corpus / SAMPLES[2].name).write_bytes(SAMPLES[2].read_bytes())
    _build_from_scratch(corpus, full)
    data = (out / "graph.nq").read_bytes()
    (out / "graph.nq").write_bytes(data.replace(b"pol", b"POL"))
    sources.clear()
    policykg.build([corpus], out, html=False)
    assert (out / "graph.nq").read_bytes() == (full / "graph.nq").read_bytes()
    assert "graph.nq" not in sources and len([n for n in sources if n.endswith(".nq")]) == 5
    for name in ("extraction.jsonl", "report.json"):
        assert (out / name).read_bytes() == (full / name).read_bytes()


def test_documents_without_tasks_or_units_are_warned_about(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    notice = "关于召开会议的通知\n各单位：定于下周召开工作会议，请准时参加。\n"
    plan = "一、重点任务\n（一）推进医共体建设。完善管理机制。\n（二）加强人才队伍建设。落实待遇保障。\n"
    (corpus / "notice.txt").write_text(notice, encoding="utf-8")
    (corpus / "plan.txt").write_text(plan, encoding="utf-8")
    shutil.copy(SAMPLES[1], corpus / SAMPLES[1].name)
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(out)])
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    files = {Path(f["path"]).name: f for f in report["files"]}
    # No task at all: the file is listed as skipped, with the reason; no unit: a warning.
    assert (files["notice.txt"]["status"], files["notice.txt"]["reason"]) == (
        "skipped",
        "no numbered tasks found (not a policy document?)",
    )
    assert files["plan.txt"]["status"] == "ok" and files["plan.txt"]["warning"] == "no responsible unit found"
    assert "warning" not in files[SAMPLES[1].name]
    assert [ln for ln in run.output.splitlines() if ": warning: " in ln] == [
        f"{corpus / 'plan.txt'}: warning: no responsible unit found"
    ]
    # Each gets exactly one line naming the file and what was missing.
    for name, missing in (("notice.txt", "no numbered tasks found"), ("plan.txt", "no responsible unit")):
        named = [ln for ln in run.output.splitlines() if str(corpus / name) in ln]
        assert len(named) == 1 and missing in named[0], named


def test_similarity_links_are_reused_while_no_task_text_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policykg.graph import links

    calls: list[int] = []
    similar = links.similar_tasks

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return similar(*args, **kwargs)

    monkeypatch.setattr(links, "similar_tasks", counted)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in SAMPLES:
        (corpus / p.name).write_bytes(p.read_bytes())
    out = tmp_path / "out"
    policykg.build([corpus], out, html=False)
    policykg.build([corpus], out, html=False)
    (corpus / SAMPLES[0].name).rename(corpus / "renamed.txt")  # same text, another file
    policykg.build([corpus], out, html=False)
    assert len(calls) == 1
    changed = corpus / SAMPLES[2].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    policykg.build([corpus], out, html=False)
    assert len(calls) == 2
    full = tmp_path / "full"
    policykg.build([corpus], full, html=False)
    assert (out / "graph.nq").read_bytes() == (full / "graph.nq").read_bytes()
