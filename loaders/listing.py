"""The date a site's listing gives the document: an entry's date before the notice that issues it.

A page that lists documents (a search result, a tag's page) shows each entry as its date and
its title: • 2024.03.04 某某市…关于印发《某某分工方案》的通知. When the page holds the document
under such an entry and prints no signature date and no dated page information, the entry
that names the document (its own title, or the notice issuing it) dates it.
"""

from __future__ import annotations

import re

__all__ = ["listed_date"]

# An entry opens a line or follows its bullet (a page run together keeps the bullet where the
# line break was lost).
_ENTRY = re.compile(
    r"(?:(?:^|\n)[ \t]*[•·●▪◦]?|[•·●▪◦])[ \t]*"
    r"((?:19|20)\d{2})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})日?[ \t]+(?P<title>[^\n•·●▪◦]{4,200})"
)
_MARKS = re.compile(r"[\s《》〈〉“”\"]")


def listed_date(text: str, title: str) -> str | None:
    """ISO date of the listing entry whose title names the document, or None."""
    own = _MARKS.sub("", title)
    if len(own) < 6:
        return None
    for m in _ENTRY.finditer(text):
        if own in _MARKS.sub("", m["title"]):
            year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None
