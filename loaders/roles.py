"""Responsibility clauses: which units a task names, and the role each one plays.

A clause is the bracketed note closing a task — (责任单位:A、B), (A牵头,B、C配合),
(A、B分别负责,C参与) — or labelled lines of their own (牵头单位:A / 配合单位:B), or a
closing sentence "A负责。". Roles come from labels and verbs; where neither says, the
first-listed unit leads and the others are co-responsible, which is both the stated rule
of most documents (排在第一位的为牵头部门) and the convention of the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from policykg.loaders.units import is_unit_name, split_top, split_units, strip_etc
from policykg.ontology import phrase_alternation, phrase_patterns

__all__ = ["Clause", "ClauseUnit", "find_clause", "parse_clause", "parse_label_lines", "standing_rules"]

LEAD, CO, PARTICIPANT, IMPLIED = "lead", "co", "participant", "implied"

# Labels that open a unit list, and the role they give (None: decided by order and verbs).
# A label whose value is a clause of its own (部门分工:A牵头,B配合): no role of its own.
_CLAUSE_LABEL = phrase_alternation("role_rules.csv", "clause_label").pattern
_LABEL = re.compile(
    r"^(?P<label>(?:主要|其他)?(?:牵头|责任|配合|协作|协同|协办|参与|参加|主办|主责|承办|实施|完成|负责)"
    rf"(?:责任)?(?:单位|部门|处室|科室|机构|主体)|牵头|{_CLAUSE_LABEL})\s*[:：]\s*"
)
_LABEL_ROLE = (
    (re.compile(r"牵头|主办|主责"), LEAD),
    (re.compile(r"配合|协作|协同|协办|协助"), CO),
    (re.compile(r"参与|参加"), PARTICIPANT),
)
# Verb phrases closing a segment, longest first; the role they give to the segment's units.
_VERBS = (
    (re.compile(r"(?:等)?(?:分别|各自)(?:牵头)?负责$|(?:等)?分别牵头$"), "each-lead"),
    (re.compile(r"(?:等)?(?:共同)?牵头(?:负责|落实|推进|实施)?$|(?<=[\u4e00-\u9fff])主办$"), LEAD),
    (re.compile(r"(?<=[\u4e00-\u9fff])(?:协办|承办)$"), CO),
    (re.compile(r"(?:等)?(?:按照?职责(?:分工)?)?(?:配合|协助|协同|协作|支持)(?:落实|推进|实施|做好)?$"), CO),
    # 按职责分工负责, or 分工负责 alone: the listed units divide the work between them.
    (
        re.compile(r"(?:等)?(?:按照?(?:各自)?职责(?:分工)?|分工)(?:负责|落实|抓好落实|共同落实|做好|推进)$"),
        "duty",
    ),
    (re.compile(r"(?:等)?(?:参与|参加)(?:落实|实施)?$"), PARTICIPANT),
    (re.compile(r"(?:等)?(?:共同)?负责(?:落实|实施|推进|组织实施)?$"), "ordered"),
    (re.compile(r"(?:等)?(?:组织|抓好|具体)?落实$"), "ordered"),  # …配合;各州(市)党委和政府落实
)
# Notes inside a clause that state the document's own rules.
# The document's own role rules, from ontology/role_rules.csv.
_RULE_FIRST_LEAD = phrase_alternation("role_rules.csv", "first_lead")
# "…,其他有关部门和单位按职责分工负责": the precedence rule's word on the others, not a unit list.
_RULE_FIRST_LEAD_REST = phrase_alternation("role_rules.csv", "first_lead_rest")
_RULE_EACH_LEAD = phrase_alternation("role_rules.csv", "each_lead")
_RULE_LEAD_ONLY = phrase_alternation("role_rules.csv", "lead_only")
# 数据提供单位:市统计局: the unit supplying a figure is named, but it is not responsible for the task.
_DATA_LABEL = phrase_alternation("role_rules.csv", "data_label").pattern
_DATA_LABEL_AT = re.compile(rf"^(?:{_DATA_LABEL})\s*[:：]")
_SKIP = "not responsible"
EACH_LEAD_RULE = "分别负责: each listed unit leads"
DUTY_LEAD_RULE = "按职责分工负责 with no lead named: each listed unit leads its part"
CONTRAST_RULE = "A、B负责 set against C配合 with no lead named: each unit before 负责 leads"
# "A配合B落实": B leads, A is co-responsible (the verb between two unit lists).
_HELPS = re.compile(
    r"^(?P<co>[^,，;；]+?)(?:配合|协助|协同)(?P<lead>[^,，;；]+?)(?:共同)?(?:落实|实施|推进|做好|开展|完成|负责)$"
)
_ROLE_TAIL = re.compile(r"[(（](主办|牵头|主责|协办|配合|协助|参与)[)）]$")
_ASKED = re.compile(r"^(?:并|均)?(?:由|请)(?=[\u4e00-\u9fff])")
# A verb phrase followed by 、 ends a group inside one comma segment: "A、B按职责分工负责、C".
_VERB_THEN_LIST = re.compile(r"((?:按照?职责(?:分工)?)?(?:负责|牵头|配合|参与|落实))、")
_DEADLINE = re.compile(
    r"(?:\d{4}年(?:\d{1,2}月)?(?:底|末|年底|前|以前|内)?|长期|持续(?:推进|实施)?|年内|"
    r"[^,;]*?(?:\d+个?月内|前完成|底前|完成起草|年底前|长期坚持))"
)


@dataclass
class ClauseUnit:
    name: str
    role: str
    start: int  # offset within the clause body
    end: int
    rule: str


@dataclass
class Clause:
    units: list[ClauseUnit] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    standing: list[tuple[str, list[tuple[int, str]]]] = field(default_factory=list)  # (scope, units)
    deadline: str = ""
    lead_only: bool = False


def standing_rules(statement: str) -> list[tuple[str, list[tuple[int, str]], str]]:
    """Standing rules a statement makes: ``(scope, units with offsets, the rule's words)``.

    以下均需X落实、除特别注明的外X都是配合单位、各区政府为责任主体 attach units to the tasks
    they cover (scope 以下: after it, 以上: before it, otherwise all); only words that read as
    unit names become units, never the rule's own words.
    """
    out: list[tuple[str, list[tuple[int, str]], str]] = []
    taken: list[tuple[int, int]] = []
    for pattern in phrase_patterns("role_rules.csv", "standing"):
        for m in pattern.finditer(statement):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            units = [(m.start("units") + o, n) for o, n in split_units(m.group("units"))]
            units = [(o, n) for o, n in units if is_unit_name(n)]
            if units:
                taken.append((m.start(), m.end()))
                out.append((m.groupdict().get("scope") or "全文", units, m.group(0)))
    return out


def _label_role(label: str) -> str | None:
    for pattern, role in _LABEL_ROLE:
        if pattern.search(label):
            return role
    return None


def _split_statements(text: str) -> list[tuple[int, str]]:
    return [(o, s) for o, s in split_top(text, "。;；") if s.strip()]


def _split_commas(text: str) -> list[tuple[int, str]]:
    return split_top(text, ",，")


def parse_clause(body: str, *, default_role: str | None = None) -> Clause:
    """Parse the inside of a responsibility clause into units with roles.

    ``default_role`` is the role a label line gives to every unit it lists. Results are
    memoised (a clause is parsed once to find it and once to use it) and returned as
    fresh objects, so callers may adjust offsets freely.
    """
    c = _parse_clause(body, default_role)
    return Clause(
        [ClauseUnit(u.name, u.role, u.start, u.end, u.rule) for u in c.units],
        list(c.rules),
        [(scope, list(units)) for scope, units in c.standing],
        c.deadline,
        c.lead_only,
    )


@lru_cache(maxsize=4096)
def _parse_clause(body: str, default_role: str | None) -> Clause:
    clause = Clause()
    groups: list[tuple[str | None, list[tuple[int, str]]]] = []  # (role or None, units)
    pending: list[tuple[int, str]] = []
    label_role: str | None = default_role
    labelled = default_role is not None  # a 责任单位: list keeps the first-listed-leads convention
    after_rule = False  # the last segment stated the precedence rule: the next may speak of the others
    for s_off, statement in _split_statements(body):
        if "、" in statement:  # the pattern ends with 、: nothing to rewrite without one
            statement = _VERB_THEN_LIST.sub(r"\1,", statement)
        found = standing_rules(statement)
        if found:
            for scope, units, _ in found:
                clause.standing.append((scope, [(s_off + o, n) for o, n in units]))
            clause.rules.append(statement.strip())
            continue
        for c_off, seg in _split_commas(statement):
            off = s_off + c_off
            lead_ws = len(seg) - len(seg.lstrip())
            seg = seg.strip()
            off += lead_ws
            if not seg:
                continue
            m = _LABEL.match(seg)
            if m:
                if pending:
                    groups.append((label_role, pending))
                    pending = []
                label_role = _label_role(m.group("label"))
                labelled = True
                off += m.end()
                seg = seg[m.end() :]
            if _DATA_LABEL_AT.match(seg):  # the units after it until the next label are not annotated
                if pending:
                    groups.append((label_role, pending))
                    pending = []
                label_role = _SKIP
                continue
            if label_role == _SKIP:
                continue
            ask = _ASKED.match(seg)
            if ask:  # 由A牵头 / 请A负责: the unit list starts after the particle
                off += ask.end()
                seg = seg[ask.end() :]
            first_lead = _RULE_FIRST_LEAD.search(seg) is not None
            if first_lead or _RULE_EACH_LEAD.search(seg) or seg in ("下同", "以下同"):
                clause.rules.append(seg)
                after_rule = after_rule or first_lead
                continue
            if after_rule and _RULE_FIRST_LEAD_REST.match(seg):
                clause.rules[-1] += "," + seg
                continue
            after_rule = False
            if _RULE_LEAD_ONLY.search(seg):
                clause.rules.append(seg)
                clause.lead_only = True
                continue
            helped = _HELPS.match(seg)
            if helped:  # 省人事厅配合省委有关部门落实: the helped units lead
                co = [(off + o, n) for o, n in split_units(helped.group("co"))]
                lead_off = off + helped.start("lead")
                lead = [(lead_off + o, n) for o, n in split_units(helped.group("lead"))]
                if co and lead and all(is_unit_name(n) for _, n in co + lead):
                    if pending:
                        groups.append((label_role, pending))
                        pending = []
                    groups += [(CO, co), (LEAD, lead)]
                    continue
            verb_role = None
            for pattern, role in _VERBS:
                vm = pattern.search(seg)
                if vm and vm.start() > 0:
                    verb_role = role
                    seg = seg[: vm.start()]
                    break
            units = [(off + o, n) for o, n in split_units(seg)]
            good = [(o, n) for o, n in units if is_unit_name(n)]
            if not good:
                if _DEADLINE.search(seg) and not clause.deadline:
                    clause.deadline = seg
                continue
            if verb_role is None:
                pending.extend(good)
                continue
            groups.append((verb_role, pending + good))
            pending = []
    if pending:
        groups.append((label_role, pending))
    _assign(clause, groups, labelled)
    return clause


def _assign(clause: Clause, groups: list[tuple[str | None, list[tuple[int, str]]]], labelled: bool) -> None:
    """Turn ``(role, units)`` groups into roles.

    Unmarked and 负责 groups lead with their first unit only when no unit leads yet;
    按职责分工负责/落实 groups are co-responsible once a lead exists. A bare "(A、B按职责分工
    负责)" names no lead, so each unit leads its part; inside a labelled 责任单位 list the
    list's own convention (the first-listed leads) still holds. A 负责 group set against a
    配合 group, with no lead named (A、B负责,C、D配合), leads as a whole: the verbs, not the
    order, divide the work. A 责任单位 list beside a 配合单位 one keeps the list's convention.
    """
    contrast = any(r == CO for r, _ in groups) and not any(r in (LEAD, "each-lead") for r, _ in groups)
    lead_given = False
    for role, units in groups:
        if role == "duty":
            role = CO if lead_given else ("ordered" if labelled else "each-duty")
        if contrast and role == "ordered" and not labelled:
            role = "contrast"
        for i, (off, name) in enumerate(units):
            marked = _ROLE_TAIL.search(name)
            if marked:  # 医药服务管理处(主办)、基金监管处(协办): the role written after the name
                name = name[: marked.start()]
                r = _label_role(marked.group(1)) or LEAD
                lead_given = lead_given or r == LEAD
                clause.units.append(ClauseUnit(name, r, off, off + len(name), "stated role"))
                continue
            if role == "each-lead":
                r, why = LEAD, EACH_LEAD_RULE
            elif role == "each-duty":
                r, why = LEAD, DUTY_LEAD_RULE
            elif role == "contrast":
                r, why = LEAD, CONTRAST_RULE
            elif role in (LEAD, CO, PARTICIPANT):
                r, why = role, "stated role"
            elif not lead_given and i == 0:
                r, why = LEAD, "first-listed unit leads"
            else:
                r, why = CO, "listed after the lead"
            lead_given = lead_given or r == LEAD
            clause.units.append(ClauseUnit(name, r, off, off + len(name), why))


# A clause closes with ) or ）, or with 〕 where its own text holds parentheses: 〔责任单位:省发展
# 改革委…具体任务均涉及相关市(州)人民政府…〕.
_CLOSING = re.compile(r"[)）〕]\s*[。.;；]?\s*$")
_CLAUSE_HINT = re.compile(r"单位|部门|负责|牵头|配合|参与|落实|协助")
_BRACKETS = re.compile(r"[)）〕\]】(（〔\[【]")
_OPEN_LABELLED = re.compile(r"[(（](?=[^()（）]*(?:单位|部门)\s*[:：])[^()（）]*$")
_OPEN_AFTER_SENTENCE = re.compile(r"(?<=[。;；])\s*[(（][^()（）]*$")


@lru_cache(maxsize=4096)
def find_clause(text: str) -> tuple[int, int, str] | None:
    """The bracketed responsibility clause closing ``text``: ``(start, end, body)``.

    Brackets nest (市文化和旅游局(市广播电视局)), so the opening one is found by depth.
    A clause cut off by a truncated document (no closing bracket) is accepted only at
    the very end of the text, and its unfinished last name is dropped by the unit filter.
    """
    m = _CLOSING.search(text)
    if m:
        close = m.start()
        depth = 0
        # Only brackets change the depth: they are visited, nearest first, not every character.
        for b in reversed(list(_BRACKETS.finditer(text, 0, close + 1))):
            at, ch = b.start(), b.group()
            if ch in ")）〕]】":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    body = text[at + 1 : close]
                    if _looks_like_clause(body):
                        return at, close + 1, body
                    break
    # Truncated: an opening bracket with no closing one, after a finished sentence or with a
    # label; the unit filter drops an unfinished last name, and note text names no unit.
    m2 = _OPEN_LABELLED.search(text) or _OPEN_AFTER_SENTENCE.search(text)
    if m2:
        at = text.index("(", m2.start()) if "(" in text[m2.start() :] else text.index("（", m2.start())
        if _looks_like_clause(text[at + 1 :]):
            return at, len(text), text[at + 1 :]
    return None


def _looks_like_clause(body: str) -> bool:
    if not body or len(body) > 600:
        return False
    clause = _parse_clause(body, None)  # only looked at: no fresh copy needed
    if not clause.units and not clause.standing:
        return False
    return bool(_CLAUSE_HINT.search(body)) or all(is_unit_name(n) for _, n in split_units(body))


_LABEL_LINE = re.compile(
    r"^(?P<open>[(（])?(?P<label>(?:主要|其他)?(?:牵头|责任|配合|协作|协同|协办|参与|参加|主办|主责|承办)(?:责任)?"
    rf"(?:单位|部门|处室|科室|机构)|{_CLAUSE_LABEL})"
    # A closing bracket ends the line's own bracket only: 牵头单位:县卫生健康局(县中医药局) keeps its alias.
    r"\s*(?:[:：]|$)\s*(?P<body>.*?)(?(open)[)）]?)\s*[。.;；]?$"
)
# Lines that belong to a task's annotation without naming units: its deadline (完成时限:, or
# the work the time is for, 集中整治时间:), its target, the responsible official.
_TIME_WORK = phrase_patterns("deadlines.csv", "label_verb")[0].pattern
_INFO_LINE = re.compile(
    r"^[(（]?(?P<label>(?:" + _TIME_WORK + r")?(?:时限|时间)(?:要求|节点|安排)?"
    r"|完成期限|进度安排|工作目标|目标要求|" + _DATA_LABEL + "|"
    r"预期(?:目标|成效)|责任人|(?:责任|分管|牵头)(?:负责)?[省市区县州旗]?(?:领导|负责人))\s*(?:[:：]|$)\s*(?P<body>.*?)[)）]?$"
)


_FIELD_LINE = re.compile(r"^[\u4e00-\u9fff]{1,6}\s*[:：]\s*\S")


def parse_label_lines(lines: list[str]) -> tuple[Clause, int] | None:
    """Consecutive lines such as 牵头单位:A / 配合单位:B / 完成时限:… as one clause.

    A label whose value is empty takes the next line as its value; deadline, target and
    official lines may stand between or after them. Returns the clause and the lines used,
    or None when the lines name no unit.
    """
    clause = Clause()
    used = 0
    named = False
    k = 0
    while k < len(lines):
        line = lines[k].strip()
        m = _LABEL_LINE.match(line)
        info = None if m else _INFO_LINE.match(line)
        if m is None and info is None:
            # After the unit labels, a field of the task's record (责任人:…, 工作成果:…, or a
            # label the page cut short, 人:…) still belongs to the annotation.
            if named and _FIELD_LINE.match(line):
                used, k = used + 1, k + 1
                continue
            break
        body = (m or info).group("body")
        take = 1
        if not body and k + 1 < len(lines) and not _LABEL_LINE.match(lines[k + 1].strip()):
            body, take = lines[k + 1].strip().rstrip("。;；"), 2
        if info is not None:
            if "时" in info.group("label") or "期限" in info.group("label") or "进度" in info.group("label"):
                clause.deadline = clause.deadline or body
            used, k = used + take, k + take
            continue
        role = _label_role(m.group("label"))
        if role is None and any(u.role == LEAD for u in clause.units):
            role = CO  # 牵头单位:A / 责任单位:B, C: once a lead is named, the others share the work
        part = parse_clause(body, default_role=role)
        if role is not None:
            for u in part.units:
                if u.role in (LEAD, CO) and role != u.role and u.rule != "stated role":
                    u.role, u.rule = role, f"{m.group('label')}: label"
        named = named or bool(part.units or part.standing)
        clause.units.extend(part.units)
        clause.rules.extend(part.rules)
        clause.standing.extend(part.standing)
        clause.deadline = clause.deadline or part.deadline
        used, k = used + take, k + take
    return (clause, used) if used and named else None


def strip_name(name: str) -> str:
    return strip_etc(name)
