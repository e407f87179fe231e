"""The corrections file: reviewed merges, splits, successions, types, parents and role fixes.

A person who knows the departments writes them once in a TOML file beside the corpus
(docs/corrections.md gives the format) and every build applies them, so the graph is a
function of corpus and corrections. This module only reads and checks the file: each entry
becomes an :class:`Entry` that knows its kind, fields and line, and anything malformed is a
:class:`CorrectionsError` naming the file, the line and the reason, raised before a build
touches its output. What the entries do to a graph is :mod:`policykg.graph.correct`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykg.errors import PolicyKGError
from policykg.ontology import ID

__all__ = ["DEFAULT_FILE", "ROLE_CODES", "Corrections", "CorrectionsError", "Entry", "read_corrections"]

DEFAULT_FILE = "corrections.toml"  # found in a corpus folder when no file is named
ROLE_CODES = ("lead", "co", "participant", "implied")

# Each kind's fields: name → (type, required). Types: "text", "texts" (a list of text),
# "date", "flag", "role", "into" (split's list of tables). A kind's entry must carry its
# required fields and nothing outside this table.
_FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "merge": {"units": ("texts", True), "label": ("text", False), "jurisdiction": ("text", False),
              "type": ("text", False)},
    "split": {"unit": ("text", True), "jurisdiction": ("text", False), "into": ("into", True)},
    "succession": {"predecessor": ("text", True), "successor": ("text", True), "date": ("date", False),
                   "jurisdiction": ("text", False)},
    "type": {"unit": ("text", True), "type": ("text", True), "jurisdiction": ("text", False)},
    "parent": {"unit": ("text", True), "parent": ("text", True), "jurisdiction": ("text", False)},
    "role": {"document": ("text", True), "task": ("text", True), "unit": ("text", True),
             "role": ("role", False), "remove": ("flag", False)},
}  # fmt: skip
_INTO_FIELDS = {"label": ("text", True), "before": ("date", False), "after": ("date", False),
                "within": ("text", False), "type": ("text", False)}  # fmt: skip
_AT_LINE = re.compile(r"\(at line (\d+), column \d+\)")


class CorrectionsError(PolicyKGError):
    """A corrections file that cannot be applied: bad syntax or a malformed entry."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class Entry:
    """One correction as written: its kind, its fields (dates as ISO strings) and where it is."""

    kind: str
    fields: tuple[tuple[str, Any], ...]
    file: str
    line: int
    number: int  # 1-based position among the entries of its kind

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.fields).get(name, default)

    @property
    def key(self) -> str:
        """The entry's content as canonical JSON: what it says, not where it stands."""
        return json.dumps([self.kind, dict(self.fields)], ensure_ascii=False, sort_keys=True)

    @property
    def iri(self) -> str:
        """Derived from the content, so moving an entry in the file keeps its IRI."""
        return f"{ID}correction/{hashlib.sha1(self.key.encode('utf-8')).hexdigest()[:12]}"

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def summary(self) -> str:
        """One line a person recognises the entry by, in messages and in the graph."""
        f = dict(self.fields)
        if self.kind == "merge":
            return f"merge {' + '.join(f['units'])}" + (f" as {f['label']}" if "label" in f else "")
        if self.kind == "split":
            return f"split {f['unit']} into {' / '.join(i['label'] for i in f['into'])}"
        if self.kind == "succession":
            return f"succession {f['predecessor']} → {f['successor']}" + (
                f" ({f['date']})" if "date" in f else ""
            )
        if self.kind == "type":
            return f"type of {f['unit']}: {f['type']}"
        if self.kind == "parent":
            return f"{f['unit']} within {f['parent']}"
        action = "remove" if f.get("remove") else f"role {f.get('role')}"
        return f"{f['document']} task {f['task']}: {f['unit']} {action}"


@dataclass(frozen=True)
class Corrections:
    """The entries of one file, in file order."""

    path: str
    entries: tuple[Entry, ...]

    def of(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(e.key for e in self.entries).encode("utf-8")).hexdigest()[:16]


