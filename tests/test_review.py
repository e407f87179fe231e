"""`policykg review`: the candidates for the corrections file, ranked, each with a pasteable entry."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from pathlib import Path, PurePath

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import policykg
from policykg.cli import cli
from policykg.review import COLUMNS, KINDS, review
from policykg.review_entries import toml_string

# A second Shijiazhuang document beside sample 001, so that the city has two documents naming
# its units. Its names: 市中医管理局 beside 市中医药管理局 (one character dropped), a task whose
# only unit participates, 市加强部门 (a phrase read as a name: no known function), and
# 市卫生和健康委员会 (a misspelling no function type matches, so unresolved).
_EXTRA = """石家庄市2023年中医药工作要点

一、主要任务
（一）推进中医药传承创新。（市中医药管理局、市卫健委负责）
（二）加强中医药人才培养。（市中医药管理局负责）
（三）建设中医药文化宣传阵地。（市中医管理局负责）
（四）开展健康促进活动。（市财政局参与）
（五）加强卫生应急能力建设。（市卫健委、市加强部门负责）
（六）推进公立医院改革。（市卫生和健康委员会、市医保局负责）
"""


@pytest.fixture(scope="module")
def edited_build(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sample 001 with 市发改委 written 市发展和改革局 in three tasks, plus the document above."""
    corpus = tmp_path_factory.mktemp("review-corpus")
    (source,) = corpus_dir.glob("001_*.txt")
    text = source.read_text(encoding="utf-8")
    marked = "(市卫健委、市发改委负责)"
    assert text.count(marked) == 2 and text.count("(市卫健委、市发改委、市工信局") == 1
    text = text.replace(marked, "(市卫健委、市发展和改革局负责)")
    text = text.replace("(市卫健委、市发改委、市工信局", "(市卫健委、市发展和改革局、市工信局")
    (corpus / "001_edited.txt").write_text(text, encoding="utf-8")
    (corpus / "005_tcm.txt").write_text(_EXTRA, encoding="utf-8")
    out = tmp_path_factory.mktemp("review-build") / "out"
    result = policykg.build([corpus], out, html=False)
    assert result.documents == 2 and not result.failed
    return out


@pytest.fixture(scope="module")
def sample_rows(sample_build: Path) -> list[dict]:
    with policykg.open(sample_build) as g:
        return review(g)


@pytest.fixture(scope="module")
def edited_rows(edited_build: Path) -> list[dict]:
    with policykg.open(edited_build) as g:
        return review(g)


def _of(rows: list[dict], kind: str) -> list[dict]:
    return [r for r in rows if r["kind"] == kind]


def _units(build: Path) -> dict[str, int]:
    """Every unit label of the graph with its task count."""
    with policykg.open(build) as g:
        rows = g.cypher("MATCH (u:Department:CollectiveUnit) RETURN u.label AS label, u.tasks AS tasks")
    return {r["label"]: r["tasks"] for r in rows}


def test_the_sample_without_annotations_is_a_no_units_row(
    sample_build: Path, sample_rows: list[dict]
) -> None:
    (row,) = [r for r in _of(sample_rows, "no-units") if r["subject"].startswith("004_")]
    with policykg.open(sample_build) as g:
        counts = g.cypher(
            "MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document) RETURN d.sourceFiles AS f, count(t) AS n"
        )
    (count,) = [r["n"] for r in counts if PurePath(r["f"][0]).name.startswith("004_")]
    assert row["tasks"] == count == 32 and row["jurisdiction"] == "南昌市新建区"
    assert tomllib.loads(row["entry"]) == {}  # a commented template: pasting it changes nothing
    template = tomllib.loads("\n".join(line.removeprefix("# ") for line in row["entry"].splitlines()))
    assert template["role"][0]["document"].startswith("004_") and template["role"][0]["role"] == "lead"


def test_two_spellings_of_one_department_are_a_merge(edited_build: Path, edited_rows: list[dict]) -> None:
    tasks = _units(edited_build)
    (row,) = [r for r in _of(edited_rows, "near-duplicate") if "发展和改革" in r["subject"]]
    assert row["subject"] == "石家庄市发展和改革委员会 / 石家庄市发展和改革局"
    assert tomllib.loads(row["entry"]) == {
        "merge": [
            {
                "units": ["石家庄市发展和改革委员会", "石家庄市发展和改革局"],
                "label": "石家庄市发展和改革委员会",  # the name with more tasks
                "jurisdiction": "石家庄市",
            }
        ]
    }
    assert tasks["石家庄市发展和改革委员会"] > tasks["石家庄市发展和改革局"] == row["tasks"] == 3
    (spelled,) = [r for r in _of(edited_rows, "near-duplicate") if "中医" in r["subject"]]
    assert spelled["subject"] == "石家庄市中医药管理局 / 石家庄市中医管理局" and spelled["tasks"] == 1
    assert "91% similar" in spelled["reason"]


def test_a_name_in_a_merge_is_not_listed_again_as_named_once(edited_rows: list[dict]) -> None:
    merged = {
        u for r in _of(edited_rows, "near-duplicate") for u in tomllib.loads(r["entry"])["merge"][0]["units"]
    }
    single = {r["subject"] for r in _of(edited_rows, "single-document")}
    assert "石家庄市中医管理局" in merged and not merged & single
    assert "石家庄市商务局" in single  # 001 names it once, for one task; the other document never


