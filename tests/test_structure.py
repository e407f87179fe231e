"""The outline of a document: numbering styles, nesting, unnumbered headings, annexes."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.parse import parse_document
from policykg.loaders.structure import Item, parse_outline


def outline(text: str, **kw) -> list[Item]:
    items, _ = parse_outline(text, **kw)
    return items


def tasks_of(tmp_path: Path, text: str) -> list[dict]:
    """The tasks extracted from ``text`` saved as a document file."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(read_document(path)).to_json()["tasks"]


# (first line, second line, rank, numbers, printed markers)
STYLES = [
    ("一、总体要求", "二、重点任务", 1, ["一", "二"], ["一", "二"]),
    ("一．总体要求", "二．重点任务", 1, ["一", "二"], ["一", "二"]),
    ("(一)加强组织领导", "(二)强化经费保障", 2, ["一", "二"], ["(一)", "(二)"]),
    ("（一）加强组织领导", "（二）强化经费保障", 2, ["一", "二"], ["(一)", "(二)"]),
    ("(十一)统一药械管理", "(十二)统一绩效考核", 2, ["十一", "十二"], ["(十一)", "(十二)"]),
    ("1.健全公共卫生管理体制。", "2.落实疾控体系改革任务。", 3, ["1", "2"], ["1", "2"]),
    ("１．健全公共卫生管理体制。", "２．落实疾控体系改革任务。", 3, ["1", "2"], ["1", "2"]),
    ("1、健全公共卫生管理体制。", "2、落实疾控体系改革任务。", 3, ["1", "2"], ["1", "2"]),
    ("(1)细化工作方案。", "(2)明确时间节点。", 4, ["1", "2"], ["(1)", "(2)"]),
    ("（1）细化工作方案。", "（2）明确时间节点。", 4, ["1", "2"], ["(1)", "(2)"]),
    ("①细化工作方案。", "②明确时间节点。", 5, ["①", "②"], ["①", "②"]),
]


@pytest.mark.parametrize(
    ("first", "second", "rank", "numbers", "markers"),
    STYLES,
    ids=["一、", "一．", "(一)", "（一）", "(十一)", "1.", "１．", "1、", "(1)", "（1）", "①"],
)
def test_numbering_style(first: str, second: str, rank: int, numbers: list, markers: list) -> None:
    text = f"{first}\n{second}"
    items, loose = parse_outline(text)
    assert loose == []
    assert [it.rank for it in items] == [rank, rank]
    # Full-width digits count as their ASCII values (int() reads both).
    got = [int(it.number) if it.number.isdecimal() else it.number for it in items]
    assert got == [int(n) if n.isdecimal() else n for n in numbers]
    if rank != 3:
        assert [it.marker for it in items] == markers
    assert [it.parent for it in items] == [None, None]
    for it, line in zip(items, (first, second), strict=True):
        # The marker's line is exactly marker + heading, and the heading holds no numbering.
        assert text[it.line_start : it.start] + it.heading == line
        assert it.heading in HEADINGS
        assert text[it.start : it.start + len(it.heading)] == it.heading


HEADINGS = {
    "总体要求",
    "重点任务",
    "加强组织领导",
    "强化经费保障",
    "统一药械管理",
    "统一绩效考核",
    "健全公共卫生管理体制。",
    "落实疾控体系改革任务。",
    "细化工作方案。",
    "明确时间节点。",
}


NESTED = """前言一段。
一、重点任务
(一)加强组织领导。
1.建立工作机制。
继续推进。
(1)细化工作方案。
①明确时间节点。
2.完善工作制度。
(二)强化经费保障。
二、保障措施
(一)加强组织实施。"""


