"""From a document to its tasks, units and roles: the extraction stage.

The outline gives the numbered items; an item is a task when it is a leaf of the outline
(or carries its own responsibility clause) and belongs to a part of the document that
assigns work. In documents that annotate responsibilities, a part with no annotation at
all (总体要求, 组织实施) assigns none; in documents without any annotation every numbered
work item counts, except statements of guiding ideas and principles.
"""

from __future__ import annotations

import re

from policykg.loaders.clean import clean_text
from policykg.loaders.deadlines import Deadline, find_in_text, heading_deadline, read_deadline, year_of
from policykg.loaders.metadata import parse_metadata
from policykg.loaders.roles import (
    _RULE_EACH_LEAD,
    _RULE_FIRST_LEAD,
    _RULE_LEAD_ONLY,
    EACH_LEAD_RULE,
    Clause,
    ClauseUnit,
    _split_commas,
    find_clause,
    parse_clause,
    parse_label_lines,
    standing_rules,
)
from policykg.loaders.shared_labels import share_closing_labels
from policykg.loaders.spaced_cells import spaced_row_clause
from policykg.loaders.structure import Item, parse_outline
from policykg.loaders.tables import (
    detach_after_tables,
    find_task_tables,
    mask_tables,
    merge_table_tasks,
    text_lines,
)
from policykg.loaders.targets import find_targets
from policykg.loaders.units import is_unit_name, split_top, split_units
from policykg.ontology import phrase_alternation

from policykg.model import ROLES, Document, Extraction, Task, UnitMention

__all__ = ["parse_document"]

_GENERAL_HEADING = re.compile(
    r"指导思想|基本原则|工作原则|总体要求|总体目标|主要目标|工作目标$|目标任务$|适用范围|编制依据"
)
# A section of tasks (二、主要任务): a 主要目标指标 item under it states a task's targets, not the
# document's general requirements.
_TASK_SECTION = re.compile(r"(?:主要|重点|工作|具体)任务")


def _under_task_section(item: Item) -> bool:
    """Whether a heading above the item, before any general heading, names a section of tasks."""
    for head in item.path[:-1]:
        if _GENERAL_HEADING.search(head.heading):
            return False
        if _TASK_SECTION.search(head.heading):
            return True
    return False


# The last sentence of a paragraph stating who does it: 由A牵头，B、C配合。 / A负责，B参与。
_ROLE_SEGMENT = re.compile(
    r"^(?:并|均)?(?:由|请)?(?P<units>.{2,80}?)(?:等(?:部门|单位)?)?(?:按照?(?:各自)?职责(?:分工)?)?"
    r"(?:牵头负责|分别负责|各自负责|共同负责|牵头|负责落实|负责|配合|协助|协同|参与|参加|抓好落实|组织实施|落实)$"
)
_LABEL_WORDS = phrase_alternation("layout.csv", "unit_label").pattern
# A label run into the paragraph after its last sentence; not one inside a bracket (the
# next bracket is a closing one, or a 〔 〕 clause, which holds parentheses of its own, closes
# after it: 〔A等按职责分工负责。责任单位:各县(市、区)人民政府。〕) nor before a bracket left
# open by a cut-off text.
_INLINE_LABEL = re.compile(
    rf"(?<=[。;；])\s*(?={_LABEL_WORDS})(?![^()（）]*[)）])(?![^〔〕]*〕)(?![^。]*[(（][^()（）]*$)"
)
_LABEL_AT = re.compile(rf"(?={_LABEL_WORDS})")
CONVENTION = "first-listed unit is lead (convention; doc states no rule)"
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_SIGNATURE_LINE = re.compile(r"^[^\s。,，;；:：、]{2,40}$")


def _item_text(text: str, item: Item) -> tuple[int, int]:
    """Span of an item's own words: marker line plus continuation lines, no children."""
    end = item.end
    if item.lines:
        end = item.lines[-1][0] + len(item.lines[-1][1])
    return item.start, end


