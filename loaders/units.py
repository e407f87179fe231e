"""Splitting a written list of units into names: brackets, shared suffixes, trailing 等.

Lists are split on 、 , ; and on 和/及/与 between two complete names, never inside
brackets (各县(市、区)政府 stays one name, so does 市文化和旅游局(市广播电视局)).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from policykg.ontology import gazetteer, phrase_alternation, read_csv

__all__ = ["is_unit_name", "split_units", "strip_etc"]

_OPEN, _CLOSE = "(〔[【（", ")〕]】）"
_SEPARATORS = "、,;，；"
_CONJUNCTIONS = ("和", "及", "与", "以及")
_ETC = re.compile(r"等(?:[省市区县]直)?(?:相关|有关|其他|其它)?(?:部门|单位|机构)?$")
_BRACKET_TAIL = re.compile(r"[(〔\[【（][^()〔〕\[\]【】（）]*[)〕\]】）]$")
_NOT_NAME = re.compile(
    r"\d|年底|年内|年前|月底|以前|之前|完成|持续|长期|每年|出台|起草|工作$|负责|牵头|配合|参与|落实|要求|的$"
)


@cache
def _suffixes() -> tuple[str, ...]:
    rows = read_csv("unit_suffixes.csv")
    return tuple(sorted((r["suffix"] for r in rows if not r.get("after")), key=len, reverse=True))


@cache
def _bound_suffixes() -> dict[str, str]:
    """Endings that name a unit only after some words: a county office's 股 (乡村产业发展股,
    财务股) is no share (入股, 控股); ``after`` lists the characters that may stand before it."""
    return {r["suffix"]: r["after"] for r in read_csv("unit_suffixes.csv") if r.get("after")}


@cache
def _county_names() -> frozenset[str]:
    """Full names of districts and counties (岳麓区, 望城区): named in a list of units, each
    stands for its government."""
    return frozenset(
        p.name for p in gazetteer().by_code.values() if p.level in ("district", "county") and len(p.name) >= 3
    )


@cache
def _collective() -> re.Pattern[str]:
    """Collective units no ending names (各地, 各区县市), from ontology/collective_units.csv."""
    return phrase_alternation("collective_units.csv", "collective")


def strip_etc(name: str) -> str:
    """Drop a trailing 等/等部门 ('and others'), which names no unit of its own."""
    return _ETC.sub("", name).strip()


@lru_cache(maxsize=1 << 16)
def is_unit_name(name: str) -> bool:
    """Whether a fragment reads as the name of an organisation (by its ending).

    Memoised: the same fragments are asked about again and again (every clause is read to
    find it and again to use it, and every 和/及 split tries both sides).
    """
    core = _BRACKET_TAIL.sub("", name) if not name.endswith(("单位)", "部门)")) else name
    if not (2 <= len(core) <= 30) or _NOT_NAME.search(core):
        return False
    if core.endswith(_suffixes()) or core in _county_names() or _collective().match(core):
        return True
    return any(
        core.endswith(suffix) and len(core) > len(suffix) + 1 and core[-len(suffix) - 1] in after
        for suffix, after in _bound_suffixes().items()
    )


# 各县、市、区政府: administrative levels listed before one shared 政府 name a single unit.
_LEVEL_LIST = re.compile(r"各[县市区旗州盟乡镇](?:、[县市区旗州盟乡镇]){1,4}(?:人民)?政府")


def _protect_levels(text: str) -> str:
    """``text`` with the 、 inside a list of administrative levels masked (same length)."""
    if "、" not in text or "各" not in text:
        return text
    return _LEVEL_LIST.sub(lambda m: m.group().replace("、", "\x00"), text)


@cache
def _structure(seps: str) -> re.Pattern[str]:
    """The characters that matter when splitting on ``seps``: brackets and the separators."""
    return re.compile(f"[{re.escape(_OPEN + _CLOSE + seps)}]")


def split_top(text: str, seps: str) -> list[tuple[int, str]]:
    """Split on separators outside brackets, returning ``(offset, piece)`` pairs.

    Only brackets and separators change the state, so only they are visited: the other
    characters are skipped by the pattern scan rather than looked at one by one.
    """
    out: list[tuple[int, str]] = []
    depth = 0
    start = 0
    for m in _structure(seps).finditer(text):
        ch = m.group()
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            i = m.start()
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


def _split_conjunction(offset: int, piece: str) -> list[tuple[int, str]]:
    """Split 'A和B' only when both sides are complete unit names."""
    for conj in _CONJUNCTIONS:
        pos = piece.find(conj)
        while pos > 0:
            left, right = piece[:pos], piece[pos + len(conj) :]
            if is_unit_name(left) and is_unit_name(strip_etc(right)):
                return [
                    (offset, left),
                    *_split_conjunction(offset + pos + len(conj), _share_scope(left, right)),
                ]
            pos = piece.find(conj, pos + 1)
    return [(offset, piece)]


def _share_scope(left: str, right: str) -> str:
    """A bare head after 和 shares the scope of the name before it: 各州(市)党委和政府 gives
    各州(市)党委 and 各州(市)政府 (the scope is what precedes the left name's head, up to its
    bracket); a right name with a place or a scope of its own is left as it is.

    >>> _share_scope("各州(市)党委", "政府")
    '各州(市)政府'
    """
    m = _HEAD_AFTER_BRACKET.search(left)
    if m is None or not left.startswith("各") or right.startswith("各") or _place_prefix(right):
        return right
    if any(c in right for c in _OPEN) or right[:1] in "省市区县州旗盟乡镇村":
        return right  # a bracket anywhere in it (its start included) gives it a scope of its own
    return left[: m.start(1)] + right


def split_units(text: str) -> list[tuple[int, str]]:
    """Unit names in a written list, each with its offset inside ``text``.

    Coordinated modifiers share the head of the last name: 各市〔州〕、县〔市、区〕人民政府 gives
    各市〔州〕人民政府 and 各县〔市、区〕人民政府.
    """
    return list(_split_units(text))


def _place_prefix(name: str) -> int:
    """Length of the longest place name opening ``name`` (临夏州发展改革部门 → 3), or 0."""
    g = gazetteer()
    for n in g.lengths.get(name[:1], ()):
        if n < len(name) and g.lookup(name[:n]):
            return n
    return 0


def _share_place_head(pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Places listed before one unit name share its head: 海东市、兰州市、临夏州发展改革部门 gives
    海东市发展改革部门, 兰州市发展改革部门 and 临夏州发展改革部门."""
    if len(pieces) < 2 or not all(gazetteer().lookup(p) for _, p in pieces[:-1]):
        return pieces
    last = pieces[-1][1]
    cut = _place_prefix(last)
    head = last[cut:]
    if not cut or gazetteer().lookup(head) or not is_unit_name(head) or head[:1] in "省市区县州旗盟":
        return pieces
    return [(o, p + head) for o, p in pieces[:-1]] + [pieces[-1]]