def read_corrections(path: str | Path) -> Corrections:
    """Read and check a corrections file (raises CorrectionsError with file and line)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorrectionsError(name, None, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(name, None, f"cannot be read ({type(exc).__name__})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _AT_LINE.search(str(exc))
        line = int(m.group(1)) if m else len(text.splitlines()) if "end of document" in str(exc) else None
        reason = _AT_LINE.sub("", str(exc)).replace("(at end of document)", "at the end of the file").strip()
        raise CorrectionsError(name, line, f"not valid TOML: {reason}") from None
    lines = _entry_lines(text)
    entries: list[Entry] = []
    for kind, value in data.items():
        first = lines.get(kind, [None])[0]
        if kind not in _FIELDS:
            known = ", ".join(sorted(_FIELDS))
            raise CorrectionsError(
                name, first or _key_line(text, kind), f"unknown entry kind {kind!r} (known: {known})"
            )
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise CorrectionsError(
                name, first or _key_line(text, kind), f"{kind} must be written as [[{kind}]] tables"
            )
        at = lines.get(kind, [])
        for n, table in enumerate(value):
            line = at[n] if n < len(at) else _key_line(text, kind)
            entries.append(Entry(kind, _check(name, line, kind, table), name, line or 0, n + 1))
    entries.sort(key=lambda e: (e.line, e.kind, e.number))
    return Corrections(name, tuple(entries))


def _entry_lines(text: str) -> dict[str, list[int]]:
    """Line of each ``[[kind]]`` header, per kind, in order (tomllib keeps no positions)."""
    out: dict[str, list[int]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*\[\[\s*([A-Za-z_-]+)\s*\]\]", line)
        if m:
            out.setdefault(m.group(1), []).append(n)
    return out


def _key_line(text: str, key: str) -> int | None:
    for n, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return n
    return None


def _check(path: str, line: int | None, kind: str, table: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The entry's fields, converted and checked against its kind's table."""
    spec = _FIELDS[kind]
    fields = _convert(path, line, kind, table, spec)
    if kind == "role" and ("role" in fields) == bool(fields.get("remove")):
        raise CorrectionsError(path, line, 'a role entry needs either role = "…" or remove = true')
    if kind == "merge" and len(fields["units"]) < 2 and "label" not in fields:
        raise CorrectionsError(path, line, "a merge needs two units or more (or one unit and a label)")
    return tuple(sorted(fields.items()))


def _convert(
    path: str, line: int | None, kind: str, table: dict[str, Any], spec: dict[str, tuple[str, bool]]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in table:
        if field not in spec:
            raise CorrectionsError(
                path, line, f"{kind}: unknown field {field!r} (expected: {', '.join(spec)})"
            )
    for field, (kind_of, required) in spec.items():
        if field not in table:
            if required:
                raise CorrectionsError(path, line, f"{kind}: missing field {field!r}")
            continue
        out[field] = _value(path, line, f"{kind}.{field}", kind_of, table[field])
    return out


def _value(path: str, line: int | None, what: str, kind_of: str, value: Any) -> Any:
    bad = CorrectionsError
    if kind_of == "text":
        if not isinstance(value, str) or not value.strip():
            raise bad(path, line, f"{what} must be a non-empty string")
        return value.strip()
    if kind_of == "texts":
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise bad(path, line, f"{what} must be a list of non-empty strings")
        return [v.strip() for v in value]
    if kind_of == "flag":
        if not isinstance(value, bool):
            raise bad(path, line, f"{what} must be true or false")
        return value
    if kind_of == "role":
        if value not in ROLE_CODES:
            raise bad(path, line, f"{what} must be one of {', '.join(ROLE_CODES)}, not {value!r}")
        return value
    if kind_of == "date":
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise bad(path, line, f"{what} must be a date such as 2018-10-25, not {value!r}") from None
    # into: split's targets, a non-empty list of tables
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        raise bad(path, line, f"{what} must be one or more [[split.into]] tables")
    return [_convert(path, line, "split.into", v, _INTO_FIELDS) for v in value]
