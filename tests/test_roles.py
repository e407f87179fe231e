"""Responsibility clauses: finding them, splitting unit lists, and the role of each unit."""

from __future__ import annotations

import pytest
from policykg.loaders.roles import Clause, find_clause, parse_clause, parse_label_lines
from policykg.loaders.units import is_unit_name, split_units


def roles(body: str) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in parse_clause(body).units]


def assert_spans(body: str, clause: Clause) -> None:
    """Every unit written out in full points at its own characters in the clause body."""
    for u in clause.units:
        assert body[u.start : u.end] == u.name, (u, body)


# --- one test per role format ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param(
            "责任单位:市卫健委、市医保局、市财政局",
            [("市卫健委", "lead"), ("市医保局", "co"), ("市财政局", "co")],
            id="责任单位:A、B、C",
        ),
        pytest.param(
            "牵头单位:市卫健委;配合单位:市医保局、市财政局",
            [("市卫健委", "lead"), ("市医保局", "co"), ("市财政局", "co")],
            id="牵头单位:A;配合单位:B、C",
        ),
        pytest.param(
            "牵头单位：市卫健委；配合单位：市医保局、市财政局",
            [("市卫健委", "lead"), ("市医保局", "co"), ("市财政局", "co")],
            id="full-width-labels",
        ),
        pytest.param(
            "责任单位:市卫健委,配合单位:市财政局",
            [("市卫健委", "lead"), ("市财政局", "co")],
            id="责任单位:A,配合单位:B",
        ),
        pytest.param(
            "市卫健委牵头,市医保局、市财政局配合",
            [("市卫健委", "lead"), ("市医保局", "co"), ("市财政局", "co")],
            id="A牵头,B、C配合",
        ),
        pytest.param(
            "市卫健委牵头,市医保局、市财政局参与",
            [("市卫健委", "lead"), ("市医保局", "participant"), ("市财政局", "participant")],
            id="A牵头,B、C参与",
        ),
        pytest.param(
            "市卫健委、市发改委负责,市财政局参与",
            [("市卫健委", "lead"), ("市发改委", "co"), ("市财政局", "participant")],
            id="A、B负责,C参与",
        ),
        pytest.param(
            "市卫健委、市人社局分别负责,市财政局参与",
            [("市卫健委", "lead"), ("市人社局", "lead"), ("市财政局", "participant")],
            id="A、B分别负责,C参与",
        ),
        pytest.param(
            "市卫健委、市教育局、市体育局分别负责,相关部门参与",
            [("市卫健委", "lead"), ("市教育局", "lead"), ("市体育局", "lead"), ("相关部门", "participant")],
            id="A、B、C分别负责,相关部门参与",
        ),
        pytest.param(
            "责任单位:区卫健局牵头,区医改领导小组成员单位、区直各相关单位按职责分工落实",
            [("区卫健局", "lead"), ("区医改领导小组成员单位", "co"), ("区直各相关单位", "co")],
            id="责任单位:A牵头,B、C按职责分工落实",
        ),
        pytest.param(
            "市卫健委、市医保局按职责分工负责",
            [("市卫健委", "lead"), ("市医保局", "lead")],
            id="A、B按职责分工负责",
        ),
        pytest.param(
            "市卫健委、市中医药局分工负责",
            [("市卫健委", "lead"), ("市中医药局", "lead")],
            id="A、B分工负责",
        ),
        pytest.param(
            "市市场监管局牵头,市教育局、市公安局分工负责",
            [("市市场监管局", "lead"), ("市教育局", "co"), ("市公安局", "co")],
            id="A牵头,B、C分工负责",
        ),
        pytest.param(
            "责任单位:市医改办、市直有关部门按职责分工负责、各区人民政府",
            [("市医改办", "lead"), ("市直有关部门", "co"), ("各区人民政府", "co")],
            id="责任单位:A、B按职责分工负责、C",
        ),
        pytest.param(
            "市卫健委、市教委负责,市体育局、各区政府配合",
            [("市卫健委", "lead"), ("市教委", "lead"), ("市体育局", "co"), ("各区政府", "co")],
            id="A、B负责,C、D配合",
        ),
        pytest.param(
            "责任单位:市卫健委、市文旅局;配合单位:各乡镇",
            [("市卫健委", "lead"), ("市文旅局", "co"), ("各乡镇", "co")],
            id="责任单位:A、B;配合单位:C keeps the list's order",
        ),
        pytest.param(
            "牵头单位:市农业农村局;责任单位:市公园城市局;数据提供单位:市统计局",
            [("市农业农村局", "lead"), ("市公园城市局", "co")],
            id="数据提供单位 names no responsible unit",
        ),
        pytest.param(
            "省人事厅配合省委有关部门落实",
            [("省人事厅", "co"), ("省委有关部门", "lead")],
            id="A配合B落实",
        ),
        pytest.param(
            "市卫健委、市教育局等分别负责",
            [("市卫健委", "lead"), ("市教育局", "lead")],
            id="A、B等分别负责",
        ),
        pytest.param(
            "区卫健局、区委编办、区人社局",
            [("区卫健局", "lead"), ("区委编办", "co"), ("区人社局", "co")],
            id="bare-list",
        ),
    ],
)
def test_role_format(body: str, expected: list[tuple[str, str]]) -> None:
    clause = parse_clause(body)
    assert [(u.name, u.role) for u in clause.units] == expected
    assert_spans(body, clause)
    assert all(u.rule for u in clause.units)


