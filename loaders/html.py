"""HTML markup and site boilerplate removal that keeps offsets into the page source.

Government pages arrive as saved HTML or as text with stray tags (crawler junk). A parser
tree would lose character offsets, so tags are removed by pattern on the original text:
every surviving character still points at the page source.
"""

from __future__ import annotations

import html
import re

from policykg.loaders.offsets import MappedText

__all__ = ["looks_like_html", "strip_html"]

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)\b[^<>]*?/?>")
_DROP_BLOCKS = re.compile(
    r"<(script|style|noscript|template|head|nav|footer|iframe|svg|select)\b[^>]*>.*?</\1\s*>|<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>|<!DOCTYPE[^>]*>|<\?xml[^>]*\?>",
    re.S | re.I,
)
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_CELL_TAGS = frozenset({"td", "th"})
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def looks_like_html(text: str) -> bool:
    """True when tags are frequent enough that they are markup, not quoted text."""
    sample = text[:20000]
    return len(_TAG.findall(sample)) >= 3


def _tag_replacement(m: re.Match[str]) -> str:
    name = m.group(2).lower()
    if name in _CELL_TAGS:
        return "" if m.group(1) else "|"
    if name in _BLOCK_TAGS:
        return "\n"
    return ""


def _entity(m: re.Match[str]) -> str:
    out = html.unescape(m.group(0))
    return " " if out == "\xa0" else out


def strip_html(text: MappedText) -> MappedText:
    """Remove scripts, styles, navigation and tags; decode entities."""
    text = text.sub(_DROP_BLOCKS, "")
    text = text.sub(_TAG, _tag_replacement)
    return text.sub(_ENTITY, _entity)
