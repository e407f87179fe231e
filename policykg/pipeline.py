"""The build: files → extractions → one N-Quads file → stores, written atomically.

A build writes into a fresh temporary directory beside OUT and swaps it in only when
complete, so a killed build leaves the previous OUT intact; a lock file keeps two builds
from writing the same OUT at once. A file that cannot be read is reported, never fatal.

Documents are extracted one at a time (in worker processes with ``jobs > 1``) into part
files under ``OUT/cache/``, keyed by the file's content hash and the build version, so a
rebuild only extracts what changed and the whole corpus never sits in memory. The final
``graph.nq`` concatenates the parts in document order: the same corpus gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from policykg.corrections import DEFAULT_FILE, read_corrections
from policykg.errors import InputError, SkipFile, StoreError
from policykg.graph.cache_file import read_keyed, write_keyed
from policykg.graph_file import LAYOUT_FILE, Appender, Piece, previous_places, write_graph_file
from policykg.loaders import MAX_SIZE, format_of, read_document
from policykg.model import Extraction

if TYPE_CHECKING:
    from policykg.corrections import Corrections
    from policykg.graph.correct import DocFix
    from policykg.graph.cypher_store import LadybugUpdate, ProjectionParts
    from policykg.graph.stores import StoreDelta

__all__ = ["BuildResult", "FileReport", "build", "build_key", "extract_file", "iter_corpus", "recover"]

GRAPH_FILE = "graph.nq"
REPORT_FILE = "report.json"
EXTRACTION_FILE = "extraction.jsonl"
CACHE_DIR = "cache"
SHARED_FILE = "shared.nq"  # the quads outside the documents' graphs, as last written
DOCUMENTS_FILE = "documents.json"  # document IRI -> cache key of its part
METAS_FILE = "metas.json"  # cache key -> metadata of its part, read once instead of per part
GRAMS_FILE = "grams.json"  # document IRI -> its tasks' bigrams, for the similarity links
STATS_FILE = "stats.bin"  # the statistics graph's quads and the fingerprint of the tallies they come from
LINKS_FILE = "links.bin"  # the similarity links' quads and the fingerprint of the bigrams they come from
EXTRACTION_LAYOUT = "extraction-layout.json"  # where each document's line sits in extraction.jsonl
WIDE_FILE = "projection.bin"  # the build-wide rows of the property graph, as last loaded
STATE_FILE = "projection-state.bin"  # what they were computed from (graph.projection.SharedState)
MEMO_FILE = "projection-memo.bin"  # those rows by subject, for the next build (graph.wide_rows)
ROWS_EXT, SHARE_EXT = ".pg.json", ".share.json"  # a document's rows, its share of the rest


@dataclass
class FileReport:
    path: str
    status: str  # ok | skipped | failed
    reason: str = ""
    document: str = ""
    tasks: int = 0
    units: int = 0
    seconds: float = 0.0
    cached: bool = False

    @property
    def warning(self) -> str:
        """What a read document lacks: a zero that must never pass silently."""
        if self.status != "ok":
            return ""
        if not self.tasks:
            return "no task found"
        return "" if self.units else "no responsible unit found"

    def to_json(self) -> dict[str, object]:
        keep = ("path", "status", "reason", "warning", "document", "tasks", "units")
        return {
            k: getattr(self, k) for k in keep if getattr(self, k) not in ("", None) or k in ("path", "status")
        }


@dataclass
class BuildResult:
    out: Path
    files: list[FileReport] = field(default_factory=list)
    documents: int = 0
    tasks: int = 0
    quads: int = 0
    bytes_read: int = 0
    extracted: int = 0
    reused: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # parts of the output not written, and why
    corrections: list[str] = field(default_factory=list)  # entries that matched nothing, and why
    corrections_file: str = ""
    # "full" (both stores loaded), "incremental" (both updated from the previous build's) or
    # "partial" (Oxigraph updated, LadybugDB loaded: a change its update cannot express)
    store_update: str = ""

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


@cache
def build_key() -> str:
    """Version of everything that shapes a document's quads: code and knowledge files.

    Cached parts from a build with another key are never reused.
    """
    import policykg

    h = hashlib.sha256(policykg.__version__.encode())
    root = Path(policykg.__file__).resolve().parent
    pkg_dirs = [root]
    for name in ("loaders", "graph", "ontology"):
        mod = __import__(f"policykg.{name}", fromlist=["__file__"])
        pkg_dirs.append(Path(mod.__file__).resolve().parent)
    for d in pkg_dirs:
        for f in sorted(d.iterdir()):
            if f.suffix in (".py", ".csv", ".ttl", ".toml"):
                h.update(f.name.encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


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
                # Links to directories are listed, not followed: a link loop cannot trap the walk.
                found.extend(Path(root) / d for d in dirs if os.path.islink(os.path.join(root, d)))
                # The corrections file kept beside the documents is not one of them.
                found.extend(Path(root) / f for f in files if not f.startswith(".") and f != DEFAULT_FILE)
            for f in sorted(found):
                if str(f) in seen:
                    continue
                seen.add(str(f))
                if f.is_symlink() and not f.exists():
                    yield f, "broken symbolic link"
                elif f.is_symlink() and f.is_dir():
                    yield f, "symbolic link to a directory (not followed)"
                elif format_of(f) is None:
                    yield f, f"unsupported file type {f.suffix or '(none)'}"
                else:
                    yield f, None
        elif path.exists() or path.is_symlink():
            if str(path) not in seen:
                seen.add(str(path))
                yield path, None if path.exists() else "broken symbolic link"
        else:
            yield path, "no such file or directory"


# (path, status, reason, meta, seconds); meta: doc, tasks, units, places of an ok document
Outcome = tuple[str, str, str, dict | None, float]


def _content_key(path: str, max_size: int) -> str | None:
    """Cache key of a file: hash of its bytes and the build version (None when unreadable)."""
    try:
        if os.path.getsize(path) > max_size:
            return None
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None
    return f"{digest[:32]}-{build_key()}"


def _write_part(cache_dir: Path, key: str, ext: Extraction) -> dict:
    """Write one document's quads, extraction JSON and similarity texts; return its metadata."""
    from policykg.graph.correct import describe_units
    from policykg.graph.links import bigram_string
    from policykg.graph.pairs import pair_counts
    from policykg.graph.rdf import document_graph, document_iri, similarity_texts

    quads, tallies = document_graph(ext)
    doc_iri = document_iri(ext.document.sha256)
    js = ext.to_json()
    for k in ("file", "path"):
        js.pop(k, None)
    m = ext.meta
    meta = {
        "doc": doc_iri,
        "tasks": len(ext.tasks),
        "units": sum(len(t.units) for t in ext.tasks),
        "places": _places(quads),
        "bytes": ext.document.size,
        "quads": len(quads),
        "tallies": tallies,
        # What corrections address a document and its units by, so they can be matched
        # against the corpus without reading any part again.
        "info": [
            m.title or "",
            m.doc_number or "",
            m.date or "",
            m.jurisdiction.code if m.jurisdiction else "",
        ],
        "task_ids": [t.id for t in ext.tasks],
        "unit_index": describe_units(quads, doc_iri),
        "pairs": pair_counts(quads, doc_iri),
    }
    _write_quads(cache_dir, key, quads)
    # Each task's bigrams for the similarity links, computed here in parallel, not in assembly.
    grams = [(task, doc, bigram_string(words)) for task, doc, words in similarity_texts(ext)]
    record = {"meta": meta, "extraction": js, "grams": grams}
    tmp = cache_dir / f"{key}.json.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, cache_dir / f"{key}.json")
    return meta


