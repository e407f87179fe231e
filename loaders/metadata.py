"""Document metadata: title, issuer, date, the document's own number, jurisdiction, citations."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from policykg.loaders.columns import is_header_run
from policykg.loaders.layout import cn_value, is_page_number
from policykg.loaders.listing import listed_date
from policykg.ontology import Place, gazetteer, phrase_alternation

from policykg.model import Citation, DocumentMeta, Jurisdiction

__all__ = ["find_citations", "find_jurisdiction", "parse_metadata"]

_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*\d{1,4}\s*号$")
# The page-information labels of ontology/metadata.csv; a page may list them as bullets (• 文号:…).
_LABELS = {
    k: phrase_alternation("metadata.csv", k).pattern for k in ("number_label", "title_label", "date_label")
}
_BULLET = r"[•·●▪◦]?\s*"
# 文号 written in brackets under the title, or labelled by the page: (晋政发[2008]8号), 【发布文号】….
_NUMBER_LABEL = re.compile(
    rf"^{_BULLET}(?:【(?:{_LABELS['number_label']})】|(?:{_LABELS['number_label']})\s*[:：]\s*)"
    r"|^[(（](?=.*号[)）]$)|(?<=号)[)）]$"
)
# A 文号 labelled inside a line of page fields (索引号:… 文 号:X 发布日期:…, 发布文号 | X |).
_NUMBER_IN_FIELDS = re.compile(
    rf"(?:{_LABELS['number_label']})\s*[:：|｜]\s*"
    r"(?P<n>[\u4e00-\u9fff]{1,12}[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*\d{1,4}\s*号)(?![\u4e00-\u9fff])"
)
# A title line's page label (• 信息名称:X) or the 文号 printed before it on the same line.
_TITLE_LABEL = re.compile(
    rf"^{_BULLET}(?:{_LABELS['title_label']})\s*[:：]\s*"
    r"|^[\u4e00-\u9fff]{1,12}[〔\[]\s*\d{4}\s*[〕\]]\s*\d{1,4}\s*号\s+(?=[\u4e00-\u9fff])"
)
_PART_HEADING = phrase_alternation("metadata.csv", "part_heading")
_NOT_TITLE = phrase_alternation("metadata.csv", "not_title")  # 正式发布!… / 相关新闻>>
_ORG_END = re.compile(r"(办公室|办公厅|委员会|人民政府|政府|局|委|厅|部|办|中心|领导小组)$")
_SEAL = re.compile(r"^[(（].*代章[)）]$|^[(（].*公开.*[)）]$|^[(（]此件.*[)）]$")
_TITLE_BAD_END = re.compile(r"[。,;:!?、]$")
_URL = re.compile(r"https?://|www\.")
_ROLE_NOTE = re.compile(r"^(?:注|备注|说明)[:：]|为牵头(?:单位|部门)|只列牵头|不再列出")
# A page's information line (文章来源:X 发表时间:…), never a title; the dates it states.
_PAGE_INFO = re.compile(r"(?:来源|发布时间|发表时间|发布日期|成文日期|浏览(?:次数|量)|责任编辑)\s*[:：]")
# The page's date after its label; a page-info table writes the label and value in two cells
# (成文日期: | 2024-02-04 |).
_PAGE_DATE = re.compile(
    rf"(?:成文日期|印发日期|发布日期|发文日期|发表时间|发布时间|{_LABELS['date_label']})"
    r"\s*(?:[:：】]\s*\|?|\|)\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
)
_CITE = re.compile(r"《[^《》\n]{2,120}》")
_BASED_ON = re.compile(r"(根据|依据|按照|依照)[^,。;]{0,12}$")
_IMPLEMENTS = re.compile(r"(贯彻落实|贯彻|落实|执行|实施)[^,。;]{0,12}$")
_SELF_LEVEL = (
    ("province", re.compile(r"全省|我省|本省|省委|省政府")),
    ("city", re.compile(r"全市|我市|本市|市委|市政府")),
    ("district", re.compile(r"全区|我区|本区|区委|区政府")),
    ("county", re.compile(r"全县|我县|本县|县委|县政府")),
)
_LEVEL_OF_PREFIX = {"省": "province", "市": "city", "区": "district", "县": "county"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
_RANK = {"province": 0, "city": 1, "district": 2, "county": 2}


# Digits of a year written in numerals (二○○六); month and day are read by cn_value.
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0, "O": 0, "０": 0}
_BARE_DATE_LINE = re.compile(r"^((?:19|20)\d{2})\s+(\d{1,2})\s+(\d{1,2})$")
_CN_DATE_LINE = re.compile(
    r"^([〇○零O０一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*([一二三四五六七八九十]{1,3})\s*日$"
)


def _date_line(s: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a signature date line: 2025年4月25日 or 二○○六年四月二十八日."""
    m = _DATE_LINE.match(s)
    if m:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _BARE_DATE_LINE.match(s)  # 2023 9 18: a signature date whose 年月日 were lost
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _CN_DATE_LINE.match(s)
    if m:
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        month, day = cn_value(m.group(2)), cn_value(m.group(3))
        return (year, month, day) if month and day else None
    return None


