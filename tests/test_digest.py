"""A digest run together: its outline's numbers skip the items the page left out."""

from __future__ import annotations

from pathlib import Path

from policykg.loaders import read_document
from policykg.loaders.digest import closes_annotation, skip_fits
from policykg.loaders.parse import parse_document

DIGEST = (
    "二、重点任务(一)健全服务体系行动1.推进中医医院建设,(责任单位:区卫生健康局、区财政局等)"
    "2.加强综合医院中医科室建设,(责任单位:区卫生健康局、区发展改革局等)"
    "4.推进中医惠民行动,(责任单位:区卫生健康局、区委宣传部等)"
    "(二)提升服务能力行动5.打造示范品牌,(责任单位:区卫生健康局、区文广旅局等)"
    "(五)产业发展行动9.推动产业高质量发展,(责任单位:区文广旅局、区卫生健康局)"
    "(六)人才建设行动12.加强人才队伍建设,(责任单位:区卫生健康局、区人社局等)"
    "三、组织实施区政府成立领导小组,负责统筹上述重点任务的组织实施和考核工作。"
)


def test_a_digest_that_skips_items_keeps_every_item_it_prints(tmp_path: Path) -> None:
    """1. 2. 4., (二) then (五), 5. then 9.: after an item closed by its note, or as the first
    item under a heading just opened, a marker a few numbers on opens the next item."""
    path = tmp_path / "digest.txt"
    path.write_text(DIGEST + "\n", encoding="utf-8")
    tasks = parse_document(read_document(path)).to_json()["tasks"]
    assert [(t["id"], t["lead"]) for t in tasks] == [
        ("二/(一)/1", ["区卫生健康局"]),
        ("二/(一)/2", ["区卫生健康局"]),
        ("二/(一)/4", ["区卫生健康局"]),
        ("二/(二)/5", ["区卫生健康局"]),
        ("二/(五)/9", ["区文广旅局"]),
        ("二/(六)/12", ["区卫生健康局"]),
    ]


def test_a_skip_needs_the_note_or_a_heading_before_it() -> None:
    """A number a few on inside running text, or far ahead, continues no list."""
    ranks, last = [1, 2, 3], {1: 2, 2: 1, 3: 2}
    assert skip_fits(ranks, last, 3, 4, after_note=True, first_under=False) == "next"
    assert skip_fits(ranks, last, 3, 4, after_note=False, first_under=False) is None
    assert skip_fits(ranks, last, 3, 9, after_note=True, first_under=False) is None
    assert skip_fits([1, 2], last, 3, 5, after_note=False, first_under=True) == "open"
    assert closes_annotation("推进建设,(责任单位:区卫生健康局等)")
    assert not closes_annotation("建设特色重点专科(学科)")
