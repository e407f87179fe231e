"""Reader for saved web archives (.mhtml/.mht): the page's HTML part, decoded.

An MHTML file is an e-mail style MIME message: the page is a text/html part, usually
quoted-printable or base64 encoded, followed by its images and style sheets. The stdlib
``email`` package decodes the transfer encoding; the HTML is then decoded by its declared
charset (checked like any saved page) and read as HTML, so the usual markup and boilerplate
removal applies. Offsets in ``raw_text`` refer to the decoded HTML.
"""

from __future__ import annotations

import hashlib

from policykg.loaders.decode import decode_bytes

from policykg.errors import InputError
from policykg.model import Document

__all__ = ["read_mhtml"]


def read_mhtml(source: str, data: bytes) -> Document:
    """The first text/html part of an MHTML archive (text/plain when there is no HTML)."""
    import email
    import email.policy

    digest = hashlib.sha256(data).hexdigest()
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # the parser is lenient; anything raised means a broken file
        raise InputError(source, f"not a readable MHTML file ({type(exc).__name__})") from exc
    parts = {"text/html": None, "text/plain": None}
    for part in message.walk():
        ctype = part.get_content_type()
        if ctype in parts and parts[ctype] is None and not part.is_multipart():
            parts[ctype] = part
    part = parts["text/html"] or parts["text/plain"]
    if part is None:
        if b"<html" in data[:4096].lower():  # plain HTML saved under an .mht name
            text, encoding = decode_bytes(data, source)
            return Document(source, "html", text, encoding, digest, len(data))
        raise InputError(source, "not an MHTML file (no text/html part)")
    payload = part.get_payload(decode=True) or b""
    text, encoding = _decode(payload, part.get_content_charset(), source)
    fmt = "html" if part is parts["text/html"] else "text"
    return Document(source, fmt, text, encoding, digest, len(data))


def _decode(payload: bytes, charset: str | None, source: str) -> tuple[str, str]:
    """The part's declared charset when it decodes cleanly, else the usual detection."""
    if charset:
        name = "gb18030" if charset.lower() in ("gb2312", "gbk", "x-gbk") else charset
        try:
            return payload.decode(name), charset.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(payload, source)
