"""A read-only SPARQL 1.1 Protocol endpoint over a build's Oxigraph store.

Why not just ``oxigraph serve-read-only``: it caps query time but not result size, so a
``SELECT * { ?s ?p ?o }`` from a browser tab would stream the whole graph. Here a small
``http.server`` front speaks the protocol and hands each query to a pool of worker
processes, each holding the store open read-only. A query that runs past the time cap is
stopped by killing its worker (pyoxigraph evaluation cannot be interrupted from another
thread), and a fresh worker takes its place; results are cut at ``max_rows`` and the
response says so in the ``X-SPARQL-MaxRows`` header.

>>> server = make_server("policykg-out", port=0)   # doctest: +SKIP
>>> threading.Thread(target=server.serve_forever, daemon=True).start()   # doctest: +SKIP
>>> server.url   # doctest: +SKIP
'http://127.0.0.1:54321/sparql'
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from policykg.errors import StoreError, first_line

__all__ = ["DEFAULT_PORT", "SparqlServer", "is_update", "make_server", "run_server"]

DEFAULT_PORT = 7878
ENDPOINT_PATHS = ("/sparql", "/query", "/")
MAX_BODY = 1024 * 1024  # a query, not a data upload
TRUNCATED_HEADER = "X-SPARQL-MaxRows"

# Result formats offered, in order of preference; the first is the default for */*.
_RESULTS = [
    ("application/sparql-results+json", "JSON"),
    ("application/json", "JSON"),
    ("application/sparql-results+xml", "XML"),
    ("application/xml", "XML"),
    ("text/xml", "XML"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
]
_GRAPHS = [
    ("application/n-triples", "N_TRIPLES"),
    ("text/turtle", "TURTLE"),
    ("application/x-turtle", "TURTLE"),
    ("application/rdf+xml", "RDF_XML"),
    ("application/ld+json", "JSON_LD"),
    ("text/plain", "N_TRIPLES"),
]
# ``format=``/``output=`` parameters, as SPARQLWrapper and some browsers send them.
_SHORT = {
    "json": ("JSON", "JSON_LD"),
    "xml": ("XML", "RDF_XML"),
    "csv": ("CSV", None),
    "tsv": ("TSV", None),
    "turtle": (None, "TURTLE"),
    "ttl": (None, "TURTLE"),
    "ntriples": (None, "N_TRIPLES"),
    "nt": (None, "N_TRIPLES"),
    "rdfxml": (None, "RDF_XML"),
    "rdf+xml": (None, "RDF_XML"),
    "json-ld": (None, "JSON_LD"),
    "jsonld": (None, "JSON_LD"),
}

_PROLOGUE = re.compile(r"\s+|#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>", re.I)
_UPDATE_KEYWORD = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL UPDATE (its first keyword after the prologue).

    >>> is_update("PREFIX ex: <http://e/#x> # comment\\nDELETE WHERE { ?s ?p ?o }")
    True
    >>> is_update("SELECT * { ?s <http://e/insert> ?o }")
    False
    """
    pos = 0
    while (m := _PROLOGUE.match(text, pos)) and m.end() > pos:
        pos = m.end()
    return bool(_UPDATE_KEYWORD.match(text, pos))


def negotiate(
    accept: str, offers: list[tuple[str, str]], override: str | None = None
) -> tuple[str, str] | None:
    """The (media type, format name) to answer with, or None when nothing offered is acceptable.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", _RESULTS)[0]
    'application/sparql-results+xml'
    >>> negotiate("", _GRAPHS)[0]
    'application/n-triples'
    """
    if override:
        for media, name in offers:
            if name == override:
                return media, name
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        q = 1.0
        for p in params:
            key, _, val = p.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(val)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media.lower()))
    if not ranges:
        return offers[0]
    for _, _, media in sorted(ranges):
        if media == "*/*":
            return offers[0]
        for offer in offers:
            if offer[0] == media or (media.endswith("/*") and offer[0].startswith(media[:-1])):
                return offer
    return None


# ---------------------------------------------------------------- worker processes


