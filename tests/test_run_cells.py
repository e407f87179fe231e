"""A cell table whose cells lost every separator, as a page set one cell per line and copied
without its line breaks gives it: read as the table written one cell per line."""

from __future__ import annotations

from pathlib import Path

from policykg.loaders import read_document
from policykg.loaders.parse import parse_document
from policykg.loaders.run_cells import run_cell_breaks

ROWS = [
    ("1", "确保地区生产总值增长7%左右。", "1-2月主要经济指标增速回落,在全省排名第2。", "市发改委"),
    ("2", "推进重大项目攻坚,项目落地率50%以上。", "已安排36个项目,总投资82.1亿元。", "市发改委、市财政局"),
    ("3", "新增托位1200个。", "已新增托位300个;3个项目已开工。", "市卫生健康委"),
]


def _tasks(tmp_path: Path, text: str) -> list[tuple[str, list[str], list[str]]]:
    path = tmp_path / "table.txt"
    path.write_text(text + "\n", encoding="utf-8")
    tasks = parse_document(read_document(path)).to_json()["tasks"]
    return [(t["title"], t["lead"], t["co"]) for t in tasks]


def test_a_cell_table_run_together_reads_as_published(tmp_path: Path) -> None:
    """序号内容与要求进展情况责任单位1…: the header's names and every row's cells part where
    the header's names end and where the unit names closing a row meet the next number."""
    header = ["序号", "内容与要求", "进展情况", "责任单位"]
    title = "某市2024年重点工作一季度进展情况表"
    cells = [title, *header, *(c for row in ROWS for c in row)]
    published = "\n\n".join(cells)
    run = "".join(cells)
    want = _tasks(tmp_path, published)
    assert want == [
        ("确保地区生产总值增长7%左右。", ["市发改委"], []),
        ("推进重大项目攻坚,项目落地率50%以上。", ["市发改委"], ["市财政局"]),
        ("新增托位1200个。", ["市卫生健康委"], []),
    ]
    assert _tasks(tmp_path, run) == want


def test_words_after_a_number_cell_without_a_header_run_are_left_alone() -> None:
    """Without 序号 and a run of column names before the first row, nothing is a cell."""
    line = "重点工作1确保地区生产总值增长7%左右。市发改委2推进重大项目攻坚。市财政局" * 3
    assert run_cell_breaks(line) == []
