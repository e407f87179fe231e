"""Task tables: rows become tasks, columns give roles and deadlines, merged cells carry down."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
from policykg.loaders.parse import parse_document
from policykg.loaders.tables import column_kinds, find_task_tables, split_cells

from policykg.model import Document

FIXTURES = Path(__file__).resolve().parent / "data" / "formats"
GOLD = json.loads((FIXTURES / "task_table.json").read_text(encoding="utf-8"))
ROLES = ("lead", "co", "participants", "implied")


def _make_fixtures():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _doc(text: str, name: str = "t.txt") -> Document:
    return Document(name, "text", text, "utf-8", "0" * 64, len(text.encode()))


def _extract(text: str) -> dict:
    return parse_document(_doc(text)).to_json()


def _triples(tasks: list[dict]) -> set[tuple[str, str, str]]:
    return {(t["id"], n, r) for t in tasks for r in ROLES for n in t[r]}


@pytest.fixture(scope="session")
def table_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _make_fixtures().write_task_table_docx(tmp_path_factory.mktemp("tables") / "task_table.docx")


def test_split_cells_and_header() -> None:
    line = "|序号|重点任务| 牵头单位 |配合单位|完成时限|"
    cells = [line[s:e] for s, e in split_cells(line)]
    assert cells == ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
    assert column_kinds(cells) == {"id": 0, "task": 1, "lead": 2, "co": 3, "deadline": 4}
    assert split_cells("a\t\tb") == [(0, 1), (2, 2), (3, 4)]
    assert column_kinds(["序号", "指标", "目标值"]) is None  # no task or unit column
    assert column_kinds(["主要责任单位", "工作任务", "时间节点"]) == {"lead": 0, "task": 1, "deadline": 2}


def test_docx_task_table_matches_its_ground_truth(table_docx: Path) -> None:
    from policykg.loaders import read_document

    got = parse_document(read_document(table_docx)).to_json()
    assert _triples(got["tasks"]) == _triples(GOLD["tasks"])  # roles F1 = 1.0
    for mine, gold in zip(got["tasks"], GOLD["tasks"], strict=True):
        assert (mine["id"], mine["title"], mine["section"], mine["deadline"]) == (
            gold["id"],
            gold["title"],
            gold["section"],
            gold["deadline"],
        )
    assert GOLD["rules"][0] in got["rules"]


def test_docx_task_table_with_the_scorer(table_docx: Path, tmp_path: Path) -> None:
    candidates = [Path(__file__).resolve().parents[2] / "shared/tools/score_extraction.py"]
    candidates.append(Path("/work/shared/tools/score_extraction.py"))
    scorer = next((p for p in candidates if p.is_file()), None)
    if scorer is None:
        pytest.skip("score_extraction.py not found")
    from policykg.loaders import read_document

    pred = tmp_path / "pred.jsonl"
    got = parse_document(read_document(table_docx)).to_json()
    pred.write_text(json.dumps(got, ensure_ascii=False) + "\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(FIXTURES), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["roles"]["f1"] == 1.0


PIPE_TABLE = """关于印发重点任务分工的通知
各区人民政府:
现将重点任务分工印发给你们。
一、总体要求
坚持问题导向。
二、重点任务
序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限
1 | 完善分级诊疗制度。推进医联体建设。 | 市卫健委 | 市医保局、市财政局 | 2024年底前
2 | 深化医保支付方式改革。 |  | 市财政局 |
3 | 加强人才培养。 | 市人社局 |  | 长期坚持
三、保障措施
加强组织领导。
"""


def test_pipe_table_rows_become_tasks_and_merged_cells_carry() -> None:
    got = _extract(PIPE_TABLE)
    tasks = {t["id"].removeprefix("二/"): t for t in got["tasks"]}
    assert [t["id"] for t in got["tasks"]] == ["二/1", "二/2", "二/3"]  # 总体要求/保障措施: no tasks
    assert tasks["1"]["title"] == "完善分级诊疗制度。"
    assert (tasks["1"]["lead"], tasks["1"]["co"]) == (["市卫健委"], ["市医保局", "市财政局"])
    assert (tasks["2"]["lead"], tasks["2"]["co"]) == (["市卫健委"], ["市财政局"])  # lead carried
    assert tasks["2"]["deadline"] == "2024年底前"  # carried from the row above
    assert (tasks["3"]["lead"], tasks["3"]["co"], tasks["3"]["deadline"]) == (["市人社局"], [], "长期坚持")
    assert all(t["section"] == "重点任务" for t in got["tasks"])


def test_unit_and_task_spans_point_into_the_clean_text() -> None:
    ext = parse_document(_doc(PIPE_TABLE))
    text = ext.clean.text
    for task in ext.tasks:
        assert text[task.start : task.end] == task.text
        assert task.title in task.text
        for u in task.units:
            assert text[u.start : u.end] == u.name
        assert task.clause is not None


TAB_TABLE = """序号\t重点工作\t责任单位\t完成时间
1\t推进县域医共体建设\t市卫生健康局、市医疗保障局、市财政局\t2024年6月
2\t开展家庭医生签约服务\t市卫生健康局牵头,市民政局配合\t2024年12月
"""


def test_single_responsibility_column_first_listed_leads() -> None:
    got = _extract(TAB_TABLE)
    t1, t2 = got["tasks"]
    assert (t1["lead"], t1["co"]) == (["市卫生健康局"], ["市医疗保障局", "市财政局"])
    assert (t2["lead"], t2["co"]) == (["市卫生健康局"], ["市民政局"])
    assert t1["deadline"] == "2024年6月"
    assert t1["title"] == "推进县域医共体建设"  # no 。: the whole cell


def test_lead_only_note_after_a_responsibility_table() -> None:
    got = _extract(TAB_TABLE + "以上任务只列牵头部门。\n")
    t1 = got["tasks"][0]
    assert t1["lead"] == ["市卫生健康局", "市医疗保障局", "市财政局"] and t1["co"] == []


def test_participant_column_section_rows_and_repeated_header() -> None:
    text = (
        "序号 | 重点任务 | 牵头部门 | 参与单位\n"
        "一、医疗服务\n"
        "1 | 改善就医体验。 | 市卫健委 | 市医保局\n"
        "序号 | 重点任务 | 牵头部门 | 参与单位\n"
        "二、公共卫生\n"
        "2 | 加强疾病防控。 | 市疾控局 | 各区人民政府\n"
    )
    got = _extract(text)
    assert [(t["id"], t["section"]) for t in got["tasks"]] == [("1", "医疗服务"), ("2", "公共卫生")]
    assert got["tasks"][1]["participants"] == ["各区人民政府"]


def test_html_table_rows() -> None:
    html = (
        "<html><body><p>工作任务分工</p><table>"
        "<tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td></tr>"
        "<tr><td>1</td><td>推进医共体建设。</td><td>市卫健委</td><td>市医保局</td></tr>"
        "</table></body></html>"
    )
    ext = parse_document(Document("t.html", "html", html, "utf-8", "0" * 64, len(html)))
    (task,) = ext.tasks
    assert (task.id, task.names("lead"), task.names("co")) == ("1", ["市卫健委"], ["市医保局"])
    s, e = ext.clean.to_source(task.start, task.end)
    assert html[s:e] == "推进医共体建设。"


def test_table_rows_are_not_outline_items_and_tables_sit_among_outline_tasks() -> None:
    text = (
        "一、重点任务\n"
        "(一)推进医共体建设。(市卫健委负责)\n"
        "(二)分工如下。\n"
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "1\t完善医保支付。\t市医保局\t市财政局\n"
        "2\t加强人才培养。\t市人社局\t市卫健委\n"
        "以上任务请按时完成。\n"
        "(三)强化监管。(市市场监管局负责)\n"
    )
    got = _extract(text)
    # (二) only introduces the table: its rows are its tasks.
    assert [t["id"] for t in got["tasks"]] == ["一/(一)", "一/(二)/1", "一/(二)/2", "一/(三)"]
    assert got["tasks"][1]["lead"] == ["市医保局"] and got["tasks"][2]["co"] == ["市卫健委"]


def test_pdf_table_with_one_line_cells(tmp_path: Path) -> None:
    from policykg.loaders import read_document

    path = _make_fixtures().write_task_table_pdf(tmp_path / "table.pdf")
    doc = read_document(path)
    assert doc.raw_text.split("\n")[0] == "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限"
    got = parse_document(doc).to_json()
    gold = {t["id"]: t for t in GOLD["tasks"]}
    assert [t["id"] for t in got["tasks"]] == ["1", "2"]
    assert _triples(got["tasks"]) == _triples([gold["1"], gold["2"]])


def test_tables_without_task_columns_change_nothing(corpus_file: Path) -> None:
    from policykg.loaders import read_document

    doc = read_document(corpus_file)
    assert find_task_tables(parse_document(doc).clean.text) == []


def test_short_numbered_rows_keep_their_number_and_their_own_work() -> None:
    """A task cell merged over numbered rows: each row is a task, its time in the time column."""
    text = (
        "序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注 |\n"
        "1 | 加强信息发布 | 做好日常发布工作 | 宣传处 | 长期坚持 |\n"
        "2 | 规范预算公开 | 财务处 | 2022年8月前 |\n"
    )
    (table,) = find_task_tables(text)
    assert len(table.header) == 6  # the closing bar adds no column
    first, second = table.tasks
    assert first.title == "加强信息发布" and first.deadline == "长期坚持"
    assert second.id == "2" and second.title == "规范预算公开"
    assert second.deadline == "2022年8月前"
    assert [u.name for u in second.units] == ["财务处"]


def test_rows_numbered_in_a_column_the_header_does_not_name() -> None:
    """工作任务 | 具体要求 | 责任单位 | 时限要求 over rows that carry their number all the same:
    the group cells before the number (written on the first row of the group only) are the
    section, the cells after it the named columns."""
    text = (
        "某县2022年政务公开任务分解\n"
        "工作任务 | 具体要求 | 责任单位 | 时限要求 |\n"
        "一、优化营商环境 | (一)公开涉企政策 | 1 | 集中公开涉企政策文件并做好解读。 | "
        "县发改局、县司法局 | 持续推进 |\n"
        "2 | 开设惠企政策专栏,及时更新政策清单。 | 县政务服务中心 | 2022年9月底前 |\n"
    )
    got = _extract(text)["tasks"]
    assert [(t["id"], t["title"], t["lead"], t["deadline_kind"], t["deadline_date"]) for t in got] == [
        ("1", "集中公开涉企政策文件并做好解读。", ["县发改局"], "ongoing", None),
        ("2", "开设惠企政策专栏,及时更新政策清单。", ["县政务服务中心"], "date", "2022-09-30"),
    ]
    assert [t["section"] for t in got] == ["公开涉企政策", "公开涉企政策"]


def test_a_numbered_list_inside_a_cell_does_not_split_its_row() -> None:
    """A cell listing steps (1.…;2.…;3.…) in a row of bars is one cell: the row stays whole and
    its time is the last step's."""
    steps = "1.新建托育驿站:3月底前建成2家;6月底前建成2家;9月底前完成5家建设任务。 "
    steps += "2.新增托位:3月底前新增托位100个;6月底前新增托位200个;9月底前完成300个托位。 "
    steps += "3.开展健康筛查:4月底前制定筛查方案;5月底前启动筛查;11月底前完成筛查工作。"
    text = (
        "某区2022年民生实事项目\n"
        "序号 | 实事项目 | 工作举措及实施计划 | 责任单位 |\n"
        "1 | 新建成公办幼儿园3所。 | 1.4月底前主体完工。 2.8月底前竣工交付。 | 区教育局 |\n"
        f"2 | 新建托育驿站5家,新增托位300个,开展健康筛查1万例以上。 | {steps} | 区卫生健康局 |\n"
    )
    got = _extract(text)["tasks"]
    assert [(t["id"], t["lead"], t["deadline_date"]) for t in got] == [
        ("1", ["区教育局"], "2022-08-31"),
        ("2", ["区卫生健康局"], "2022-11-30"),
    ]