def _places(quads: list[str]) -> list[str]:
    """The gazetteer codes of the jurisdictions a part's quads name."""
    import re

    return sorted(set(re.findall(r"/place/(\d+)>", "".join(quads))))


def _write_quads(cache_dir: Path, key: str, quads: list[str]) -> None:
    """A part's quads, and its rows of the property-graph projection, so the Cypher store is
    loaded from parts instead of re-reading the whole graph on every build. The rows are two
    files: those it owns (read when it is loaded) and its share of the build-wide rows (read
    by every build)."""
    from policykg.graph.projection import project_part

    tmp = cache_dir / f"{key}.nq.tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(quads)
    os.replace(tmp, cache_dir / f"{key}.nq")
    part = project_part(quads)
    if part is not None:
        rows = {"nodes": part["nodes"], "rels": part["rels"]}
        share = {"shared": part["shared"], "local": part["local"]}
        for suffix, data in ((ROWS_EXT, rows), (SHARE_EXT, share)):
            tmp = cache_dir / f"{key}{suffix}.tmp"
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, cache_dir / f"{key}{suffix}")


@dataclass
class _Corrected:
    """What the corrections add to a build: the corrections graph, each predecessor's last
    successor, and the cache keys of the uncorrected parts (kept for the next build)."""

    quads: list[str] = field(default_factory=list)
    lineage: dict[str, str] = field(default_factory=dict)
    originals: set[str] = field(default_factory=set)


