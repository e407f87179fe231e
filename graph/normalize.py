"""Department identity: from a name as written to one canonical, typed unit.

A name is local and abbreviated: 市卫健委 in a Shijiazhuang document is 石家庄市卫生健康委员会,
区卫健局 in a Haicang document is 厦门市海沧区卫生健康局, and a bare 卫健局 in a list of
区… units inherits 区. The level prefix (省/市/区/县) picks the jurisdiction from the
document's own place in the gazetteer; the rest of the name (its core) is expanded with
the abbreviation table; the function type comes from the department-type scheme.
Collective units (各区〔市、县〕人民政府, 市直有关部门) become units of their own kind,
linked to the jurisdictions they cover where the gazetteer knows them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from policykg.ontology import ID, Place, abbreviations, department_types, gazetteer

from policykg.model import Jurisdiction

__all__ = ["Resolver", "Unit", "place_label", "unit_iri"]

_LEVEL_PREFIX = {"省": "province", "市": "city", "州": "city", "区": "district", "县": "county"}
_NOT_PREFIX = ("市场", "区域", "县域", "省级", "市级", "区级", "县级", "省直", "市直", "区直", "县直")
_COLLECTIVE = re.compile(r"^各|有关|相关|成员单位|各级|直属|^(?:省|市|区|县)直|其他|等部门$")
_BRACKET = re.compile(r"[(（〔\[]([^()（）〔〕\[\]]*)[)）〕\]]")
_ALIAS_TAIL = re.compile(r"^(?P<main>.+?)[(（〔\[【](?P<alias>[^()（）〔〕\[\]【】]+)[)）〕\]】]$")
_BRANCH = re.compile(r"^(?P<core>.+?局)(?P<place>[\u4e00-\u9fff]{2,4})分局$")
_YOUTH_LEAGUE = re.compile(r"^团(?P<level>[省市区县])委$")


@dataclass(frozen=True)
class Unit:
    """A resolved unit: a department or a collective unit."""

    iri: str
    kind: str  # "department" | "collective"
    label: str
    jurisdiction: Place | None
    type_key: str
    type_iri: str
    members: tuple[str, ...] = ()  # gazetteer codes a collective unit covers
    resolved: bool = True
    aliases: tuple[str, ...] = field(default=())


def unit_iri(label: str, place: Place | None) -> str:
    digest = hashlib.sha1(label.encode("utf-8")).hexdigest()[:12]
    return f"{ID}org/{place.code if place else 'x'}-{digest}"


def place_label(place: Place) -> str:
    """Qualified name: districts carry their city (厦门市海沧区), other levels their own name."""
    if place.level == "district" and place.parent:
        parent = gazetteer().by_code.get(place.parent)
        if parent is not None and parent.level == "city":
            return parent.name + place.name
    return place.name


def _ancestor(place: Place | None, level: str) -> Place | None:
    g = gazetteer()
    node = place
    while node is not None:
        if node.level == level or (level == "county" and node.level == "district"):
            return node
        if level == "district" and node.level == "county":
            return node
        node = g.by_code.get(node.parent) if node.parent else None
    return None


@lru_cache(maxsize=1 << 14)
def _type_of(label: str) -> tuple[str, str]:
    """(type key, type IRI) of a department label; memoised, as the same departments are
    named in document after document and every type's patterns are tried on each."""
    best = None
    for t in department_types():
        for p in t.patterns:
            m = p.search(label)
            if m:
                key = (t.priority, len(m.group(0)))
                if best is None or key > best[0]:
                    best = (key, t)
    if best is None:
        return "other", ""
    return best[1].key, best[1].iri


def _expand(core: str) -> str:
    table = abbreviations()
    if core in table:
        return table[core]
    # Longest abbreviated tail: 市委编办 → 委 + 编办 handled by the table's 委编办 row.
    for i in range(1, len(core) - 1):
        tail = core[i:]
        if tail in table:
            full = table[tail]
            if full.endswith(tail) and core[:i].endswith(full[: -len(tail)]):
                return core  # 人民政府 is already the full form of 政府
            return core[:i] + full
    return core


