"""Layout independence: the same document hard-wrapped or run together reads as published.

Each sample is laid out as a PDF text layer hands it over (hard-wrapped at a page width,
page-number lines and a running header between pages) and as a web page does (every line
break removed, or a few very long lines). Extraction must give the same tasks, units,
roles and targets, and every span must still point at the same words in the file read.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from policykg.loaders import read_document
from policykg.loaders.clean import clean_text, remove_pinyin
from policykg.loaders.layout import is_page_number, opens_block, split_run_on, unwrap
from policykg.loaders.offsets import MappedText
from policykg.loaders.parse import parse_document

REPO = Path(__file__).resolve().parents[1]
SHARED_TOOLS = REPO.parent / "shared" / "tools"
PAGE_STYLES = ("— {n} —", "-{n}-", "第{n}页", "{n}/12")


def hard_wrap(text: str, width: int, page: int = 40, style: str = "— {n} —", header: str = "") -> str:
    """Every paragraph cut every ``width`` characters; a page line (and header) every ``page`` lines."""
    out: list[str] = []
    n = pg = 0
    for para in text.splitlines():
        for piece in [para[i : i + width] for i in range(0, len(para), width)] or [""]:
            out.append(piece)
            n += 1
            if n % page == 0:
                pg += 1
                out.append(style.format(n=pg))
                if header:
                    out.append(header)
    return "\n".join(out) + "\n"


def one_line(text: str, lines: int = 1) -> str:
    """Line breaks removed; with ``lines`` > 1, the text cut into that many long lines."""
    parts = [ln.strip() for ln in text.splitlines()]
    if lines == 1:
        return "".join(parts) + "\n"
    size = -(-len(parts) // lines)
    return "\n".join("".join(parts[i : i + size]) for i in range(0, len(parts), size)) + "\n"


def _facts(path: Path) -> dict:
    got = parse_document(read_document(path)).to_json()
    tasks = [
        (
            t["id"],
            re.sub(r"\W", "", t["title"]),
            tuple(sorted((role, u) for role in ("lead", "co", "participants", "implied") for u in t[role])),
            tuple(sorted((x["value"], x["unit"]) for x in t["targets"])),
        )
        for t in got["tasks"]
    ]
    document = dict(got["document"])
    document["cites"] = [re.sub(r"\s", "", c) for c in document["cites"]]  # a space at a cut may go
    return {"tasks": tasks, "document": document}


def assert_same(got: dict, want: dict) -> None:
    """Equal facts; titles pair as the scorer pairs them (a heading run into its text, 强化投入保障
    followed by 完善…, still starts with the published title)."""
    assert got["document"] == want["document"]
    assert len(got["tasks"]) == len(want["tasks"])
    for (gid, gtitle, *grest), (wid, wtitle, *wrest) in zip(got["tasks"], want["tasks"], strict=True):
        assert (gid, grest) == (wid, wrest)
        assert gtitle.startswith(wtitle[:12]) or wtitle.startswith(gtitle[:12]), (gtitle, wtitle)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plain_facts() -> dict[str, dict]:
    return {p.name: _facts(p) for p in sorted((REPO / "examples" / "corpus").glob("*.txt"))}


@pytest.mark.parametrize(
    ("width", "style", "header"),
    [(36, "— {n} —", ""), (30, "-{n}-", ""), (40, "第{n}页", "某某市人民政府办公室文件"), (33, "{n}/12", "")],
)
def test_hard_wrapped_samples_read_as_published(
    corpus_file: Path, plain_facts: dict, tmp_path: Path, width: int, style: str, header: str
) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    wrapped = _write(tmp_path, corpus_file.name, hard_wrap(text, width, style=style, header=header))
    assert_same(_facts(wrapped), plain_facts[corpus_file.name])


@pytest.mark.parametrize("lines", [1, 3])
def test_run_on_samples_read_as_published(
    corpus_file: Path, plain_facts: dict, tmp_path: Path, lines: int
) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    run_on = _write(tmp_path, corpus_file.name, one_line(text, lines))
    assert_same(_facts(run_on), plain_facts[corpus_file.name])


@pytest.mark.parametrize("layout", ["wrap", "oneline"])
def test_spans_point_at_the_source_words(corpus_file: Path, tmp_path: Path, layout: str) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    laid = hard_wrap(text, 36) if layout == "wrap" else one_line(text)
    path = _write(tmp_path, corpus_file.name, laid)
    ex = parse_document(read_document(path))
    raw = ex.document.raw_text
    checked = 0
    for task in ex.tasks:
        for u in task.units:
            if u.role == "implied":
                continue
            s, e = ex.clean.to_source(u.start, u.end)
            # The source holds the name, perhaps broken by a line break, a page line, or in
            # Traditional characters with pinyin: cleaned, it reads the same.
            source = clean_text(re.sub(r"\n(?:[^\n]*—[^\n]*\n)?", "", raw[s : e + 40])).text
            # A shared head spread over a list (各市〔州〕、县〔…〕人民政府) points at its modifier.
            assert source.startswith((u.name[:2], u.name.removeprefix("各")[:2])), (u.name, raw[s:e])
            checked += 1
    assert checked or not any(t.units for t in ex.tasks)


def test_shared_layout_tool_scores_as_plain(tmp_path: Path) -> None:
    """The layouts of make_layouts.py, scored by the shared scorer: the same figures as plain."""
    tool, scorer = SHARED_TOOLS / "make_layouts.py", SHARED_TOOLS / "score_extraction.py"
    if not (tool.is_file() and scorer.is_file()):
        pytest.skip("../shared/tools not present")
    corpus = sorted((REPO / "examples" / "corpus").glob("*.txt"))
    subprocess.run([sys.executable, str(tool), str(tmp_path), *map(str, corpus)], check=True)
    for kind in ("wrap", "oneline"):
        lines = [
            json.dumps(parse_document(read_document(p)).to_json(), ensure_ascii=False)
            for p in sorted((tmp_path / kind).glob("*.txt"))
        ]
        pred = tmp_path / f"{kind}.jsonl"
        pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out = subprocess.run(
            [
                sys.executable,
                str(scorer),
                "--gold",
                str(REPO / "tests" / "data" / "gold"),
                str(pred),
                "--json",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        scores = json.loads(out.stdout)
        for metric in ("tasks", "roles", "targets", "cites"):
            assert scores[metric]["f1"] == 1.0, (kind, metric, scores[metric])
        assert scores["metadata"]["accuracy"] == 1.0, (kind, scores["metadata"])


def test_plain_text_is_not_unwrapped(corpus_file: Path) -> None:
    raw = read_document(corpus_file).raw_text
    assert unwrap(MappedText(raw)).text == raw


@pytest.mark.parametrize("style", PAGE_STYLES)
def test_page_number_lines(style: str) -> None:
    assert is_page_number(style.format(n=7))


@pytest.mark.parametrize("line", ["2020年", "一、总体要求", "3.5%", "1.推进医共体建设", "(三)加强监管"])
def test_text_lines_are_no_page_numbers(line: str) -> None:
    assert not is_page_number(line)


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("(二)健全制度。", True),
        ("3.推进改革", True),
        ("牵头单位:市卫健委", True),
        ("附件:名单", True),
        ("生健康局、市财政局)", False),
        ("2023年底前完成。", False),
    ],
)
def test_lines_that_open_a_block(line: str, opens: bool) -> None:
    assert opens_block(line) is opens


PREAMBLE = (
    "为深入贯彻落实党中央、国务院关于深化医药卫生体制改革的决策部署,推进优质高效的医疗卫生服务体系建设,"
    "加快建立分级诊疗制度,促进优质医疗资源扩容下沉和区域均衡布局,不断增强人民群众获得感,结合实际,制定本方案。"
)


def _split(text: str) -> list[str]:
    """The lines of a page run together: a preamble, then ``text``."""
    lines = split_run_on(MappedText(PREAMBLE + text)).text.split("\n")
    assert lines[0] == PREAMBLE
    return lines[1:]


def test_numbers_inside_text_are_no_item_markers() -> None:
    body = (
        "一、总体要求到2025年,基层诊疗量占比达到65%,床位达到1.5万张,2023.6月前完成第1次评估,"
        "重点包括:1.体检、2.随访两项内容,实现一、二级医院全覆盖,提高3.1%。"
        "二、重点任务(一)加强基层建设。推进标准化建设。(市卫生健康局负责)"
        "(二)完善支付政策。落实医保支付政策。(市医保局负责)"
    )
    lines = _split(body)
    assert [ln[:6] for ln in lines] == ["一、总体要求", "二、重点任务", "(一)加强基", "(二)完善支"]


def test_a_list_inside_a_sentence_stays_in_it() -> None:
    body = (
        "一、妇幼健康1.强化妇幼服务。(1)妇幼保健院通过复核评估。(2)新建2个产科。(责任单位:市卫生健康局)"
        "2.保障母婴安全。(1)落实五项制度。(2)加强危重救治。(责任单位:市卫生健康局)"
    )
    assert [ln[:2] for ln in _split(body)] == ["一、", "1.", "2."]


def test_run_on_label_lines_and_headings_are_broken() -> None:
    body = (
        "具体任务(一)推进医共体建设。完善管理机制。牵头单位:市卫生健康局配合单位:"
        "市财政局完成时限:2024年底(二)加强人才队伍建设。落实待遇。牵头单位:市人社局"
    )
    assert _split(body) == [
        "具体任务",
        "(一)推进医共体建设。完善管理机制。",
        "牵头单位:市卫生健康局",
        "配合单位:市财政局",
        "完成时限:2024年底",
        "(二)加强人才队伍建设。落实待遇。",
        "牵头单位:市人社局",
    ]


def test_run_on_cover_notice_gives_its_metadata(tmp_path: Path) -> None:
    text = (
        "某某市人民政府办公室某政办发〔2024〕7号某某市人民政府办公室关于印发某某市2024年卫生健康工作要点的通知"
        "各县(市、区)人民政府,市政府各部门:《某某市2024年卫生健康工作要点》已经市政府同意,现印发给你们,"
        "请认真贯彻落实。某某市人民政府办公室2024年3月5日(此件公开发布)某某市2024年卫生健康工作要点"
        "为推进健康某某建设,制定本要点。一、重点任务(一)推进医共体建设。完善管理。(市卫生健康局负责)"
        "(二)加强疾控体系建设。落实改革任务。(市疾控局负责)"
    )
    got = parse_document(read_document(_write(tmp_path, "cover.txt", text))).to_json()["document"]
    assert got["title"] == "某某市2024年卫生健康工作要点"
    assert got["doc_number"] == "某政办发〔2024〕7号"
    assert got["date"] == "2024-03-05"
    assert got["cites"] == []


def test_wrapped_pinyin_and_names_are_rejoined(tmp_path: Path) -> None:
    para = (
        "（一）推進縣(xiàn)域醫共體建設。完善管理機制，推進資源共享。（責任單位：市衛生健康委員會、市財政局）"
    )
    more = "".join(
        f"\n（{n}）加強基層人才隊伍建設，落實待遇保障政策，提升服務能力水平。（市人社局負責）"
        for n in "二三四五"
    )
    text = "一、重點任務\n" + para + more + "\n"
    plain = parse_document(read_document(_write(tmp_path, "a.txt", text))).to_json()["tasks"]
    wrapped = parse_document(read_document(_write(tmp_path, "b.txt", hard_wrap(text, 17, page=3)))).to_json()
    assert [{**t, "span": None} for t in wrapped["tasks"]] == [{**t, "span": None} for t in plain]
    assert plain[0]["title"] == "推进县域医共体建设。"
    assert plain[0]["lead"] == ["市卫生健康委员会"]


def test_clean_text_of_a_one_line_page_keeps_its_body() -> None:
    raw = "<p>" + "一、重点任务(一)推进改革。落实责任。(市卫生健康局负责)" * 8 + "厦门网版权所有</p>"
    clean = clean_text(raw, html=True).text
    assert "推进改革" in clean and "版权所有" not in clean


def test_next_items_run_into_a_paragraph_line_are_split() -> None:
    lines = [
        "一、主要目标",
        "(一)地区生产总值增长11%左右。(省发改委负责)(二)公共财政收入增长13%左右。(省财政厅负责)",
        "(三)全社会固定资产投资增长30%以上。(省发改委负责)",
        "二、重点任务",
        "1.抓好重点产业项目,确保年度投资达到2000亿元。(省发改委主办)2.抓好技术改造项目。(省工信委主办)",
        "3.推进节能降耗,单位GDP能耗下降3.5%,确保完成国家下达的1.5万吨标准煤目标。(省发改委负责)",
    ]
    got = clean_text("\n".join(lines) + "\n").text.split("\n")
    assert "(二)公共财政收入增长13%左右。(省财政厅负责)" in got
    assert "2.抓好技术改造项目。(省工信委主办)" in got
    assert lines[5] in got  # 3.5% and 1.5万 are no item numbers


def test_an_excerpt_opening_mid_list_is_split_from_its_first_number() -> None:
    items = [
        "123.完善公共文体服务圈,推进数字三馆建设,打造一批城乡书房、文旅驿站、文化礼堂、文化广场。(牵头单位:市文旅局)",
        "124.持续开展文化惠民活动。(牵头单位:市文旅局;责任单位:各县市区人民政府)",
        "125.实现全年城镇新增就业4万人,城镇登记失业率控制在3%以内。(责任单位:市人社局)",
    ]
    run_on = "某市政府工作报告确定的主要目标任务责任分解方案" + "".join(items)
    got = clean_text(run_on + "\n").text.split("\n")
    assert got[:4] == ["某市政府工作报告确定的主要目标任务责任分解方案", *items]
    # run together, an excerpt's 26. opens the list it continues
    body = "深入开展荒山绿化计划,全市新增绿化造林8万亩,抓好城乡绿化和采煤塌陷地生态修复,加快示范区建设。" * 2
    lines = [
        f"26.推进生态市建设。{body}",
        "主办单位:市农委。",
        f"27.努力提升大气质量。{body}",
        "主办单位:市环保局。",
    ]
    assert clean_text("".join(lines) + "\n").text.split("\n")[:4] == lines


def test_a_paragraph_ending_short_of_an_exact_width_is_not_joined() -> None:
    """Cut at a fixed count of characters, a line two short of it ends its paragraph, even
    when the next paragraph opens with no number (its marker lost) after a closing note."""
    body = "完善基层医疗卫生服务网络,推进紧密型医共体建设,提升县域综合服务能力。"
    paragraphs = [
        (body * 2)[:57] + "(市卫生健康局负责)",  # 67 characters: its last line is 13 short of 20
        (body * 2)[:48] + "(市卫生健康局负责)",  # 58: its last line is 2 short
        "加快" + (body * 2)[:56] + "(市医保局负责)",
        "健全" + (body * 2)[:56] + "(市财政局负责)",
    ]
    wrapped = hard_wrap("\n".join(paragraphs) + "\n", 20)
    assert unwrap(MappedText(wrapped)).text.split("\n")[:4] == paragraphs


def test_hard_wrapped_table_rows_run_on_to_their_closing_bar(tmp_path: Path) -> None:
    """A table whose rows close with a bar, hard-wrapped: a row's lines go on to that bar,
    and a space that parts two names in one cell stays."""
    rows = [
        "序号 | 工作任务 | 责任单位 | 完成时限 |",
        "1 | 推进紧密型县域医共体建设,完善管理机制,推进人员统筹使用,提升基层服务能力。"
        " | 县卫健委 各乡镇人民政府 | 2024年底 |",
        "2 | 扩充公办幼儿园学位,新建改扩建幼儿园3所,公办园在园幼儿占比达到55%以上。"
        " | 县教育局 各乡镇人民政府 | 2024年9月 |",
        "3 | 完成城区老旧小区改造12个,同步实施雨污分流和停车设施建设,改善居住条件。 | 县住建局 | 2024年底 |",
    ]
    text = "某县2024年民生实事任务分解表\n" + "\n".join(rows) + "\n"
    # Cut where a space parts the names of row 1's unit cell.
    width = len(rows[1].split(" 各乡镇")[0])
    wrapped = hard_wrap(text, width)
    assert "县卫健委\n 各乡镇" in wrapped
    assert unwrap(MappedText(wrapped)).text.split("\n")[1:5] == rows
    plain = parse_document(read_document(_write(tmp_path, "a.txt", text))).to_json()["tasks"]
    laid = parse_document(read_document(_write(tmp_path, "b.txt", wrapped))).to_json()["tasks"]
    facts = [[(t["title"], t["lead"], t["co"]) for t in tasks] for tasks in (laid, plain)]
    assert facts[0] == facts[1]
    assert plain[0]["lead"] == ["县卫健委"]
    # Cut right after a cell's bar, a row's line ends with a bar before the row is complete.
    width = len(rows[2].split(" 县教育局")[0])
    wrapped = hard_wrap(text, width)
    assert "以上。 |\n 县教育局" in wrapped
    assert unwrap(MappedText(wrapped)).text.split("\n")[1:5] == rows


def test_an_indented_line_opens_a_paragraph_in_a_text_that_indents_them() -> None:
    """A paragraph that ends right at the width is told from one broken there by the next
    line's indentation, where the text opens its paragraphs with one; a hanging indent (the
    lines after a full one indented) says nothing of the kind."""
    width = 28
    first = "  每年公布全市各区耕地保有量情况。(市自然资源局负责)"
    assert len(first) == width
    paragraphs = [
        "  一、工作分工",
        first,
        "  每年公布全市各区单位生产总值能耗降低情况。(市发改委、市统计局负责)",
        "  每年公布全市各区主要污染物减排情况。(市生态环境局负责)",
        "  每年公布全市各区新增就业和城镇登记失业率情况。(市人社局负责)",
        "  每年公布全市各区义务教育学位新增和学校建设情况。(市教育局负责)",
        "  每年公布全市各区基层医疗卫生机构标准化建设情况。(市卫生健康委负责)",
    ]
    got = unwrap(MappedText(hard_wrap("\n".join(paragraphs) + "\n", width))).text.split("\n")
    assert got[: len(paragraphs)] == paragraphs
    hanging = [
        "1.完善基层医疗卫生服务网络,推进紧密型医共体",
        "  建设,提升县域综合服务能力,落实医保支付政",
        "  策。",
    ] * 3
    text = "\n".join(hanging * 3) + "\n"
    assert unwrap(MappedText(text)).text.count("\n") < text.count("\n")


def test_run_in_headings_end_where_the_genre_says() -> None:
    """A group heading (…牵头的工作) and an item heading followed by the official in charge
    (…项目由X副市长负责，A牵头) end before their body, run together as a page gives them."""
    body = (
        "一、王某某省长负责的工作全面负责政府工作任务的落实。"
        "(一)省财政厅牵头的工作深化预算管理制度改革,提高资金使用效益。"
        "(二)省民政厅牵头的工作健全社会救助体系。协同单位:各市人民政府。"
        "二、重点项目1、城市供水管网改造项目由李某副市长负责,市住建局牵头,市财政局配合,尽快完成前期工作。"
        "2、城市停车设施建设项目由李某副市长负责,市交通局牵头,相关部门配合,年内开工建设。"
    )
    assert _split(body) == [
        "一、王某某省长负责的工作",
        "全面负责政府工作任务的落实。",
        "(一)省财政厅牵头的工作",
        "深化预算管理制度改革,提高资金使用效益。",
        "(二)省民政厅牵头的工作",
        "健全社会救助体系。",
        "协同单位:各市人民政府。",
        "二、重点项目",
        "1、城市供水管网改造项目",
        "由李某副市长负责,市住建局牵头,市财政局配合,尽快完成前期工作。",
        "2、城市停车设施建设项目",
        "由李某副市长负责,市交通局牵头,相关部门配合,年内开工建设。",
    ]
    # a sentence that names the official after its first comma is the item's own text
    kept = "一、重点项目1、加快城市供水管网改造,由李某副市长负责,市住建局牵头。2、推进停车设施建设。" * 2
    assert _split(kept)[1] == "1、加快城市供水管网改造,由李某副市长负责,市住建局牵头。"


@pytest.mark.parametrize(
    ("masthead", "signature", "date"),
    [
        ("某某市人民政府文件", "某某市人民政府办公室2024年3月5日", "2024-03-05"),
        (
            "某某省深化医药卫生体制改革领导小组",
            "某某省深化医药卫生体制改革领导小组2024年3月5日",
            "2024-03-05",
        ),
        ("某某区医疗保障局", "某某区医疗保障局2024年3月5日", "2024-03-05"),
        ("", "某某市卫生健康委员会(代 章)2024年3月5日", "2024-03-05"),
        ("", "某某市卫生健康委员会(代章)2024 3 5", "2024-03-05"),
    ],
)
def test_run_on_masthead_and_signature_give_their_metadata(
    tmp_path: Path, masthead: str, signature: str, date: str
) -> None:
    """A masthead (…人民政府文件) before the 文号, a spaced seal (代 章) and a date that lost
    its 年月日 after a seal, all run together with the cover's other lines."""
    text = (
        f"{masthead}某政发〔2024〕7号关于印发某某市2024年卫生健康工作要点的通知各县(市、区)人民政府,市政府各部门:"
        "现将《某某市2024年卫生健康工作要点》印发给你们,请认真贯彻落实。"
        f"{signature}某某市2024年卫生健康工作要点为推进健康某某建设,制定本要点。"
        "一、重点任务(一)推进医共体建设。完善管理。(市卫生健康局负责)"
        "(二)加强疾控体系建设。落实改革任务。(市疾控局负责)"
    )
    got = parse_document(read_document(_write(tmp_path, "cover.txt", text))).to_json()["document"]
    assert (got["doc_number"], got["date"]) == ("某政发〔2024〕7号", date)
    assert got["title"] == "某某市2024年卫生健康工作要点"


