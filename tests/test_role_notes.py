"""Whole small documents in the responsibility formats real documents use, and their notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.parse import parse_document

from policykg.model import Document


def extract(tmp_path: Path, text: str) -> dict[str, dict[str, list[str]]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    ext = parse_document(read_document(path))
    return {
        t.title: {r: t.names(r) for r in ("lead", "co", "participant", "implied") if t.names(r)}
        for t in ext.tasks
    }


HEAD = "某市关于推进卫生健康事业高质量发展的实施方案\n\n一、主要任务\n"


def test_lead_and_main_cooperating_labels(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        HEAD + "（一）完善基层服务体系。推进中心建设。"
        "（牵头责任单位：市卫健委；主要协作单位：市发改委、市财政局）\n",
    )
    assert got == {"完善基层服务体系。": {"lead": ["市卫健委"], "co": ["市发改委", "市财政局"]}}


def test_a_closing_sentence_after_a_comma_names_the_lead(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        HEAD + "（一）加强卫生人才队伍建设。实施基层卫生人才能力提升工程，市人社局、市卫健委负责。\n"
        "（二）加强宣传引导。营造良好氛围，各方面共同负责。\n",
    )
    assert got["加强卫生人才队伍建设。"] == {"lead": ["市人社局"], "co": ["市卫健委"]}
    assert got["加强宣传引导。"] == {}  # 各方面 is no unit: no role is invented


def test_labelled_lines_of_their_own(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        HEAD + "（一）推进医保支付方式改革。全面推行按病种付费。\n"
        "牵头单位：市医保局\n配合单位：市卫健委、市财政局\n",
    )
    assert got == {"推进医保支付方式改革。": {"lead": ["市医保局"], "co": ["市卫健委", "市财政局"]}}


@pytest.mark.parametrize(
    "note",
    ["排在首位的为牵头部门，其他为配合部门。", "排在第一位的单位为牵头单位。"],
)
def test_first_listed_lead_note(tmp_path: Path, note: str) -> None:
    got = extract(
        tmp_path,
        "某区深化医药卫生体制改革工作要点\n\n" + note + "\n一、推进分级诊疗\n"
        "1.推进紧密型医共体建设。（区卫健局、区医保局、区财政局）\n",
    )
    assert got == {"推进紧密型医共体建设。": {"lead": ["区卫健局"], "co": ["区医保局", "区财政局"]}}


def test_unless_otherwise_noted_standing_units_are_implied(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        HEAD + "除特别注明的外，以下任务均需各区（市、县）人民政府负责落实，不再列出。\n"
        "（一）推进医共体建设。（市卫健委牵头，市医保局配合）\n"
        "（二）加强疾病预防控制。（市疾控局负责）\n",
    )
    for title in ("推进医共体建设。", "加强疾病预防控制。"):
        assert got[title]["implied"] == ["各区(市、县)人民政府"]
    assert got["推进医共体建设。"]["lead"] == ["市卫健委"]


def test_a_list_cut_off_by_a_truncated_document_has_no_half_name(tmp_path: Path) -> None:
    got = extract(tmp_path, HEAD + "（一）推进医共体建设。（责任单位：市卫健委、市医保局、市财")
    assert got == {"推进医共体建设。": {"lead": ["市卫健委"], "co": ["市医保局"]}}


def test_a_note_between_title_and_body_does_not_hide_the_title(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(
        "某区深化医药卫生体制改革工作要点\n\n排在首位的为牵头部门，其他为配合部门。\n"
        "一、推进分级诊疗\n1.推进紧密型医共体建设。（区卫健局、区医保局）\n",
        encoding="utf-8",
    )
    ext = parse_document(read_document(path))
    assert ext.meta.title == "某区深化医药卫生体制改革工作要点"
    assert any("首位" in r for r in ext.rules)


def test_a_flattened_table_with_a_responsible_office_column(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        "省卫生健康委2024年重点工作任务分工方案\n\n序号|工作任务|责任处室|完成时限\n"
        "1|推进紧密型县域医共体建设|基层卫生健康处、医政医管处|2024年12月\n"
        "2|加强卫生人才队伍建设|科技教育处|2024年10月\n",
    )
    assert got == {
        "推进紧密型县域医共体建设": {"lead": ["基层卫生健康处"], "co": ["医政医管处"]},
        "加强卫生人才队伍建设": {"lead": ["科技教育处"]},
    }


def test_a_label_inside_a_closing_bracket_is_not_a_label_run_into_the_text() -> None:
    text = (
        "一、重点任务\n"
        "1. 推进石化基地建设,抓好乙烯改扩建项目,力争早日建成投产并形成新的增长点。"
        "(牵头单位:市发改委;配合单位:市规划局、市自然资源局)\n"
        "2. 加快物流园区建设。(牵头单位:市交委)\n"
    )
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    task = parse_document(doc).to_json()["tasks"][0]
    assert (task["lead"], task["co"]) == (["市发改委"], ["市规划局", "市自然资源局"])


def test_paragraphs_each_annotated_under_one_task_all_count(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        "某省关于落实规划纲要主要目标和任务工作分工的通知\n\n一、约束性指标\n"
        "1.建立约束性指标公报制度\n"
        "每年定期公布耕地保有量情况。(省国土资源厅、统计局负责)\n"
        "每年定期公布主要污染物减排情况。(省环保厅牵头,统计局配合)\n"
        "2.建立约束性指标考核制度\n"
        "将约束性指标纳入绩效考核。(省人事厅配合省委组织部落实)\n",
    )
    assert got["建立约束性指标公报制度"] == {"lead": ["省国土资源厅", "省环保厅"], "co": ["统计局"]}
    assert got["建立约束性指标考核制度"] == {"lead": ["省委组织部"], "co": ["省人事厅"]}


def test_a_group_heading_names_the_lead_of_its_tasks(tmp_path: Path) -> None:
    got = extract(
        tmp_path,
        "某省人民政府工作目标责任分解\n\n一、张三省长负责的工作\n"
        "(一)省审计厅牵头的工作\n全面加强审计工作。\n协同单位:省直各部门。\n"
        "(二)省编办牵头的工作\n1.深化行政管理体制改革。\n2.推进乡镇机构改革。\n"
        "协同单位:省财政厅、省人事厅等省直有关部门。\n",
    )
    assert got["省审计厅牵头的工作"] == {"lead": ["省审计厅"], "co": ["省直各部门"]}
    # The official in the top heading is no unit; 等省直有关部门 adds none. The one 协同单位 line
    # after items 1 and 2, neither with a note of its own, speaks for both.
    assert got["深化行政管理体制改革。"] == {"lead": ["省编办"], "co": ["省财政厅", "省人事厅"]}
    assert got["推进乡镇机构改革。"] == {"lead": ["省编办"], "co": ["省财政厅", "省人事厅"]}


def test_a_page_that_is_one_record_of_labelled_fields_is_one_task(tmp_path: Path) -> None:
    text = (
        "具体任务\n全面落实疫情防控措施,完成方舱医院升级改造。\n"
        "责任单位\n卫健局、文旅局\n配合单位\n各乡镇\n完成时限\n12月底前完成\n"
    )
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    ext = parse_document(read_document(path))
    (task,) = ext.tasks
    assert task.title == "全面落实疫情防控措施"
    assert (task.names("lead"), task.names("co")) == (["卫健局"], ["文旅局", "各乡镇"])
    assert task.deadline == "12月底前完成" and task.deadline_kind == "date"
    assert all(ext.clean.text[u.start : u.end] == u.name for u in task.units)


def test_a_record_of_labelled_fields_run_together_is_one_task(tmp_path: Path) -> None:
    """The record copied from a web page without its line breaks: each bare label after the
    task's last sentence opens a field (责任单位A、B配合单位C完成时限…)."""
    text = "具体任务开展爱国卫生运动,举办全县运动会。牵头单位卫健局协办单位文旅局、体育中心完成时限12月底前\n"
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    ext = parse_document(read_document(path))
    (task,) = ext.tasks
    assert task.title == "开展爱国卫生运动"
    assert (task.names("lead"), task.names("co")) == (["卫健局"], ["文旅局", "体育中心"])
    assert task.deadline == "12月底前"
    assert all(ext.clean.text[u.start : u.end] == u.name for u in task.units)