def _correct(
    fixes: Corrections | None,
    keys: dict[str, str],
    sources: dict[str, list[str]],
    found: dict[str, dict],
    cache_dir: Path,
    old_cache: Path,
    old_metas: dict[str, dict],
    result: BuildResult,
) -> _Corrected:
    """Apply the corrections: each document they change gets a part of its own, keyed by its
    extraction's key and the change's fingerprint, made from the cached part (or reused from
    the previous build), and ``keys`` points to it. Entries that match nothing are warnings."""
    if fixes is None:
        return _Corrected()
    from policykg.graph.correct import DocInfo, plan

    docs, units = {}, {}
    for doc, key in keys.items():
        meta = found[key]
        title, number, date, code = meta["info"]
        docs[doc] = DocInfo(doc, sorted(sources[doc]), title, number, date, code, meta["task_ids"])
        units[doc] = meta["unit_index"]
    p = plan(fixes, docs, units)
    result.corrections.extend(p.warnings)
    entries = {e.iri: e for e in fixes.entries}
    originals: set[str] = set()
    for doc, fix in p.docs.items():
        key = keys[doc]
        fixed = f"{key}-c{fix.fingerprint}"
        meta = _reuse(old_cache, cache_dir, fixed, old_metas)
        if meta is None:
            meta = _write_corrected(cache_dir, key, fixed, doc, fix)
        originals.add(key)
        keys[doc], found[fixed] = fixed, meta
        for entry, reason in meta.get("correction_warnings", []):
            e = entries[entry]
            result.corrections.append(f"{e.where}: warning: {e.kind}: {reason}")
    return _Corrected(p.quads, p.lineage, originals)


def _write_corrected(cache_dir: Path, key: str, fixed: str, doc: str, fix: DocFix) -> dict:
    """The corrected part ``fixed`` of a document, from its extracted part ``key``."""
    from policykg.graph.correct import describe_units, rewrite, tallies_of
    from policykg.graph.pairs import pair_counts

    lines = (cache_dir / f"{key}.nq").read_text(encoding="utf-8").splitlines(keepends=True)
    record = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
    meta = dict(record["meta"])
    quads, warnings = rewrite(lines, doc, fix, _resolver(meta["info"][3]))
    _write_quads(cache_dir, fixed, quads)
    meta.update(
        quads=len(quads),
        places=_places(quads),
        tallies=tallies_of(quads, doc),
        unit_index=describe_units(quads, doc),
        pairs=pair_counts(quads, doc),
        correction_warnings=warnings,
    )
    if fix.lineage:
        meta["body"] = tallies_of(quads, doc, fix.lineage)
    record["meta"] = meta
    tmp = cache_dir / f"{fixed}.json.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, cache_dir / f"{fixed}.json")
    return meta


def _resolver(code: str) -> Callable[[str], object]:
    """Reads a unit name the way the document's own names are read: in its jurisdiction."""
    from policykg.graph.normalize import Resolver
    from policykg.model import Jurisdiction
    from policykg.ontology import gazetteer

    p = gazetteer().by_code.get(code)
    j = Jurisdiction(p.name, p.level, p.province, p.code, p.parent) if p else None
    return Resolver(j).resolve


