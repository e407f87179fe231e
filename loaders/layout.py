"""Layout: paragraphs rebuilt from however the text was laid out, with offsets kept.

Documents reach us in three layouts, and all three must read alike.
- As published, one paragraph per line: nothing to do.
- Hard-wrapped at a page width (a PDF's text layer, OCR output): every paragraph is cut
  into lines that fill the width, with page numbers and running headers between.
  :func:`unwrap` detects the width from the lines' lengths and joins a line that fills it
  to the next one, unless the next one opens a numbered item or a label of its own.
- Run together (text copied from a web page, CMS exports): item numbers, headings and
  annotations follow each other on one long line. :func:`split_run_on` breaks such lines
  before the markers that continue the outline's own sequence ((二) after (一), 3. after
  2.), telling them from numbers inside the text (1.5万, 2023.6, 第1次, a list inside one
  sentence) by that sequence and by what stands before them, and before the phrases that
  open a line of their own in this genre (牵头单位：, 附件：, 以上任务…; ``ontology/layout.csv``).

Both are :class:`MappedText` edits, so every character still points at the source.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice, pairwise

from policykg.loaders.columns import is_column_name
from policykg.loaders.digest import CLAUSE_WORDS, closes_annotation, skip_fits
from policykg.loaders.front import SIGNED_DATE as _SIGNED_DATE
from policykg.loaders.front import closing_breaks, title_into_outline
from policykg.loaders.front import title_end as _title_end
from policykg.loaders.glued_rows import glued_rows
from policykg.loaders.offsets import MappedText
from policykg.loaders.run_cells import run_cell_breaks
from policykg.loaders.scan import finditer_at
from policykg.loaders.spaced_cells import spaced_row_breaks
from policykg.loaders.table_cells import MAX_COLUMNS
from policykg.loaders.units import is_unit_name, split_units
from policykg.ontology import phrase_patterns

__all__ = ["cn_value", "is_page_number", "opens_block", "split_run_on", "unwrap"]

_CN = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(_CN)}
# Item markers anywhere in a line, by rank (一、 > (一) > 1. > (1) > ①); both bracket widths.
_CANDIDATE = re.compile(
    # 一、2021年经济社会发展主要预期目标: a year may open a heading after 、, no other number.
    rf"(?P<r1>[{_CN}]{{1,3}})(?:、(?![{_CN}])(?!\d(?!\d{{3}}年))|[．.](?![{_CN}\d]))"
    rf"|[(（](?P<r2>[{_CN}]{{1,3}})[)）]"
    r"|(?<![\d.．])(?P<r3>\d{1,3})(?:[.．、](?![\d%])|、(?=\d+年))"  # 1、2023年底前…: a year after 、
    r"|[(（](?P<r4>\d{1,2})[)）]"
    r"|(?P<r5>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Where a marker candidate can begin: a numeral, a bracket, a digit or a circled number.
_CANDIDATE_FIRST = re.compile(rf"[{_CN}(（\d{_CIRCLED}]")


def _candidates(line: str, pos: int = 0) -> Iterator[re.Match[str]]:
    """``_CANDIDATE.finditer(line, pos)``, trying the pattern only where a marker can begin."""
    return finditer_at(_CANDIDATE, _CANDIDATE_FIRST, line, pos)


def _char_before(line: str, at: int) -> str:
    """``line[:at].rstrip()[-1:]`` without copying the line up to ``at``."""
    while at > 0 and line[at - 1].isspace():
        at -= 1
    return line[at - 1] if at > 0 else ""


# What may stand right before an item marker that follows a finished sentence or clause.
_BOUNDARY = set("。!！?？;；:：)）〕”」』】")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# After a marker: a numeral, a count word or a digit means text (一、二级医院; 2.5倍), not an item.
_NOT_AFTER_DIGIT = re.compile(r"[\d%‰]")  # 2.一般公共预算收入: a numeral word may open an item
_NOT_AFTER = re.compile(rf"[{_CN}\d两百千万级类等次批届个名%‰]")
_YEAR = re.compile(r"(?:19|20)\d\d年|(?<=、)\d+年")  # 一、2021年… / 1、2023年…: opening with a year
# Where the words before a marker start: a heading run into its first item starts there.
_HEAD_START = re.compile(r"[。!！?？;；:：)）”」』】]")
_SENTENCE_END = tuple("。;；:：!！?？)）”")
_LINE_START_ITEM = re.compile(
    rf"^\s*(?:[{_CN}]{{1,3}}\s*[、.．]|[(（]\s*[{_CN}\d]{{1,3}}\s*[)）]|\d{{1,3}}\s*(?:[.．、)）](?!\d)|、(?=\d+年))"
    rf"|[{_CIRCLED}]|第[{_CN}\d]{{1,5}}[章节条部分]|附件|附表)"
)
_PUNCT = re.compile(r"[。,，;；:：!！?？、)）]")
_OPENER_WORDS = r"(?:为了?|根据|按照|依据|近年来|当前|为深入|为进一步)"
_BODY_OPENER = re.compile(rf"^{_OPENER_WORDS}")
# Phrases of ontology/layout.csv that open a line: unit labels, other labels, notes.
_LINE_KINDS = ("unit_label", "label", "record_field", "opener", "page_info")
_MIN_PAGE_LINES = 12  # non-blank lines between two page numbers, at least
_EXACT_SHARE = 0.6  # of the lines near the width at one length: the text was cut at a count
_MIN_RUN = 160  # a line this long may hold several paragraphs run together
_PARA_END = ("。", ")", "）", ";", "；")  # how a published item paragraph ends
_SENTENCE_MARK = re.compile(r"[。;；,，:：]")
_COLON = re.compile(r"[:：]")
_ITEM_END = ("。", ")", "）")  # how an item ends when the next one is run into its line
_RUN_IN_HINT = re.compile(r"[。)）](?:[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．](?!\d))")
_LONG_RUN = 1200  # in a document laid out by paragraph, a line this long holds several
_MIN_FRONT = 40  # a cover line this long may hold 文号, title and salutation run together
_RUN_SHARE = 0.5  # of a text's lines long ones: the text is run together throughout


def is_page_number(line: str) -> bool:
    """A line that is only a page number (— 3 —, -3-, 第3页, 3/12)."""
    s = line.strip()
    return bool(s) and any(p.match(s) for p in phrase_patterns("layout.csv", "page_number"))


def opens_block(line: str) -> bool:
    """A line that starts a numbered item, a heading marker, an annex or a label of its own."""
    s = line.strip()
    if _LINE_START_ITEM.match(s):
        return True
    return any(p.match(s) for kind in _LINE_KINDS for p in phrase_patterns("layout.csv", kind))


# -- hard-wrapped text -------------------------------------------------------------------


@dataclass(frozen=True)
class _Wrap:
    width: int
    tolerance: int

    def full(self, line: str) -> bool:
        return len(line.rstrip()) >= self.width - self.tolerance


def _wrap_width(lines: list[str]) -> _Wrap | None:
    """The page width a text was hard-wrapped at, or None for text laid out by paragraph.

    Wrapped text has a dominant line length that many lines reach and almost none exceed;
    text with a paragraph per line has no such length.
    """
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) >= 8]
    if len(lengths) < 8:
        return None
    counts = Counter(n for n in lengths if n >= 15)
    if not counts:
        return None
    # The width is the length most lines reach among those that almost no line exceeds
    # (short table cells may be more frequent than full lines, but lines do exceed them).
    # Lines within and beyond each candidate's tolerance, counted by bisection of the
    # sorted lengths rather than by a pass over all lines per candidate width.
    ordered = sorted(lengths)
    candidates = [
        (
            bisect_right(ordered, w + max(1, w // 10)) - bisect_left(ordered, w - max(1, w // 10)),
            w,
            len(ordered) - bisect_right(ordered, w + max(1, w // 10, w // 4)),
        )
        for w in counts
        if counts[w] >= 2 or len(counts) == 1
    ]
    fitting = [c for c in candidates if c[2] <= 0.05 * len(lengths)]
    if not fitting:
        return None
    full, width, _ = max(fitting)
    width, tolerance = _exact_width(ordered, width)
    # Short lines (table cells, signatures) say nothing about the width: the share of full
    # lines is taken among the lines long enough to have been wrapped.
    wrappable = sum(1 for n in lengths if n >= width // 2)
    if width > 120 or full < 0.15 * wrappable:
        return None
    # A page line of its own (— 3 —, 第3页) says PDF: then fewer full lines are enough.
    if full < 0.3 * wrappable and not any(
        is_page_number(line) and not line.strip().isdigit() for line in lines
    ):
        return None
    return _Wrap(width, tolerance)


def _exact_width(ordered: list[int], width: int) -> tuple[int, int]:
    """The width and tolerance of a wrap found near ``width`` in the sorted line lengths.

    A text layer set in a fixed count of characters a line cuts most lines at one length,
    and the lines within the window a little shorter are last lines of paragraphs that
    happen to come close: then a line one character short of it is full and two short ends
    its paragraph. Lines set by measure (narrow digits and Latin, punctuation squeezed at
    a line end) spread over the window, and keep its tenth.
    """
    tolerance = max(1, width // 10)
    window = ordered[bisect_left(ordered, width - tolerance) : bisect_right(ordered, width + tolerance)]
    exact, n = Counter(window).most_common(1)[0] if window else (width, 0)
    if n >= _EXACT_SHARE * len(window):
        return exact, 1
    return width, tolerance


def _page_lines(lines: list[str]) -> set[int]:
    """Indexes of page-number lines. Bare numbers a few lines apart (1, 2, 3 opening the rows
    of a table written one cell per line) are serial numbers: a page holds more lines."""
    pages = {i for i, line in enumerate(lines) if is_page_number(line)}
    bare = sorted(i for i in pages if lines[i].strip().isdigit())
    if len(bare) < 2:
        return pages
    rank, n = {}, 0
    for i, line in enumerate(lines):
        if line.strip():
            n += 1
        rank[i] = n
    for a, b in pairwise(bare):
        if rank[b] - rank[a] < _MIN_PAGE_LINES:
            pages -= {a, b}
    return pages


def _running_lines(lines: list[str], pages: set[int], wrap: _Wrap) -> set[str]:
    """Running headers and footers: short lines beside a page number that recur beside others.

    A line that fills the width is a piece of a paragraph, however often it recurs.
    """
    beside: Counter[str] = Counter()
    for i in pages:
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and j not in pages and lines[j].strip() and not wrap.full(lines[j]):
                beside[lines[j].strip()] += 1
    return {s for s, n in beside.items() if n >= 2 and len(s) <= 40}


def _opens_bracket(line: str) -> bool:
    """Whether ``line`` leaves a round bracket open (more opening than closing ones)."""
    return line.count("(") + line.count("（") > line.count(")") + line.count("）")


def _continues(
    prev: str, nxt: str, wrap: _Wrap, opens: bool, row_open: bool = False, indents: bool = False
) -> bool:
    """Whether ``nxt`` carries on the paragraph that ``prev`` broke off at the width.

    ``opens`` tells that ``prev`` is the first line of its paragraph; ``row_open`` that the
    paragraph is a table row not yet closed (by its last bar, in a text whose rows close with
    one: 序号 | 任务 | 责任单位 |): its lines go on to the next row or section row; ``indents`` that the
    text opens its paragraphs with an indentation, which a line broken at the width never
    has (see :func:`_indents_paragraphs`). A paragraph that
    happens to end at the width is told from one broken there by what follows: a short line
    without punctuation after a finished sentence is a signature or a heading, and a body
    opening (为…, 根据…) after a first line without punctuation follows a title.
    """
    if not wrap.full(prev):
        return False
    p, n = prev.rstrip(), nxt.strip()
    if row_open:
        return not _ROW_OPENS.match(n) and not opens_block(n)  # the next row, or a section row
    if indents and _INDENT.match(nxt):
        return False  # the indentation a paragraph of this text opens with
    if "|" in p or "|" in n.rstrip("| "):
        return False  # table rows keep their lines; a cell's text may close with its bar
    if p.endswith(("。", "!", "！", "?", "？")) and not wrap.full(nxt) and not _PUNCT.search(n):
        return False
    if opens and not _PUNCT.search(p) and _BODY_OPENER.match(n):
        return False
    if opens_block(n) and opens_block(p) and not re.search(r"[。;；]", p):
        return False  # a heading that happens to fill the line, then its first item
    if n[:1] in "?？" and p.endswith(_SENTENCE_END):
        return False  # a lost byte (? and symbol debris) where the next item's number stood
    if opens_block(n) and p.endswith(_SENTENCE_END) and not _opens_bracket(p):
        # A new item or label after a finished sentence; but (1) and ① after 。 are
        # usually a list inside the paragraph, as published. A label inside a bracket left
        # open ((牵头单位:A; / 责任单位:B)) goes on with its annotation.
        return bool(re.match(rf"^[(（]\d{{1,2}}[)）]|^[{_CIRCLED}]", n)) and p.endswith(("。", ";", "；"))
    return True


# Letters opened by a bracket right after a Han character: a pinyin note (設(shè)), not a word.
_ANNOTATION_OPEN = re.compile(r"[\u4e00-\u9fff][(（][A-Za-z\u00c0-\u024f]+$")
_ROW_OPENS = re.compile(r"^\s*\d{1,3}\s*\|")  # a table row's number and first bar
_INDENT = re.compile(r"^(?: {2,}|\u3000|\t)")


def _indents_paragraphs(lines: list[str], wrap: _Wrap) -> bool:
    """Whether the text opens its paragraphs with an indentation (two spaces, 　, a tab).

    Then most indented lines follow the short last line of a paragraph; a hanging indent
    (list text aligned under its number) indents the lines that follow full ones instead.
    """
    after_short = after_full = 0
    for prev, line in pairwise(lines):
        if _INDENT.match(line) and line.strip():
            if prev.strip() and wrap.full(prev):
                after_full += 1
            else:
                after_short += 1
    return after_short >= 3 and after_short > 2 * after_full


def unwrap(text: MappedText) -> MappedText:
    """Join hard-wrapped lines into paragraphs; drop page numbers and running headers."""
    lines = text.text.split("\n")
    wrap = _wrap_width(lines)
    if wrap is None:
        return text
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    pages = _page_lines(lines)
    running = _running_lines(lines, pages, wrap)
    dropped = pages | {
        i for i, line in enumerate(lines) if line.strip() in running and ({i - 1, i + 1} & pages)
    }
    edits: list[tuple[int, int, str]] = []
    covered: set[int] = set()
    # Rows close with a bar when most short lines holding one (a row's last line) end with it;
    # a full line may end with a bar only because the width cut it there.
    row_ends = [line.rstrip().endswith("|") for line in lines if "|" in line and not wrap.full(line)]
    closed_rows = sum(row_ends) >= 2 and 2 * sum(row_ends) >= len(row_ends)
    # A row has as many bars as the widest line (a header that fits the page): a row's line
    # that ends with a bar before that many is cut right after one of its cells.
    table_bars = max((line.count("|") for line in lines), default=0) if closed_rows else 0
    indents = _indents_paragraphs([line for i, line in enumerate(lines) if i not in dropped], wrap)
    prev: int | None = None  # the last non-blank kept line, with only dropped lines since
    opens = True  # ``prev`` starts its paragraph
    row_bars = 0  # the bars of the paragraph so far: a table row's
    for i, line in enumerate(lines):
        if i in dropped:
            continue
        if not line.strip():
            prev, opens, row_bars = None, True, 0  # a blank line ends the paragraph and stays
            continue
        joined = False
        if prev is not None:
            left, right = lines[prev], line
            gap_start = starts[prev] + len(left.rstrip())
            gap_end = starts[i] + len(right) - len(right.lstrip())
            closed = closed_rows and left.rstrip().endswith("|") and row_bars >= table_bars
            row_open = row_bars > 0 and not closed
            if _continues(left, right, wrap, opens, row_open, indents):
                joined = True
                latin = (
                    left.rstrip()[-1:].isascii()
                    and left.rstrip()[-1:].isalpha()
                    and right.lstrip()[:1].isalpha()
                    and not _ANNOTATION_OPEN.search(left)  # 設(s / hè): a pinyin note is one word
                )
                # In a row a space at the cut may part two names in one cell (县卫健委 各乡镇人民政府).
                spaced = row_open and gap_end > gap_start + 1  # more than the line break
                edits.append(
                    (gap_start, gap_end, " " if spaced or (latin and right.lstrip()[:1].isascii()) else "")
                )
                covered.update(range(prev + 1, i))
            elif i > prev + 1:
                edits.append((starts[prev] + len(left), starts[i], "\n"))
                covered.update(range(prev + 1, i))
        row_bars = line.count("|") + (row_bars if joined else 0)
        prev, opens = i, not joined
    for j in sorted(dropped - covered):
        edits.append((starts[j], min(starts[j] + len(lines[j]) + 1, len(text.text)), ""))
    return text.edit(sorted(edits)) if edits else text


# -- text run together on long lines -------------------------------------------------------


def _number(m: re.Match[str]) -> tuple[int, int] | None:
    """(rank, value) of a marker candidate."""
    for rank in range(1, 6):
        n = m.group(f"r{rank}")
        if n is None:
            continue
        if rank in (1, 2):
            value = cn_value(n)
            return (rank, value) if value else None
        if rank == 5:
            return rank, _CIRCLED.index(n) + 1
        return rank, int(n)
    return None


def cn_value(n: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23; None for strings that are no numeral."""
    if len(n) == 1:
        return _CN_VALUE.get(n)
    if n[0] == "十" and len(n) == 2:
        return 10 + _CN_VALUE.get(n[1], 0) if n[1] != "十" else None
    if len(n) == 2 and n[1] == "十":
        return 10 * _CN_VALUE[n[0]] if n[0] != "十" else None
    if len(n) == 3 and n[1] == "十" and n[0] != "十" and n[2] != "十":
        return 10 * _CN_VALUE[n[0]] + _CN_VALUE[n[2]]
    return None


