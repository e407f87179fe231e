"""`policykg viz` and the build's default page: filters, one-line errors, a page never costs a build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykg
from policykg.cli import cli

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("viz") / "out"
    policykg.build([CORPUS], out, html=False)
    return out


def test_viz_writes_a_filtered_page(built: Path, tmp_path: Path) -> None:
    dest = tmp_path / "贵阳 graph.html"
    res = CliRunner().invoke(cli, ["viz", "-g", str(built), "-o", str(dest), "--city", "贵阳市"])
    assert res.exit_code == 0, res.output
    whole = tmp_path / "all.html"
    assert CliRunner().invoke(cli, ["viz", "-g", str(built), "-o", str(whole)]).exit_code == 0
    page = dest.read_text(encoding="utf-8")
    assert "贵阳市卫生健康局" in page and "石家庄市卫生健康委员会" not in page
    assert "石家庄市卫生健康委员会" in whole.read_text(encoding="utf-8")
    assert "tasks view" in res.output


def test_viz_default_destination_and_aggregate_view(built: Path) -> None:
    res = CliRunner().invoke(cli, ["viz", "-g", str(built), "--view", "aggregate"])
    assert res.exit_code == 0, res.output
    assert (built / "graph.html").is_file() and "aggregate view" in res.output


@pytest.mark.parametrize(
    "args",
    [["--city", "火星市"], ["--theme", "no such theme"], ["--max-nodes", "0"]],
)
def test_viz_bad_filters_fail_in_one_line(built: Path, tmp_path: Path, args: list[str]) -> None:
    dest = tmp_path / "x.html"
    res = CliRunner().invoke(cli, ["viz", "-g", str(built), "-o", str(dest), *args])
    assert res.exit_code == 2
    assert len(res.output.strip().splitlines()) == 1 and res.output.startswith("Error:")
    assert not dest.exists()


def test_viz_without_a_build_fails_in_one_line(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["viz", "-g", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and "not a policykg build" in res.output


def test_a_page_that_cannot_be_drawn_is_a_warning_not_a_lost_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr("policykg.viz.write_graph_html", broken)
    out = tmp_path / "out"
    result = policykg.build([CORPUS], out)
    assert result.documents == 5 and not (out / "graph.html").exists()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["warnings"] == ["graph.html not written: RuntimeError: renderer exploded"]
    assert policykg.open(out).ask("top-bureaus")[0]["department"] == "贵阳市卫生健康局"


def test_build_prints_its_top_bureaus_as_json(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parents[1] / "examples" / "corpus"
    doc = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".txt")
    args = ["build", str(doc), "-o", str(tmp_path / "out"), "--no-html", "--top", "3", "--format", "json"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)  # the summary line went to stderr
    assert len(rows) == 3 and rows[0]["tasks"] >= rows[-1]["tasks"] and "department" in rows[0]
