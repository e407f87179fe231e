#!/usr/bin/env python3
"""Synthetic corpus of health-reform policy documents, with ground truth in the gold schema.

    python bench/make_corpus.py --docs N --out DIR [--gold GOLD] [--seed S] [--stats]

Writes N documents into DIR and, for each, GOLD/<stem>.json (default DIR/gold) in the schema of the
hand-checked gold (shared/gold/SCHEMA.md): document metadata, role rules and every task
with its lead / co / participant / implied units and quantified targets.

Each document speaks for one jurisdiction drawn from ontology/gazetteer.csv (provinces,
prefecture cities, districts and counties). Its units are a level prefix (省/市/区/县) plus
a department core from ontology/aliases.csv, short or full form, chosen per document. The
header takes one of several styles (addressee + 印发 notice, the document's own 文号 on its
own line, issuer and date at the end, no header at all), the outline one of several
numbering styles (一、 > (一) > 1. > (1), 一、 > 1., (一) alone, 一、 > (一) > 1., 一、 > (一),
full-width variants), and responsibilities one of the formats real documents use:
(责任单位:A、B), (牵头单位:A;配合单位:B), labelled lines, (A牵头,B配合), (A、B负责,C参与) with
排在第一位的为牵头部门, (A、B分别负责,C参与) with its note, a closing "A负责。", standing rules
(以下均需…不再列出 → implied units), annexes whose units only lead, task tables, or no
annotation at all. Roles in the gold follow the rules the document states.

Dirt, per document: saved HTML pages with site chrome, Traditional characters with pinyin
annotations (built-in table, the gold stays Simplified), GB18030, UTF-8 with BOM, CRLF.

Deterministic for a seed (one random.Random per document, seeded from random.Random(seed));
standard library only; reads the ontology CSVs from the checkout, imports nothing else.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"

# ---------------------------------------------------------------------------------------------
# Departments: key -> short cores per level type. A core found in aliases.csv also has its full
# form; a document uses one form per key. "prov" is a province, "city" a prefecture city or a
# municipality, "local" a district, county or county-level city.
# ---------------------------------------------------------------------------------------------
DEPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "health": {
        "prov": ("卫生健康委", "卫健委"),
        "city": ("卫健委", "卫生健康委", "卫健局"),
        "local": ("卫健局", "卫健委"),
    },
    "insurance": {"prov": ("医保局",), "city": ("医保局",), "local": ("医保局",)},
    "dev": {
        "prov": ("发展改革委", "发改委"),
        "city": ("发改委", "发展改革委"),
        "local": ("发改局", "发展改革局"),
    },
    "hr": {
        "prov": ("人力资源社会保障厅", "人社厅"),
        "city": ("人社局", "人力资源社会保障局"),
        "local": ("人社局", "人力资源社会保障局"),
    },
    "finance": {"prov": ("财政厅",), "city": ("财政局",), "local": ("财政局",)},
    "edu": {"prov": ("教育厅",), "city": ("教育局",), "local": ("教育局", "教体局")},
    "civil": {"prov": ("民政厅",), "city": ("民政局",), "local": ("民政局",)},
    "tcm": {"prov": ("中医药局",), "city": ("中医药局",)},
    "drug": {"prov": ("药监局", "药品监管局")},
    "market": {"prov": ("市场监管局",), "city": ("市场监管局", "市监局"), "local": ("市场监管局",)},
    "data": {"prov": ("大数据局",), "city": ("大数据局",), "local": ("大数据局",)},
    "build": {
        "prov": ("住房城乡建设厅", "住建厅"),
        "city": ("住建局", "住房城乡建设局"),
        "local": ("住建局",),
    },
    "industry": {"prov": ("工信厅",), "city": ("工信局",), "local": ("工信局",)},
    "sci": {"prov": ("科技厅",), "city": ("科技局",), "local": ("科技局",)},
    "culture": {"prov": ("文化旅游厅", "文旅厅"), "city": ("文旅局", "文化旅游局"), "local": ("文旅局",)},
    "staffing": {"prov": ("委编办",), "city": ("委编办",), "local": ("委编办",)},
    "cdc": {"prov": ("疾控局",), "city": ("疾控中心",), "local": ("疾控中心",)},
    "reform": {"prov": ("医改办",), "city": ("医改办",), "local": ("医改办",)},
    "women": {"prov": ("妇联",), "city": ("妇联",), "local": ("妇联",)},
    "disabled": {"prov": ("残联",), "city": ("残联",), "local": ("残联",)},
    "aging": {"prov": ("老龄办",), "city": ("老龄办",), "local": ("老龄办",)},
    "patriotic": {"prov": ("爱卫办",), "city": ("爱卫办",), "local": ("爱卫办",)},
    "family": {"prov": ("计生协",), "city": ("计生协", "计生协会"), "local": ("计生协",)},
    "sport": {"prov": ("体育局",), "city": ("体育局",), "local": ("体育局",)},
    "emergency": {"prov": ("应急厅",), "city": ("应急局",), "local": ("应急局",)},
    "veterans": {"prov": ("退役军人厅",), "city": ("退役军人局",), "local": ("退役军人局",)},
    "stats": {"prov": ("统计局",), "city": ("统计局",), "local": ("统计局",)},
    "propaganda": {"prov": ("委宣传部",), "city": ("委宣传部",), "local": ("委宣传部",)},
    "org": {"prov": ("委组织部",), "city": ("委组织部",), "local": ("委组织部",)},
    "red": {"prov": ("红十字会",), "city": ("红十字会",), "local": ("红十字会",)},
    "union": {"prov": ("总工会",), "city": ("总工会",), "local": ("总工会",)},
    "police": {"prov": ("公安厅",), "city": ("公安局",), "local": ("公安局",)},
    "justice": {"prov": ("司法厅",), "city": ("司法局",), "local": ("司法局",)},
    "agri": {"prov": ("农业农村厅",), "city": ("农业农村局",), "local": ("农业农村局",)},
    "env": {"prov": ("生态环境厅",), "city": ("生态环境局",), "local": ("生态环境分局",)},
    "planning": {"city": ("自然资源规划局", "资源规划局"), "local": ("自然资源局",)},
    "transport": {"prov": ("交通运输厅",), "city": ("交通局",), "local": ("交通局",)},
    "urban": {"city": ("城管局",), "local": ("城管局",)},
    "net": {"prov": ("网信办",), "city": ("网信办",), "local": ("网信办",)},
    "gov_office": {"prov": ("政府办公厅",), "city": ("政府办",), "local": ("政府办",)},
}
# A unit sometimes written with a second name in brackets: 市文化和旅游局(市广播电视局).
BRACKET_ALIAS = {"culture": "广播电视局", "health": "中医药局", "market": "知识产权局", "agri": "乡村振兴局"}
GENERAL_CO = ("finance", "dev", "hr", "insurance", "staffing", "market", "data", "edu", "civil", "reform")

# Collectives per jurisdiction kind: governments below, and departments of the same level.
GOV_COLLECTIVE = {
    "prov": ("各市(州)人民政府", "各设区市人民政府", "各市人民政府"),
    "muni": ("各区人民政府", "各区县人民政府"),
    "city": ("各区(市、县)人民政府", "各县(市、区)人民政府", "各县(市、区)政府", "各区县政府"),
    "district": ("各街道办事处", "各街道", "各乡镇(街道)"),
    "county": ("各乡镇人民政府", "各乡(镇)人民政府", "各乡镇(街道)"),
}
DEPT_COLLECTIVE = {
    "prov": ("省直有关部门", "省直各有关单位", "省有关部门"),
    "muni": ("市级各相关部门", "市直有关部门"),
    "city": ("市直有关部门", "市级各相关部门", "市直各有关单位", "市医改领导小组成员单位"),
    "district": ("区直各相关单位", "区直有关部门", "区医改领导小组成员单位"),
    "county": ("县直有关部门", "县直各相关单位", "县医改领导小组成员单位"),
}
PARTICIPANT_WORDS = ("相关部门", "有关部门", "各有关单位")


@dataclass(frozen=True)
class Target:
    indicator: str
    unit: str
    values: tuple[float, ...]
    kinds: tuple[str, ...]  # phrasing: reach, reach_ge, keep_ge, not_below, ctrl_le, within, approx
    verb: str = ""  # counts: 建成{v}个{indicator} style when set


@dataclass(frozen=True)
class Theme:
    key: str
    headings: tuple[str, ...]
    titles: tuple[str, ...]
    sentences: tuple[str, ...]
    targets: tuple[Target, ...]
    leads: tuple[str, ...]
    cos: tuple[str, ...]


def _t(ind: str, unit: str, values: tuple[float, ...], kinds: str, verb: str = "") -> Target:
    return Target(ind, unit, values, tuple(kinds.split()), verb)


THEMES: tuple[Theme, ...] = (
    Theme(
        "community",
        ("深化紧密型县域医共体建设", "加快推进分级诊疗制度建设", "优化医疗资源布局"),
        (
            "推进紧密型县域医共体建设",
            "健全医共体管理运行机制",
            "完善医共体内部利益分配机制",
            "推动优质医疗资源扩容下沉",
            "加强县级医院能力建设",
            "提升乡镇卫生院服务能力",
            "推进村卫生室标准化建设",
            "完善双向转诊制度",
            "深化城市医疗集团建设",
            "推动县域医疗次中心建设",
            "落实医共体人员统筹使用",
            "推进县乡村一体化管理",
        ),
        (
            "以县级医院为龙头,整合县乡两级医疗卫生资源,组建紧密型县域医疗卫生共同体。",
            "推动医共体内人员、财务、药品耗材和信息系统统一管理。",
            "建立医共体牵头医院对成员单位的帮扶机制,推动专家定期下沉基层坐诊。",
            "完善基层首诊、双向转诊、急慢分治、上下联动的分级诊疗模式。",
            "畅通上转下转通道,为下转患者提供连续性医疗服务。",
            "加强乡镇卫生院特色科室建设,提升常见病多发病诊疗能力。",
            "推动医共体内检查检验结果互认,减少重复检查。",
            "建立医共体内统一的药品目录和采购配送制度。",
            "探索医共体内薪酬总量统筹核定和动态调整机制。",
            "推进县域内医学影像、心电诊断、临床检验等资源共享中心建设。",
            "鼓励退休医生到基层医疗卫生机构执业。",
            "落实乡村医生待遇保障政策,稳定乡村医生队伍。",
        ),
        (
            _t("县域内就诊率", "%", (85, 88, 90, 92), "reach reach_ge"),
            _t("县域内住院人次占比", "%", (75, 80, 85), "reach_ge keep_ge"),
            _t("县域医疗次中心", "个", (2, 3, 4, 6, 8, 12), "count", "建成"),
            _t("基层医疗卫生机构诊疗量占比", "%", (60, 62, 65), "reach_ge not_below"),
        ),
        ("health",),
        ("dev", "finance", "hr", "insurance", "staffing"),
    ),
    Theme(
        "family_doctor",
        ("提升家庭医生签约服务质量", "加强基层医疗卫生服务"),
        (
            "做实家庭医生签约服务",
            "扩大家庭医生签约服务覆盖面",
            "完善家庭医生签约服务激励机制",
            "推进个性化签约服务包",
            "加强重点人群签约履约",
            "推动慢性病签约管理",
        ),
        (
            "以老年人、孕产妇、儿童、慢性病患者和残疾人为重点,提高家庭医生签约服务质量。",
            "组建以全科医生为核心的家庭医生团队,鼓励二级以上医院医师加入团队。",
            "完善签约服务费标准和分配办法,签约服务费主要用于团队人员薪酬分配。",
            "推广互联网家庭医生签约服务,提供线上咨询、预约转诊和健康管理服务。",
            "建立签约居民优先就诊、优先转诊绿色通道。",
            "强化签约服务质量考核,考核结果与签约服务费拨付挂钩。",
        ),
        (
            _t("家庭医生签约服务覆盖率", "%", (40, 45, 50, 60), "reach reach_ge"),
            _t("重点人群签约服务覆盖率", "%", (70, 75, 80, 85), "reach_ge not_below"),
            _t("高血压患者规范管理率", "%", (60, 62, 65, 70), "reach_ge"),
            _t("糖尿病患者规范管理率", "%", (60, 62, 65, 70), "reach_ge keep_ge"),
        ),
        ("health",),
        ("insurance", "finance", "hr", "civil", "disabled"),
    ),
    Theme(
        "payment",
        ("深化医保支付方式改革", "健全医疗保障制度"),
        (
            "推进按疾病诊断相关分组(DRG)付费改革",
            "推进按病种分值(DIP)付费改革",
            "完善多元复合式医保支付方式",
            "健全医保基金监管机制",
            "推进门诊共济保障机制改革",
            "完善城乡居民医保制度",
            "落实医疗救助政策",
            "推进医保经办服务标准化",
            "加快医保信息化建设",
            "开展长期护理保险制度试点",
        ),
        (
            "全面推行按病种付费为主的多元复合式医保支付方式。",
            "推进按疾病诊断相关分组付费和按病种分值付费扩面提质。",
            "对紧密型医共体实行医保基金总额付费,加强监督考核,结余留用,合理超支分担。",
            "完善中医优势病种按病种付费政策。",
            "加强医保基金使用常态化监管,严厉打击欺诈骗保行为。",
            "推进智能监控系统全覆盖,提升基金监管效能。",
            "完善职工医保个人账户使用政策,拓宽个人账户使用范围。",
            "推进异地就医直接结算,提升参保群众就医便利度。",
            "健全防范和化解因病致贫返贫长效机制。",
        ),
        (
            _t("基本医疗保险参保率", "%", (95, 96, 97), "keep_ge reach_ge"),
            _t("按病种付费医保基金支出占比", "%", (70, 75, 80), "reach_ge"),
            _t("住院费用跨省直接结算率", "%", (70, 75, 80), "reach_ge"),
        ),
        ("insurance",),
        ("health", "finance", "tcm", "market"),
    ),
    Theme(
        "procurement",
        ("健全药品供应保障制度", "深化药品耗材集中带量采购改革"),
        (
            "常态化开展药品集中带量采购",
            "推进医用耗材集中带量采购",
            "落实集采药品医保资金结余留用政策",
            "完善短缺药品监测预警机制",
            "加强基本药物配备使用",
            "规范医疗服务价格管理",
            "建立医疗服务价格动态调整机制",
            "加强药品使用监测",
        ),
        (
            "落实国家和省组织药品耗材集中带量采购中选结果,确保中选产品进院使用。",
            "推进医保基金与医药企业直接结算,降低企业交易成本。",
            "加强集采药品质量监管和供应保障,做好中选产品配送。",
            "指导医疗机构优化用药结构,优先配备使用基本药物。",
            "建立健全短缺药品监测预警和分级应对机制。",
            "按照总量控制、结构调整、有升有降、逐步到位的原则,稳妥有序调整医疗服务价格。",
            "加强公立医疗机构药品采购行为监管,规范药品网上采购。",
            "推进药品追溯体系建设,实现重点品种来源可查、去向可追。",
        ),
        (
            _t("公立医疗机构药品网上采购率", "%", (100,), "reach"),
            _t("集采中选药品品种数", "个", (300, 350, 400, 450), "not_less"),
            _t("基层医疗卫生机构基本药物配备品种数量占比", "%", (50, 55, 60), "not_below"),
        ),
        ("insurance", "health"),
        ("market", "drug", "finance", "health"),
    ),
    Theme(
        "tcm",
        ("促进中医药传承创新发展", "提升中医药服务能力"),
        (
            "加强中医药服务体系建设",
            "推进中医优势专科建设",
            "提升基层中医药服务能力",
            "推进中西医协同发展",
            "加强中医药人才队伍建设",
            "推动中医药传承创新",
            "发展中医治未病服务",
            "推进中药产业高质量发展",
        ),
        (
            "推动县级中医医院提标扩能,加强中医药特色优势专科建设。",
            "推进乡镇卫生院和社区卫生服务中心中医馆建设。",
            "推广中医药适宜技术,提升基层中医药服务可及性。",
            "建立中西医联合诊疗制度,将中西医协作纳入医院绩效考核。",
            "实施中医药传承工程,开展名老中医药专家学术经验继承工作。",
            "深入贯彻落实《中华人民共和国中医药法》,完善中医药发展政策措施。",
            "加强中药材种植基地建设,提升中药材质量。",
            "推动中医治未病服务融入家庭医生签约服务。",
        ),
        (
            _t("社区卫生服务中心和乡镇卫生院中医馆覆盖率", "%", (100,), "reach"),
            _t("能够提供中医药服务的村卫生室比例", "%", (70, 75, 80), "reach_ge"),
            _t("名老中医药专家传承工作室", "个", (3, 4, 5, 6, 8, 10), "count", "建设"),
        ),
        ("tcm", "health"),
        ("dev", "finance", "hr", "insurance", "sci", "agri"),
    ),
    Theme(
        "maternal",
        ("保障妇幼健康", "提升妇幼健康服务能力"),
        (
            "强化母婴安全保障",
            "加强危重孕产妇和新生儿救治能力建设",
            "推进出生缺陷综合防治",
            "加强儿童健康管理",
            "实施妇女“两癌”筛查项目",
            "推进妇幼保健机构标准化建设",
            "加强儿童青少年近视防控",
            "推进儿童心理健康服务",
        ),
        (
            "落实母婴安全五项制度,加强孕产妇妊娠风险筛查与评估。",
            "完善危重孕产妇和新生儿救治网络,畅通转诊绿色通道。",
            "全面落实婚前孕前健康检查和产前筛查服务。",
            "加强新生儿疾病筛查和儿童早期发展服务。",
            "推进妇幼保健机构特色专科建设,提升妇幼健康服务能力。",
            "开展适龄妇女宫颈癌和乳腺癌筛查。",
            "加强托幼机构卫生保健工作指导。",
        ),
        (
            _t("孕产妇死亡率", "/10万", (8, 10, 12, 15), "ctrl_le"),
            _t("婴儿死亡率", "‰", (4, 5, 5.5, 6), "ctrl_le within"),
            _t("5岁以下儿童死亡率", "‰", (6, 7, 7.5), "ctrl_le"),
            _t("孕产妇系统管理率", "%", (90, 92), "reach_ge keep_ge"),
            _t("新生儿疾病筛查率", "%", (95, 98), "reach_ge"),
        ),
        ("health",),
        ("women", "finance", "edu", "civil"),
    ),
    Theme(
        "elderly",
        ("促进老年健康和医养结合", "积极应对人口老龄化"),
        (
            "推进医养结合发展",
            "加强老年健康服务体系建设",
            "推进老年友好型社区建设",
            "开展老年人健康管理",
            "推动医疗卫生机构与养老机构签约合作",
            "发展居家社区医养结合服务",
            "加强安宁疗护服务",
            "推进老年医学科建设",
        ),
        (
            "推动医疗卫生服务延伸至社区和家庭,为居家老年人提供上门医疗服务。",
            "支持医疗机构与养老机构建立签约合作关系,畅通就医绿色通道。",
            "鼓励有条件的基层医疗卫生机构开设养老床位。",
            "推进二级及以上综合性医院设立老年医学科。",
            "开展老年人健康评估和失能预防干预。",
            "建设老年友善医疗机构,优化老年人就医流程。",
            "探索开展安宁疗护试点工作。",
        ),
        (
            _t("65岁以上老年人健康管理率", "%", (65, 70, 72), "reach_ge"),
            _t("二级及以上综合性医院设立老年医学科的比例", "%", (60, 80, 90), "reach_ge"),
            _t("老年友善医疗机构占比", "%", (80, 85, 90), "reach_ge not_below"),
            _t("全国示范性老年友好型社区", "个", (2, 3, 4, 5, 6), "count", "创建"),
        ),
        ("health", "civil"),
        ("finance", "insurance", "aging", "build", "civil"),
    ),
    Theme(
        "childcare",
        ("发展普惠托育服务", "促进人口长期均衡发展"),
        (
            "发展普惠托育服务体系",
            "支持社会力量举办托育机构",
            "推进托育服务规范发展",
            "加强托育从业人员队伍建设",
            "推动医育结合",
            "完善生育支持政策",
        ),
        (
            "鼓励用人单位在工作场所为职工提供托育服务。",
            "支持社区嵌入式托育服务设施建设,发展家庭托育点。",
            "落实托育机构登记备案制度,加强托育服务安全管理。",
            "开展婴幼儿照护服务指导,普及科学育儿知识。",
            "鼓励幼儿园开设托班,招收两至三岁的幼儿。",
            "完善生育休假与生育保险制度,减轻家庭生育养育负担。",
        ),
        (
            _t("普惠性托位", "个", (200, 300, 500, 800), "count", "新增"),
            _t("示范性托育机构", "家", (2, 3, 5, 8), "count", "建成"),
            _t("托育机构备案率", "%", (100,), "reach"),
        ),
        ("health",),
        ("civil", "edu", "finance", "market", "build", "women", "union"),
    ),
    Theme(
        "promotion",
        ("深入开展健康促进行动", "深入开展爱国卫生运动", "推进健康城市建设"),
        (
            "深入开展健康知识普及行动",
            "推进全民健身运动",
            "加强控烟工作",
            "推进健康城市和健康村镇建设",
            "深入开展爱国卫生运动",
            "推进健康学校建设",
            "加强心理健康服务",
            "推进合理膳食行动",
        ),
        (
            "建立健全健康教育体系,普及健康生活方式。",
            "广泛开展全民健身运动,推动公共体育设施免费或低收费开放。",
            "深入推进无烟党政机关和无烟医疗卫生机构建设。",
            "开展健康社区、健康单位、健康家庭等健康细胞建设。",
            "统筹推进城乡环境卫生整治,加强病媒生物防制。",
            "推进农村改厕,提升农村人居环境质量。",
            "加强学生体质健康监测,保障学生校内体育活动时间。",
            "健全社会心理服务网络,加强心理危机干预。",
        ),
        (
            _t("居民健康素养水平", "%", (25, 28, 30, 32), "reach not_below"),
            _t("经常参加体育锻炼人数比例", "%", (38, 40, 42), "reach_ge"),
            _t("省级卫生乡镇", "个", (3, 5, 6, 8, 10), "count", "创建"),
            _t("15岁以上人群吸烟率", "%", (20, 21, 22), "ctrl_le"),
        ),
        ("health", "patriotic", "sport", "edu"),
        ("propaganda", "edu", "sport", "build", "agri", "civil", "market"),
    ),
    Theme(
        "digital",
        ("推进“互联网+医疗健康”发展", "加快数字健康建设"),
        (
            "建设全民健康信息平台",
            "推进电子健康档案共享应用",
            "发展互联网医院",
            "推进智慧医院建设",
            "推动检查检验结果互认共享",
            "推广电子健康码应用",
            "加强卫生健康数据安全管理",
            "推进远程医疗服务",
        ),
        (
            "完善全民健康信息平台功能,推动医疗机构数据互联互通。",
            "推进居民电子健康档案向个人开放,方便群众查询使用。",
            "支持实体医疗机构发展互联网医院,提供在线复诊和处方流转服务。",
            "推广预约诊疗、诊间结算、移动支付等便民服务。",
            "建立健全医学检查检验结果互认共享机制。",
            "推进医保电子凭证在医疗机构全流程应用。",
            "落实网络安全等级保护制度,加强个人健康信息保护。",
            "依托医共体建设远程会诊、远程影像和远程心电中心。",
        ),
        (
            _t("居民电子健康档案建档率", "%", (90, 92, 95), "reach_ge"),
            _t("互联网医院", "家", (2, 3, 5, 8, 10), "count", "建成"),
            _t("二级以上公立医院预约诊疗率", "%", (60, 65, 70), "reach_ge"),
        ),
        ("health", "data"),
        ("insurance", "net", "finance", "industry", "data"),
    ),
    Theme(
        "hospital",
        ("推动公立医院高质量发展", "深化公立医院综合改革"),
        (
            "健全现代医院管理制度",
            "推进公立医院薪酬制度改革",
            "加强公立医院绩效考核",
            "推进临床重点专科建设",
            "加强公立医院党的建设",
            "强化公立医院运营管理",
            "推动区域医疗中心建设",
            "持续改善医疗服务",
            "加强医疗质量安全管理",
        ),
        (
            "落实党委领导下的院长负责制,完善医院章程。",
            "落实“两个允许”要求,合理确定公立医院薪酬水平。",
            "完善以公益性为导向的公立医院绩效考核体系,强化考核结果运用。",
            "加强临床专科能力建设,提升疑难危重症诊疗水平。",
            "推进公立医院全面预算管理和成本核算。",
            "推广多学科诊疗和日间手术,改善患者就医体验。",
            "严格落实医疗质量安全核心制度,加强医疗质量控制。",
            "推动公立医院建立健全内部控制制度。",
        ),
        (
            _t("临床重点专科", "个", (5, 8, 10, 12, 15, 20), "not_less_lv"),
            _t("日间手术占择期手术比例", "%", (15, 20, 25), "reach_ge"),
            _t("公立医院人员支出占业务支出比例", "%", (40, 45), "reach_ge"),
        ),
        ("health",),
        ("hr", "finance", "staffing", "insurance", "org"),
    ),
    Theme(
        "public_health",
        ("健全公共卫生体系", "提升疾病预防控制能力"),
        (
            "深化疾病预防控制体系改革",
            "健全重大疫情救治体系",
            "加强公共卫生应急能力建设",
            "完善传染病监测预警机制",
            "推进慢性病综合防控",
            "加强免疫规划工作",
            "推进结核病和艾滋病防治",
            "加强职业病防治",
            "加强精神卫生服务",
        ),
        (
            "优化疾病预防控制机构职能设置,强化疾控机构公共卫生技术指导职能。",
            "健全多点触发、反应快速的传染病监测预警机制。",
            "加强卫生应急队伍建设,完善应急物资储备。",
            "强化医防协同,推动医疗机构与疾控机构业务融合。",
            "推进慢性病综合防控示范区建设,加强高血压、糖尿病等慢性病早期筛查和干预。",
            "规范预防接种门诊建设,提升预防接种服务质量。",
            "落实结核病、艾滋病等重大传染病防控措施。",
            "贯彻落实《中华人民共和国职业病防治法》,加强重点行业职业病危害治理。",
            "加强严重精神障碍患者服务管理。",
        ),
        (
            _t("适龄儿童免疫规划疫苗接种率", "%", (90, 95), "keep_ge"),
            _t("严重精神障碍患者规范管理率", "%", (85, 90), "reach_ge"),
            _t("肺结核患者成功治疗率", "%", (90,), "keep_ge"),
            _t("重大慢性病过早死亡率", "%", (15, 15.5, 16), "ctrl_le"),
        ),
        ("health", "cdc"),
        ("dev", "finance", "staffing", "police", "emergency", "justice"),
    ),
    Theme(
        "workforce",
        ("加强卫生健康人才队伍建设",),
        (
            "加强全科医生队伍建设",
            "推进住院医师规范化培训",
            "加强基层卫生人才队伍建设",
            "完善卫生人才评价激励机制",
            "推进农村订单定向医学生培养",
            "加强公共卫生人才培养",
            "引进高层次卫生人才",
        ),
        (
            "加快推进全科医生培养,扩大全科专业住院医师规范化培训招收规模。",
            "落实基层卫生专业技术人员职称评审倾斜政策。",
            "实施农村订单定向免费医学生培养项目,做好就业安置和履约管理。",
            "完善基层医疗卫生机构绩效工资政策,提高基层医务人员待遇。",
            "创新人才引进方式,柔性引进高层次医学人才。",
            "推动公立医院编制资源统筹使用。",
        ),
        (
            _t("全科医生", "名", (30, 50, 80, 120, 150), "count", "培养"),
            _t("住院医师规范化培训学员", "名", (100, 150, 200), "count", "招收"),
        ),
        ("health", "hr"),
        ("staffing", "finance", "edu", "hr"),
    ),
    Theme(
        "supervision",
        ("强化医疗卫生行业综合监管",),
        (
            "完善医疗卫生行业综合监管制度",
            "推进医疗机构依法执业",
            "加强公共卫生监督执法",
            "开展医疗乱象专项整治",
            "推进卫生健康信用体系建设",
            "强化医疗废物管理",
        ),
        (
            "健全机构自治、行业自律、政府监管、社会监督相结合的多元化综合监管体系。",
            "加强医疗机构依法执业监督检查,规范医疗服务行为。",
            "推进“双随机、一公开”监管全覆盖。",
            "开展打击非法行医专项行动,维护良好医疗秩序。",
            "建立医疗卫生机构和医务人员不良执业行为记分制度。",
            "加强医疗废物收集、运送、贮存和处置全过程监管。",
        ),
        (
            _t("医疗机构依法执业自查覆盖率", "%", (100,), "reach"),
            _t("医疗废物集中处置率", "%", (100,), "reach"),
        ),
        ("health", "market"),
        ("police", "insurance", "env", "justice"),
    ),
)

ANNEX_ITEMS = (
    "制定进一步完善疾病预防控制体系的政策文件",
    "制定推进公立医院高质量发展的实施方案",
    "制定加快中医药特色发展的政策措施",
    "制定加强卫生健康监督体系建设的政策措施",
    "制定医疗卫生行业综合监管责任追究办法",
    "制定深化医疗保障制度改革的政策文件",
    "制定医保基金监管制度体系改革的政策文件",
    "制定促进普惠托育服务发展的政策措施",
    "制定推进医养结合发展的实施意见",
    "制定卫生健康人才引进培养办法",
    "制定紧密型县域医共体考核评价办法",
    "制定家庭医生签约服务管理办法",
    "制定医疗服务价格动态调整实施细则",
    "制定全民健康信息平台建设方案",
)
ANNEX_TITLES = ("计划研究制定的文件", "重点政策文件制定计划", "配套政策文件清单")

GUIDING = (
    "以习近平新时代中国特色社会主义思想为指导,全面贯彻党的二十大精神,坚持以人民健康为中心,"
    "坚持基本医疗卫生事业公益性,统筹推进医疗、医保、医药协同发展和治理,为建设健康{NAME}提供有力保障。",
    "以习近平新时代中国特色社会主义思想为指导,深入贯彻新时代党的卫生与健康工作方针,"
    "把保障人民健康放在优先发展的战略位置,推动卫生健康事业高质量发展。",
)
PRINCIPLES = (
    "坚持政府主导、多方参与;坚持问题导向、系统推进;坚持改革创新、稳中求进,确保各项改革任务落地见效。",
    "坚持以人为本、公益优先;坚持统筹协调、整体推进;坚持因地制宜、分类指导。",
)
GOAL_TAIL = (
    "{LV}医疗卫生服务体系更加完善,群众健康水平持续提升。",
    "分级诊疗格局基本形成,人民群众获得感、幸福感、安全感不断增强。",
)
CLOSING_HEADINGS = ("组织实施", "保障措施", "工作要求")
CLOSING_ITEMS = (
    ("加强组织领导", "各级各部门要充分认识深化医改工作的重要性,将其列入重要议事日程,主要负责同志亲自抓。"),
    ("强化督导考核", "建立工作台账,定期调度任务进展,将重点任务完成情况纳入年度绩效考核。"),
    ("加强宣传引导", "加大医改政策宣传解读力度,及时回应社会关切,营造良好舆论氛围。"),
    ("强化经费保障", "各级财政部门要加大投入力度,保障各项改革任务顺利推进。"),
    ("加强信息报送", "各有关单位要明确专人,按时报送工作进展情况,重大事项及时请示报告。"),
)
PURPOSES = (
    "进一步深化医药卫生体制改革,推动卫生健康事业高质量发展",
    "加快构建优质高效的整合型医疗卫生服务体系",
    "持续提升人民群众健康水平,不断增强群众就医获得感",
    "统筹推进医疗、医保、医药协同发展和治理",
)
NATIONAL_CITES = (
    ("《“健康中国2030”规划纲要》", ""),
    ("《中共中央 国务院关于深化医药卫生体制改革的意见》", ""),
    ("《国务院办公厅关于推动公立医院高质量发展的意见》", "(国办发〔2021〕18号)"),
    ("《“十四五”国民健康规划》", "(国办发〔2022〕11号)"),
    ("《“十四五”全民医疗保障规划》", ""),
    ("《关于推进紧密型县域医疗卫生共同体建设的指导意见》", ""),
    ("《中共中央 国务院关于促进中医药传承创新发展的意见》", ""),
    ("《健康中国行动(2019—2030年)》", ""),
    ("《中共中央 国务院关于深化医疗保障制度改革的意见》", ""),
    ("《关于进一步完善医疗卫生服务体系的意见》", ""),
)
LOCAL_CITES = (
    "《{UP}“十四五”卫生健康事业发展规划》",
    "《{UP}深化医药卫生体制改革{Y}年重点工作任务》",
    "《关于印发〈{UP}{Y}年卫生健康工作要点〉的通知》",
    "《{UP}推动公立医院高质量发展实施方案》",
)
TITLES = (
    "{NAME}{Y}年深化医药卫生体制改革重点工作任务",
    "{NAME}{Y}年卫生健康工作要点",
    "{NAME}“十四五”深化医药卫生体制改革实施方案",
    "{NAME}关于推进紧密型县域医疗卫生共同体建设的实施方案",
    "{NAME}深化医药卫生体制改革{Y}年重点工作任务分工方案",
    "{NAME}促进中医药传承创新发展实施方案",
    "{NAME}推动公立医院高质量发展实施方案",
    "{NAME}{Y}年基层卫生健康重点工作任务清单",
    "{NAME}加快推进医养结合发展工作方案",
    "{NAME}卫生健康事业高质量发展行动计划",
)
DOC_KIND = {"方案": "方案", "要点": "要点", "任务": "任务", "清单": "清单", "计划": "计划"}
NAV = (
    "首页",
    "政务公开",
    "政策文件",
    "办事服务",
    "互动交流",
    "新闻中心",
    "专题专栏",
    "数据发布",
    "走进{SHORT}",
)

# ---------------------------------------------------------------------------------------------
# Traditional characters: a built-in Simplified → Traditional table of the characters the
# generator writes (checked once against OpenCC t2s so cleaning recovers the Simplified text),
# and tone-marked pinyin for some of them (縣(xiàn)).
# ---------------------------------------------------------------------------------------------
S2T_SIMP = (
    "万与专业丛东两严个丰临为丽举义乌乐习乡乱争云亚产亲仆从仑仓仪们价众优会伟传伦体余侨倾储儿兖党兰关兴养"
    "内冈册军农冲决况准凉减凤凭凯击划则刚创别剑劝办务动励势匀区医华协单卖占卢卧卫厂厅历厉压厕厢厦县参双发"
    "叙叠台叶号吕启吴员咨咸响团园围国图圣场坚坛坝垒垦垫壮声壶处备复够头夹妇娄婴孙学宁宝实审宫宽宾对寻导寿"
    "将尔尧层属屿岁岗岚岛岩岭岳峄峡峦崂崃巩师带帮干广庄庆庐库应废开异张弥强归当录彦彻怀态总恒战户执扩扬抚"
    "护报担拨择挂挥据撑数斗断无旧时晋晖术机杂权条来杨极构枞枣标栏树栖栾档桥桦梦检棱楼横欢残毕汇汉汤沟沧泸"
    "泽泾洼浈浉测济浏浑浔涂涞涟涡润涧淀渑温游湾溆满滦滨滩潍潜澜灯灵灾炉点炼烟烦爱牵犹独狮献玛环现珲琼瑶瓮"
    "瓯电畅畴疗盐监盖盘矿砀码砚硕硚确碍碱礼禄禅离种积称税稳竞筛筹签简类粮紧红约级纪纲纳线组细织绍经结给绛"
    "络统绥继绩续维绵综绿编缙网罗聂职联肃胜胶脱腊腾舆艺节芗芜芦苍苏范荆荣荥荫药莱莲获萝营萧萨蓝蓟蓥蔺蕲蕴"
    "见观规视觉触计订认让训议记讷许论设访证评识诈诊诏试询请诸诺读调谊谋谟谢谦谯谱贝贞负贡财责贤账质贫购贮"
    "贯贵费贺贾资赉赛赞赣赵车转轮轻载辉输边辽达迁过迈运进远连适选逊遥邓邮邹邺邻郁郏郑郓郧郸采里针钟钢钦钩"
    "铁铅铜银销锋错锡锦锻镇镜镶长门问间闵闸闻闽阁阆阎队阳阴际陆陇陈陉陕险随难静韩页顶项顺预领颇颈颍题额风"
    "饶馆马驻驿骅验骗鱼鲁鲅鲜鲤鸠鸡鸣鸭鹤鹰麦黄齐龄龙"
)
S2T_TRAD = (
    "萬與專業叢東兩嚴個豐臨為麗舉義烏樂習鄉亂爭雲亞產親僕從侖倉儀們價眾優會偉傳倫體餘僑傾儲兒兗黨蘭關興養"
    "內岡冊軍農衝決況準涼減鳳憑凱擊劃則剛創別劍勸辦務動勵勢勻區醫華協單賣佔盧臥衛廠廳歷厲壓廁廂廈縣參雙發"
    "敘疊臺葉號呂啟吳員諮鹹響團園圍國圖聖場堅壇壩壘墾墊壯聲壺處備復夠頭夾婦婁嬰孫學寧寶實審宮寬賓對尋導壽"
    "將爾堯層屬嶼歲崗嵐島巖嶺嶽嶧峽巒嶗崍鞏師帶幫幹廣莊慶廬庫應廢開異張彌強歸當錄彥徹懷態總恆戰戶執擴揚撫"
    "護報擔撥擇掛揮據撐數鬥斷無舊時晉暉術機雜權條來楊極構樅棗標欄樹棲欒檔橋樺夢檢稜樓橫歡殘畢匯漢湯溝滄瀘"
    "澤涇窪湞溮測濟瀏渾潯塗淶漣渦潤澗澱澠溫遊灣漵滿灤濱灘濰潛瀾燈靈災爐點煉煙煩愛牽猶獨獅獻瑪環現琿瓊瑤甕"
    "甌電暢疇療鹽監蓋盤礦碭碼硯碩礄確礙鹼禮祿禪離種積稱稅穩競篩籌籤簡類糧緊紅約級紀綱納線組細織紹經結給絳"
    "絡統綏繼績續維綿綜綠編縉網羅聶職聯肅勝膠脫臘騰輿藝節薌蕪蘆蒼蘇範荊榮滎蔭藥萊蓮獲蘿營蕭薩藍薊鎣藺蘄蘊"
    "見觀規視覺觸計訂認讓訓議記訥許論設訪證評識詐診詔試詢請諸諾讀調誼謀謨謝謙譙譜貝貞負貢財責賢賬質貧購貯"
    "貫貴費賀賈資賚賽贊贛趙車轉輪輕載輝輸邊遼達遷過邁運進遠連適選遜遙鄧郵鄒鄴鄰鬱郟鄭鄆鄖鄲採裡針鍾鋼欽鉤"
    "鐵鉛銅銀銷鋒錯錫錦鍛鎮鏡鑲長門問間閔閘聞閩閣閬閻隊陽陰際陸隴陳陘陝險隨難靜韓頁頂項順預領頗頸潁題額風"
    "饒館馬駐驛驊驗騙魚魯鮁鮮鯉鳩雞鳴鴨鶴鷹麥黃齊齡龍"
)
# Character followed by its tone-marked syllable, space-separated.
_PINYIN_TEXT = (
    "縣xiàn 區qū 醫yī 衛wèi 療liáo 體tǐ 設shè 務wù 機jī 構gòu 進jìn 級jí 實shí "
    "現xiàn 發fā 質zhì 優yōu 點diǎn 專zhuān 項xiàng 動dòng 綜zōng 監jiān 險xiǎn 藥yào 產chǎn "
    "婦fù 兒ér 養yǎng 護hù 單dān 責zé 協xié 員yuán 會huì 議yì 統tǒng 費fèi 價jià "
    "購gòu 層céng 鄉xiāng 鎮zhèn 診zhěn 斷duàn 辦bàn 廳tīng 網wǎng 絡luò 資zī 數shù 據jù "
    "應yīng 擴kuò 強qiáng 權quán 齡líng 殘cán 愛ài 運yùn 營yíng 創chuàng 規guī 劃huà 織zhī "
    "領lǐng 導dǎo 組zǔ 預yù 測cè 報bào 檢jiǎn 驗yàn 總zǒng 經jīng 濟jì 財cái 農nóng "
    "業yè 環huán 計jì 績jì 積jī 極jí 穩wěn 篩shāi 結jié 傳chuán 與yǔ 為wéi 關guān "
    "開kāi 門mén 問wèn 題tí 東dōng 長cháng 紅hóng 時shí 間jiān 書shū 準zhǔn 標biāo 範fàn "
    "態tài 調tiáo 復fù 歲suì 嬰yīng 綠lǜ 學xué 種zhǒng 處chù"
)
_PINYIN = {w[0]: w[1:] for w in _PINYIN_TEXT.split()}
PINYIN = {k: v for k, v in _PINYIN.items() if k in S2T_TRAD}


@cache
def s2t_table() -> dict[int, str]:
    return {ord(s): t for s, t in zip(S2T_SIMP, S2T_TRAD, strict=True)}


# ---------------------------------------------------------------------------------------------
# Ontology data
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    code: str
    name: str
    short: str
    level: str
    parent: str
    province: str


@dataclass
class World:
    by_code: dict[str, Place]
    children: dict[str, list[Place]]
    name_count: dict[str, int]
    aliases: dict[str, str]
    pools: dict[str, list[Place]]


MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@cache
def world() -> World:
    with (ONTOLOGY / "gazetteer.csv").open(encoding="utf-8", newline="") as f:
        places = [Place(**{k: r[k] for k in Place.__dataclass_fields__}) for r in csv.DictReader(f)]
    with (ONTOLOGY / "aliases.csv").open(encoding="utf-8", newline="") as f:
        aliases = {r["short"]: r["full"] for r in csv.DictReader(f)}
    by_code = {p.code: p for p in places}
    children: dict[str, list[Place]] = {}
    name_count: dict[str, int] = {}
    for p in places:
        children.setdefault(p.parent, []).append(p)
        name_count[p.name] = name_count.get(p.name, 0) + 1
    pools: dict[str, list[Place]] = {"province": [], "city": [], "district": [], "county": []}
    for p in places:
        if p.level == "province" and (
            (p.name.endswith("省") and p.name != "台湾省") or p.name in MUNICIPALITIES
        ):
            pools["province"].append(p)
        elif p.level == "city" and p.name.endswith("市"):
            pools["city"].append(p)
        elif p.level == "district" and p.name.endswith("区") and p.parent in by_code:
            pools["district"].append(p)
        elif p.level == "county" and p.name.endswith(("县", "市")) and p.parent in by_code:
            pools["county"].append(p)
    return World(by_code, children, name_count, aliases, pools)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
_CN_DIGITS = "零一二三四五六七八九"


def cn_num(n: int) -> str:
    """1..99 as Chinese numerals: 一, 十, 十一, 二十, 二十一."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


_FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def fmt_value(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def json_value(v: float) -> int | float:
    return int(v) if float(v).is_integer() else float(v)


def split_count(rng: random.Random, n: int, k: int, least: int) -> list[int]:
    """n split into k random parts of at least ``least`` each (k shrinks when n is small)."""
    k = max(1, min(k, n // least))
    parts = [least] * k
    for _ in range(n - least * k):
        parts[rng.randrange(k)] += 1
    return parts


GENERIC_FRAGMENTS = (
    "加强部门协同,形成工作合力。",
    "建立工作台账,明确时间节点和工作要求。",
    "及时总结推广典型经验做法。",
    "强化督促指导,定期通报工作进展。",
    "加大财政投入力度,落实各项保障政策。",
    "完善配套政策措施,推动任务落地见效。",
    "将相关工作纳入年度目标考核。",
    "积极争取上级政策和项目资金支持。",
    "鼓励有条件的地方先行先试,探索可复制可推广的经验。",
    "加强信息化支撑,提升服务管理效率。",
    "开展督导评估,及时发现和解决存在的问题。",
    "做好政策宣传解读,营造良好社会氛围。",
    "健全长效工作机制,巩固提升改革成效。",
    "强化人才、资金、技术等要素保障。",
)
# When a document has used up the fragments of a theme: "持续推进医养结合发展,确保各项措施落地见效。"
ADVERBS = ("进一步", "持续", "扎实", "稳步", "全面", "加快", "积极", "着力")
OUTCOMES = (
    "确保各项措施落地见效",
    "不断提升群众满意度",
    "形成可复制可推广的经验",
    "切实增强群众获得感",
    "推动工作提质增效",
    "确保按期完成年度任务",
    "努力实现新突破",
    "持续巩固改革成果",
)


MAX_FRAGS = 8  # body fragments per task, grouped into at most three sentences


@dataclass
class TaskSpec:
    ids: list[str]  # id parts as printed, ASCII brackets
    marker: str  # the printed marker
    section: str
    theme: Theme
    title: str  # title as printed (with 。 unless heading-line)
    frags: list[str]  # body fragments, each a sentence ending 。
    merge: list[bool] = field(default_factory=list)  # merge fragment i with the previous one
    targets: list[dict] = field(default_factory=list)
    target_sentence: str = ""
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    implied: list[str] = field(default_factory=list)
    inline: str = ""  # clause closing the paragraph
    closing: str = ""  # closing sentence "A负责。"
    after: list[str] = field(default_factory=list)  # label lines after the paragraph
    heading_line: bool = False  # title alone on the marker line, body on the next line
    indent: str = ""

    def body(self) -> str:
        out: list[str] = []
        for i, frag in enumerate(self.frags):
            if i and self.merge[i] and out:
                out[-1] = out[-1][:-1] + "," + frag
            else:
                out.append(frag)
        text = "".join(out)
        if self.target_sentence:
            text += self.target_sentence
        return text + self.closing + self.inline

    def lines(self) -> list[str]:
        body = self.body()
        if self.heading_line:
            out = [self.indent + self.marker + self.title, self.indent + body]
        else:
            out = [self.indent + self.marker + self.title + body]
        return out + [self.indent + a for a in self.after]

    def gold(self) -> dict:
        return {
            "id": "/".join(self.ids),
            "section": self.section,
            "title": self.title,
            "lead": self.lead,
            "co": self.co,
            "participants": self.participants,
            "implied": self.implied,
            "targets": self.targets,
        }


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # a one-cell row is a section row
    tasks: list[TaskSpec]  # row tasks (title + frags, units), in order


# ---------------------------------------------------------------------------------------------
# One document
# ---------------------------------------------------------------------------------------------
FAMILIES = (
    ("label", 26),
    ("verb", 13),
    ("rank", 12),
    ("lines", 9),
    ("lead_main", 6),
    ("closing", 5),
    ("table", 12),
    ("none", 10),
    ("mixed", 7),
)
TASK_FORMATS = {
    "label": (("resp", 55), ("lead_co", 20), ("resp_lead", 10), ("closing", 8), ("verb", 7)),
    "verb": (("verb", 55), ("fuze", 25), ("closing", 10), ("resp", 10)),
    "rank": (("fuze", 55), ("each", 30), ("closing", 10), ("resp", 5)),
    "lines": (("lines", 85), ("resp", 15)),
    "lead_main": (("lead_main", 70), ("resp", 30)),
    "closing": (("closing", 70), ("resp", 30)),
    "mixed": (
        ("resp", 25),
        ("lead_co", 15),
        ("lines", 15),
        ("verb", 15),
        ("resp_lead", 10),
        ("lead_main", 10),
        ("closing", 10),
    ),
}
STYLES = (("S1", 18), ("S2", 27), ("S3", 15), ("S4", 20), ("S5", 20))
CONVENTION = "first-listed unit is lead (convention; doc states no rule)"


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for name, w in pairs:
        r -= w
        if r < 0:
            return name
    return pairs[-1][0]


class Builder:
    """Builds one document: its lines (Simplified, before dirt) and its gold annotation."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.w = world()
        self._pick_place()
        self.units: dict[str, str | None] = {}
        fw = rng.random() < 0.35
        self.open, self.close = ("（", "）") if fw else ("(", ")")
        inner = rng.random()
        self.iopen, self.iclose = ("〔", "〕") if inner < 0.3 else ("（", "）") if fw else ("(", ")")
        self.colon = "：" if fw and rng.random() < 0.7 else ":"
        self.fw_numbers = rng.random() < 0.3
        self.l3_sep = "．" if self.fw_numbers else rng.choice((".", ".", ".", "、"))
        self.bracket_key = rng.choice(tuple(BRACKET_ALIAS)) if rng.random() < 0.35 else None
        if self.bracket_key == "health":
            self.skip_keys = {"tcm"}
        elif self.bracket_key == "market":
            self.skip_keys = {"drug"}
        else:
            self.skip_keys = set()
        gov = rng.choice(GOV_COLLECTIVE[self.kind])
        self.gov = gov.replace("(", self.iopen).replace(")", self.iclose)
        dept = rng.choice(DEPT_COLLECTIVE[self.kind])
        self.deptc = self.P + dept[1:]
        self.used_titles: set[str] = set()
        self.used_frags: set[str] = set()
        self.rules: list[str] = []
        self.standing_unit: str | None = None
        self.etc_rate = 0.25 if rng.random() < 0.35 else 0.0
        self.resp_label = rng.choice(("责任单位", "责任单位", "责任部门"))
        self.lead_co_labels = rng.choice(
            (("牵头单位", "配合单位"), ("牵头部门", "配合部门"), ("牵头单位", "协同单位"))
        )
        self.each_note_done = False

    # -- place -------------------------------------------------------------------------------
    def _pick_place(self) -> None:
        rng, w = self.rng, self.w
        level = weighted(rng, (("province", 10), ("city", 35), ("district", 25), ("county", 30)))
        p = rng.choice(w.pools[level])
        self.place = p
        parent = w.by_code.get(p.parent)
        self.parent = parent
        if level == "province":
            self.kind = "muni" if p.name in MUNICIPALITIES else "prov"
        else:
            self.kind = level
        self.P = {"prov": "省", "muni": "市", "city": "市", "district": "区"}.get(self.kind, p.name[-1])
        self.dept_type = {"prov": "prov", "muni": "city", "city": "city"}.get(self.kind, "local")
        qualified = parent is not None and level in ("district", "county")
        if qualified and (w.name_count[p.name] > 1 or rng.random() < 0.4):
            self.NAME = parent.name + p.name
        else:
            self.NAME = p.name
        self.SHORT = p.short or p.name
        self.LV = "全" + self.P
        self.WE = "我" + self.P
        if self.kind in ("prov", "muni"):
            self.UP = p.name
        elif self.kind == "city":
            self.UP = p.province
        else:
            self.UP = parent.name if parent else p.province

    # -- units -------------------------------------------------------------------------------
    def unit(self, key: str) -> str | None:
        if key in self.units:
            return self.units[key]
        cores = DEPTS.get(key, {}).get(self.dept_type)
        if not cores or key in self.skip_keys:
            self.units[key] = None
            return None
        core = self.rng.choice(cores)
        forms = [core]
        full = self.w.aliases.get(core)
        if full:
            forms.append(full)
        name = self.P + self.rng.choice(forms)
        if key == self.bracket_key:
            name += self.iopen + self.P + BRACKET_ALIAS[key] + self.iclose
        self.units[key] = name
        return name

    def pick_units(self, theme: Theme, n_lead: int, n_co: int, n_part: int) -> tuple[list, list, list]:
        rng = self.rng
        lead_keys = [k for k in theme.leads if self.unit(k)] or ["health"]
        first = lead_keys[0] if rng.random() < 0.6 else rng.choice(lead_keys)
        chosen = [first]
        pool = [k for k in (*theme.leads, *theme.cos, *GENERAL_CO) if k not in chosen and self.unit(k)]
        pool = list(dict.fromkeys(pool))
        rng.shuffle(pool)
        lead = [self.unit(first)]
        for k in pool[: n_lead - 1]:
            lead.append(self.unit(k))
            chosen.append(k)
        pool = [k for k in pool if k not in chosen]
        co = [self.unit(k) for k in pool[:n_co]]
        pool = pool[n_co:]
        part: list[str] = []
        if n_part:
            choices = [*PARTICIPANT_WORDS, self.deptc]
            if rng.random() < 0.5 and pool:
                part.append(self.unit(pool[0]))
                pool = pool[1:]
            if len(part) < n_part:
                part.append(rng.choice(choices))
            if len(part) < n_part and pool:
                part.insert(0, self.unit(pool[0]))
        if n_co and rng.random() < 0.08:
            kids = self.w.children.get(self.place.code, [])
            if kids:
                kid = rng.choice(kids)
                co.append(kid.name + rng.choice(("人民政府", "政府")))
        if rng.random() < 0.25 and self.gov != self.standing_unit and n_co:
            co.append(self.gov)
        elif rng.random() < 0.06 and n_co:
            co.append(self.deptc)
        return [u for u in lead if u], [u for u in co if u], part

    def etc(self, names: list[str]) -> str:
        """Join with 、, sometimes closing with a trailing 等 on a department (dropped in the gold)."""
        text = "、".join(names)
        last = names[-1] if names else ""
        # Collectives and generic words never take 等: it would read as part of their name.
        plain = bool(last) and not last.startswith("各") and last not in PARTICIPANT_WORDS
        plain = plain and not last.endswith(("政府", "单位", "部门"))
        if self.etc_rate and plain and self.rng.random() < self.etc_rate:
            text += self.rng.choice(("等", "等", "等部门", "等单位"))
        return text

    # -- clauses -----------------------------------------------------------------------------
    def clause(self, t: TaskSpec, fmt: str) -> None:
        """Give ``t`` its units and the text that states them, by format."""
        rng = self.rng
        o, c, col = self.open, self.close, self.colon
        n_co = rng.choice((0, 1, 1, 2, 2, 2, 3, 3, 4))
        if fmt == "resp":
            lead, co, _ = self.pick_units(t.theme, 1, n_co, 0)
            names = lead + co
            if len(names) > 2 and names[-1] == self.gov and rng.random() < 0.5:
                text = self.etc(names[:-1]) + "," + names[-1]
            else:
                text = self.etc(names)
            t.lead, t.co = lead, co
            t.inline = f"{o}{self.resp_label}{col}{text}{c}"
        elif fmt == "lead_co":
            lead, co, _ = self.pick_units(t.theme, rng.choice((1, 1, 1, 2)), n_co, 0)
            la, lb = self.lead_co_labels
            sep = rng.choice((";", ";", "；", ","))
            if co:
                t.inline = f"{o}{la}{col}{'、'.join(lead)}{sep}{lb}{col}{self.etc(co)}{c}"
            else:
                t.inline = f"{o}{la}{col}{self.etc(lead)}{c}"
            t.lead, t.co = lead, co
        elif fmt == "lead_main":
            lead, co, _ = self.pick_units(t.theme, 1, max(1, n_co), 0)
            sep = rng.choice((";", "；"))
            t.inline = f"{o}牵头责任单位{col}{lead[0]}{sep}主要协作单位{col}{'、'.join(co)}{c}"
            t.lead, t.co = lead, co
        elif fmt == "resp_lead":
            lead, co, _ = self.pick_units(t.theme, 1, max(1, n_co), 0)
            tail = rng.choice(("按职责分工落实", "按职责分工落实", "配合"))
            t.inline = f"{o}{self.resp_label}{col}{lead[0]}牵头,{'、'.join(co)}{tail}{c}"
            t.lead, t.co = lead, co
        elif fmt == "verb":
            lead, co, _ = self.pick_units(t.theme, rng.choice((1, 1, 1, 2)), n_co, 0)
            if co:
                t.inline = f"{o}{'、'.join(lead)}牵头,{'、'.join(co)}配合{c}"
            else:
                t.inline = f"{o}{'、'.join(lead)}{rng.choice(('牵头', '牵头负责'))}{c}"
            t.lead, t.co = lead, co
        elif fmt in ("fuze", "fuze_rank"):
            n_part = rng.choice((0, 0, 1, 1, 2))
            lead, co, part = self.pick_units(t.theme, 1, min(n_co, 2), n_part)
            if fmt == "fuze_rank" and not co:
                lead, co, part = self.pick_units(t.theme, 1, 2, n_part)
            text = "、".join(lead + co) + "负责"
            if part:
                text += "," + "、".join(part) + "参与"
            if fmt == "fuze_rank":
                text += ",排在第一位的为牵头部门,下同"
            t.inline = f"{o}{text}{c}"
            t.lead, t.co, t.participants = lead, co, part
        elif fmt == "each":
            n_part = rng.choice((0, 1, 1, 2))
            lead, _, part = self.pick_units(t.theme, rng.choice((2, 2, 3)), 0, n_part)
            text = self.etc(lead) + "分别负责"
            if part:
                text += "," + "、".join(part) + "参与"
            if not self.each_note_done:
                text += ",分别负责为各部门按职责分别牵头,下同"
                self.each_note_done = True
            t.inline = f"{o}{text}{c}"
            t.lead, t.participants = lead, part
        elif fmt == "closing":
            lead, co, _ = self.pick_units(t.theme, 1, rng.choice((0, 0, 1)), 0)
            names = [u for u in lead + co if u != self.gov]
            lead, co = names[:1], names[1:]
            if co:
                t.closing = f"{'、'.join(names)}负责。"
            else:
                t.closing = f"{lead[0]}{rng.choice(('负责', '负责', '牵头负责'))}。"
            t.lead, t.co = lead, co
        elif fmt == "lines":
            lead, co, _ = self.pick_units(t.theme, rng.choice((1, 1, 1, 2)), n_co, 0)
            la, lb = self.lead_co_labels
            if len(lead) == 1 and rng.random() < 0.25:
                t.after = [f"{self.resp_label}{col}{self.etc(lead + co)}"]
            else:
                t.after = [f"{la}{col}{'、'.join(lead)}"]
                if co:
                    t.after.append(f"{lb}{col}{self.etc(co)}")
            t.lead, t.co = lead, co
        else:  # none
            return
        if self.standing_unit:
            t.implied = [self.standing_unit]

    def standing_clause(self, t: TaskSpec) -> None:
        """(责任单位:A、B、G。以下均需G负责组织落实,不再列出): G co here, implied below."""
        lead, co, _ = self.pick_units(t.theme, 1, self.rng.choice((1, 2)), 0)
        co = [u for u in co if u != self.gov] + [self.gov]
        t.lead, t.co = lead, co
        g = self.gov
        t.inline = (
            f"{self.open}{self.resp_label}{self.colon}{'、'.join(lead + co)}。"
            f"以下均需{g}负责组织落实,不再列出{self.close}"
        )

    # -- vocabulary ----------------------------------------------------------------------------
    def take_title(self, theme: Theme) -> str:
        rng = self.rng
        for th in (theme, *rng.sample(THEMES, len(THEMES))):
            cands = [x for x in th.titles if x not in self.used_titles]
            if cands:
                title = rng.choice(cands)
                self.used_titles.add(title)
                return title
        return rng.choice(theme.titles)

    def take_heading(self, theme: Theme) -> str:
        cands = [x for x in theme.headings if x not in self.used_titles]
        if not cands:
            return self.take_title(theme)
        heading = self.rng.choice(cands)
        self.used_titles.add(heading)
        return heading

    def take_frag(self, theme: Theme) -> str:
        """A sentence not yet used in the document: the theme's own, a generic one, or a composed one."""
        rng = self.rng
        cands = [x for x in theme.sentences if x not in self.used_frags]
        if not cands or rng.random() < 0.12:
            cands = [x for x in GENERIC_FRAGMENTS if x not in self.used_frags] or cands
        for _ in range(20):
            if cands:
                break
            obj = rng.choice(theme.titles)
            adv = rng.choice(ADVERBS)
            if obj.startswith(("持续", "深入", "全面", "加快", "积极")):
                adv = ""
            frag = f"{adv}{obj},{rng.choice(OUTCOMES)}。"
            if frag not in self.used_frags:
                cands = [frag]
        frag = rng.choice(cands) if cands else rng.choice(GENERIC_FRAGMENTS)
        self.used_frags.add(frag)
        return frag

    def target(self, tgt: Target, year: int | None, lv: bool) -> tuple[str, dict]:
        """One quantified target: its phrase and its gold entry."""
        rng = self.rng
        v = rng.choice(tgt.values)
        vs = fmt_value(v)
        kind = rng.choice(tgt.kinds)
        ind, u = tgt.indicator, tgt.unit
        if kind == "count":
            text, cmp_ = f"{tgt.verb}{vs}{u}{ind}", "="
        elif kind == "not_less_lv":
            ind = self.P + "级" + ind
            text, cmp_ = f"培育{ind}不少于{vs}{u}", ">="
        else:
            pattern, cmp_ = {
                "reach": ("{i}达到{v}{u}", "="),
                "reach_ge": ("{i}达到{v}{u}以上", ">="),
                "keep_ge": ("{i}保持在{v}{u}以上", ">="),
                "not_below": ("{i}不低于{v}{u}", ">="),
                "not_less": ("{i}不少于{v}{u}", ">="),
                "ctrl_le": ("{i}控制在{v}{u}以下", "<="),
                "within": ("{i}控制在{v}{u}以内", "<="),
                "approx": ("{i}达到{v}{u}左右", "~"),
            }[kind]
            text = pattern.format(i=ind, v=vs, u=u)
            if lv:
                text = self.LV + text
        gold = {
            "indicator": ind,
            "comparator": cmp_,
            "value": json_value(v),
            "unit": u,
            "year": year,
            "text": text,
        }
        return text, gold

    def target_sentence(self, theme: Theme) -> tuple[str, list[dict]]:
        rng = self.rng
        tgts = list(theme.targets)
        rng.shuffle(tgts)
        if len(tgts) > 1 and rng.random() < 0.3:
            a, ga = self.target(tgts[0], None, rng.random() < 0.3)
            b, gb = self.target(tgts[1], None, False)
            return f"{a},{b}。", [ga, gb]
        year = None
        if rng.random() < 0.4:
            year = self.year + rng.randint(0, 3)
        a, ga = self.target(tgts[0], year, rng.random() < 0.3)
        ga["year"] = year
        return (f"到{year}年,{a}。" if year else f"{a}。"), [ga]

    # -- tasks -------------------------------------------------------------------------------
    def next_format(self) -> str:
        if self.family == "none":
            return "none"
        if self.first_pending:
            self.first_pending = False
            if self.standing == "clause":
                return "standing"
            if self.family == "rank":
                return "fuze_rank"
        return weighted(self.rng, TASK_FORMATS[self.family])

    def make_task(
        self, ids: list[str], marker: str, section: str, theme: Theme, fmt: str | None = None
    ) -> TaskSpec:
        rng = self.rng
        t = TaskSpec(ids, marker, section, theme, "", [])
        t.indent = self.indent
        target_first = False
        if theme.targets and rng.random() < self.target_rate:
            t.target_sentence, t.targets = self.target_sentence(theme)
            target_first = self.sentence_titles and rng.random() < 0.3 and not t.target_sentence[0].isdigit()
        if target_first:
            t.title, t.target_sentence = t.target_sentence, ""
        elif self.sentence_titles:
            t.title = self.take_frag(theme)
        else:
            t.title = self.take_title(theme)
            if self.heading_lines:
                t.heading_line = True
            else:
                t.title += "。"
        for _ in range(rng.randint(0, 2)):
            t.frags.append(self.take_frag(theme))
        self.regroup(t)
        fmt = fmt or self.next_format()
        if fmt == "standing":
            self.standing_clause(t)
            self.standing_unit = self.gov
        elif fmt != "none":
            self.clause(t, fmt)
        self.formats_used.add(fmt)
        return t

    @staticmethod
    def regroup(t: TaskSpec) -> None:
        """At most three body sentences after the title: pair fragments up when there are more."""
        groups = 3 - (1 if t.target_sentence else 0) - (1 if t.closing else 0)
        n = len(t.frags)
        t.merge = [False] * n
        if n <= groups:
            return
        starts = {round(i * n / groups) for i in range(groups)}
        t.merge = [i not in starts for i in range(n)]

    # -- outline -------------------------------------------------------------------------------
    def l2(self, n: int) -> str:
        return f"（{cn_num(n)}）" if self.open == "（" else f"({cn_num(n)})"

    def l3(self, n: int) -> str:
        s = str(n)
        return (s.translate(_FW_DIGITS) if self.fw_numbers else s) + self.l3_sep

    def l4(self, n: int) -> str:
        s = str(n)
        return f"（{s.translate(_FW_DIGITS)}）" if self.fw_numbers else f"({s})"

    def section_themes(self, k: int) -> list[Theme]:
        rng = self.rng
        out: list[Theme] = []
        while len(out) < k:
            out.extend(rng.sample(THEMES, min(len(THEMES), k - len(out))))
        return out

    def work(self, n: int, l1: int) -> tuple[list, int]:
        """The numbered work sections holding ``n`` tasks; returns blocks and the next 一、 number."""
        rng, st = self.rng, self.style
        blocks: list = []
        dot = "。" if rng.random() < 0.25 else ""
        if st in ("S2", "S5"):
            k = rng.randint(max(3, -(-n // 10)), 8)
            parts = split_count(rng, n, k, 2)
            for theme, cnt in zip(self.section_themes(len(parts)), parts, strict=True):
                heading = self.take_heading(theme)
                num = cn_num(l1)
                l1 += 1
                blocks.append(f"{self.indent}{num}、{heading}")
                for j in range(1, cnt + 1):
                    if st == "S2":
                        blocks.append(self.make_task([num, str(j)], self.l3(j), heading, theme))
                    else:
                        blocks.append(self.make_task([num, f"({cn_num(j)})"], self.l2(j), heading, theme))
        elif st in ("S1", "S4"):
            parts = split_count(rng, n, rng.randint(3, 5), 4)
            for theme, cnt in zip(self.section_themes(len(parts)), parts, strict=True):
                heading = self.take_heading(theme)
                num = cn_num(l1)
                l1 += 1
                blocks.append(f"{self.indent}{num}、{heading}")
                subs = split_count(rng, cnt, rng.randint(2, 4), 2)
                sub_themes = [theme, *rng.sample(THEMES, len(subs) - 1)]
                for j, (sub_theme, sub_n) in enumerate(zip(sub_themes, subs, strict=True), 1):
                    sub_id = f"({cn_num(j)})"
                    blocks.append(f"{self.indent}{self.l2(j)}{self.take_title(sub_theme)}{dot}")
                    if st == "S1" and sub_n >= 4 and rng.random() < 0.4:
                        groups = split_count(rng, sub_n, rng.randint(2, 3), 2)
                        for g, g_n in enumerate(groups, 1):
                            blocks.append(f"{self.indent}{self.l3(g)}{self.take_title(sub_theme)}")
                            for m in range(1, g_n + 1):
                                ids = [num, sub_id, str(g), f"({m})"]
                                blocks.append(self.make_task(ids, self.l4(m), heading, sub_theme))
                    else:
                        for m in range(1, sub_n + 1):
                            blocks.append(
                                self.make_task([num, sub_id, str(m)], self.l3(m), heading, sub_theme)
                            )
        else:  # S3: (一) alone, under unnumbered headings or none
            if rng.random() < 0.5:
                parts = split_count(rng, n, rng.randint(3, 6), 3)
                heads = True
            else:
                parts, heads = [n], False
            restart = rng.random() < 0.5
            j = 0
            for theme, cnt in zip(self.section_themes(len(parts)), parts, strict=True):
                heading = self.take_heading(theme) if heads else ""
                if heads:
                    blocks.append(f"{self.indent}{heading}")
                if restart:
                    j = 0
                for _ in range(cnt):
                    j += 1
                    task_theme = theme if heads else rng.choice(THEMES)
                    blocks.append(self.make_task([f"({cn_num(j)})"], self.l2(j), heading, task_theme))
        return blocks, l1

    def general(self, l1: int) -> tuple[list, int]:
        """总体要求 (guiding ideas, principles, goals): numbered, never tasks."""
        rng = self.rng
        st = self.style
        if st == "S3" or rng.random() < 0.3:
            return [], l1
        ind = self.indent
        guiding = rng.choice(GUIDING).replace("{NAME}", self.SHORT)
        goal = self.goal_paragraph()
        out = [f"{ind}{cn_num(l1)}、总体要求"]
        if st == "S2" or st == "table":
            if rng.random() < 0.5:
                out.append(ind + guiding + goal)
            else:
                out.append(ind + guiding)
                out.append(ind + goal)
            return out, l1 + 1
        parts = [("指导思想", guiding)]
        if rng.random() < 0.5:
            parts.append(("基本原则", rng.choice(PRINCIPLES)))
        parts.append((rng.choice(("主要目标", "总体目标")), goal))
        same_line = rng.random() < 0.5
        for j, (head, para) in enumerate(parts, 1):
            if same_line:
                out.append(f"{ind}{self.l2(j)}{head}。{para}")
            else:
                out.append(f"{ind}{self.l2(j)}{head}")
                out.append(ind + para)
        return out, l1 + 1

    def goal_paragraph(self) -> str:
        rng = self.rng
        year = self.year + rng.randint(1, 3)
        texts = []
        for theme in rng.sample(THEMES, 2):
            text, _ = self.target(rng.choice(theme.targets), year, False)
            texts.append(text)
        return f"到{year}年,{','.join(texts)},{rng.choice(GOAL_TAIL).replace('{LV}', self.LV)}"

    def closing_section(self, l1: int) -> list:
        """组织实施: paragraphs without unit annotations, never tasks."""
        rng = self.rng
        st = self.style
        ind = self.indent
        items = rng.sample(CLOSING_ITEMS, rng.randint(2, 4))
        head = rng.choice(CLOSING_HEADINGS)
        if st == "S3":
            if not self.s3_heads:
                return []
            out = [ind + head]
        else:
            out = [f"{ind}{cn_num(l1)}、{head}"]
        if st == "table" and rng.random() < 0.5:
            out.append(ind + "".join(text for _, text in items))
            return out
        for j, (title, text) in enumerate(items, 1):
            marker = self.l3(j) if st in ("S2", "table") else self.l2(j)
            out.append(f"{ind}{marker}{title}。{text}")
        return out

    # -- task table ----------------------------------------------------------------------------
    TABLE_KINDS = (
        ("lead_co", ("序号", "重点任务", "牵头单位", "配合单位", "完成时限"), 45),
        ("resp", ("序号", "工作任务", "责任单位", "完成时限"), 25),
        ("lead_part", ("序号", "主要任务", "牵头部门", "参与部门", "时间节点"), 15),
        ("lead_resp", ("序号", "重点任务", "牵头单位", "责任单位", "完成时间"), 15),
    )

    def table(self, n: int, section: str, prefix: list[str]) -> Table:
        rng = self.rng
        total = sum(w for *_, w in self.TABLE_KINDS)
        r = rng.random() * total
        kind, header = self.TABLE_KINDS[-1][:2]
        for k_name, k_header, w in self.TABLE_KINDS:
            r -= w
            if r < 0:
                kind, header = k_name, k_header
                break
        self.table_kind = kind
        rows: list = []
        tasks: list[TaskSpec] = []
        groups = split_count(rng, n, rng.randint(2, 5), 4) if rng.random() < 0.5 else [n]
        k = 0
        for g, (theme, cnt) in enumerate(zip(self.section_themes(len(groups)), groups, strict=True), 1):
            sec = section
            if len(groups) > 1:
                sec = self.take_heading(theme)
                rows.append(("sec", f"{cn_num(g)}、{sec}"))
            for _ in range(cnt):
                k += 1
                t = self.make_task([*prefix, str(k)], "", sec, theme, fmt="none")
                n_co = rng.choice((0, 1, 1, 2, 2, 3))
                if kind == "lead_co":
                    t.lead, t.co, _ = self.pick_units(theme, rng.choice((1, 1, 1, 2)), n_co, 0)
                elif kind == "resp":
                    t.lead, t.co, _ = self.pick_units(theme, 1, n_co, 0)
                elif kind == "lead_part":
                    t.lead, _, t.participants = self.pick_units(
                        theme, rng.choice((1, 1, 2)), 0, rng.choice((0, 1, 2))
                    )
                else:
                    t.lead, t.co, _ = self.pick_units(theme, 1, max(1, n_co), 0)
                deadline = rng.choice(
                    (f"{self.year}年底前", f"{self.year}年{rng.randint(3, 12)}月底前", "长期坚持", "持续推进")
                )
                rows.append(("task", str(k), t, deadline))
                tasks.append(t)
        self.formats_used.add("table:" + kind)
        return Table(list(header), rows, tasks)

    def table_cells(self, table: Table) -> list[list[str]]:
        out = [list(table.header)]
        kind = self.table_kind
        for row in table.rows:
            if row[0] == "sec":
                out.append([row[1]])
                continue
            _, k, t, deadline = row
            text = t.title + t.body()
            if kind == "resp":
                out.append([k, text, "、".join(t.lead + t.co), deadline])
            elif kind == "lead_part":
                out.append([k, text, "、".join(t.lead), "、".join(t.participants), deadline])
            else:
                out.append([k, text, "、".join(t.lead), "、".join(t.co), deadline])
        return out

    # -- header --------------------------------------------------------------------------------
    def make_title(self) -> str:
        rng = self.rng
        titles = [t for t in TITLES if self.year >= 2021 or "十四五" not in t]
        title = rng.choice(titles).replace("{NAME}", self.NAME).replace("{Y}", str(self.year))
        self.doc_word = (
            "本方案"
            if title.endswith("方案")
            else "本工作要点"
            if title.endswith("要点")
            else "本行动计划"
            if title.endswith("计划")
            else "本任务清单"
            if title.endswith("清单")
            else "本重点工作任务"
        )
        return title

    def issuer(self) -> tuple[str, str | None]:
        rng = self.rng
        gov_office = "人民政府办公厅" if self.kind == "prov" else "人民政府办公室"
        health = "卫生健康委员会" if self.kind in ("prov", "muni", "city") else "卫生健康局"
        options = [
            (f"{self.NAME}{gov_office}", None),
            (f"{self.NAME}人民政府", None),
            (f"{self.NAME}{health}", None),
            (f"{self.NAME}深化医药卫生体制改革领导小组", None),
            (f"健康{self.SHORT}行动推进委员会", f"({self.NAME}{health}代章)"),
            (f"{self.NAME}医疗保障局", None),
        ]
        return rng.choice(options)

    def split_title(self, title: str) -> list[str]:
        """The title line, sometimes broken in two (one block: no blank line comes between)."""
        if len(title) > 16 and self.rng.random() < 0.15:
            cut = self.rng.randint(6, len(title) - 6)
            return [title[:cut] + "\n" + title[cut:]]
        return [title]

    def addressee(self) -> str:
        o, c = self.open, self.close
        g = self.gov.replace(self.iopen, o).replace(self.iclose, c)
        return {
            "prov": f"各市{o}州{c}人民政府,省政府各部门、各直属机构:",
            "muni": "各区人民政府,市政府各委、办、局:",
            "city": f"{g},{self.P}有关部门和单位:",
            "district": f"{g},区直各有关单位:",
            "county": f"{g},{self.P}直各有关单位:",
        }[self.kind]

    def preamble(self) -> str:
        rng = self.rng
        recent = self.year >= 2021
        local = [t for t in LOCAL_CITES if recent or "十四五" not in t]
        national = [(t, n) for t, n in NATIONAL_CITES if recent or ("十四五" not in t and "〔202" not in n)]
        pool = [
            (t.replace("{UP}", self.UP).replace("{Y}", str(self.year)), "") for t in rng.sample(local, 2)
        ] + list(rng.sample(national, 3))
        rng.shuffle(pool)
        cites = pool[: rng.choice((1, 2, 2, 3))]
        joiner = rng.choice(("", "、", "和"))
        if len(cites) == 3:
            head = joiner.join(c for c, _ in cites[:2])
            tail = cites[2][0] + cites[2][1]
        elif len(cites) == 2:
            head, tail = cites[0][0], cites[1][0] + cites[1][1]
        else:
            head, tail = cites[0][0] + cites[0][1], ""
        purpose = rng.choice(PURPOSES)
        if tail and rng.random() < 0.5:
            text = (
                f"为深入贯彻落实{head}精神,{purpose},根据{tail}等文件要求,"
                f"结合{self.WE}实际,制定{self.doc_word}。"
            )
        elif tail:
            text = f"根据{head}{tail}有关要求,为{purpose},结合{self.WE}实际,制定{self.doc_word}。"
        else:
            text = (
                f"为{purpose},认真贯彻落实{head}精神,经{self.P}政府同意,"
                f"结合{self.WE}实际,制定{self.doc_word}。"
            )
        return self.indent + text

    def header(self, title: str) -> tuple[list[str], list[str], dict]:
        """Lines before the body and after it (signature), and the metadata they state."""
        rng = self.rng
        style = weighted(rng, (("H1", 30), ("H2", 25), ("H3", 33), ("H4", 7), ("H5", 5)))
        self.header_style = style
        y, m, d = self.year, rng.randint(1, 12), rng.randint(1, 28)
        date_line = f"{y}年{m}月{d}日"
        iso = f"{y:04d}-{m:02d}-{d:02d}"
        issuer, seal = self.issuer()
        meta = {"title": title, "issuer": [issuer], "date": iso, "doc_number": None}
        tlines = self.split_title(title)
        o, c = self.open, self.close
        notice = rng.choice(
            (
                f"经{self.P}人民政府同意,现将《{title}》印发给你们,请认真抓好落实。",
                f"《{title}》已经{self.P}政府同意,现印发给你们,请结合实际,认真抓好落实。",
                f"现将《{title}》印发给你们,请结合实际认真贯彻执行。",
            )
        )
        before: list[str] = []
        after: list[str] = []
        if style == "H1":
            before = [self.addressee(), notice, issuer, *([seal] if seal else []), date_line, *tlines]
        elif style == "H2":
            abbr = (self.place.short or self.place.name)[0]
            kind = rng.choice(("政办发", "政办函", "政发", "卫健发", "医改发"))
            number = f"{abbr}{kind}〔{y}〕{rng.randint(1, 150)}号"
            meta["doc_number"] = number
            notice_title = f"关于印发{title}的通知"
            cut = rng.randint(5, len(notice_title) - 4) if rng.random() < 0.6 else 0
            nt = [notice_title[:cut] + "\n" + notice_title[cut:]] if cut else [notice_title]
            before = [issuer, number, *nt, self.addressee(), notice, issuer, date_line]
            if rng.random() < 0.5:
                before.append(f"{o}此件公开发布{c}")
            before += tlines
        elif style == "H3":
            before = tlines
            after = [issuer, date_line]
        elif style == "H4":
            before = [*tlines, issuer, date_line]
        else:  # no header, no title: the body names the place it speaks for
            meta = {"title": None, "issuer": [], "date": None, "doc_number": None}
            self.WE = self.NAME
        return before, after, meta

    # -- annex ---------------------------------------------------------------------------------
    def annex(self) -> list:
        rng = self.rng
        title = rng.choice(ANNEX_TITLES)
        out: list = [f"附件:{title}"] if rng.random() < 0.5 else ["附件", title]
        if rng.random() < 0.5 and out[0] != "附件":
            out.append(title)
        items = rng.sample(ANNEX_ITEMS, rng.randint(4, 9))
        for k, item in enumerate(items, 1):
            theme = rng.choice(THEMES)
            t = TaskSpec(["附件", str(k)], f"{k}.", title, theme, item + "。", [])
            lead, co, _ = self.pick_units(theme, 1, 1 if rng.random() < 0.3 else 0, 0)
            names = [u for u in lead + co if u != self.gov][:2]
            deadline = rng.choice(
                (f"{self.year}年底前完成", f"{self.year}年{rng.randint(6, 12)}月底前完成", "年内完成")
            )
            t.inline = f"{self.open}{'、'.join(names)}负责,{deadline}{self.close}"
            t.lead = names
            out.append(t)
        note = rng.choice(
            ("以上任务只列牵头部门,不列参与部门。", "以上任务只列牵头单位。", "注:以上任务只列牵头部门。")
        )
        out.append(note)
        self.rules.append(f"附件: {note} (annex tasks list lead units only; every listed unit leads)")
        return out

    # -- assembly ------------------------------------------------------------------------------
    def build(self) -> None:
        rng = self.rng
        self.year = rng.randint(2017, 2024)
        self.family = weighted(rng, FAMILIES)
        self.style = "table" if self.family == "table" else weighted(rng, STYLES)
        self.s3_heads = False
        self.formats_used: set[str] = set()
        self.first_pending = True
        self.indent = "\u3000\u3000" if rng.random() < 0.12 else ""
        self.sentence_titles = self.style != "table" and rng.random() < 0.3
        self.heading_lines = not self.sentence_titles and self.style != "table" and rng.random() < 0.12
        self.target_rate = rng.uniform(0.2, 0.45)
        annotated = self.family != "none"
        self.standing = None
        if self.family in ("label", "lead_main", "lines", "mixed") and rng.random() < 0.3:
            self.standing = "line" if self.family == "lines" or rng.random() < 0.3 else "clause"
        with_annex = self.family in ("label", "verb", "rank", "closing") and not self.standing
        with_annex = with_annex and rng.random() < (0.5 if self.family == "rank" else 0.2)
        n = max(20, min(60, round(rng.triangular(20, 60, 34))))
        n_work = n - (rng.randint(4, 9) if with_annex else 0)

        title = self.make_title()
        before, after, self.meta = self.header(title)
        blocks: list = list(before)
        blocks.append(self.preamble())
        if self.standing == "line":
            blocks.append(f"{self.indent}以下各项任务均需{self.gov}负责组织落实,不再列出。")
            self.standing_unit = self.gov
        gen, l1 = self.general(1)
        blocks += gen
        if self.style == "table":
            num = cn_num(l1)
            heading = rng.choice(("重点任务", "重点任务分工", "主要任务"))
            blocks.append(f"{self.indent}{num}、{heading}")
            if rng.random() < 0.5:
                blocks.append(f"{self.indent}为确保各项任务落到实处,现将重点任务分解如下:")
            blocks.append(self.table(n_work, heading, [num]))
            l1 += 1
        else:
            work, l1 = self.work(n_work, l1)
            self.s3_heads = self.style == "S3" and isinstance(work[0], str)
            blocks += work
        if annotated and rng.random() < 0.6:
            blocks += self.closing_section(l1)
        blocks += after
        if with_annex:
            blocks += self.annex()
        self.blocks = blocks
        self.fit_size(rng.randint(16000, 24000))
        self.rules_for_formats(annotated)

    def rules_for_formats(self, annotated: bool) -> None:
        used = self.formats_used
        rules: list[str] = []
        if self.family == "rank":
            rules.append("排在第一位的为牵头部门 (first-listed unit is lead; the others are co-responsible)")
        elif annotated and self.family != "table":
            rules.append(CONVENTION)
        if "each" in used:
            rules.append(
                "分别负责为各部门按职责分别牵头 (with 分别负责 every listed unit leads its own part)"
            )
        if used & {"fuze", "each", "fuze_rank"}:
            rules.append("units listed before 参与 are participants")
        if used & {"lead_co", "lines", "lead_main", "resp_lead", "verb"}:
            rules.append("units marked 牵头 lead; 配合/协同/协作 units are co-responsible")
        if self.standing:
            rules.append(
                f"以下均需{self.gov}负责组织落实,不再列出 ({self.gov} implied for every task after the rule)"
            )
        for kind, header, _ in self.TABLE_KINDS:
            if "table:" + kind in used:
                rules.append(
                    f"task table ({' | '.join(header)}): "
                    + {
                        "lead_co": "牵头 column leads, 配合 column co-responsible",
                        "resp": "first-listed unit in the 责任单位 column leads",
                        "lead_part": "牵头 column leads, 参与 column participants",
                        "lead_resp": "牵头 column leads, 责任单位 column co-responsible",
                    }[kind]
                )
        self.rules = rules + self.rules

    def tasks(self) -> list[TaskSpec]:
        out: list[TaskSpec] = []
        for b in self.blocks:
            if isinstance(b, TaskSpec):
                out.append(b)
            elif isinstance(b, Table):
                out.extend(b.tasks)
        return out

    @staticmethod
    def _bytes(lines: list[str]) -> int:
        return sum(len(s.encode("utf-8")) + 1 for s in lines)

    def task_bytes(self, t: TaskSpec) -> int:
        if not t.marker:  # table row
            return len((t.title + t.body()).encode("utf-8")) + 40
        return self._bytes(t.lines())

    def fit_size(self, target: int) -> None:
        """Add or drop body fragments until the text is about ``target`` bytes of UTF-8.

        Fragments go in bulk first (about 80 bytes each), then one at a time to converge.
        """
        rng = self.rng
        tasks = [t for t in self.tasks() if t.ids[0] != "附件"]
        if not tasks:
            return
        size = sum(self._bytes(self.block_lines(b)) for b in self.blocks)
        bulk = (target - size) // 80
        if bulk > 0:
            for _ in range(bulk):
                t = rng.choice(tasks)
                if len(t.frags) < MAX_FRAGS:
                    t.frags.append(self.take_frag(t.theme))
            for t in tasks:
                self.regroup(t)
            size = sum(self._bytes(self.block_lines(b)) for b in self.blocks)
        for _ in range(400):
            if abs(size - target) < 250:
                break
            t = rng.choice(tasks)
            if size < target and len(t.frags) < MAX_FRAGS:
                before = self.task_bytes(t)
                t.frags.append(self.take_frag(t.theme))
            elif size > target and t.frags:
                before = self.task_bytes(t)
                t.frags.pop()
            else:
                continue
            self.regroup(t)
            size += self.task_bytes(t) - before

    def block_lines(self, b: str | TaskSpec | Table) -> list[str]:
        if isinstance(b, str):
            return [b]
        if isinstance(b, TaskSpec):
            return b.lines()
        return [" | ".join(cells) for cells in self.table_cells(b)]

    def gold(self, filename: str) -> dict:
        text = "\n".join(s for b in self.blocks for s in self.block_lines(b))
        title = self.meta["title"]
        own = f"《{title}》" if title else None
        cites: list[str] = []
        for m in re.finditer(r"《[^《》\n]+》", text):
            c = m.group(0)
            if c != own and c not in cites:
                cites.append(c)
        p = self.place
        return {
            "file": filename,
            "document": {
                "title": title,
                "issuer": self.meta["issuer"],
                "jurisdiction": {"name": p.name, "level": p.level, "province": p.province},
                "date": self.meta["date"],
                "doc_number": self.meta["doc_number"],
                "cites": cites,
            },
            "rules": self.rules,
            "tasks": [t.gold() for t in self.tasks()],
        }

    # -- dirt ----------------------------------------------------------------------------------
    def converter(self):  # type: ignore[no-untyped-def]
        """Simplified → Traditional, with tone-marked pinyin after some characters: 縣(xiàn)."""
        rng = self.rng
        table = s2t_table()
        keys = list(PINYIN)
        chosen = rng.sample(keys, max(1, int(len(keys) * rng.uniform(0.2, 0.6)))) if keys else []
        o, c = ("（", "）") if rng.random() < 0.3 else ("(", ")")
        marks = {ch: f"{ch}{o}{PINYIN[ch]}{c}" for ch in chosen}
        pattern = re.compile("[" + "".join(chosen) + "]") if chosen else None

        def conv(s: str) -> str:
            s = s.translate(table)
            return pattern.sub(lambda m: marks[m.group(0)], s) if pattern else s

        return conv

    def render(self, stem: str) -> tuple[str, bytes, dict]:
        """The file name, its bytes, and a note of the dirt applied."""
        rng = self.rng
        html = rng.random() < 0.2
        trad = rng.random() < 0.15
        r = rng.random()
        encoding = "gb18030" if r < 0.2 else "utf-8-sig" if r < 0.24 else "utf-8"
        crlf = rng.random() < 0.06
        blank = not html and rng.random() < 0.25
        conv = self.converter() if trad else (lambda s: s)
        if html:
            text = self.html_page(conv, encoding)
            name = stem + rng.choice((".html", ".html", ".htm"))
        else:
            lines = [conv(s) for b in self.blocks for s in self.block_lines(b)]
            text = ("\n\n" if blank else "\n").join(lines) + "\n"
            name = stem + ".txt"
        if crlf:
            text = text.replace("\n", "\r\n")
        data = text.encode(encoding)
        dirt = {"html": html, "traditional": trad, "encoding": encoding, "crlf": crlf, "blank": blank}
        return name, data, dirt

    def html_page(self, conv, encoding: str) -> str:  # type: ignore[no-untyped-def]
        rng = self.rng
        site = f"{self.NAME}{rng.choice(('人民政府', '卫生健康委员会', '人民政府办公室'))}"
        title = self.meta["title"]
        nbsp = rng.random() < 0.3
        quotes = rng.random() < 0.3
        ind = "&nbsp;&nbsp;&nbsp;&nbsp;" if nbsp else ""

        def esc(s: str) -> str:
            s = conv(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            if quotes:
                s = s.replace("“", "&ldquo;").replace("”", "&rdquo;")
            return s

        charset = "utf-8" if encoding.startswith("utf") else rng.choice(("gb2312", "gbk", "GB18030"))
        out = [
            "<!DOCTYPE html>",
            '<html lang="zh-CN">',
            "<head>",
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            f"<title>{esc(title or site)}_{esc(site)}</title>",
            '<link rel="stylesheet" href="/css/style.css">',
            f'<script type="text/javascript">var siteId = "{self.place.code}";'
            " var _hmt = _hmt || [];</script>",
            "</head>",
            "<body>",
            f'<div class="top"><span>欢迎访问{esc(site)}</span>'
            ' <a href="#">无障碍</a> <a href="#">长者模式</a></div>',
            '<div class="nav"><ul>',
        ]
        for item in rng.sample(NAV, rng.randint(5, len(NAV))):
            out.append(
                f'<li><a href="/{rng.randint(1, 99)}/">{esc(item.replace("{SHORT}", self.SHORT))}</a></li>'
            )
        out += [
            "</ul></div>",
            '<div class="crumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
            '<a href="/zcwj/">政策文件</a></div>',
            '<div class="article">',
        ]
        if title and rng.random() < 0.5:
            out.append(f"<h1>{esc(title)}</h1>")
        if self.meta["date"]:
            out.append(f'<div class="info">发布时间:{self.meta["date"]} 来源:{esc(site)}</div>')
        out.append('<div class="content" id="zoom">')
        tag = rng.choice(("p", "p", "div"))
        for b in self.blocks:
            if isinstance(b, Table):
                cells = self.table_cells(b)
                width = len(cells[0])
                out.append('<table border="1" cellspacing="0" cellpadding="0"><tbody>')
                for row in cells:
                    if len(row) == 1:
                        out.append(f'<tr><td colspan="{width}">{esc(row[0])}</td></tr>')
                    else:
                        out.append("<tr>" + "".join(f"<td>{esc(x)}</td>" for x in row) + "</tr>")
                out.append("</tbody></table>")
                continue
            for line in self.block_lines(b):
                body = esc(line.lstrip()).replace("\n", "<br>")
                out.append(f'<{tag} style="text-indent:2em;">{ind}{body}</{tag}>')
        abbr = self.place.province[0]
        out += [
            "</div>",
            '<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a></div>',
            "</div>",
            '<div class="footer">',
            "<p>关于本站 | 网站声明 | 网站地图 | 联系我们</p>",
            f"<p>主办单位:{esc(site)}办公室</p>",
            f"<p>版权所有:{esc(site)}</p>",
            f"<p>{abbr}ICP备{rng.randint(10**7, 10**8 - 1)}号"
            f" {abbr}公网安备 {rng.randint(10**13, 10**14 - 1)}号</p>",
            f"<p>网站标识码:{self.place.code}{rng.randint(1000, 9999)}</p>",
            "</div>",
            '<script type="text/javascript">'
            "document.write(unescape(\"%3Cspan id='cnzz'%3E%3C/span%3E\"));</script>",
            "</body>",
            "</html>",
        ]
        return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------
def make_document(doc_seed: int, stem_prefix: str) -> tuple[str, bytes, dict, dict]:
    """One document from its own seed: (file name, bytes, gold, facts for --stats)."""
    rng = random.Random(doc_seed)
    b = Builder(rng)
    b.build()
    stem = f"{stem_prefix}_{rng.getrandbits(64):016x}"
    name, data, dirt = b.render(stem)
    gold = b.gold(name)
    triples = sum(len(t[k]) for t in gold["tasks"] for k in ("lead", "co", "participants", "implied"))
    layout = {
        "style": b.style,
        "header": b.header_style,
        "formats": sorted(b.formats_used),
        "standing": b.standing,
        "annex": any(t["id"].startswith("附件") for t in gold["tasks"]),
        "bracket_alias": b.bracket_key is not None,
        "etc": b.etc_rate > 0,
        "indent": bool(b.indent),
        "fullwidth_numbers": b.fw_numbers,
        "sentence_titles": b.sentence_titles,
        "heading_lines": b.heading_lines,
    }
    facts = {
        "bytes": len(data),
        "tasks": len(gold["tasks"]),
        "triples": triples,
        "family": b.family,
        "jurisdiction": gold["document"]["jurisdiction"]["level"],
        **layout,
        **dirt,
    }
    return name, data, gold, facts


def kinds_of(facts: dict) -> list[str]:
    """The kinds of layout, format and dirt one document shows, as ``name`` or ``name:value``."""
    out = [f"{k}:{facts[k]}" for k in ("family", "style", "header", "encoding", "jurisdiction")]
    out += [f"format:{f}" for f in facts["formats"]]
    if facts["standing"]:
        out.append(f"standing:{facts['standing']}")
    flags = (
        "annex",
        "bracket_alias",
        "etc",
        "indent",
        "fullwidth_numbers",
        "sentence_titles",
        "heading_lines",
        "html",
        "traditional",
        "crlf",
        "blank",
    )
    return out + [k for k in flags if facts[k]]


def generate(n: int, out: Path, seed: int, gold_dir: Path | None = None) -> dict:
    """Write ``n`` documents into ``out`` and their gold into ``gold_dir`` (default ``out/gold``).

    A gold folder outside ``out`` lets a benchmark build ``out`` as a user would, by folder.
    """
    master = random.Random(seed)
    seeds = [master.getrandbits(64) for _ in range(n)]
    width = max(3, len(str(n - 1)))
    gold_dir = gold_dir or out / "gold"
    out.mkdir(parents=True, exist_ok=True)
    gold_dir.mkdir(parents=True, exist_ok=True)
    stats = {"documents": 0, "bytes": 0, "tasks": 0, "triples": 0}
    kinds: dict[str, int] = {}
    for i, s in enumerate(seeds):
        name, data, gold, facts = make_document(s, f"{i:0{width}d}")
        (out / name).write_bytes(data)
        stem = name.rsplit(".", 1)[0]
        (gold_dir / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False) + "\n", "utf-8")
        stats["documents"] += 1
        for k in ("bytes", "tasks", "triples"):
            stats[k] += facts[k]
        for key in kinds_of(facts):
            kinds[key] = kinds.get(key, 0) + 1
    stats["kinds"] = dict(sorted(kinds.items()))
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of documents")
    ap.add_argument("--out", type=Path, required=True, help="output folder (gold files go to OUT/gold)")
    ap.add_argument("--gold", type=Path, help="folder of the gold files (default OUT/gold)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--stats", action="store_true", help="print documents, bytes, tasks, responsibility triples"
    )
    a = ap.parse_args(argv)
    if a.docs < 1:
        ap.error("--docs must be at least 1")
    stats = generate(a.docs, a.out, a.seed, a.gold)
    if a.stats:
        print(f"documents {stats['documents']}")
        print(f"bytes     {stats['bytes']}")
        print(f"tasks     {stats['tasks']}")
        print(f"triples   {stats['triples']}")
        print("kinds     " + ", ".join(f"{k}={v}" for k, v in stats["kinds"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
