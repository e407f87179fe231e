"""Cleaning: pinyin annotations, mojibake, Traditional → Simplified, width, HTML junk, offsets."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.clean import clean_text, remove_pinyin, repair_mojibake, to_simplified
from policykg.loaders.offsets import MappedText

from policykg.model import Document
from policykg.pipeline import extract_file

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Verbatim from examples/corpus/002 (Traditional with pinyin annotations and GBK mojibake).
ADDRESSEES = "各市、自治州人民政府,各縣(市、區(qū)、特區(qū))人民政府,省政府各部門(mén)、各直屬機(jī)構(gòu):"
ADDRESSEES_CLEAN = "各市、自治州人民政府,各县(市、区、特区)人民政府,省政府各部门、各直属机构:"
PARTY = "導(dǎo)班子與黨委(黨組)議事決策程序,切實(shí)發(fā)揮黨委(黨"
ABBREV = "密型縣域醫(yī)療衛(wèi)生共同體(以下簡(jiǎn)稱(chēng)醫(yī)共體)建設(shè)"
MOJIBAKE = "監(jiān)管、醫(yī)共體運(yùn)行三張權(quán)責(zé)清單??h級(jí)醫(yī)共體管理委員會(huì)建立定期會"
CLEAN_COUNTY = "型縣域醫(yī)共體建設(shè)領(lǐng)導(dǎo)小組對(duì)縣級(jí)醫(yī)共體管理委員會(huì)每年履職"


def t2s(ch: str) -> str:
    return to_simplified(MappedText(ch)).text


def test_snippets_are_verbatim_from_002(corpus_text) -> None:
    raw = corpus_text("002")
    for snippet in (ADDRESSEES, PARTY, ABBREV, MOJIBAKE, CLEAN_COUNTY):
        assert snippet in raw


# --- pinyin annotations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (ADDRESSEES, ADDRESSEES_CLEAN),
        # The brief's variant: an annotated character directly followed by a real bracket.
        ("各縣(xiàn)(市、區(qū)、特區(qū))人民政府", "各县(市、区、特区)人民政府"),
        ("各縣（xiàn）（市、區（qū）、特區（qū））人民政府", "各县(市、区、特区)人民政府"),
        (PARTY, "导班子与党委(党组)议事决策程序,切实发挥党委(党"),
        (ABBREV, "密型县域医疗卫生共同体(以下简称医共体)建设"),
    ],
    ids=["addressees", "annotated-then-bracket", "full-width", "party-group", "abbreviation"],
)
def test_pinyin_removed_and_simplified(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


def test_decomposed_tone_marks_are_removed_too() -> None:
    raw = unicodedata.normalize("NFD", "各縣(xiàn)(市、區(qū)、特區(qū))人民政府")
    assert "\u0300" in raw  # combining grave: the tone marks really are decomposed
    assert clean_text(raw).text == "各县(市、区、特区)人民政府"


def test_remove_pinyin_keeps_traditional_and_maps_back() -> None:
    src = MappedText(ADDRESSEES)
    out = remove_pinyin(src)
    assert out.text == "各市、自治州人民政府,各縣(市、區、特區)人民政府,省政府各部門、各直屬機構:"
    assert len(out.offsets) == len(out.text) + 1
    for i, ch in enumerate(out.text):
        assert ADDRESSEES[out.offsets[i]] == ch
    simplified = to_simplified(out)
    assert simplified.text == ADDRESSEES_CLEAN
    assert list(simplified.offsets) == list(out.offsets)


@pytest.mark.parametrize(
    "snippet",
    [
        "市文化和旅游局(市广播电视局)",
        "8月底前完成儿童重症监护病房(PICU)建设",
        "关于印发〈贵阳贵安整体提升卫生健康水平攻坚行动计划(2022—2030年)〉的通知",
        "促进人口长期均衡发展的若干措施(试行)",
        "各县(市、区)人民政府",
    ],
)
def test_legitimate_parentheses_survive(snippet: str, corpus_text) -> None:
    assert snippet in corpus_text("000") + corpus_text("001")
    assert remove_pinyin(MappedText(snippet)).text == snippet
    assert clean_text(snippet).text == snippet


@pytest.mark.parametrize("name", ["乾县人民政府", "乾安县卫生健康局"])
def test_simplified_place_names_are_not_corrupted(name: str) -> None:
    assert clean_text(name).text == name


def test_to_simplified_keeps_offsets() -> None:
    src = MappedText("各縣人民政府，省政府各部門")
    out = to_simplified(src)
    assert out.text == "各县人民政府，省政府各部门"
    assert list(out.offsets) == list(range(len(src.text) + 1))


# --- mojibake -------------------------------------------------------------------------------------


def test_mojibake_repaired_from_evidence_in_the_same_text() -> None:
    raw = MOJIBAKE + "\n" + CLEAN_COUNTY
    out = clean_text(raw).text
    assert "清单县级医共体管理委员会" in out
    assert "?" not in out and "h级" not in out


def test_repair_mojibake_step_alone() -> None:
    raw = MOJIBAKE + "\n" + CLEAN_COUNTY
    out = repair_mojibake(remove_pinyin(MappedText(raw)))
    assert "清單縣級醫共體" in out.text
    k = out.text.index("清單縣級") + 2
    assert raw[out.offsets[k] : out.offsets[k] + 3] == "??h"  # the rebuilt 縣 points at its junk
    assert raw[out.offsets[k + 1]] == "級"


def test_mojibake_without_evidence_is_dropped_not_guessed() -> None:
    out = clean_text(MOJIBAKE).text
    assert "?" not in out and "h" not in out
    assert "清单级医共体管理委员会" in out


def test_line_start_whose_byte_pairs_slipped_is_read_again() -> None:
    # A stray byte before "（五）加快…商貿" shifts every GBK pair by one, until 貿's trail
    # byte shows as the ASCII Q: "?。ㄎ澹┘涌…藤Q". Dropping the stray byte re-pairs them.
    slipped = "?" + (b"\xa1" + "（五）加快金融商貿".encode("gbk")).decode("gbk")
    assert slipped == "?。ㄎ澹┘涌旖鹑谏藤Q"
    out = clean_text(slipped + "(mào)區建设,引导金融机构集聚发展。\n").text
    assert out.startswith("(五)加快金融商贸区建设")


def test_text_without_question_marks_is_untouched_by_repair() -> None:
    src = MappedText(CLEAN_COUNTY)
    assert repair_mojibake(src).text == CLEAN_COUNTY


def test_question_mark_run_at_line_start_is_dropped(corpus_text) -> None:
    line = corpus_text("002").splitlines()[1]
    assert line.startswith("???? ")
    assert clean_text(line).text.startswith("为深入推进全省紧密型县域医疗卫生共同体")


# --- width and punctuation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("（一）加强组织领导", "(一)加强组织领导"),
        ("１．完善工作机制", "1.完善工作机制"),
        ("责任单位：市卫健委；配合单位：市医保局，市财政局", "责任单位:市卫健委;配合单位:市医保局,市财政局"),
        ("到２０２５年达到９０％以上", "到2025年达到90%以上"),
        ("（ＰＩＣＵ）建设", "(PICU)建设"),
        ("参合率稳定在95﹪以上﹙基层卫生管理处负责﹚", "参合率稳定在95%以上(基层卫生管理处负责)"),
        ("\u3000\u3000为深入推进全省工作", "为深入推进全省工作"),
    ],
)
def test_full_width_normalised(raw: str, expected: str) -> None:
    assert clean_text(raw).text == expected


def test_crlf_gives_the_same_text_as_lf(corpus_file: Path) -> None:
    raw = corpus_file.read_text(encoding="utf-8")
    html = read_document(corpus_file).format == "html"
    assert clean_text(raw.replace("\n", "\r\n"), html=html).text == clean_text(raw, html=html).text


def test_lone_cr_ends_a_line() -> None:
    assert clean_text("一、总体要求\r二、重点任务").text.splitlines() == ["一、总体要求", "二、重点任务"]


# --- HTML junk (001) ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cleaned_001(sample_doc: Document):
    assert sample_doc.format == "html"
    return clean_text(sample_doc.raw_text, html=True)


def test_html_tags_removed(cleaned_001) -> None:
    assert not re.search(r"</?[A-Za-z]", cleaned_001.text)
    assert "h4sia" not in cleaned_001.text


@pytest.mark.parametrize(
    "junk",
    [
        "支持Ipv6",
        "综合要闻",
        "政府信息公开",
        "政务服务",
        "政民互动",
        "数据发布",
        "美丽石家庄",
        "当前的位置:\xa0首页 >>\xa0政府信息公开 >>\xa0政策文件 >>\xa0政府办公室函件 >>\xa02020年",
        "关于本站|网站声明|网站地图|联系我们",
        "石家庄市人民政府办公室主办",
        "石家庄市电子政务中心承办",
        "网站标识码:1301000003",
        "冀ICP备20013865号 冀公网安备 13010202001704号",
        "政策解读",
    ],
)
def test_html_site_chrome_removed(junk: str, sample_doc: Document, cleaned_001) -> None:
    assert junk in sample_doc.raw_text
    assert junk not in [line.strip() for line in cleaned_001.text.splitlines()]


def test_html_no_breadcrumb_or_icp_left(cleaned_001) -> None:
    assert "首页 >>" not in cleaned_001.text
    assert "ICP" not in cleaned_001.text


@pytest.mark.parametrize(
    "body",
    [
        "石家庄市人民政府办公室",
        "石政办函〔2020〕32号",
        "深化医药卫生体制改革重点工作任务的",
        "各县(市、区)人民政府,高新区、循环化工园区和综合保税区管委会,市政府有关部门:",
        "2020年9月7日",
        "(此件公开发布)",
        "一、坚持以人民健康为中心,努力提升疾病防控和公共卫生应急能力",
        "附件:计划研究制定的文件",
        "计划研究制定的文件",
        "以上任务只列牵头部门,不列参与部门。",
    ],
)
def test_html_body_survives_as_lines(body: str, cleaned_001) -> None:
    assert body in [line.strip() for line in cleaned_001.text.splitlines()]


def test_html_entities_and_block_tags() -> None:
    raw = "<div><p>各县(市、区)人民政府&nbsp;:</p><p>市卫健委&amp;市医保局</p><br>（一）加强领导</div>"
    out = clean_text(raw, html=True)
    lines = [line for line in out.text.splitlines() if line]
    assert lines == ["各县(市、区)人民政府 :", "市卫健委&市医保局", "(一)加强领导"]
    s, e = out.to_source(out.text.index("市卫健委"), out.text.index("市卫健委") + 4)
    assert raw[s:e] == "市卫健委"


# --- offsets --------------------------------------------------------------------------------------


def _clean_file(path: Path):
    doc = read_document(path)
    return doc, clean_text(doc.raw_text, html=doc.format == "html")


def test_offsets_shape(corpus_file: Path) -> None:
    doc, clean = _clean_file(corpus_file)
    raw = doc.raw_text
    assert len(clean.offsets) == len(clean.text) + 1
    assert clean.offsets[-1] == len(raw)
    assert all(0 <= o <= len(raw) for o in clean.offsets)
    assert all(a <= b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))


def test_every_han_character_points_at_its_source(corpus_file: Path) -> None:
    doc, clean = _clean_file(corpus_file)
    raw, text, offs = doc.raw_text, clean.text, clean.offsets
    # Simplified characters that Traditional → Simplified conversion produced somewhere in this file.
    converted = {t2s(r) for r in set(raw) if HAN.match(r)} - set(raw)
    checked = repaired = 0
    for i, ch in enumerate(text):
        if not HAN.match(ch):
            continue
        src = raw[offs[i]]
        if ch not in converted:
            assert src == ch, (i, ch, src, text[max(0, i - 10) : i + 10])
            checked += 1
        elif src == "?":
            repaired += 1  # a mojibake character rebuilt from its lost lead byte
        else:
            assert t2s(src) == ch, (i, ch, src)
    assert checked > 1000
    assert repaired <= 5


def test_ascii_alphanumerics_point_at_themselves_or_full_width_forms(corpus_file: Path) -> None:
    doc, clean = _clean_file(corpus_file)
    for i, ch in enumerate(clean.text):
        if ch.isascii() and ch.isalnum():
            src = doc.raw_text[clean.offsets[i]]
            assert unicodedata.normalize("NFKC", src) == ch, (i, ch, src)


def test_unit_spans_map_back_to_the_raw_name(corpus_file: Path) -> None:
    ext = extract_file(corpus_file)
    raw = ext.document.raw_text
    checked = 0
    for task in ext.tasks:
        for u in task.units:
            if ext.clean.text[u.start : u.end] != u.name:
                continue  # implied by a standing rule, or a shared suffix distributed over a list
            s, e = ext.clean.to_source(u.start, u.end)
            written = to_simplified(remove_pinyin(MappedText(raw[s:e]))).text
            assert written == u.name, (task.id, u.name, raw[s:e])
            checked += 1
    if any(t.units for t in ext.tasks):
        assert checked >= len([t for t in ext.tasks if t.units])


def test_traditional_unit_name_maps_to_traditional_source(corpus_text) -> None:
    raw = corpus_text("002")
    clean = clean_text(raw)
    k = clean.text.index("省卫生健康委")
    s, e = clean.to_source(k, k + len("省卫生健康委"))
    assert raw[s:e].startswith("省衛(wèi)生健康委")
    assert raw[s:e].endswith("委")


def test_to_source_clamps_and_handles_empty_spans() -> None:
    raw = "<b>（一）</b>加强领导<span>"
    clean = clean_text(raw, html=True)
    assert clean.text == "(一)加强领导"
    assert clean.to_source(0, len(clean.text)) == (raw.index("（"), raw.index("导") + 1)
    assert clean.to_source(3, 3) == (raw.index("加"), raw.index("加"))
    assert clean.to_source(-5, 10_000) == clean.to_source(0, len(clean.text))
    assert clean.to_source(5, 2) == (clean.offsets[5], clean.offsets[5])