@dataclass
class _Outline:
    """The numbering seen so far: open ranks, outermost first, with their last numbers."""

    ranks: list[int]
    last: dict[int, int]

    def fits(self, rank: int, value: int) -> str | None:
        """How (rank, value) fits: 'next' in an open list, 'open' a new list, 'restart' one."""
        if rank in self.ranks:
            if value == self.last[rank] + 1:
                return "next"
            return "restart" if value == 1 else None
        # A new list, or one numbered on across its parents (一、 1.–13., 二、 14.–18.).
        return "open" if value == 1 or value == self.last.get(rank, -1) + 1 else None

    def deeper(self, rank: int) -> bool:
        return not self.ranks or rank > self.ranks[-1]

    def take(self, rank: int, value: int) -> None:
        self.ranks = [r for r in self.ranks if r < rank] + [rank]
        self.last[rank] = value


_DEPTH_EVENTS = re.compile(r"[(（〔\[【)）〕\]】。]")


class _Depth:
    """Bracket depth at any offset of a line; a sentence end closes any bracket but a 〔 whose
    〕 follows on the line: a note in 〔 〕 may hold sentences of its own (〔A等按职责分工负责。
    责任单位:B。以下均需B落实,不再列出。〕), a parenthesis left open by a cut text may not.

    A bracket that no later bracket closes on the line (a page's 【字体: run into the text)
    encloses nothing. Only the brackets are visited (a line holds few), so asking costs a
    bisection.
    """

    __slots__ = ("depths", "positions")

    def __init__(self, line: str) -> None:
        self.positions: list[int] = []
        self.depths: list[int] = []
        events = list(_DEPTH_EVENTS.finditer(line))
        unclosed = _unclosed(events)
        depth = 0
        last_close = line.rfind("〕")
        kept = 0  # open 〔 closed later on the line: a sentence end inside leaves them open
        for k, m in enumerate(events):
            ch = m.group()
            if k in unclosed:
                continue
            if ch in "(（〔[【":
                depth += 1
                kept += ch == "〔" and m.start() < last_close and kept == depth - 1
            elif ch == "。":
                depth = kept
            else:
                depth = max(0, depth - 1)
                kept = min(kept, depth)
            self.positions.append(m.start())
            self.depths.append(depth)

    def __getitem__(self, at: int) -> int:
        """Depth before the character at ``at``."""
        k = bisect_left(self.positions, at)
        return self.depths[k - 1] if k else 0