_HEAD_AFTER_BRACKET = re.compile(r"[)〕\]】）]([^()〔〕\[\]【】（）]+)$")


@lru_cache(maxsize=1 << 14)
def _split_units(text: str) -> tuple[tuple[int, str], ...]:
    """:func:`split_units`, memoised by text: a clause's list is split to find the clause,
    again to read it, and once more to check its names."""
    pieces: list[tuple[int, str]] = []
    for off, piece in split_top(_protect_levels(text), _SEPARATORS):
        piece = text[off : off + len(piece)]
        lead = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            pieces.extend(_split_conjunction(off + lead, piece))
    pieces = [(o, strip_etc(p)) for o, p in pieces]
    pieces = _share_place_head([(o, p) for o, p in pieces if p])
    # Distribute a shared head over bracketed modifiers that lack one.
    out: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    for off, name in pieces:
        if not is_unit_name(name) and name.endswith(tuple(_CLOSE)):
            pending.append((off, name))
            continue
        if pending:
            m = _HEAD_AFTER_BRACKET.search(name)
            head = m.group(1) if m else ""
            if (head and is_unit_name(head)) or head in ("人民政府", "政府"):
                prefix = "各" if pending[0][1].startswith("各") else ""
                for poff, pname in pending:
                    out.append((poff, pname + head))
                if prefix and not name.startswith(prefix):
                    name = prefix + name
            else:
                out.extend(pending)
            pending = []
        out.append((off, name))
    out.extend(pending)
    return tuple(out)
