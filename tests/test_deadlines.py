"""Deadlines as data: the phrase as written, the last day it allows, and where it stands."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.deadlines import find_in_text, heading_deadline, read_deadline
from policykg.loaders.parse import parse_document

from policykg.model import Document, Extraction


@pytest.mark.parametrize(
    ("written", "year", "date", "kind"),
    [
        ("2023年6月底前", None, "2023-06-30", "date"),
        ("2024年2月底", None, "2024-02-29", "date"),
        ("2023年底前完成", None, "2023-12-31", "date"),
        ("2023年上半年", None, "2023-06-30", "date"),
        ("第三季度", 2022, "2022-09-30", "date"),
        ("2023年6月30日前", None, "2023-06-30", "date"),
        ("2025年前", None, "2024-12-31", "date"),
        ("2023年启动，2024年底前完成", None, "2024-12-31", "date"),
        ("2023—2025年", None, "2025-12-31", "date"),
        ("6月底前", 2021, "2021-06-30", "date"),
        ("6月底前", None, None, "date"),
        ("十二月中旬", 2020, "2020-12-20", "date"),
        ("二〇二三年年底", None, "2023-12-31", "date"),
        ("长期坚持", 2023, None, "ongoing"),
        ("持续推进", None, None, "ongoing"),
        ("年内持续推进", 2021, None, "ongoing"),  # carried on through the year: no completion date
        ("全年持续开展", 2021, None, "ongoing"),
        ("每年12月底前", 2023, None, "recurring"),
        ("按季度报送", None, None, "recurring"),
        ("文件出台后3个月内", None, None, "relative"),
        ("2024", None, "2024-12-31", "date"),  # a time column's bare year
        ("2022-2023", None, "2023-12-31", "date"),
        ("2023.03-2023.12", None, "2023-12-31", "date"),
        ("2024.6", None, "2024-06-30", "date"),
    ],
)
def test_written_deadline_read_as_date_or_kind(
    written: str, year: int | None, date: str | None, kind: str
) -> None:
    got = read_deadline(written, 10, year)
    assert got is not None
    assert (got.date, got.kind) == (date, kind)
    assert got.start == 10 and got.end == 10 + len(written.strip())


@pytest.mark.parametrize("phrase", ["摸底排查", "立即", "", "按职责分工负责"])
def test_words_that_name_no_time_are_no_deadline(phrase: str) -> None:
    assert read_deadline(phrase, 0, 2023) is None


@pytest.mark.parametrize(
    ("text", "written", "date"),
    [
        ("推进医共体建设,于2023年6月底前完成县级方案制定。", "2023年6月底前完成", "2023-06-30"),
        ("6月底前启动试点,年底前全面推开。", "年底前", "2023-12-31"),
        ("力争马銮湾医院于2023年下半年试运行。", "2023年下半年", "2023-12-31"),
        ("在年内顺利通过复核评估。", "年内", "2023-12-31"),
        ("完善考核机制(长期坚持)。", "长期坚持", None),
        ("工作实施阶段(2024年8月—2025年9月)。", "2024年8月—2025年9月", "2025-09-30"),
        ("总结评估阶段（2025年10月—12月）", "2025年10月—12月", "2025-12-31"),
    ],
)
def test_deadline_in_the_task_words(text: str, written: str, date: str | None) -> None:
    got = find_in_text(text, 0, len(text), 2023)
    assert got is not None and got.text == written and got.date == date
    assert text[got.start : got.end] == written


@pytest.mark.parametrize(
    "text",
    [
        "到2025年,县域医共体覆盖率达到90%以上。",  # the year of a target
        "持续推进医共体建设,提升服务能力。",  # a verb, not a deadline
        "自2023年1月1日起施行新标准。",
        "力争排名前列,2020年前后完成的评估不再计入。",
        "贯彻落实《健康贵州行动(2021—2025年)》。",  # a cited title's years
    ],
)
def test_times_that_are_no_task_deadline(text: str) -> None:
    got = find_in_text(text, 0, len(text), 2023)
    assert got is None or got.kind != "date" or "前后" not in got.text, got
    if "到2025年" in text or "持续推进" in text or "起施行" in text or "《" in text:
        assert got is None


def _parse(tmp_path: Path, text: str) -> Extraction:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(read_document(path))


def test_a_deadline_heading_covers_its_tasks(tmp_path: Path) -> None:
    assert heading_deadline("2023年6月底前完成的任务", 0, None).date == "2023-06-30"  # type: ignore[union-attr]
    assert heading_deadline("长期坚持的工作", 0, None).kind == "ongoing"  # type: ignore[union-attr]
    assert heading_deadline("重点任务", 0, 2023) is None
    text = (
        "2023年卫生健康重点工作任务分工\n"
        "一、2023年6月底前完成的任务\n"
        "1.制定县域医共体建设方案。(县卫健局牵头,县财政局配合)\n"
        "2.完成家庭医生签约服务评估。(县卫健局负责)\n"
        "二、长期坚持的工作\n"
        "3.开展健康教育进社区活动。(县卫健局牵头,县教育局配合)\n"
        "4.完成村卫生室标准化建设,9月底前完成验收。(县卫健局负责)\n"
    )
    ex = _parse(tmp_path, text)
    got = {t.id: (t.deadline, t.deadline_date, t.deadline_kind) for t in ex.tasks}
    assert got["一/1"] == ("2023年6月底", "2023-06-30", "date")
    assert got["一/2"][1:] == ("2023-06-30", "date")
    assert got["二/3"] == ("长期坚持", None, "ongoing")
    assert got["二/4"] == ("9月底前完成", "2023-09-30", "date")  # its own words win over the heading
    for t in ex.tasks:
        s, e = t.deadline_span  # type: ignore[misc]
        assert text[s:e] == t.deadline


def test_label_line_and_table_column_deadlines(tmp_path: Path) -> None:
    text = (
        "关于印发2022年医改重点任务的通知\n"
        "1.推进紧密型县域医共体建设。\n牵头单位:市卫健委\n配合单位:市医保局\n完成时限:2022年第三季度\n"
        "2.完善家庭医生签约服务。\n牵头单位:市卫健委\n完成时限:长期坚持\n"
        "3.推进医保支付方式改革。\n牵头单位:市医保局\n完成时限:\n12月底前\n"
    )
    ex = _parse(tmp_path, text)
    got = [(t.deadline_date, t.deadline_kind) for t in ex.tasks]
    assert got == [("2022-09-30", "date"), (None, "ongoing"), ("2022-12-31", "date")]


def test_sample_deadlines_point_at_their_words(corpus_file: Path) -> None:
    doc: Document = read_document(corpus_file)
    ex = parse_document(doc)
    for t in ex.tasks:
        if t.deadline and t.deadline_span:
            s, e = ex.clean.to_source(*t.deadline_span)
            assert doc.raw_text[s:e] == t.deadline, (t.id, t.deadline)
        assert not t.deadline_date or t.deadline_kind == "date"


def test_compare_names_the_jurisdiction_with_the_earlier_deadline(tmp_path: Path) -> None:
    from policykg.viz.compare_data import compare_data

    from policykg.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for place, bureau, when in (
        ("贵阳市", "贵阳市卫生健康局", "2023年9月底前"),
        ("石家庄市", "石家庄市卫生健康委员会", "2023年6月底前"),
    ):
        (corpus / f"{place}.txt").write_text(
            f"{place}2023年医改重点任务分工\n"
            f"1.深入开展优质服务基层行活动,{when}完成达标评价。(牵头单位:{bureau})\n"
            f"2.推进优质服务基层行提质扩面。(牵头单位:{bureau})\n",
            encoding="utf-8",
        )
    out = tmp_path / "kg"
    build([corpus], out, html=False)
    (item,) = [i for i in compare_data(out)["initiatives"]["shared"] if i["label"] == "优质服务基层行"]
    assert item["earliest"]["due"] == "2023-06-30"
    assert item["earliest"]["jurisdiction"].startswith("石家庄")
    assert sorted(m["due"] for m in item["mentions"]) == ["2023-06-30", "2023-09-30"]


def test_a_reporting_rhythm_in_the_task_words_is_recurring() -> None:
    """A reporting rhythm (于每月10日前报送) says the task comes round again; a yearly amount does not."""
    text = "建立项目月报制度,于每月10日前报送上月进度。"
    got = find_in_text(text, 0, len(text), 2023)
    assert got is not None and got.kind == "recurring" and got.date is None
    text = "扩大就业,每年新增城镇就业5000人。"
    assert find_in_text(text, 0, len(text), 2023) is None


def _tasks(text: str) -> list[tuple[str, str, str | None, list[str]]]:
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    return [(t.id, t.deadline, t.deadline_date, [u.name for u in t.units]) for t in parse_document(doc).tasks]


def test_a_time_label_naming_the_work_is_the_task_deadline() -> None:
    """实施时间:, 集中整治时间: label a task's time as 完成时间: does, also with the value on the
    next line; an unread label line after the unit label must not hide the item's units."""
    text = (
        "某市2024年市容整治方案\n\n1.开展背街小巷整治。清理乱堆乱放。\n责任单位:市城管局、市住建局。\n"
        "集中整治时间:\n5月1日-9月30日\n2.修补破损人行道。及时修补。\n责任单位:各区人民政府。\n"
        "实施时间:3月1日-4月30日\n"
    )
    assert _tasks(text) == [
        ("1", "5月1日-9月30日", "2024-09-30", ["市城管局", "市住建局"]),
        ("2", "3月1日-4月30日", "2024-04-30", ["各区人民政府"]),
    ]


