"""Annotation and outline patterns of the genre: short synthetic texts, each in the wording
task-allocation documents use, read as a document file."""

from __future__ import annotations

from pathlib import Path

from policykg.loaders import read_document
from policykg.loaders.parse import parse_document


def extract(tmp_path: Path, text: str) -> dict:
    """The extraction of ``text`` saved as a document file."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(read_document(path)).to_json()


def test_a_note_in_square_brackets_keeps_its_sentences_together(tmp_path: Path) -> None:
    """〔A、B等按职责分工负责。责任单位:C、D。以下均需C、D落实,不再列出。〕: the 负责 list leads
    (first-listed), the 责任单位 after it are co, and the standing rule reaches later tasks."""
    text = (
        "某市节能工作方案\n"
        "(一)推进产业结构调整\n"
        "1.加强准入管理。严格落实产业政策要求。〔市生态环境局、发展改革委等按职责分工负责。"
        "责任单位:各县(市、区)人民政府、各开发园区管委。以下均需各县(市、区)人民政府、"
        "各开发园区管委落实,不再列出。〕\n"
        "2.遏制高耗能项目。严格项目审批。〔市发展改革委负责〕\n"
    )
    first, second = extract(tmp_path, text)["tasks"]
    assert first["lead"] == ["市生态环境局"]
    assert first["co"] == ["发展改革委", "各县(市、区)人民政府", "各开发园区管委"]
    assert second["lead"] == ["市发展改革委"]
    assert second["implied"] == ["各县(市、区)人民政府", "各开发园区管委"]