def corrections_for(inputs: Iterable[str | Path]) -> Path | None:
    """The corrections file kept in the first corpus folder, if there is one."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            return path / DEFAULT_FILE if (path / DEFAULT_FILE).is_file() else None
    return None


def _work(args: tuple[str, int, str, str]) -> Outcome:
    """Extract one file in a worker, writing its part files into the cache directory."""
    path, max_size, cache_dir, key = args
    t0 = time.perf_counter()
    try:
        ext = extract_file(path, max_size=max_size)
        if not ext.tasks:
            raise SkipFile(path, "no numbered tasks found (not a policy document?)")
        meta = _write_part(Path(cache_dir), key, ext)
        return path, "ok", "", meta, time.perf_counter() - t0
    except SkipFile as exc:
        return path, "skipped", exc.reason, None, time.perf_counter() - t0
    except InputError as exc:
        return path, "failed", exc.reason, None, time.perf_counter() - t0
    except Exception as exc:  # one bad document never stops a build
        return path, "failed", f"{type(exc).__name__}: {exc}", None, time.perf_counter() - t0


class _Lock:
    """An exclusive lock file beside OUT; a second build fails fast with a clear message."""

    def __init__(self, out: Path) -> None:
        self.out = out
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
            raise StoreError(f"{self.out}: another build is writing it; try again when it finishes") from None
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
    shutil.rmtree(previous, ignore_errors=True)


def _reuse(old_cache: Path, new_cache: Path, key: str, metas: dict[str, dict]) -> dict | None:
    """Link an unchanged document's parts from the previous build; its metadata or None."""
    src_json, src_nq = old_cache / f"{key}.json", old_cache / f"{key}.nq"
    if not (src_json.is_file() and src_nq.is_file()):
        return None
    projection = [old_cache / f"{key}{ext}" for ext in (ROWS_EXT, SHARE_EXT)]
    for src in (src_nq, src_json, *(p for p in projection if p.is_file())):
        dst = new_cache / src.name
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)
    if key in metas:
        return metas[key]
    try:
        return json.loads(src_json.read_text(encoding="utf-8"))["meta"]
    except (OSError, ValueError, KeyError):
        return None