def test_nested_outline_tree() -> None:
    items, loose = parse_outline(NESTED)
    assert [(it.rank, it.marker) for it in items] == [
        (1, "一"),
        (2, "(一)"),
        (3, "1"),
        (4, "(1)"),
        (5, "①"),
        (3, "2"),
        (2, "(二)"),
        (1, "二"),
        (2, "(一)"),
    ]
    one, one_one, one_one_1, paren1, circled, one_one_2, one_two, two, two_one = items
    assert one.parent is None and two.parent is None
    assert one.children == [one_one, one_two]
    assert one_one.children == [one_one_1, one_one_2]
    assert one_one_1.children == [paren1]
    assert paren1.children == [circled]
    assert circled.path == [one, one_one, one_one_1, paren1, circled]
    assert two.children == [two_one] and two_one.parent is two
    assert one_one_1.lines == [(NESTED.index("继续推进"), "继续推进。")]
    assert loose == [(0, "前言一段。")]


def test_a_skipped_rank_still_nests() -> None:
    items = outline("一、重点任务\n1.建立工作机制。\n2.完善工作制度。\n二、保障措施")
    assert [it.parent.marker if it.parent else None for it in items] == [None, "一", "一", None]


def test_unnumbered_top_headings_before_numbered_lists() -> None:
    text = (
        "总体要求\n(一)指导思想\n以习近平新时代中国特色社会主义思想为指导。\n"
        "具体任务\n(一)推进疾控体系改革\n1.健全公共卫生管理体制。\n2.落实疾控体系改革任务。\n"
        "(二)深化医疗体制改革\n1.推进分级诊疗。"
    )
    items = outline(text)
    heads = [it for it in items if it.rank == 0]
    assert [h.number for h in heads] == ["总体要求", "具体任务"]
    assert [c.marker for c in heads[0].children] == ["(一)"]
    assert [c.marker for c in heads[1].children] == ["(一)", "(二)"]
    task = next(it for it in items if it.heading == "推进分级诊疗。")
    assert [p.marker for p in task.path] == ["具体任务", "(二)", "1"]


@pytest.mark.parametrize(
    "line",
    ["关于印发工作要点的通知", "2023年3月30日", "各县(市、区)人民政府:", "健康贵阳行动推进委员会:"],
)
def test_lines_that_are_not_headings(line: str) -> None:
    items, loose = parse_outline(f"{line}\n一、总体要求")
    assert [it.marker for it in items] == ["一"]
    assert loose == [(0, line)]


def test_unnumbered_line_not_followed_by_a_list_is_loose() -> None:
    items, loose = parse_outline("加强组织领导\n各单位要高度重视。")
    assert items == []
    assert [s for _, s in loose] == ["加强组织领导", "各单位要高度重视。"]


@pytest.mark.parametrize("line", ["1.2023年底前完成", "2.5%以上的县", "3)", "一、"])
def test_numbers_that_are_not_markers(line: str) -> None:
    items, loose = parse_outline(line)
    assert items == []
    assert loose == [(0, line)]


def test_annex_opens_its_own_outline() -> None:
    text = (
        "一、重点任务\n1.建立工作机制。(市卫健委负责)\n"
        "附件1:重点任务分工表\n1.制定政策文件。\n2.制定政策措施。\n"
        "附件2：指标表\n1.指标一。"
    )
    items = outline(text)
    annexes = [it for it in items if it.annex and it.number.startswith("附件")]
    assert [(a.number, a.heading) for a in annexes] == [("附件1", "重点任务分工表"), ("附件2", "指标表")]
    assert [c.heading for c in annexes[0].children] == ["制定政策文件。", "制定政策措施。"]
    assert [c.heading for c in annexes[1].children] == ["指标一。"]
    assert not items[1].annex and items[1].parent is items[0]
    assert all(it.annex for it in items[2:])


def test_notes_after_closed_items_are_loose() -> None:
    text = (
        "一、重点任务\n1.建立工作机制。(市卫健委负责)\n以上任务只列牵头部门。\n"
        "附件:计划研究制定的文件\n计划研究制定的文件\n"
        "1.制定政策文件。(市卫健委负责)\n2.制定政策措施。(市医保局负责)\n"
        "以上任务只列牵头部门,不列参与部门。"
    )
    items, loose = parse_outline(text, closes=lambda s: s.endswith("负责)"))
    assert [s for _, s in loose] == ["以上任务只列牵头部门。", "以上任务只列牵头部门,不列参与部门。"]
    leaves = [it for it in items if it.rank == 3]
    assert all(it.closed and it.lines == [] for it in leaves)
    assert all(it.annex for it in leaves[1:])
    for off, s in loose:
        assert text[off : off + len(s)] == s


