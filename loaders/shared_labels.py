"""A label line closing a list names the units of every item in it.

Under a heading that groups tasks (省编办牵头的工作), a document may list the items and close
the list with one label line: 1.… 2.… 协同单位:A、B. The line follows the last item and reads
as its own, but it speaks for the list: none of the items before it has a note of its own,
and the line names no lead (the lead is the group's, or each item's convention). Where each
item has its own label line (1.… 协同单位:A 2.… 协同单位:B), nothing is shared.
"""

from __future__ import annotations

import re
from dataclasses import replace

from policykg.loaders.roles import Clause
from policykg.loaders.structure import Item
from policykg.ontology import phrase_alternation

__all__ = ["SHARED_RULE", "share_closing_labels"]

SHARED_RULE = "a label line closing a list names the units of every item in it"
_LABEL_LINE = re.compile(rf"^\s*(?:{phrase_alternation('layout.csv', 'unit_label').pattern})")

Found = dict[int, tuple[int, int, Clause]]


def _closes_with_label_line(item: Item, spans: dict[int, tuple[int, int]], idx: int, found: Found) -> bool:
    """Whether the item's note is a label line of its own after its text, naming no lead."""
    cs, _, clause = found[idx]
    at = spans[idx][0] + cs
    on_line = any(off == at and _LABEL_LINE.match(line) for off, line in item.lines)
    return on_line and bool(clause.units) and not any(u.role == "lead" for u in clause.units)


def share_closing_labels(items: list[Item], spans: dict[int, tuple[int, int]], found: Found) -> None:
    """Give the items of a list closed by one shared label line that line's units (in place)."""
    index = {id(it): k for k, it in enumerate(items)}
    for idx in list(found):
        item = items[idx]
        parent = item.parent
        if parent is None or item.children or not _closes_with_label_line(item, spans, idx, found):
            continue
        siblings = [s for s in parent.children if s.rank == item.rank]
        if siblings[-1] is not item or len(siblings) < 2:
            continue
        before = [index[id(s)] for s in siblings[:-1]]
        if any(k in found or items[k].children or k not in spans for k in before):
            continue
        cs, ce, clause = found[idx]
        for k in before:
            shift = spans[idx][0] - spans[k][0]
            units = [
                replace(u, start=u.start + shift, end=u.end + shift, rule=SHARED_RULE) for u in clause.units
            ]
            found[k] = (cs + shift, ce + shift, replace(clause, units=units, rules=[], standing=[]))
