"""Property tests: cleaning, clause parsing and file reading never fail on arbitrary input."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policykg.loaders import read_document
from policykg.loaders.clean import clean_text
from policykg.loaders.roles import find_clause, parse_clause
from policykg.loaders.units import split_units

from policykg.errors import InputError
from policykg.model import Document

FAST = settings(max_examples=150, deadline=None, database=None)

FRAGMENTS = [
    "縣(xiàn)",
    "區(qū)",
    "（qū）",
    "?qū)",
    "??h級",
    "縣級",
    "????",
    "?",
    "(市、區、特區)",
    "(PICU)",
    "(2022—2030年)",
    "<p>",
    "</p>",
    "<br/>",
    '<div class="nav">',
    "</div>",
    "<script>var a=1;</script>",
    "<!-- x -->",
    "&nbsp;",
    "&amp;",
    "&#x4e00;",
    "一、",
    "(一)",
    "（二）",
    "1.",
    "１．",
    "①",
    "附件1:",
    "(责任单位:",
    "牵头单位:",
    "负责)",
    "牵头,",
    "市卫健委",
    "、",
    "，",
    "：",
    "；",
    "。",
    "\n",
    "\r\n",
    "\r",
    "\u3000",
    " ",
    "当前位置: 首页 >> ",
    "冀ICP备20013865号",
    "a\u0301",
    "\u0300",
]
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(CJK, min_size=1, max_size=6),
    st.text(min_size=1, max_size=4),
)
DIRTY = st.lists(PIECES, max_size=40).map("".join)
SIMPLIFIED_CHARS = "各县市区人民政府卫生健康委员会加强推进建设医疗服务体系改革完善机制"


def _check_offsets(raw: str, clean) -> None:
    offs = clean.offsets
    assert len(offs) == len(clean.text) + 1
    assert all(0 <= o <= len(raw) for o in offs)
    assert all(a <= b for a, b in itertools.pairwise(offs))


@FAST
@given(DIRTY)
def test_clean_text_never_raises_and_offsets_are_sane(raw: str) -> None:
    for html in (None, True, False):
        _check_offsets(raw, clean_text(raw, html=html))


@settings(max_examples=100, deadline=None, database=None)
@given(st.text(max_size=200))
def test_clean_text_on_any_unicode(raw: str) -> None:
    _check_offsets(raw, clean_text(raw))


# Derandomised: the known counterexamples below are pinned as explicit tests instead of
# turning up at random and making the suite flaky.
@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(DIRTY)
def test_cleaning_is_idempotent(raw: str) -> None:
    once = clean_text(raw).text
    assert clean_text(once).text == once


@pytest.mark.parametrize("raw", ["乾縣(xiàn)人民政府", "薴"])
def test_cleaning_is_idempotent_on_opencc_chains(raw: str) -> None:
    once = clean_text(raw).text
    assert clean_text(once).text == once


def test_cleaning_is_idempotent_on_question_mark_before_full_width_semicolon() -> None:
    once = clean_text("市卫健委?；市医保局").text
    assert clean_text(once).text == once


@FAST
@given(
    st.text(
        st.sampled_from("各县市区人民政府卫生健康委员会加强推进建设医疗服务体系改革完善机制"), max_size=60
    )
)
def test_plain_simplified_line_loses_no_character(line: str) -> None:
    assert clean_text(line).text == line


@FAST
@given(DIRTY)
def test_clause_parsing_never_raises(text: str) -> None:
    clause = parse_clause(text)
    for u in clause.units:
        assert u.role in ("lead", "co", "participant", "implied")
        assert 0 <= u.start <= len(text)
    found = find_clause(text)
    if found is not None:
        start, end, body = found
        assert 0 <= start < end <= len(text)
        assert body in text[start:end]
    for off, name in split_units(text):
        assert 0 <= off <= len(text) and name


_counter = itertools.count()


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=600),
        DIRTY.map(str.encode),
        st.tuples(st.sampled_from(["utf-16", "gb18030", "utf-8-sig"]), DIRTY).map(
            lambda t: t[1].encode(t[0], "replace")
        ),
    ),
    suffix=st.sampled_from([".txt", ".html", ".htm", ".md", "", ".pdf", ".docx"]),
)
def test_read_document_raises_only_input_error(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.getbasetemp() / f"fuzz{next(_counter)}{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path)
    except InputError as exc:  # SkipFile is a subclass
        assert exc.reason and str(path) in str(exc)
        return
    finally:
        path.unlink()
    assert isinstance(doc, Document)
    assert doc.raw_text.strip()
    assert doc.size == len(data)
    assert doc.format in ("text", "html")
