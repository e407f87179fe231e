r"""Corrections-file entries as TOML text, ready to paste into ``corrections.toml``.

The review queue proposes each fix as an entry of the corrections file (docs/corrections.md),
written out rather than described, so that accepting a proposal is a copy and paste. An entry
that still needs the user's knowledge (which unit leads a task, what a unit sits in) is written
as a commented template: pasted as it is, it changes nothing; uncommented and filled in, it is
an entry.

>>> print(merge_entry(["石家庄市卫生健康委员会", "石家庄市卫生健康委"], "石家庄市卫生健康委员会", "石家庄市"))
[[merge]]
units = ["石家庄市卫生健康委员会", "石家庄市卫生健康委"]
label = "石家庄市卫生健康委员会"
jurisdiction = "石家庄市"
>>> print(toml_string('市"局"\\分'))
"市\"局\"\\分"
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "commented",
    "merge_entry",
    "parent_template",
    "role_entry",
    "role_template",
    "toml_string",
    "type_entry",
]

# TOML basic strings escape these by name; other control characters as \\uXXXX.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string: quoted, with ``"``, ``\\`` and control characters escaped."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _lines(kind: str, fields: Sequence[tuple[str, str | None]]) -> list[str]:
    """``[[kind]]`` and one ``key = "value"`` line per field that has a value."""
    return [f"[[{kind}]]", *(f"{key} = {toml_string(value)}" for key, value in fields if value is not None)]


def commented(text: str) -> str:
    """Every line of ``text`` commented out, so that pasting it changes nothing."""
    return "\n".join(f"# {line}" if line else "#" for line in text.splitlines())


def merge_entry(units: Sequence[str], label: str, jurisdiction: str | None = None) -> str:
    """A ``[[merge]]`` entry: ``units`` are one department, to be called ``label``."""
    head, *rest = _lines("merge", [("label", label), ("jurisdiction", jurisdiction)])
    listed = ", ".join(toml_string(u) for u in units)
    return "\n".join([head, f"units = [{listed}]", *rest])


def type_entry(unit: str, type_key: str, jurisdiction: str | None = None) -> str:
    """A ``[[type]]`` entry stating ``unit``'s current function type, for the user to confirm or change."""
    lines = _lines("type", [("unit", unit), ("jurisdiction", jurisdiction)])
    note = "its type now: keep it, or a key of department_types.ttl"
    lines.append(f"type = {toml_string(type_key)}   # {note}")
    return "\n".join(lines)


def parent_template(unit: str, jurisdiction: str | None = None) -> str:
    """A commented ``[[parent]]`` entry for ``unit``: the user names the body it sits in."""
    lines = _lines("parent", [("unit", unit), ("jurisdiction", jurisdiction)])
    lines.append('parent = ""   # the department it sits in, by its full label')
    return commented("\n".join(lines))


def role_entry(document: str, task: str, unit: str, role: str) -> str:
    """A ``[[role]]`` entry giving ``unit`` the ``role`` on task ``task`` of ``document`` (a file name)."""
    return "\n".join(_lines("role", [("document", document), ("task", task), ("unit", unit), ("role", role)]))


def role_template(document: str, task: str) -> str:
    """A commented ``[[role]]`` entry for a task whose units the extraction did not find."""
    lines = _lines("role", [("document", document), ("task", task)])
    lines.append('unit = ""   # the unit that leads this task, as the document writes it')
    lines.append('role = "lead"')
    return commented("\n".join(lines))
