"""A table whose cells a page ran together without any separator: where its rows start.

A task list printed as a grid and copied as text may lose its grid, its spaces and its line
breaks at once, so the header and every row run on in one line::

    序号工作任务责任单位21树立婚育新风。…省妇联牵头;…配合;各州(市)党委和政府落实22根据经济…

The header is still there (序号, then the names of its columns, the last one a unit column),
the first row's number follows it directly, and each later row's number follows the last
cell of the row before, which names who does the task (…落实22, …配合23). A number is taken
for a row only when it is the next one in sequence and stands right after such a role word,
so a figure inside a task's text (新增托育机构2所) never opens a row; and only a run of at least
three such rows is read as this table (a header followed by a single row number may be the
header of a table laid out otherwise, whose later rows end in other cells).
"""

from __future__ import annotations

import re

__all__ = ["glued_rows"]

# 序号 run into its column names (工作任务责任单位), the last a column of units, then the first
# row's number run into its task's text.
_HEADER = re.compile(
    r"序号(?P<cols>[\u4e00-\u9fff]{2,30}?(?:单位|部门|科室|处室|股室))(?P<n>\d{1,3})(?=[\u4e00-\u9fff])"
)
_MIN_ROWS = 3
# A later row's number: right after the role word closing the row before, before a Han character.
_ROW = re.compile(r"(?<=牵头|配合|落实|负责|参与|协助|实施|单位|部门)(?P<n>\d{1,3})(?=[\u4e00-\u9fff])")


def glued_rows(line: str) -> tuple[list[int], list[int]]:
    """Where such a table's rows start in ``line``, and where a space goes after 序号 and after
    each row's number so that the header and the numbers read as such: ``(breaks, spaces)``.

    >>> glued_rows("序号工作任务责任单位21树立新风。省妇联牵头22建立机制。省财政厅牵头23完善制度。省民政厅")
    ([10, 22, 35], [2, 12, 24, 37])
    """
    head = _HEADER.search(line)
    if head is None:
        return [], []
    breaks, spaces = [head.start("n")], [head.start("cols"), head.end("n")]
    last = int(head.group("n"))
    for m in _ROW.finditer(line, head.end()):
        if int(m.group("n")) != last + 1:
            continue
        last += 1
        breaks.append(m.start())
        spaces.append(m.end())
    if len(breaks) < _MIN_ROWS:
        return [], []
    return breaks, spaces