def test_unresolved_names_get_a_merge_or_a_parent_template(edited_rows: list[dict]) -> None:
    rows = {r["subject"]: r for r in _of(edited_rows, "unresolved")}
    assert set(rows) == {"石家庄市加强部门", "石家庄市卫生和健康委员会"}
    assert tomllib.loads(rows["石家庄市加强部门"]["entry"]) == {}
    assert "# [[parent]]" in rows["石家庄市加强部门"]["entry"]
    merge = tomllib.loads(rows["石家庄市卫生和健康委员会"]["entry"])["merge"][0]
    assert merge["units"] == ["石家庄市卫生健康委员会", "石家庄市卫生和健康委员会"]
    assert merge["label"] == "石家庄市卫生健康委员会"


def test_a_task_without_a_lead_gets_its_first_unit_as_lead(edited_rows: list[dict]) -> None:
    (row,) = _of(edited_rows, "no-lead")
    assert tomllib.loads(row["entry"]) == {
        "role": [{"document": "005_tcm.txt", "task": "一/(四)", "unit": "石家庄市财政局", "role": "lead"}]
    }
    assert row["tasks"] == 1 and row["jurisdiction"] == "石家庄市"


@pytest.mark.parametrize("which", ["sample", "edited"])
def test_rows_are_ranked_by_tasks_then_kind(which: str, request: pytest.FixtureRequest) -> None:
    rows = request.getfixturevalue(f"{which}_rows")
    keys = [(-r["tasks"], KINDS.index(r["kind"])) for r in rows]
    assert rows and keys == sorted(keys)
    assert all(list(r) == COLUMNS for r in rows)


@pytest.mark.parametrize("which", ["sample", "edited"])
def test_every_entry_is_toml_naming_what_the_graph_has(which: str, request: pytest.FixtureRequest) -> None:
    build = request.getfixturevalue(f"{which}_build")
    rows = request.getfixturevalue(f"{which}_rows")
    units = _units(build)
    with policykg.open(build) as g:
        tasks = {
            (PurePath(f).name, r["number"])
            for r in g.cypher(
                "MATCH (t:Task)-[:IN_DOCUMENT]->(d:Document) RETURN d.sourceFiles AS f, t.number AS number"
            )
            for f in r["f"]
        }
        types = {r["key"] for r in g.cypher("MATCH (ty:DepartmentType) RETURN ty.key AS key")}
    for row in rows:
        entry = tomllib.loads(row["entry"])
        for merge in entry.get("merge", []):
            assert set(merge["units"]) <= set(units) and merge["label"] in merge["units"]
        for fix in entry.get("type", []):
            assert fix["unit"] in units and fix["type"] in types
        for fix in entry.get("role", []):
            assert (fix["document"], fix["task"]) in tasks and fix["unit"] in units


def test_cli_formats_carry_the_same_rows(edited_build: Path, edited_rows: list[dict]) -> None:
    base = ["review", "-g", str(edited_build), "--limit", "0"]
    as_json = CliRunner().invoke(cli, [*base, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == list(edited_rows)
    as_csv = CliRunner().invoke(cli, [*base, "--format", "csv"])
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [{**r, "tasks": int(r["tasks"])} for r in parsed] == list(edited_rows)  # multi-line entries intact
    table = CliRunner().invoke(cli, base).stdout
    assert f"({len(edited_rows)} rows)" in table
    pasted = table.split(f"({len(edited_rows)} rows)", 1)[1]
    assert tomllib.loads(pasted)["merge"]  # what follows the table is itself a corrections file
    assert all(row["entry"] in pasted for row in edited_rows)


def test_output_is_the_same_run_to_run(edited_build: Path) -> None:
    for fmt in ("table", "json"):
        runs = [
            CliRunner().invoke(cli, ["review", "-g", str(edited_build), "--format", fmt]) for _ in range(2)
        ]
        assert runs[0].exit_code == 0 and runs[0].stdout_bytes == runs[1].stdout_bytes


def test_limit_says_how_many_were_left_out(edited_build: Path, edited_rows: list[dict]) -> None:
    res = CliRunner().invoke(cli, ["review", "-g", str(edited_build), "--limit", "2", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == list(edited_rows[:2])
    assert res.stderr.strip() == f"... and {len(edited_rows) - 2} more (--limit)"
    table = CliRunner().invoke(cli, ["review", "-g", str(edited_build), "--limit", "2"]).stdout
    pasted = table.split("(2 rows)", 1)[1]
    assert pasted.rstrip().endswith(f"# ... and {len(edited_rows) - 2} more (--limit)")
    tomllib.loads(pasted)  # the note is a comment: the entries still paste as a corrections file
    assert all(row["entry"] in pasted for row in edited_rows[:2])


def test_a_missing_build_is_a_one_line_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["review", "-g", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert "not a policykg build" in res.output


@given(st.text())
def test_toml_strings_round_trip(value: str) -> None:
    assert tomllib.loads(f"x = {toml_string(value)}")["x"] == value
