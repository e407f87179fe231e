"""A small, fast N-Quads writer: documents become sorted lines without an rdflib Graph.

Building a corpus streams one document at a time; each yields its quads as text lines
in its own named graph, so memory stays bounded and output is byte-for-byte stable.
"""

from __future__ import annotations

__all__ = ["Quads", "iri", "literal"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_IRI_BAD = {ord(c): f"%{ord(c):02X}" for c in '<>"{}|^`\\ '}


def iri(value: str) -> str:
    return "<" + value.translate(_IRI_BAD) + ">"


def literal(value: object, *, lang: str | None = None, datatype: str | None = None) -> str:
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    if isinstance(value, float):
        return f'"{value!r}"^^<{XSD}double>'
    text = str(value).translate(_ESCAPES)
    # Control characters are not allowed raw in N-Quads strings.
    if any(ord(c) < 0x20 for c in text):
        text = "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 else c for c in text)
    if lang:
        return f'"{text}"@{lang}'
    if datatype:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'


class Quads:
    """Collects the quads of one named graph as N-Quads lines."""

    def __init__(self, graph: str) -> None:
        self.graph = iri(graph)
        self._lines: set[str] = set()

    def add(self, s: str, p: str, o: str) -> None:
        """Add a quad; ``s`` and ``p`` are IRIs, ``o`` an already formatted term."""
        self._lines.add(f"{iri(s)} {iri(p)} {o} {self.graph} .\n")

    def link(self, s: str, p: str, o: str) -> None:
        self.add(s, p, iri(o))

    def lines(self) -> list[str]:
        return sorted(self._lines)
