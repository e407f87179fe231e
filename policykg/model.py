"""Typed values passed between the pipeline stages.

Each stage of the data flow (file → Document → CleanText → Extraction → RDF) returns one
of these plain values, so a notebook user can stop after any stage and look.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Citation",
    "CleanText",
    "Document",
    "DocumentMeta",
    "Extraction",
    "Jurisdiction",
    "Target",
    "Task",
    "UnitMention",
]

ROLES = ("lead", "co", "participant", "implied")


@dataclass(frozen=True)
class Document:
    """A file as read: decoded text before any cleaning, and where it came from."""

    source: str
    format: str
    raw_text: str
    encoding: str
    sha256: str
    size: int
    pages: tuple[int, ...] = ()  # start offset of each page in raw_text, when the format has pages


@dataclass(frozen=True)
class CleanText:
    """Cleaned, Simplified, punctuation-normalised text with a map back to the original.

    ``offsets[i]`` is the index in the original text of ``text[i]``; one extra entry maps the
    end of the text, so a half-open span ``[start, end)`` always maps back.
    """

    text: str
    offsets: array

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the cleaned text to a span of the original text."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if end == start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Jurisdiction:
    """An administrative area: its code in the gazetteer, name, level and province."""

    name: str
    level: str
    province: str
    code: str = ""
    parent: str = ""


@dataclass(frozen=True)
class Citation:
    """A cited document title (《…》) and how the citing text relates to it."""

    title: str
    relation: str  # "basedOn" | "implements" | "cites"
    start: int
    end: int


@dataclass
class Target:
    """A quantified target stated in a task."""

    indicator: str
    comparator: str
    value: float
    unit: str
    year: int | None
    text: str
    start: int
    end: int
    key: str = ""  # normalised indicator, aligned across jurisdictions

    def to_json(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "indicator": self.indicator,
            "comparator": self.comparator,
            "value": value,
            "unit": self.unit,
            "year": self.year,
            "text": self.text,
            "key": self.key,
        }


@dataclass
class UnitMention:
    """One unit named in a responsibility clause, with the role the document gives it."""

    name: str
    role: str  # lead | co | participant | implied
    start: int  # span in the cleaned text
    end: int
    rule: str = ""  # which role rule decided the role


@dataclass
class Task:
    """A numbered work item that carries (or would carry) responsibility."""

    id: str
    section: str
    title: str
    text: str
    start: int
    end: int
    units: list[UnitMention] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    deadline: str = ""  # as written
    clause: tuple[int, int] | None = None  # span of the responsibility clause in the cleaned text
    deadline_date: str | None = None  # ISO: the last day the deadline allows
    deadline_kind: str = ""  # date, ongoing, recurring, relative
    deadline_span: tuple[int, int] | None = None  # where the deadline is written, cleaned text

    def names(self, role: str) -> list[str]:
        return [u.name for u in self.units if u.role == role]


@dataclass
class DocumentMeta:
    title: str | None = None
    issuer: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None
    date: str | None = None
    doc_number: str | None = None
    cites: list[Citation] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one document, before it becomes RDF."""

    document: Document
    clean: CleanText
    meta: DocumentMeta
    rules: list[str]
    tasks: list[Task]

    @property
    def file(self) -> str:
        return self.document.source

    def to_json(self) -> dict[str, Any]:
        """The gold-schema JSON object (plus a few extra fields) for ``policykg extract``."""
        from pathlib import Path

        jur = self.meta.jurisdiction
        tasks = []
        for t in self.tasks:
            s, e = self.clean.to_source(t.start, t.end)
            tasks.append(
                {
                    "id": t.id,
                    "section": t.section,
                    "title": t.title,
                    "lead": t.names("lead"),
                    "co": t.names("co"),
                    "participants": t.names("participant"),
                    "implied": t.names("implied"),
                    "targets": [x.to_json() for x in t.targets],
                    "deadline": t.deadline or None,
                    "deadline_date": t.deadline_date,
                    "deadline_kind": t.deadline_kind or None,
                    "span": [s, e],
                }
            )
        return {
            "file": Path(self.document.source).name,
            "path": self.document.source,
            "sha256": self.document.sha256,
            "encoding": self.document.encoding,
            "document": {
                "title": self.meta.title,
                "issuer": self.meta.issuer,
                "jurisdiction": (
                    {"name": jur.name, "level": jur.level, "province": jur.province} if jur else None
                ),
                "date": self.meta.date,
                "doc_number": self.meta.doc_number,
                "cites": [c.title for c in self.meta.cites],
            },
            "rules": self.rules,
            "tasks": tasks,
        }
