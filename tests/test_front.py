"""A cover's closing and a title run together with what follows, as a web page copied in one
piece gives them: the metadata read as from the published lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.clean import clean_text
from policykg.loaders.listing import listed_date
from policykg.loaders.parse import parse_document

BODY = (
    "1.地区生产总值增长6%左右。(牵头单位:区发改局)"
    "2.一般公共预算收入增长5%。(牵头单位:区财政局;责任单位:区税务局)"
    "二、重点工作(一)加快建设产业园区。完善配套设施。(牵头单位:区经信局)"
    "(二)推进老旧小区改造。(牵头单位:区住建局;责任单位:各街道办事处)"
)


def _document(tmp_path: Path, text: str) -> dict:
    path = tmp_path / "page.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return parse_document(read_document(path)).to_json()


@pytest.mark.parametrize(
    "before",
    ["", "相关新闻>>正式发布!2024年某某区政府工作报告(全文请收藏)", "当前位置:首页 > 政务公开。"],
    ids=["at-the-top", "after-a-headline", "after-a-breadcrumb"],
)
def test_a_title_run_into_the_first_heading_stands_on_its_own_line(tmp_path: Path, before: str) -> None:
    """…责任分解方案一、主要预期目标: the words before the outline's first heading, closing with
    a document type, are the title; a heading may open with a year (一、2024年…)."""
    title = "2024年区《政府工作报告》确定的重点工作任务责任分解方案"
    text = f"{before}{title}一、2024年全区经济社会发展主要预期目标{BODY}"
    assert title in clean_text(text + "\n").text.split("\n")
    got = _document(tmp_path, text)
    assert got["document"]["title"] == title
    assert [t["lead"] for t in got["tasks"]] == [["区发改局"], ["区财政局"], ["区经信局"], ["区住建局"]]


def test_words_before_a_list_of_numerals_are_no_title() -> None:
    """一、二级医院 is a list inside the text, not the outline's first heading."""
    text = "某某区卫生健康工作要点按照工作方案一、二级医院全部完成改造。" + BODY
    assert "按照工作方案" not in clean_text(text + "\n").text.split("\n")


def test_an_unsigned_notice_is_dated_by_the_date_after_its_closing_request(tmp_path: Path) -> None:
    """A notice that prints no issuer over its date: the date right after its closing request
    (请…认真组织实施。) signs it, not the page's publishing date, and the title after it opens
    the body."""
    title = "某某区2024年重点工作任务清单"
    text = (
        "首页 > 政府信息公开时间:2024年3月16日各街道办事处,区政府各部门:"
        f"《{title}》已经区政府同意,现印发给你们,请结合各自实际,认真组织实施。"
        f"2024年3月9日{title}为贯彻落实区委全会精神,制定本清单。一、主要预期目标{BODY}"
    )
    got = _document(tmp_path, text)["document"]
    assert (got["date"], got["title"]) == ("2024-03-09", title)


def test_a_date_before_the_copy_to_line_signs_the_notice(tmp_path: Path) -> None:
    """…确保任务顺利完成。二〇二四年六月三十日抄送:…。Title根据…: the date before 抄送 signs
    the notice, and the title after the copy-to line is the document's own."""
    title = "落实某某市《2024年重点工作安排》的分工意见"
    text = (
        "局机关各科室:现将《分工意见》印发给你们。各科室要相互配合,确保任务顺利完成。"
        "二〇二四年六月三十日抄送:各区卫生健康局,局直属各单位。"
        f"{title}根据《某某市2024年重点工作安排》,为进一步明确任务目标,扎实推进各项改革,提出如下分工意见。一、主要预期目标{BODY}"
    )
    got = _document(tmp_path, text)["document"]
    assert (got["date"], got["title"]) == ("2024-06-30", title)


@pytest.mark.parametrize("after", ["前全部完成改造。", "起施行。", ",区政府召开常务会议。"])
def test_a_date_carrying_its_sentence_on_is_no_signature(after: str) -> None:
    """A date that opens a sentence going on after it (…日前完成, …日起施行) stays in it."""
    text = f"某某区卫生健康工作要点各街道:请认真组织实施。2024年6月30日{after}一、重点任务{BODY}"
    assert "2024年6月30日" not in clean_text(text + "\n").text.split("\n")


def test_a_bracket_the_page_leaves_open_encloses_nothing(tmp_path: Path) -> None:
    """【字体: run in before the cover opens a bracket nothing closes: the 文号 after it is the
    notice's own, not one cited inside brackets, and stands on its own line."""
    text = (
        "您的位置:首页【字体:来源:某某省人民政府办公厅某某省人民政府办公厅关于印发2024年某某省政务公开"
        "工作要点的通知某政办发〔2024〕47号各州、市人民政府,省直各部门:《2024年某某省政务公开工作要点》"
        "已经省人民政府同意,现印发给你们,请认真贯彻执行。某某省人民政府办公厅2024年6月2日"
        f"2024年某某省政务公开工作要点一、主要预期目标{BODY}"
    )
    assert "某政办发〔2024〕47号" in clean_text(text + "\n").text.split("\n")
    assert _document(tmp_path, text)["document"]["doc_number"] == "某政办发〔2024〕47号"


def test_a_listing_entry_naming_the_document_dates_it(tmp_path: Path) -> None:
    """• 2024.03.04 某某…关于印发《X》的通知 over the document X, which prints no date of its own:
    the entry's date is the document's; an entry naming another document dates nothing."""
    title = "某某市进一步深化改革促进乡村医疗卫生体系健康发展分工方案"
    lines = [
        "标签的相关文档,共2条",
        "• 2023.11.20 某某市关于印发《某某市卫生健康工作要点》的通知",
        f"• 2024.03.04 某某市医改领导小组秘书处关于印发《{title}》的通知",
        title,
        f"一、主要预期目标{BODY}",
    ]
    got = _document(tmp_path, "\n".join(lines))["document"]
    assert (got["title"], got["date"]) == (title, "2024-03-04")
    # Run together, the entry keeps its bullet where the line break was lost.
    assert listed_date("".join(lines[:3]), title) == "2024-03-04"
    assert listed_date("".join(lines[:2]), title) is None
