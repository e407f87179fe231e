"""Named-query parameters: the header grammar, and the checks both engines and the CLI share."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from policykg.queries import NamedQuery, list_queries, load_query, parse_header

import policykg
from policykg.cli import cli


@pytest.fixture(scope="module")
def g(sample_build: Path) -> Any:
    graph = policykg.open(sample_build)
    yield graph
    graph.close()


DATE_ERROR = "query 'q': parameter 'before' must be a date YYYY-MM-DD"


def _query(header: str) -> NamedQuery:
    return NamedQuery(name="q", sparql=None, cypher=None, **parse_header("q", header))


def test_header_grammar() -> None:
    q = _query(
        "# title: T\n"
        "# params: before (date, required) — due on or before (2023-12-31); without it none; n (integer); "
        "city (optional) — a place; department\n"
        "# examples: before=2024-01-31; before=2024-02-29, n=3, city=贵阳市\n"
        "# lists: names titles\n"
        "SELECT * WHERE {}\n# params: ignored after the header"
    )
    assert [(p.name, p.type, p.required) for p in q.param_specs] == [
        ("before", "date", True),
        ("n", "integer", False),
        ("city", "text", False),
        ("department", "text", False),
    ]
    assert q.param("before").help == "due on or before (2023-12-31); without it none"
    assert q.params == ("before", "n", "city", "department")
    assert q.examples == ({"before": "2024-01-31"}, {"before": "2024-02-29", "n": "3", "city": "贵阳市"})
    assert q.lists == ("names", "titles")
    assert _query("# params: none").param_specs == ()


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("# params: day (weekday) — a day", "parameter 'day' declares 'weekday'"),
        ("# params: day (date)\n# examples: night=1", "names no declared parameter"),
        ("# params: day (date)\n# examples: day=2023-02-29", "must be a date"),
    ],
)
def test_a_bad_header_is_refused(header: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_header("q", header)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "query 'q': missing required parameter 'before'"),
        ({"before": ""}, "query 'q': missing required parameter 'before'"),
        ({"before": "2024-01-31", "place": "x"}, "query 'q': unknown parameter 'place' (it takes before, n)"),
        ({"before": "2023-02-29"}, f"{DATE_ERROR}, got '2023-02-29'"),
        ({"before": "2023-2-1"}, f"{DATE_ERROR}, got '2023-2-1'"),
        ({"before": 20230201}, f"{DATE_ERROR}, got 20230201"),
        ({"before": "2024-01-31", "n": "3.5"}, "query 'q': parameter 'n' must be an integer, got '3.5'"),
        ({"before": "2024-01-31", "n": True}, "query 'q': parameter 'n' must be an integer, got True"),
    ],
)
def test_check_params_errors(params: dict[str, Any], message: str) -> None:
    q = _query("# params: before (date, required) — a day; n (integer)")
    with pytest.raises(ValueError) as exc:
        q.check_params(params)
    assert str(exc.value) == message


def test_check_params_converts() -> None:
    q = _query("# params: before (date, required); n (integer); city")
    assert q.check_params({"before": " 2024-02-29 ", "n": "-3", "city": 110000}) == {
        "before": "2024-02-29",
        "n": -3,
        "city": "110000",
    }


def test_queries_declare_what_they_need() -> None:
    assert load_query("due").param("before").type == "date"
    for name, param in (("department-tasks", "department"), ("theme-tasks", "theme")):
        assert load_query(name).param(param).required, name
    for n in list_queries():
        q = load_query(n)
        for p in q.param_specs:
            assert p.help, f"{n}: parameter {p.name} has no help text"


@pytest.mark.parametrize("engine", ["sparql", "cypher"])
@pytest.mark.parametrize(
    ("name", "params", "names"),
    [
        ("department-tasks", {}, "'department'"),
        ("theme-tasks", {"theme": "  "}, "'theme'"),
        ("due", {"before": "2023-13-01"}, "'before'"),
        ("due", {"before": "next week"}, "'before'"),
        ("top-bureaus", {"town": "贵阳市"}, "'town'"),
        ("co-responsibility", {"city": "贵阳市"}, "'city'"),
        ("no-such-query", {}, "'no-such-query'"),
    ],
)
def test_api_refuses_bad_parameters_in_both_engines(
    g: Any, engine: str, name: str, params: dict[str, str], names: str
) -> None:
    with pytest.raises(ValueError) as exc:
        g.ask_result(name, engine, **params)
    message = str(exc.value)
    assert "\n" not in message and names in message
    assert name in message


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["department-tasks"], "'department'"),
        (["due", "--param", "before=2023-02-30"], "'before'"),
        (["due", "--param", "before=20230201"], "'before'"),
        (["top-bureaus", "--param", "town=贵阳市"], "'town'"),
        (["co-responsibility", "--city", "贵阳市"], "'city'"),
        (["no-such-query"], "'no-such-query'"),
    ],
)
def test_cli_ask_errors_are_one_line_exit_2(sample_build: Path, args: list[str], names: str) -> None:
    for graph in (str(sample_build), str(sample_build / "missing")):  # checked before the graph
        res = CliRunner().invoke(cli, ["ask", *args, "-g", graph])
        assert res.exit_code == 2, res.output
        lines = res.output.strip().splitlines()
        assert len(lines) == 1 and names in lines[0] and args[0] in lines[0], res.output


def test_cli_ask_with_a_date_and_a_required_parameter(sample_build: Path) -> None:
    run = CliRunner().invoke
    due = ["ask", "due", "--param", "before=2023-07-01"]
    res = run(cli, [*due, "-g", str(sample_build), "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows and all(r["due"] <= "2023-07-01" for r in rows)
    res = run(cli, ["ask", "department-tasks", "--param", "department=市卫健委", "-g", str(sample_build)])
    assert res.exit_code == 0 and "石家庄市卫生健康委员会" in res.output


def test_ask_list_formats() -> None:
    run = CliRunner().invoke
    res = run(cli, ["ask", "--list", "--format", "json"])
    assert res.exit_code == 0, res.output
    listed = json.loads(res.output)
    assert [q["name"] for q in listed] == list_queries()
    due = next(q for q in listed if q["name"] == "due")
    assert set(due) == {"name", "title", "description", "params", "examples"}
    before = next(p for p in due["params"] if p["name"] == "before")
    assert before["type"] == "date" and before["required"] is False and before["help"]
    assert {"before": "2023-07-01"} in due["examples"]
    tasks = next(q for q in listed if q["name"] == "department-tasks")
    assert tasks["params"][0]["required"] is True
    res = run(cli, ["ask", "--list", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert [r["name"] for r in rows] == list_queries()
    assert next(r for r in rows if r["name"] == "due")["params"].startswith("before (date); department")
    res = run(cli, ["ask", "--list"])
    assert res.exit_code == 0 and all(n in res.output for n in list_queries())
    assert "department (name, required)" in res.output
    assert "e.g. policykg ask department-tasks --param department=市卫健委" in res.output


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_columns_in_every_format(sample_build: Path, fmt: str) -> None:
    res = CliRunner().invoke(cli, ["ask", "shared-initiatives", "-g", str(sample_build), "--format", fmt])
    assert res.exit_code == 0, res.output
    if fmt == "json":
        first = json.loads(res.output)[0]
        assert isinstance(first["jurisdictionNames"], list)
    else:
        assert "厦门市海沧区、石家庄市、贵州省、贵阳市" in res.output


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_validate_prints_rows_in_every_format(sample_build: Path, fmt: str) -> None:
    res = CliRunner().invoke(cli, ["validate", "-g", str(sample_build), "--format", fmt])
    assert res.exit_code == 0, res.output
    columns = ["severity", "focus", "path", "component", "message", "value"]
    if fmt == "json":
        assert json.loads(res.stdout) == [] and "conforms" in res.stderr
    elif fmt == "csv":
        assert res.stdout.splitlines()[0] == ",".join(columns)
    else:
        assert res.stdout.splitlines()[0].split() == columns and "conforms" in res.stdout
