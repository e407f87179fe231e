"""Deadlines as data: when a task is due, as written and as the last day it allows.

Documents state a deadline in a 完成时限 column or label line, in the responsibility note
("(市卫健委牵头，2023年底前完成)"), in the task's own words ("于2023年6月底前完成"), or in a
heading over a group of tasks ("2023年6月底前完成的任务"). The phrase is kept as printed; where
it names a time it is also read as a date, the last day the wording allows:

- 2023年6月底 / 2023年6月 / 6月末 → 2023-06-30; 2023年底 / 年末 / 年内 / 2023年 → 2023-12-31;
- 上半年 → 06-30, 下半年 → 12-31, 第三季度 → 09-30, 2023年6月15日 → 2023-06-15,
  上旬 / 中旬 → the 10th / 20th;
- 2025年前 (a year directly followed by 前) → 2024-12-31: before that year begins;
- several times ("2023年启动，2024年底前完成", "2023—2025年") → the last: when the work is done;
- a month, quarter or half without a year takes the year of the heading above the task, else of
  the document's title, else of its date; without any, the date is unknown.

Wording that names no time is a kind instead (``ontology/deadlines.csv``): ``ongoing``
(长期坚持, 持续推进), ``recurring`` (每年, 每季度; in the task's words a reporting rhythm,
每月5号前报送), ``relative`` (3个月内). A named time is kind ``date``. "到2025年，…达到90%" is
the year of a target, not a deadline of the task.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from policykg.loaders.layout import cn_value
from policykg.loaders.scan import finditer_at
from policykg.ontology import phrase_patterns

__all__ = ["Deadline", "find_in_text", "heading_deadline", "read_deadline", "year_of"]

_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_TIME = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2}|[二][〇零○][〇零○一二三四五六七八九]{2})\s*年\s*(?P<ybefore>(?:以|之)?前(?![后期列茅沿置端提]))?)?"
    r"(?:(?P<m>" + _NUM + r")\s*月\s*(?:(?P<d>" + _NUM + r")\s*[日号])?(?P<part>底|末|上旬|中旬|下旬)?"
    r"|(?P<half>上半年|下半年|年中)"
    r"|第?(?P<q>[一二三四1-4])\s*季度(?:末|底)?"
    r"|(?P<yend>年?底|年?末|年内|年度内))?"
)
_QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}
_BEFORE = r"(?:以前|之前|前)(?![后期列茅沿置端提])"
_WHEN = (
    r"(?:(?:19|20)\d{2}\s*年\s*)?"
    r"(?:(?:" + _NUM + r")\s*月(?:(?:" + _NUM + r")\s*[日号])?(?:底|末|上旬|中旬|下旬)?"
    r"|上半年|下半年|第?[一二三四]\s*季度(?:末|底)?|年底|年末|年内)|(?:19|20)\d{2}\s*年(?:底|末|内)?"
)
_DONE = r"(?:完成|建成|实现|到位|出台|通过|全覆盖|落地|投入使用|投用)"
# A step begun at a time (2017年开工建设…) is a time of the task as its completion is.
_BEGUN = r"(?:开工|动工|启动)"
# A time in the task's words that is a deadline: "…前", "于/在…" an action, "…完成".
_IN_TEXT = re.compile(
    r"(?P<when>" + _WHEN + r")" + _BEFORE + _DONE + r"?"
    # 于 of a comparison (不高于2017年标准, 低于) compares amounts, it names no time.
    r"|(?<=[于在])(?<![高低多少大小等优]于)(?P<when2>" + _WHEN + r")"
    r"(?=[\u4e00-\u9fff])(?!以来|期间|以后|之后|起)"
    r"|(?<![到至止])(?P<when3>" + _WHEN + r")(?=" + _DONE + r"|" + _BEGUN + r")"
    # A time or a span of time in brackets of its own: "动员部署阶段（2024年8月—2025年9月）",
    # never inside a cited title (《…规划（2021—2025年）》).
    r"|[(（](?P<when4>(?:" + _WHEN + r")(?:\s*[—–\-－~～至到]\s*(?:" + _WHEN + r"))?)"
    r"(?:" + _BEFORE + r")?[)）]"
    r"(?![^《》]*》)"
)
# Where a match of _IN_TEXT can begin: the first character of a time (a digit, a numeral,
# 上/下半年, 第…季度, 年底) or the bracket of a time in brackets.
_IN_TEXT_FIRST = re.compile(r"[\d一二三四五六七八九十上下第年(（]")
_TRAILING_KIND = re.compile(r"[(（，,；;]\s*(?P<when>[^()（），,；;。]{2,12}?)\s*[)）]?\s*[。；;]?\s*$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_ANY_YEAR = 2000  # a leap year: orders times that name no year (2月29日 among them)
# A year label over the steps after it: "2020年任务:一是4月底前…;二是10月底前…".
_YEAR_LABEL = re.compile(r"((?:19|20)\d{2})\s*年度?(?:工作)?(?:任务|目标|计划|重点)?\s*[:：]")


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, its span in the cleaned text, and what it means."""

    text: str
    start: int
    end: int
    date: str | None  # ISO date: the last day the wording allows
    kind: str  # date, ongoing, recurring, relative; "" when the wording is not read


