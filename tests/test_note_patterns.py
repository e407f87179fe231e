"""Annotation and outline patterns of the genre: short synthetic texts, each in the wording
task-allocation documents use, read as a document file."""

from __future__ import annotations

from pathlib import Path

from policykg.loaders import read_document
from policykg.loaders.parse import parse_document


def extract(tmp_path: Path, text: str) -> dict:
    """The extraction of ``text`` saved as a document file."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(read_document(path)).to_json()


def test_a_note_in_square_brackets_keeps_its_sentences_together(tmp_path: Path) -> None:
    """〔A、B等按职责分工负责。责任单位:C、D。以下均需C、D落实,不再列出。〕: the 负责 list leads
    (first-listed), the 责任单位 after it are co, and the standing rule reaches later tasks."""
    text = (
        "某市节能工作方案\n"
        "(一)推进产业结构调整\n"
        "1.加强准入管理。严格落实产业政策要求。〔市生态环境局、发展改革委等按职责分工负责。"
        "责任单位:各县(市、区)人民政府、各开发园区管委。以下均需各县(市、区)人民政府、"
        "各开发园区管委落实,不再列出。〕\n"
        "2.遏制高耗能项目。严格项目审批。〔市发展改革委负责〕\n"
    )
    first, second = extract(tmp_path, text)["tasks"]
    assert first["lead"] == ["市生态环境局"]
    assert first["co"] == ["发展改革委", "各县(市、区)人民政府", "各开发园区管委"]
    assert second["lead"] == ["市发展改革委"]
    assert second["implied"] == ["各县(市、区)人民政府", "各开发园区管委"]


def test_a_heading_counting_its_tasks_names_their_lead(tmp_path: Path) -> None:
    """一、县示范区管委会牵头工作(8项): the unit in the heading leads every item under it."""
    text = (
        "某县政府工作报告任务清单\n"
        "一、县示范区管委会牵头工作(2项)\n"
        "1.建设水产养殖基地。\n"
        "2.打造食用菌生产基地。\n"
        "二、县农业农村局牵头工作(1项)\n"
        "3.新建高标准农田1万亩。\n"
    )
    tasks = extract(tmp_path, text)["tasks"]
    assert [t["lead"] for t in tasks] == [["县示范区管委会"], ["县示范区管委会"], ["县农业农村局"]]


def test_a_cover_notice_numbering_its_requirements_before_the_annex(tmp_path: Path) -> None:
    """The notice's own 一、二、 paragraphs before its signature and 附件1 are not tasks when the
    annex numbers the tasks."""
    text = (
        "各乡镇人民政府,县直各有关单位:\n"
        "现将任务分解印发给你们,请抓好落实。\n"
        "一、责任到人,闭环管理。各责任单位要逐项细化职责。\n"
        "二、节点管控,动态调度。各单位要紧盯目标任务。\n"
        "某县人民政府办公室\n"
        "2025年5月18日\n"
        "附件1\n"
        "2025年县政府工作报告任务清单\n"
        "一、县示范区管委会牵头工作(2项)\n"
        "1.建设水产养殖基地。\n"
        "2.打造食用菌生产基地。\n"
    )
    titles = [t["title"] for t in extract(tmp_path, text)["tasks"]]
    assert titles == ["建设水产养殖基地。", "打造食用菌生产基地。"]


def test_a_targets_item_under_a_task_section_is_a_task(tmp_path: Path) -> None:
    """二、主要任务 / (一)… / 1.主要目标指标。: the item states a task's targets; a 主要目标 under
    一、总体要求 stays the document's general requirements."""
    text = (
        "某省卫生健康工作要点\n"
        "一、总体要求\n"
        "(一)主要目标。人均预期寿命达80岁。\n"
        "二、主要任务\n"
        "(一)实施全民健康促进行动。\n"
        "1.主要目标指标。\n"
        "居民健康素养水平达39%以上,人均基本公共卫生服务经费达102元以上。\n"
    )
    tasks = extract(tmp_path, text)["tasks"]
    assert [t["title"] for t in tasks] == ["主要目标指标。"]
    assert [(x["value"], x["unit"]) for x in tasks[0]["targets"]] == [(39, "%"), (102, "元")]


