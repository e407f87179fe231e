"""Front matter run together: where a cover's closing and a title run into what follows.

As published, a cover notice closes with its signature on lines of its own (issuer, date,
抄送：…), and the document's own title stands on a line above its body. A page copied
without its line breaks runs them into the text before and after; the metadata reader
finds them only on lines of their own. These are the breaks the genre's wording gives
where no issuer stands before the date (an unsigned notice) and where the title runs
straight into the outline's first heading (…分解方案一、主要目标). The phrases are those
of ``ontology/layout.csv`` (kinds ``notice_close``, ``after_signature``, ``closing_field``
and ``title_end``).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

from policykg.ontology import phrase_alternation

__all__ = ["SIGNED_DATE", "closing_breaks", "title_end", "title_into_outline"]

SIGNED_DATE = re.compile(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
# What goes on after a date inside a sentence (2023年6月30日前完成, …日起施行, …日至…).
_GOES_ON = set("前起至到以后止,，、及和或")
# The outline's first heading: 一、 or (一), not a list of numerals (一、二级医院, 一、2类); a
# heading may open with a year (一、2023年主要预期目标).
_FIRST_HEADING = re.compile(r"(?:一\s*[、.．]|[(（]一[)）])(?![一二三四五六七八九十])(?!\d(?!\d{3}年))")
# What a title's words cannot hold: a sentence's or a field's punctuation, a bracket.
_TITLE_STOP = re.compile(r"[。,，;；:：!?！？()（）|>]")
_SHORTEST_TITLE = 6
_LONGEST_TITLE = 60
_HEADINGS_TRIED = 3


@cache
def title_end() -> re.Pattern[str]:
    """The document type closing a title (方案, 要点, 计划 …; ``ontology/layout.csv``)."""
    return phrase_alternation("layout.csv", "title_end")


def _signs_unsigned(line: str, date: re.Match[str]) -> bool:
    """Whether a date after a finished sentence signs a notice that prints no issuer.

    It does when the signature's closing matter follows it (抄送：, (此件公开发布)), or when
    the sentence before it is the notice's closing request (请…认真组织实施。) and nothing
    after it carries the sentence on (…日前完成, …日起施行).
    """
    before = line[: date.start()].rstrip()
    if not before.endswith("。"):
        return False
    after = line[date.end() :].lstrip()
    if phrase_alternation("layout.csv", "after_signature").match(after):
        return True
    if not after or after[0] in _GOES_ON:
        return False
    sentence = before[before.rfind("。", 0, len(before) - 1) + 1 :]
    return phrase_alternation("layout.csv", "notice_close").search(sentence) is not None


def closing_breaks(line: str) -> list[int]:
    """Line breaks around an unsigned notice's date and its closing fields (抄送：…。)."""
    cuts: list[int] = []
    for m in SIGNED_DATE.finditer(line):
        if _signs_unsigned(line, m):
            cuts.extend([m.start(), m.end()])
    for m in phrase_alternation("layout.csv", "closing_field").finditer(line):
        cuts.extend([m.start(), m.end()])
    return cuts


def title_into_outline(line: str) -> list[int]:
    """Breaks around a title that runs straight into the outline's first heading.

    …确定的重点工作任务责任分解方案一、主要预期目标: the words before 一、 (or (一)), back to
    the last punctuation, close with a document type (方案, 要点 …); they are the title, and
    the heading opens the body. Only the first few such numerals are tried: the outline's
    first heading stands near the top of the page, not deep in its text.
    """
    for m in islice(_FIRST_HEADING.finditer(line), _HEADINGS_TRIED):
        head = line[max(0, m.start() - _LONGEST_TITLE - 1) : m.start()]
        stops = [s.end() for s in _TITLE_STOP.finditer(head)]
        if not stops and len(head) > _LONGEST_TITLE:
            continue  # the run of words is longer than a title
        words = head[stops[-1] if stops else 0 :]
        if len(words) >= _SHORTEST_TITLE and _closes_with_type().search(words):
            return [m.start() - len(words), m.start()]
    return []


@cache
def _closes_with_type() -> re.Pattern[str]:
    return re.compile(rf"(?:{title_end().pattern})$")