BAR_ROWS = (
    "牵头单位\n| 目 标 任 务\n| 责 任 单 位\n|\n"
    "市政\n府办\n公厅\n| 强化行政监督,主动接受社会公众监督\n| 市直各单位、各区县市\n|\n"
    "推进国家安全工作发展\n| 市直各单位\n|\n"
    "市\n发\n改\n委\n| 地区生产总值增长13%\n| 统计局、各园区\n|\n"
    "固定资产投资增长20%\n|\n"
)


def test_a_table_pasted_one_cell_per_line_with_merged_cells() -> None:
    """Cells opened by bars, rows closed by a lone bar, a lead cell broken over lines and written
    once for its rows, a row of its task cell alone: the merged cells carry down."""
    doc = Document("t.txt", "text", BAR_ROWS, "utf-8", "0" * 64, len(BAR_ROWS.encode()))
    tasks = parse_document(doc).to_json()["tasks"]
    got = [(t["title"][:10], t["lead"], t["co"]) for t in tasks]
    assert got == [
        ("强化行政监督,主动接", ["市政府办公厅"], ["市直各单位", "各区县市"]),
        ("推进国家安全工作发展", ["市政府办公厅"], ["市直各单位"]),
        ("地区生产总值增长13", ["市发改委"], ["统计局", "各园区"]),
        ("固定资产投资增长20", ["市发改委"], ["统计局", "各园区"]),
    ]
    assert [t["value"] for t in tasks[3]["targets"]] == [20]