def _drop_signature(item: Item) -> None:
    """Leave a closing signature (issuer lines, then the date) out of the last item's text.

    Without a closing section, the issuer and date follow the last task directly and read
    as its continuation lines; a clause on label lines must end the item to be found.
    """
    kept = [k for k, (_, line) in enumerate(item.lines) if line.strip()]
    if not kept or not _DATE_LINE.match(item.lines[kept[-1]][1].strip()):
        return
    cut = kept[-1]
    for k in reversed(kept[:-1][-3:]):
        if not _SIGNATURE_LINE.match(item.lines[k][1].strip()):
            break
        cut = k
    item.lines = item.lines[:cut]
    while item.lines and not item.lines[-1][1].strip():
        item.lines.pop()
    item.end = item.lines[-1][0] + len(item.lines[-1][1]) if item.lines else item.start + len(item.heading)


def _title(heading: str, has_more: bool, clause_start: int | None) -> str:
    if clause_start is not None:
        heading = heading[:clause_start]
    stop = heading.find("。")
    if stop >= 0:
        return heading[: stop + 1].strip()
    return heading.strip()


def _is_role_segment(seg: str) -> bool:
    """A comma segment that is only a list of unit names and a role verb (A、B配合)."""
    m = _ROLE_SEGMENT.match(seg.strip())
    names = split_units(m.group("units")) if m else []
    return bool(names) and all(is_unit_name(n) for _, n in names)


def _closing_sentence(body: str) -> tuple[int, Clause] | None:
    """The words closing a paragraph that only say who does it: '…，A牵头，B配合。'.

    The closing comma segments of the last sentence, each a list of unit names followed by
    a role verb, so a work sentence that merely names a unit (推动市卫生健康局…) is never
    read as an annotation.
    """
    stripped = body.rstrip().rstrip("。.;；")
    start = max(stripped.rfind(c) for c in "。;；\n") + 1
    # Semicolons may part the segments too (A牵头;B配合;C落实): walk back over them while
    # every segment still says who does it.
    while start > 0 and stripped[start - 1] in ";；":
        back = max(stripped.rfind(c, 0, start - 1) for c in "。;；\n") + 1
        if not all(_is_role_segment(seg) for _, seg in _split_commas(stripped[back : start - 1])):
            break
        start = back
    sentence = stripped[start:]
    at = None
    for off, seg in reversed(split_top(sentence, ",，;；")):
        if not _is_role_segment(seg):
            break
        at = start + off + len(seg) - len(seg.lstrip())
    if at is None or len(stripped) - at > 160:
        return None
    return at, parse_clause(stripped[at:])


def _anchor(clause: Clause, own: str, lo: int) -> None:
    """Unit offsets of a clause read from lines: each name where it first stands from ``lo``."""
    for u in clause.units:
        pos = own.find(u.name, lo)
        if pos >= 0:
            u.start, u.end = pos, pos + len(u.name)


_RANK = {role: k for k, role in enumerate(ROLES)}  # strongest first


def _add_line_clauses(clause: Clause, text: str, item: Item, start: int, cs: int) -> None:
    """Units of the item's earlier paragraphs that close with a clause of their own.

    A task heading over several paragraphs, each annotated ("1. 约束性指标的责任部门" / "…降低20%。
    (省经贸委牵头)" / "…保有量。(省国土资源厅牵头)"), is done by all of them: a unit keeps the
    strongest role any paragraph gives it.
    """
    roles = {u.name: u for u in clause.units}
    earlier: list[ClauseUnit] = []
    # A heading line that closed with its own clause before the paragraphs under it.
    heading = [(item.start, item.heading)] if item.closed and item.lines else []
    for off, line in [*heading, *item.lines]:
        rel = off - start
        body = line.rstrip()
        if not body or rel + len(body) > cs:
            continue
        got = find_clause(body)
        if got is None or body[got[1] :].strip(" 。.;；"):
            continue
        part = parse_clause(got[2])
        for u in part.units:
            u.start += rel + got[0] + 1
            u.end += rel + got[0] + 1
            had = roles.get(u.name)
            if had is None:
                roles[u.name] = u
                earlier.append(u)
            elif _RANK.get(u.role, 9) < _RANK.get(had.role, 9):
                had.role, had.rule = u.role, u.rule
    clause.units[:0] = earlier