def _norm(s: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"()]", "", s)


def _title(lines: list[str], body_start: int) -> str | None:
    """Title: the run of title-like lines right above the body, joined.

    Page information (发布日期:…, 浏览次数) and a sub-heading (——推进…) between the title
    and the body are passed over; a title broken over two lines may have a blank between.
    """
    out: list[str] = []
    gap = False
    i = body_start - 1
    while i >= 0:
        s = lines[i].strip()
        if not s:
            gap = bool(out)
            i -= 1
            continue
        if not out and (
            _ROLE_NOTE.search(s)
            or _PAGE_INFO.search(s)
            or _PAGE_CHROME.match(_strip_tag(s))
            or is_header_run(s)
        ):
            i -= 1  # "排在首位的为牵头部门。", the page's information or a table's header under the title
            continue
        if out and is_page_number(s):
            break  # a page marker (第1页共8页) over the title is no part of it
        if (
            _TITLE_BAD_END.search(s)
            or _date_line(s)
            or _SEAL.match(s)
            or _URL.search(s)
            or _DOC_NUMBER.match(s)
            or _PAGE_INFO.search(s)
            or _NOT_TITLE.search(s)
            or (s[:1] in "(（" and s[-1:] in ")）")
            or len(s) > 60
            or (gap and not _title_part(s))
        ):
            break
        if (s.startswith(("——", "--")) or _PART_HEADING.match(s)) and not out:
            i -= 1  # a sub-heading (——推进…) or a part heading (第一部分 …) under the title
            continue
        out.insert(0, _strip_tag(s))
        if sum(map(len, out)) > 80:
            return None
        gap = False
        i -= 1
    if not out:
        return None
    title = _join_title(out)
    return title if len(title) >= 6 else None


def _title_part(line: str) -> bool:
    """Whether a line above a blank can be the first part of a title broken over lines:
    not a signature (…委员会, …(代章)), a breadcrumb, a bare number or a notice's title."""
    return not (
        len(line) < 6
        or _NOTICE_LINE.search(_strip_tag(line))
        or _ORG_END.search(line)
        or "代章" in line
        or re.search(r"[>›»]|^[\d\s]+$", line)
    )


def _strip_tag(line: str) -> str:
    """A title line without the site's tag before it: 【专题名】X, (湖北省)X, • 信息名称:X, 文号 X."""
    return _TITLE_TAG.sub("", _TITLE_LABEL.sub("", line.strip())).strip()


def _join_title(parts: list[str]) -> str:
    """Title lines joined, without the spaces a layout put between its words."""
    return _INNER_SPACE.sub("", "".join(parts))


_YEAR_OPENING = re.compile(r"^(?:(?:19|20)\d{2}|今)年是")  # 2025年是“十四五”规划的收官之年