def test_run_on_site_name_record_fields_and_a_title_named_in_a_sentence(tmp_path: Path) -> None:
    """A site's name over the page and a legal database's record fields open lines of their
    own; the title named again inside the salutation's sentence (现将…安排如下) is no heading."""
    text = (
        "某法网--中国某某法规信息网某某省人民政府关于印发2024年省政府工作目标责任分解的通知"
        "【发布文号】某政发[2024]8号【发布日期】2024-02-03【所属类别】政策参考"
        "各市、县人民政府,省直各部门:为了确保各项工作任务落到实处,现将2024年省政府工作目标责任分解安排如下:"
        "一、重点任务(一)推进医共体建设。完善管理。(省卫生健康委负责)"
        "(二)加强疾控体系建设。落实改革任务。(省疾控局负责)"
    )
    lines = clean_text(text + "\n").text.split("\n")
    assert "某某省人民政府关于印发2024年省政府工作目标责任分解的通知" in lines  # the site's line is chrome
    assert "【发布文号】" in lines and "【发布日期】2024-02-03" in lines
    assert any(line.startswith("【所属类别】政策参考") for line in lines)
    assert not any(line == "2024年省政府工作目标责任分解" for line in lines)
    got = parse_document(read_document(_write(tmp_path, "record.txt", text))).to_json()["document"]
    assert got["title"] == "某某省人民政府关于印发2024年省政府工作目标责任分解的通知"