def _unclosed(events: list[re.Match[str]]) -> set[int]:
    """Indices of the opening brackets among ``events`` that no later closing one matches."""
    stack: list[int] = []
    for k, m in enumerate(events):
        ch = m.group()
        if ch in "(（〔[【":
            stack.append(k)
        elif ch != "。" and stack:
            stack.pop()
    return set(stack)


def _accepts(how: str, rank: int, prev: str, heading: str, deeper: bool) -> bool:
    """Whether a marker that fits the outline ``how`` starts an item after ``prev``.

    ``heading`` says what stands between the last sentence end and the marker: "own" (the
    open item's own heading, run into its first sub-item), "loose" (an unnumbered heading
    such as 具体任务, run in after a finished sentence) or "" (running text).
    """
    if not prev:
        return True
    if prev in "第约近超达至和及或、":
        return False
    if rank >= 4:
        # (1) and ① after a finished sentence are a list inside it, as published; a
        # sub-item stands alone when the one before closed with its own annotation.
        return prev in ")）" or (how == "open" and bool(heading) and deeper)
    if prev in _BOUNDARY:
        return how != "restart" or rank <= 2
    if not _HAN.match(prev):
        return False
    if how == "next":
        return True  # the next number of an open list, right after a name or a heading
    if heading == "loose":
        # 具体任务(一)…: a bracketed numeral is distinctive; 一、 after a word is text (统一、).
        return rank == 2 or (how == "open" and deeper and rank >= 2)
    return how == "open" and heading == "own" and deeper and rank >= 2


