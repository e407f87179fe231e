"""Rows of a table run together without separators, closing annotations parted by semicolons,
a bare 落实 verb and a scope shared over 和."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.columns import is_header_run
from policykg.loaders.glued_rows import glued_rows
from policykg.loaders.parse import parse_document
from policykg.loaders.roles import parse_clause
from policykg.loaders.units import split_units

_ROWS = (
    "加强妇幼健康服务。提升基层妇幼保健机构服务能力,规范孕产期保健和儿童保健服务。省卫生健康委牵头;省财政厅配合",
    "完善托育服务体系。发展普惠托育服务,支持用人单位和社区举办托育机构。省发展改革委、省卫生健康委牵头;省教育厅配合",
    "新增托位2所以上。推动托育机构备案和规范管理,加强从业人员培训。省民政厅牵头;省妇联配合",
    "健全生育支持政策。落实生育保险待遇,完善生育休假制度。省人力资源社会保障厅牵头;省医保局配合",
)
GLUED = (
    "重点任务分工清单\n\n序号工作任务责任单位"
    + "".join(f"{n}{row};各市(县)党委和政府落实" for n, row in enumerate(_ROWS, 1))
    + "\n"
)


def _doc(text: str, tmp: Path) -> dict:
    p = tmp / "doc.txt"
    p.write_text(text, encoding="utf-8")
    return parse_document(read_document(p)).to_json()


def test_glued_rows_open_at_each_next_number_after_a_role_word() -> None:
    breaks, spaces = glued_rows(GLUED.splitlines()[2])
    assert len(breaks) == 4 and len(spaces) == 5  # 托位2所 is no row: 2 is not after a role word


def test_glued_table_gives_its_rows_as_tasks_with_roles(tmp_path: Path) -> None:
    tasks = _doc(GLUED, tmp_path)["tasks"]
    assert [t["title"][:6] for t in tasks] == ["加强妇幼健康", "完善托育服务", "新增托位2所", "健全生育支持"]
    assert tasks[1]["lead"] == ["省发展改革委", "省卫生健康委"]
    assert tasks[1]["co"] == ["省教育厅", "各市(县)党委", "各市(县)政府"]


def test_semicolons_part_a_closing_annotation(tmp_path: Path) -> None:
    text = (
        "二、任务\n1. 实行特别扶助制度。省财政厅牵头;省民政厅配合。\n"
        "2. 建立机制。省医保局牵头;省财政厅配合。\n"
    )
    tasks = _doc(text, tmp_path)["tasks"]
    assert tasks[0]["lead"] == ["省财政厅"] and tasks[0]["co"] == ["省民政厅"]


def test_bare_luoshi_gives_co_after_a_lead() -> None:
    c = parse_clause("省财政厅牵头，省民政厅配合，各区人民政府落实")
    assert [(u.name, u.role) for u in c.units][-1] == ("各区人民政府", "co")


def test_scope_is_shared_over_he() -> None:
    assert [n for _, n in split_units("各州(市)党委和政府")] == ["各州(市)党委", "各州(市)政府"]


@pytest.mark.parametrize("between", ["\n", "\n(上接第三版)\n\n", "\n[接上页]\n"])
def test_a_glued_header_is_no_title_and_the_line_above_it_is(tmp_path: Path, between: str) -> None:
    """A table's column names over its rows, and a 'continued from page' mark, are passed
    over: the document's title is the line above them."""
    text = GLUED.replace("重点任务分工清单\n\n", "重点任务分工清单\n" + between, 1)
    assert _doc(text, tmp_path)["document"]["title"] == "重点任务分工清单"


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("序号工作任务责任单位", True),
        ("序号 | 重点任务 | 牵头单位 | 配合单位", True),
        ("重点任务分工清单", False),
    ],
)
def test_a_line_of_column_names_alone_is_a_header(line: str, header: bool) -> None:
    assert is_header_run(line) is header
