"""The build: files → extractions → one N-Quads file → stores, written atomically.

A build writes into a fresh temporary directory beside OUT and swaps it in only when
complete, so a killed build leaves the previous OUT intact; a lock file keeps two builds
from writing the same OUT at once. A file that cannot be read is reported, never fatal.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from policykg.errors import InputError, SkipFile, StoreError
from policykg.loaders import MAX_SIZE, format_of, read_document
from policykg.model import Extraction

__all__ = ["BuildResult", "FileReport", "build", "extract_file", "iter_corpus"]

GRAPH_FILE = "graph.nq"
REPORT_FILE = "report.json"
EXTRACTION_FILE = "extraction.jsonl"
STORE_DIR = "oxigraph"


@dataclass
class FileReport:
    path: str
    status: str  # ok | skipped | failed
    reason: str = ""
    document: str = ""
    tasks: int = 0
    units: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None) or k in ("status", "path")}


@dataclass
class BuildResult:
    out: Path
    files: list[FileReport] = field(default_factory=list)
    documents: int = 0
    tasks: int = 0
    quads: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status != "ok"]


def extract_file(path: str | Path, *, max_size: int = MAX_SIZE) -> Extraction:
    """Read and extract one file (raises InputError/SkipFile with the reason)."""
    from policykg.loaders.parse import parse_document

    doc = read_document(path, max_size=max_size)
    try:
        return parse_document(doc)
    except RecursionError as exc:
        raise InputError(str(path), "document structure too deeply nested") from exc


def iter_corpus(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Files under the inputs, sorted, each with a reason to skip it (or None).

    Directories are walked recursively without following symbolic links into
    directories, so a symlink loop cannot trap the walk.
    """
    seen: set[str] = set()
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if not f.startswith("."))
            for f in sorted(found):
                key = str(f)
                if key in seen:
                    continue
                seen.add(key)
                if f.is_symlink() and f.resolve().is_dir():
                    yield f, "symbolic link to a directory"
                elif format_of(f) is None:
                    yield f, f"unsupported file type {f.suffix or '(none)'}"
                else:
                    yield f, None
        elif path.exists():
            if str(path) not in seen:
                seen.add(str(path))
                yield path, None
        else:
            yield path, "no such file or directory"


Outcome = tuple[str, dict | None, list[str] | None, list[tuple[str, str, str]], str, str, float]


def _work(args: tuple[str, int]) -> Outcome:
    """Extract one file in a worker: (path, json, quads, task texts, status, reason, seconds)."""
    from policykg.graph.rdf import document_quads, similarity_texts

    path, max_size = args
    t0 = time.perf_counter()
    try:
        ext = extract_file(path, max_size=max_size)
        quads = document_quads(ext)
        return path, ext.to_json(), quads, similarity_texts(ext), "ok", "", time.perf_counter() - t0
    except SkipFile as exc:
        return path, None, None, [], "skipped", exc.reason, time.perf_counter() - t0
    except InputError as exc:
        return path, None, None, [], "failed", exc.reason, time.perf_counter() - t0
    except Exception as exc:  # one bad document never stops a build
        return path, None, None, [], "failed", f"{type(exc).__name__}: {exc}", time.perf_counter() - t0


class _Lock:
    """An exclusive lock file beside OUT; a second build fails fast with a clear message."""

    def __init__(self, out: Path) -> None:
        self.path = out.parent / f".{out.name}.lock"
        self.fd: int | None = None

    def __enter__(self) -> _Lock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            self.fd = None
            raise StoreError(
                f"{self.path.parent / self.path.name[1:-5]}: another build is writing it"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)


def recover(out: Path) -> None:
    """Put back the previous OUT if a build was killed between its two renames."""
    previous = out.parent / f".{out.name}.previous"
    if not out.exists() and previous.exists():
        os.rename(previous, out)


def _swap_in(tmp: Path, out: Path) -> None:
    previous = out.parent / f".{out.name}.previous"
    if previous.exists():
        shutil.rmtree(previous)
    if out.exists():
        os.rename(out, previous)
    os.rename(tmp, out)
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)


