"""Quantified targets in task text: 培育省级临床重点专科不少于15个 → (>=, 15, 个).

A target is a number with a unit that the text sets as a goal. Percentages, per-mille
figures and rates per population (12/10万, 每万人1.12名) are always targets. Counts (个, 名,
次, 万元, ...) are targets when a comparator (不少于, 以上) or a goal verb (建成, 培育,
开展, 达到) governs them, or when they continue a list that began with one (建设2个A、2个B).
Ages and periods that qualify a population (65岁以上老年人, 0-36个月儿童), numbers inside
《》 titles, dates, ordinals (第3批) and codes (5G, 1+X) are never targets.

The indicator is the phrase the number measures. 分别 and 均 lists are split so that every
indicator gets its own target (孕产妇、婴儿死亡率分别控制在12/10万、5‰以内 gives two), and
``key`` normalises the indicator through ``ontology/indicators.csv`` so that the same
measure lines up across documents.

Example:
    >>> [(t.key, t.comparator, t.value, t.unit) for t in find_targets("孕产妇死亡率控制在12/10万以下")]
    [('孕产妇死亡率', '<=', 12.0, '/10万')]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import cache

from policykg.ontology import read_csv

from policykg.model import Target

__all__ = ["find_targets", "normalize_indicator"]

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# Rates: 90% 3.5‰ 12/10万 1.1/10万人 — always targets.
_RATE_UNIT = r"%|‰|个百分点|/\s*(?:10万|十万|1万|万|1000|千|100|百)(?:人口|人)?"
# Counts keep their measure word, with 万/亿 when written so (2.5万例, 30万元), and the area or
# population a density is counted over (路网密度5.1公里/平方公里, 4.5张/千人).
_COUNT_UNIT = (
    r"(?:万|亿)?(?:个(?!月|工作日|小时|季度|百分点|人)|人次|元|例|户|人(?![才员群民均口数])"
    r"|名|家(?![庭长属])|所(?![有属在])|张|床(?!位)|次|项(?!目)|台|套|辆|座|种|处(?![理置])|间"
    r"|场(?![所景地])|篇|册|份|件|条|位(?![于置])|支(?![付持出撑])|亩|吨|公里|平方米"
    r"|(?<=\d)万(?=以上|以下|左右))"  # 体检人数达1000万以上: the count's measure word left unwritten
    r"(?:/(?:平方公里|平方米|公里|万人|千人|百人))?"
)
_AGE_UNIT = r"周岁|岁|个月"
_TIME_UNIT = r"个工作日|天|小时|分钟"
# A number (or a range, whose low end counts) and its unit; not part of a code, date or ordinal.
_QTY = re.compile(
    rf"(?=\d)(?<![\dA-Za-z.+/\-—~第])(?P<num>{_NUM})(?:\s*[%‰]?\s*[-—~至]\s*(?P<high>{_NUM}))?\s*"
    rf"(?:(?P<rate>{_RATE_UNIT})|(?P<age>{_AGE_UNIT})|(?P<time>{_TIME_UNIT})|(?P<count>{_COUNT_UNIT})"
    r"|(?P<index>(?![\d.%‰])))"
)
# 每万人1.12名: a count per population is a rate (unit 名/万人).
_PER_POP = re.compile(r"每(?P<scale>十万|万|千|百)(?:服务)?(?:人口|人|名居民)(?:拥有|配备|配置)?$")
# 每千人口(拥有)执业医师3.2人: a count after a per-population indicator is its value.
_PER_POP_ANY = re.compile(r"每(?:十万|万|千|百)(?:常住|服务)?(?:人口|人|名居民)")
_TITLE = re.compile(r"《[^《》]*》")
_LIST_BRACKET = re.compile(r"\([^()]*、[^()]*\)")  # (开阳县医院、息烽县医院): examples, not the noun
_BRACKETS = re.compile(r"\([^()]*\)|〔[^〔〕]*〕|<[^<>]*>|[“”]")
_CLAUSE_SEP = re.compile(r"[,;。:!?\n]")
_SENTENCE_SEP = re.compile(r"[;。!?\n]")
_PERIOD = re.compile(r"[。!?\n]")
_ENUM = re.compile(r"\s*(?:\(\d{1,2}\)|\d{1,2}[.、](?!\d))?\s*")
_ITEM_LEAD = re.compile(r"\s*(?:其中|包括|含)?")
_ITEM_SEP_STRONG = re.compile(r"[、(]")
_ITEM_SEP_WEAK = re.compile(r"以及|和|及|与|或")

# Verbs that set a value (达到90%, 控制在5‰), stripped from the end of an indicator.
_SET = (
    r"(?:达到|达|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增至|降低到|降低至|降到|降至|下降到|下降至"
    r"|控制在|保持在|稳定在|维持在|为)"
)
# An index has no unit: 居民消费价格指数控制在103左右 (the number right after 指数 and its verb).
_INDEX_BEFORE = re.compile(rf"指数\s*{_SET}?\s*$")
# Verbs that make a count a goal: 建成5个, 培训社会体育指导员2000名, 开展1次.
_GOAL = (
    r"(?:新建|建成|建设|创建|创成|争创|打造|培育|培养|培训|引进|招聘|招收|招录|遴选|评选|认定|开展|举办|实施"
    r"|推进|申报|完成|配备|配齐|设立|设置|新增|增加|增设|扩大|达到|达|实现|召开|建立|组建|资助|补助|奖励"
    r"|安排|投入|(?<!总)投资|派驻|选派|改造|提高到|提高至|提升到|提升至|提升|提高|扩建|改建|惠及)"
)
# Comparator words written before the number (negated forms first), possibly before a verb.
_PRE_WORDS = {
    ">=": "不少于|不低于|不小于|不短于|至少|最少|≥|>=|大于等于|大于或等于",
    "<=": "不超过|不高于|不大于|不多于|≤|<=|小于等于|控制在",
    ">": "超过|高于|大于|多于",
    "<": "低于|少于|小于",
    "~": "约为|大约|约|近",
}
_PRE = re.compile(
    "(?:"
    + "|".join(f"(?P<c{i}>{w})" for i, w in enumerate(_PRE_WORDS.values()))
    + rf")(?:有|为|{_GOAL})?\s*$"
)
_PRE_CMP = {f"c{i}": c for i, c in enumerate(_PRE_WORDS)}
_POST = re.compile(r"\s*(?:(?P<ge>及以上|以上)|(?P<le>及以下|以下|以内)|(?P<ap>左右|上下))")
_POST_CMP = {"ge": ">=", "le": "<=", "ap": "~"}
# A figure already reached or held (已建成12个, 现有床位3000张) states a fact, not a goal.
_DONE = re.compile(rf"(?:(?:已经?|业已|现已)(?:{_GOAL}|{_SET})|现有|共有)[^,;。]{{0,12}}$")
# An award or subsidy granted on a condition (对…的,给予一次性奖励20万元) is an incentive, not a goal.
_AWARD = re.compile(
    r"(?:(?:分别)?给予(?:一次性|最高|最多)?(?:奖励|补助|补贴|奖补|资助)?"
    r"|一次性(?:奖励|补助|补贴|奖补|资助)[^,，。;；\d]{0,6})\s*$"  # 一次性奖励企业50万元
)
_GOAL_AT_END = re.compile(rf"{_GOAL}了?\s*$")
_SET_AT_END = re.compile(rf"{_SET}\s*$")
# 粮食产量稳定在23万吨: a count held at a level is a goal (为 alone may state a fact).
_HOLD_AT_END = re.compile(r"(?:控制在|保持在|稳定在|维持在)\s*$")
_GOAL_ANY = re.compile(_GOAL)
_MAX_GAP = 16  # characters of noun phrase allowed between a goal verb and its count
# Ages and periods (65岁以上, 0-36个月) qualify a population; they are skipped inside a gap.
_AGE_PHRASE = re.compile(rf"\d+(?:\.\d+)?(?:\s*[-—~至]\s*\d+)?\s*(?:{_AGE_UNIT})(?:及?以[上下])?")
_POPULATION = re.compile(
    r"(?:及?以[上下]|以内)?的?(?:儿童|婴幼儿|婴儿|幼儿|老年人|老人|人群|孕产妇|孕妇|妇女|女性|男性|女生|男生|学生"
    r"|青少年|居民|患者|新生儿|人口|职工)"
)
# A count continuing a list begun by a target: 建设2个A、2个B / 1个村卫生室和1名村医 / A200个(其中B66个.
_CONTINUE = re.compile(r"^[^,;。:、]{0,20}?(?:[、和及与或(](?:其中|包括|含)?[^,;。:、]{0,16}|,)$")
# Words opening an indicator phrase that are not part of it.
_LEAD = re.compile(
    r"^(?:(?:到|至|截至)?\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前)?,?|力争|争取|确保|实现|推动|推进|使|要|并|且|同时"
    r"|其中|全市|全区|全县|全省|全州|全旗|全国|各地|按照|按|依照)+"
)
_TAIL = re.compile(
    rf"(?:全部|总体|累计|年均)?(?:要|应|需)?(?:{_SET}|提高|提升|下降|降低|增长|减少|增加|缩短|压缩)$"
)
# 分别/均 before the values: one indicator per value, or one value for all indicators.
_LIST_MARK = re.compile(
    rf"(?P<mark>分别|均|都)(?:要|应|需)?(?:{_SET}|{'|'.join(_PRE_WORDS.values())})?(?:有|为)?\s*$"
)
_LEAD_VERBS = re.compile(rf"^(?:{_GOAL}|启动|持续|继续|积极|努力|争取|力争|统筹|组织)+")
_TRAIL_VERBS = re.compile(r"(?:增加|新增|增长|减少|达到|达|提高|提升)$")
_NOUN_AFTER = re.compile(r"(?:的)?((?:[^,;。:!?、()<>\d]|\([^()\d,;。、]*\)|<[^<>\d]*>){1,25})")
_NOUN_TRIM = re.compile(r"(?:的任务|任务|工作|建设|等|的|以及|和|及|与|或)+$")
_ITEM_SEP = re.compile(r"、|和|及|与")
_GROUP_GAP = re.compile(r"^\s*(?:、|和|及|与|或)\s*$")
# The shared head of a list of indicators (孕产妇、婴儿死亡率): what follows the population noun.
_HEAD = re.compile(
    r"(?:患者|儿童|婴儿|婴幼儿|孕产妇|孕妇|人群|老年人|妇女|居民|学生|新生儿|病例|机构|医院|企业|学校|家庭|社区)"
    r"(?=[^、]*$)"
)
_HEAD_WORD = re.compile(r"(?:比例|[^、]{0,2}?率|数|水平)$")
_YEAR = re.compile(
    r"(?=[12])(?<![\d\-—~至比较与同自从以])(?P<y>(?:19|20)\d{2})年(?:\d{1,2}月)?(?:底|末)?(?:之?前|以前)?"
    r"(?![\d度\-—~至]|的|基础|水平|相比|同期)"
)
_DIGIT = re.compile(r"\d")
_BARE_NUM = re.compile(r"(?<![A-Za-z\d.])\d+(?:\.\d+)?(?![\dA-Za-z])")  # not part of a code (5G, PM2.5)


@dataclass
class _Hit:
    start: int  # the number
    end: int  # after the unit and any 以上/以下/左右
    value: float
    unit: str
    kind: str  # rate | count | age | time | index
    ranged: bool  # written as a range (3-6名): the low end, >=
    pre: str  # comparator written before the number ("" when none)
    post: str  # comparator written after it
    clause: int  # start of the clause holding the number
    item: int  # where its indicator phrase may start: the clause, or just after the previous value
    indicator: str = ""
    span: tuple[int, int] = (0, 0)

    @property
    def comparator(self) -> str:
        return _combine(self.pre, self.post, self.ranged)


@cache
def _indicator_rules() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """Any-row pattern (a quick test that some row matches) and the rows in file order."""
    rows = read_csv("indicators.csv")
    any_row = re.compile("|".join(f"(?:{r['pattern']})" for r in rows))
    return any_row, tuple((re.compile(r["pattern"]), r["key"]) for r in rows)


def normalize_indicator(indicator: str) -> str:
    """The normalised name of an indicator (first matching row of indicators.csv), else itself.

    Example:
        >>> normalize_indicator("每千人口拥有3岁以下婴幼儿托位数")
        '每千人口3岁以下婴幼儿托位数'
    """
    any_row, rows = _indicator_rules()
    if any_row.search(indicator):
        for pattern, key in rows:
            if pattern.search(indicator):
                return key
    return indicator


def _combine(pre: str, post: str, ranged: bool) -> str:
    if ranged:
        return ">="
    if "~" in (pre, post):
        return "~"
    return post or pre or "="


def _strip_brackets(s: str) -> str:
    prev = None
    while prev != s and any(c in s for c in "(〔<“”"):
        prev, s = s, _BRACKETS.sub("", s)
    return s


def _pre_comparator(before: str) -> str:
    m = _PRE.search(before)
    return _PRE_CMP[m.lastgroup] if m and m.lastgroup else ""


def _is_goal_count(
    text: str, clause: int, m: re.Match[str], pre: str, prev: _Hit | None
) -> tuple[bool, bool]:
    """(whether a count is a goal, whether it only continues the previous one's list)."""
    before = _strip_brackets(text[clause : m.start()])
    if pre or _GOAL_AT_END.search(before) or _HOLD_AT_END.search(before) or before.endswith(("数", "量")):
        return True, False
    per = _PER_POP_ANY.search(before)
    if per and not _BARE_NUM.search(_AGE_PHRASE.sub("", before[per.end() :])):
        return True, False
    verbs = list(_GOAL_ANY.finditer(before))
    if verbs:
        gap = _AGE_PHRASE.sub("", before[verbs[-1].end() :])
        if len(gap) <= _MAX_GAP and "、" not in gap and not _BARE_NUM.search(gap):
            return True, False
    if prev and prev.kind == "count" and _CONTINUE.match(_strip_brackets(text[prev.end : m.start()])):
        return True, True
    return False, False


def _item_start(text: str, prev_end: int, start: int) -> int:
    """Where the phrase of a value starts when an earlier value shares its clause: after the
    separator that follows the earlier value (、 or a bracket, else 和/及/与/或)."""
    sep = _ITEM_SEP_STRONG.search(text, prev_end, start) or _ITEM_SEP_WEAK.search(text, prev_end, start)
    at = sep.end() if sep else prev_end
    return _ITEM_LEAD.match(text, at).end()  # type: ignore[union-attr]


def _classify(text: str, m: re.Match[str], clause: int, last: _Hit | None) -> _Hit | None:
    prev = last if last and last.clause == clause else None
    before = text[clause : m.start()]
    post_m = _POST.match(text, m.end())
    post = _POST_CMP[post_m.lastgroup] if post_m and post_m.lastgroup else ""
    end = post_m.end() if post_m else m.end()
    pre = _pre_comparator(before)
    if _DONE.search(before):
        return None
    item = _item_start(text, prev.end, m.start()) if prev else clause
    if m.group("index") is not None:
        if not _INDEX_BEFORE.search(before):
            return None
        value = float(m.group("num").replace(",", ""))
        return _Hit(m.start(), end, value, "", "index", m.group("high") is not None, pre, post, clause, item)
    if m.group("rate"):
        kind, unit = "rate", re.sub(r"\s+", "", m.group("rate"))
    else:
        kind = "age" if m.group("age") else "time" if m.group("time") else "count"
        unit = m.group(kind)
        per = _PER_POP.search(_strip_brackets(before))
        if kind == "age" and _POPULATION.match(text, end):
            return None
        if per and kind == "count":
            kind, unit = "rate", f"{unit}/{per.group('scale')}人"
        elif kind in ("age", "time"):
            if not (pre or (kind == "age" and _SET_AT_END.search(before))):
                return None
        elif unit.endswith("元") and _AWARD.search(before):
            return None
        else:
            ok, continued = _is_goal_count(text, clause, m, pre, last)
            if not ok:
                return None
            if continued and not pre and not post and last:
                pre = last.pre  # 至少有1个村卫生室和1名村医: the comparator covers the list
    value = float(m.group("num").replace(",", ""))
    return _Hit(m.start(), end, value, unit, kind, m.group("high") is not None, pre, post, clause, item)


def _clean_subject(s: str) -> str:
    s = _ENUM.sub("", s.replace("“", "").replace("”", ""), count=1)
    s = _LEAD.sub("", s)
    s = _PRE.sub("", s)
    return _TAIL.sub("", s).strip(" ,的")


def _noun_after(text: str, end: int) -> tuple[str, int]:
    m = _NOUN_AFTER.match(text, end)
    if not m:
        return "", end
    noun = _NOUN_TRIM.sub("", m.group(1)).strip()
    if noun.startswith("比例"):
        return "", end
    return noun.replace("“", "").replace("”", ""), (m.start(1) + len(noun) if noun else end)


def _split_items(subject: str, n: int | None) -> list[str] | None:
    """Split 'A、B、C死亡率' into complete indicator names (n of them when n is given); on 、
    first, and on 和/及/与 too when that gives the right number."""
    items = [x for x in subject.split("、") if x]
    if len(items) < 2 or (n is not None and len(items) != n):
        items = [x for x in _ITEM_SEP.split(subject) if x]
    if len(items) < 2 or (n is not None and len(items) != n):
        return None
    last, first = items[-1], items[0]
    head_m = _HEAD.search(last)
    head = last[head_m.end() :] if head_m else ""
    if not head:
        word = _HEAD_WORD.search(last)
        head = word.group() if word and word.group() != last else ""
    out = []
    for i, it in enumerate(items):
        if i and len(it) <= 4 and it.endswith("率") and len(first) > len(it) and first.endswith("率"):
            out.append(first[: -len(it)] + it)  # 肿瘤随访登记报告发病率、死亡率
        elif head and not _HEAD_WORD.search(it):
            out.append(it + head)
        else:
            out.append(it)
    return out


def _groups(text: str, hits: list[_Hit]) -> list[list[_Hit]]:
    """Hits written as one list of values (12/10万、3.5‰、5‰以内 / 65%和75%以上)."""
    groups: list[list[_Hit]] = []
    for h in hits:
        last = groups[-1][-1] if groups else None
        if last and last.clause == h.clause and _GROUP_GAP.match(text[last.end : h.start]):
            groups[-1].append(h)
        else:
            groups.append([h])
    return groups


def _name_group(text: str, group: list[_Hit], prev_name: str) -> list[_Hit]:
    """Give each hit of a group its indicator and evidence span (list splitting included)."""
    first = group[0]
    start = _ENUM.match(text, first.item).end()  # type: ignore[union-attr]
    raw = text[start : first.start]
    mark = _LIST_MARK.search(raw)
    subject = _clean_subject(raw[: mark.start()] if mark else raw)
    end = group[-1].end
    if len(group) > 1:  # one written comparator governs the list unless values carry their own
        shared_post = "" if any(h.post for h in group[:-1]) else group[-1].post
        for h in group:
            h.pre, h.post = h.pre or first.pre, h.post or shared_post
    names = _split_items(subject, len(group)) if mark and len(group) > 1 else None
    if mark and mark.group("mark") != "分别" and len(group) == 1 and first.kind != "count":
        items = _split_items(subject, None)
        if items:  # 孕产妇和3岁以下儿童系统管理率均达到90%以上: one value, several indicators
            return [replace(first, indicator=name, span=(start, end)) for name in items]
    for i, h in enumerate(group):
        if h.kind == "count":
            h.indicator, noun_end = _count_name(text, h, prev_name)
            end = max(end, noun_end)
        elif names:
            h.indicator = names[i]
        elif subject and not subject.endswith(("和", "及", "与", "、")) and not text.startswith("的", h.end):
            h.indicator = subject
        else:  # 30%以上县级综合医院达到标准 / 80%的村卫生室具备...: the share of what follows
            noun, noun_end = _noun_after(text, h.end)
            h.indicator = noun + "的比例" if noun else subject
            end = max(end, noun_end)
        prev_name = h.indicator or prev_name
    for h in group:
        h.span = (start, end)
    return group


def _count_name(text: str, h: _Hit, prev_name: str) -> tuple[str, int]:
    """A count's indicator: the noun between its verb and the number, else the noun after it,
    else what precedes the verb (城乡居民医保人均财政补助标准增加30元)."""
    before = _LIST_BRACKET.sub("", text[h.item : h.start]).replace("“", "").replace("”", "")
    verbs = list(_GOAL_ANY.finditer(before))
    between = before[verbs[-1].end() :] if verbs else _clean_subject(before)
    between = _PRE.sub("", between).strip(" ,的")
    if between and not between.startswith("每"):
        return _NOUN_TRIM.sub("", between) or between, h.end
    after, end = _noun_after(text, h.end)
    if after:
        return between + after, end
    lead = _clean_subject(before[: verbs[-1].end()]) if verbs else ""
    lead = _TRAIL_VERBS.sub("", _LEAD_VERBS.sub("", lead))
    return (lead + between or prev_name or (verbs[-1].group() if verbs else "")), h.end


def _years(text: str) -> list[tuple[int, int, int]]:
    """(start, end of scope, year) of each deadline year phrase: '到2025年,A达到…;B达到…。'
    holds to the end of the sentence, '2023年争取建成5个' only for its own clause."""
    found = list(_YEAR.finditer(text))
    out = []
    for i, m in enumerate(found):
        nxt = found[i + 1].start() if i + 1 < len(found) else len(text)
        sep = (_PERIOD if text.startswith(",", m.end()) else _CLAUSE_SEP).search(text, m.end() + 1)
        out.append((m.start(), min(sep.start() if sep else len(text), nxt), int(m.group("y"))))
    return out


def _year_at(years: list[tuple[int, int, int]], pos: int) -> int | None:
    for start, end, year in reversed(years):
        if start <= pos < end:
            return year
    return None


def find_targets(text: str, offset: int = 0) -> list[Target]:
    """Quantified targets in one task's text; spans are ``offset`` + positions in ``text``.

    Example:
        >>> t = find_targets("到2025年,县域内就诊率达90%以上", offset=10)[0]
        >>> t.indicator, t.comparator, t.value, t.unit, t.year, t.start, t.text
        ('县域内就诊率', '>=', 90.0, '%', 2025, 17, '县域内就诊率达90%以上')
    """
    if not _DIGIT.search(text):
        return []
    masked = _TITLE.sub(lambda m: "《" + "□" * (len(m.group()) - 2) + "》", text) if "《" in text else text
    found = list(_QTY.finditer(masked))
    if not found:
        return []
    seps = [m.start() for m in _CLAUSE_SEP.finditer(masked)]
    hits: list[_Hit] = []
    for m in found:
        i = bisect_right(seps, m.start())
        clause = seps[i - 1] + 1 if i else 0
        hit = _classify(masked, m, clause, hits[-1] if hits else None)
        if hit:
            hits.append(hit)
    if not hits:
        return []
    ends = [m.start() for m in _SENTENCE_SEP.finditer(masked)]
    years = _years(masked)
    out: list[Target] = []
    prev_name, prev_sentence = "", -1
    for group in _groups(masked, hits):
        sentence = bisect_right(ends, group[0].start)
        for h in _name_group(text, group, prev_name if sentence == prev_sentence else ""):
            s, e = h.span
            out.append(
                Target(
                    indicator=h.indicator,
                    comparator=h.comparator,
                    value=h.value,
                    unit=h.unit,
                    year=_year_at(years, h.start),
                    text=text[s:e],
                    start=offset + s,
                    end=offset + e,
                    key=normalize_indicator(h.indicator),
                )
            )
            prev_name = h.indicator
        prev_sentence = sentence
    return out