def _body_start(lines: list[str], first_item_line: int) -> int:
    """Index of the first body line: a long paragraph or the first outline item."""
    for i, line in enumerate(lines[: first_item_line + 1]):
        s = line.strip()
        if i == first_item_line:
            return i
        if (
            (len(s) >= 40 or s.endswith((",", "，")))  # a wrapped paragraph's first line
            and re.search(r"[,。]", s)
            # 为…,现将…如下: may be a notice's own text; 2025年是…之年。…分工如下: opens the body.
            and (not s.endswith(":") or _YEAR_OPENING.match(s))
            and (re.match(r"^(为|根据|按照|依据|近年来|当前|为了|以)", s) or _YEAR_OPENING.match(s))
            and not _COVER_TEXT.search(s)
        ):
            return i
    return first_item_line


_SELF_BEFORE = re.compile(r"(?:附件\s*\d{0,2}\s*[:：]?\s*(?:\d{1,2}\s*[.、．]\s*)?|以下简称\s*)$")
# What a notice says of the plans it issues: 《A》《B》已经…同意, 现将《A》印发给你们.
_SELF_AFTER = re.compile(
    r"^\s*(?:[、和及]?《[^《》]*》)*\s*[,，]?\s*(?:已经|已|经[^,，。]{0,20}(?:同意|通过)|印发给你们|现予印发|现印发|印发)"
)
_NAMED_OWN = re.compile(
    r"现将《(?P<y>[^《》]{4,80})》(?:[^,，。]{0,20}?)印发|《(?P<z>[^《》]{4,80})》(?:《[^《》]*》)*(?:已经|经)"
)
_NOTICE_TITLE = re.compile(r"关于印发《?(?P<x>[^《》。,，\n]{4,80}?)》?的(?:通知|函)")
# A notice whose own text carries the tasks: 现将…安排如下:
# The cover notice's own sentence (根据…,现将《X》印发给你们), not the body's opening.
_COVER_TEXT = re.compile(r"印发给你们|现予印发|现印发|现将《")
_FOLLOWS = re.compile(r"如下\s*[:：]\s*$")
# A notice that hands out a named plan is a cover notice even when its own requirements
# follow (《X》已经…审议通过,现印发给你们,并就有关事项通知如下:).
_HANDS_OUT = re.compile(r"》[^《》。]{0,40}(?:印发给你们|现予印发)|现将《[^《》]{4,80}》[^,，。]{0,20}印发")
# A notice's own title line: …关于…的通知 / 意见 / 决定 / 函.
_NOTICE_LINE = re.compile(r"关于.{2,80}的(?:通知|意见|决定|函|批复|报告)$")
_TITLE_TAG = re.compile(
    r"^(?:导航菜单|网站导航)?(?:【[^【】]{1,16}】|[(（][^()（）]{2,8}[)）](?=[\u4e00-\u9fff\d]))"
)
_INNER_SPACE = re.compile(r"(?<=[\u4e00-\u9fff》〉)）\d])\s+(?=[\u4e00-\u9fff《〈(（\d])")
# Short page chrome left between a title and the body: 分享:, 【字体:打印, 字号 大 中 小.
_PAGE_CHROME = re.compile(r"^(?:【?字[体号]|分享|打印|收藏|关闭)|^$")


def _not_a_citation(text: str, start: int, end: int) -> bool:
    """《…》 that names this document or its attachments, or a short alias (以下简称《…》)."""
    return bool(
        _SELF_BEFORE.search(text[max(0, start - 12) : start]) or _SELF_AFTER.match(text[end : end + 100])
    )


def _own_title(title: str | None, front_lines: list[str], front: str) -> str | None:
    """The document's own title: the title line above the body (the plan's, when a cover
    notice issues one); else the plan a cover notice issues (关于印发X的通知, 现将《X》印发,
    《X》已经…同意); else the notice's own title line, when the notice itself is the
    document (关于…的意见, or a notice whose tasks follow its 如下:).
    """
    if title:
        return title
    if not _FOLLOWS.search(front) or _HANDS_OUT.search(front):  # a cover notice: the plan it issues
        issued = _NOTICE_TITLE.search(front)
        if issued:
            return issued.group("x")
        m = _NAMED_OWN.search(front)
        if m is not None:
            return next(g for g in m.groupdict().values() if g)
    for line in front_lines:
        s = _strip_tag(line.strip())
        if len(s) <= 80 and _NOTICE_LINE.search(s) and not _TITLE_BAD_END.search(s):
            return _join_title([s])
    return None


