"""Reading files into documents and documents into tasks.

``LOADERS`` maps a format name to a reader ``(path, data) -> Document``; built-in readers
register through the same call a plugin would use. ``read_document`` picks the reader by
file extension (and content, for HTML saved under .txt).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from policykg.errors import InputError, SkipFile
from policykg.model import Document
from policykg.registry import Registry

__all__ = ["LOADERS", "MAX_SIZE", "format_of", "read_document"]

MAX_SIZE = 50 * 1024 * 1024

LOADERS: Registry = Registry("policykg.loaders")
LOADERS.register("text", "policykg.loaders.text:read_text", extensions=(".txt", ".text", ".md", ""))
LOADERS.register("html", "policykg.loaders.text:read_html", extensions=(".html", ".htm", ".shtml", ".xhtml"))
LOADERS.register("docx", "policykg.loaders.docx:read_docx", extensions=(".docx",))
LOADERS.register("pdf", "policykg.loaders.pdf:read_pdf", extensions=(".pdf",))
LOADERS.register("doc", "policykg.loaders.doc:read_doc", extensions=(".doc",))
LOADERS.register("mhtml", "policykg.loaders.mhtml:read_mhtml", extensions=(".mhtml", ".mht"))


def format_of(path: Path) -> str | None:
    """The registered format whose extension matches ``path``, or None."""
    return LOADERS.for_extension(path.suffix.lower())


def read_document(path: str | Path, *, max_size: int = MAX_SIZE) -> Document:
    """Read one file into a :class:`Document`, or raise InputError/SkipFile with the reason."""
    path = Path(path)
    fmt = format_of(path)
    if fmt is None:
        raise SkipFile(str(path), f"unsupported file type {path.suffix or '(none)'}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if size > max_size:
        raise SkipFile(
            str(path), f"file is {size / 1e6:.1f} MB, over the --max-size limit of {max_size / 1e6:.1f} MB"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise SkipFile(str(path), "empty file")
    reader = LOADERS.get(fmt)
    doc: Document = reader(str(path), data)
    if not doc.raw_text.strip():
        raise SkipFile(str(path), "no text in file")
    return doc


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