def test_first_listed_lead_rule_is_recorded() -> None:
    body = "市卫健委、市委编办负责,排在第一位的为牵头部门,下同"
    clause = parse_clause(body)
    assert [(u.name, u.role) for u in clause.units] == [("市卫健委", "lead"), ("市委编办", "co")]
    assert "排在第一位的为牵头部门" in clause.rules
    assert not any("排在" in u.name or "下同" in u.name for u in clause.units)
    assert_spans(body, clause)


def test_each_lead_rule_is_recorded() -> None:
    body = "市卫健委、市发改委、市工信局、市财政局、石家庄海关分别负责,分别负责为各部门按职责分别牵头,下同"
    clause = parse_clause(body)
    assert [u.role for u in clause.units] == ["lead"] * 5
    assert clause.units[-1].name == "石家庄海关"
    assert "分别负责为各部门按职责分别牵头" in clause.rules


def test_lead_only_note() -> None:
    clause = parse_clause("以上任务只列牵头部门,不列参与部门")
    assert clause.lead_only
    assert clause.units == []
    assert not parse_clause("市卫健委负责").lead_only


# --- lists of units -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("省医保局、省卫生健康委、省中医药局等", ["省医保局", "省卫生健康委", "省中医药局"]),
        ("市卫健委、市财政局等部门", ["市卫健委", "市财政局"]),
        pytest.param("市卫健委、市财政局等有关单位", ["市卫健委", "市财政局"]),
        pytest.param("市卫健委、市财政局等相关部门", ["市卫健委", "市财政局"]),
        ("各县(市、区)人民政府、市卫健委", ["各县(市、区)人民政府", "市卫健委"]),
        ("各县（市、区）政府、市卫健委", ["各县（市、区）政府", "市卫健委"]),
        ("各市〔州〕、县〔市、区、特区〕人民政府", ["各市〔州〕人民政府", "各县〔市、区、特区〕人民政府"]),
        ("市文化和旅游局(市广播电视局)、市卫健委", ["市文化和旅游局(市广播电视局)", "市卫健委"]),
        ("市卫健委和市医保局", ["市卫健委", "市医保局"]),
        ("市卫健委与市医保局", ["市卫健委", "市医保局"]),
        ("市卫健委及各县(市、区)人民政府", ["市卫健委", "各县(市、区)人民政府"]),
        ("市人力资源和社会保障局", ["市人力资源和社会保障局"]),
        ("市文化和旅游局", ["市文化和旅游局"]),
        ("市人力资源和社会保障局和市医保局", ["市人力资源和社会保障局", "市医保局"]),
        ("市商务局等,各县、市、区政府", ["市商务局", "各县、市、区政府"]),
        ("各县、区人民政府、市卫健委", ["各县、区人民政府", "市卫健委"]),
    ],
)
def test_split_units(text: str, names: list[str]) -> None:
    got = split_units(text)
    assert [n for _, n in got] == names
    offsets = [o for o, _ in got]
    assert offsets == sorted(offsets) and all(0 <= o < len(text) for o in offsets)