@cache
def _kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    kinds = ("ongoing", "recurring", "relative")
    return tuple((k, p) for k in kinds for p in phrase_patterns("deadlines.csv", k))


def _int(n: str) -> int | None:
    return int(n) if n.isdigit() else cn_value(n)


def _year(y: str) -> int:
    return int("".join(_CN_DIGIT.get(c, c) for c in y))


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _date(m: re.Match[str], year: int | None) -> tuple[int | None, str | None]:
    """(the year the time names or carries, its ISO date or None)."""
    y = _year(m["y"]) if m["y"] else year
    if m["y"] and m["ybefore"]:
        return y, f"{y - 1}-12-31"
    if y is None:
        return None, None
    if m["m"]:
        month = _int(m["m"])
        if month is None or not 1 <= month <= 12:
            return y, None
        last = _last_day(y, month)
        if m["d"]:
            day = _int(m["d"])
            return y, f"{y}-{month:02d}-{day:02d}" if day and day <= last else None
        day = {"上旬": 10, "中旬": 20}.get(m["part"] or "", last)
        return y, f"{y}-{month:02d}-{day:02d}"
    if m["half"]:
        return y, f"{y}-06-30" if m["half"] in ("上半年", "年中") else f"{y}-12-31"
    if m["q"]:
        month = _QUARTER_END[_int(m["q"]) or 0]
        return y, f"{y}-{month:02d}-{_last_day(y, month)}"
    if m["yend"] or m["y"]:
        return y, f"{y}-12-31"
    return y, None


def _has_time(m: re.Match[str]) -> bool:
    if m["m"] or m["half"] or m["q"]:
        return True
    if m["yend"]:
        return bool(m["y"]) or m["yend"].startswith("年")  # 底 alone is no time (摸底)
    return bool(m["y"])


# "2023.06" or "2023/6" as a table cell writes a month; same length as 年…月 is not needed
# because only the date is read from the rewritten phrase, never a span.
_DOTTED = re.compile(r"((?:19|20)\d{2})\s*[.．/]\s*(\d{1,2})(?![\d.%])")
_BARE_YEAR = re.compile(r"(?:(?:19|20)\d{2}\s*年?\s*[-—–~～至到]\s*)?((?:19|20)\d{2})\s*年?(?:度)?")


def read_deadline(text: str, start: int, year: int | None) -> Deadline | None:
    """The deadline a phrase states (a label's value, a table cell, a heading's time).

    ``year`` is the year a month without its own year belongs to; None when no phrase is read.
    """
    phrase = text.strip().rstrip("。；;，,").strip()
    if not phrase:
        return None
    start += text.find(phrase)
    end = start + len(phrase)
    body = re.sub(r"(?:完成|前完成|以前完成)$", "", phrase)
    for kind, pattern in _kinds():
        if pattern.search(body):
            return Deadline(phrase, start, end, None, kind)
    date: str | None = None
    named = False
    for m in _TIME.finditer(_DOTTED.sub(r"\1年\2月", phrase)):
        if not m.group(0) or not _has_time(m):
            continue
        named = True
        year, d = _date(m, year)
        date = d or date
    if not named:
        bare = _BARE_YEAR.fullmatch(phrase)  # a time column's "2024": by the end of that year
        if bare is None:
            return None
        return Deadline(phrase, start, end, f"{bare.group(1)}-12-31", "date")
    return Deadline(phrase, start, end, date, "date")