def test_a_page_continuation_mark_does_not_hide_the_first_item() -> None:
    """A page that goes on from the one before ([接上页], run together with the text) opens
    with an item; its labels after a sentence and a space open lines of their own."""
    text = (
        "[接上页] 1.开展背街小巷整治。清理乱堆乱放,拆除违章搭建,整治占道经营,规范户外广告,"
        "完善环卫设施,修复破损路灯,做到垃圾日产日清。 责任单位:市城管局。实施时间:5月1日-9月30日 "
        "2.修补破损人行道。及时修补破损路面,保持道路平整,方便群众出行,做到发现一处修补一处。 "
        "责任单位:各区人民政府。实施时间:3月1日-4月30日\n"
    )
    got = _tasks(text)
    assert [(t[0], t[1], t[3]) for t in got] == [
        ("1", "5月1日-9月30日", ["市城管局"]),
        ("2", "3月1日-4月30日", ["各区人民政府"]),
    ]


def test_an_excerpt_inside_a_section_goes_on_to_the_next_section() -> None:
    """A page starting at (四) of a section whose heading was on the page before reaches 三、:
    that heading opens its list though no 一、 was seen, and the phases under it are tasks."""
    text = (
        "(四)加强信息报送 领导小组办公室要确定专人负责信息管理工作,每周编发一期工作简报,"
        "报送上级领导小组办公室,"
        "对重要情况要随时报告,重点问题和典型案件要及时报送,确保信息畅通。 三、时间安排 (一)部署阶段(6月) "
        "各县区制定具体实施方案,完成动员部署工作。 (二)整治阶段(7月-10月) 各县区组织开展集中整治,"
        "对发现的问题限期整改到位。\n"
    )
    got = _tasks(text)
    assert [(t[0], t[1]) for t in got] == [("(四)", "每周"), ("三/(一)", "6月"), ("三/(二)", "7月-10月")]