def test_without_closes_the_note_becomes_a_continuation_line() -> None:
    items, loose = parse_outline("1.建立工作机制。(市卫健委负责)\n以上任务只列牵头部门。")
    assert loose == []
    assert [s for _, s in items[0].lines] == ["以上任务只列牵头部门。"]


def test_heading_inside_annex_is_a_child_of_the_annex() -> None:
    items = outline("附件:计划研究制定的文件\n计划研究制定的文件\n1.制定政策文件。\n2.制定政策措施。")
    annex, heading, first, _ = items
    assert heading.rank == 0 and heading.annex
    assert heading.parent is annex
    assert first.path[0] is annex


def test_offsets_and_ends_point_into_the_text() -> None:
    items, loose = parse_outline(NESTED)
    for it in items:
        line_end = NESTED.find("\n", it.line_start)
        line_end = len(NESTED) if line_end < 0 else line_end
        last = it.lines[-1] if it.lines else (line_end, "")
        assert it.end == last[0] + len(last[1])
        assert NESTED[it.start : line_end] == it.heading
    for off, s in loose:
        assert NESTED[off : off + len(s)] == s


def test_indented_and_blank_lines() -> None:
    text = "\n    一、总体要求\n\n    (一)指导思想\n    坚持以人民为中心。\n"
    items, loose = parse_outline(text)
    assert [it.marker for it in items] == ["一", "(一)"]
    assert text[items[1].line_start : items[1].start] == "(一)"
    assert [s.strip() for _, s in items[1].lines] == ["坚持以人民为中心。"]
    assert loose == []


def test_corpus_outlines_have_sane_trees(corpus_file) -> None:
    from policykg.loaders import read_document
    from policykg.loaders.clean import clean_text

    doc = read_document(corpus_file)
    text = clean_text(doc.raw_text, html=doc.format == "html").text
    items, _ = parse_outline(text)
    assert len(items) >= 15
    for it in items:
        if it.parent is not None:
            assert it in it.parent.children
            assert it.parent.rank < it.rank
        for child in it.children:
            assert child.parent is it
        assert 0 <= it.line_start <= it.start <= it.end <= len(text)
    starts = [it.line_start for it in items]
    assert starts == sorted(starts)


def test_an_annotated_paragraph_after_a_closed_item_is_a_task_of_its_own() -> None:
    # The second item's number was lost (a bracket is left); its own clause says it is a
    # task, not a line of (一); the unnumbered paragraph under (二) is (二)'s own.
    text = (
        "一、产业发展\n"
        "(一)加快建设汽车产业基地。(牵头单位:市经贸委;配合单位:市发改委)\n"
        "(订推进石化基地建设,抓好乙烯改扩建项目。(牵头单位:市发改委;配合单位:市规划局)\n"
        "以上任务于年底前完成并报送进展情况。\n"
        "(二)加快建设物流园区,完善配套设施。\n"
        "推进物流信息平台建设,提升服务功能。(牵头单位:市交委)\n"
    )
    closes = lambda line: line.endswith(")")  # noqa: E731
    items, loose = parse_outline(text, closes=closes)
    assert [(i.marker, i.heading[:6]) for i in items] == [
        ("一", "产业发展"),
        ("(一)", "加快建设汽车"),
        ("(一)", "(订推进石化"),
        ("(二)", "加快建设物流"),
    ]
    assert items[2].parent is items[0] and items[2].closed
    assert [s for _, s in loose] == ["以上任务于年底前完成并报送进展情况。"]
    assert [s for _, s in items[3].lines] == ["推进物流信息平台建设,提升服务功能。(牵头单位:市交委)"]