# A clause closing one sentence inside a paragraph: "…1150万人左右。(市人口计生委牵头)万元…。(市经委牵头)…".
_SENTENCE_THEN_BRACKET = re.compile(r"[。;；]\s*[(（〔](?=[^()（）〔〕]{0,80}(?:牵头|负责|配合|单位|部门))")
_CLOSE_BRACKET = re.compile(r"[)）〕]")


def _add_sentence_clauses(clause: Clause, before: str) -> None:
    """Units of clauses closing earlier sentences of the item's text run together on one line
    ("…格局。(A等负责)发挥投资…。(B等负责)发挥出口…(C负责)"): the item is done by all of them."""
    inner = _sentence_clauses(before)
    if inner is None:
        return
    # In order of first appearance; a unit named again keeps the strongest role it is given.
    first: dict[str, ClauseUnit] = {}
    for u in [*inner[2].units, *clause.units]:
        had = first.get(u.name)
        if had is None:
            first[u.name] = u
        elif _RANK.get(u.role, 9) < _RANK.get(had.role, 9):
            had.role, had.rule = u.role, u.rule
    clause.units[:] = list(first.values())


def _sentence_clauses(own: str) -> tuple[int, int, Clause] | None:
    """Clauses that close sentences in the middle of an item's text, when none closes the item.

    A page that ran an item's annotated lines together (each target sentence followed by its
    own bracket) leaves the clauses inside the text; the item is done by all of them, and a
    unit keeps the strongest role any of them gives it. Returns the span from the first
    clause to the last, or None when fewer than one clause follows a finished sentence.
    """
    if not _SENTENCE_THEN_BRACKET.search(own):
        return None
    merged = Clause()
    roles: dict[str, ClauseUnit] = {}
    first = last = None
    for m in _SENTENCE_THEN_BRACKET.finditer(own):
        close = _CLOSE_BRACKET.search(own, m.end())
        while close is not None:
            got = find_clause(own[: close.end()])
            if got is not None and got[0] == m.end() - 1:
                break
            close = _CLOSE_BRACKET.search(own, close.end())
        if close is None or got is None:
            continue
        cs, ce, body = got
        first = cs if first is None else first
        part = parse_clause(body)
        for u in part.units:
            u.start += cs + 1
            u.end += cs + 1
            had = roles.get(u.name)
            if had is None:
                roles[u.name] = u
                merged.units.append(u)
            elif _RANK.get(u.role, 9) < _RANK.get(had.role, 9):
                had.role, had.rule = u.role, u.rule
        merged.rules.extend(r for r in part.rules if r not in merged.rules)
        # Standing units are read from the first clause's body on: shift this clause's onto it.
        merged.standing.extend((scope, [(cs - first + o, n) for o, n in us]) for scope, us in part.standing)
        merged.deadline = merged.deadline or part.deadline
        last = ce
    if not merged.units or first is None or last is None:
        return None
    return first, last, merged


def _find_item_clause(text: str, item: Item, start: int, end: int) -> tuple[int, int, Clause] | None:
    """The clause of one item: label lines, a closing bracket, or a closing sentence."""
    lines = [(off, line) for off, line in item.lines if line.strip()]
    for k in range(len(lines)):
        got = parse_label_lines([line for _, line in lines[k:]])
        if got and got[1] == len(lines) - k:
            clause, _ = got
            first_off = lines[k][0]
            _anchor(clause, text[start:end], first_off - start)
            return first_off - start, end - start, clause
    own = text[start:end]
    tail = _INLINE_LABEL.search(own)
    if tail:  # '…确保水质稳定达标。主办单位:市水务局、环保局。' closing the paragraph
        pieces = [p.strip() for p in _LABEL_AT.split(own[tail.start() :]) if p.strip()]
        got = parse_label_lines(pieces)
        if got and got[1] == len(pieces):
            clause, _ = got
            _anchor(clause, own, tail.start())
            return tail.start(), len(own), clause
    found = find_clause(own)
    if found:
        cs, ce, body = found
        clause = parse_clause(body)
        for u in clause.units:
            u.start += cs + 1
            u.end += cs + 1
        _add_line_clauses(clause, text, item, start, cs)
        _add_sentence_clauses(clause, own[:cs])
        return cs, ce, clause
    inner = _sentence_clauses(own)
    if inner:
        return inner
    closing = _closing_sentence(own)
    if closing:
        cs, clause = closing
        for u in clause.units:
            u.start += cs
            u.end += cs
        return cs, len(own), clause
    if lines:
        opening = _opening_sentence(lines[0][1])
        if opening:
            os_, oe, clause = opening
            base = lines[0][0] - start
            for u in clause.units:
                u.start += base + os_
                u.end += base + os_
            return base + os_, base + oe, clause
    return spaced_row_clause(own)