def _list_of_items(line: str, first: re.Match[str], *, after_name: bool = False) -> bool:
    """Whether the list a marker opens has items of sentences: its second item follows a
    finished sentence or an annotation (or, ``after_name``, a label's value), not a 、 or ,."""
    for m in _candidates(line, first.end()):
        got = _number(m)
        if got is not None and got[0] == _number(first)[0] and got[1] == 2:  # type: ignore[index]
            prev = line[m.start() - 1 : m.start()]
            return prev in ("。", ")", "）", ";", "；") or (after_name and bool(_HAN.match(prev)))
    return False


def _heading_before(line: str, last_cut: int, at: int, stops: list[int]) -> tuple[str, int]:
    """What kind of words stand before a marker at ``at``, and where a loose heading starts.

    ``stops`` are line breaks already decided (labels, notes, an attachment's title).
    """
    own = line[last_cut:at]
    ends = list(_HEAD_START.finditer(own))
    stop = max((c for c in stops if last_cut < c < at), default=-1)
    if not ends and stop < 0:
        return ("own" if len(own) <= 60 else ""), last_cut
    tail_at = max(last_cut + ends[-1].end() if ends else -1, stop)
    # After a colon stands a label's value (完成时限:2024年底), not a heading.
    after_colon = tail_at != stop and line[tail_at - 1] in ":："
    tail = line[tail_at:at]
    # A tail holding a bar is a table's cells, no heading.
    if tail and len(tail) <= 30 and not re.search(r"[,，、|]", tail) and not after_colon:
        return "loose", tail_at
    return "", last_cut


def _outer_after_excerpt(outline: _Outline, rank: int, prev: str) -> bool:
    """Whether a marker of a rank above every rank seen so far, after a finished sentence,
    opens its list although its number is not 1: a page that starts inside section 三 (its
    first item (五)) goes on to 四、 without ever showing 一、."""
    if not outline.ranks or rank in outline.last:
        return False
    return rank < min(outline.ranks) and prev in _BOUNDARY


