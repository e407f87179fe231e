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


# Bytes that are not control characters (tab, newlines, form feed and CR are text).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def looks_binary(data: bytes) -> bool:
    """True for data no text encoding explains: NUL bytes or many control characters."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # counted in C, not byte by byte
    return controls > max(8, len(head) // 100)


def _plausible(text: str) -> bool:
    """Mostly CJK, printable ASCII, CJK punctuation and whitespace: what documents are made of."""
    if not text:
        return False
    good = sum(
        1
        for c in text
        if "\u4e00" <= c <= "\u9fff"
        or " " <= c <= "~"
        or c in "\n\r\t"
        or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef"
        or "\u2010" <= c <= "\u206f"
    )
    return good >= 0.9 * len(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: NUL bytes (ASCII and CJK such as 一 U+4E00 have them) and
    text that decodes to plausible document characters in one byte order."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data[:4096]:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _plausible(text[:4096]):
            return text
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