def test_split_units_offsets_of_written_names() -> None:
    text = "市卫健委、 市医保局和市财政局等"
    for off, name in split_units(text):
        assert text[off : off + len(name)] == name


def test_shared_suffix_offsets_point_at_each_modifier() -> None:
    text = "各市〔州〕、县〔市、区、特区〕人民政府"
    (o1, n1), (o2, n2) = split_units(text)
    assert (n1, n2) == ("各市〔州〕人民政府", "各县〔市、区、特区〕人民政府")
    assert text[o1:].startswith("各市〔州〕")
    assert text[o2:].startswith("县〔市、区、特区〕")


def test_bracketed_list_stays_one_unit_in_a_clause() -> None:
    assert roles("责任单位:各县(市、区)政府、市卫健委") == [("各县(市、区)政府", "lead"), ("市卫健委", "co")]


def test_alias_in_parentheses_stays_one_unit_in_a_clause() -> None:
    body = "责任单位:市文化和旅游局(市广播电视局)、市卫健委"
    assert roles(body) == [("市文化和旅游局(市广播电视局)", "lead"), ("市卫健委", "co")]


def test_he_splits_only_between_complete_names() -> None:
    assert roles("市卫健委和市医保局负责") == [("市卫健委", "lead"), ("市医保局", "co")]
    assert roles("市人力资源和社会保障局负责") == [("市人力资源和社会保障局", "lead")]


def test_trailing_deng_is_dropped() -> None:
    body = "责任单位:省医保局、省卫生健康委、省中医药局等"
    assert [n for n, _ in roles(body)] == ["省医保局", "省卫生健康委", "省中医药局"]
    assert [n for n, _ in roles("市卫健委、市财政局等部门负责")] == ["市卫健委", "市财政局"]


def test_trailing_deng_xiangguan_bumen_is_dropped_in_a_clause() -> None:
    assert roles("市卫健委牵头,市财政局等相关部门配合") == [("市卫健委", "lead"), ("市财政局", "co")]


# --- standing rules, deadlines ----------------------------------------------------------------------

# Verbatim (cleaned) from examples/corpus/002, task (一).
STANDING = (
    "责任单位:省卫生健康委等,各市〔州〕、县〔市、区、特区〕人民政府。"
    "以下均需各市〔州〕、县〔市、区、特区〕人民政府负责组织落实,不再列出"
)


def test_standing_rule() -> None:
    clause = parse_clause(STANDING)
    assert [(u.name, u.role) for u in clause.units] == [
        ("省卫生健康委", "lead"),
        ("各市〔州〕人民政府", "co"),
        ("各县〔市、区、特区〕人民政府", "co"),
    ]
    assert len(clause.standing) == 1
    scope, units = clause.standing[0]
    assert scope == "以下"
    assert [n for _, n in units] == ["各市〔州〕人民政府", "各县〔市、区、特区〕人民政府"]
    assert all(o > STANDING.index("以下") for o, _ in units)
    assert any(r.startswith("以下均需") for r in clause.rules)


def test_standing_rule_alone() -> None:
    clause = parse_clause("以下均需各县(市、区)人民政府负责组织落实,不再列出")
    assert clause.units == []
    assert [(s, [n for _, n in u]) for s, u in clause.standing] == [("以下", ["各县(市、区)人民政府"])]


@pytest.mark.parametrize(
    ("body", "deadline"),
    [
        ("市卫健委负责,省政策文件出台后1个月内完成起草工作", "省政策文件出台后1个月内完成起草工作"),
        ("市卫健委负责,2023年底前完成", "2023年底前完成"),
        ("市卫健委负责,长期坚持", "长期坚持"),
    ],
)
def test_deadline_segment_is_not_a_unit(body: str, deadline: str) -> None:
    clause = parse_clause(body)
    assert [(u.name, u.role) for u in clause.units] == [("市卫健委", "lead")]
    assert clause.deadline == deadline