def test_an_award_granted_on_a_condition_is_not_a_target() -> None:
    """对…的,分别给予一次性奖励20万元、10万元: incentives; 补助标准提高到120元 stays a target."""
    from policykg.loaders.targets import find_targets

    award = "当年首次列入百强企业、重点企业的,分别给予一次性奖励20万元、10万元,一次性奖励企业50万元。"
    assert find_targets(award) == []
    goal = "各级财政对城镇居民医保补助标准提高到每人每年120元。"
    assert [(t.value, t.unit) for t in find_targets(goal)] == [(120, "元")]


def test_the_parks_a_label_lists_are_units(tmp_path: Path) -> None:
    """(牵头单位:A;责任单位:新材料产业园、商贸物流园等): an industrial park answers for its part; a
    幼儿园 or 公园 named in a task is no unit."""
    from policykg.loaders.units import is_unit_name

    text = (
        "某县重要工作事项责任分工\n"
        "一、强产业\n"
        "1.修编经济开发区整体规划。(牵头单位:县园区发展服务中心;责任单位:新材料产业园、商贸物流园等)\n"
    )
    (task,) = extract(tmp_path, text)["tasks"]
    assert task["co"] == ["新材料产业园", "商贸物流园"]
    assert not is_unit_name("幼儿园") and not is_unit_name("公园")


def test_an_item_opening_with_a_year_after_its_marker(tmp_path: Path) -> None:
    """1、2023年底前… opens an item, on its own line or run together on one line with the
    others; 1、2、3号楼 inside a sentence stays text."""
    items = [
        "1、2023年底前,将未参保的退休人员纳入城镇职工医保,到2023年,城镇职工医保、城镇居民医保和新农合参保率均提高并稳定在90%以上。(市人社局负责,市国资委配合)",
        "2、2024年,稳固新农合的参合覆盖面,重点资助城乡低保对象参加新农合,新农合参合率达98%以上。(市卫生局负责,市财政局配合)",
        "3、改造社区卫生服务中心1、2、3号楼。(市住建局负责)",
    ]
    for joiner in ("\n", ""):
        text = "某市医改实施方案\n一、加快推进医疗保障制度建设\n" + joiner.join(items) + "\n"
        tasks = extract(tmp_path, text)["tasks"]
        assert [t["lead"] for t in tasks] == [["市人社局"], ["市卫生局"], ["市住建局"]], joiner
        assert tasks[2]["title"] == "改造社区卫生服务中心1、2、3号楼。"


def test_a_place_before_a_count_of_places_names_the_group(tmp_path: Path) -> None:
    """支持某湖滨湖四县…: 滨湖 before 四县 is the four lakeside counties, not 滨湖区; the
    province the units speak for is the jurisdiction."""
    text = (
        "支持滨湖四县小康攻坚重点工作责任分工方案\n"
        "一、加快基础设施建设\n"
        "1.加快构建环湖旅游快速通道。(江西省发改委、省交通运输厅负责)\n"
        "2.加快国省道升级改造。(省交通运输厅负责)\n"
    )
    assert extract(tmp_path, text)["document"]["jurisdiction"]["name"] == "江西省"


def test_a_title_over_a_body_opening_with_the_year(tmp_path: Path) -> None:
    """(此件公开发布) / 2025年某县…责任分工 / 2025年是…之年。…分工如下: the line above the body
    is the title, though the body's opening ends with a colon."""
    text = (
        "某县人民政府\n"
        "2025年2月28日\n"
        "(此件公开发布)\n"
        "2025年金乡县政府重要工作事项责任分工\n"
        "2025年是“十四五”规划的收官之年。根据县人民代表大会的安排部署,现将2025年县政府重要工作事项责任分工如下:\n"
        "一、主要预期目标\n"
        "1.地区生产总值增长6%。(牵头单位:县发展和改革局)\n"
    )
    assert extract(tmp_path, text)["document"]["title"] == "2025年金乡县政府重要工作事项责任分工"