def _breaks(
    line: str, outline: _Outline, stops: list[int], ahead: tuple[int, int] | None = None
) -> list[int]:
    """Offsets in ``line`` before which a new item starts; ``outline`` follows along.

    ``ahead`` is the number opening the next line: a marker's successor may stand there.
    """
    depth = _Depth(line)
    cuts: list[int] = []
    last_cut = 0
    candidates = [(m, _number(m)) for m in _candidates(line)]
    # Where each number of each style last stands: whether a marker's successor follows it.
    last_at = {got: m.start() for m, got in candidates if got is not None}
    for m, got in candidates:
        at = m.start()
        if got is None or depth[at]:
            continue
        after = line[m.end() : m.end() + 2].lstrip()[:1]
        if not after or (
            (_NOT_AFTER if got[0] <= 2 else _NOT_AFTER_DIGIT).match(after) and not _YEAR.match(line, m.end())
        ):
            continue
        how = outline.fits(*got)
        successor = (got[0], got[1] + 1)
        mid_list = (
            how is None
            and got[0] not in outline.last
            and (last_at.get(successor, -1) > at or ahead == successor)
        )
        if mid_list:
            how = "open"  # an excerpt opening mid-list (…方案123.完善…124.…): its numbers go on
        prev = _char_before(line, at)
        if how is None and _outer_after_excerpt(outline, got[0], prev):
            how = "open"
        if how is None and got[0] in outline.last:  # a digest's numbers skip the items it left out
            how = skip_fits(
                outline.ranks,
                outline.last,
                *got,
                after_note=closes_annotation(line[max(0, at - 200) : at]),
                first_under=_heading_before(line, last_cut, at, stops)[0] == "own",
            )
        if how is None:
            continue
        heading, head_at = _heading_before(line, last_cut, at, stops)
        # After a title or heading (no sentence since the last break), a list opening mid-way
        # starts there.
        titled = mid_list and not _SENTENCE_MARK.search(line, last_cut, at)
        # A marker where a line break is already decided (after the title over the body) opens
        # it; so does the outline's first 一、 after a heading that opens such a line (a title
        # standing after the signature's date).
        opens_line = at in stops or (got == (1, 1) and heading == "loose" and head_at in stops)
        if (
            not (titled or opens_line)
            and not _accepts(how, got[0], prev, heading, outline.deeper(got[0]))
            and not _sub_item_stands_alone(line, m, how, got[0], last_cut, stops)
        ):
            # 1. right after a name (责任编辑:X1.落实…) opens a list when 2. follows a sentence
            # (or opens the next line, where the text was cut into lines).
            first_of_list = how == "open" and got == (3, 1) and bool(_HAN.match(prev))
            second_next = ahead == (3, 2) and (3, 2) not in last_at
            if not (first_of_list and (second_next or _list_of_items(line, m, after_name=True))):
                continue
        if (
            how == "open"
            and got[0] >= 3
            and prev in ":："
            and not _list_of_items(line, m)
            and not (got[0] >= 4 and _annotated_sentence(line, m.end()))
        ):
            continue  # 包括:1.体检、2.随访: a list inside the sentence
        outline.take(*got)
        if heading == "loose" and head_at > 0:
            cuts.append(head_at)
        elif titled and (dash := line.rfind("——", last_cut, at)) > last_cut:
            cuts.append(dash)  # 方案——推进教育高质量发展204.: the section's heading
        if at > 0:
            cuts.append(at)
        last_cut = m.end()
    return cuts


_NOTE_END = re.compile(r"[(（](?P<note>[^()（）]{2,60})[)）]。")


def _annotated_sentence(line: str, at: int) -> bool:
    """Whether the text from ``at`` up to the next marker closes a sentence with its own
    responsibility note (…(A负责)。): a (1) after a colon (主要工作目标:(1)…) that opens such
    text is an item of its own with its own units, not a list inside a sentence."""
    end = next((c.start() for c in _candidates(line, at) if _number(c) is not None), len(line))
    notes = _NOTE_END.finditer(line, at, min(end, at + 400))
    return any(CLAUSE_WORDS.search(n["note"]) for n in notes)


def _sub_item_stands_alone(
    line: str, m: re.Match[str], how: str, rank: int, last_cut: int, stops: list[int]
) -> bool:
    """Whether a (1)-rank marker opens an item of its own although no annotation closes the one
    before: the next number after a label's value (…责任单位:市卫健委(2)…), or the first
    after a heading of one short sentence (1.加强健康教育。(1)…) whose (2) follows a label's
    value: each item has labels of its own, so they are tasks, not a list inside one."""
    if rank < 4:
        return False
    at = m.start()
    prev = _char_before(line, at)
    if how == "open" and prev in ":：":
        return _annotated_sentence(line, m.end())
    if how == "next":
        label = max((c for c in stops if last_cut <= c < at), default=-1)
        colon = _COLON.search(line, label, at) if label >= 0 else None
        return (
            colon is not None and bool(_HAN.match(prev)) and not _SENTENCE_MARK.search(line, colon.end(), at)
        )
    own = line[last_cut:at].strip()
    if how != "open" or prev != "。" or not (0 < len(own) <= 30) or own.count("。") != 1:
        return False
    # Its (2) must follow a label's value (…牵头单位:A(2)…): items each with their own labels.
    first = _number(m)
    for nxt in _candidates(line, m.end()):
        if _number(nxt) == (first[0], first[1] + 1):  # type: ignore[index]
            label = max((c for c in stops if m.end() < c < nxt.start()), default=-1)
            return label >= 0 and bool(_HAN.match(_char_before(line, nxt.start())))
    return False


def _next_items_run_in(line: str, outline: _Outline) -> list[int]:
    """In a document laid out by paragraph, offsets of the next items run into an item's
    line: (一)…。(省发改委负责)(二)…, the next number right after a finished sentence."""
    cuts: list[int] = []
    depth: _Depth | None = None
    for m in _candidates(line, 1):
        at = m.start()
        if _char_before(line, at) not in _ITEM_END:  # the cheapest test first: most fail it
            continue
        got = _number(m)
        if got is None or outline.fits(*got) != "next":
            continue
        depth = depth or _Depth(line)
        if depth[at]:
            continue
        outline.take(*got)
        cuts.append(at)
    return cuts