def test_run_on_title_with_nested_marks_and_a_marker_that_lost_its_numeral() -> None:
    """The title over the body, named in the notice with 〈〉 inside 《》, opens its line and
    the first heading after it; a task whose marker lost its numeral ((推进… for (二)推进…)
    still starts after the clause closing the task before it."""
    text = (
        "关于印发2024年政府工作报告重点工作分工的通知各区人民政府,市政府各部门:"
        "现将《2024年〈政府工作报告〉重点工作分工》印发给你们,请抓好落实。某某市人民政府办公厅2024年3月5日"
        "2024年《政府工作报告》重点工作分工一、加快构建现代产业体系,推动经济高质量发展"
        "(一)加快建设汽车产业基地。(牵头单位:市工信局;配合单位:市发改委、市规划局)"
        "(推进石化基地建设,抓好乙烯改扩建项目。(牵头单位:市发改委;配合单位:市工信局)"
        "(三)加快物流园区建设。(牵头单位:市交通局;配合单位:市商务局)"
    )
    lines = clean_text(text + "\n").text.split("\n")
    at = lines.index("2024年《政府工作报告》重点工作分工")
    assert lines[at + 1 : at + 5] == [
        "一、加快构建现代产业体系,推动经济高质量发展",
        "(一)加快建设汽车产业基地。(牵头单位:市工信局;配合单位:市发改委、市规划局)",
        "(推进石化基地建设,抓好乙烯改扩建项目。(牵头单位:市发改委;配合单位:市工信局)",
        "(三)加快物流园区建设。(牵头单位:市交通局;配合单位:市商务局)",
    ]