def find_citations(text: str, own_title: str | None) -> list[Citation]:
    """Cited titles in order of first appearance, without the document's own title."""
    own = _norm(own_title or "")
    seen: set[str] = set()
    out: list[Citation] = []
    for m in _CITE.finditer(text):
        key = _norm(m.group(0))
        if key in seen or (own and key == own):
            continue
        if _not_a_citation(text, m.start(), m.end()):
            if _SELF_AFTER.match(text[m.end() : m.end() + 100]):
                seen.add(key)  # a title the notice issues stays its own where it is named again
            continue
        seen.add(key)
        before = text[max(0, m.start() - 20) : m.start()]
        relation = (
            "basedOn" if _BASED_ON.search(before) else "implements" if _IMPLEMENTS.search(before) else "cites"
        )
        out.append(Citation(m.group(0), relation, m.start(), m.end()))
    return out


@cache
def _segmenter():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = None
    return tokenizer


def _whole_word(text: str, i: int, j: int) -> bool:
    """Whether ``text[i:j]`` is a whole word there, not the tail of another (健康县 ≠ 康县).

    A name that follows punctuation or the start of the text is whole; after a Han
    character a word segmenter decides whether a word boundary falls at both ends.
    """
    if i == 0 or not _HAN.match(text[i - 1]):
        return True
    lo = max(0, i - 8)
    window = text[lo : min(len(text), j + 8)]
    bounds, pos = {0}, 0
    for token in _segmenter().lcut(window, HMM=False):
        pos += len(token)
        bounds.add(pos)
    return i - lo in bounds and j - lo in bounds


@cache
def _name_starts() -> re.Pattern[str]:
    """Any character that starts a place name: the positions :func:`_places_in` tries are
    found by one character-set scan, not by stepping through the text."""
    return re.compile(f"[{re.escape(''.join(sorted(gazetteer().lengths)))}]")


def _places_in(text: str, *, shorts: bool) -> list[Place]:
    """Gazetteer places named in ``text`` as whole words, longest match first at each position.

    Only positions whose character starts some place name are tried, and only the name
    lengths that exist for that character, so a long text costs little.
    """
    g = gazetteer()
    found: list[Place] = []
    i, n = 0, len(text)
    lengths = g.lengths
    next_start = _name_starts().search
    while (at := next_start(text, i)) is not None:
        i = at.start()
        step = 1
        for length in lengths.get(text[i], ()):
            if i + length > n:
                continue
            word = text[i : i + length]
            cands = g.lookup(word)
            if not shorts or _GROUP_COUNT.match(text, i + length):
                cands = [p for p in cands if word == p.name]
            if cands and _whole_word(text, i, i + length):
                found.extend(cands)
                step = length
                break
        i += step
    return found


# A short form before a count of places names the group, not the place: 滨湖四县 (the four
# counties by the lake), 环湖三县, 沿江两区.
_GROUP_COUNT = re.compile(r"[一二三四五六七八九十两]{1,2}(?:县|区|市|镇|乡|旗)")


def _within(p: Place, outer: Place) -> bool:
    g = gazetteer()
    while p.parent:
        if p.parent == outer.code:
            return True
        p = g.by_code[p.parent] if p.parent in g.by_code else Place("", "", "", "", "", "")
    return False


def _first_or_within(places: list[Place]) -> Place:
    """The place a title speaks for: the first it names, or a place inside that one named
    after it (贵州省贵阳市…: 贵阳市); another place beside it (海东市与兰州市…共同推进兰西城市群)
    is a partner, not the speaker. Among places of one name, the highest-ranked."""
    best = max(
        (p for p in places if p.name == places[0].name or p.short == places[0].short),
        key=lambda p: _RANK.get(p.level, 0),
    )
    for p in places[1:]:
        if _within(p, best):
            best = p
    return best


def _to_jurisdiction(p: Place) -> Jurisdiction:
    return Jurisdiction(p.name, p.level, p.province, p.code, p.parent)