_ANNEX = re.compile(r"附件\s*\d{0,2}\s*[:：]")


def _repeated_title(line: str, at: int, shortest: int = 4) -> int | None:
    """After 附件：, where the attachment's title ends when its own heading repeats it."""
    for size in range(min(40, (len(line) - at) // 2), shortest - 1, -1):
        if line.startswith(line[at : at + size], at + size):
            return at + size
    return None


def _opener_breaks(line: str) -> list[int]:
    """Offsets of phrases that open a line of their own (labels, notes), outside brackets.

    A label may follow a unit name directly (牵头单位：A配合单位：B); a note follows a
    finished sentence.
    """
    depth = _Depth(line)
    cuts = []
    for kind in _LINE_KINDS:
        for pattern in phrase_patterns("layout.csv", kind):
            for m in pattern.finditer(line):
                at = m.start()
                if at == 0 or depth[at]:
                    continue
                prev = line[at - 1]
                if prev.isspace():  # 。 责任单位：: after a finished sentence and a space
                    prev = line[:at].rstrip()[-1:]
                    if prev in _BOUNDARY:
                        cuts.append(at)
                    continue
                if prev in _BOUNDARY or (kind != "opener" and (_HAN.match(prev) or prev.isalnum())):
                    cuts.append(at)
    for pattern in phrase_patterns("layout.csv", "page_info"):
        cuts.extend(m.end() for m in pattern.finditer(line) if not depth[m.start()])
    cuts.extend(_fields_after_units(line))
    for m in _ANNEX.finditer(line):
        twice = _repeated_title(line, m.end())
        if twice is not None:
            cuts.append(twice)
    # A record's last field run into the title, whose issuer repeats the field's value
    # (【文件来源】某省某省人民政府关于…): the title starts at the repetition.
    for pattern in phrase_patterns("layout.csv", "record_field"):
        for m in pattern.finditer(line):
            twice = _repeated_title(line, m.end(), shortest=2)
            if twice is not None:
                cuts.append(twice)
    return cuts


_VALUE_END = re.compile(r"[。;；:：()（）]")
_NAME_SEP = re.compile(r"[、,，]")


def _fields_after_units(line: str) -> list[int]:
    """Offsets of a field label run into the unit list before it (责任单位:A、B局人:…, a label
    the page cut short): the list's last name is a unit name, the few Han characters after it
    up to the colon open the next field."""
    cuts = []
    for pattern in phrase_patterns("layout.csv", "unit_label"):
        for m in pattern.finditer(line):
            end = _VALUE_END.search(line, m.end())
            if end is None or end[0] not in ":：":
                continue
            last = _NAME_SEP.split(line[m.end() : end.start()])[-1]
            for j in range(1, min(6, len(last) - 2) + 1):
                head, tail = last[:-j], last[-j:]
                if _HAN_RUN.fullmatch(tail) and is_unit_name(head):
                    cuts.append(end.start() - j)
                    break
    return cuts


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_ROUND = re.compile(r"[(（)）。]")


def _clause_ends(line: str) -> list[int]:
    """Offsets right after a bracketed responsibility note that closes a sentence.

    An annotation such as (责任单位：A、B) or (A牵头，B配合) ends its task's paragraph; text
    run on after it (a closing paragraph, the next heading) starts a new line. A sentence
    end closes any bracket left open before it (a marker whose numeral was lost: (推进…。 for (二)推进…).
    """
    cuts = []
    depth, opened = 0, -1
    for m in _ROUND.finditer(line):
        i, ch = m.start(), m.group()
        if ch == "。":
            depth = 0
        elif ch in "(（":
            if depth == 0:
                opened = i
            depth += 1
        elif depth:
            depth -= 1
            if depth or opened < 1 or line[opened - 1] not in "。;；":
                continue
            body = line[opened + 1 : i]
            if not (CLAUSE_WORDS.search(body) or all(is_unit_name(n) for _, n in split_units(body))):
                continue
            end = i + 1 + (line[i + 1 : i + 2] in ("。", ";", "；"))
            if end < len(line):
                cuts.append(end)
    return cuts


_ITEM_AT = re.compile(_LINE_START_ITEM.pattern.removeprefix("^"))  # matched at a piece's start


def _run_in_heading_ends(line: str, cuts: list[int]) -> list[int]:
    """Where a numbered heading run into its body ends, in the pieces ``cuts`` leave.

    Published, the heading stands on its line and the body under it; run together, only
    the genre's words tell where the heading ends before the first punctuation: a group
    heading's close (省财政厅牵头的工作, then the task) or a body opening with the official
    in charge (…项目由X副市长负责，A牵头). Both are phrase lists of ``ontology/layout.csv``.
    """
    out: list[int] = []
    for a, b in pairwise([0, *cuts, len(line)]):
        item = _ITEM_AT.match(line, a, b)
        if item is None:
            continue
        stop = _PUNCT.search(line, item.end(), b)
        head_end = stop.start() if stop else b
        for pattern in phrase_patterns("layout.csv", "heading_end"):
            m = pattern.search(line, item.end(), head_end)
            if m and m.end() < head_end:
                out.append(m.end())
                break
        for pattern in phrase_patterns("layout.csv", "body_opener"):
            m = pattern.search(line, item.end(), b)
            if m and m.start() - item.end() >= 4 and m.start() < head_end:
                out.append(m.start())
                break
    return out


_SEAL = re.compile(r"[(（](?:[^()（）]{0,30}(?:代\s*章|印\s*章|盖\s*章)|代)[)）]$")  # (代章), (代 章), (代)
# A date whose 年月日 were lost (2023 9 18): a signature's date only right after its seal.
_BARE_DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}\s+\d{1,2}\s+\d{1,2}(?!\d)")
_ORG_END = re.compile(r"(?:办公室|办公厅|人民政府|政府|委员会|领导小组|指挥部|局|委|厅|办|中心|院|会)$")
_DOC_NUMBER = re.compile(r"(?P<pre>[\u4e00-\u9fff]{2,14})[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*\d{1,4}\s*号")
# The issuer before a 文号's own words (…人民政府文件, …领导小组, …医疗保障局), leaving them two
# characters at least (某卫计局发 stays whole after …委员会).
_ORG_INSIDE = re.compile(r".*(?:办公室|办公厅|人民政府|委员会|领导小组|局)(?:文件)?(?=[\u4e00-\u9fff]{2,}$)")
_NOTICE = re.compile(
    r"关于印发(?P<x>[^《》。,，]{4,80}?)的(?:通知|函)|现将《(?P<y>[^《》]{4,80})》|《(?P<z>[^《》]{4,80})》已经"
)
_OWN_NOTICE = re.compile(r"关于[^。,，;；:：《》]{2,60}?的(?:通知|意见|决定)(?!\s*[》〉”的])")
_SALUTATION = re.compile(r"各[^。:：;；《》]{2,160}[:：]")
_ISSUING_SENTENCE = re.compile(r"印发给你们[^。]{0,30}(?:执行|实施|落实)。$")  # the notice's last sentence
_ISSUED_NOTE = re.compile(r"[(（]此件[^()（）]{0,10}[)）]")


_OUTER_MARKS = str.maketrans("〈〉", "《》")


def _in_title(line: str, at: int) -> bool:
    """Whether ``at`` lies inside a 《…》 title: a cited notice is not this one's cover."""
    return line.rfind("《", 0, at + 1) > line.rfind("》", 0, at)


def _holds_label(words: str) -> bool:
    """Whether ``words`` hold a label that opens a line of its own (牵头单位：, 监督方式：)."""
    return any(
        p.search(words) for kind in ("unit_label", "label") for p in phrase_patterns("layout.csv", kind)
    )


@cache
def _title_before_body() -> re.Pattern[str]:
    """A title (no punctuation, closing with its document type) right before a body opening."""
    return re.compile(rf"[^。,，;；:：!?！？()（）|]{{4,60}}?(?:{_title_end().pattern})(?={_OPENER_WORDS})")


def _front_matter_breaks(line: str, above: str = "") -> list[int]:
    """Line breaks of a cover notice run together: 文号, salutation, signature, date, title.

    As published each stands on a line of its own, and the metadata reader looks for them
    there: the signature's issuer and date, the document number, and the document's own
    title right above its body (the title the notice names, where it appears again).
    ``above`` is the line before: a date opening this line signs it when that line ends
    with the issuer.
    """
    cuts: list[int] = []
    depth = _Depth(line)
    for m in (*_SIGNED_DATE.finditer(line), *_BARE_DATE.finditer(line)):
        before = line[: m.start()].rstrip()
        seal = _SEAL.search(before)
        if seal is None and m.re is _BARE_DATE:
            continue
        head = before[: seal.start()] if seal else before
        if not head and _ORG_END.search(above.rstrip()):
            cuts.append(m.end())  # the issuer closes the line above, the date opens this one
            continue
        if _ISSUING_SENTENCE.search(head):  # …印发给你们,请认真贯彻执行。2019年6月19日: no signature
            cuts.extend([m.start(), m.end()])
        if not _ORG_END.search(head):
            continue
        issuer_at = max((head.rfind(c) for c in "。;；:：!?！？)）"), default=-1) + 1
        if len(head) - issuer_at > 40:  # a title before the issuer: it closes with its document type
            ends = [t.end() for t in _title_end().finditer(head, issuer_at) if len(head) - t.end() <= 40]
            issuer_at = ends[-1] if ends else issuer_at
        if len(head) - issuer_at <= 40:
            cuts.extend([issuer_at, m.start(), m.end()])
            if seal:
                cuts.append(seal.start())
    for m in _ISSUED_NOTE.finditer(line):
        cuts.extend([m.start(), m.end()])
    for m in _DOC_NUMBER.finditer(line):
        if depth[m.start()] or (m.start() and line[m.start() - 1] in "(（"):
            continue
        org = _ORG_INSIDE.match(m.group("pre"))
        start = m.start() + (org.end() if org else 0)
        cuts.extend([start, m.end()])
    for m in _SALUTATION.finditer(line):
        if _holds_label(m.group()):
            continue  # 各乡镇人民政府…监督方式: a unit list, then a label of its own
        if m.start() == 0 or line[m.start() - 1] in "。:：知)）":
            cuts.extend([m.start(), m.end()])
    for m in _OWN_NOTICE.finditer(line):  # …关于…的通知 run into what follows it
        if m.end() < len(line) and not _PUNCT.match(line[m.end()]) and not _in_title(line, m.start()):
            cuts.append(m.end())
    cuts.extend(closing_breaks(line))  # an unsigned notice's date, its 抄送：line
    cuts.extend(title_into_outline(line))
    # The notice names the title (关于印发X的通知, 现将《X》…); the first naming that stands
    # again on its own line gives it.
    # A title that opens the page (or stands after the signature) run into the preamble.
    title = _title_before_body()
    for at in (0, *sorted(cuts)):
        if (m := title.match(line, at)) is not None:
            cuts.append(m.end())
            break
    notices = list(islice((m for m in _NOTICE.finditer(line) if not _in_title(line, m.start())), 3))
    if notices and notices[0].group("x") is not None:
        cuts.append(notices[0].end())
    for notice in notices:
        title = next(g for g in notice.groups() if g)
        # Cited inside 《…》 a title marks its own titles with 〈〉; standing alone, with 《》.
        title = title if title in line[notice.end() :] else title.translate(_OUTER_MARKS)
        # The title over the body stands after a finished sentence or a line already cut (the
        # signature's date); cited (《…》) or inside a sentence (现将…安排如下) it is no heading.
        again = line.find(title, notice.end())
        while again >= 0 and again not in cuts and line[again - 1 : again] not in _BOUNDARY:
            again = line.find(title, again + 1)
        if again >= 0:
            cuts.extend([again, again + len(title)])
            break
    return [c for c in cuts if 0 < c < len(line)]


_TABLE_HEAD = re.compile(r"(?:序号|编号)[ \t]*\|")
_BAR = re.compile(r"\|")
# A section row run in before a row's number: 一、健全药品供应保障制度 / (二)推进…
_SECTION_TAIL = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])[^|,，。;；]{2,40}$"
)