@pytest.mark.parametrize("layout", ["plain", "oneline"])
def test_a_disclosure_page_footer_after_the_last_label_lines_is_chrome(tmp_path: Path, layout: str) -> None:
    """监督方式：… closing a disclosure page is no line of the last task's annotation, as
    published or run together (where its unit list must not read as a salutation 各…：)."""
    tasks = "".join(
        f"{n}.{work}\n牵头责任单位:县卫健委\n主要协作单位:各乡镇人民政府、县政府有关部门\n"
        for n, work in enumerate(
            ["推进医共体建设,完善管理机制。", "加强疾控体系建设。", "实施8个卫生院改扩建项目。"], 1
        )
    )
    text = "县卫健委2024年政府工作报告任务分解\n" + tasks + "监督方式:0000-1234567\n"
    laid = text if layout == "plain" else one_line(text)
    got = parse_document(read_document(_write(tmp_path, "a.txt", laid))).to_json()["tasks"]
    assert [(t["lead"], t["co"]) for t in got] == [(["县卫健委"], ["各乡镇人民政府", "县政府有关部门"])] * 3
    assert [(x["value"], x["unit"]) for x in got[2]["targets"]] == [(8, "个")]


def test_a_cut_inside_a_pinyin_note_or_before_a_lost_byte_is_read_as_published() -> None:
    """A pinyin note cut at the width (設(s / hè)) joins without a space, and a line opening
    with a lost byte's question mark after a finished clause opens a paragraph (an item whose
    number the lost byte broke)."""
    width = 16
    first = "深化醫改，推進縣域醫共體建設(shè),完善管理機制(市衛生局負責)"
    assert first.index("(shè)") + 2 == width  # the cut falls between (s and hè)
    first = (first + "，落實各項保障政策。(市財政局負責)")[: 2 * width - 1] + ")"
    broken = "?推進基層醫療衛生機構標準化建設,提升服務能力水平。(市衛生局負責)"
    more = [f"加強{n}級醫院能力建設,完善分級診療制度,提升服務質量。(市衛生局負責)" for n in "一二三"]
    text = "\n".join([first, broken, *more]) + "\n"
    got = unwrap(MappedText(hard_wrap(text, width))).text.split("\n")
    assert got[0] == first and got[1] == broken
    assert remove_pinyin(MappedText(got[0])).text.startswith("深化醫改，推進縣域醫共體建設,")


