"""Quantified targets: comparators, units, years, 分别 lists, non-targets, offsets and keys."""

from __future__ import annotations

import re

import pytest
from policykg.loaders.targets import find_targets, normalize_indicator
from policykg.ontology import read_csv

# phrase -> expected (comparator, value, unit, year) of each target, in order
CASES = [
    ("培育省级临床重点专科不少于15个", [(">=", 15, "个", None)]),
    ("粮食产量稳定在23万吨", [("=", 23, "万吨", None)]),
    ("孕产妇死亡率控制在12/10万以下", [("<=", 12, "/10万", None)]),
    (
        "孕产妇、婴儿、5岁以下儿童死亡率分别控制在12/10万、3.5‰、5‰以内",
        [("<=", 12, "/10万", None), ("<=", 3.5, "‰", None), ("<=", 5, "‰", None)],
    ),
    ("力争50%左右基层医疗卫生机构达到基本标准", [("~", 50, "%", None)]),
    ("到2025年,县域内就诊率达90%以上", [(">=", 90, "%", 2025)]),
    ("到2023年底,全区70%的乡(镇)卫生院完成公共卫生站标准化建设", [("=", 70, "%", 2023)]),
    ("启动建设6个县域医疗次中心", [("=", 6, "个", None)]),
    ("遴选3-6名儿科中医骨干作为学术传承人", [(">=", 3, "名", None)]),
    ("确保从收货验收合格到给企业付款不超过30天", [("<=", 30, "天", None)]),
    ("按照服务人口1‰左右的比例", [("~", 1, "‰", None)]),
    ("按照每万人1.12名的比例,重新核定区疾控中心人员编制", [("=", 1.12, "名/万人", None)]),
    ("完成2.5万例孕妇无创DNA检测任务", [("=", 2.5, "万例", None)]),
    ("城乡居民医保人均财政补助标准增加30元", [("=", 30, "元", None)]),
    ("全市人均预期寿命达到79.5岁", [("=", 79.5, "岁", None)]),
    ("二级以上医院门诊预约率提高5个百分点", [("=", 5, "个百分点", None)]),
    ("城区道路网密度达到8公里/平方公里", [("=", 8, "公里/平方公里", None)]),
    ("居民消费价格指数控制在103左右", [("~", 103, "", None)]),
    ("到2025年,每千人口医疗卫生机构床位数达到6张/千人", [("=", 6, "张/千人", 2025)]),
    ("市、县党委每年至少召开1次常委会专题研究医改工作", [(">=", 1, "次", None)]),
    ("开展中医药适宜技术培训不少于500人次", [(">=", 500, "人次", None)]),
    ("在全市范围内培训儿科中医业务骨干50名", [("=", 50, "名", None)]),
    ("全市建成5G基站1000个", [("=", 1000, "个", None)]),
    (
        "严重精神障碍患者、精神分裂症患者规律服药率分别达到65%和75%以上",
        [(">=", 65, "%", None), (">=", 75, "%", None)],
    ),
    (
        "新生儿遗传代谢病筛查率、新生儿听力障碍筛查率分别达98%以上、92%",
        [(">=", 98, "%", None), ("=", 92, "%", None)],
    ),
    (
        "肿瘤随访登记报告发病率、死亡率分别不低于170/10万、100/10万",
        [(">=", 170, "/10万", None), (">=", 100, "/10万", None)],
    ),
    ("确保每个行政村至少有1个村卫生室和1名村医服务", [(">=", 1, "个", None), (">=", 1, "名", None)]),
    ("建设2个县级中医院标准化康复科、2个名老中医传承工作室", [("=", 2, "个", None), ("=", 2, "个", None)]),
    (
        "年内建成2个中医特色优势专科(专病),1个中医适宜技术推广中心",
        [("=", 2, "个", None), ("=", 1, "个", None)],
    ),
    (
        "建设全民健身工程200个(其中全民健身路径工程66个、智能健身驿站15个)",
        [("=", 200, "个", None), ("=", 66, "个", None), ("=", 15, "个", None)],
    ),
    (
        "培育省级临床重点专科不少于15个,2023年争取建成5个,培育市级临床重点专科不少于25个",
        [(">=", 15, "个", None), ("=", 5, "个", 2023), (">=", 25, "个", None)],
    ),
    (
        "到2025年,人均预期寿命达到79岁;孕产妇死亡率控制在9/10万以下。",
        [("=", 79, "岁", 2025), ("<=", 9, "/10万", 2025)],
    ),
    ("第一剂次新冠病毒疫苗接种率60-79岁人群达到95%", [("=", 95, "%", None)]),
    ("65岁以上老年人中医药健康管理率达70%", [("=", 70, "%", None)]),
    ("2023年完成每千人口拥有3岁以下婴幼儿托位数3.58个的任务", [("=", 3.58, "个", 2023)]),
]

