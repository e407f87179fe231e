"""Title, date, 文号 and citations read from the front matter as published documents write it."""

from __future__ import annotations

import pytest
from policykg.loaders.parse import parse_document

from policykg.model import Document

ITEMS = "一、重点任务\n(一)加快建设物流园区。(牵头单位:市交委)\n(二)推进商贸区建设。(牵头单位:市商务局)\n"


def _meta(front: str) -> dict:
    text = front + ITEMS
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    return parse_document(doc).to_json()["document"]


def test_a_notice_that_is_the_document_keeps_its_own_title() -> None:
    meta = _meta("【重点工作】某市人民政府关于2020年市政府重点工作及责任分解的通知\n各县、市、区人民政府:\n")
    assert meta["title"] == "某市人民政府关于2020年市政府重点工作及责任分解的通知"


def test_a_cover_notice_names_the_plan_it_issues() -> None:
    meta = _meta(
        "某市卫生健康委员会关于印发某市健康行动2023年工作要点的通知\n各成员单位:\n现将有关事项通知如下。\n"
    )
    assert meta["title"] == "某市健康行动2023年工作要点"


def test_a_notice_whose_tasks_follow_is_its_own_title() -> None:
    meta = _meta(
        "某省人民政府关于印发2008年省人民政府工作目标责任分解的通知\n(某政发[2008]8号)\n各市人民政府:\n现将工作目标责任分解安排如下:\n"
    )
    assert meta["title"] == "某省人民政府关于印发2008年省人民政府工作目标责任分解的通知"
    assert meta["doc_number"] == "某政发[2008]8号"


def test_title_over_two_lines_page_information_and_sub_headings_are_passed_over() -> None:
    meta = _meta(
        "某区人民政府\n2023年3月28日\n(此件公开发布)\n某区政府2023年重点工作\n\n任务分解和责任分工方案\n发布时间:2023-03-30\n——推进教育发展\n"
    )
    assert meta["title"] == "某区政府2023年重点工作任务分解和责任分工方案"
    assert meta["date"] == "2023-03-28"


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("二○○六年四月二十八日", "2006-04-28"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("2023 9 18", "2023-09-18"),
    ],
)
def test_signature_dates_in_numerals_or_without_their_characters(line: str, date: str) -> None:
    assert _meta(f"某市健康行动2023年工作要点\n某市人民政府办公室\n{line}\n")["date"] == date


def test_the_page_date_is_kept_when_there_is_no_signature() -> None:
    meta = _meta("某市2020年重点工作任务分工\n发布时间:2020-02-03 17:29\n")
    assert meta["date"] == "2020-02-03"
    assert _meta("【发布日期】2008-02-03\n某市重点工作任务分工\n")["date"] == "2008-02-03"
    # a page-info table puts the label and its value in cells of their own
    info = "文号: | 某政办函〔2024〕4号 | 成文日期: | 2024-02-04 |\n"
    assert _meta(info + "某市重点工作任务分工\n")["date"] == "2024-02-04"


def test_what_a_notice_issues_is_no_citation_but_what_it_works_from_is() -> None:
    meta = _meta(
        "某县人民政府办公室\n2025年4月25日\n某县行动计划主要目标责任清单\n"
        "《某县行动计划主要目标责任清单》《某县行动计划重点任务清单》已经县人民政府同意。\n"
    )
    assert meta["cites"] == []
    meta = _meta(
        "某省人民政府关于明确重点工作责任单位的通知\n现将《政府工作报告》提出的重点工作任务予以分解。\n"
    )
    assert meta["cites"] == ["《政府工作报告》"]
    assert meta["title"] == "某省人民政府关于明确重点工作责任单位的通知"


def test_a_title_broken_by_spaces_is_joined_and_a_site_name_line_is_no_title() -> None:
    meta = _meta(
        "法搜网--中国法律信息搜索网\n某省人民政府 关于明确2023年 重点工作责任单位的通知\n各市人民政府:\n"
    )
    assert meta["title"] == "某省人民政府关于明确2023年重点工作责任单位的通知"


def test_front_matter_run_together_as_a_web_page_gives_it() -> None:
    front = (
        "导航菜单(湖北省)某省人民政府关于落实政府工作报告重点工作责任分工的意见发布日期:2013-03-27"
        "浏览次数:1各市人民政府,省政府各有关直属单位:按照省政府常务会议的要求,现就重点工作提出责任分工意见如下:"
    )
    body = (
        "一、主要目标(一)地区生产总值增长11%左右,确保全年经济平稳运行。(省发改委负责)"
        "(二)公共财政收入增长13%左右。(省财政厅负责)"
    )
    text = front + body + "\n"
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    got = parse_document(doc).to_json()
    assert got["document"]["title"] == "某省人民政府关于落实政府工作报告重点工作责任分工的意见"
    assert got["document"]["date"] == "2013-03-27"
    assert [t["lead"] for t in got["tasks"]] == [["省发改委"], ["省财政厅"]]