def _unclosed_row_breaks(line: str) -> list[int]:
    """Line breaks of a bar table whose rows lost their line breaks and close with no bar.

    序号 | 任务 | 单位 | 时限1 | 推进… | 市卫健委 | 2024年底2 | …: every row has as many cells
    as the header, so the number opening a row (and a section row before it) is run into
    the last cell of the row above, a header's width of cells on. The first row's number
    follows a header of column names; each next one must be the next number.
    """
    head = _TABLE_HEAD.search(line)
    if head is None:
        return []
    starts = [head.start()] + [m.end() for m in _BAR.finditer(line, head.start())]
    pieces = [(a, b - 1) for a, b in pairwise(starts)] + [(starts[-1], len(line))]

    def tail(k: int, serial: int) -> list[int] | None:
        a, b = pieces[k]
        cell = line[a:b].rstrip()
        number = str(serial)
        if not cell.endswith(number) or len(cell) == len(number) or cell[-len(number) - 1].isdigit():
            return None
        before = cell[: -len(number)]
        section = _SECTION_TAIL.search(before)
        own = before[: section.start()] if section else before
        if not own.strip():
            return None
        return [a + section.start(), a + len(before)] if section else [a + len(before)]

    width = next(
        (
            k + 1
            for k in range(1, min(len(pieces), MAX_COLUMNS))
            if (got := tail(k, 1)) is not None and is_column_name(line[pieces[k][0] : got[0]].strip())
        ),
        None,
    )
    if width is None:
        return []
    cuts = tail(width - 1, 1) or []
    if head.start() and _HAN.match(line[head.start() - 1]):
        cuts.append(head.start())  # the header run in after its heading (二、主要任务序号 | …)
    serial, k = 2, width - 1 + (width - 1)
    while k < len(pieces) and (got := tail(k, serial)) is not None:
        cuts += got
        serial, k = serial + 1, k + width - 1
    return cuts