_OFFICIAL = phrase_alternation("role_rules.csv", "official")
_HEADING_LEAD = phrase_alternation("role_rules.csv", "heading_lead")  # (一)省监察厅牵头的工作


def _heading_lead(text: str, path: list[Item]) -> list[UnitMention]:
    """The lead a heading over the task names ("(一)省审计厅牵头的工作"), nearest heading first.

    A heading naming an official (孟学农省长负责的工作) names no unit and is passed over.
    """
    for head in reversed(path):
        m = _HEADING_LEAD.match(head.heading.strip())
        if not m:
            continue
        at = text.find(head.heading.strip(), head.line_start) + m.start("units")
        names = split_units(m.group("units"))
        if names and all(is_unit_name(n) for _, n in names):
            why = "the heading over the task names its lead"
            return [UnitMention(n, "lead", at + o, at + o + len(n), why) for o, n in names]
    return []  # 由X副市长负责: an official, no unit


def _opening_sentence(line: str) -> tuple[int, int, Clause] | None:
    """Who does it, said first under a task's heading: '由X副市长负责，市发改委牵头，相关部门配合，…'.

    The leading comma segments that name an official or list units with a role verb; the
    official is no unit. At least one segment must name units.
    """
    segs = _split_commas(line)
    at, end = None, None
    for off, seg in segs:
        text = seg.strip()
        if _OFFICIAL.match(text):
            continue
        if not _is_role_segment(text):
            break
        lead = len(seg) - len(seg.lstrip())
        at = off + lead if at is None else at
        end = off + len(seg)
    if at is None or end is None:
        return None
    return at, end, parse_clause(line[at:end])


_RECORD_LABEL = re.compile(
    r"^\s*(?:具体任务|工作任务|重点任务|任务内容|主要任务|工作内容)\s*[:：]?\s*(?P<body>.*)$"
)


# A field label of the record with neither colon nor line break after it, as a page copied
# without its line breaks runs the record together: 具体任务…。责任单位A、B配合单位C完成时限…
# (the run_field rows of ontology/layout.csv).
_RUN_FIELD = phrase_alternation("layout.csv", "run_field")
_SENTENCE_END = re.compile(r"[。;；!！]")


def _run_fields(at: int, body: str) -> tuple[str, list[tuple[int, str]]]:
    """A record's body with its fields run in after it: the task's own text, and each field's
    label and value as lines of their own (the first label follows the end of a sentence)."""
    first = next((m for m in _RUN_FIELD.finditer(body) if _SENTENCE_END.match(body, m.start() - 1)), None)
    if first is None or first.start() == 0:
        return body, []
    cuts = [m for m in _RUN_FIELD.finditer(body, first.start())]
    lines: list[tuple[int, str]] = []
    for k, m in enumerate(cuts):
        end = cuts[k + 1].start() if k + 1 < len(cuts) else len(body)
        lines.append((at + m.start(), m[0]))
        if body[m.end() : end].strip():
            lines.append((at + m.end(), body[m.end() : end]))
    return body[: first.start()], lines