# --- finding the clause ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "加强公共卫生服务能力。(市卫健委、市发改委负责)",
        "加强公共卫生服务能力。(市卫健委、市发改委负责)。",
        "加强公共卫生服务能力。（市卫健委、市发改委负责）",
        "加强公共卫生服务能力。(市卫健委、市发改委负责)\n",
    ],
    ids=["ascii", "period-after", "full-width", "newline-after"],
)
def test_find_clause_at_end(text: str) -> None:
    found = find_clause(text)
    assert found is not None
    start, end, body = found
    assert body == "市卫健委、市发改委负责"
    assert text[start] in "(（" and text[end - 1] in ")）"
    assert text[start + 1 : end - 1] == body


def test_find_clause_with_nested_alias() -> None:
    text = "开展文化活动。(责任单位:市文化和旅游局(市广播电视局)、市卫健委)"
    start, end, body = find_clause(text)
    assert body == "责任单位:市文化和旅游局(市广播电视局)、市卫健委"
    assert end == len(text) and text[start] == "("


def test_find_clause_with_standing_rule() -> None:
    text = "全部完成医共体建设权责清单制定。(" + STANDING + ")"
    start, end, body = find_clause(text)
    assert body == STANDING and (start, end) == (text.index("(责任"), len(text))


def test_find_clause_in_tortoise_shell_brackets() -> None:
    """〔〕 close a clause whose own text holds parentheses (a place list such as 市(州))."""
    text = "推进示范项目建设。〔责任单位:市发展改革委、市商务局按职责分工负责,各县(区)人民政府配合。〕"
    start, end, body = find_clause(text)
    assert body == "责任单位:市发展改革委、市商务局按职责分工负责,各县(区)人民政府配合。"
    assert text[start] == "〔" and end == len(text)
    assert find_clause("按照《某市实施意见》(某政发〔2022〕") is None


def test_standing_rule_printed_in_a_task_and_said_again_below() -> None:
    clause = parse_clause("责任单位:市商务局。具体任务均涉及各县(区)人民政府,不再做分工,下同。")
    assert [(u.name, u.role) for u in clause.units] == [("市商务局", "lead")]
    assert [(s, [n for _, n in u]) for s, u in clause.standing] == [("下同", ["各县(区)人民政府"])]


def test_standing_rule_whose_scope_opens_it_is_not_a_unit() -> None:
    """以下各项任务均涉及X,不再列出 closing a labelled list: X is implied below, not a unit here."""
    clause = parse_clause(
        "责任单位:自治区发展改革委、财政厅,四市人民政府按职责分工负责,下同。以下各项任务均涉及四市或部分市人民政府,不再列出"
    )
    assert [(u.name, u.role) for u in clause.units] == [
        ("自治区发展改革委", "lead"),
        ("财政厅", "co"),
        ("四市人民政府", "co"),
    ]
    assert [(s, [n for _, n in u]) for s, u in clause.standing] == [("以下", ["四市或部分市人民政府"])]


@pytest.mark.parametrize(
    "text",
    [
        "关于印发〈贵阳贵安整体提升卫生健康水平攻坚行动计划(2022—2030年)〉",
        "8月底前完成儿童重症监护病房(PICU)",
        "促进人口长期均衡发展的若干措施(试行)",
        "推进紧密型县域医疗卫生共同体(以下简称医共体)",
        "全省建设医共体的县(市、区、特区)",
        "加强公共卫生服务能力。",
        "",
    ],
    ids=["years", "PICU", "试行", "以下简称", "county-list", "no-bracket", "empty"],
)
def test_non_clauses(text: str) -> None:
    assert find_clause(text) is None


def test_clause_not_at_end_is_not_found() -> None:
    assert find_clause("(市卫健委负责)加强公共卫生服务能力建设,提升应急能力。") is None


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("制定政策文件。(责任单位:市卫健委、市医", ["市卫健委"]),
        ("制定政策文件。(责任单位:市卫健委、市医保局、市财", ["市卫健委", "市医保局"]),
        ("制定政策文件。(牵头单位:市卫健委;配合单位:市卫生健", ["市卫健委"]),
    ],
)
def test_truncated_clause_drops_half_name(text: str, units: list[str]) -> None:
    found = find_clause(text)
    assert found is not None
    start, end, body = found
    assert end == len(text) and text[start] == "("
    assert [u.name for u in parse_clause(body).units] == units