def _is_bar_row(line: str) -> bool:
    """Whether a line is a table row with its cells between bars (序号 | 实事项目 | 责任单位)."""
    return line.count("|") >= 2 and len([c for c in line.split("|") if c.strip()]) >= 3


def _opening_number(lines: list[str], k: int) -> tuple[int, int] | None:
    """(rank, value) of the marker opening the first non-blank line from ``k`` on, if any."""
    for line in lines[k:]:
        if line.strip():
            m = _CANDIDATE.match(line, len(line) - len(line.lstrip()))
            return _number(m) if m is not None else None
    return None


def _run_together(lines: list[str]) -> bool:
    """Whether the text is run together throughout: most of its lines are long enough to
    hold several paragraphs (a page copied as a few long lines, the last one shorter)."""
    kept = [len(line) for line in lines if line.strip()]
    return bool(kept) and sum(n >= _MIN_RUN for n in kept) >= _RUN_SHARE * len(kept)


def split_run_on(text: MappedText) -> MappedText:
    """Break long lines before item markers that continue the outline, and before openers."""
    lines = text.text.split("\n")
    if not any(len(line) >= _MIN_RUN for line in lines) and not _RUN_IN_HINT.search(text.text):
        return text
    # Laid out by paragraph (items open their own lines): only a line much longer than a
    # paragraph is run together, and the cover is already on lines of its own.
    by_paragraph = sum(1 for line in lines if _LINE_START_ITEM.match(line) and line.endswith(_PARA_END)) >= 3
    run = _LONG_RUN if by_paragraph else _MIN_RUN
    if not by_paragraph and _run_together(lines):
        run = _MIN_FRONT  # a page cut into a few long lines: the shorter last one is run together too
    outline = _Outline([], {})
    edits: list[tuple[int, int, str]] = []
    pos = 0
    row_above = False
    for k, line in enumerate(lines):
        row = _is_bar_row(line)
        if row and row_above:  # a table row under a row: a list inside its cell is no outline
            pos += len(line) + 1
            continue
        row_above = row if line.strip() else row_above
        start = len(line) - len(line.lstrip())
        first = _CANDIDATE.match(line, start)
        # Before the outline's first heading, a shorter line may still hold a run-in cover.
        front = not by_paragraph and not any(r <= 2 for r in outline.ranks) and len(line) >= _MIN_FRONT
        got = _number(first) if first is not None else None
        opened = False  # the line opens the outline's sequence (an excerpt may open mid-list: 26. …)
        if got is not None and got[0] not in outline.last and got[0] not in outline.ranks:
            outline.take(*got)
            opened = True
        if len(line) >= run or front:
            cuts = set(_front_matter_breaks(line, lines[k - 1] if k else ""))
            spaces: list[int] = []
            if len(line) >= run:
                cuts.update(_opener_breaks(line))
                cuts.update(_breaks(line, outline, sorted(cuts), _opening_number(lines, k + 1)))
                cuts.update(_clause_ends(line))
                cuts.update(_run_in_heading_ends(line, sorted(cuts)))
                breaks, spaces = glued_rows(line)  # 序号工作任务责任单位21树立…落实22…: no separator at all
                if "|" in line:
                    cuts.update(_unclosed_row_breaks(line))
                elif not breaks:  # a glued table's header stays one line, its cells unparted
                    cuts.update(run_cell_breaks(line))
                cuts.update(spaced_row_breaks(line))  # 备注81 科学…: rows of space-separated cells
                cuts.update(breaks)
            marks = [(c, "\n") for c in cuts] + [(s, " ") for s in spaces]
            edits.extend((pos + c, pos + c, mark) for c, mark in sorted(marks))
        if len(line) < run and got is not None and (opened or outline.fits(*got)):  # the marker read above
            outline.take(*got)  # a short line opening an item keeps the sequence in step
            if by_paragraph:
                edits.extend((pos + c, pos + c, "\n") for c in _next_items_run_in(line, outline))
        pos += len(line) + 1
    return text.edit(edits) if edits else text