def find_in_text(text: str, start: int, end: int, year: int | None) -> Deadline | None:
    """A deadline the task's own words state: "于2023年6月底前完成", "年底前，…", "（长期坚持）".

    Several times in one task ("6月底前启动，年底前完成") give the last, read with the year of
    the ones before it or of a year label over them ("2020年任务:一是4月底前…"). The last is
    the latest, wherever it is written: a phase (11月) whose words name an earlier step (于10月
    30日前报送) ends in 11月. Times without a year are ordered within a year of any kind.
    """
    own = text[start:end]
    last: Deadline | None = None
    latest = ""
    labels = [(lab.end(), int(lab.group(1))) for lab in _YEAR_LABEL.finditer(own)]
    set_at = -1  # where the year in force was named
    for m in finditer_at(_IN_TEXT, _IN_TEXT_FIRST, own):
        when = m["when"] or m["when2"] or m["when3"] or m["when4"]
        for at, y in labels:
            if set_at < at <= m.start():
                year, set_at = y, at
        y_m = _YEAR.search(when)
        if y_m:
            year, set_at = int(y_m.group(1)), m.start()
        at = m.start("when4") if m["when4"] else m.start()
        phrase = m.group(0) if m["when"] else when
        if _in_validity_clause(own, m.start(), m.end()):
            continue
        got = read_deadline(phrase, start + at, year)
        if got is not None and got.kind == "date":
            order = got.date or (read_deadline(phrase, 0, year or _ANY_YEAR) or got).date or ""
            if order >= latest or not order:
                last, latest = got, max(order, latest)
    if last is not None:
        return last
    # A trailing phrase holds none of ( （ , ，: its opening mark is after the last of them,
    # so the search starts there instead of trying every comma of the task.
    tail = _TRAILING_KIND.search(own, max(0, *(own.rfind(c) for c in "(（,，")))
    if tail:
        got = read_deadline(tail["when"], start + tail.start("when"), year)
        if got is not None and got.kind in ("ongoing", "recurring"):
            return got
    return _rhythm(own, start)


_CLAUSE_END = re.compile(r"[,，;；。！!？?]")


@cache
def _validity_pattern() -> re.Pattern[str]:
    (pattern,) = phrase_patterns("deadlines.csv", "validity")
    return pattern


def _in_validity_clause(own: str, start: int, end: int) -> bool:
    """Whether a time stands in a clause stating a policy's validity (有效期至2022年12月31日,
    2023年底前有效): how long a measure applies is no time by which the task is done."""
    before = [m.end() for m in _CLAUSE_END.finditer(own, 0, start)]
    after = _CLAUSE_END.search(own, end)
    clause = own[before[-1] if before else 0 : after.start() if after else len(own)]
    return bool(_validity_pattern().search(clause))


@cache
def _rhythm_pattern() -> re.Pattern[str]:
    (pattern,) = phrase_patterns("deadlines.csv", "rhythm")
    return pattern


def _rhythm(own: str, start: int) -> Deadline | None:
    """A reporting rhythm in the task's words ("于每月5号前报送", "每周编发简报"): recurring.

    Read only when the task names no time of its own; a yearly amount (每年新增5000人) is
    no rhythm, so the phrase must lead to a reporting verb.
    """
    m = _rhythm_pattern().search(own)
    if m is None:
        return None
    return Deadline(m.group(0), start + m.start(), start + m.end(), None, "recurring")


@cache
def _heading_pattern() -> re.Pattern[str]:
    (pattern,) = phrase_patterns("deadlines.csv", "heading")
    return pattern


def heading_deadline(heading: str, start: int, year: int | None) -> Deadline | None:
    """The deadline a group heading gives its tasks: "2023年6月底前完成的任务"."""
    m = _heading_pattern().match(heading.strip())
    if m is None:
        return None
    return read_deadline(m["when"], start + heading.find(m["when"]), year)


def year_of(*texts: str | None) -> int | None:
    """The first year the texts name (a heading, the title, the document's date), in order."""
    for text in texts:
        m = _YEAR.search(text or "") or re.match(r"((?:19|20)\d{2})-", text or "")
        if m:
            return int(m.group(1))
    return None
