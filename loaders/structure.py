"""Document structure: numbered headings and items, sections, annexes.

Chinese policy documents number their outline in a fixed order of styles:
一、 > (一) > 1. > (1) > ①. A line that opens with one of these markers starts an item of
that rank; unnumbered short lines that introduce a numbered list are headings of the top
rank (总体要求, 具体任务 in documents whose numerals were lost); 附件 opens an annex.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = ["Item", "parse_outline"]

_CN_NUM = "一二三四五六七八九十百零〇"
_MARKERS = (
    (1, re.compile(rf"^(?P<n>[{_CN_NUM}]{{1,4}})\s*[、.．]\s*")),
    (2, re.compile(rf"^[(（]\s*(?P<n>[{_CN_NUM}]{{1,4}})\s*[)）]\s*[、.．]?\s*")),
    (3, re.compile(r"^(?P<n>\d{1,3})\s*(?:[.．、](?!\d)|、(?=\d+年)|\s(?=[\u4e00-\u9fff]))\s*")),
    (4, re.compile(r"^[(（]\s*(?P<n>\d{1,3})\s*[)）]\s*")),
    (4, re.compile(r"^(?P<n>\d{1,3})\s*[)）]\s*")),
    (5, re.compile(r"^(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
)
_ANNEX = re.compile(r"^附件\s*(?P<n>\d{0,2})\s*[:：]?\s*(?P<title>.*)$")
_HEADING_LINE = re.compile(r"^[\u4e00-\u9fff“”\"+＋]{2,15}$")  # 推进“互联网+医疗健康”发展
# What is left of a damaged number (mojibake, a broken page): a bracket without its
# numeral, or a lost byte's question mark, opening a paragraph long enough to be a task.
_DAMAGED_MARKER = re.compile(r"^[(（)）?？].{10,}")
_NOT_HEADING = re.compile(r"通知$|决定$|意见$|办法$|方案$|[年月日]$|^各|:$")


@dataclass
class Item:
    """A numbered (or heading) item of the outline, with its body lines."""

    rank: int
    number: str
    marker: str  # the printed marker, e.g. "(一)"
    heading: str  # text on the marker's line after the marker
    start: int  # offset of the first character after the marker
    line_start: int  # offset of the marker
    end: int
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)
    lines: list[tuple[int, str]] = field(default_factory=list)  # continuation lines
    annex: bool = False
    closed: bool = False  # its first line already ends with its responsibility clause

    @property
    def path(self) -> list[Item]:
        out: list[Item] = []
        node: Item | None = self
        while node is not None:
            out.append(node)
            node = node.parent
        return out[::-1]


def _marker(line: str) -> tuple[int, str, int] | None:
    for rank, pattern in _MARKERS:
        m = pattern.match(line)
        if m and m.end() < len(line):
            return rank, m.group("n"), m.end()
    return None


def _paragraph_item(current: Item, stack: list[Item], off: int, line: str) -> Item | None:
    """The item an unnumbered paragraph closing with a responsibility clause of its own
    opens, or None when it is a line of ``current``.

    One clause closes one task: after an item whose line closed with its clause, an
    annotated paragraph opening with what is left of a number (a bare bracket) is the next
    item, its number lost. Unnumbered paragraphs otherwise belong to the item above.
    """
    lead = len(line) - len(line.lstrip())
    start, end = off + lead, off + len(line)
    if current.closed and not current.children:
        node = Item(current.rank, current.number, current.marker, line.strip(), start, start, end)
        node.parent, node.annex, node.closed = current.parent, current.annex, True
        if node.parent is not None:
            node.parent.children.append(node)
        stack[-1] = node
        return node
    return None


def _annotated_run(current: Item, line: str, closes: Callable[[str], bool] | None) -> bool:
    """Whether an unnumbered paragraph closing with its own clause goes on an item whose line
    closed with one too: the item heads several annotated paragraphs, and its line is the
    heading with the first of them run into it (主要指标的责任部门 / …降低15%。(A牵头) /
    …达到40%。(B牵头)), as a page that lost its line breaks gives it.

    Every paragraph after the item's line must close with a clause; a note that is only a
    bracket, or a paragraph without one, stays loose.
    """
    if closes is None or not current.closed or current.children or current.rank <= 0:
        return False
    # The lines a closed item holds came through here: each closes with its clause already.
    return not line.startswith(("(", "（")) and closes(line)


def _printed(rank: int, n: str) -> str:
    return f"({n})" if rank in (2, 4) else n


def parse_outline(
    text: str, closes: Callable[[str], bool] | None = None
) -> tuple[list[Item], list[tuple[int, str]]]:
    """Outline items in document order, and the lines that belong to no item.

    Returns ``(items, loose_lines)``; each loose line is ``(offset, text)``. Lines before the
    first item (the preamble) are loose, so are notes such as 以上任务只列牵头部门 that
    follow a finished item. ``closes(line)`` tells whether an item's line ends with its
    responsibility clause, after which following unnumbered lines are not part of it.
    """
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    nonblank = [i for i, (_, s) in enumerate(lines) if s.strip()]
    next_nonblank = {a: b for a, b in itertools.pairwise(nonblank)}

    items: list[Item] = []
    loose: list[tuple[int, str]] = []
    stack: list[Item] = []
    current: Item | None = None
    in_annex = False
    colon_before = False  # the line before ends with ":": this one is its value, not a heading
    for idx, (off, line) in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        after_colon, colon_before = colon_before, s.endswith((":", "："))
        m = _ANNEX.match(s)
        if m and len(s) <= 40:
            in_annex = True
            node = Item(
                -1, "附件" + m.group("n"), "附件", m.group("title"), off, off, off + len(line), annex=True
            )
            items.append(node)
            stack = [node]
            current = None
            continue
        mk = _marker(s)
        rank = number = None
        body_at = 0
        if mk:
            rank, number, body_at = mk
        elif _HEADING_LINE.match(s) and not _NOT_HEADING.search(s) and not after_colon:
            nxt = next_nonblank.get(idx)
            if nxt is not None and _marker(lines[nxt][1].strip()):
                rank, number, body_at = 0, s, len(s)
        if rank is None:
            if current is not None and closes is not None and _DAMAGED_MARKER.match(s) and closes(s):
                node = _paragraph_item(current, stack, off, line)
                if node is not None:
                    items.append(node)
                    current = node
                    continue
            if current is not None and (
                (not current.children and not current.closed) or _annotated_run(current, s, closes)
            ):
                current.lines.append((off, line))
                current.end = off + len(line)
            else:
                loose.append((off, line))
            continue
        lead = len(line) - len(line.lstrip())
        heading = s[body_at:] if rank else s
        node = Item(
            rank, number, _printed(rank, number), heading, off + lead + body_at, off + lead, off + len(line)
        )
        node.annex = in_annex
        node.closed = bool(rank and closes is not None and closes(s))
        while stack and stack[-1].rank >= rank:
            stack.pop()
        node.parent = stack[-1] if stack else None
        if node.parent is not None:
            node.parent.children.append(node)
        stack.append(node)
        items.append(node)
        current = node
    return items, loose
