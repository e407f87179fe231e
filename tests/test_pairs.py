"""co-responsibility reads department pairs the build counts per document and sums; here
they are checked against the role edges themselves, counted pair by pair, before and after
a corrections file merges two departments and moves a role."""

from __future__ import annotations

from pathlib import Path

from policykg.graph.pairs import pair_counts, top_pairs

import policykg
from policykg.pipeline import build

POL = "https://w3id.org/policykg/ontology#"
ORG = "https://w3id.org/policykg/id/org/"
DOC = "https://example.org/doc"
SJZ_FILE = "001_a8a70ae4f2ef23aa.txt"

# Every pair of departments named on one task, in any roles: independent of the statistics.
LIVE = """PREFIX pol: <https://w3id.org/policykg/ontology#>
SELECT ?a ?b (COUNT(DISTINCT ?t) AS ?n) WHERE {
  ?t pol:leadUnit|pol:coUnit|pol:participantUnit|pol:impliedUnit ?a , ?b .
  FILTER(STR(?a) < STR(?b))
  ?a a pol:Department . ?b a pol:Department .
} GROUP BY ?a ?b"""


def _line(s: str, p: str, o: str) -> str:
    return f"<{s}> <{p}> <{o}> <{DOC}> .\n"


def test_a_part_counts_each_task_once_per_pair_of_its_departments() -> None:
    t1, t2 = f"{DOC}/task/1", f"{DOC}/task/2"
    a, b, c, every = (ORG + k for k in ("1-a", "1-b", "1-c", "1-all"))
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    lines = [_line(u, rdf_type, POL + "Department") for u in (a, b, c)]
    lines.append(_line(every, rdf_type, POL + "CollectiveUnit"))
    lines += [
        _line(t1, POL + "leadUnit", b),
        _line(t1, POL + "coUnit", a),
        _line(t1, POL + "participantUnit", a),  # named twice in one task: one task
        _line(t1, POL + "impliedUnit", every),  # not a department
        _line(t2, POL + "leadUnit", a),
        _line(t2, POL + "coUnit", b),
        _line(t2, POL + "coUnit", c),
        f"<{t2}> <{POL}leadUnit> <{c}> <https://example.org/other> .\n",  # another graph
    ]
    counts = pair_counts(lines, DOC)
    assert counts == {"1-a 1-b": 2, "1-a 1-c": 1, "1-b 1-c": 1}
    assert top_pairs(counts, 2) == [("1-a", "1-b", 2), ("1-a", "1-c", 1)]  # ties by IRI


def _pairs_both_ways(out: Path) -> tuple[dict, dict[str, dict]]:
    """The first 100 pairs counted from the role edges, and co-responsibility in each engine."""
    with policykg.open(out) as g:
        live = [(r["a"], r["b"], int(r["n"])) for r in g.sparql(LIVE)]
        labels = {r["u"]: r["l"] for r in g.cypher("MATCH (d:Department) RETURN d.iri AS u, d.label AS l")}
        first = sorted(live, key=lambda r: (-r[2], r[0], r[1]))[:100]
        expected = {(labels[a], labels[b]): n for a, b, n in first}
        asked = {
            engine: {
                (r["departmentA"], r["departmentB"]): r["tasks"]
                for r in g.ask("co-responsibility", engine=engine)
            }
            for engine in ("sparql", "cypher")
        }
    return expected, asked


def test_co_responsibility_follows_a_merge_and_a_role_fix(tmp_path: Path, corpus_dir: Path) -> None:
    base, out = tmp_path / "base", tmp_path / "kg"
    build([corpus_dir], base, html=False)
    expected, asked = _pairs_both_ways(base)
    assert len(expected) == 100
    assert asked == {"sparql": expected, "cypher": expected}
    with policykg.open(base) as g:
        health = {r["number"] for r in g.ask("department-tasks", department="石家庄市卫生健康委员会")}
        finance = {r["number"] for r in g.ask("department-tasks", department="石家庄市财政局")}
    add = sorted(health - finance)[0]
    fixes = tmp_path / "corrections.toml"
    fixes.write_text(
        '[[merge]]\nunits = ["石家庄市财政局", "石家庄市医疗保障局"]\nlabel = "石家庄市财政局"\n\n'
        f'[[role]]\ndocument = "{SJZ_FILE}"\ntask = "{add}"\nunit = "市财政局"\nrole = "participant"\n',
        encoding="utf-8",
    )
    build([corpus_dir], out, html=False, corrections=fixes)
    moved, asked = _pairs_both_ways(out)
    assert moved != expected  # the corrections moved some pair
    assert asked == {"sparql": moved, "cypher": moved}
