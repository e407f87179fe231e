"""The corrections file: each kind of entry changes the answers exactly as it says, in both
engines, survives full and incremental rebuilds, and bad entries are named by file and line.

The expected answers are derived from the uncorrected build of the samples (a merged
department's tasks are the union of its members' tasks, and so on), never written out."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import policykg
from policykg.cli import cli
from policykg.corrections import CorrectionsError, read_corrections
from policykg.pipeline import build

ENGINES = ("sparql", "cypher")
GUIYANG_HEALTH, GUIYANG_FINANCE = "贵阳市卫生健康局", "贵阳市财政局"
SJZ_INSURANCE, SJZ_FINANCE = "石家庄市医疗保障局", "石家庄市财政局"
SJZ_FILE = "001_a8a70ae4f2ef23aa.txt"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("base") / "kg"
    build([corpus_dir], out, html=False)
    return out


def _corrected(tmp: Path, corpus_dir: Path, text: str, name: str = "kg") -> Path:
    fixes = tmp / "corrections.toml"
    fixes.write_text(text, encoding="utf-8")
    out = tmp / name
    build([corpus_dir], out, html=False, corrections=fixes)
    return out


def _top(out: Path, engine: str, query: str = "top-bureaus") -> dict[str, dict]:
    with policykg.open(out) as g:
        return {r["department"]: r for r in g.ask(query, engine=engine)}


def _resp(out: Path, engine: str, department: str) -> list[dict]:
    with policykg.open(out) as g:
        return list(g.ask("department-tasks", engine=engine, department=department))


def _tasks(rows: list[dict], role: str | None = None) -> set[tuple[str, str]]:
    return {(r["document"], r["number"]) for r in rows if role is None or r["role"] == role}


def _evidence(rows: list[dict]) -> list[tuple]:
    return sorted((r["role"], r["document"], r["number"], r["surface"], r["start"], r["end"]) for r in rows)


@pytest.mark.parametrize("engine", ENGINES)
def test_merge_counts_every_task_of_the_members_once(base, tmp_path, corpus_dir, engine) -> None:
    out = _corrected(
        tmp_path,
        corpus_dir,
        f'[[merge]]\nunits = ["{GUIYANG_HEALTH}", "{GUIYANG_FINANCE}"]\nlabel = "{GUIYANG_HEALTH}"\n',
    )
    health, finance = _resp(base, engine, GUIYANG_HEALTH), _resp(base, engine, GUIYANG_FINANCE)
    assert finance, "the samples name Guiyang's finance bureau"
    top = _top(out, engine)
    assert GUIYANG_FINANCE not in top
    assert top[GUIYANG_HEALTH]["tasks"] == len(_tasks(health) | _tasks(finance))
    assert top[GUIYANG_HEALTH]["lead"] == len(_tasks(health, "lead") | _tasks(finance, "lead"))
    merged = _resp(out, engine, GUIYANG_HEALTH)
    assert _evidence(merged) == _evidence(health + finance)
    assert {r["unit"] for r in merged} == {GUIYANG_HEALTH}
    # The merged department answers to the finance bureau's label too.
    assert _evidence(_resp(out, engine, GUIYANG_FINANCE)) == _evidence(merged)
    others = {k: v for k, v in _top(base, engine).items() if k not in (GUIYANG_HEALTH, GUIYANG_FINANCE)}
    assert all(top[k] == v for k, v in others.items() if k in top)


@pytest.mark.parametrize("engine", ENGINES)
def test_split_by_date_gives_the_documents_after_it_a_new_body(base, tmp_path, corpus_dir, engine) -> None:
    new = f"{SJZ_FINANCE}（新）"
    text = (
        f'[[split]]\nunit = "{SJZ_FINANCE}"\n'
        f'[[split.into]]\nlabel = "{SJZ_FINANCE}"\nbefore = 2020-01-01\n'
        f'[[split.into]]\nlabel = "{new}"\nafter = 2020-01-01\n'
    )
    out = _corrected(tmp_path, corpus_dir, text)
    before = _top(base, engine)[SJZ_FINANCE]
    top = _top(out, engine)
    assert SJZ_FINANCE not in top  # its one document is of 2020-09-07
    assert {k: v for k, v in top[new].items() if k != "department"} == {
        k: v for k, v in before.items() if k != "department"
    }
    assert _evidence(_resp(out, engine, new)) == _evidence(_resp(base, engine, SJZ_FINANCE))


@pytest.mark.parametrize("engine", ENGINES)
def test_succession_counts_apart_in_top_bureaus_and_as_one_in_top_bodies(
    base, tmp_path, corpus_dir, engine
) -> None:
    text = (
        f'[[succession]]\npredecessor = "贵阳市医疗保障局"\nsuccessor = "{GUIYANG_HEALTH}"\n'
        "date = 2019-01-01\n"
    )
    out = _corrected(tmp_path, corpus_dir, text)
    assert _top(out, engine) == _top(base, engine)
    assert _evidence(_resp(out, engine, GUIYANG_HEALTH)) == _evidence(_resp(base, engine, GUIYANG_HEALTH))
    health, insurance = _resp(base, engine, GUIYANG_HEALTH), _resp(base, engine, "贵阳市医疗保障局")
    bodies = _top(out, engine, "top-bodies")
    assert "贵阳市医疗保障局" not in bodies
    row = bodies[GUIYANG_HEALTH]
    assert row["tasks"] == len(_tasks(health) | _tasks(insurance))
    assert row["lead"] == len(_tasks(health, "lead") | _tasks(insurance, "lead"))
    assert row["predecessors"] == 1
    # Without a succession, top-bodies is top-bureaus.
    bodies = _top(base, engine, "top-bodies")
    plain = {k: {c: v for c, v in r.items() if c != "predecessors"} for k, r in bodies.items()}
    assert plain == _top(base, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_type_entry_changes_the_type_and_nothing_else(base, tmp_path, corpus_dir, engine) -> None:
    out = _corrected(tmp_path, corpus_dir, f'[[type]]\nunit = "{SJZ_FINANCE}"\ntype = "health"\n')
    before, after = _top(base, engine), _top(out, engine)
    assert before[SJZ_FINANCE]["type"] == "Finance"
    assert after[SJZ_FINANCE]["type"] == "Health authority"
    assert {k: v for k, v in after.items() if k != SJZ_FINANCE} == {
        k: v for k, v in before.items() if k != SJZ_FINANCE
    }
    assert _evidence(_resp(out, engine, SJZ_FINANCE)) == _evidence(_resp(base, engine, SJZ_FINANCE))


@pytest.mark.parametrize("engine", ENGINES)
def test_role_entries_change_add_and_remove(base, tmp_path, corpus_dir, engine) -> None:
    rows = _resp(base, engine, SJZ_INSURANCE)
    led = sorted(_tasks(rows, "lead"))
    (_, change), (_, drop) = led[0], led[1]
    finance = _tasks(_resp(base, engine, SJZ_FINANCE))
    add = next(n for d, n in sorted(_tasks(rows)) if (d, n) not in finance)
    text = (
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "{change}"\nunit = "市医保局"\nrole = "co"\n\n'
        f'[[role]]\ndocument = "石政办函〔2020〕32号"\ntask = "{drop}"\n'
        f'unit = "{SJZ_INSURANCE}"\nremove = true\n\n'
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "{add}"\nunit = "市财政局"\nrole = "participant"\n'
    )
    out = _corrected(tmp_path, corpus_dir, text)
    before, after = _top(base, engine), _top(out, engine)
    assert after[SJZ_INSURANCE]["tasks"] == before[SJZ_INSURANCE]["tasks"] - 1
    assert after[SJZ_INSURANCE]["lead"] == before[SJZ_INSURANCE]["lead"] - 2
    assert after[SJZ_FINANCE]["tasks"] == before[SJZ_FINANCE]["tasks"] + 1
    fixed = {r["number"]: r["role"] for r in _resp(out, engine, SJZ_INSURANCE)}
    assert fixed[change] == "co" and drop not in fixed
    added = [r for r in _resp(out, engine, SJZ_FINANCE) if r["number"] == add]
    assert [(r["role"], r["surface"]) for r in added] == [("participant", "市财政局")]


def test_corrected_facts_say_which_entry_and_keep_what_was_read(base, tmp_path, corpus_dir) -> None:
    rows = _resp(base, "cypher", SJZ_INSURANCE)
    task = sorted(_tasks(rows, "lead"))[0][1]
    text = (
        "# reviewed\n\n"
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "{task}"\nunit = "市医保局"\nremove = true\n'
    )
    out = _corrected(tmp_path, corpus_dir, text)
    with policykg.open(out) as g:
        withdrawn = g.cypher(
            "MATCH (t:Task)-[w:WITHDRAWN]->(u) RETURN t.number AS number, u.label AS unit, w.role AS role, "
            "w.surface AS surface, w.correction AS correction"
        )
        assert [(r["number"], r["unit"], r["role"], r["surface"]) for r in withdrawn] == [
            (task, SJZ_INSURANCE, "lead", "市医保局")
        ]
        entry = g.sparql(
            "PREFIX pol: <https://w3id.org/policykg/ontology#> "
            "SELECT ?kind ?file ?line WHERE { ?r a pol:WithdrawnResponsibility ; pol:correctedBy ?e . "
            "?e pol:correctionKind ?kind ; pol:correctionFile ?file ; pol:line ?line }"
        )
    assert [(r["kind"], r["file"], int(r["line"])) for r in entry] == [("role", "corrections.toml", 3)]
    assert withdrawn[0]["correction"] == read_corrections(tmp_path / "corrections.toml").entries[0].iri
    # The extraction itself stays as read.
    lines = [json.loads(x) for x in (out / "extraction.jsonl").read_text(encoding="utf-8").splitlines()]
    (doc,) = [d for d in lines if d["file"] == SJZ_FILE]
    (t,) = [t for t in doc["tasks"] if t["id"] == task]
    assert "市医保局" in t["lead"]


ALL_KINDS = f"""
[[merge]]
units = ["{GUIYANG_HEALTH}", "{GUIYANG_FINANCE}"]
[[type]]
unit = "{SJZ_FINANCE}"
type = "health"
[[succession]]
predecessor = "贵州省卫生健康委员会"
successor = "{GUIYANG_HEALTH}"
[[parent]]
unit = "市医保局"
jurisdiction = "石家庄市"
parent = "石家庄市卫生健康委员会"
[[role]]
document = "{SJZ_FILE}"
task = "二/(一)"
unit = "市医保局"
role = "co"
"""


def test_incremental_rebuilds_equal_a_full_build(tmp_path, corpus_dir) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    full = _corrected(tmp_path, corpus, ALL_KINDS, "full")
    graph = (full / "graph.nq").read_bytes()
    # The same output rebuilt in place, unchanged.
    build([corpus], full, html=False, corrections=tmp_path / "corrections.toml")
    assert (full / "graph.nq").read_bytes() == graph
    # Built first without corrections, then with them: the incremental rebuild.
    inc = tmp_path / "inc"
    build([corpus], inc, html=False)
    result = build([corpus], inc, html=False, corrections=tmp_path / "corrections.toml")
    assert result.extracted == 0 and result.store_update == "incremental"
    assert (inc / "graph.nq").read_bytes() == graph
    stores = sys.modules["policykg_tests_stores"]  # loaded by conftest.py
    assert stores.ladybug_rows(inc) == stores.ladybug_rows(full)
    for engine in ENGINES:
        assert _top(inc, engine) == _top(full, engine)
        assert _resp(inc, engine, GUIYANG_HEALTH) == _resp(full, engine, GUIYANG_HEALTH)
    # A document edited under the corrections: both ways still agree.
    doc = corpus / SJZ_FILE
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build([corpus], inc, html=False, corrections=tmp_path / "corrections.toml")
    fresh = _corrected(tmp_path, corpus, ALL_KINDS, "fresh")
    assert (inc / "graph.nq").read_bytes() == (fresh / "graph.nq").read_bytes()
    # Corrections dropped: back to the uncorrected graph.
    build([corpus], inc, html=False)
    plain = tmp_path / "plain"
    build([corpus], plain, html=False)
    assert (inc / "graph.nq").read_bytes() == (plain / "graph.nq").read_bytes()
    with policykg.open(inc) as g:
        assert g.cypher("MATCH (c:Correction) RETURN count(c) AS n")[0]["n"] == 0


def test_a_retyping_edit_updates_the_stores_in_place_like_a_full_build(
    tmp_path, corpus_dir, monkeypatch
) -> None:
    """A type entry rewrites every document naming the department, but not their own rows:
    the database keeps those documents' nodes, and both stores still equal a fresh build."""
    from policykg.graph import cypher_update

    stores = sys.modules["policykg_tests_stores"]  # loaded by conftest.py

    from policykg.graph import rdf

    updates, stats = [], []
    update, counted = cypher_update.update_ladybug, rdf.stats_quads
    monkeypatch.setattr(cypher_update, "update_ladybug", lambda *a: updates.append(a[1]) or update(*a))
    monkeypatch.setattr(rdf, "stats_quads", lambda *a: stats.append(1) or counted(*a))
    inc = _corrected(tmp_path, corpus_dir, f'[[type]]\nunit = "{SJZ_FINANCE}"\ntype = "health"\n', "inc")
    _corrected(tmp_path, corpus_dir, f'[[type]]\nunit = "{SJZ_FINANCE}"\ntype = "other"\n', "inc")
    (done,) = updates
    assert done.reshared and not done.new_rows and not done.gone_shares
    assert len(stats) == 1  # no count moved: the statistics of the first build are reused
    fresh = tmp_path / "fresh"
    build([corpus_dir], fresh, html=False, corrections=tmp_path / "corrections.toml")
    assert (inc / "graph.nq").read_bytes() == (fresh / "graph.nq").read_bytes()
    assert stores.store_quads(inc) == stores.store_quads(fresh)
    assert stores.ladybug_rows(inc) == stores.ladybug_rows(fresh)
    assert _top(inc, "cypher")[SJZ_FINANCE]["type"] == "Other"