def _read_json(path: Path, default: dict) -> dict:
    """A JSON object from a file of the previous build, or ``default`` if it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default
    return data if isinstance(data, dict) else default


def _extract_all(
    todo: list[tuple[str, str | None]],
    old_cache: Path,
    cache_dir: Path,
    max_size: int,
    jobs: int,
    progress: Callable[[int, int, str], None] | None,
    result: BuildResult,
    metas: dict[str, dict],
    found: dict[str, dict],
) -> dict[str, tuple[FileReport, str]]:
    """Reports of every readable input, with the cache key of each ok document (``metas``:
    the previous build's metadata of its parts, by cache key; ``found`` receives this
    build's, reused or new)."""
    done: dict[str, tuple[FileReport, str]] = {}
    work: list[tuple[str, int, str, str]] = []
    for path, key in todo:
        meta = _reuse(old_cache, cache_dir, key, metas) if key else None
        if meta is not None and key:
            rep = FileReport(
                path, "ok", document=meta["doc"], tasks=meta["tasks"], units=meta["units"], cached=True
            )
            done[path] = (rep, key)
            found[key] = meta
            result.reused += 1
            result.bytes_read += meta.get("bytes", 0)
        else:
            work.append((path, max_size, str(cache_dir), key or f"nokey-{len(work)}"))
    total = len(todo)
    n = len(done)
    if progress and n:
        progress(n, total, "(unchanged files reused)")
    if jobs > 1 and len(work) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes: Iterable[Outcome] = pool.map(
                _work, work, chunksize=max(1, min(16, len(work) // (jobs * 4)))
            )
            n = _collect(outcomes, work, done, n, total, progress, result, found)
    else:
        n = _collect(map(_work, work), work, done, n, total, progress, result, found)
    return done


def _collect(
    outcomes: Iterable[Outcome],
    work: list[tuple[str, int, str, str]],
    done: dict[str, tuple[FileReport, str]],
    n: int,
    total: int,
    progress: Callable[[int, int, str], None] | None,
    result: BuildResult,
    found: dict[str, dict],
) -> int:
    for (path, status, reason, meta, secs), (_, _, _, key) in zip(outcomes, work, strict=True):
        rep = FileReport(path, status, reason, seconds=round(secs, 4))
        if meta is not None:
            found[key] = meta
            rep.document, rep.tasks, rep.units = meta["doc"], meta["tasks"], meta["units"]
            result.extracted += 1
            result.bytes_read += meta.get("bytes", 0)
        done[path] = (rep, key)
        n += 1
        if progress:
            progress(n, total, path)
    return n


def build(
    inputs: Iterable[str | Path],
    out: str | Path = "policykg-out",
    *,
    jobs: int = 1,
    max_size: int = MAX_SIZE,
    html: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    corrections: str | Path | None = None,
) -> BuildResult:
    """Build the graph of a corpus into ``out``; see the module docstring.

    ``corrections``: a corrections file (docs/corrections.md) applied to the extraction; a
    malformed one raises CorrectionsError before ``out`` is touched."""
    t_start = time.perf_counter()
    out = Path(out)
    result = BuildResult(out)
    fixes = read_corrections(corrections) if corrections is not None else None
    result.corrections_file = str(corrections or "")
    with _Lock(out):
        recover(out)
        for stale in out.parent.glob(f".{out.name}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
        cache_dir = tmp / CACHE_DIR
        cache_dir.mkdir(parents=True)

        t0 = time.perf_counter()
        entries = list(iter_corpus(inputs))
        reports: dict[str, FileReport] = {
            str(p): FileReport(str(p), "skipped", why) for p, why in entries if why
        }
        todo = [(str(p), _content_key(str(p), max_size)) for p, why in entries if why is None]
        result.stages["scan"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        # Read once, for reusing parts and assembling them (empty if unreadable: parts are read)
        old_metas = _read_json(out / CACHE_DIR / METAS_FILE, {})
        found: dict[str, dict] = {}
        done = _extract_all(
            todo, out / CACHE_DIR, cache_dir, max_size, jobs, progress, result, old_metas, found
        )
        result.stages["extract"] = time.perf_counter() - t0

        keys: dict[str, str] = {}  # document IRI → cache key (first file wins)
        sources: dict[str, list[str]] = {}
        for path, (rep, key) in done.items():
            reports[path] = rep
            if rep.status == "ok":
                keys.setdefault(rep.document, key)
                sources.setdefault(rep.document, []).append(path)
        result.files = [reports[k] for k in sorted(reports)]
        result.documents = len(keys)
        t0 = time.perf_counter()
        correction = _correct(fixes, keys, sources, found, cache_dir, out / CACHE_DIR, old_metas, result)
        result.stages["corrections"] = time.perf_counter() - t0
        parts = _assemble(tmp, cache_dir, keys, sources, result, out, old_metas, found, correction)

        t0 = time.perf_counter()
        from policykg.graph.stores import write_stores

        delta, update = _store_delta(out, tmp, keys)
        updated = write_stores(tmp, delta, parts, update if parts else None, threads=jobs)
        result.store_update = "full" if delta is None else "incremental" if updated else "partial"
        for f in tmp.glob(".delta-*.nq"):
            f.unlink()
        result.stages["stores"] = time.perf_counter() - t0
        if html:
            t0 = time.perf_counter()
            _write_html(tmp, result)
            result.stages["html"] = time.perf_counter() - t0
        _write_report(tmp, result)
        _swap_in(tmp, out)
    result.seconds = time.perf_counter() - t_start
    return result


def _assemble(
    tmp: Path,
    cache_dir: Path,
    keys: dict[str, str],
    sources: dict[str, list[str]],
    result: BuildResult,
    previous_out: Path,
    old_metas: dict[str, dict],
    found: dict[str, dict],
    correction: _Corrected,
) -> ProjectionParts | None:
    """Concatenate the parts, in document order, with the reference, file and link graphs
    (the previous build in ``previous_out`` supplies the bytes of documents it kept, and
    ``old_metas`` their metadata).

    Returns what the Cypher store is loaded from: the documents' projection parts and the
    build-wide quads around them (None if a part has none: the whole graph is projected)."""
    from policykg.graph.links import TaskText, similar_tasks, similarity_quads
    from policykg.graph.pairs import top_pairs
    from policykg.graph.rdf import file_quads, reference_quads, stats_quads
    from policykg.graph.schemes import scheme_quads

    t0 = time.perf_counter()
    places: set[str] = set()
    counts: dict[str, int] = {}  # quads per document part
    tallies: dict[str, list[int | str]] = {}
    pairs: Counter[str] = Counter()  # "A B" -> tasks naming both departments (graph.pairs)
    # The uncorrected parts' metadata stays too, for the next build to reuse them.
    metas: dict[str, dict] = {k: found[k] for k in sorted(correction.originals)}
    body: dict[str, list[int | str]] | None = {} if correction.lineage else None
    grams: dict[str, list] = {}  # document -> [task, document, bigrams] of its tasks
    # A document kept from the previous build (same bytes, same first file) keeps its line
    # of extraction.jsonl, its metadata and its tasks' bigrams: nothing of it is parsed again.
    old_cache = previous_out / CACHE_DIR
    old_lines = previous_places(previous_out / EXTRACTION_FILE, old_cache / EXTRACTION_LAYOUT)
    old_grams = _read_json(old_cache / GRAMS_FILE, {}) if old_lines else {}
    with contextlib.ExitStack() as stack:
        src = stack.enter_context(open(previous_out / EXTRACTION_FILE, "rb")) if old_lines else None
        out = Appender(stack.enter_context(open(tmp / EXTRACTION_FILE, "wb")), src)
        for doc in sorted(keys):
            key, first = keys[doc], sorted(sources[doc])[0]
            tag = f"{key} {first}"
            kept = old_lines.get(doc)
            if kept is not None and kept[0] == tag and key in old_metas and doc in old_grams:
                meta, grams[doc] = old_metas[key], old_grams[doc]
                out.kept(kept[1], kept[2], doc, tag)
            else:
                record = json.loads((cache_dir / f"{key}.json").read_text(encoding="utf-8"))
                meta, grams[doc] = record["meta"], record["grams"]
                js = {"file": Path(first).name, "path": first, **record["extraction"]}
                out.data(
                    (json.dumps(js, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"), doc, tag
                )
            metas[key] = meta
            places.update(meta["places"])
            counts[doc] = meta["quads"]
            for iri, (tasks, lead, kind, code, *roles) in meta["tallies"].items():
                tally = tallies.setdefault(iri, [0, 0, kind, code, *(0 for _ in roles)])
                tally[0] += tasks
                tally[1] += lead
                for i, n in enumerate(roles, 4):
                    tally[i] += n
            pairs.update(meta["pairs"])
            if body is not None:
                for iri, (tasks, lead, *_) in meta.get("body", meta["tallies"]).items():
                    tally = body.setdefault(iri, [0, 0])
                    tally[0] += tasks
                    tally[1] += lead
            result.tasks += meta["tasks"]
        out.finish()
    out.record(tmp / EXTRACTION_FILE, cache_dir / EXTRACTION_LAYOUT)
    grams_bytes = json.dumps(grams, ensure_ascii=False).encode("utf-8")
    (cache_dir / GRAMS_FILE).write_bytes(grams_bytes)
    result.stages["collect"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    # The links are a function of the tasks' bigrams alone (and of the code): a rebuild in
    # which no task text changed, such as one after editing the corrections, reuses them.
    fingerprint = hashlib.sha256(build_key().encode() + b"\0" + grams_bytes).hexdigest()
    links = read_keyed(old_cache / LINKS_FILE, fingerprint)
    if links is None:
        texts = [TaskText(task, iri, "", g) for doc in grams for task, iri, g in grams[doc]]
        links = similarity_quads(similar_tasks(texts))
    write_keyed(cache_dir / LINKS_FILE, fingerprint, links)
    result.stages["links"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    # The statistics are a function of the tallies (and the code): a rebuild that moved no
    # count, such as one after retyping or relabelling a department, reuses them.
    top = top_pairs(pairs)
    tally_key = json.dumps([build_key(), tallies, body, correction.lineage, top], sort_keys=True)
    stats_key = hashlib.sha256(tally_key.encode("utf-8")).hexdigest()
    stats = read_keyed(old_cache / STATS_FILE, stats_key)
    if stats is None:
        stats = stats_quads(tallies, body, correction.lineage, top)
    write_keyed(cache_dir / STATS_FILE, stats_key, stats)
    shared = [scheme_quads(), reference_quads(places), file_quads(sources), correction.quads, stats]
    head_lines = [line for block in shared for line in block]
    head = "".join(head_lines).encode("utf-8")
    pieces = [Piece(doc, keys[doc], cache_dir / f"{keys[doc]}.nq") for doc in sorted(keys)]
    previous = (previous_out / GRAPH_FILE, previous_out / CACHE_DIR / LAYOUT_FILE)
    tail = "".join(links).encode("utf-8")
    write_graph_file(tmp / GRAPH_FILE, head, pieces, tail, cache_dir / LAYOUT_FILE, previous)
    result.quads += sum(map(len, shared)) + sum(counts.values()) + len(links)
    # What the next build compares against to update the stores instead of reloading them.
    (cache_dir / SHARED_FILE).write_bytes(head + tail)
    (cache_dir / DOCUMENTS_FILE).write_text(json.dumps(keys, sort_keys=True), encoding="utf-8")
    (cache_dir / METAS_FILE).write_text(json.dumps(metas, ensure_ascii=False), encoding="utf-8")
    # Parts of documents no longer in the corpus leave with this build's cache.
    kept_keys = set(keys.values()) | correction.originals
    wanted = {f"{k}{ext}" for k in kept_keys for ext in (".nq", ".json", ROWS_EXT, SHARE_EXT)}
    wanted |= {SHARED_FILE, DOCUMENTS_FILE, METAS_FILE, LAYOUT_FILE, EXTRACTION_LAYOUT}
    wanted |= {GRAMS_FILE, LINKS_FILE, STATS_FILE}
    for f in cache_dir.iterdir():
        if f.name not in wanted:
            f.unlink()
    result.stages["write"] = time.perf_counter() - t0
    from policykg.graph.cypher_store import ProjectionParts

    rows = [cache_dir / f"{keys[doc]}{ROWS_EXT}" for doc in sorted(keys)]
    shares = [cache_dir / f"{keys[doc]}{SHARE_EXT}" for doc in sorted(keys)]
    if not all(p.is_file() for p in (*rows, *shares)):
        return None
    files = (cache_dir / WIDE_FILE, cache_dir / STATE_FILE, cache_dir / MEMO_FILE, old_cache / MEMO_FILE)
    return ProjectionParts(rows, shares, head_lines, links, *files, memo_stamp=build_key())


def _store_delta(
    out: Path, tmp: Path, keys: dict[str, str]
) -> tuple[StoreDelta | None, LadybugUpdate | None]:
    """The changes from the previous build's stores, when there are some and few documents changed.

    A document whose bytes changed has a new IRI, so a change is one graph out and one in.
    Past a fifth of the corpus a bulk load from scratch is as quick, and is used.
    """
    from policykg.graph.cypher_store import LADYBUG_DIR, LadybugUpdate
    from policykg.graph.stores import STORE_DIR, StoreDelta

    old_cache = out / CACHE_DIR
    try:
        old_keys = json.loads((old_cache / DOCUMENTS_FILE).read_text(encoding="utf-8"))
        old_shared = (old_cache / SHARED_FILE).read_bytes()
    except (OSError, ValueError):
        return None, None
    if not (out / STORE_DIR).is_dir() or not isinstance(old_keys, dict):
        return None, None
    if any(str(k).split("-")[1:2] != [build_key()] for k in old_keys.values()):
        return None, None  # built by another version: its stores' tables may have other columns
    gone = sorted(d for d, k in old_keys.items() if keys.get(d) != k)
    new = sorted(d for d, k in keys.items() if old_keys.get(d) != k)
    if len(gone) + len(new) > max(20, len(keys) // 5):
        return None, None
    new_cache = tmp / CACHE_DIR
    # A document the corrections rewrote keeps its IRI: its graph changes by the lines that
    # differ, instead of being dropped and loaded again.
    both = sorted(set(gone) & set(new))
    old_lines = set(old_shared.splitlines(keepends=True))
    new_lines = set((new_cache / SHARED_FILE).read_bytes().splitlines(keepends=True))
    for doc in both:
        old_lines.update((old_cache / f"{old_keys[doc]}.nq").read_bytes().splitlines(keepends=True))
        new_lines.update((new_cache / f"{keys[doc]}.nq").read_bytes().splitlines(keepends=True))
    remove, add = tmp / ".delta-remove.nq", tmp / ".delta-add.nq"
    remove.write_bytes(b"".join(sorted(old_lines - new_lines)))
    with open(add, "wb") as fh:
        fh.write(b"".join(sorted(new_lines - old_lines)))
        for doc in new:
            if doc not in old_keys:
                fh.write((new_cache / f"{keys[doc]}.nq").read_bytes())
    # Such a document often keeps its own rows too (only what it says of a shared
    # department changed); else they change by the rows that differ. Its nodes stay in the
    # database either way: deleting them, with their edges, costs a rewrite at checkpoint.
    same = set(both)
    rewritten = [
        (old_cache / f"{old_keys[d]}{ROWS_EXT}", new_cache / f"{keys[d]}{ROWS_EXT}")
        for d in both
        if not _same_bytes(old_cache / f"{old_keys[d]}{ROWS_EXT}", new_cache / f"{keys[d]}{ROWS_EXT}")
    ]
    update = LadybugUpdate(
        out / LADYBUG_DIR,
        old_cache / WIDE_FILE,
        old_cache / STATE_FILE,
        [old_cache / f"{old_keys[d]}{SHARE_EXT}" for d in gone if d not in same],
        [new_cache / f"{keys[d]}{ROWS_EXT}" for d in new if d not in same],
        [new_cache / f"{keys[d]}{SHARE_EXT}" for d in new if d not in same],
        [
            (old_cache / f"{old_keys[d]}{SHARE_EXT}", new_cache / f"{keys[d]}{SHARE_EXT}")
            for d in sorted(same)
        ],
        rewritten,
    )
    needed = (update.previous, update.previous_wide, update.previous_state, *update.gone_shares)
    reshared = [f for pair in (*update.reshared, *update.rewritten) for f in pair]
    if not all(f.is_file() for f in (*needed, *update.new_rows, *update.new_shares, *reshared)):
        update = None
    return StoreDelta(out / STORE_DIR, [d for d in gone if d not in keys], remove, add), update


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return a.read_bytes() == b.read_bytes()
    except OSError:
        return False


def _write_report(tmp: Path, result: BuildResult) -> None:
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
        "warnings": result.warnings,
        "corrections": {"file": result.corrections_file, "warnings": result.corrections},
    }
    text = json.dumps(report, ensure_ascii=False, indent=1) + "\n"
    (tmp / REPORT_FILE).write_text(text, encoding="utf-8")


def _write_html(tmp: Path, result: BuildResult) -> None:
    """The default view; a page that cannot be drawn is a warning, never a lost build."""
    from policykg.viz import write_graph_html

    try:
        write_graph_html(tmp, tmp / "graph.html")
    except Exception as exc:  # the graph and stores are complete and worth keeping
        result.warnings.append(f"graph.html not written: {type(exc).__name__}: {str(exc)[:200]}")


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