def test_truncated_text_without_label_is_not_a_clause() -> None:
    assert find_clause("加强能力建设(包括传染病监测、职业病危害因素监测") is None


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("乡村产业发展股", True),
        ("财务股", True),
        ("综合股", True),
        ("入股", False),
        ("控股", False),
        ("科技股", False),
    ],
)
def test_a_county_office_ending_in_gu_is_a_unit(name: str, unit: bool) -> None:
    """股 names a county bureau's office after the words such offices end in (发展股, 财务股),
    never a share (入股, 控股)."""
    assert is_unit_name(name) is unit


@pytest.mark.parametrize(
    "name", ["某某经济开发区", "高新区", "各园区", "全区经济运行各专班", "市经开区"], ids=lambda n: n
)
def test_development_zones_and_task_forces_are_units(name: str) -> None:
    """Zones run by a 管委会 and a work 专班 are listed as responsible units in their own name."""
    assert is_unit_name(name)


@pytest.mark.parametrize(
    "name", ["某某经济开发区", "某某经济技术开发区", "某某高新区", "全区经济运行各专班", "县人行"]
)
def test_development_zones_task_forces_and_bank_branches_are_units(name: str) -> None:
    """A development zone (经济开发区, 高新区), a task force (专班) and a branch of the central
    bank (市人行, 县人行) are named as responsible units in the genre's label lines."""
    assert is_unit_name(name)
    got = parse_label_lines(["牵头单位:区发改局", f"责任单位:{name},各街道"])
    assert got is not None and [u.name for u in got[0].units] == ["区发改局", name, "各街道"]


def test_a_pavement_is_no_bank_branch() -> None:
    assert not is_unit_name("人行道")


# --- labels whose value is a clause, record fields, lists of places -------------------------------


def test_department_division_label_reads_its_own_verbs() -> None:
    """部门分工:A牵头,B、C配合 under 分管省领导:X: the verbs give the roles, the official is no unit."""
    clause, used = parse_label_lines(["分管省领导:林克庆", "部门分工:省发展改革委牵头,各地、各部门配合。"])
    assert used == 2
    assert [(u.name, u.role) for u in clause.units] == [
        ("省发展改革委", "lead"),
        ("各地", "co"),
        ("各部门", "co"),
    ]


def test_record_field_after_the_unit_labels_belongs_to_the_annotation() -> None:
    got = parse_label_lines(["责任单位:市发展改革委", "责任人:市发展改革委主要负责同志"])
    assert got is not None and got[1] == 2
    assert parse_label_lines(["工作成果:坚持规划先行。", "责任单位:市发展改革委"]) is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "海东市、兰州市、临夏州发展改革部门",
            ["海东市发展改革部门", "兰州市发展改革部门", "临夏州发展改革部门"],
        ),
        ("岳麓区、望城区人民政府", ["岳麓区人民政府", "望城区人民政府"]),
        ("商务局、高新区、岳麓区", ["商务局", "高新区", "岳麓区"]),
        ("市直各单位、各区县市", ["市直各单位", "各区县市"]),
    ],
)
def test_places_share_the_head_of_the_last_name(text: str, names: list[str]) -> None:
    assert [n for _, n in split_units(text)] == names
    assert all(is_unit_name(n) for n in names)


def test_a_bare_city_is_no_unit_but_a_district_is() -> None:
    assert not is_unit_name("海东市") and is_unit_name("岳麓区") and is_unit_name("各医疗卫生机构")


def test_the_rest_of_a_precedence_rule_names_no_units() -> None:
    """'列第一位者为牵头部门,其他有关部门和单位按职责分工负责' speaks of the others: no unit 单位."""
    body = "甲局、乙局、丙委负责。列第一位者为牵头部门或单位,其他有关部门和单位按职责分工负责,下同"
    clause = parse_clause(body)
    assert [(u.name, u.role) for u in clause.units] == [("甲局", "lead"), ("乙局", "co"), ("丙委", "co")]


def test_other_departments_stay_a_unit_without_a_precedence_rule() -> None:
    """Only right after the rule: '市卫健委牵头,其他有关部门配合' keeps 其他有关部门 as co."""
    clause = parse_clause("市卫健委牵头,其他有关部门配合")
    assert [(u.name, u.role) for u in clause.units] == [("市卫健委", "lead"), ("其他有关部门", "co")]