def test_a_standing_note_with_xiatong_covers_its_own_task_and_those_below(tmp_path: Path) -> None:
    """…均涉及X,不再做分工,下同: X is printed at this task (co) and attached to the later ones."""
    got = extract(
        tmp_path,
        HEAD + "（一）培育市场主体。扶持龙头企业。"
        "〔责任单位:市商务局。具体任务均涉及各县(区)人民政府,不再做分工,下同。〕\n"
        "（二）优化营商环境。推行一网通办。〔责任单位:市市场监管局〕\n",
    )
    assert got == {
        "培育市场主体。": {"lead": ["市商务局"], "co": ["各县(区)人民政府"]},
        "优化营商环境。": {"lead": ["市市场监管局"], "implied": ["各县(区)人民政府"]},
    }


def test_clauses_closing_sentences_inside_a_paragraph_annotate_its_item(tmp_path: Path) -> None:
    """A page that ran annotated target lines together keeps each line's clause mid-paragraph."""
    got = extract(
        tmp_path,
        "某市规划纲要主要目标分解\n\n一、分工原则\n（一）明确政府职责。对市场主体自主行为实现的目标不作分解。\n"
        "二、工作分工\n1.主要指标的责任部门。\n"
        "森林覆盖率达到40%。(市林业局牵头)单位生产总值能耗降低15%。(市发改委、市工信局牵头)"
        "耕地保有量保持稳定。\n",
    )
    assert got["主要指标的责任部门。"] == {"lead": ["市林业局", "市发改委", "市工信局"]}


def test_every_sentence_clause_of_an_item_on_one_line_counts(tmp_path: Path) -> None:
    """An item whose annotated paragraphs were run onto one line: the last clause and those
    closing its earlier sentences all annotate it; a unit keeps the strongest role given."""
    got = extract(
        tmp_path,
        HEAD + "（一）扩大有效需求。发挥消费的基础作用。(市商务局、市财政局等负责)"
        "发挥投资的关键作用。(市发改委、市财政局等负责)发挥出口的支撑作用。(市财政局、市商务局负责)\n",
    )
    assert got == {"扩大有效需求。": {"lead": ["市商务局", "市财政局", "市发改委"]}}
