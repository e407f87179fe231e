"""Tables whose cells arrive one per line, or all on one line, are read row by row.

The rows are found by their serial numbers after a 序号 header; indicator tables
(指标名称 | 单位 | 2022年 | 2025年 | 2027年 | 牵头单位) give one task per indicator, with the
targets of the later year columns and the unit of the 单位 column.
"""

from __future__ import annotations

from policykg.loaders.clean import clean_text
from policykg.loaders.parse import parse_document
from policykg.loaders.tables import indicator_targets

from policykg.model import Document

HEADER = ["序号", "指标名称", "单位", "2022年", "2025年", "2027年", "牵头单位", "责任单位"]
ROWS = [
    ["1", "人均预期寿命", "岁", "78.2", "≥79.2", "≥80", "县卫健局", "县民政局、各乡镇人民政府"],
    ["2", "居民健康素养水平", "%", "21.6", "≥31.5", "≥33", "县卫健局", "县疾控中心"],
    ["3", "孕产妇死亡率", "/10万", "0", "持续改善", "持续改善", "县卫健局", "县妇计中心"],
    ["4", "结核病报告发病率", "/10万", "76.75", "60", "50", "县卫健局", "县疾控中心"],
]
COVER = (
    "各乡镇人民政府:\n现将目标责任清单印发给你们,请认真抓好落实。\n"
    "某县人民政府办公室\n2025年4月25日\n某县健康提升行动主要目标责任清单\n"
)


def _extract(text: str) -> dict:
    doc = Document("t.txt", "text", text, "utf-8", "0" * 64, len(text.encode()))
    return parse_document(doc).to_json()


def _summary(result: dict) -> list[tuple]:
    return [
        (
            t["title"],
            tuple(t["lead"]),
            tuple(t["co"]),
            tuple((x["value"], x["unit"], x["year"]) for x in t["targets"]),
        )
        for t in result["tasks"]
    ]


EXPECTED = [
    ("人均预期寿命", ("县卫健局",), ("县民政局", "各乡镇人民政府"), ((79.2, "岁", 2025), (80, "岁", 2027))),
    ("居民健康素养水平", ("县卫健局",), ("县疾控中心",), ((31.5, "%", 2025), (33, "%", 2027))),
    ("孕产妇死亡率", ("县卫健局",), ("县妇计中心",), ()),
    ("结核病报告发病率", ("县卫健局",), ("县疾控中心",), ((60, "/10万", 2025), (50, "/10万", 2027))),
]


def test_one_cell_per_line_with_bars() -> None:
    cells = HEADER + [c for row in ROWS for c in row]
    assert _summary(_extract(COVER + "".join(f"{c} |\n" for c in cells))) == EXPECTED


def test_one_cell_per_line_between_blank_lines() -> None:
    cells = HEADER + [c for row in ROWS for c in row]
    assert _summary(_extract(COVER + "\n" + "".join(f"{c}\n\n" for c in cells))) == EXPECTED


def test_all_cells_run_into_one_line() -> None:
    cells = HEADER + [c for row in ROWS for c in row]
    text = COVER.replace("\n", "") + "".join(f"{c} |" for c in cells) + "\n"
    assert _summary(_extract(text)) == EXPECTED


def test_header_repeated_on_a_new_page_and_a_short_last_row_carry_on() -> None:
    cells = HEADER + ROWS[0] + ROWS[1] + HEADER + ROWS[2] + ROWS[3][:-2]  # units merged above
    got = _summary(_extract(COVER + "".join(f"{c} |\n" for c in cells)))
    assert [g[0] for g in got] == [e[0] for e in EXPECTED]
    assert got[3][1] == ("县卫健局",)  # the lead cell merged into the row above carries down


