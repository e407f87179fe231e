"""Page numbers of character offsets, for formats that have pages (PDF).

A :class:`~policykg.model.Document` records ``pages``: the offset in ``raw_text`` where each
page starts. An evidence span (mapped back to the raw text with ``CleanText.to_source``)
then lies on the page whose start is the last one not after the span's start.
"""

from __future__ import annotations

from bisect import bisect_right

__all__ = ["page_of"]


def page_of(pages: tuple[int, ...] | list[int], offset: int) -> int | None:
    """The 1-based page holding raw-text ``offset``, or None when the document has no pages.

    >>> page_of((0, 120, 260), 130)
    2
    >>> page_of((0, 120, 260), 0), page_of((0, 120, 260), 9999), page_of((), 5)
    (1, 3, None)
    """
    if not pages or offset < 0:
        return None
    return max(1, bisect_right(pages, offset))