def test_the_short_last_line_of_a_page_run_together_is_split_too() -> None:
    """A page copied as a few long lines: the last one, shorter than a run of paragraphs
    usually is, still holds items run together, and they open lines of their own."""
    item = "{n}.{work}增长{p}%左右。牵头单位:区{unit}局责任单位:各街道"
    items = [
        item.format(n=n, work=w, p=p, unit=u)
        for n, (w, p, u) in enumerate(
            [
                ("地区生产总值", 6, "发改"),
                ("规模以上工业增加值", 5, "工信"),
                ("固定资产投资", 15, "发改"),
                ("社会消费品零售总额", 9, "商务"),
                ("一般公共预算收入", 8, "财政"),
            ],
            1,
        )
    ]
    lines = [PREAMBLE + "一、主要预期目标" + "".join(items[:3]), "".join(items[3:])]
    assert len(lines[0]) >= 160 > len(lines[1])
    got = clean_text("\n".join(lines) + "\n").text.split("\n")
    assert "4.社会消费品零售总额增长9%左右。" in got and "5.一般公共预算收入增长8%左右。" in got


def test_an_excerpt_opening_mid_list_splits_the_next_item_run_into_its_first_line() -> None:
    """Laid out by paragraph, an excerpt whose first line opens mid-list (26. …) and runs the
    next item into it: the sequence starts at 26, so 27. after a finished sentence opens a line."""
    lines = [
        "26.推进生态建设。新增造林8万亩。主办单位:市林业局。27.提升大气质量。PM2.5浓度下降5%。主办单位:市环保局。",
        "28.改善水环境。实施治污项目34项。主办单位:市水务局。29.整顿污染企业。关停企业42家。主办单位:市经信委。",
        "30.实施收入倍增计划。培训农村劳动力2万人。主办单位:市人社局。",
    ]
    got = clean_text("\n".join(lines) + "\n").text.split("\n")
    assert [line[:3] for line in got if line] == ["26.", "27.", "28.", "29.", "30."]


