"""The read-only SPARQL endpoint, queried over real HTTP, and read-only ``policykg sparql``.

The server runs in this process (a thread) with real worker processes; one test runs
``policykg serve`` as a separate process, as a user would, and stops it with Ctrl-C.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykg
from policykg.cli import cli
from policykg.serve import SparqlServer, is_update, make_server

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
POL = "https://w3id.org/policykg/ontology#"
COUNT_TASKS = f"SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE {{ ?t a <{POL}Task> }}"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
MAX_ROWS = 25
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("serve") / "out"
    policykg.build([CORPUS], out, html=False)
    return out


@pytest.fixture(scope="module")
def server(out: Path) -> Iterator[SparqlServer]:
    srv = make_server(out, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2, quiet=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.close()
    thread.join(5)


def request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get(server: SparqlServer, query: str, accept: str = "application/sparql-results+json"):  # type: ignore[no-untyped-def]
    return request(server.url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


def json_rows(body: bytes) -> list[dict[str, str]]:
    doc = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]]


def store_count(out: Path, query: str) -> int:
    return int(policykg.open(out).sparql(query)[0]["n"])


def test_binds_to_loopback_by_default(server: SparqlServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")


def test_get_select_answers_what_the_store_answers(server: SparqlServer, out: Path) -> None:
    status, headers, body = get(server, COUNT_TASKS)
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    n = int(json_rows(body)[0]["n"])
    assert n == store_count(out, COUNT_TASKS) > 100


def test_post_form_and_direct_query(server: SparqlServer, out: Path) -> None:
    tasks = str(store_count(out, COUNT_TASKS))
    form = urllib.parse.urlencode({"query": COUNT_TASKS}).encode()
    status, _, body = request(
        server.url,
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"},
    )
    assert status == 200
    assert list(csv.reader(io.StringIO(body.decode())))[1] == [tasks]
    status, headers, body = request(
        server.url,
        data=COUNT_TASKS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+xml"},
    )
    assert status == 200 and "xml" in headers["Content-Type"]
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert ET.fromstring(body).find(".//r:literal", ns).text == tasks  # type: ignore[union-attr]


def test_negotiation_and_graph_results(server: SparqlServer) -> None:
    status, headers, body = get(server, COUNT_TASKS, "text/tab-separated-values")
    assert status == 200 and body.decode().splitlines()[0] == "?n"
    status, _, body = get(server, f"ASK {{ ?t a <{POL}Task> }}")
    assert json.loads(body)["boolean"] is True
    construct = f"CONSTRUCT {{ ?t a <{POL}Task> }} WHERE {{ ?t a <{POL}Task> }} LIMIT 3"
    status, headers, body = get(server, construct, "application/n-triples")
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(body.decode().strip().splitlines()) == 3
    status, headers, _ = get(server, construct, "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert get(server, COUNT_TASKS, "image/png")[0] == 406


def test_cors_preflight(server: SparqlServer) -> None:
    status, headers, _ = request(server.url, method="OPTIONS")
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]


def test_updates_are_refused_and_change_nothing(server: SparqlServer, out: Path) -> None:
    before = store_count(out, COUNT_ALL)
    delete = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
    form = urllib.parse.urlencode({"update": delete}).encode()
    status, _, body = request(
        server.url, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403 and b"read-only" in body
    status, _, _ = request(
        server.url, data=delete.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403
    status, _, body = request(server.url + "?" + urllib.parse.urlencode({"update": delete}))
    assert status == 403
    status, _, body = get(server, "PREFIX pol: <" + POL + ">\nINSERT DATA { pol:x pol:y pol:z }")
    assert status == 400 and b"UPDATE" in body
    status, _, body = get(server, delete)
    assert status == 400
    assert store_count(out, COUNT_ALL) == before
    assert int(json_rows(get(server, COUNT_ALL)[2])[0]["n"]) == before


def test_query_over_time_cap_is_stopped(server: SparqlServer) -> None:
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    start = time.monotonic()
    status, _, body = get(server, cross)
    elapsed = time.monotonic() - start
    assert status == 503 and b"time limit" in body
    assert elapsed < TIMEOUT + 4
    # The killed worker was replaced: the endpoint keeps answering.
    assert get(server, COUNT_TASKS)[0] == 200


def test_row_cap_truncates_and_says_so(server: SparqlServer) -> None:
    status, headers, body = get(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert status == 200
    assert len(json_rows(body)) == MAX_ROWS
    assert headers["X-SPARQL-MaxRows"] == str(MAX_ROWS)
    status, headers, body = get(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/csv")
    assert len(body.decode().strip().splitlines()) == MAX_ROWS + 1
    status, headers, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert len(body.decode().strip().splitlines()) == MAX_ROWS and "X-SPARQL-MaxRows" in headers
    status, headers, body = get(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3")
    assert len(json_rows(body)) == 3 and "X-SPARQL-MaxRows" not in headers


def test_bad_requests(server: SparqlServer) -> None:
    assert get(server, "SELEKT nothing")[0] == 400
    base = server.url.rsplit("/", 1)[0]
    assert request(base + "/nowhere")[0] == 404
    status, _, _ = request(server.url, data=b"query=x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_is_update() -> None:
    assert is_update("# c\nPREFIX a: <http://a#>\n  insert data { a:b a:c a:d }")
    assert is_update("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not is_update("PREFIX a: <http://a#delete> SELECT * { ?s a:insert ?o }")


def test_cli_serve_from_another_process(out: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "policykg", "serve", "-g", str(out), "--port", "0", "--timeout", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "http://127.0.0.1:" in line, line + proc.stderr.read() if proc.stderr else line
        url = line.split()[2]
        query = urllib.parse.urlencode({"query": COUNT_TASKS})
        status, _, body = request(f"{url}?{query}", headers={"Accept": "application/sparql-results+json"})
        assert status == 200 and json_rows(body)[0]["n"] == str(store_count(out, COUNT_TASKS))
        proc.send_signal(signal.SIGINT)
        stdout, _ = proc.communicate(timeout=15)
        assert proc.returncode == 0 and "stopped" in stdout
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize(
    "update",
    [
        "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"PREFIX pol: <{POL}> INSERT DATA {{ GRAPH pol:g {{ pol:x pol:y pol:z }} }}",
    ],
)
def test_cli_sparql_is_read_only_without_write(out: Path, update: str) -> None:
    before = store_count(out, COUNT_ALL)
    result = CliRunner().invoke(cli, ["sparql", update, "-g", str(out)])
    assert result.exit_code == 2, result.output
    assert store_count(out, COUNT_ALL) == before


def test_sparqlwrapper_client(server: SparqlServer, out: Path) -> None:
    """The client analysts use from Python, where it is installed."""
    sw_mod = pytest.importorskip("SPARQLWrapper")
    sw = sw_mod.SPARQLWrapper(server.url)
    sw.setQuery(COUNT_TASKS)
    sw.setReturnFormat(sw_mod.JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert int(rows[0]["n"]["value"]) == store_count(out, COUNT_TASKS)
    sw.setQuery("DELETE WHERE { ?s ?p ?o }")
    sw.setMethod(sw_mod.POST)
    with pytest.raises(urllib.error.HTTPError):
        sw.query()
