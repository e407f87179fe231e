"""Department identity: written names resolve to one canonical, typed department per jurisdiction."""

from __future__ import annotations

import pytest
from policykg.graph.normalize import Resolver

from policykg.model import Jurisdiction

SHIJIAZHUANG = Jurisdiction("石家庄市", "city", "河北省", "130100")
HAICANG = Jurisdiction("海沧区", "district", "福建省", "350205")
GUIYANG = Jurisdiction("贵阳市", "city", "贵州省", "520100")
GUIZHOU = Jurisdiction("贵州省", "province", "贵州省", "520000")
JINAN = Jurisdiction("济南市", "city", "山东省", "370100")


@pytest.mark.parametrize(
    ("place", "written", "label", "type_key"),
    [
        (SHIJIAZHUANG, "市卫健委", "石家庄市卫生健康委员会", "health"),
        (SHIJIAZHUANG, "市卫生健康委", "石家庄市卫生健康委员会", "health"),
        (SHIJIAZHUANG, "石家庄市卫生健康委员会", "石家庄市卫生健康委员会", "health"),
        (SHIJIAZHUANG, "市发改委", "石家庄市发展和改革委员会", "development-reform"),
        (SHIJIAZHUANG, "市发展改革委", "石家庄市发展和改革委员会", "development-reform"),
        (SHIJIAZHUANG, "市人社局", "石家庄市人力资源和社会保障局", "human-resources-social-security"),
        (SHIJIAZHUANG, "市医保局", "石家庄市医疗保障局", "medical-insurance"),
        (SHIJIAZHUANG, "市市场监管局", "石家庄市市场监督管理局", "market-regulation"),
        (SHIJIAZHUANG, "市委编办", "中共石家庄市委机构编制委员会办公室", "establishment-office"),
        (SHIJIAZHUANG, "市委组织部", "中共石家庄市委组织部", "organisation-department"),
        (SHIJIAZHUANG, "团市委", "共青团石家庄市委员会", "youth-league"),
        (SHIJIAZHUANG, "市妇联", "石家庄市妇女联合会", "womens-federation"),
        (GUIZHOU, "省卫生健康委", "贵州省卫生健康委员会", "health"),
        (GUIZHOU, "省人力资源社会保障厅", "贵州省人力资源和社会保障厅", "human-resources-social-security"),
        (GUIZHOU, "省中医药局", "贵州省中医药管理局", "tcm"),
        (GUIZHOU, "省疾控局", "贵州省疾病预防控制局", "disease-control"),
        (GUIYANG, "市大数据局", "贵阳市大数据发展管理局", "big-data"),
        (GUIYANG, "贵阳市公安局观山湖分局", "贵阳市公安局观山湖分局", "public-security"),
        (GUIYANG, "市公安局观山湖分局", "贵阳市公安局观山湖分局", "public-security"),
        (GUIYANG, "市场监管局云岩分局", "贵阳市市场监督管理局云岩分局", "market-regulation"),
        (HAICANG, "区卫健局", "厦门市海沧区卫生健康局", "health"),
        # A level prefix is not the start of a short place name (济南市市中区 is 市中).
        (SHIJIAZHUANG, "市中医药管理局", "石家庄市中医药管理局", "tcm"),
        (JINAN, "市中医药管理局", "济南市中医药管理局", "tcm"),
        (JINAN, "市中区卫健局", "济南市市中区卫生健康局", "health"),
    ],
)
def test_written_forms_resolve_to_one_canonical_department(
    place: Jurisdiction, written: str, label: str, type_key: str
) -> None:
    unit = Resolver(place).resolve(written)
    assert (unit.label, unit.kind, unit.type_key, unit.resolved) == (label, "department", type_key, True)


def test_same_department_same_iri_different_city_different_iri() -> None:
    a = Resolver(SHIJIAZHUANG).resolve("市卫健委")
    b = Resolver(SHIJIAZHUANG).resolve("石家庄市卫生健康委员会")
    c = Resolver(GUIYANG).resolve("市卫健委")
    assert a.iri == b.iri != c.iri


def test_a_bare_name_in_a_list_inherits_the_level_of_the_previous_unit() -> None:
    """区财政局、发改局、卫健局 in Haicang: 卫健局 is 区卫健局."""
    r = Resolver(HAICANG)
    prev = None
    labels = []
    for written in ("区财政局", "发改局", "卫健局"):
        labels.append(r.resolve(written, prev).label)
        prev = r.prefix_of(written) or prev
    assert labels == ["厦门市海沧区财政局", "厦门市海沧区发展和改革局", "厦门市海沧区卫生健康局"]
    assert r.resolve("卫健局", "区").iri == r.resolve("区卫健局").iri


def test_an_alias_in_brackets_is_a_second_label_of_one_department() -> None:
    r = Resolver(GUIYANG)
    r.register_alias("市文化和旅游局(市广播电视局)")
    both = r.resolve("市文化和旅游局(市广播电视局)")
    assert both.label == "贵阳市文化和旅游局"
    assert r.resolve("市文化和旅游局").iri == both.iri == r.resolve("市广播电视局").iri
    assert set(both.aliases) == {"市广播电视局", "贵阳市广播电视局"}


@pytest.mark.parametrize(
    ("place", "written", "label", "type_key", "member"),
    [
        (GUIYANG, "各区(市、县)人民政府", "贵阳市各区(市、县)人民政府", "peoples-government", "520102"),
        (SHIJIAZHUANG, "各县(市、区)政府", "石家庄市各县(市、区)政府", "peoples-government", "130102"),
        (SHIJIAZHUANG, "市直有关部门", "石家庄市直有关部门", "department-group", None),
        (HAICANG, "各街道", "厦门市海沧区各街道", "subdistrict-township", None),
        (HAICANG, "区医改领导小组成员单位", "厦门市海沧区医改领导小组成员单位", "health-reform-office", None),
    ],
)
def test_collective_units_are_their_own_kind_with_members(
    place: Jurisdiction, written: str, label: str, type_key: str, member: str | None
) -> None:
    unit = Resolver(place).resolve(written)
    assert (unit.kind, unit.label, unit.type_key) == ("collective", label, type_key)
    if member:
        assert member in unit.members


def test_a_name_that_is_no_department_stays_unresolved() -> None:
    unit = Resolver(GUIYANG).resolve("有关方面")
    assert not unit.resolved


def test_an_alias_in_hexagonal_brackets_too() -> None:
    r = Resolver(SHIJIAZHUANG)
    r.register_alias("市市监局〔市知识产权局〕")
    unit = r.resolve("市市监局〔市知识产权局〕")
    assert (unit.label, unit.resolved) == ("石家庄市市场监督管理局", True)
    assert r.resolve("市知识产权局").iri == unit.iri