def _evaluate(store: Any, job: dict[str, Any]) -> tuple[Any, ...]:
    """Run one query in a worker: ("ok", content type, body, truncated) or ("error", status, text)."""
    import pyoxigraph as ox

    kw: dict[str, Any] = {}
    try:
        if job["default_graphs"]:
            kw["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
        else:
            kw["use_default_graph_as_union"] = True
        if job["named_graphs"]:
            kw["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    except ValueError as exc:
        return ("error", 400, f"bad graph IRI: {first_line(exc)}")
    try:
        res = store.query(job["query"], **kw)
    except (SyntaxError, ValueError) as exc:
        return ("error", 400, f"query does not parse: {first_line(exc)}")
    short = _SHORT.get(job["format"] or "", (None, None))
    max_rows = job["max_rows"]
    if isinstance(res, ox.QueryTriples):
        chosen = negotiate(job["accept"], _GRAPHS, short[1])
        if chosen is None:
            return ("error", 406, "no acceptable format: CONSTRUCT and DESCRIBE answer " + _names(_GRAPHS))
        triples = []
        for t in res:
            if len(triples) == max_rows:
                return ("ok", chosen[0], _triples(triples, chosen[1]), True)
            triples.append(t)
        return ("ok", chosen[0], _triples(triples, chosen[1]), False)
    chosen = negotiate(job["accept"], _RESULTS, short[0])
    if chosen is None:
        return ("error", 406, "no acceptable format: SELECT and ASK answer " + _names(_RESULTS))
    fmt = getattr(ox.QueryResultsFormat, chosen[1])
    if isinstance(res, ox.QueryBoolean):
        return ("ok", chosen[0], res.serialize(format=fmt), False)
    # Rows are written as TSV (terms in N-Triples syntax) and re-read, so the final
    # serialisation is pyoxigraph's own for every format, cut at max_rows.
    names = [v.value for v in res.variables]
    lines = ["\t".join("?" + n for n in names)]
    truncated = False
    for sol in res:
        if len(lines) > max_rows:
            truncated = True
            break
        lines.append("\t".join("" if sol[n] is None else str(sol[n]) for n in names))
    tsv = ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == ox.QueryResultsFormat.TSV:
        return ("ok", chosen[0], tsv, truncated)
    rows = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return ("ok", chosen[0], rows.serialize(format=fmt), truncated)


def _triples(triples: list[Any], name: str) -> bytes:
    import pyoxigraph as ox

    prefixes = {"pol": "https://w3id.org/policykg/ontology#"}
    fmt = getattr(ox.RdfFormat, name)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(triples, format=fmt, prefixes=prefixes)  # type: ignore[no-any-return]
    return ox.serialize(triples, format=fmt)  # type: ignore[no-any-return]


def _names(offers: list[tuple[str, str]]) -> str:
    return ", ".join(dict.fromkeys(m for m, _ in offers))


def _worker_main(read_fd: int, write_fd: int, store_dir: str) -> None:
    """A worker process: open the store read-only once, then answer jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    import pyoxigraph as ox

    jobs = Connection(read_fd, writable=False)
    replies = Connection(write_fd, readable=False)
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        replies.send(("failed", first_line(exc)))
        return
    replies.send(("ready", None))
    while True:
        try:
            job = jobs.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            reply = _evaluate(store, job)
        except Exception as exc:
            reply = ("error", 500, f"query failed: {first_line(exc)}")
        replies.send(reply)


_WORKER_CODE = (
    "import sys; from policykg.serve import _worker_main; _worker_main(*map(int, sys.argv[1:3]), sys.argv[3])"
)


@dataclass
class _Worker:
    proc: subprocess.Popen[bytes]
    jobs: Connection
    replies: Connection
    ready: bool = False


class QueryTimeout(Exception):
    """The query ran past the time cap; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free within the time cap."""


@dataclass
class WorkerPool:
    """Worker processes answering queries; a worker that overruns is killed and replaced."""

    store_dir: str
    size: int = 2
    _idle: queue.Queue[_Worker] = field(default_factory=queue.Queue)
    _all: set[Any] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _closed: bool = False

    def __post_init__(self) -> None:
        workers = [self._spawn() for _ in range(max(1, self.size))]
        for w in workers:
            self._wait_ready(w, time.monotonic() + 60)
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        # A fresh interpreter rather than multiprocessing: nothing is forked from a threaded
        # server, and the caller's __main__ is never re-imported (scripts need no main guard).
        job_r, job_w = os.pipe()
        reply_r, reply_w = os.pipe()
        proc = subprocess.Popen(
            [sys.executable, "-c", _WORKER_CODE, str(job_r), str(reply_w), self.store_dir],
            pass_fds=(job_r, reply_w),
            stdin=subprocess.DEVNULL,
        )
        os.close(job_r)
        os.close(reply_w)
        with self._lock:
            self._all.add(proc)
        return _Worker(proc, Connection(job_w, readable=False), Connection(reply_r, writable=False))

    def _wait_ready(self, w: _Worker, deadline: float) -> None:
        if w.ready:
            return
        if not w.replies.poll(max(0.0, deadline - time.monotonic())):
            raise QueryTimeout("query worker did not start in time")
        status, msg = w.replies.recv()
        if status != "ready":
            self._kill(w)
            raise StoreError(f"{self.store_dir}: cannot open the store read-only ({msg})")
        w.ready = True

    def _kill(self, w: _Worker) -> None:
        w.proc.kill()
        w.proc.wait(5)
        w.jobs.close()
        w.replies.close()
        with self._lock:
            self._all.discard(w.proc)

    def run(self, job: dict[str, Any], timeout: float) -> tuple[Any, ...]:
        """The worker's reply to ``job``; QueryTimeout past ``timeout`` seconds of evaluation."""
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {timeout:g} s") from None
        try:
            deadline = time.monotonic() + timeout
            self._wait_ready(w, deadline)
            w.jobs.send(job)
            if not w.replies.poll(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"query stopped after the {timeout:g} s time limit")
            reply: tuple[Any, ...] = w.replies.recv()
        except (QueryTimeout, EOFError, OSError):
            self._kill(w)
            if not self._closed:
                self._idle.put(self._spawn())
            raise
        self._idle.put(w)
        return reply

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                break
            with contextlib.suppress(OSError):
                w.jobs.send(None)
        with self._lock:
            procs = list(self._all)
        for p in procs:
            try:
                p.wait(2)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(5)


# ---------------------------------------------------------------- HTTP front


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: ``serve_forever()`` to run, ``close()`` to stop and end the workers."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store_dir: str,
        timeout: float,
        max_rows: int,
        workers: int,
        quiet: bool,
    ) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.pool = WorkerPool(store_dir, workers)
        self.timeout_s = timeout
        self.max_rows = max_rows
        self.quiet = quiet
        try:
            super().__init__(address, _Handler)
        except OSError:
            self.pool.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/sparql"

    def close(self) -> None:
        self.server_close()
        self.pool.close()


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "policykg-sparql"

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", TRUNCATED_HEADER)
        self.send_header("Vary", "Accept")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            self._error(404, f"not found: the SPARQL endpoint is {self.server.url}")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if "query" not in params and "update" not in params:
            self._error(200, f"policykg read-only SPARQL endpoint: send ?query=... to {self.server.url}")
            return
        self._answer(params, None)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            self._error(404, f"not found: the SPARQL endpoint is {self.server.url}")
            return
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            self._error(411, "a POST needs a Content-Length")
            return
        if length > MAX_BODY:
            self.close_connection = True
            self._error(413, f"request body over {MAX_BODY} bytes")
            return
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._error(403, "this endpoint is read-only: SPARQL UPDATE is refused")
            return
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
            self._answer(params, None)
        elif ctype == "application/sparql-query":
            self._answer(params, body.decode("utf-8", "replace"))
        else:
            self._error(415, "send application/sparql-query or application/x-www-form-urlencoded")

    def _answer(self, params: dict[str, list[str]], direct: str | None) -> None:
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            self._error(403, "this endpoint is read-only: SPARQL UPDATE is refused")
            return
        queries = params.get("query", []) + ([direct] if direct is not None else [])
        if len(queries) != 1:
            self._error(400, "give exactly one query")
            return
        text = queries[0]
        if is_update(text):
            self._error(400, "this is a SPARQL UPDATE, not a query; the endpoint is read-only")
            return
        fmt = (params.get("format") or params.get("output") or [""])[0].lower() or None
        job = {
            "query": text,
            "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
            "accept": self.headers.get("Accept") or "",
            "format": fmt,
            "max_rows": self.server.max_rows,
        }
        try:
            reply = self.server.pool.run(job, self.server.timeout_s)
        except (QueryTimeout, PoolBusy) as exc:
            self._error(503, str(exc))
            return
        except (EOFError, OSError, StoreError) as exc:
            self._error(500, f"query worker failed: {first_line(exc)}")
            return
        if reply[0] == "error":
            self._error(reply[1], reply[2])
            return
        _, ctype, body, truncated = reply
        if "charset" not in ctype and (ctype.startswith("text/") or ctype.endswith(("json", "xml"))):
            ctype += "; charset=utf-8"
        extra = {TRUNCATED_HEADER: str(self.server.max_rows)} if truncated else None
        self._send(200, body, ctype, extra)


def make_server(
    out: str | Path,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    timeout: float = 30.0,
    max_rows: int = 10_000,
    workers: int = 2,
    quiet: bool = False,
) -> SparqlServer:
    """A ready endpoint over the build in ``out`` (``port=0`` picks a free port).

    Queries see the union of all named graphs as their default graph, as ``policykg sparql``
    does, unless the request names ``default-graph-uri``.
    """
    store = Path(out) / "oxigraph"
    if not store.is_dir():
        raise StoreError(f"{out}: not a policykg build (no oxigraph store; run 'policykg build')")
    if timeout <= 0 or max_rows < 1 or workers < 1:
        raise ValueError("timeout, max_rows and workers must be positive")
    return SparqlServer((host, port), str(store), timeout, max_rows, workers, quiet)


def run_server(server: SparqlServer) -> None:
    """Serve until Ctrl-C (or SIGTERM, as service managers send), then stop the workers."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
