"""A small, fast N-Quads writer: documents become sorted lines without an rdflib Graph.

Building a corpus streams one document at a time; each yields its quads as text lines
in its own named graph, so memory stays bounded and output is byte-for-byte stable.
"""

from __future__ import annotations

import re

__all__ = ["Quads", "iri", "literal", "unescape"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
_IRI_BAD = {ord(c): f"%{ord(c):02X}" for c in '<>"{}|^`\\ '}
_IRI_BAD_RE = re.compile(r'[<>"{}|^`\\ \x00-\x20]')
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f]')
_CONTROL = re.compile(r"[\x00-\x1f]")
_IRI_CACHE: dict[str, str] = {}
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def iri(value: str) -> str:
    """An IRI term; IRIs repeat constantly in a document's quads, so they are memoised."""
    term = _IRI_CACHE.get(value)
    if term is None:
        safe = value.translate(_IRI_BAD) if _IRI_BAD_RE.search(value) else value
        term = "<" + safe + ">"
        if len(_IRI_CACHE) > 200_000:
            _IRI_CACHE.clear()
        _IRI_CACHE[value] = term
    return term


def literal(value: object, *, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term: text (with a language tag or datatype), or a typed number or boolean."""
    if type(value) is not str:  # most literals are text: that case costs one test
        if isinstance(value, bool):
            return f'"{"true" if value else "false"}"^^<{XSD}boolean>'
        if isinstance(value, int):
            return f'"{value}"^^<{XSD}integer>'
        if isinstance(value, float):
            return f'"{value!r}"^^<{XSD}double>'
        value = str(value)
    if _NEEDS_ESCAPE.search(value):
        value = _escape(value)
    if lang:
        return f'"{value}"@{lang}'
    if datatype:
        return f'"{value}"^^<{datatype}>'
    return f'"{value}"'


def _escape(text: str) -> str:
    text = text.translate(_ESCAPES)
    # Other control characters are not allowed raw in N-Quads strings.
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)
    return text


def unescape(text: str) -> str:
    """The text of an N-Quads string or IRI body: the escapes of :func:`literal` (and the
    format's others) undone."""

    def sub(m: re.Match[str]) -> str:
        if m.group(3) is not None:
            return _SIMPLE.get(m.group(3), m.group(3))
        return chr(int(m.group(1) or m.group(2), 16))

    return _ESCAPE.sub(sub, text) if "\\" in text else text


class Quads:
    """Collects the quads of one named graph as N-Quads lines."""

    def __init__(self, graph: str) -> None:
        self.graph = iri(graph)
        self._lines: set[str] = set()
        self._tail = f" {self.graph} .\n"  # every line ends with it

    def add(self, s: str, p: str, o: str) -> None:
        """Add a quad; ``s`` and ``p`` are IRIs, ``o`` an already formatted term."""
        cache = _IRI_CACHE
        self._lines.add(f"{cache.get(s) or iri(s)} {cache.get(p) or iri(p)} {o}{self._tail}")

    def link(self, s: str, p: str, o: str) -> None:
        cache = _IRI_CACHE
        s, p, o = cache.get(s) or iri(s), cache.get(p) or iri(p), cache.get(o) or iri(o)
        self._lines.add(f"{s} {p} {o}{self._tail}")

    def lines(self) -> list[str]:
        return sorted(self._lines)