def build(
    inputs: Iterable[str | Path],
    out: str | Path = "policykg-out",
    *,
    jobs: int = 1,
    max_size: int = MAX_SIZE,
    html: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildResult:
    """Build the graph of a corpus into ``out``; see the module docstring."""
    from policykg.graph.rdf import reference_quads

    t_start = time.perf_counter()
    out = Path(out)
    result = BuildResult(out)
    with _Lock(out):
        recover(out)
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        if tmp.exists():
            shutil.rmtree(tmp)
        for stale in out.parent.glob(f".{out.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp.mkdir(parents=True)
        entries = list(iter_corpus(inputs))
        todo = [(str(p), max_size) for p, why in entries if why is None]
        reports: dict[str, FileReport] = {
            str(p): FileReport(str(p), "skipped", why) for p, why in entries if why
        }
        docs: dict[str, list[str]] = {}
        extractions: dict[str, dict] = {}
        places: set[str] = set()
        t0 = time.perf_counter()
        results: Iterable[Outcome]
        texts: dict[str, list[tuple[str, str, str]]] = {}
        if jobs > 1 and len(todo) > 1:
            pool = ProcessPoolExecutor(max_workers=jobs)
            results = pool.map(_work, todo, chunksize=max(1, min(32, len(todo) // (jobs * 8) or 1)))
        else:
            pool = None
            results = map(_work, todo)
        for n, (path, js, quads, sims, status, reason, secs) in enumerate(results, 1):
            rep = FileReport(path, status, reason, seconds=round(secs, 4))
            if js is not None and quads is not None:
                from policykg.graph.rdf import document_iri

                doc = document_iri(js["sha256"])
                rep.document = doc
                rep.tasks = len(js["tasks"])
                rep.units = sum(
                    len(t[r]) for t in js["tasks"] for r in ("lead", "co", "participants", "implied")
                )
                if doc not in docs:
                    docs[doc] = quads
                    extractions[doc] = js
                    texts[doc] = sims
                    for line in quads:
                        if "/place/" in line:
                            places.update(_place_codes(line))
            reports[path] = rep
            if progress:
                progress(n, len(todo), path)
        if pool is not None:
            pool.shutdown()
        result.stages["extract"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        from policykg.graph.links import TaskText, similar_tasks, similarity_quads

        links = similarity_quads(similar_tasks([TaskText(*x) for doc in sorted(texts) for x in texts[doc]]))
        result.stages["links"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        ref = reference_quads(places)
        from policykg.graph.schemes import scheme_quads

        with open(tmp / GRAPH_FILE, "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(scheme_quads())
            fh.writelines(ref)
            for doc in sorted(docs):
                fh.writelines(docs[doc])
                result.quads += len(docs[doc])
            fh.writelines(links)
        result.quads += len(ref) + len(links)
        with open(tmp / EXTRACTION_FILE, "w", encoding="utf-8", newline="\n") as fh:
            for doc in sorted(extractions):
                fh.write(json.dumps(extractions[doc], ensure_ascii=False, sort_keys=True) + "\n")
        result.stages["write"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        from policykg.graph.stores import write_stores

        write_stores(tmp)
        result.stages["stores"] = time.perf_counter() - t0

        result.files = [reports[k] for k in sorted(reports)]
        result.documents = len(docs)
        result.tasks = sum(len(js["tasks"]) for js in extractions.values())
        report = {
            "summary": {
                "files": len(result.files),
                "ok": sum(f.status == "ok" for f in result.files),
                "skipped": sum(f.status == "skipped" for f in result.files),
                "failed": sum(f.status == "failed" for f in result.files),
                "documents": result.documents,
                "tasks": result.tasks,
            },
            "files": [f.to_json() for f in result.files],
        }
        (tmp / REPORT_FILE).write_text(
            json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if html:
            t0 = time.perf_counter()
            try:
                from policykg.viz import write_graph_html

                write_graph_html(tmp, tmp / "graph.html")
            except ImportError:
                pass
            result.stages["html"] = time.perf_counter() - t0
        _swap_in(tmp, out)
    result.seconds = time.perf_counter() - t_start
    return result


def _place_codes(line: str) -> set[str]:
    import re

    return set(re.findall(r"/place/(\d+)>", line))


def print_progress(n: int, total: int, path: str) -> None:
    """A one-line progress display on a terminal (nothing when stderr is not one)."""
    if not sys.stderr.isatty():
        return
    width = 30
    done = int(width * n / max(total, 1))
    name = Path(path).name[:40]
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total} {name:<40}")
    if n == total:
        sys.stderr.write("\n")
    sys.stderr.flush()