def test_a_title_over_a_hard_wrapped_preamble(tmp_path: Path) -> None:
    """A PDF text layer breaks the preamble after a comma (为贯彻落实…,): its first line opens
    the body, and the line above it is the title."""
    text = (
        "某市人民政府\n"
        "您当前的位置:\n"
        ">> 走进某市 >> 投资政策\n"
        "\n"
        "加快推进工业经济高质量发展若干政策\n"
        "\n"
        "发布日期:2022-12-19 10:21\n"
        "为贯彻落实新发展理念,进一步聚焦高质量,\n"
        "加快推动制造业高质量发展,特制订如下政策。\n"
        "一、深入实施数字经济“一号工程”\n"
        "(一)深入推进数字经济系统建设。加快数字经济系统建设。(责任单位:市经信局)\n"
    )
    assert extract(tmp_path, text)["document"]["title"] == "加快推进工业经济高质量发展若干政策"


def test_a_planned_investment_is_a_target_a_project_total_is_not() -> None:
    """投资3000万元建设养殖基地: the investment to make; 总投资12亿元的项目: the size of a project."""
    from policykg.loaders.targets import find_targets

    planned = "投资3000万元建设南美白对虾工厂化循环水养殖基地。"
    assert [(t.value, t.unit) for t in find_targets(planned)] == [(3000, "万元")]
    assert find_targets("物流园项目总投资12亿元。") == []


def test_a_row_of_space_separated_cells_gives_its_units(tmp_path: Path) -> None:
    """序号 任务 牵头领导 牵头责任单位 配合责任单位 工作评价 进展: after the task's sentence the
    leaders' names (persons) are passed over, the units read (lead first), the progress not."""
    text = (
        "2023年县政府重点工作责任清单进展情况汇总表\n"
        "序号 2023年重点工作任务 牵头领导 牵头责任单位 配合责任单位 工作评价 进展情况\n"
        "81 加强医疗资源建设,最大限度减少疫情的影响。 汪  峰   吴蓓蓓 县卫健委 各乡镇\n"
        "县直有关单位 达到时序进度 加强基层医疗卫生机构人员培训\n"
        "85 新增托育机构2所以上。 吴蓓蓓 县卫健委 县直有关单位 已完成 完成县托幼中心备案工作\n"
    )
    tasks = extract(tmp_path, text)["tasks"]
    assert [(t["lead"], t["co"]) for t in tasks] == [
        (["县卫健委"], ["各乡镇", "县直有关单位"]),
        (["县卫健委"], ["县直有关单位"]),
    ]
    assert [(x["value"], x["unit"]) for x in tasks[1]["targets"]] == [(2, "所")]


def test_a_cover_run_together_keeps_its_date(tmp_path: Path) -> None:
    """Run together on one line: a signature sealed (代) before its date, or a date right after
    the notice's last sentence with no signature at all, still dates the document."""
    body = (
        "一、建立工作机制1.建立领导小组。统筹协调推进相关工作,领导小组下设办公室。(责任单位:市委办公室、市发改委)"
        "2.建立联席会议制度。采取轮值制每年举行工作会商会,推进重大项目和事项,协调解决重大问题。(责任单位:市发改委)"
    )
    sealed = (
        "各县(市、区)人民政府,市各有关单位:经市人民政府同意,现将《某市降碳工作实施方案》印发给你们,"
        "请认真组织实施。某市节能减排工作领导小组办公室(代)2024年3月22日(此件公开发布)"
        "某市降碳工作实施方案" + body
    )
    bare = (
        "各县(市、区)人民政府,市直有关单位:《某市都市圈发展行动方案》已经市政府研究同意,现印发给你们,"
        "请认真贯彻执行。2019年6月19日某市都市圈发展行动方案为深度融入都市圈,制定本方案。" + body
    )
    assert extract(tmp_path, sealed)["document"]["date"] == "2024-03-22"
    assert extract(tmp_path, bare)["document"]["date"] == "2019-06-19"


