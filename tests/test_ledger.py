"""The responsibility ledger, read back from the files it writes."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

import policykg
from policykg.cli import cli

POL = "PREFIX pol: <https://w3id.org/policykg/ontology#> "


@pytest.fixture(scope="module")
def g(sample_build: Path) -> Any:
    graph = policykg.open(sample_build)
    yield graph
    graph.close()


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_xlsx_ledger_is_ready_to_hand_on(sample_build: Path, g: Any, tmp_path: Path) -> None:
    dest = tmp_path / "ledger.xlsx"
    res = CliRunner().invoke(cli, ["ledger", "-g", str(sample_build), "-o", str(dest)])
    assert res.exit_code == 0, res.output
    tasks = g.sparql(POL + "SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task }")[0]["n"]
    wb = openpyxl.load_workbook(dest)
    q = "SELECT DISTINCT (STR(?jl) AS ?l) WHERE { ?d a pol:Document ; pol:jurisdiction/rdfs:label ?jl }"
    rdfs = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    juris = {r["l"] for r in g.sparql(POL + rdfs + q)}
    assert wb.sheetnames[0] == "all" and set(wb.sheetnames[1:]) == juris
    all_ = wb["all"]
    assert all_.max_row == tasks + 1
    assert all_.freeze_panes == "A2" and all_.auto_filter.ref == f"A1:O{tasks + 1}"
    assert all_.column_dimensions["E"].width >= 40 and all_["E2"].alignment.wrap_text
    assert sum(wb[s].max_row - 1 for s in wb.sheetnames[1:]) == tasks


def test_csv_ledger_rows_match_the_graph(sample_build: Path, tmp_path: Path) -> None:
    dest = tmp_path / "ledger.csv"
    res = CliRunner().invoke(
        cli, ["ledger", "-g", str(sample_build), "-o", str(dest), "--jurisdiction", "贵阳市"]
    )
    assert res.exit_code == 0, res.output
    rows = _csv(dest)
    assert rows and {r["jurisdiction"] for r in rows} == {"贵阳市"}
    r58 = next(r for r in rows if r["number"] == "七/58")
    assert (r58["deadline"], r58["deadlineDate"]) == ("2023年6月30日前", "2023-06-30")
    assert r58["lead"] and r58["source"].endswith(".txt")
    raw = Path(r58["source"]).read_text(encoding="utf-8")
    assert r58["text"][:10] in raw[int(r58["start"]) : int(r58["end"])]


def test_ledger_filters(sample_build: Path, tmp_path: Path) -> None:
    due = tmp_path / "due.csv"
    CliRunner().invoke(cli, ["ledger", "-g", str(sample_build), "-o", str(due), "--due-before", "2023-07-01"])
    dates = [r["deadlineDate"] for r in _csv(due)]
    assert dates and all(d and d <= "2023-07-01" for d in dates)
    by_alias, by_name = tmp_path / "a.csv", tmp_path / "n.csv"
    CliRunner().invoke(
        cli, ["ledger", "-g", str(sample_build), "-o", str(by_alias), "--department", "市卫健委"]
    )
    CliRunner().invoke(
        cli, ["ledger", "-g", str(sample_build), "-o", str(by_name), "--department", "石家庄市卫生健康委员会"]
    )
    alias, name = _csv(by_alias), _csv(by_name)
    assert name and {r["number"] for r in name} <= {r["number"] for r in alias}


@pytest.mark.parametrize(
    ("args", "says"),
    [(["--due-before", "2023-02-30"], "not a date"), (["-o", "x.pdf"], ".xlsx or .csv")],
)
def test_ledger_bad_input_is_one_line_exit_2(
    sample_build: Path, tmp_path: Path, args: list[str], says: str
) -> None:
    base = ["ledger", "-g", str(sample_build), "-o", str(tmp_path / "l.csv")]
    res = CliRunner().invoke(cli, base + args)
    assert res.exit_code == 2 and says in res.output and len(res.output.strip().splitlines()) == 1
