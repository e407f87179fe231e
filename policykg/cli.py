"""The ``policykg`` command line: a thin layer over the library API.

Exit codes: 0 success; 2 could not run (bad arguments, missing graph, unreadable input);
3 a build completed but some files were skipped or failed (see OUT/report.json).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from policykg.errors import PolicyKGError, first_line

DEFAULT_OUT = "policykg-out"
EXIT_PARTIAL = 3


class Fail(click.ClickException):
    """A one-line error with exit code 2."""

    exit_code = 2


def _read_query(query: str) -> str:
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise Fail(f"{path}: cannot read query file ({exc.strerror})") from exc
    return query


def _params(pairs: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise Fail(f"--param {pair!r}: expected NAME=VALUE")
        out[key] = int(value) if value.lstrip("-").isdigit() else value
    return out


def _open(out: str):  # type: ignore[no-untyped-def]
    from policykg.api import PolicyGraph

    try:
        return PolicyGraph(out)
    except PolicyKGError as exc:
        raise Fail(str(exc)) from exc


def _print_result(result: Any, fmt: str) -> None:
    from policykg.output import format_rows

    click.echo(format_rows(result.columns, result.rows, fmt))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def cli() -> None:
    """Turn Chinese government policy documents into a knowledge graph of
    departments, tasks and cross-city policy links.

    Exit codes: 0 success, 2 could not run, 3 built with some files skipped or failed.
    """


_FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
_GRAPH = click.option(
    "-g", "--graph", "out", default=DEFAULT_OUT, show_default=True, help="A build directory."
)


@cli.command()
@click.argument("corpus", nargs=-1, required=True)
@click.option("-o", "--out", default=DEFAULT_OUT, show_default=True, help="Output directory.")
@click.option("-j", "--jobs", default=1, show_default=True, help="Extraction processes.")
@click.option("--max-size", default=50, show_default=True, help="Skip files larger than this many MB.")
@click.option("--no-html", is_flag=True, help="Do not write OUT/graph.html.")
@click.option("--top", default=10, show_default=True, help="How many top bureaus to print.")
@click.option(
    "--corrections",
    "corrections",
    type=click.Path(dir_okay=False),
    help="A corrections file (docs/corrections.md); default: corrections.toml in the first corpus folder.",
)
@_FORMAT
def build(
    corpus: tuple[str, ...],
    out: str,
    jobs: int,
    max_size: int,
    no_html: bool,
    top: int,
    corrections: str | None,
    fmt: str,
) -> None:
    """Build the graph of CORPUS (files or folders) into OUT.

    Writes OUT/graph.nq (N-Quads, one named graph per document), the Oxigraph and
    LadybugDB stores, OUT/report.json (every file: ok / skipped / failed and why) and
    OUT/graph.html; prints a summary and the top bureaus.

    Example:

        policykg build examples/corpus -o policykg-out
    """
    from policykg.pipeline import build as run_build
    from policykg.pipeline import corrections_for, print_progress

    try:
        result = run_build(
            corpus,
            out,
            jobs=jobs,
            max_size=max_size * 1024 * 1024,
            html=not no_html,
            progress=print_progress,
            corrections=corrections or corrections_for(corpus),
        )
    except PolicyKGError as exc:
        raise Fail(str(exc)) from exc
    for f in result.failed:
        click.echo(f"{f.path}: {f.status}: {f.reason}", err=True)
    for f in result.files:
        if f.warning:
            click.echo(f"{f.path}: warning: {f.warning}", err=True)
    for warning in result.warnings:
        click.echo(f"{result.out}: warning: {warning}", err=True)
    for warning in result.corrections:
        click.echo(warning, err=True)
    ok = len(result.files) - len(result.failed)
    click.echo(  # with --format json or csv, stdout holds the rows alone
        f"{len(result.files)} files: {ok} ok, {sum(f.status == 'skipped' for f in result.files)} skipped, "
        f"{sum(f.status == 'failed' for f in result.files)} failed; {result.documents} documents, "
        f"{result.tasks} tasks, {result.quads} quads in {result.seconds:.1f}s -> {result.out}",
        err=fmt != "table",
    )
    if result.documents and top > 0:
        g = _open(out)
        res = g.ask_result("top-bureaus")
        res.rows = res.rows[:top]
        if fmt == "table":
            click.echo("\nTop bureaus by tasks carried:")
        _print_result(res, fmt)
    if result.failed:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document per line (gold schema).")
def extract(files: tuple[str, ...], as_json: bool) -> None:
    """Extract tasks, units and roles from FILES without building a graph.

    Example:

        policykg extract examples/corpus/*.txt --json > extraction.jsonl
    """
    from policykg.errors import InputError
    from policykg.pipeline import extract_file

    bad = 0
    for f in files:
        try:
            ext = extract_file(f)
        except InputError as exc:
            click.echo(str(exc), err=True)
            bad += 1
            continue
        if as_json:
            click.echo(json.dumps(ext.to_json(), ensure_ascii=False))
        else:
            click.echo(f"{f}: {ext.meta.title or '(untitled)'} — {len(ext.tasks)} tasks")
            for t in ext.tasks:
                roles = "; ".join(
                    f"{r}: {'、'.join(t.names(r))}"
                    for r in ("lead", "co", "participant", "implied")
                    if t.names(r)
                )
                click.echo(f"  {t.id:12} {t.title[:40]}  [{roles}]")
    if bad:
        sys.exit(EXIT_PARTIAL if bad < len(files) else 2)


@cli.command()
@click.argument("query")
@_GRAPH
@_FORMAT
@click.option("--param", "params", multiple=True, help="A binding NAME=VALUE (repeatable).")
@click.option("--write", is_flag=True, help="Allow SPARQL UPDATE (changes the store).")
def sparql(query: str, out: str, fmt: str, params: tuple[str, ...], write: bool) -> None:
    """Run a SPARQL QUERY (text or @FILE) over the graph; read-only unless --write.

    Example:

        policykg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }'
    """
    g = _open(out)
    try:
        result = g.sparql_result(_read_query(query), _params(params), write=write)
    except (ValueError, SyntaxError, OSError) as exc:
        raise Fail(f"query failed: {first_line(exc)}") from exc
    _print_result(result, fmt)


@cli.command()
@click.argument("name", required=False)
@_GRAPH
@_FORMAT
@click.option("--engine", type=click.Choice(["sparql", "cypher"]), default="sparql", show_default=True)
@click.option("--param", "params", multiple=True, help="A parameter NAME=VALUE (repeatable).")
@click.option("--city", default=None, help="Shorthand for --param city=NAME.")
@click.option("--list", "list_", is_flag=True, help="List the named queries (in --format).")
@click.option(
    "--by",
    type=click.Choice(["department", "type"]),
    default=None,
    help="For top-bureaus: rank departments, or department types (top-bureau-types).",
)
def ask(
    name: str | None,
    out: str,
    fmt: str,
    engine: str,
    params: tuple[str, ...],
    city: str | None,
    list_: bool,
    by: str | None,
) -> None:
    """Run the named query NAME (see --list) with parameters as bindings.

    An unknown query or parameter, a missing required parameter or a value not of its
    type (see --list) is a one-line error with exit code 2, before the graph is opened.

    Example:

        policykg ask top-bureaus -g policykg-out --city 贵阳市 --by type --format json
    """
    from policykg.queries import list_queries, load_query

    if list_ or not name:
        _print_query_list([load_query(n) for n in list_queries()], fmt)
        return
    if by is not None:
        if name not in ("top-bureaus", "top-bureau-types"):
            raise Fail("--by applies to top-bureaus only")
        name = "top-bureau-types" if by == "type" else "top-bureaus"
    kw = _params(params)
    if city:
        kw["city"] = city
    try:
        load_query(name).check_params(kw)
    except KeyError as exc:
        raise Fail(str(exc.args[0])) from exc
    except ValueError as exc:
        raise Fail(first_line(exc)) from exc
    g = _open(out)
    try:
        result = g.ask_result(name, engine, **kw)
    except (ValueError, RuntimeError) as exc:
        raise Fail(first_line(exc)) from exc
    _print_result(result, fmt)


def _param_text(p: Any) -> str:
    """A parameter as --list shows it: ``before (date)``, ``department (required)``."""
    attrs = [a for a in (p.type if p.type != "text" else "", "required" if p.required else "") if a]
    return f"{p.name} ({', '.join(attrs)})" if attrs else p.name


def _print_query_list(queries: list[Any], fmt: str) -> None:
    """The named queries: a text listing, a JSON array of their headers, or CSV rows."""
    if fmt == "json":
        click.echo(json.dumps([q.to_json() for q in queries], ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        from policykg.output import format_rows

        rows = [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "params": "; ".join(_param_text(p) for p in q.param_specs),
                "examples": "; ".join(", ".join(f"{k}={v}" for k, v in e.items()) for e in q.examples),
            }
            for q in queries
        ]
        click.echo(format_rows(["name", "title", "description", "params", "examples"], rows, "csv"))
        return
    for q in queries:
        extra = f"  params: {', '.join(_param_text(p) for p in q.param_specs)}" if q.param_specs else ""
        click.echo(f"{q.name:22} {q.title}: {q.description}{extra}")
        for e in q.examples:
            given = " ".join(f"--param {k}={v}" for k, v in e.items())
            click.echo(f"{'':22} e.g. policykg ask {q.name} {given}")


@cli.command()
@_GRAPH
@click.option("-o", "--output", "dest", required=True, help="The ledger file: .xlsx or .csv.")
@click.option("--jurisdiction", default=None, help="Only tasks of documents of this jurisdiction.")
@click.option("--department", default=None, help="Only tasks naming this unit (full name or as written).")
@click.option("--due-before", default=None, help="Only tasks due on or before this date (YYYY-MM-DD).")
def ledger(
    out: str, dest: str, jurisdiction: str | None, department: str | None, due_before: str | None
) -> None:
    """Write the responsibility ledger: one row per task with its units, deadline and source.

    Example:

        policykg ledger -g policykg-out -o ledger.xlsx --due-before 2023-12-31
    """
    from policykg.ledger import LedgerError, LedgerFilter, write_ledger

    try:
        keep = LedgerFilter(jurisdiction, department, due_before)
        g = _open(out)
        n = write_ledger(g, dest, keep)
    except (LedgerError, OSError) as exc:
        raise Fail(first_line(exc)) from exc
    click.echo(f"wrote {n} task{'s' if n != 1 else ''} to {dest}")


@cli.command("review")
@_GRAPH
@_FORMAT
@click.option("--limit", default=50, show_default=True, help="Candidates printed at most (0: all).")
def review_queue(out: str, fmt: str, limit: int) -> None:
    """List what most likely needs an entry in the corrections file, most tasks affected first.

    Kinds: near-duplicate (names of one body), unresolved (a name resolved to no unit),
    no-units (a document with none), no-lead (a task with units but no lead), single-document
    (a department one document names). A table prints the candidates numbered, then their
    entries in that order, each under a "# N." comment: what follows the table is itself a
    corrections file, to copy whole and prune, or entry by entry. json and csv carry each
    entry in the "entry" column; their "... more" note goes to stderr.

    Example:

        policykg review -g policykg-out --limit 20 > review.txt
    """
    from policykg.output import format_rows
    from policykg.review import COLUMNS, review, to_text

    g = _open(out)
    try:
        rows = review(g)
    except (RuntimeError, PolicyKGError) as exc:
        raise Fail(f"cannot review: {first_line(exc)}") from exc
    finally:
        g.close()
    shown = rows[:limit] if limit > 0 else rows
    click.echo(to_text(shown) if fmt == "table" else format_rows(COLUMNS, shown, fmt))
    if len(rows) > len(shown):
        more = f"... and {len(rows) - len(shown)} more (--limit)"
        # After a table, a comment: what follows the table stays a corrections file.
        click.echo(f"\n# {more}" if fmt == "table" else more, err=fmt != "table")


@cli.command()
@_GRAPH
@click.option("-o", "--output", "dest", default=None, help="The HTML file [default: OUT/graph.html].")
@click.option(
    "--city", default=None, help="Only tasks of documents issued in this jurisdiction or within it."
)
@click.option("--theme", default=None, help="Only tasks with this theme (Chinese or English label).")
@click.option("--department", default=None, help="Only tasks naming this department.")
@click.option(
    "--max-nodes", default=1500, show_default=True, help="Most nodes drawn; the page says what was left out."
)
@click.option(
    "--view",
    type=click.Choice(["auto", "tasks", "aggregate"]),
    default="auto",
    show_default=True,
    help="Every task a node, tasks folded into weighted edges, or whichever fits --max-nodes.",
)
def viz(
    out: str,
    dest: str | None,
    city: str | None,
    theme: str | None,
    department: str | None,
    max_nodes: int,
    view: str,
) -> None:
    """Write an interactive, self-contained HTML graph (works offline from file://).

    Example:

        policykg viz -g policykg-out -o guiyang.html --city 贵阳市
    """
    from policykg.viz import write_graph_html

    g = _open(out)
    target = Path(dest) if dest else g.out / "graph.html"
    try:
        info = write_graph_html(
            g.out, target, city=city, theme=theme, department=department, max_nodes=max_nodes, view=view
        )
    except ValueError as exc:
        raise Fail(first_line(exc)) from exc
    except OSError as exc:
        raise Fail(f"{target}: cannot write ({exc.strerror or exc})") from exc
    left = info["omitted"]
    note = (
        f"; left out {left['nodes']} nodes, {left['edges']} edges"
        if left.get("nodes") or left.get("edges")
        else ""
    )
    click.echo(f"{target}: {info['view']} view, {info['nodes']} nodes, {info['edges']} edges{note}")


@cli.command()
@_GRAPH
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a query may run, then it stops.")
@click.option("--max-rows", default=10000, show_default=True, help="Rows (or triples) returned at most.")
@click.option("--workers", default=2, show_default=True, help="Query worker processes.")
def serve(out: str, host: str, port: int, timeout: float, max_rows: int, workers: int) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint (Ctrl-C stops it).

    GET ?query=, POST form or application/sparql-query; JSON, XML, CSV, TSV results,
    N-Triples, Turtle, RDF/XML or JSON-LD graphs; CORS for YASGUI. Updates get 403. A query
    over --timeout gets 503; a result over --max-rows is cut and carries the header
    X-SPARQL-MaxRows.

    Example:

        policykg serve -g policykg-out --port 7878
    """
    from policykg.serve import make_server, run_server

    g = _open(out)
    try:
        server = make_server(g.out, host, port, timeout=timeout, max_rows=max_rows, workers=workers)
    except (PolicyKGError, ValueError) as exc:
        raise Fail(str(exc)) from exc
    except OSError as exc:
        raise Fail(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from exc
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}, reachable from other machines", err=True)
    click.echo(f"SPARQL endpoint: {server.url} (read-only; Ctrl-C stops)")
    run_server(server)
    click.echo("stopped")


@cli.command()
@_GRAPH
@click.option(
    "--engine",
    type=click.Choice(["auto", "pyshacl", "sparql"]),
    default="auto",
    show_default=True,
    help="pySHACL in memory, or SHACL compiled to SPARQL over Oxigraph (auto: by size).",
)
@click.option("--shapes", default=None, help="A SHACL shapes file [default: the shipped shapes.ttl].")
@click.option("--limit", default=20, show_default=True, help="Results printed at most.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "table", "json", "csv"]),
    default="text",
    show_default=True,
    help="One line per result, or rows (severity, focus, path, component, message, value) as a "
    "table, JSON or CSV; with json and csv the summary goes to stderr.",
)
def validate(out: str, engine: str, shapes: str | None, limit: int, fmt: str) -> None:
    """Check the graph against the SHACL shapes; exit 1 when it does not conform.

    Example:

        policykg validate -g policykg-out --format csv > violations.csv
    """
    from policykg.output import format_rows
    from policykg.validate import validate as run_validate

    g = _open(out)
    try:
        report = run_validate(g.out, engine, shapes)
    except (PolicyKGError, ValueError, SyntaxError, OSError) as exc:
        raise Fail(f"cannot validate: {first_line(exc)}") from exc
    shown, left = report.violations[:limit], len(report.violations) - limit
    more = f"... and {left} more (--limit)" if left > 0 else ""
    # Machine-read formats keep stdout to the rows alone.
    to_err = fmt in ("json", "csv")
    if fmt == "text":
        for v in shown:
            click.echo(v.line())
    else:
        columns = ["severity", "focus", "path", "component", "message", "value"]
        rows = [{c: getattr(v, c) for c in columns} for v in shown]
        click.echo(format_rows(columns, rows, fmt))
    if more:
        click.echo(more, err=to_err)
    click.echo(report.summary(), err=to_err)
    if not report.conforms:
        sys.exit(1)


@cli.command()
@_GRAPH
@click.option("-o", "--output", "dest", default=None, help="The report file [default: OUT/compare.FORMAT].")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "csv"]),
    default="html",
    show_default=True,
    help="Self-contained HTML page, Markdown tables, or one long-format CSV with a 'section' column.",
)
@click.option("--top", default=20, show_default=True, help="How many cross-city similar-task pairs to show.")
def compare(out: str, dest: str | None, fmt: str, top: int) -> None:
    """Write the cross-city comparison report: theme coverage heat map, department-type
    workload, targets side by side, shared initiatives and citations, similar tasks across
    jurisdictions, and the jurisdiction hierarchy (works offline from file://).

    Example:

        policykg compare -g policykg-out -o report.html
    """
    from policykg.viz.compare import write_compare

    g = _open(out)
    target = Path(dest) if dest else g.out / f"compare.{fmt}"
    try:
        info = write_compare(g.out, target, fmt, top_pairs=top)
    except (PolicyKGError, ValueError) as exc:
        raise Fail(first_line(exc)) from exc
    except OSError as exc:
        raise Fail(f"{target}: cannot write ({exc.strerror or exc})") from exc
    click.echo(
        f"{target}: {info['documents']} documents, {info['jurisdictions']} jurisdictions, "
        f"{info['tasks']} tasks; {info['shared_targets']} shared indicators, "
        f"{info['shared_initiatives']} shared initiatives, {info['cross_links']} cross-city similar pairs"
    )


@cli.command()
@click.argument("query")
@_GRAPH
@_FORMAT
@click.option("--param", "params", multiple=True, help="A parameter NAME=VALUE for $NAME (repeatable).")
@click.option("--write", is_flag=True, help="Allow clauses that change the store (CREATE, MERGE, SET…).")
def cypher(query: str, out: str, fmt: str, params: tuple[str, ...], write: bool) -> None:
    """Run a Cypher QUERY (text or @FILE) on the LadybugDB store; read-only unless --write.

    Example:

        policykg cypher 'MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department) WHERE d.label = $d
        RETURN r.role AS role, count(*) AS n' -g policykg-out --param d=贵阳市卫生健康局
    """
    g = _open(out)
    try:
        result = g.cypher_result(_read_query(query), _params(params), write=write)
    except (ValueError, RuntimeError, PolicyKGError) as exc:
        raise Fail(f"query failed: {first_line(exc)}") from exc
    finally:
        g.close()
    _print_result(result, fmt)


@cli.group()
def export() -> None:
    """Export the graph: RDF files, neo4j-admin CSV files, or a Neo4j server.

    Example:

        policykg export turtle -g policykg-out -o graph.ttl
    """


def _export_rdf(fmt: str, out: str, dest: str) -> None:
    from policykg.graph.export import write_rdf

    g = _open(out)
    try:
        n = write_rdf(g.out, Path(dest), fmt)
    except (PolicyKGError, ValueError) as exc:
        raise Fail(str(exc)) from exc
    except OSError as exc:
        raise Fail(f"{dest}: cannot write ({exc.strerror or exc})") from exc
    click.echo(f"{dest}: {n} {'quads' if fmt != 'turtle' else 'triples'}")


for _fmt, _what in (
    ("turtle", "Turtle (named graphs merged into one graph)"),
    ("nquads", "N-Quads (one named graph per document)"),
    ("jsonld", "JSON-LD (named graphs kept)"),
):

    def _make(fmt: str = _fmt, what: str = _what) -> None:
        @export.command(
            fmt, help=f"Write the graph as {what}.\n\nExample:\n\n    policykg export {fmt} -g OUT -o FILE"
        )
        @_GRAPH
        @click.option("-o", "--output", "dest", required=True, help="The file to write.")
        def _cmd(out: str, dest: str) -> None:
            _export_rdf(fmt, out, dest)

    _make()


@export.command("csv")
@click.argument("directory")
@_GRAPH
def export_csv(directory: str, out: str) -> None:
    """Write node and relationship CSV files for ``neo4j-admin database import full``
    into DIRECTORY, with an import script that names them.

    Example:

        policykg export csv neo4j-import -g policykg-out
    """
    from policykg.graph.export import write_neo4j_csv

    g = _open(out)
    try:
        info = write_neo4j_csv(g.out, Path(directory))
    except (PolicyKGError, ValueError) as exc:
        raise Fail(str(exc)) from exc
    except OSError as exc:
        raise Fail(f"{directory}: cannot write ({exc.strerror or exc})") from exc
    click.echo(
        f"{directory}: {info['nodes']} nodes, {info['relationships']} relationships in {info['files']} files"
    )


@export.command("neo4j")
@_GRAPH
@click.option("--uri", required=True, help="bolt://host:7687 or neo4j://…")
@click.option("--user", default="neo4j", show_default=True)
@click.option("--password", envvar="NEO4J_PASSWORD", default="", help="Or set NEO4J_PASSWORD.")
@click.option("--database", default=None, help="Target database (server default if omitted).")
@click.option("--batch", default=1000, show_default=True, help="Rows per UNWIND transaction.")
def export_neo4j(out: str, uri: str, user: str, password: str, database: str | None, batch: int) -> None:
    """Load the property graph into a Neo4j server: uniqueness constraints first, then
    batched UNWIND … MERGE transactions, so running it twice gives the same graph.

    Example:

        policykg export neo4j -g policykg-out --uri bolt://localhost:7687 --user neo4j --password secret
    """
    from policykg.graph.export import load_neo4j

    g = _open(out)
    try:
        info = load_neo4j(g.out, uri, (user, password), database=database, batch=batch)
    except (PolicyKGError, ValueError) as exc:
        raise Fail(first_line(exc)) from exc
    except Exception as exc:  # the driver's errors (auth, connection) as one line
        raise Fail(f"{uri}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from exc
    click.echo(f"{uri}: merged {info['nodes']} nodes and {info['relationships']} relationships")


def main() -> None:
    cli()