# phrases with numbers that are not targets
NEGATIVES = [
    "2023年3月30日",
    "编制2023年居民消费价格指数报告",
    "发布第3号价格指数公告",
    "《妇幼健康行动提升计划(2023-2025年)》",
    "65岁以上老年人",
    "为全市65岁及以上老年人进行一次白内障筛查",
    "0-6岁儿童健康管理系统规范应用",
    "第一批",
    "第3批试点",
    "二级甲等",
    "三级医院",
    "“十四五”期间",
    "推进5G、区块链、人工智能等技术在卫生健康领域试点应用",
    "实施“1+X”用药模式",
    "联系电话:0851-86812345",
    "石政办函〔2020〕32号",
    "由市属7家医院自筹经费提高人才引进经费",
    "市市场监管局在接到上级通知后5个工作日内将相关情况报告",
    "省政策文件出台后1个月内完成起草工作",
    "截至2022年底,全市已建成社区医院12个,现有床位3000张",
    "将国家第一批集中采购的25种药品,扩大到定点民营医疗机构",
    "全力做好贵阳机场及全市12个污水处理厂等新冠变异毒株监测",
    "按照《贵阳市民生基因检测项目实施方案(2021-2023 年)》及时保障项目经费",
    "落实《关于加快推进100个重点项目建设的通知》要求",
]


def _summary(text: str) -> list[tuple[str, float, str, int | None]]:
    return [(t.comparator, t.value, t.unit, t.year) for t in find_targets(text)]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:16] for c in CASES])
def test_targets(text: str, expected: list[tuple[str, float, str, int | None]]) -> None:
    assert _summary(text) == [(c, float(v), u, y) for c, v, u, y in expected]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_targets(text: str) -> None:
    assert find_targets(text) == []


def test_list_splits_indicators() -> None:
    got = find_targets("2023年贵阳贵安孕产妇、婴儿、5岁以下儿童死亡率分别控制在12/10万、3.5‰、5‰以内")
    assert [t.key for t in got] == ["孕产妇死亡率", "婴儿死亡率", "5岁以下儿童死亡率"]
    assert all(t.year == 2023 for t in got)
    got = find_targets("5岁以下儿童和婴儿死亡率分别控制在6‰和5‰以下")
    assert [(t.indicator, t.value) for t in got] == [("5岁以下儿童死亡率", 6), ("婴儿死亡率", 5)]
    got = find_targets("肿瘤随访登记报告发病率、死亡率分别不低于170/10万、100/10万")
    assert [t.indicator for t in got] == ["肿瘤随访登记报告发病率", "肿瘤随访登记报告死亡率"]


def test_shared_value_gives_each_indicator_a_target() -> None:
    got = find_targets("孕产妇和3岁以下儿童系统管理率均达到90%以上")
    assert [(t.key, t.comparator, t.value) for t in got] == [
        ("孕产妇系统管理率", ">=", 90),
        ("3岁以下儿童系统管理率", ">=", 90),
    ]


def test_indicator_of_count_and_share() -> None:
    assert find_targets("启动建设6个县域医疗次中心")[0].indicator == "县域医疗次中心"
    assert find_targets("培育省级临床重点专科不少于15个")[0].indicator == "省级临床重点专科"
    share = find_targets("70%以上的村卫生室具备提供中医药服务的条件")[0]
    assert share.indicator.startswith("村卫生室") and share.indicator.endswith("的比例")


TASK = (
    "(1)2023年贵阳贵安孕产妇、婴儿、5岁以下儿童死亡率分别控制在12/10万、3.5‰、5‰以内。"
    "(2)落实国家《母婴安全行动提升计划(2021-2025年)》,孕产妇系统管理率达92%以上、"
    "0-3岁儿童系统管理率达92%以上、7岁以下儿童健康覆盖率达到93%以上。"
    "建设全民健身工程200个(其中全民健身路径工程66个、多功能球场<含笼式足球场>27个),"
    "培训社会体育指导员 2000名。(责任单位:市卫生健康局、各区〔市、县〕人民政府)"
)


@pytest.mark.parametrize("offset", [0, 1234])
def test_offsets_point_at_evidence(offset: int) -> None:
    got = find_targets(TASK, offset)
    assert len(got) == 10
    for t in got:
        assert TASK[t.start - offset : t.end - offset] == t.text
        assert f"{t.value:g}" in t.text.replace(" ", "")


@pytest.mark.parametrize(
    "phrasings",
    [
        (
            "每千人口拥有3岁以下婴幼儿托位数达到3.58个",
            "每千人口3岁以下婴幼儿托位数达3.6个",
            "每千人三岁以下婴幼儿托位数达3.6个",
        ),
        ("重点人群签约服务覆盖率达到80%", "重点人群家庭医生签约服务覆盖率达到75%以上"),
        ("7岁以下儿童健康管理率达到90%以上", "7岁以下儿童健康覆盖率达到93%以上"),
        ("全市孕产妇死亡率控制在12/10万以下", "孕产妇死亡率不高于10/10万"),
        ("适龄儿童免疫规划接种率达到95%以上", "以乡镇为单位国家免疫规划疫苗接种率保持在90%以上"),
    ],
)
def test_same_indicator_same_key(phrasings: tuple[str, ...]) -> None:
    keys = {find_targets(p)[0].key for p in phrasings}
    assert len(keys) == 1


def test_unknown_indicator_keeps_its_text() -> None:
    t = find_targets("心脑血管事件报告发病率不低于350/10万")[0]
    assert t.key == t.indicator == "心脑血管事件报告发病率"


def test_indicator_table() -> None:
    rows = read_csv("indicators.csv")
    assert len(rows) >= 30
    assert set(rows[0]) == {"pattern", "key", "label_en"}
    for row in rows:
        re.compile(row["pattern"])
        assert row["key"] and row["label_en"]
        assert normalize_indicator(row["key"]) == row["key"]  # keys are fixed points


def test_json_value_and_no_digits_fast_path() -> None:
    assert find_targets("加强妇幼健康服务体系建设。") == []
    assert find_targets("培育省级临床重点专科不少于15个")[0].to_json()["value"] == 15