def find_jurisdiction(
    title: str | None, issuer: list[str], text: str, unit_names: list[str]
) -> Jurisdiction | None:
    """The jurisdiction a document speaks for.

    Evidence in order of trust: places named in the title, then in the issuer, then the
    level the document speaks at (its units' prefixes 市/区/县/省, or self-references
    such as 全区) and the place of that level it names most often.
    """
    level_votes: Counter[str] = Counter()
    for name in unit_names:
        lvl = "province" if name.startswith("自治区") else _LEVEL_OF_PREFIX.get(name[:1])
        if lvl and not name.startswith(("市场", "区域", "县域")):
            level_votes[lvl] += 1
    if not level_votes:
        for lvl, pattern in _SELF_LEVEL:
            level_votes[lvl] += len(pattern.findall(text))
    level = level_votes.most_common(1)[0][0] if level_votes else None

    for source in ([title] if title else []) + issuer:
        places = _places_in(source, shorts=True)
        if places:
            return _to_jurisdiction(_first_or_within(places))
    places = _places_in(text[:20000], shorts=False)
    if level and not any(p.level == level for p in places):
        # No place of the level the document speaks at is named in full: its short form
        # (长沙先导区管委会, 吉水二中, 对内蒙古的战略定位), a place of that level, is the speaker,
        # rather than a lower place named in full (市直各单位、岳麓区).
        shorts = [p for p in _places_in(text[:20000], shorts=True) if p.level == level]
        places = shorts or places
    if not places:
        # A local branch named by the place's short form (上海出入境检验检疫局, 滁州海关): the
        # place it serves, when the text names no place in full.
        g = gazetteer()
        places = [
            p
            for name in unit_names
            for length in g.lengths.get(name[:1], ())
            if length < len(name)
            for p in g.lookup(name[:length])
        ]
    if not places:
        return None
    counts = Counter(p.code for p in places)
    g = gazetteer()
    ranked = sorted(counts, key=lambda c: (-(g.by_code[c].level == level), -counts[c], c))
    return _to_jurisdiction(g.by_code[ranked[0]])


def parse_metadata(text: str, first_item_offset: int | None, unit_names: list[str]) -> DocumentMeta:
    lines = text.split("\n")
    first_item_line = text.count("\n", 0, first_item_offset) if first_item_offset is not None else len(lines)
    start = _body_start(lines, first_item_line)
    front_end = sum(len(line) + 1 for line in lines[:start])
    title = _own_title(_title(lines, start), lines[:start], text[:front_end])
    meta = DocumentMeta(title=title)
    stripped = [s.strip() for s in lines]
    for i, s in enumerate(stripped):
        ymd = _date_line(s) if meta.date is None else None
        if ymd:
            meta.date = f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"
            j = i - 1
            while j >= 0 and (not stripped[j] or _SEAL.match(stripped[j])):
                j -= 1
            if j >= 0 and _ORG_END.search(stripped[j]) and len(stripped[j]) <= 30:
                meta.issuer.append(stripped[j])
        if meta.doc_number is None and i < first_item_line:  # the label is stripped where it may count
            number = _NUMBER_LABEL.sub("", s)
            if _DOC_NUMBER.match(number):
                meta.doc_number = re.sub(r"\s+", "", number)
    if meta.doc_number is None:
        for s in stripped[:first_item_line]:
            fm = _NUMBER_IN_FIELDS.search(s)
            if fm:
                meta.doc_number = re.sub(r"\s+", "", fm.group("n"))
                break
    if meta.date is None:  # no signature: the date the page states (成文日期, 发布日期)
        pm = _PAGE_DATE.search(text[:front_end] if first_item_offset is not None else text[:3000])
        if pm:
            meta.date = f"{int(pm.group(1)):04d}-{int(pm.group(2)):02d}-{int(pm.group(3)):02d}"
    if meta.date is None and title:  # nor page information: the listing's entry that names it
        meta.date = listed_date(text[:front_end] if first_item_offset is not None else text[:3000], title)
    meta.cites = find_citations(text, title)
    meta.jurisdiction = find_jurisdiction(title, meta.issuer, text, unit_names)
    return meta
