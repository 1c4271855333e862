"""Recipient copies of PDFs: a watermark on every page and a mark that names the recipient."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from incamera.kernel.errors import InvalidInputError
from incamera.materials.marks.pdf import read_mark, watermark_pdf
from incamera.pdf.document import canvas_pdf

MARK = bytes.fromhex("0123456789abcdef")


def annex(pages: int = 2) -> bytes:
    def draw(canvas: Canvas) -> None:
        for number in range(1, pages + 1):
            canvas.drawString(72, 720, f"Confidential annex, page {number}")
            canvas.showPage()

    return canvas_pdf(draw, title="Annex", pagesize=LETTER)


def test_every_page_carries_the_label_and_the_mark_is_read_back() -> None:
    copy = watermark_pdf(annex(), label="Amara Okafor · 2026-03-01", mark=MARK)
    reader = PdfReader(io.BytesIO(copy))
    assert len(reader.pages) == 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"Confidential annex, page {number}" in text
        assert "Amara Okafor" in text
        assert f"incamera:{MARK.hex()}" in text
        assert page.mediabox.width == LETTER[0]  # the overlay takes each page's own size
    assert read_mark(copy) == MARK


def test_the_micro_text_names_the_recipient_when_the_metadata_is_stripped() -> None:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(watermark_pdf(annex(1), label="A", mark=MARK))))  # pages only, not the information
    stripped = io.BytesIO()
    writer.write(stripped)
    metadata = PdfReader(stripped).metadata
    assert metadata is None or "/IncameraMark" not in metadata
    assert read_mark(stripped.getvalue()) == MARK


def test_an_unmarked_or_unreadable_pdf_has_no_mark() -> None:
    assert read_mark(annex()) is None
    assert read_mark(b"%PDF-1.4 nonsense") is None


def test_an_unreadable_pdf_cannot_be_marked() -> None:
    with pytest.raises(InvalidInputError) as caught:
        watermark_pdf(b"%PDF-1.4 nonsense", label="A", mark=MARK)
    assert caught.value.field == "file"


@pytest.mark.parametrize("name", ["王磊", "Ольга Петрова", "ليلى حداد"])
def test_a_name_in_any_script_prints_in_the_watermark(name: str) -> None:
    """The label went through Latin-1, so 王磊 printed as "??"."""
    copy = watermark_pdf(annex(1), label=f"{name} · 2026-03-01", mark=MARK)
    page = PdfReader(io.BytesIO(copy)).pages[0]
    fonts = " ".join(str(font.get_object()["/BaseFont"]) for font in page["/Resources"]["/Font"].values())
    assert "??" not in (page.extract_text() or "")
    assert ("STSong" in fonts) == (name == "王磊")
    assert read_mark(copy) == MARK