class Resolver:
    """Resolves the unit names of one document, in the order they are listed."""

    def __init__(self, jurisdiction: Jurisdiction | None) -> None:
        g = gazetteer()
        self.place = g.by_code.get(jurisdiction.code) if jurisdiction and jurisdiction.code else None
        self.aliases: dict[str, str] = {}
        self._cache: dict[tuple[str, str], Unit] = {}

    def register_alias(self, written: str) -> None:
        """'市文化和旅游局(市广播电视局)': the bracketed name is another label of the same unit."""
        m = _ALIAS_TAIL.match(written)
        if m and not _COLLECTIVE.search(written):
            from policykg.loaders.units import is_unit_name

            if is_unit_name(m.group("alias")):
                self.aliases[m.group("alias")] = m.group("main")

    def _prefix(self, name: str) -> tuple[str | None, str]:
        if (name[:1] in _LEVEL_PREFIX and not name.startswith(_NOT_PREFIX)) or name.startswith(
            ("市市场", "区区域")
        ):
            return name[:1], name[1:]
        return None, name

    def _named_place(self, name: str) -> tuple[Place | None, str, bool]:
        """A place named at the start of ``name``: (place, rest, written in full)."""
        g = gazetteer()
        for length in range(min(10, len(name) - 1), 1, -1):
            cands = g.lookup(name[:length])
            if not cands:
                continue
            best = self._closest(cands)
            full = name[:length] == best.name
            if not full and name[:1] in _LEVEL_PREFIX and not name.startswith(_NOT_PREFIX):
                # 市中医药管理局 is 市 + 中医药管理局, not a bureau of 市中区 written short.
                continue
            return best, name[length:], full
        return None, name, False

    def _closest(self, cands: list[Place]) -> Place:
        """Among places sharing a name, the one nearest the document's own place."""
        if self.place is None or len(cands) == 1:
            return cands[0]
        chain = set()
        node: Place | None = self.place
        g = gazetteer()
        while node is not None:
            chain.add(node.code)
            node = g.by_code.get(node.parent) if node.parent else None
        for c in cands:
            if c.code in chain or c.parent in chain:
                return c
        same_province = [c for c in cands if c.province == self.place.province]
        return (same_province or cands)[0]

    def resolve(self, written: str, prev_prefix: str | None = None) -> Unit:
        key = (written, prev_prefix or "")
        if key not in self._cache:
            unit = self._resolve(written, prev_prefix)
            m = _ALIAS_TAIL.match(written.strip())
            if unit.kind == "department" and m and m.group("alias") in self.aliases:
                # The bracketed name is a second label of the same department, qualified too.
                other = self._resolve(m.group("alias"), prev_prefix, use_aliases=False)
                unit = replace(unit, aliases=tuple(dict.fromkeys((m.group("alias"), other.label))))
            self._cache[key] = unit
        return self._cache[key]

    def prefix_of(self, written: str) -> str | None:
        return self._prefix(written)[0]

    def _resolve(self, written: str, prev_prefix: str | None, *, use_aliases: bool = True) -> Unit:
        name = written.strip()
        m = _ALIAS_TAIL.match(name)
        if m and not _COLLECTIVE.search(name) and m.group("alias") in self.aliases:
            name = m.group("main")
        if use_aliases and name in self.aliases:
            name = self.aliases[name]
        if _COLLECTIVE.search(name):
            return self._collective(name)
        youth = _YOUTH_LEAGUE.match(name)
        if youth:
            place = self._level_place(_LEVEL_PREFIX[youth.group("level")])
            label = f"共青团{place_label(place)}委员会" if place else name
            return self._department(label, place, written, place is not None)
        branch = _BRANCH.match(name)
        if branch:
            g = gazetteer()
            sub = [p for p in g.lookup(branch.group("place"))]
            if sub:
                district = self._closest(sub)
                city = g.by_code.get(district.parent) or district
                core = branch.group("core")
                for head in (city.name, city.name[:-1]):  # 贵阳市公安局… / 贵阳公安局… / 市公安局…
                    if len(core) > len(head) + 1 and core.startswith(head):
                        core = core[len(head) :]
                        break
                core = self._prefix(core)[1]
                label = f"{city.name}{_expand(core)}{branch.group('place')}分局"
                return self._department(label, city, written, True)
        place, rest, full = self._named_place(name)
        if place is not None and rest:
            core = _expand(rest)
            label = f"{place_label(place)}{core}" if full or core != rest else name
            if rest.startswith("委"):
                label = f"中共{place_label(place)}{core}"
            return self._department(label, place, written, True)
        prefix, core = self._prefix(name)
        if prefix is None and prev_prefix:
            prefix = prev_prefix
        place = self._level_place(_LEVEL_PREFIX[prefix]) if prefix else self.place
        core_full = _expand(core)
        if place is None:
            return self._department(name, None, written, False)
        if core.startswith("委") and prefix:
            label = f"中共{place_label(place)}{core_full}"
        else:
            label = f"{place_label(place)}{core_full}"
        return self._department(label, place, written, True)

    def _level_place(self, level: str) -> Place | None:
        if self.place is None:
            return None
        found = _ancestor(self.place, level)
        return found or self.place

    def _department(self, label: str, place: Place | None, written: str, located: bool) -> Unit:
        type_key, type_iri = _type_of(label)
        return Unit(
            unit_iri(label, place),
            "department",
            label,
            place,
            type_key,
            type_iri,
            resolved=located and type_key != "other",
        )

    def _collective(self, name: str) -> Unit:
        """各区〔市、县〕人民政府 in Guiyang: the governments of Guiyang's districts and counties."""
        written = _BRACKET.sub(lambda m: "(" + m.group(1) + ")", name)
        if name[:1] in _LEVEL_PREFIX:
            base = self._level_place(_LEVEL_PREFIX[name[:1]])
            rest = written[1:]
        else:
            base, rest = self.place, written
        label = f"{place_label(base)}{rest}" if base is not None else written
        members: tuple[str, ...] = ()
        m = re.match(r"^各(?P<level>[市州区县乡镇])", name)
        if m and base is not None:
            members = self._members(base, m.group("level"))
        type_key, type_iri = _type_of(label)
        return Unit(
            unit_iri(label, base),
            "collective",
            label,
            base,
            type_key,
            type_iri,
            members=members,
            resolved=base is not None and type_key != "other",
        )

    def _members(self, base: Place, level_char: str) -> tuple[str, ...]:
        g = gazetteer()
        children = g.children.get(base.code, [])
        if level_char in "市州" and base.level == "province":
            return tuple(sorted(p.code for p in children if p.level == "city"))
        if level_char in "区县":
            out = []
            for c in children:
                if c.level in ("district", "county"):
                    out.append(c.code)
                elif c.level == "city":
                    out.extend(
                        p.code for p in g.children.get(c.code, []) if p.level in ("district", "county")
                    )
            return tuple(sorted(out))
        return ()
