"""Readers for plain-text and HTML files (any encoding)."""

from __future__ import annotations

import hashlib

from policykg.loaders.decode import decode_bytes
from policykg.loaders.html import looks_like_html

from policykg.model import Document

__all__ = ["read_html", "read_text"]


def read_text(source: str, data: bytes) -> Document:
    """A text file; HTML saved under a text name is recognised by its tags."""
    text, encoding = decode_bytes(data, source)
    fmt = "html" if looks_like_html(text) else "text"
    return Document(source, fmt, text, encoding, hashlib.sha256(data).hexdigest(), len(data))


def read_html(source: str, data: bytes) -> Document:
    """A saved web page; the <meta charset> is trusted only after the BOM and UTF-8 checks."""
    text, encoding = decode_bytes(data, source)
    return Document(source, "html", text, encoding, hashlib.sha256(data).hexdigest(), len(data))