@pytest.mark.parametrize(
    ("words", "date"),
    [
        # a year label over the steps after it gives their months its year
        ("2023年任务:一是完成摸底调查。2024年任务:一是3月底前完成评估;二是9月底前完成修编。", "2024-09-30"),
        # a step begun in a year is a time of the task
        ("加快构建快速通道。2024年开工建设环湖公路,支持开展前期工作。", "2024-12-31"),
        # a comparison with a year's level names no time
        ("继续按不高于2019年标准征收保障金,落实减免政策。", None),
        # a policy's validity period is how long it applies, not a deadline
        ("本措施有效期至2022年12月31日前。", None),
        ("减免政策2023年12月31日前有效,到期后按规定执行。", None),
        ("本通知自印发之日起施行,2024年12月31日前完成清理。", "2024-12-31"),
        # the latest time, wherever it stands: a phase's month over an earlier step in its words
        ("总结阶段(11月) 各县区进行总结,于10月30日前报送总结报告。", "2022-11-30"),
    ],
)
def test_times_in_the_task_words(words: str, date: str | None) -> None:
    got = find_in_text(words, 0, len(words), 2022)
    assert (got.date if got else None) == date


def test_the_goals_section_of_a_plan_is_no_task() -> None:
    """一、工作目标 states what the whole plan reaches (11月前全面完成): a goal of the document,
    not a task with its own deadline; the tasks are the items under 二、工作任务."""
    text = (
        "各区人民政府:\n现将有关要求通知如下:\n一、工作目标\n认真办好十方面民生实事,按照11月前全面完成的要求推进。\n"
        "二、工作任务\n(一)抓好任务分解。各单位要在3月31日前完成任务分解。\n"
        "(二)加强进度管理。每月通报项目进展。\n"
    )
    assert [t[0] for t in _tasks(text)] == ["二/(一)", "二/(二)"]