def _record_task(text: str) -> list[Task]:
    """One task set out as a record of labelled fields, as a page of a task register shows it.

    具体任务 / the task / 责任单位 / its units / 完成时限 / the deadline: a page that is one row
    of a task table, each label on its own line (or with its value after a colon).
    """
    lines = [(off, line) for off, line in text_lines(text) if line.strip()]
    for k, (at, line) in enumerate(lines):
        m = _RECORD_LABEL.match(line)
        if m is None:
            continue
        if m["body"]:
            start, body, rest = at + m.start("body"), m["body"], lines[k + 1 :]
            if not rest:
                body, rest = _run_fields(start, body)
        elif k + 1 < len(lines):
            start, body, rest = lines[k + 1][0], lines[k + 1][1], lines[k + 2 :]
        else:
            return []
        got = parse_label_lines([line for _, line in rest])
        if got is None:
            return []
        clause, used = got
        end = rest[used - 1][0] + len(rest[used - 1][1])
        _anchor(clause, text, start)
        title = re.split(r"[，,。；;]", body.strip(), maxsplit=1)[0]
        task = Task("1", "", title, text[start:end], start, end)
        task.deadline = clause.deadline
        task.units = [UnitMention(u.name, u.role, u.start, u.end, u.rule) for u in clause.units]
        task.clause = (rest[0][0], end)
        task.targets = find_targets(text[start:end], start)
        return [task]
    return []


def _first_listed_leads(task: Task, rule: str) -> None:
    """The document's precedence rule (排在第一位的为牵头单位) over 分别负责's each-leads.

    Where a document says the first-listed unit leads and does not itself read 分别负责 as
    "each leads its part", the units listed before 分别负责 follow the document's rule.
    """
    led = any(u.role == "lead" and u.rule != EACH_LEAD_RULE for u in task.units)
    for u in task.units:
        if u.rule != EACH_LEAD_RULE:
            continue
        if led:
            u.role, u.rule = "co", f"{rule}: listed after the lead"
        else:
            u.rule, led = f"{rule}: first-listed leads", True


def _drop_cover_items(items: list[Item], task_idx: list[int], found: dict) -> list[int]:
    """Without the annex's: the numbered requirements of a cover notice issuing it.

    A notice that issues its task list as an annex (附件1 / 2025年…任务清单 / 1.…) numbers its
    own requirements first (一、责任到人,闭环管理。…); when the annex holds numbered items of
    its own, those before it outside any annex, none annotated, are the notice's, not tasks.
    """
    in_annex = [i for i in task_idx if items[i].path[0].annex]
    if not in_annex:
        return task_idx
    first = items[in_annex[0]].start
    cover = [i for i in task_idx if not items[i].path[0].annex and items[i].start < first]
    if any(i in found for i in cover):
        return task_idx
    return [i for i in task_idx if i not in cover]