def test_a_corrections_file_in_the_corpus_folder_is_used_and_not_read_as_a_document(
    tmp_path, corpus_dir
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    (corpus / "corrections.toml").write_text(f'[[type]]\nunit = "{SJZ_FINANCE}"\ntype = "health"\n', "utf-8")
    res = CliRunner().invoke(cli, ["build", str(corpus), "-o", str(tmp_path / "kg"), "--no-html"])
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "kg" / "report.json").read_text(encoding="utf-8"))
    assert report["summary"]["files"] == 5
    assert report["corrections"]["file"].endswith("corrections.toml")
    assert _top(tmp_path / "kg", "cypher")[SJZ_FINANCE]["type"] == "Health authority"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ('[[merge]]\nunits = ["a", "b"\n', 2, "not valid TOML"),
        ('[[merge]]\nunits = ["a", "b"]\n\n[[retire]]\nunit = "x"\n', 4, "unknown entry kind 'retire'"),
        ('# x\n[[type]]\nunit = "x"\n', 2, "type: missing field 'type'"),
        ('[[role]]\ndocument = "d"\ntask = "1"\nunit = "u"\nrole = "boss"\n', 1, "role.role must be one of"),
        ('[[role]]\ndocument = "d"\ntask = "1"\nunit = "u"\n', 1, "either role"),
        ('[[merge]]\nunits = ["a", "b"]\n[[merge]]\nunits = ["a"]\n', 3, "two units or more"),
        ('[[succession]]\npredecessor = "a"\nsuccessor = "b"\ndate = "spring"\n', 1, "must be a date"),
        ('[[split]]\nunit = "a"\n[[split.into]]\nlabel = "b"\ncolour = "red"\n', 1, "unknown field 'colour'"),
    ],
)
def test_malformed_files_name_file_line_and_reason(tmp_path, text, line, reason) -> None:
    path = tmp_path / "corrections.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as exc:
        read_corrections(path)
    assert str(exc.value).startswith(f"{path}:{line}: ")
    assert reason in str(exc.value)