def test_an_excerpt_opening_mid_list_at_a_line_end_is_read_by_the_next_line_number() -> None:
    """Run together on a few lines, an excerpt's first number (204.) right after the title, with
    its successor opening the next line: the list opens there, and the title stands alone."""
    first = "某市2024年政府工作报告目标任务责任分解方案——推进教育高质量发展"
    first += "204.推进学前教育优质普惠发展,新增学位1.2万个。"
    rest = "".join(
        f"{n}.{w}(责任单位:市教育局)"
        for n, w in [(205, "推进普通高中多样化发展。"), (206, "建设32所优秀中职学校。")]
    )
    rest = rest * 3  # a long line
    got = clean_text(first + "\n" + rest + "\n").text.split("\n")
    assert got[:3] == [
        "某市2024年政府工作报告目标任务责任分解方案",
        "——推进教育高质量发展",
        "204.推进学前教育优质普惠发展,新增学位1.2万个。",
    ]


def test_a_list_opening_after_a_name_with_its_second_item_on_the_next_line() -> None:
    """1. right after a name (责任编辑:X1.…) opens the list when 2. opens the next line of a
    page run together on a few lines."""
    chrome = "您当前的位置:首页 > 信息公开 > 某县卫生健康委员会 > 决策部署落实情况"
    chrome += "某县卫健委2024年政府工作报告任务分解"
    chrome += "文章来源:某县卫生健康委员会 发表时间:2024-05-07 10:49 责任编辑:卫健委政务公开"
    labels = "牵头责任单位:县卫健委主要协作单位:各乡镇人民政府、县政府有关部门"
    lines = [
        f"{chrome}1.加快发展健康、养老、育幼等服务业,推动生活性服务业向高品质升级。{labels}",
        f"2.加强重大公共卫生安全风险源头防控。{labels}3.完善疾病预防控制体系。{labels}" * 2,
    ]
    got = clean_text("\n".join(lines) + "\n").text.split("\n")
    assert "1.加快发展健康、养老、育幼等服务业,推动生活性服务业向高品质升级。" in got


def test_a_label_inside_a_bracket_left_open_at_the_width_goes_on_with_its_note() -> None:
    """(牵头单位:A; cut at the width before 责任单位:B) is one annotation: the label line
    inside the open bracket joins it, as a label after a closed sentence would not."""
    width = 30
    head = "126.加强就业兜底帮扶,建立常态化援企稳岗帮扶机制,统筹做好高校毕业生、农民工等群体的就业工作。"
    first = head + "(牵头单位:市人社局;责任单位:市教育局、市经信局,各县市区人民政府)"
    assert first.index("责任单位") == 2 * width  # the label opens the third line
    paragraphs = [first] + [
        f"{n}.健全公共就业服务体系,组织开展就业援助月活动。(牵头单位:市人社局)" for n in (127, 128, 129)
    ]
    wrapped = hard_wrap("\n".join(paragraphs) + "\n", width)
    assert "\n责任单位" in wrapped
    assert unwrap(MappedText(wrapped)).text.split("\n")[:4] == paragraphs


def test_a_signature_date_opening_a_line_after_its_issuer(tmp_path: Path) -> None:
    """A page cut into a few lines between the issuer and the date: the date opening the next
    line still signs the notice, and the title after it opens the outline's first heading."""
    lines = [
        "某府办〔2024〕19号关于印发2024年政府工作报告重点工作的通知各区人民政府,市政府各部门:"
        "根据市政府常务会议决定,现将《2024年〈政府工作报告〉重点工作》印发给你们,请各单位明确责任分工,"
        "细化工作措施,加强协调配合,建立工作台账,定期报送进展情况,确保各项工作任务按时保质完成。某某市人民政府办公厅",
        "二〇二四年四月二十八日2024年《政府工作报告》重点工作一、构建现代产业体系,推动经济高质量发展"
        "(一)加快建设汽车产业基地。(牵头单位:市工信局;配合单位:市发改委)"
        "(二)加快建设物流园区。(牵头单位:市交通局;配合单位:市商务局)"
        "(三)加快建设金融商贸区。(牵头单位:市金融办;配合单位:市规划局)"
        "(四)加快建设生物医药产业基地。(牵头单位:市发改委;配合单位:市科技局)",
    ]
    got = parse_document(read_document(_write(tmp_path, "a.txt", "\n".join(lines) + "\n"))).to_json()
    assert got["document"]["date"] == "2024-04-28"
    assert [(t["title"], t["lead"]) for t in got["tasks"]] == [
        ("加快建设汽车产业基地。", ["市工信局"]),
        ("加快建设物流园区。", ["市交通局"]),
        ("加快建设金融商贸区。", ["市金融办"]),
        ("加快建设生物医药产业基地。", ["市发改委"]),
    ]


def test_a_record_field_run_into_the_title_its_issuer_repeats(tmp_path: Path) -> None:
    """A legal database's record run together with the notice: the last field's value (某某省)
    and the title that opens with the same issuer (某某省人民政府关于…) part where it repeats."""
    text = (
        "【发布单位】某某省【发布文号】某政发[2024]8号【发布日期】2024-02-03【文件来源】某某省"
        "某某省人民政府关于印发2024年省政府工作目标责任分解的通知(某政发[2024]8号)"
        "各市、县人民政府,省直各部门:为了确保各项工作任务落到实处,现将工作目标责任分解安排如下:"
        "一、重点任务(一)推进医共体建设。完善管理。(省卫生健康委负责)"
        "(二)加强疾控体系建设。落实改革任务。(省疾控局负责)"
    )
    lines = clean_text(text + "\n").text.split("\n")
    assert "【文件来源】某某省" in lines
    got = parse_document(read_document(_write(tmp_path, "record.txt", text))).to_json()["document"]
    assert got["title"] == "某某省人民政府关于印发2024年省政府工作目标责任分解的通知"