def parse_document(doc: Document) -> Extraction:
    """Extract metadata, rules and tasks (with units and roles) from one document."""
    clean = clean_text(doc.raw_text, html=doc.format == "html")
    text = clean.text
    tables = find_task_tables(text)  # task tables are read by rows, not by the outline
    items, loose = parse_outline(mask_tables(text, tables), closes=lambda line: find_clause(line) is not None)
    loose = detach_after_tables(items, loose, tables)

    found: dict[int, tuple[int, int, Clause]] = {}
    spans: dict[int, tuple[int, int]] = {}
    for idx, item in enumerate(items):
        if item.rank <= 0:
            continue
        if not item.children:
            _drop_signature(item)
        start, end = _item_text(text, item)
        spans[idx] = (start, end)
        got = _find_item_clause(text, item, start, end)
        if got and (got[2].units or got[2].standing):
            found[idx] = got
    share_closing_labels(items, spans, found)
    annotated = bool(found) or any(t.units for table in tables for t in table.tasks)

    def top(item: Item) -> Item:
        return item.path[0]

    tops_with_clause = {id(top(items[i])) for i in found}
    task_idx: list[int] = []
    for idx, item in enumerate(items):
        if item.rank <= 0 or idx not in spans:
            continue
        if item.children and idx not in found:
            continue
        section_heads = " ".join(p.heading for p in item.path)
        if annotated:
            unannotated_top = id(top(item)) not in tops_with_clause and not _between_tasks(items, idx, found)
            if idx not in found and (unannotated_top or _list_heading(item)):
                continue
        elif _GENERAL_HEADING.search(section_heads) and not _under_task_section(item):
            continue
        task_idx.append(idx)
    task_idx = _drop_cover_items(items, task_idx, found)

    rules: list[str] = []
    tasks: list[Task] = []
    standing: list[tuple[str, list[tuple[int, str]], int]] = []  # scope, units, from task index
    seen_ids: set[str] = set()
    group_heads: dict[int, Item] = {}  # a task → the deadline heading over it
    deadline_heads: dict[int, bool] = {}  # a heading item → whether it states a deadline
    for idx in task_idx:
        item = items[idx]
        start, end = spans[idx]
        own = text[start:end]
        got = found.get(idx)
        clause_start = got[0] if got else None
        title = _title(
            item.heading,
            bool(item.lines),
            clause_start if clause_start is not None and clause_start < len(item.heading) else None,
        )
        path = item.path
        tid = "/".join(p.number if p.rank == 0 else p.marker for p in path)
        base, k = tid, 2
        while tid in seen_ids:
            tid, k = f"{base}#{k}", k + 1
        seen_ids.add(tid)
        section = path[0].heading if path[0].rank <= 1 else ""
        if path[0].annex and len(path) > 1 and path[1].rank == 0:
            section = path[1].heading
        task = Task(tid, section, title, own, start, end)
        head = next((h for h in reversed(path[:-1]) if _is_deadline_head(h, deadline_heads)), None)
        if head is not None:
            group_heads[id(task)] = head
        if got:
            cs, ce, clause = got
            task.clause = (start + cs, start + ce)
            task.deadline = clause.deadline
            for u in clause.units:
                task.units.append(UnitMention(u.name, u.role, start + u.start, start + u.end, u.rule))
            for r in clause.rules:
                if r not in rules:
                    rules.append(r)
            for scope, units in clause.standing:
                body_off = start + cs + 1
                standing.append((scope, [(body_off + o, n) for o, n in units], len(tasks)))
                if scope == "下同":  # "…均涉及X,下同": X is printed here and shares this task's work
                    listed = {u.name for u in task.units}
                    for o, n in units:
                        if n not in listed:
                            at = body_off + o
                            why = "standing rule (下同), printed here"
                            task.units.append(UnitMention(n, "co", at, at + len(n), why))
        if not any(u.role == "lead" for u in task.units):
            task.units[:0] = _heading_lead(text, path)
        task.targets = find_targets(own, start)
        tasks.append(task)

    # Notes outside tasks: "以上任务只列牵头部门" (retroactive), standing rules in loose lines.
    top_of_task = {id(t): top(items[i]) for t, i in zip(tasks, task_idx, strict=True)}
    # A heading's own lines (一、主要任务 / 以下任务均需…负责落实,不再列出) state forward notes.
    as_task = set(task_idx)
    heading_notes = {
        off: line for k, it in enumerate(items) if it.children and k not in as_task for off, line in it.lines
    }
    for off, line in sorted([*loose, *heading_notes.items()]):
        s = line.strip()
        if _RULE_LEAD_ONLY.search(s) and off not in heading_notes:
            rules.append(s)
            before = [t for t in tasks if t.end <= off]
            if before:
                scope_top = top_of_task[id(before[-1])]
                for t in before:
                    if top_of_task[id(t)] is scope_top:
                        for u in t.units:
                            if u.role != "implied":
                                u.role, u.rule = "lead", "以上任务只列牵头部门: listed units lead"
        found_rules = standing_rules(s)
        if found_rules:
            lead = off + len(line) - len(line.lstrip())
            rules.append(s)
            after = sum(1 for t in tasks if t.end <= off)
            for scope, units, _ in found_rules:
                standing.append((scope, [(lead + o, n) for o, n in units], after - 1))
        if _RULE_FIRST_LEAD.search(s) and s not in rules:
            rules.append(s)

    for scope, units, from_idx in standing:
        if scope == "以上":
            targets = tasks[: from_idx + 1]
        elif scope in ("以下", "下同"):
            targets = tasks[from_idx + 1 :]
        else:  # 除特别注明的外, or a rule of the whole document
            targets = tasks
        for t in targets:
            listed = {u.name for u in t.units}
            for o, n in units:
                if n not in listed:
                    t.units.append(UnitMention(n, "implied", o, o + len(n), f"standing rule ({scope})"))

    tasks = merge_table_tasks(tasks, tables, items, rules)
    if not tasks:
        tasks = _record_task(text)
    first_rule = next((r for r in rules if _RULE_FIRST_LEAD.search(r)), None)
    if first_rule is not None and not any(_RULE_EACH_LEAD.search(r) for r in rules):
        for t in tasks:
            _first_listed_leads(t, first_rule)
    if found and first_rule is None:
        rules.insert(0, CONVENTION)
    # The body starts at the first top-level item; a numbered line of site chrome before it
    # (a menu's "4. 支持IPv6…") must not hide the title and 文号 above the body.
    top_items = [it for it in items if it.rank <= 1] or items
    first_item = next((it.line_start for it in top_items), None)
    if tables and (first_item is None or tables[0].start < first_item):
        first_item = tables[0].start  # a table of tasks opens the body
    unit_names = [u.name for t in tasks for u in t.units]
    meta = parse_metadata(text, first_item, unit_names)
    doc_year = year_of(meta.title, meta.date)
    for task in tasks:
        _read_deadline(task, text, group_heads.get(id(task)), doc_year)
    return Extraction(doc, clean, meta, rules, tasks)


