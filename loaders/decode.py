"""Bytes to text: BOMs, UTF-16, UTF-8, GB18030 and binary detection."""

from __future__ import annotations

import codecs

from policykg.errors import InputError

__all__ = ["decode_bytes", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """True for data no text encoding explains: NUL bytes or many control characters."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 files saved without a BOM show NULs at every other byte for ASCII text."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros > len(head) // 8 and other == 0:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(data: bytes, source: str = "<bytes>") -> tuple[str, str]:
    """Decode a file's bytes, returning ``(text, encoding)``.

    Order matters: a BOM is authoritative, then strict UTF-8 (most files), then GB18030
    (a superset of GBK and GB2312, which Chinese government sites still serve), and only
    then charset-normalizer's guess, so a mostly-ASCII GBK page is not taken for Latin-1.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise InputError(
                    source, f"broken {enc} text after its byte-order mark ({exc.reason})"
                ) from exc
    text = _utf16_without_bom(data)
    if text is not None:
        return text, "utf-16"
    if looks_binary(data):
        raise InputError(source, "binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(source, "unknown text encoding")
    return str(best), best.encoding
