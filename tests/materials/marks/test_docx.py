"""Recipient copies of Word documents: a visible first line and a custom property with the mark."""

from __future__ import annotations

import io
import zipfile

import pytest

from incamera.kernel.errors import InvalidInputError
from incamera.materials.marks.docx import read_docx_mark, watermark_docx

MARK = bytes.fromhex("0123456789abcdef")


def draft() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Draft communiqué</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def part(docx: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(docx)).read(name).decode()


def test_the_label_is_the_first_paragraph_and_the_mark_is_read_back() -> None:
    copy = watermark_docx(draft(), label='Copy for Ana <"A&B"> · 2026-03-01', mark=MARK)
    body = part(copy, "word/document.xml")
    assert body.index("Copy for Ana &lt;&quot;A&amp;B&quot;&gt; · 2026-03-01") < body.index("Draft communiqué")  # escaped, first
    assert "/docProps/custom.xml" in part(copy, "[Content_Types].xml")
    assert "docProps/custom.xml" in part(copy, "_rels/.rels")
    assert read_docx_mark(copy) == MARK


def test_marking_a_marked_copy_replaces_the_mark() -> None:
    other = bytes(8)
    twice = watermark_docx(watermark_docx(draft(), label="first", mark=MARK), label="second", mark=other)
    names = zipfile.ZipFile(io.BytesIO(twice)).namelist()
    assert names.count("docProps/custom.xml") == 1
    assert part(twice, "[Content_Types].xml").count("/docProps/custom.xml") == 1
    assert read_docx_mark(twice) == other


def test_an_unmarked_or_unreadable_document_has_no_mark() -> None:
    assert read_docx_mark(draft()) is None
    assert read_docx_mark(b"PK\x03\x04garbage") is None


@pytest.mark.parametrize("data", [b"PK\x03\x04garbage", b"not a zip at all"])
def test_an_unreadable_document_cannot_be_marked(data: bytes) -> None:
    with pytest.raises(InvalidInputError) as caught:
        watermark_docx(data, label="A", mark=MARK)
    assert caught.value.field == "file"


def test_a_document_without_a_body_cannot_be_marked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(InvalidInputError):
        watermark_docx(out.getvalue(), label="A", mark=MARK)
