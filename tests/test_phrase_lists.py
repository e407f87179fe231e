"""The genre's phrase lists in ontology/: every row's pattern matches its own example."""

from __future__ import annotations

import re

import pytest
from policykg.ontology import read_csv

LISTS = ("layout.csv", "role_rules.csv", "deadlines.csv", "metadata.csv", "collective_units.csv")


@pytest.mark.parametrize(
    ("name", "row"), [(name, row) for name in LISTS for row in read_csv(name)], ids=lambda x: str(x)[:40]
)
def test_every_phrase_matches_its_example(name: str, row: dict[str, str]) -> None:
    assert row["example"] and row["why"], (name, row)
    pattern = re.compile(row["pattern"], re.I)
    match = pattern.search(row["example"])
    assert match, (name, row["pattern"], row["example"])
    if row["kind"] == "standing":
        assert match.group("units"), row
