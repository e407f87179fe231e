"""role-profile reads per-department role counts that the build sums into the statistics
graph; here they are checked against the responsibilities themselves, counted edge by edge
(the RESPONSIBLE edges the evidence literals and corrected nodes project to), with and
without a place filter, before and after a corrections file changes roles."""

from __future__ import annotations

from pathlib import Path

import pytest

import policykg
from policykg.pipeline import build

# The profile counted from every responsibility edge: independent of the statistics graph.
FROM_EDGES = """
WITH coalesce($city, '') AS city
MATCH (t:Task)-[r:RESPONSIBLE]->(d:Department)
WHERE (city = '' OR EXISTS { MATCH (d)-[:IN_JURISDICTION]->(:Jurisdiction)-[:WITHIN*0..30]->(s:Jurisdiction)
                           WHERE s.name = city OR s.label = city })
OPTIONAL MATCH (d)-[:HAS_TYPE]->(ty:DepartmentType)
WITH coalesce(ty.label, '') AS type, count(DISTINCT d) AS departments,
     count(DISTINCT r.iri) AS responsibilities,
     count(DISTINCT CASE WHEN r.role = 'lead' THEN r.iri END) AS lead,
     count(DISTINCT CASE WHEN r.role = 'co' THEN r.iri END) AS co,
     count(DISTINCT CASE WHEN r.role = 'participant' THEN r.iri END) AS participant,
     count(DISTINCT CASE WHEN r.role = 'implied' THEN r.iri END) AS implied
RETURN type, departments, responsibilities, lead, co, participant, implied
ORDER BY responsibilities DESC, type
"""
COLUMNS = ("type", "departments", "responsibilities", "lead", "co", "participant", "implied")
SJZ_FILE = "001_a8a70ae4f2ef23aa.txt"


def _profiles(out: Path, city: str | None) -> tuple[list[tuple], dict[str, list[tuple]]]:
    with policykg.open(out) as g:
        expected = [tuple(r[c] for c in COLUMNS) for r in g.cypher(FROM_EDGES, city=city)]
        asked = {
            engine: [tuple(r[c] for c in COLUMNS) for r in g.ask("role-profile", engine=engine, city=city)]
            for engine in ("sparql", "cypher")
        }
    return expected, asked


@pytest.mark.parametrize("city", [None, "贵阳市", "厦门市海沧区"])
def test_role_profile_equals_the_responsibilities_counted_one_by_one(sample_build, city) -> None:
    expected, asked = _profiles(sample_build, city)
    assert expected and sum(row[2] for row in expected) > 10
    assert asked == {"sparql": expected, "cypher": expected}


def test_role_fixes_move_the_profile_as_they_move_the_responsibilities(tmp_path, corpus_dir) -> None:
    base, out = tmp_path / "base", tmp_path / "kg"
    build([corpus_dir], base, html=False)
    with policykg.open(base) as g:
        rows = list(g.ask("department-tasks", department="石家庄市医疗保障局"))
        finance = {r["number"] for r in g.ask("department-tasks", department="石家庄市财政局")}
    led = sorted(r["number"] for r in rows if r["role"] == "lead")
    add = next(n for n in sorted(r["number"] for r in rows) if n not in finance)
    fixes = tmp_path / "corrections.toml"
    fixes.write_text(
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "{led[0]}"\nunit = "市医保局"\nrole = "co"\n\n'
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "{add}"\nunit = "市财政局"\nrole = "participant"\n',
        encoding="utf-8",
    )
    build([corpus_dir], out, html=False, corrections=fixes)
    before, _ = _profiles(base, None)
    expected, asked = _profiles(out, None)
    assert expected != before  # the fixes moved some count
    assert asked == {"sparql": expected, "cypher": expected}
