"""Document metadata: title, issuer, date, the document's own number, jurisdiction, citations."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from policykg.ontology import Place, gazetteer

from policykg.model import Citation, DocumentMeta, Jurisdiction

__all__ = ["find_citations", "find_jurisdiction", "parse_metadata"]

_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{1,12}[〔\[(（【]\s*\d{4}\s*[〕\])）】]\s*\d{1,4}\s*号$")
_ORG_END = re.compile(r"(办公室|办公厅|委员会|人民政府|政府|局|委|厅|部|办|中心|领导小组)$")
_SEAL = re.compile(r"^[(（].*代章[)）]$|^[(（].*公开.*[)）]$|^[(（]此件.*[)）]$")
_TITLE_BAD_END = re.compile(r"[。,;:!?、]$")
_URL = re.compile(r"https?://|www\.")
_ROLE_NOTE = re.compile(r"^(?:注|备注|说明)[:：]|为牵头(?:单位|部门)|只列牵头|不再列出")
# A page's information line (文章来源:X 发表时间:…), never a title; the dates it states.
_PAGE_INFO = re.compile(r"(?:来源|发布时间|发表时间|发布日期|成文日期|浏览(?:次数|量)|责任编辑)\s*[:：]")
_PAGE_DATE = re.compile(
    r"(?:成文日期|印发日期|发布日期|发文日期|发表时间|发布时间)\s*[:：]\s*(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})"
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


def _norm(s: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"()]", "", s)


def _title(lines: list[str], body_start: int) -> str | None:
    """Title: the run of title-like lines right above the body, joined."""
    out: list[str] = []
    i = body_start - 1
    while i >= 0:
        s = lines[i].strip()
        if not s:
            if out:
                break
            i -= 1
            continue
        if not out and _ROLE_NOTE.search(s):  # "排在首位的为牵头部门。" between title and body
            i -= 1
            continue
        if (
            _TITLE_BAD_END.search(s)
            or _DATE_LINE.match(s)
            or _SEAL.match(s)
            or _URL.search(s)
            or _DOC_NUMBER.match(s)
            or _PAGE_INFO.search(s)
            or (s[:1] in "(（" and s[-1:] in ")）")
            or len(s) > 60
        ):
            break
        out.insert(0, s)
        if sum(map(len, out)) > 80:
            return None
        i -= 1
    if not out:
        return None
    title = "".join(out)
    return title if len(title) >= 6 else None


def _body_start(lines: list[str], first_item_line: int) -> int:
    """Index of the first body line: a long paragraph or the first outline item."""
    for i, line in enumerate(lines[: first_item_line + 1]):
        s = line.strip()
        if i == first_item_line:
            return i
        if (
            len(s) >= 40
            and re.search(r"[,。]", s)
            and not s.endswith(":")
            and re.match(r"^(为|根据|按照|依据|近年来|当前|为了|以)", s)
        ):
            return i
    return first_item_line


_SELF_BEFORE = re.compile(
    r"(?:现将|现把|特将|附件\s*\d{0,2}\s*[:：]?\s*(?:\d{1,2}\s*[.、．]\s*)?|以下简称\s*)$"
)
_SELF_AFTER = re.compile(r"^\s*(?:已经|已|经[^,，。]{0,20}同意|印发给你们|现予印发|现印发)")
_NOTICE_TITLE = re.compile(r"关于印发《?(?P<x>[^《》。,，]{4,80}?)》?的(?:通知|函)")
_NAMED_OWN = re.compile(r"现将《(?P<y>[^《》]{4,80})》|《(?P<z>[^《》]{4,80})》(?:已经|经)")


def _not_a_citation(text: str, start: int, end: int) -> bool:
    """《…》 that names this document or its attachments, or a short alias (以下简称《…》)."""
    return bool(
        _SELF_BEFORE.search(text[max(0, start - 12) : start]) or _SELF_AFTER.match(text[end : end + 24])
    )


def _own_title(title: str | None, front: str) -> str | None:
    """The document's own title: the title line above the body (the plan's, when a cover
    notice issues one), else the title the notice names (关于印发X的通知, 现将《X》印发,
    《X》已经…同意).
    """
    if title:
        return title  # a notice with no plan title of its own below it is itself the document
    m = _NOTICE_TITLE.search(front) or _NAMED_OWN.search(front)
    if m is None:
        return None
    return next(g for g in m.groupdict().values() if g)


def find_citations(text: str, own_title: str | None) -> list[Citation]:
    """Cited titles in order of first appearance, without the document's own title."""
    own = _norm(own_title or "")
    seen: set[str] = set()
    out: list[Citation] = []
    for m in _CITE.finditer(text):
        key = _norm(m.group(0))
        if key in seen or (own and key == own) or _not_a_citation(text, m.start(), m.end()):
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


def _places_in(text: str, *, shorts: bool) -> list[Place]:
    """Gazetteer places named in ``text`` as whole words, longest match first at each position.

    Only positions whose character starts some place name are tried, and only the name
    lengths that exist for that character, so a long text costs little.
    """
    g = gazetteer()
    found: list[Place] = []
    i, n = 0, len(text)
    lengths = g.lengths
    while i < n:
        step = 1
        for length in lengths.get(text[i], ()):
            if i + length > n:
                continue
            word = text[i : i + length]
            cands = g.lookup(word)
            if not shorts:
                cands = [p for p in cands if word == p.name]
            if cands and _whole_word(text, i, i + length):
                found.extend(cands)
                step = length
                break
        i += step
    return found


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
        lvl = _LEVEL_OF_PREFIX.get(name[:1])
        if lvl and not name.startswith(("市场", "区域", "县域")):
            level_votes[lvl] += 1
    if not level_votes:
        for lvl, pattern in _SELF_LEVEL:
            level_votes[lvl] += len(pattern.findall(text))
    level = level_votes.most_common(1)[0][0] if level_votes else None

    for source in ([title] if title else []) + issuer:
        places = _places_in(source, shorts=True)
        if places:
            best = max(places, key=lambda p: _RANK.get(p.level, 0))
            return _to_jurisdiction(best)
    places = _places_in(text[:20000], shorts=False)
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
    title = _own_title(_title(lines, start), text[:front_end])
    meta = DocumentMeta(title=title)
    stripped = [s.strip() for s in lines]
    for i, s in enumerate(stripped):
        dm = _DATE_LINE.match(s)
        if dm and meta.date is None:
            meta.date = f"{int(dm.group(1)):04d}-{int(dm.group(2)):02d}-{int(dm.group(3)):02d}"
            j = i - 1
            while j >= 0 and (not stripped[j] or _SEAL.match(stripped[j])):
                j -= 1
            if j >= 0 and _ORG_END.search(stripped[j]) and len(stripped[j]) <= 30:
                meta.issuer.append(stripped[j])
        if meta.doc_number is None and _DOC_NUMBER.match(s) and i < first_item_line:
            meta.doc_number = re.sub(r"\s+", "", s)
    if meta.date is None:  # no signature: the date the page states (成文日期, 发布日期)
        pm = _PAGE_DATE.search(text[:front_end] if first_item_offset is not None else text[:3000])
        if pm:
            meta.date = f"{int(pm.group(1)):04d}-{int(pm.group(2)):02d}-{int(pm.group(3)):02d}"
    meta.cites = find_citations(text, title)
    meta.jurisdiction = find_jurisdiction(title, meta.issuer, text, unit_names)
    return meta