def test_a_lead_first_table_run_together_is_read_by_its_cells() -> None:
    """The same table as one line of bar-separated cells (a web page): a unit name opens a
    row, a unit list closes it, a task cell after a task cell opens a row of merged cells."""
    header = ["牵头单位", "目 标 任 务", "责 任 单 位"]
    first = ["市政府办公厅", "强化行政监督", "市直各单位、各区县市", "推进国家安全工作发展", "市直各单位"]
    second = ["市发改委", "地区生产总值增长13%", "统计局、各园区", "固定资产投资增长20%"]
    line = "|".join([*header, *first, *second, "单位地区生产总值综合能耗下降3.5%", ""])
    doc = Document("t.txt", "text", line, "utf-8", "0" * 64, len(line.encode()))
    tasks = parse_document(doc).to_json()["tasks"]
    assert [(t["title"][:8], t["lead"], t["co"]) for t in tasks] == [
        ("强化行政监督", ["市政府办公厅"], ["市直各单位", "各区县市"]),
        ("推进国家安全工作", ["市政府办公厅"], ["市直各单位"]),
        ("地区生产总值增长", ["市发改委"], ["统计局", "各园区"]),
        ("固定资产投资增长", ["市发改委"], ["统计局", "各园区"]),
        ("单位地区生产总值", ["市发改委"], ["统计局", "各园区"]),
    ]


def test_an_item_numbered_on_across_sections_is_a_task_without_its_annotation() -> None:
    """一、…1.…(责任单位) 二、…2.… with no annotation printed: 2 goes on from task 1."""
    text = (
        "一、规划衔接方面\n1. 做好重大规划的有效衔接。\n责任单位:市发展改革委\n"
        "二、基础设施方面\n2. 开展城际铁路建设前期工作。\n"
    )
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    tasks = parse_document(doc).to_json()["tasks"]
    assert [(t["id"], t["lead"]) for t in tasks] == [("一/1", ["市发展改革委"]), ("二/2", [])]
    restart = text.replace("2. 开展", "1. 开展")  # numbered afresh: a section assigning nothing
    doc = Document("t.txt", "text", restart, "utf-8", "0" * 64, len(restart.encode()))
    assert len(parse_document(doc).to_json()["tasks"]) == 1