def test_a_value_equal_to_the_next_serial_number_stays_in_its_row() -> None:
    rows = [
        ["1", "新建社区卫生服务中心", "个", "0", "2", "3", "县卫健局"],
        ["2", "新增床位", "张", "10", "40", "80", "县发改局"],
    ]
    cells = ["序号", "指标名称", "单位", "2023年", "2025年", "2027年", "牵头单位"] + [
        c for r in rows for c in r
    ]
    got = _summary(_extract(COVER + "".join(f"{c} |\n" for c in cells)))
    assert [(g[0], g[1]) for g in got] == [
        ("新建社区卫生服务中心", ("县卫健局",)),
        ("新增床位", ("县发改局",)),
    ]
    assert got[0][3] == ((2, "个", 2025), (3, "个", 2027))


def test_the_table_ends_at_text_that_is_not_a_row() -> None:
    cells = HEADER + ROWS[0]
    text = COVER + "".join(f"{c} |\n" for c in cells) + "各乡镇要加强组织领导,确保各项指标按期完成。\n"
    got = _extract(text)
    assert [t["title"] for t in got["tasks"]] == ["人均预期寿命"]
    assert got["tasks"][0]["co"] == ["县民政局", "各乡镇人民政府"]


def test_serial_lines_of_a_wrapped_cell_table_are_not_page_numbers() -> None:
    long_cell = "坚持稳中求进的总体态势,加强季度、月度数据监测,确保地区生产总值增长7%左右。"
    cells = ["序号", "内容与要求", "责任单位"]
    for n in range(1, 11):
        cells += [str(n), long_cell[:36] + "\n" + long_cell[36:], "市发改委"]
    clean = clean_text("\n\n".join(cells) + "\n").text
    assert all(f"\n{n}\n" in clean for n in range(1, 11))
    assert long_cell in clean  # the cell wrapped at the page width is whole again


def test_indicator_value_cells() -> None:
    text = "%|较2022年下降3%|持续改善|≤0.7"

    def cell(s: str) -> tuple[int, int]:
        return text.index(s), text.index(s) + len(s)

    got = indicator_targets(text, "死亡率", cell("较2022年下降3%"), (0, 1), 2025)
    assert [(t.value, t.unit, t.year) for t in got] == [(3.0, "%", 2025)]
    assert indicator_targets(text, "死亡率", cell("持续改善"), (0, 1), 2025) == []
    (t,) = indicator_targets(text, "死亡率", cell("≤0.7"), (0, 1), 2027)
    assert (t.comparator, t.value, t.unit, t.indicator, t.text) == ("<=", 0.7, "%", "死亡率", "≤0.7")


def test_a_unit_cell_over_several_lines_and_a_sub_row_keep_the_table_going() -> None:
    cells = ["序号", "民生实事", "责任单位", "完成时限"]
    cells += ["1", "启动建设东湖湿地公园。", "县水务局", "县住建局", "县护城河指挥部", "12月底前"]
    cells += ["2", "开工建设县老年养护楼。", "县民政局", "5月底前动工", "开工建设老年大学。", "12月底前"]
    cells += ["3", "迁建县政务服务中心。", "县政务服务中心", "12月底前"]
    text = "某县2016年民生实事目标任务分解表\n" + "\n\n".join(cells) + "\n"
    got = _extract(text)["tasks"]
    assert [(t["title"], t["lead"], t["co"], t["deadline_date"]) for t in got] == [
        ("启动建设东湖湿地公园。", ["县水务局"], ["县住建局", "县护城河指挥部"], "2016-12-31"),
        ("开工建设县老年养护楼。", ["县民政局"], [], "2016-12-31"),  # its sub-row's time is the last
        ("迁建县政务服务中心。", ["县政务服务中心"], [], "2016-12-31"),
    ]


def _cells_per_line(rows: list[list[str]]) -> str:
    return "\n\n".join(c for row in rows for c in row) + "\n"


def test_an_excerpt_of_a_longer_list_keeps_its_numbers() -> None:
    """A department's rows of a county-wide list: numbered 6, then 41, 42; all are read."""
    rows = [
        ["序号", "目标任务", "牵头单位", "计划完成时间", "完成情况"],
        ["6", "新建农村公路20公里并完成验收。", "县交通局", "2024年底", "已完成12公里"],
        ["41", "建成乡镇污水处理设施3处。", "县住建局", "2024年6月底", "正在施工"],
        ["42", "完成农村危房改造100户。", "县住建局", "2024年9月底", "已完成80户"],
    ]
    got = _extract("某县2024年重点工作完成情况\n\n" + _cells_per_line(rows))
    assert [(t["id"], t["deadline_date"]) for t in got["tasks"]] == [
        ("6", "2024-12-31"),
        ("41", "2024-06-30"),
        ("42", "2024-09-30"),
    ]