def _between_tasks(items: list[Item], idx: int, found: dict[int, tuple[int, int, Clause]]) -> bool:
    """Whether a leaf without a clause stands between two items of its list that have one:
    a task whose annotation was left out, not a part of the document that assigns nothing."""
    item = items[idx]
    if item.children:
        return False

    def sibling(step: int) -> int | None:
        k = idx + step
        while 0 <= k < len(items):
            other = items[k]
            if other.rank == item.rank and other.parent is item.parent:
                return k
            if other.rank < item.rank and other.rank > 0:
                return None  # the list ended
            k += step
        return None

    before, after = sibling(-1), sibling(1)
    if before in found and after in found:
        return True
    # Numbered on across sections (一、…1.… 二、…2.…): the item goes on from the last task of
    # the section before, so it is one of them although its annotation is not printed.
    prev = next((k for k in range(idx - 1, -1, -1) if items[k].rank == item.rank), None)
    return (
        prev in found
        and items[prev].parent is not item.parent
        and item.number.isdigit()
        and items[prev].number.isdigit()
        and int(item.number) == int(items[prev].number) + 1 > 1
    )


_SENTENCE_PUNCT = re.compile(r"[。,，;；:：!！?？、]")


def _list_heading(item: Item) -> bool:
    """Whether a leaf is the heading of a list the text does not give: a bare heading (no
    sentence, no words under it) among siblings that all head lists of their own, such as the
    last heading of an excerpt cut before its items ((一)主要指标 / 1. … then (二)重点项目)."""
    if item.lines or _SENTENCE_PUNCT.search(item.heading) or item.parent is None:
        return False
    siblings = [s for s in item.parent.children if s is not item and s.rank == item.rank]
    return bool(siblings) and all(s.children for s in siblings)


def _is_deadline_head(head: Item, seen: dict[int, bool]) -> bool:
    """Whether a heading gives its tasks a deadline; read once per heading, not per task under it."""
    if id(head) not in seen:
        seen[id(head)] = heading_deadline(head.heading, head.start, None) is not None
    return seen[id(head)]


def _read_deadline(task: Task, text: str, head: Item | None, doc_year: int | None) -> None:
    """The task's deadline: its own column, label or note first, then its words, then its heading.

    A month without a year is read in the year of the heading above, else of the document. A
    stated deadline that cannot be found in the text keeps no span rather than a made-up one.
    """
    year = year_of(head.heading if head else None) or doc_year
    got: Deadline | None
    if task.deadline:  # a column, label line or note said it
        if task.deadline_span is None:
            lo, hi = task.clause or (task.start, task.end)
            at = text.find(task.deadline, min(lo, task.start), max(hi, task.end) + len(task.deadline))
            task.deadline_span = (at, at + len(task.deadline)) if at >= 0 else None
        located = task.deadline_span is not None
        got = read_deadline(task.deadline, task.deadline_span[0] if located else 0, year)
        if got is None:
            return  # kept as written, not read as a time
        if located:
            task.deadline_span = (got.start, got.end)
        task.deadline = got.text
    else:
        got = find_in_text(text, task.start, task.end, year)
        if got is None and head is not None:
            got = heading_deadline(head.heading, head.start, year)
        if got is None:
            return
        task.deadline, task.deadline_span = got.text, (got.start, got.end)
    task.deadline_date, task.deadline_kind = got.date, got.kind