def test_a_cover_notice_that_adds_requirements_still_issues_its_plan() -> None:
    """现印发给你们,并就有关事项通知如下: the notice hands out the plan; its own 一、二、 are requirements."""
    meta = _meta(
        "关于印发《某区2023年重点工作分工方案》的通知\n各街道办事处:\n"
        "《某区2023年重点工作分工方案》已经区政府常务会审议通过,现印发给你们,并就有关事项通知如下:\n"
    )
    assert meta["title"] == "某区2023年重点工作分工方案"
    assert meta["cites"] == []


def test_page_information_bullets_give_title_number_and_date() -> None:
    meta = _meta(
        "• 信息名称:关于印发《某区2023年重点工作分工方案》的通知\n• 发文序号:某政办发〔2023〕1 号\n"
        "• 成文日期:2023年3月3日\n各街道办事处:\n经区政府同意,现将有关事项通知如下:\n"
    )
    assert meta["title"] == "关于印发《某区2023年重点工作分工方案》的通知"
    assert meta["doc_number"] == "某政办发〔2023〕1号"
    assert meta["date"] == "2023-03-03"


def test_a_number_before_the_title_on_its_line_and_a_bare_page_time() -> None:
    meta = _meta(
        "某政办字〔2015〕46号 某省人民政府办公厅关于落实重点工作部门分工的意见\n"
        "浏览量:   时间:2015-04-12 10:32:00\n省政府各部门:\n现提出部门分工意见如下:\n"
    )
    assert meta["title"] == "某省人民政府办公厅关于落实重点工作部门分工的意见"
    assert meta["date"] == "2015-04-12"


def test_a_part_heading_under_the_title_is_not_part_of_it() -> None:
    meta = _meta("某区国民经济和社会发展规划纲要\n区级任务分工方案\n第一部分 区政府主责任务(31项)\n")
    assert meta["title"] == "某区国民经济和社会发展规划纲要区级任务分工方案"


def test_a_local_branch_named_by_short_form_gives_the_place_when_none_is_named_in_full() -> None:
    """上海出入境检验检疫局 serves 上海市: a unit named with a place's short form, when the text
    names no place in full."""
    text = (
        "一、重点任务\n(一)完善传染病防控信息平台。(市卫生局、上海出入境检验检疫局负责,市旅游局配合)\n"
        "(二)加强学校卫生工作。(市卫生局负责)\n"
    )
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    assert parse_document(doc).to_json()["document"]["jurisdiction"]["name"] == "上海市"


def test_a_news_headline_or_link_above_the_title_is_not_part_of_it() -> None:
    meta = _meta(
        "相关新闻>>\n正式发布!2022年某市政府工作报告(全文请收藏)\n2022年《政府工作报告》\n目标任务责任分解方案\n"
    )
    assert meta["title"] == "2022年《政府工作报告》目标任务责任分解方案"
    assert meta["cites"] == ["《政府工作报告》"]


def test_a_number_labelled_among_page_fields_is_the_documents_own() -> None:
    """索引号:… 文 号:X 发布日期:… on one line, or a record's 发布文号 | X | cell."""
    for line in (
        "索引号:00820758-3/2022-00074 分  类:卫生 发文机关:某市人民政府办公室 "
        "文 号:海府办函〔2022〕24号 发布日期:2022年03月08日",
        "发布文号 | 粤府〔2021〕22号 |",
    ):
        text = line + "\n" + TEXT_AFTER_NUMBER
        assert _meta(text)["doc_number"] in ("海府办函〔2022〕24号", "粤府〔2021〕22号"), line
    cited = "根据《某某实施意见》(国办发〔2020〕44号)精神,制定本方案。\n" + TEXT_AFTER_NUMBER
    assert _meta(cited)["doc_number"] is None


def test_the_first_place_a_title_names_speaks_unless_a_place_inside_it_follows() -> None:
    tasks = ""
    partner = _meta("海东市与兰州市、临夏州共同推进兰西城市群建设2020年重点任务清单\n" + tasks)
    assert partner["jurisdiction"]["name"] == "海东市"
    nested = _meta("贵州省贵阳市2023年卫生健康工作要点\n" + tasks)
    assert nested["jurisdiction"]["name"] == "贵阳市"


TEXT_AFTER_NUMBER = "某某市2022年卫生健康工作要点\n"


def test_a_short_form_at_the_documents_level_outranks_a_lower_place_named_in_full() -> None:
    """市-prefixed units speak for a city: 株洲 named by its short form (株洲高新区管委会) is
    the speaker, not 芦淞区, a district of it named in full; units prefixed 自治区 speak for a
    region named only by its short form in the running text."""
    city = (
        "一、重点任务\n(一)推进高新区商业配套建设。(牵头单位:株洲高新区管委会;责任单位:市商务局、芦淞区)\n"
        "(二)加快城市更新。(牵头单位:市住建局;责任单位:芦淞区)\n"
    )
    region = (
        "为完成好交给广西的重大任务,现提出如下举措。\n"
        "一、重点任务\n(一)建设铁路经济圈。(自治区发展改革委牵头,自治区交通运输厅配合)\n"
        "(二)推进口岸建设。(自治区商务厅牵头)\n"
    )
    for text, name in ((city, "株洲市"), (region, "广西壮族自治区")):
        doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
        assert parse_document(doc).to_json()["document"]["jurisdiction"]["name"] == name