def test_a_stray_cell_before_the_time_shifts_it_right_of_its_column() -> None:
    """A second unit on its own line pushes the row's time one cell right; it is still read,
    while a time in the progress column further right is not taken for the time limit."""
    rows = [
        ["序号", "目标任务", "牵头单位", "计划完成时间", "完成情况"],
        ["1", "建成高标准农田5万亩。", "县农业局", "县水利局", "2024年底", "12月底完成主体工程"],
        ["2", "完成土地流转改革试点。", "县农经站", "2024年10月底", "已完成"],
        ["3", "开展农资打假专项行动。", "县执法大队", "按上级要求", "9月底前完成检查"],
    ]
    got = _extract("某县2024年重点工作完成情况\n\n" + _cells_per_line(rows))
    assert [(t["id"], t["deadline_date"]) for t in got["tasks"]] == [
        ("1", "2024-12-31"),
        ("2", "2024-10-31"),
        ("3", None),
    ]


def test_a_header_of_column_names_without_a_serial_cell_opens_the_table() -> None:
    """重点工作 | 工作要求 | 责任单位 | 完成时间, then rows whose group cell precedes the row
    number and is written once over the rows it groups: every numbered row is a task."""
    rows = [
        ["重点工作", "工作要求", "责任单位", "完成时间"],
        ["优化营商环境", "1", "全面推行企业开办一日办结。", "县市场监管局", "2025年6月底前"],
        ["2", "清理涉企收费项目并向社会公布。", "县发改局", "长期坚持"],
        ["加强基层治理", "3", "完善村级议事协商制度。", "县民政局", "2025年底前"],
    ]
    text = "|\n".join(c + "\n" for row in rows for c in row)
    got = _extract("某县2025年重点工作任务分解表\n\n" + text)
    assert [
        (t["id"], t["title"], t["lead"], t["deadline_kind"], t["deadline_date"]) for t in got["tasks"]
    ] == [
        ("1", "全面推行企业开办一日办结。", ["县市场监管局"], "date", "2025-06-30"),
        ("2", "清理涉企收费项目并向社会公布。", ["县发改局"], "ongoing", None),
        ("3", "完善村级议事协商制度。", ["县民政局"], "date", "2025-12-31"),
    ]
    assert [t["section"] for t in got["tasks"]] == ["优化营商环境", "优化营商环境", "加强基层治理"]


def test_a_header_of_column_names_whose_rows_open_with_their_number() -> None:
    """Without a 序号 cell the rows' numbers stand in a column the header leaves unnamed."""
    rows = [
        ["工作任务", "牵头单位", "完成时限"],
        ["1", "建成城乡供水一体化工程。", "县水利局", "2024年底"],
        ["2", "新改建农村公路30公里。", "县交通局", "2024年9月"],
    ]
    got = _extract("某县2024年民生实事\n\n" + _cells_per_line(rows))
    assert [(t["id"], t["title"], t["deadline_date"]) for t in got["tasks"]] == [
        ("1", "建成城乡供水一体化工程。", "2024-12-31"),
        ("2", "新改建农村公路30公里。", "2024-09-30"),
    ]


def test_short_lines_of_column_names_without_a_full_row_are_no_table() -> None:
    """Column names, then a number and a sentence but no row's worth of cells: no task table."""
    for tail in ("", "1\n\n"):
        head = "某县政务公开要点\n\n工作任务\n\n责任单位\n\n完成时限\n\n"
        text = f"{head}{tail}各单位要高度重视，认真抓好落实。\n"
        assert all(not t["lead"] and not t["deadline"] for t in _extract(text)["tasks"])