def test_bar_rows_without_a_closing_bar_run_together_open_their_lines(tmp_path: Path) -> None:
    """A bar table whose rows close with no bar, run together: each row's number (and a section
    row before it) is run into the last cell above, a header's width of cells on."""
    rows = [
        "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限",
        "一、健全药品供应保障制度",
        "1 | 常态化开展药品集中带量采购。加强采购行为监管。 | 市医保局 | 市卫生健康委 | 2024年底",
        "2 | 完善短缺药品监测预警机制。优化用药结构。 | 市卫生健康委 | 市医保局 | 长期坚持",
        "二、发展普惠托育服务",
        "3 | 新增托位1200个,建设示范性托育机构3所。 | 市卫生健康委 | 市发改委 | 2024年12月",
    ]
    text = (
        "某市2024年卫生健康工作要点\n二、重点任务\n" + "\n".join(rows) + "\n三、保障措施\n1.加强组织领导。\n"
    )
    laid = one_line(text)
    lines = clean_text(laid).text.split("\n")
    assert all(row in lines for row in rows)
    plain = parse_document(read_document(_write(tmp_path, "a.txt", text))).to_json()["tasks"]
    run_on = parse_document(read_document(_write(tmp_path, "b.txt", laid))).to_json()["tasks"]
    facts = [[(t["title"], t["lead"], t["co"], t["section"]) for t in tasks] for tasks in (run_on, plain)]
    assert facts[0] == facts[1] and len(facts[1]) == 3


def test_hard_wrapped_rows_that_close_with_no_bar_go_on_to_the_next_row(tmp_path: Path) -> None:
    """A table whose rows close with no bar, hard-wrapped: a row's lines go on to the next row's
    number or a section row, and a header that fills the width stays apart from the section
    row under it."""
    header = "序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限"
    rows = [
        header,
        "一、加快推进分级诊疗制度建设",
        "1 | 深化城市医疗集团建设。积极完善双向转诊制度,形成可复制可推广的经验。"
        " | 市卫生健康委 | 市医保局 | 持续推进",
        "2 | 完善医共体内部利益分配机制。畅通上转下转通道,提供连续性医疗服务。"
        " | 市卫生健康委 | 市财政局 | 长期坚持",
        "二、推进健康城市建设",
        "3 | 推动县域医疗次中心建设。稳步推进紧密型县域医共体建设,推动提质增效。"
        " | 市卫生健康委 | 市发改委 | 2024年底",
    ]
    paras = ["某市推进紧密型县域医疗卫生共同体建设的实施方案", *rows, "三、保障措施"]
    text = "\n".join(paras) + "\n"
    wrapped = hard_wrap(text, len(header))
    assert f"{header}\n一、" in wrapped
    assert unwrap(MappedText(wrapped)).text.split("\n")[: len(paras)] == paras
    plain = parse_document(read_document(_write(tmp_path, "a.txt", text))).to_json()["tasks"]
    laid = parse_document(read_document(_write(tmp_path, "b.txt", wrapped))).to_json()["tasks"]
    facts = [[(t["title"], t["lead"], t["co"]) for t in tasks] for tasks in (laid, plain)]
    assert facts[0] == facts[1] and len(facts[1]) == 3


@pytest.mark.parametrize(
    ("title", "opening"),
    [
        ("某某市2024年卫生健康工作要点", "为深入贯彻落实"),
        ("某某市2024年卫生健康工作要点", "根据"),
        ("某某市2024年深化医药卫生体制改革重点工作任务", "按照"),
    ],
)
def test_a_title_run_into_the_preamble_ends_at_its_document_type(
    tmp_path: Path, title: str, opening: str
) -> None:
    """A page opening with its title run into the preamble (…工作要点为深入…, …工作任务按照…):
    the title, closing with its document type, stands on a line of its own."""
    text = (
        f"{title}{opening}《某某省深化医药卫生体制改革2024年重点工作任务》精神,"
        "结合我市实际,制定本要点。一、重点任务(一)推进医共体建设。完善管理机制。(市卫生健康委负责)"
        "(二)加强疾控体系建设。落实改革任务。(市疾控局负责)"
    )
    assert clean_text(text + "\n").text.split("\n")[0] == title
    got = parse_document(read_document(_write(tmp_path, "a.txt", text))).to_json()["document"]
    assert got["title"] == title


def test_a_title_run_into_its_signature_parts_from_the_issuer(tmp_path: Path) -> None:
    """Title, issuer and date run together (…行动计划某某市某某县…领导小组2023年6月4日), longer
    than an issuer's name: the issuer starts after the title's document type, and the date
    signs the page."""
    text = (
        "某某市某某县卫生健康事业高质量发展三年行动计划某某市某某县深化医药卫生体制改革领导小组2023年6月4日"
        "根据《某某省卫生健康事业发展规划》有关要求,结合我县实际,制定本行动计划。"
        "一、重点任务(一)推进医共体建设。完善管理机制。(县卫生健康局负责)"
        "(二)加强疾控体系建设。落实改革任务。(县疾控中心负责)"
    )
    lines = clean_text(text + "\n").text.split("\n")
    assert lines[:3] == [
        "某某市某某县卫生健康事业高质量发展三年行动计划",
        "某某市某某县深化医药卫生体制改革领导小组",
        "2023年6月4日",
    ]
    got = parse_document(read_document(_write(tmp_path, "a.txt", text))).to_json()["document"]
    assert got["date"] == "2023-06-04"