def test_annotated_paragraphs_after_a_closed_item_are_its_lines() -> None:
    """After an item whose line closed with its clause, unnumbered paragraphs closing with
    their own go on it; the first that does not (a note) ends the run."""
    text = "1.指标一降低15%。(甲局牵头)\n指标二达到40%。(乙局牵头)\n指标三达到90%。(丙局牵头)\n"
    text += "以上为主要指标。\n"
    items, loose = parse_outline(text, closes=lambda s: s.endswith("牵头)"))
    assert [s for _, s in items[0].lines] == ["指标二达到40%。(乙局牵头)", "指标三达到90%。(丙局牵头)"]
    assert [s for _, s in loose] == ["以上为主要指标。"]
    items, loose = parse_outline("1.指标一。(甲局牵头)\n(乙局牵头)\n", closes=lambda s: s.endswith("牵头)"))
    assert items[0].lines == [] and [s for _, s in loose] == ["(乙局牵头)"]


def test_a_heading_run_into_the_first_of_its_annotated_paragraphs_keeps_them_all(tmp_path: Path) -> None:
    """A numbered heading over unnumbered paragraphs, each closing with its own clause, with
    the first paragraph run into the heading's line: every paragraph's units are the task's."""
    text = (
        "一、工作分工\n"
        "1.主要指标的责任部门单位生产总值能耗降低15%。(市发改委牵头)\n"
        "耕地保有量不低于国家下达指标。(市自然资源局牵头)\n"
        "城市绿化覆盖率达到42%。(市住建局牵头)\n"
        "2.建立考核制度将指标纳入综合考核。(市委组织部牵头,市统计局配合)\n"
    )
    tasks = tasks_of(tmp_path, text)
    assert [t["lead"] for t in tasks] == [["市发改委", "市自然资源局", "市住建局"], ["市委组织部"]]
    assert [x["value"] for x in tasks[0]["targets"]] == [15, 42]


def test_a_bare_heading_whose_list_is_not_given_is_no_task(tmp_path: Path) -> None:
    """The last heading of an excerpt cut before its items, among headings of lists, is no
    task; a bare heading among items that are tasks themselves still is one."""
    text = (
        "一、工作分工\n(一)主要指标\n1.能耗降低15%。(市发改委牵头)\n2.耕地保有量达标。(市自然资源局牵头)\n"
        "(二)重点项目\n"
    )
    tasks = tasks_of(tmp_path, text)
    assert [t["title"] for t in tasks] == ["能耗降低15%。", "耕地保有量达标。"]
    tasks = tasks_of(tmp_path, "一、工作分工\n(一)能耗降低15%。(市发改委牵头)\n(二)重点项目\n")
    assert [t["title"] for t in tasks] == ["能耗降低15%。", "重点项目"]


def test_an_item_without_a_clause_between_annotated_items_is_a_task(tmp_path: Path) -> None:
    """Between two items of its list that close with their clause, an item whose annotation
    was left out is still a task (with no units); a part no item of which is annotated is not."""
    text = (
        "12.完善传染病防控平台。提升口岸检疫能力。\n(市卫生局负责,市交通委配合)\n"
        "13.推进妇幼保健系统管理。加强产科质量管理。\n"
        "14.加强出生缺陷预防管理。完善筛查网络。\n(市卫生局负责,市民政局配合)\n"
    )
    tasks = tasks_of(tmp_path, text)
    assert [(t["title"], t["lead"]) for t in tasks] == [
        ("完善传染病防控平台。", ["市卫生局"]),
        ("推进妇幼保健系统管理。", []),
        ("加强出生缺陷预防管理。", ["市卫生局"]),
    ]
    text = (
        "一、总体要求\n1.坚持统筹推进。\n2.坚持分类施策。\n3.坚持试点先行。\n"
        "二、重点任务\n1.完善传染病防控平台。(市卫生局负责)\n"
    )
    tasks = tasks_of(tmp_path, text)
    assert [t["title"] for t in tasks] == ["完善传染病防控平台。"]
