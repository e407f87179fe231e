"""From decoded text to the clean Simplified text every parser reads, with offsets.

Steps, in order: HTML removal, Unicode composition (pinyin tone marks may arrive
decomposed), pinyin-annotation removal (縣(xiàn) → 縣), mojibake repair, Traditional →
Simplified (OpenCC), punctuation and width normalisation, page-continuation marks ([接上页]),
boilerplate-line removal.
Every step is a :class:`MappedText` edit, so each character maps to the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import cache

from policykg.loaders.bar_rows import join_bar_rows, split_unit_led_cells
from policykg.loaders.columns import is_column_name
from policykg.loaders.html import looks_like_html, strip_html
from policykg.loaders.layout import split_run_on, unwrap
from policykg.loaders.offsets import MappedText
from policykg.loaders.table_cells import MAX_COLUMNS, named_header
from policykg.ontology import boilerplate_patterns, phrase_patterns

from policykg.model import CleanText

__all__ = ["clean_text", "remove_pinyin", "repair_mojibake", "to_simplified"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_LETTERS = f"a-zü{_TONED}"
# A parenthesised group of pinyin letters with at least one tone mark: 縣(xiàn), 區（qū）.
# Ordinary parentheses such as (PICU), (2022—2030年), (试行) carry no tone marks and survive.
_PINYIN = re.compile(rf"[(（](?=[{_PINYIN_LETTERS}]*[{_TONED}])[{_PINYIN_LETTERS}]{{1,8}}[)）]")
# A pinyin annotation whose opening parenthesis was swallowed by mojibake: ?qū) → ?
_PINYIN_ORPHAN = re.compile(rf"(?<=[?？])(?=[{_PINYIN_LETTERS}]*[{_TONED}])[{_PINYIN_LETTERS}]{{1,8}}[)）]")
_COMBINING = re.compile(r"[^\u0300-\u036f][\u0300-\u036f]+")
# Characters every match of the patterns above needs: a scan for them (fast, by character
# set) tells most texts have nothing to do before the patterns are tried at every position.
_ANY_COMBINING = re.compile(r"[\u0300-\u036f]")
_ANY_TONED = re.compile(f"[{_TONED}]")
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
# "?" standing for the lost lead byte of a GBK character whose trail byte survived as ASCII.
_LOST_LEAD = re.compile(rf"\?+([\x40-\x7e])(?=[{_HAN}])")
# At a line start, or where an item starts in text run together (after 。 or a clause's ")").
_SHIFTED_START = re.compile(r"(?m)(?:^[ \t]*|(?<=[。)）]))\?(。[^\x00-\x7f]{0,40}[\x21-\x7e])")
_LINE_START_JUNK = re.compile(r"(?m)^[ \t]*\?{2,}[ \t\u3000]*")
_STRAY_QMARKS = re.compile(rf"(?<=[{_HAN}])\?+(?=[{_HAN};；])|\?+(?=[;；])")

_WIDTH = {0x3000: " ", 0xA0: " ", 0xFEFF: "", 0x200B: "", 0x200C: "", 0x200D: "", 0x2060: ""}
_WIDTH.update({ord("（"): "(", ord("）"): ")", ord("，"): ",", ord("："): ":", ord("；"): ";"})
_WIDTH.update({ord("！"): "!", ord("％"): "%", ord("＋"): "+", ord("－"): "-"})
_WIDTH.update(
    {ord("．"): ".", ord("／"): "/", ord("～"): "~", ord("｜"): "|", ord("＜"): "<", ord("＞"): ">"}
)
# Small form variants (﹪ ﹐ ﹑ ﹔ ﹕ ﹙ ﹚ ﹢ ﹣), as some pages set percent signs and commas.
_WIDTH.update({0xFE6A: "%", 0xFE50: ",", 0xFE51: "、", 0xFE54: ";", 0xFE55: ":", 0xFE59: "(", 0xFE5A: ")"})
_WIDTH.update({0xFE62: "+", 0xFE63: "-"})
_WIDTH.update({0xFF10 + i: str(i) for i in range(10)})
_WIDTH.update({0xFF21 + i: chr(0x41 + i) for i in range(26)})
_WIDTH.update({0xFF41 + i: chr(0x61 + i) for i in range(26)})
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_ANY_NEWLINE = re.compile(r"[\r\u2028\u2029\x0b\x0c\x85]")

_SPACE_RUN = re.compile(r"[ \t]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_LONG_LINE = 300  # longer lines are paragraphs run together, never a line of site chrome
_NAV_LINE = re.compile(r"^[^\n,.。,;:!?、()《》“”0-9]{1,8}$")
_CELL_HEADER_START = re.compile(r"^\s*(?:序号|编号)\s*\|?\s*$")
_SERIAL_LINE = re.compile(r"[1-9]\d{0,2}")
# Lines holding only a list bullet or a bare numbering marker: debris of stripped menus.
_MARKER_LINE = re.compile(
    r"(?m)^[ \t]*(?:[•·|*>\-]+|\d{1,3}[.、]|[(]?[一二三四五六七八九十]{1,3}[)、])[ \t]*$"
)


def _compose(text: MappedText) -> MappedText:
    if not _ANY_COMBINING.search(text.text):
        return text
    return text.sub(_COMBINING, lambda m: unicodedata.normalize("NFC", m.group(0)))


def remove_pinyin(text: MappedText) -> MappedText:
    """Drop tone-marked pinyin annotations, including ones whose '(' was lost."""
    if not _ANY_TONED.search(text.text):
        return text
    text = text.sub(_PINYIN, "")
    if "?" not in text.text and "？" not in text.text:
        return text
    return text.sub(_PINYIN_ORPHAN, "")


def _strip_line_spaces(text: MappedText) -> MappedText:
    """Drop spaces and tabs at the start and end of every line.

    The runs of blanks are found by one character-set scan and kept where they touch a line
    break; an anchored pattern would be tried at every position of the text.
    """
    t = text.text
    n = len(t)
    return text.edit(
        (m.start(), m.end(), "")
        for m in _SPACE_RUN.finditer(t)
        if m.start() == 0 or t[m.start() - 1] == "\n" or m.end() == n or t[m.end()] == "\n"
    )


def _lost_lead_candidates(trail: str) -> list[str]:
    out = []
    tb = ord(trail)
    for lead in range(0x81, 0xFF):
        try:
            ch = bytes((lead, tb)).decode("gbk")
        except UnicodeDecodeError:
            continue
        if len(ch) == 1 and re.match(f"[{_HAN}]", ch):
            out.append(ch)
    return out


def _realign(m: re.Match[str]) -> str:
    """Re-read a line start whose GBK byte pairs slipped by one (?。ǘ┩七M → （…推進).

    A lost first byte shifts every pair after it until an ASCII byte resyncs; the shifted
    pairs decode to symbol rows (ǘ ㄈ ┩, GBK rows A8/A9) that never occur in the text.
    Dropping the lone byte re-pairs them; pairs lost altogether stay lost.
    """
    window = m.group(1)
    try:
        raw = window.encode("gbk")
    except UnicodeEncodeError:
        return m.group(0)
    if not any(0xA8 <= b <= 0xA9 for b in raw[2::2]) or len(raw) % 2 == 0:
        return m.group(0)
    fixed = raw[1:].decode("gbk", "replace").replace("\ufffd", "").rstrip("?")
    return m.group(0)[: m.start(1) - m.start(0) - 1] + fixed


def repair_mojibake(text: MappedText) -> MappedText:
    """Repair GBK mojibake where the intended character can be recovered.

    A GBK character whose lead byte was lost shows as ``?`` plus its ASCII trail byte
    (``??h級`` for 縣級). The lead byte is recovered by choosing the candidate character
    whose pair with the next character occurs most often elsewhere in the same document;
    with no evidence the junk is dropped rather than guessed. Question marks left over
    between Han characters are lost bytes and are dropped too.
    """
    if "?" not in text.text:
        return text
    text = text.sub(_SHIFTED_START, _realign)
    text = text.sub(_LINE_START_JUNK, "")
    body = text.text
    bigrams: Counter[str] = Counter()

    def repl(m: re.Match[str]) -> str:
        if not bigrams:
            bigrams.update(body[i : i + 2] for i in range(len(body) - 1))
        nxt = body[m.end()] if m.end() < len(body) else ""
        best, score = "", 0
        for cand in _lost_lead_candidates(m.group(1)):
            s = bigrams.get(cand + nxt, 0)
            if s > score:
                best, score = cand, s
        return best

    text = text.sub(_LOST_LEAD, repl)
    return text.sub(_STRAY_QMARKS, "")


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _traditional_only(ch: str) -> bool:
    """A character outside GB2312, the Simplified character set (縣 yes, 乾 no).

    Memoised by character: a Traditional text asks about the same few hundred again and again.
    """
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


@cache
def _outside_gb2312() -> re.Pattern[str]:
    """One character :func:`_traditional_only` holds for: none of ASCII or GB2312's pairs."""
    chars = []
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.append(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return re.compile(f"[^\\x00-\\x7f{re.escape(''.join(sorted(set(chars))))}]")


def to_simplified(text: MappedText) -> MappedText:
    """Traditional → Simplified with OpenCC, keeping offsets.

    Only characters outside the Simplified set are replaced: OpenCC would also turn a
    valid Simplified 乾 (乾县) into 干, and cleaning must leave Simplified text alone.
    """
    src = text.text
    if not re.search(r"[^\x00-\x7f]", src):
        return text
    conv = _converter()
    out = conv.convert(src)
    edits: list[tuple[int, int, str]] = []
    if len(out) == len(src):
        # Only a character outside the Simplified set may be replaced: those are found by
        # one scan of the text, and only they are compared with OpenCC's output.
        # Every replacement is one character for one, so the offsets stay as they are.
        chars: list[str] | None = None
        for m in _outside_gb2312().finditer(src):
            i = m.start()
            if out[i] != m[0]:
                chars = chars or list(src)
                chars[i] = _settle(out[i])
        return MappedText("".join(chars), text.offsets[:]) if chars else text
    else:
        pos = 0
        for line in src.split("\n"):
            c = conv.convert(line)
            pairs = (
                zip(line, c, strict=True) if len(c) == len(line) else ((ch, conv.convert(ch)) for ch in line)
            )
            edits.extend(
                (pos + i, pos + i + 1, b) for i, (a, b) in enumerate(pairs) if a != b and _traditional_only(a)
            )
            pos += len(line) + 1
    return text.edit([(s, e, _settle(r)) for s, e, r in edits]) if edits else text


@cache
def _settle(ch: str) -> str:
    """Follow OpenCC chains (薴 → 苧 → 苎) so cleaning is idempotent (memoised by character)."""
    conv = _converter()
    for _ in range(3):
        if len(ch) != 1 or not _traditional_only(ch):
            break
        nxt = conv.convert(ch)
        if nxt == ch:
            break
        ch = nxt
    return ch


def _cell_table_lines(lines: list[str], k: int) -> range:
    """The lines of a table written one cell per line whose 序号 header is line ``k``: as far
    as rows keep opening with the next serial number, and the cells of the last row.

    The first row may carry any number and a later row a larger one than the next (an
    excerpt of a longer list keeps the list's numbers: 6, 52, 53 …) once its row is full.
    """
    width, last, expected, since = 0, k, 0, 0
    for m in range(k + 1, len(lines)):
        if not lines[m].strip():
            continue
        cell = lines[m].strip().rstrip("|").strip()
        serial = int(cell) if _SERIAL_LINE.fullmatch(cell) else None
        ahead = serial is not None and serial > expected and (not expected or since >= width - 1)
        if serial is not None and (serial == expected or ahead):
            if expected == 0:
                width = since + 1  # the header's cells
            last, expected, since = m, serial + 1, 0
            continue
        since += 1
        if since > (MAX_COLUMNS if expected == 0 else width + 1):
            break
    end, cells = last + 1, 1
    while end < len(lines) and cells < width:
        cells += bool(lines[end].strip())
        end += 1
    return range(k, end)


def _anchored(pattern: str) -> bool:
    """Whether every match of ``pattern`` (no MULTILINE) starts at the beginning of the string:
    it opens with ``^`` and has no alternation outside its groups."""
    if not pattern.startswith("^"):
        return False
    depth, i, n = 0, 1, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif ch == "[":  # a class: up to its closing bracket ([]…] and [^]…] hold a literal ])
            i += 1
            i += pattern.startswith("^", i)
            i += pattern.startswith("]", i)
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return False
        i += 1
    return True


@cache
def _boilerplate_finders() -> tuple[Callable[[str], bool], tuple[Callable[[str], re.Match[str] | None], ...]]:
    """Whether any boilerplate pattern matches a line, and each pattern's own finder.

    Most lines hold no boilerplate: the patterns anchored at the line start are tried
    together as one alternation at its first position, the others one by one; only a line
    that holds one is searched pattern by pattern, in order, for the first that matches.
    """
    patterns = boilerplate_patterns()
    anchored = [p for p in patterns if _anchored(p.pattern) and not p.flags & re.M]
    loose = tuple(p.search for p in patterns if p not in anchored)
    finders = tuple(p.match if p in anchored else p.search for p in patterns)
    joinable = len({p.flags for p in anchored}) == 1 and not any(
        re.search(r"\\\d|\(\?P=|\(\?[aiLmsux-]+\)", p.pattern) for p in anchored
    )
    if not joinable:
        return lambda line: any(find(line) for find in finders), finders
    starts = re.compile("|".join(f"(?:{p.pattern})" for p in anchored), anchored[0].flags).match
    return lambda line: bool(starts(line)) or any(find(line) for find in loose), finders


def _opens_named_table(lines: list[str], k: int) -> bool:
    """Whether line ``k`` opens a table written one cell per line whose header names its
    columns without a 序号 cell (工作任务, 具体要求, 责任科室, 时限要求, then its rows)."""
    if not is_column_name(lines[k].strip().rstrip("|").strip()):
        return False
    cells: list[str] = []
    for line in lines[k:]:
        cell = line.strip().rstrip("|").strip()
        if cell:
            cells.append(cell)
        if _SERIAL_LINE.fullmatch(cell) or len(cells) > MAX_COLUMNS:
            break
    return named_header(cells) is not None


def _drop_boilerplate(text: MappedText) -> MappedText:
    """Blank out site chrome: navigation runs, breadcrumbs, footers, ICP and copyright lines."""
    holds_any, finders = _boilerplate_finders()
    edits = []
    lines = text.text.split("\n")
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    nav = [bool(_NAV_LINE.match(line.strip())) for line in lines]
    # A table written one cell per line (序号, 内容与要求, 责任单位, then 1, …) is no menu: its
    # lines are kept while rows keep opening with the next serial number.
    for k, line in enumerate(lines):
        if _CELL_HEADER_START.match(line) or _opens_named_table(lines, k):
            for m in _cell_table_lines(lines, k):
                nav[m] = False
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (nav[j] or not lines[j].strip()) and (nav[j] or j > i):
            j += 1
        if sum(nav[i:j]) >= 4:
            for k in range(i, j):
                if lines[k]:
                    edits.append((starts[k], starts[k] + len(lines[k]), ""))
            i = j
            continue
        line = lines[i]
        hit = None
        if line.strip() and holds_any(line):
            hit = next((m for find in finders if (m := find(line))), None)
        if hit is not None:
            # A long line holds text too: only a footer at its very end is dropped.
            if len(line) <= _LONG_LINE:
                edits.append((starts[i], starts[i] + len(line), ""))
            elif hit.start() >= len(line) - 100:
                edits.append((starts[i] + hit.start(), starts[i] + len(line), ""))
        i += 1
    return text.edit(sorted(edits))


def clean_text(raw: str, *, html: bool | None = None) -> CleanText:
    """Clean one document's decoded text; see the module docstring for the steps."""
    text = unwrap(MappedText(raw))
    if html if html is not None else looks_like_html(raw):
        text = strip_html(text)
    text = _compose(text)
    text = remove_pinyin(text)
    text = repair_mojibake(text)
    text = to_simplified(text)
    if _ANY_NEWLINE.search(text.text):
        text = text.sub(_NEWLINES, "\n")
    text = text.translate(_WIDTH)
    text = split_unit_led_cells(join_bar_rows(text))
    text = _strip_line_spaces(text)
    text = text.sub(_MARKER_LINE, "")
    for pattern in phrase_patterns("layout.csv", "continued"):
        text = text.sub(pattern, "")
    text = split_run_on(text)
    text = _drop_boilerplate(text)
    text = _strip_line_spaces(text)
    text = text.sub(_BLANK_RUNS, "\n\n")
    return CleanText(text.text, text.offsets)