def test_a_malformed_file_stops_the_build_and_leaves_the_previous_output(tmp_path, corpus_dir) -> None:
    out = tmp_path / "kg"
    build([corpus_dir], out, html=False)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "corrections.toml"
    bad.write_text("[[merge]]\nunits = [\n", encoding="utf-8")
    res = CliRunner().invoke(
        cli, ["build", str(corpus_dir), "-o", str(out), "--no-html", "--corrections", str(bad)]
    )
    assert res.exit_code == 2
    assert f"{bad}:" in res.output and "not valid TOML" in res.output
    assert len(res.output.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_entries_matching_nothing_are_warnings_with_their_line(tmp_path, corpus_dir) -> None:
    text = (
        f'[[type]]\nunit = "{SJZ_FINANCE}"\ntype = "health"\n\n'
        '[[merge]]\nunits = ["不存在的局", "贵阳市财政局"]\n\n'
        f'[[role]]\ndocument = "missing.txt"\ntask = "一/(一)"\nunit = "市医保局"\nrole = "co"\n\n'
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "九/(九)"\nunit = "市医保局"\nrole = "co"\n\n'
        '[[type]]\nunit = "市财政局"\ntype = "health"\n\n'
        f'[[type]]\nunit = "{SJZ_FINANCE}"\ntype = "astrology"\n'
    )
    fixes = tmp_path / "corrections.toml"
    fixes.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(
        cli, ["build", str(corpus_dir), "-o", str(tmp_path / "kg"), "--no-html", "--corrections", str(fixes)]
    )
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "kg" / "report.json").read_text(encoding="utf-8"))
    warnings = report["corrections"]["warnings"]
    expected = {
        5: "no unit '不存在的局'",
        8: "no document 'missing.txt'",
        14: "has no task '九/(九)'",
        20: "'市财政局' names 2 units (jurisdictions 石家庄市, 贵阳市)",
        24: "unknown department type 'astrology'",
    }
    assert len(warnings) == len(expected)
    assert warnings == sorted(warnings, key=lambda w: int(w.split(":")[1]))
    for line, reason in expected.items():
        (w,) = [w for w in warnings if w.startswith(f"{fixes}:{line}: warning: ")]
        assert reason in w
        assert w in res.output
    # The entry that matched still applies.
    assert _top(tmp_path / "kg", "sparql")[SJZ_FINANCE]["type"] == "Health authority"
