"""Bytes to text: BOMs, UTF-16, UTF-8, GB18030/GBK and binary detection."""

from __future__ import annotations

import codecs
import struct
from pathlib import Path

import pytest
from policykg.loaders.decode import decode_bytes, looks_binary

from policykg.errors import InputError

# Copied from examples/corpus/001 (Simplified) and 002 (Traditional, pinyin removed).
SIMPLIFIED = (
    "各县(市、区)人民政府,高新区、循环化工园区和综合保税区管委会,市政府有关部门:\n"
    "一、坚持以人民健康为中心,努力提升疾病防控和公共卫生应急能力\n"
    "(一)改革完善疾病预防控制体系。完善传染病直报和预警系统,改进不明原因疾病和异常健康事件监测机制\n"
)
TRADITIONAL = "各市、自治州人民政府,各縣(市、區、特區)人民政府,省政府各部門、各直屬機構:\n"


def test_snippets_are_from_the_corpus(corpus_text) -> None:
    for line in SIMPLIFIED.splitlines():
        assert line in corpus_text("001")
    assert "各縣(市、區(qū)、特區(qū))人民政府,省政府各部門(mén)" in corpus_text("002")


def test_utf8() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-8")) == (SIMPLIFIED, "utf-8")


def test_utf8_bom_is_removed() -> None:
    text, enc = decode_bytes(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"))
    assert (text, enc) == (SIMPLIFIED, "utf-8")
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
    ids=["utf-16-le", "utf-16-be"],
)
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL], ids=["simplified", "traditional"])
def test_utf16_with_bom(bom: bytes, codec: str, text: str) -> None:
    assert decode_bytes(bom + text.encode(codec)) == (text, "utf-16")


def test_utf32_with_bom() -> None:
    assert decode_bytes(SIMPLIFIED.encode("utf-32")) == (SIMPLIFIED, "utf-32")


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_simplified(codec: str) -> None:
    data = SIMPLIFIED.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test is only meaningful if UTF-8 cannot explain the bytes
    assert decode_bytes(data) == (SIMPLIFIED, "gb18030")


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb_family_traditional(codec: str) -> None:
    assert decode_bytes(TRADITIONAL.encode(codec)) == (TRADITIONAL, "gb18030")


def test_mostly_ascii_gbk_page_is_not_latin1() -> None:
    page = '<html><head><meta charset="gbk"><title>x</title></head>\n' + "<p>" + "a" * 2000 + "</p>\n"
    page += "<p>石家庄市人民政府办公室</p></html>\n"
    text, enc = decode_bytes(page.encode("gbk"))
    assert enc == "gb18030"
    assert "石家庄市人民政府办公室" in text


def test_whole_corpus_file_round_trips(corpus_file: Path) -> None:
    original = corpus_file.read_text(encoding="utf-8")
    for codec, expected in (("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8")):
        assert decode_bytes(original.encode(codec)) == (original, expected), codec


def test_bomless_utf16_ascii_text() -> None:
    text = "Notice on health reform tasks\nDepartment of Health\n"
    assert decode_bytes(text.encode("utf-16-le")) == (text, "utf-16")
    assert decode_bytes(text.encode("utf-16-be")) == (text, "utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_chinese_text(codec: str) -> None:
    assert decode_bytes(SIMPLIFIED.encode(codec)) == (SIMPLIFIED, "utf-16")


BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00",
    "zip": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00",
    "controls": bytes(range(1, 9)) * 64,
    "nul-in-text": "政策文件".encode() + b"\x00\x00" + b"abc",
}


@pytest.mark.parametrize("data", list(BINARY.values()), ids=list(BINARY))
def test_binary_raises_input_error(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(InputError) as info:
        decode_bytes(data, "scan.txt")
    assert info.value.path == "scan.txt"
    assert "binary" in info.value.reason


@pytest.mark.parametrize(
    "data", [b"\x01\x00" * 100, struct.pack("<200H", *range(1, 201))], ids=["x01x00", "uint16"]
)
def test_uint16_array_is_binary(data: bytes) -> None:
    with pytest.raises(InputError):
        decode_bytes(data, "table.bin")


@pytest.mark.parametrize(
    "data",
    [codecs.BOM_UTF8 + b"\xff\xfe\xfa\x80", codecs.BOM_UTF16_LE + "政策".encode("utf-16-le") + b"\x00"],
    ids=["utf-8", "utf-16"],
)
def test_broken_text_after_bom_raises(data: bytes) -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(data, "broken.txt")


def test_plain_text_is_not_binary() -> None:
    assert not looks_binary(SIMPLIFIED.encode("utf-8"))
    assert not looks_binary(SIMPLIFIED.replace("\n", "\r\n").encode("gb18030") + b"\t\f")
