"""End to end: corpus files → Extraction, compared with the hand-checked gold annotations."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from policykg.model import Extraction
from policykg.pipeline import extract_file

ROLE_KEYS = ("lead", "co", "participants", "implied")


def norm(s: str | None) -> str:
    """Text without punctuation or spaces, for comparing titles."""
    return re.sub(r"[\W_]+", "", s or "")


def signature(ext: Extraction) -> list[tuple]:
    return [
        (t.id, t.section, t.title, t.deadline, [(u.name, u.role) for u in t.units], len(t.targets))
        for t in ext.tasks
    ]


@pytest.fixture(scope="module")
def extracted():
    cache: dict[Path, Extraction] = {}

    def get(path: Path) -> Extraction:
        if path not in cache:
            cache[path] = extract_file(path)
        return cache[path]

    return get


def by_prefix(corpus_dir: Path, prefix: str) -> Path:
    (path,) = corpus_dir.glob(f"{prefix}_*.txt")
    return path


# --- gold comparison ------------------------------------------------------------------------------


def test_metadata_matches_gold(corpus_file: Path, extracted, gold) -> None:
    want = gold(corpus_file)["document"]
    meta = extracted(corpus_file).meta
    assert meta.title == want["title"]
    assert meta.date == want["date"]
    assert meta.doc_number == want["doc_number"]
    got_j = meta.jurisdiction
    assert got_j is not None
    assert {"name": got_j.name, "level": got_j.level, "province": got_j.province} == want["jurisdiction"]


def test_task_count_matches_gold(corpus_file: Path, extracted, gold) -> None:
    assert len(extracted(corpus_file).tasks) == len(gold(corpus_file)["tasks"])


def test_titles_and_sections_match_gold(corpus_file: Path, extracted, gold) -> None:
    got = extracted(corpus_file).to_json()["tasks"]
    want = gold(corpus_file)["tasks"]
    assert [norm(t["title"]) for t in got] == [norm(t["title"]) for t in want]
    assert [t["section"] for t in got] == [t["section"] for t in want]
    # Ids differ in how much of the outline path they print; the task's own number must agree.
    assert [t["id"].split("/")[-1] for t in got] == [t["id"].split("/")[-1] for t in want]


@pytest.mark.parametrize("role", ROLE_KEYS)
def test_unit_roles_match_gold(corpus_file: Path, role: str, extracted, gold) -> None:
    got = extracted(corpus_file).to_json()["tasks"]
    want = gold(corpus_file)["tasks"]
    assert len(got) == len(want)
    diffs = [(w["id"], g[role], w[role]) for g, w in zip(got, want, strict=True) if g[role] != w[role]]
    assert diffs == []


def test_to_json_is_serialisable_and_spans_point_at_the_task(corpus_file: Path, extracted) -> None:
    ext = extracted(corpus_file)
    js = json.loads(json.dumps(ext.to_json(), ensure_ascii=False))
    assert js["file"] == corpus_file.name
    assert js["encoding"] == "utf-8"
    assert len(js["sha256"]) == 64
    raw = ext.document.raw_text
    for task in js["tasks"]:
        assert set(ROLE_KEYS) <= set(task)
        s, e = task["span"]
        assert 0 <= s < e <= len(raw)
        if not corpus_file.name.startswith("002"):  # 002's raw text is Traditional
            assert norm(raw[s:e]).startswith(norm(task["title"])[:10]), task["id"]


def test_unit_spans_in_cleaned_text(corpus_file: Path, extracted) -> None:
    ext = extracted(corpus_file)
    for task in ext.tasks:
        assert task.start <= task.end
        assert ext.clean.text[task.start : task.end] == task.text
        for u in task.units:
            if u.role != "implied":
                assert task.start <= u.start < u.end <= task.end, (task.id, u)


# --- document-specific rules ----------------------------------------------------------------------


def test_001_rules(corpus_dir: Path, extracted) -> None:
    ext = extracted(by_prefix(corpus_dir, "001"))
    assert "排在第一位的为牵头部门" in ext.rules
    assert "分别负责为各部门按职责分别牵头" in ext.rules
    assert any(r.startswith("以上任务只列牵头部门") for r in ext.rules)
    first = ext.tasks[0]
    assert [(u.name, u.role) for u in first.units] == [("市卫健委", "lead"), ("市委编办", "co")]
    annex = [t for t in ext.tasks if t.section == "计划研究制定的文件"]
    assert len(annex) == 8
    assert all(u.role == "lead" and u.rule.startswith("以上任务只列牵头部门") for t in annex for u in t.units)
    assert all(t.deadline == "省政策文件出台后1个月内完成起草工作" for t in annex)


def test_001_retroactive_lead_only_rule_makes_annex_units_lead(corpus_dir: Path, tmp_path: Path) -> None:
    """With two units on an annex task, 以上任务只列牵头部门 makes both lead (not lead + co)."""
    raw = by_prefix(corpus_dir, "001").read_text(encoding="utf-8")
    old = "1.制定改革完善全市疾病预防控制体系的政策文件。(市卫健委负责,"
    assert old in raw
    path = tmp_path / "001_two_units.txt"
    path.write_text(raw.replace(old, old.replace("市卫健委负责", "市卫健委、市医保局负责")), encoding="utf-8")
    ext = extract_file(path)
    annex1 = next(t for t in ext.tasks if t.section == "计划研究制定的文件")
    assert [(u.name, u.role) for u in annex1.units] == [("市卫健委", "lead"), ("市医保局", "lead")]
    # The note is retroactive only within the annex: the body's first task keeps its co unit.
    assert [(u.name, u.role) for u in ext.tasks[0].units] == [("市卫健委", "lead"), ("市委编办", "co")]


def test_001_without_the_note_annex_second_unit_is_co(corpus_dir: Path, tmp_path: Path) -> None:
    raw = by_prefix(corpus_dir, "001").read_text(encoding="utf-8")
    old = "1.制定改革完善全市疾病预防控制体系的政策文件。(市卫健委负责,"
    raw = raw.replace(old, old.replace("市卫健委负责", "市卫健委、市医保局负责"))
    raw = raw.replace("以上任务只列牵头部门,不列参与部门。", "")
    path = tmp_path / "001_no_note.txt"
    path.write_text(raw, encoding="utf-8")
    annex1 = next(t for t in extract_file(path).tasks if t.section == "计划研究制定的文件")
    assert [(u.name, u.role) for u in annex1.units] == [("市卫健委", "lead"), ("市医保局", "co")]


GOV = ["各市〔州〕人民政府", "各县〔市、区、特区〕人民政府"]


def test_002_standing_rule(corpus_dir: Path, extracted) -> None:
    ext = extracted(by_prefix(corpus_dir, "002"))
    assert len(ext.tasks) == 18
    first, rest = ext.tasks[0], ext.tasks[1:]
    assert first.id.endswith("(一)")
    assert first.names("co")[-2:] == GOV and first.names("implied") == []
    assert first.names("lead") == ["省卫生健康委"]
    for task in rest:
        assert task.names("implied") == GOV, task.id
        assert not set(GOV) & set(task.names("co") + task.names("lead")), task.id
        assert all(u.rule.startswith("standing rule") for u in task.units if u.role == "implied")
    assert rest[-1].id.endswith("(十八)")
    assert any(r.startswith("以下均需") for r in ext.rules)


def test_003_labelled_lead(corpus_dir: Path, extracted) -> None:
    ext = extracted(by_prefix(corpus_dir, "003"))
    first = ext.tasks[0]
    assert first.section == "具体任务"
    assert first.names("lead") == ["区卫健局"]
    assert first.names("co") == ["区医改领导小组成员单位", "区直各相关单位"]


def test_004_has_tasks_without_units(corpus_dir: Path, extracted) -> None:
    ext = extracted(by_prefix(corpus_dir, "004"))
    assert len(ext.tasks) == 32
    assert all(t.units == [] for t in ext.tasks)
    assert ext.rules == []  # no annotation, so not even the first-listed-lead convention


def test_annotated_documents_state_a_lead_rule(corpus_dir: Path, extracted) -> None:
    for prefix in ("000", "002", "003"):
        rules = extracted(by_prefix(corpus_dir, prefix)).rules
        assert rules[0].startswith("first-listed unit is lead"), prefix


# --- the same document in other encodings and layouts ---------------------------------------------


@pytest.mark.parametrize(
    ("codec", "recorded"),
    [("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8")],
    ids=["gb18030", "utf-16-bom", "utf-8-bom"],
)
def test_reencoded_document_gives_the_same_tasks(
    corpus_file: Path, codec: str, recorded: str, tmp_path: Path, extracted
) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    path = tmp_path / corpus_file.name
    path.write_bytes(text.encode(codec))
    ext = extract_file(path)
    assert ext.document.encoding == recorded
    assert signature(ext) == signature(extracted(corpus_file))
    assert ext.meta.title == extracted(corpus_file).meta.title


def test_crlf_document_gives_the_same_tasks(corpus_file: Path, tmp_path: Path, extracted) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    path = tmp_path / corpus_file.name
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert signature(extract_file(path)) == signature(extracted(corpus_file))


def _full_width_numbering(text: str) -> str:
    text = re.sub(
        r"(?m)^(\s*)(\d{1,2})\.",
        lambda m: m.group(1) + "".join(chr(0xFF10 + int(d)) for d in m.group(2)) + "．",
        text,
    )
    return re.sub(r"(?m)^(\s*)\(([一二三四五六七八九十]{1,3})\)", r"\1（\2）", text)


def test_full_width_numbering_gives_the_same_tasks(corpus_file: Path, tmp_path: Path, extracted) -> None:
    text = corpus_file.read_text(encoding="utf-8")
    changed = _full_width_numbering(text)
    assert "．" in changed or "（" in changed
    path = tmp_path / corpus_file.name
    path.write_text(changed, encoding="utf-8")
    ext = extract_file(path)
    base = extracted(corpus_file)
    assert len(ext.tasks) == len(base.tasks)
    assert [[(u.name, u.role) for u in t.units] for t in ext.tasks] == [
        [(u.name, u.role) for u in t.units] for t in base.tasks
    ]