def test_a_doc_number_naming_a_bureau_keeps_its_own_words() -> None:
    """The issuer before a 文号 is cut off, but a 文号 whose own words end in 局 (某卫计局发) keeps
    them: two characters at least stay before its year."""
    text = "某某省卫生和计划生育委员会某卫计局发〔2024〕7号关于印发某某省2024年卫生健康工作要点的通知" * 4
    assert "某卫计局发〔2024〕7号" in clean_text(text + "\n").text.split("\n")


def test_sub_items_with_labels_of_their_own_open_lines_when_run_together() -> None:
    """1.加强健康教育。(1)…牵头单位:A责任单位:B(2)…: each (n) item carries its own labels."""
    body = "建立健康知识传播制度,各类媒体要加大健康科学知识宣传力度,积极建设和规范各类广播电视等健康栏目。"
    line = (
        "一、工作分工(一)普及健康生活。1.加强健康教育。(1)"
        + body
        + "牵头单位:市委宣传部责任单位:市融媒体中心、市卫健委"
        "(2)积极发挥医生在健康教育中的作用,建立医生开展健康知识教育的机制。牵头单位:市卫健委责任单位:各医疗卫生机构"
    )
    lines = _split(line)
    assert "(1)" + body in lines
    assert any(x.startswith("(2)积极发挥医生") for x in lines)
    assert "责任单位:市融媒体中心、市卫健委" in lines


def test_a_list_inside_a_task_stays_run_in() -> None:
    line = (
        "一、重点任务1.强化妇幼健康服务体系。(1)市妇幼保健院年内通过复核评估。"
        "(2)各区县完成妇幼保健机构标准化建设。(市卫生健康局牵头)2.全力保障母婴安全。加强孕产妇管理。(市卫生健康局负责)"
    )
    assert not any(x.startswith("(2)") for x in _split(line))


def test_a_heading_opening_with_a_year_starts_its_line() -> None:
    line = (
        "一、2021年经济社会发展主要预期目标"
        "1.地区生产总值增长6%以上。分管省领导:林克庆部门分工:省发展改革委牵头,各地、各部门配合。"
        "2.地方一般公共预算收入增长5%左右。分管省领导:林克庆部门分工:省财政厅牵头,各地配合。"
    )
    lines = _split(line)
    assert "一、2021年经济社会发展主要预期目标" in lines
    assert "部门分工:省发展改革委牵头,各地、各部门配合。" in lines


def test_a_field_label_run_into_the_unit_list_before_it_opens_its_own_line() -> None:
    """责任单位:A、B局人:… on one line (a label the page cut short): the field starts after the
    last unit name, not inside it."""
    line = (
        "1.做好重大规划的有效衔接,推动各领域规划的有序衔接、相互配套、同步实施,增强规划内容之间的整体性、"
        "协调性,推动区域同城化谋划、联动式合作和协同化发展,加快形成统一开放的市场体系。"
        "责任单位:某某市发展改革委、某某市自然资源局人:两市主要负责同志"
        "2.推进城际铁路前期工作,加快推进重大连接线建设工程,提升两市之间的交通通达水平和服务保障能力。"
    )
    assert len(line) >= 160
    out = split_run_on(MappedText(line)).text.split("\n")
    assert "责任单位:某某市发展改革委、某某市自然资源局" in out
    assert any(piece.startswith("人:两市主要负责同志") for piece in out)


def test_a_sub_item_after_a_colon_with_its_own_note_opens_its_line() -> None:
    """主要工作目标:(1)…(A负责)。 run together: the (1) carries its own units, so it is an item
    of its own; 包括:(1)体检、(2)随访 stays a list inside the sentence."""
    head = (
        "一、重点工作(一)健全全民医保体系。加快推进基本医疗保障制度建设,提高保障水平,"
        "完善各项配套政策措施,切实减轻群众看病就医负担,推动医疗保障事业高质量发展,不断增强人民群众的获得感、幸福感和安全感。"
    )
    own = head + (
        "1.巩固扩大基本医保制度覆盖面。主要工作目标:(1)参合率稳定在95%以上。"
        "重点做好流动人口参合管理工作(基层卫生处负责)。"
    )
    inner = head + (
        "1.做好签约服务工作,服务内容包括:(1)健康体检、(2)定期随访,"
        "做到应签尽签、签约一人、履约一人、做实一人,切实提高签约服务质量。"
    )
    assert len(own) >= 160 and len(inner) >= 160
    assert "(1)参合率稳定在95%以上。重点做好流动人口参合管理工作(基层卫生处负责)。" in (
        split_run_on(MappedText(own)).text.split("\n")
    )
    assert not any(p.startswith("(1)") for p in split_run_on(MappedText(inner)).text.split("\n"))


def test_an_item_after_a_note_in_tortoise_shell_brackets_opens_its_line(tmp_path: Path) -> None:
    """〔责任单位:A、B按职责分工负责。…下同。〕(二)…: a note in 〔〕 ends its item as (…) does,
    though a sentence end inside it closed the bracket's depth before the 〕."""
    text = (
        "一、深化市场化改革(一)加强市场体系建设。推进高标准市场体系建设,全面融入全国统一大市场。"
        "〔责任单位:省发展改革委、省市场监管局按职责分工负责。具体任务均涉及相关市(州)人民政府,"
        "不再做分工,下同。〕(二)优化市场准入环境。持续推进“一网通办”改革。〔责任单位:省市场监管局〕"
        "(三)完善流通规则。健全流通领域信用体系。〔责任单位:商务厅〕"
    )
    path = tmp_path / "notes.txt"
    path.write_text(text + "\n", encoding="utf-8")
    tasks = parse_document(read_document(path)).to_json()["tasks"]
    assert [(t["id"], t["lead"]) for t in tasks] == [
        ("一/(一)", ["省发展改革委"]),
        ("一/(二)", ["省市场监管局"]),
        ("一/(三)", ["商务厅"]),
    ]
