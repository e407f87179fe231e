"""A label line closing a list of items that have no note of their own speaks for the list."""

from __future__ import annotations

from pathlib import Path

from policykg.loaders import read_document
from policykg.loaders.parse import parse_document


def _roles(tmp_path: Path, text: str) -> list[tuple[str, list[str], list[str]]]:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    tasks = parse_document(read_document(path)).to_json()["tasks"]
    return [(t["id"], t["lead"], t["co"]) for t in tasks]


HEAD = "一、常务副市长负责的工作\n(一)市审计局牵头的工作\n全面加强审计工作。\n协同单位:市直各部门。\n"


def test_one_label_line_after_the_last_item_names_the_co_units_of_all(tmp_path: Path) -> None:
    text = HEAD + (
        "(二)市编办牵头的工作\n1.深化行政管理体制改革。\n2.稳妥推进乡镇机构改革。\n"
        "协同单位:市财政局、市人社局。\n"
    )
    assert _roles(tmp_path, text) == [
        ("一/(一)", ["市审计局"], ["市直各部门"]),
        ("一/(二)/1", ["市编办"], ["市财政局", "市人社局"]),
        ("一/(二)/2", ["市编办"], ["市财政局", "市人社局"]),
    ]


def test_items_with_label_lines_of_their_own_share_nothing(tmp_path: Path) -> None:
    text = HEAD + (
        "(二)市政府办公室牵头的工作\n1.加强政府自身建设。\n协同单位:市直有关部门。\n"
        "2.认真办理人大代表建议。\n协同单位:各区人民政府。\n"
    )
    assert _roles(tmp_path, text) == [
        ("一/(一)", ["市审计局"], ["市直各部门"]),
        ("一/(二)/1", ["市政府办公室"], ["市直有关部门"]),
        ("一/(二)/2", ["市政府办公室"], ["各区人民政府"]),
    ]


def test_a_closing_line_naming_a_lead_stays_with_its_item(tmp_path: Path) -> None:
    text = (
        "一、重点任务\n1.深化行政管理体制改革。\n2.稳妥推进乡镇机构改革。\n"
        "牵头单位:市编办\n配合单位:市财政局\n"
    )
    got = _roles(tmp_path, text)
    assert got[-1] == ("一/2", ["市编办"], ["市财政局"])
    assert all(not lead for _, lead, _ in got[:-1])