def test_titles_a_notice_issues_are_not_cites_where_named_again(tmp_path: Path) -> None:
    """现将《A》《B》《C》印发给你们 / …确定了《X》,现印发给你们: the issued titles are the
    document's own, also where a later paragraph names them (《A》明确133项); 《政府工作报告》 is
    a cite."""
    text = (
        "各乡镇人民政府,县直各有关单位:\n"
        "经县政府同意,现将《2025年县政府工作报告任务分解》《2025年十五件民盼实事任务分解》"
        "《2025年县政府重点工作任务分解》印发给你们。\n"
        "一、责任到人。《2025年县政府工作报告任务分解》明确133项具体任务。\n"
        "附件1\n"
        "2025年县《政府工作报告》任务清单\n"
        "一、县示范区管委会牵头工作(1项)\n"
        "1.建设水产养殖基地。\n"
    )
    assert extract(tmp_path, text)["document"]["cites"] == ["《政府工作报告》"]


def test_a_count_of_ten_thousands_without_its_measure_word() -> None:
    """城乡居民免费健康体检人数达1000万以上: a count whose measure word is left unwritten."""
    from policykg.loaders.targets import find_targets

    got = find_targets("城乡居民免费健康体检人数达1000万以上,居民电子健康档案开放率达70%以上。")
    assert [(t.value, t.unit, t.comparator) for t in got] == [(1000, "万", ">="), (70, "%", ">=")]


def test_a_shared_copys_page_marker_is_no_part_of_the_title(tmp_path: Path) -> None:
    """第1页共8页深化医药卫生体制改革实施方案一、…: a document-sharing site's page marker run into
    the title, and the first heading run on after it, are cut off the title."""
    text = (
        "第1页共8页深化医药卫生体制改革实施方案一、加快推进基本医疗保障制度建设(一)扩大基本医疗保障覆盖面。"
        "1、2023年,城镇职工医保参保率达90%以上。(市人社局负责,市国资委配合)2、稳固新农合的参合覆盖面,"
        "2023年实现参合率98%以上。(市卫生局负责,市财政局配合)3、逐步加大医疗救助资金的投入。(市民政局负责)"
        "4、推广建立新农合普通门诊费用统筹机制,门诊费用报销比例不低于30%。(市卫生局负责,市财政局配合)\n"
    )
    assert extract(tmp_path, text)["document"]["title"] == "深化医药卫生体制改革实施方案"


def test_rows_of_space_separated_cells_run_together_on_one_line(tmp_path: Path) -> None:
    """A page that ran the whole table into one line (…进度安排 备注81 科学…85 新增…): after the
    header each row's number, run on after a cell, opens the row."""
    text = (
        "2023年县政府重点工作责任清单进展情况汇总表(10-12月)"
        "序号 2023年重点工作任务 牵头领导 牵头责任单位 配合责任单位 工作评价 2023年10-12月份进展情况 备注"
        "81 科学精准落实疫情防控优化措施,加强医疗资源建设,最大限度减少疫情的影响。 汪  峰   吴蓓蓓 县卫健委 "
        "县直有关单位 达到时序进度 加强基层医疗卫生机构传染病物资配备,加强基层医疗卫生机构人员培训"
        "85 新增托育机构2所以上。 吴蓓蓓 县卫健委 有关乡镇 已完成 完成县托幼中心备案工作\n"
    )
    tasks = extract(tmp_path, text)["tasks"]
    got = [(t["lead"], t["co"]) for t in tasks]
    assert got == [(["县卫健委"], ["县直有关单位"]), (["县卫健委"], ["有关乡镇"])]
