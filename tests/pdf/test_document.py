"""The shared set-up: the same input gives the same bytes, with no author and no date."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Paragraph

from incamera.pdf.document import A4, MARGIN, canvas_pdf, document_pdf
from incamera.pdf.fonts import cid_font, dejavu_sans, font_for
from incamera.pdf.layout import RightToLeftParagraph
from incamera.pdf.shaping import display_order, shape, split_runs
from tests.pdf.conftest import chunks_of


def story() -> list[Paragraph | RightToLeftParagraph]:
    fonts = dejavu_sans()

    def pick(char: str) -> str:
        return font_for(char, other=fonts.regular)

    line = display_order(shape("Seat 12 — 座位 — مقعد"), base="L")
    markup = "".join(f'<font name="{font}">{text}</font>' for font, text in split_runs(line, pick))
    style = ParagraphStyle("body", fontName=cid_font(), fontSize=10, leading=14)
    return [Paragraph(markup, style), RightToLeftParagraph("مقعد رقم 12 في القاعة", style, font_for=pick)]


def test_the_same_story_gives_the_same_bytes() -> None:
    first = document_pdf(story(), title="Seats", subject="hall", language="ar")
    assert first == document_pdf(story(), title="Seats", subject="hall", language="ar")
    assert first != document_pdf(story(), title="Seats, again", subject="hall", language="ar")


def test_the_same_drawing_gives_the_same_bytes() -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(cid_font(), 20)
        canvas.drawString(100, 700, "座位 12")
        canvas.showPage()
        canvas.setFont("Helvetica", 20)
        canvas.drawString(100, 700, "page two")

    first = canvas_pdf(draw, title="Cards")
    assert first == canvas_pdf(draw, title="Cards")
    reader = PdfReader(io.BytesIO(first))
    assert len(reader.pages) == 2
    assert abs(reader.pages[0].mediabox.width - A4[0]) < 0.01
    assert PdfReader(io.BytesIO(canvas_pdf(draw, title="Small", pagesize=(200, 100)))).pages[0].mediabox.width == 200


def test_the_metadata_names_no_author_and_no_date() -> None:
    for pdf in (document_pdf(story(), title="Seats", subject="hall"), canvas_pdf(lambda canvas: None, title="Seats")):
        metadata = PdfReader(io.BytesIO(pdf)).metadata
        assert metadata is not None
        assert metadata.title == "Seats"
        assert metadata.author in {None, ""}
        assert metadata.creator == "incamera"
        assert metadata["/CreationDate"].startswith("D:2000")  # invariant mode: a fixed date, not the time of printing


def test_language_direction_margins_and_page_hook() -> None:
    pages: list[int] = []

    def on_page(canvas: Canvas, document: BaseDocTemplate) -> None:
        pages.append(document.page)

    pdf = document_pdf(story(), title="Seats", margin=30, language="ar", right_to_left=True, on_page=on_page)
    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert catalog["/Lang"] == "ar"
    assert catalog["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert pages == [1]
    padding = 6  # ReportLab's frame pads its content by 6 pt
    chunks = chunks_of(pdf)
    assert min(x for _, x, _, _ in chunks) == 30 + padding  # the left-to-right line starts at the margin
    assert max(y for _, _, y, _ in chunks) < A4[1] - 30
    assert abs(min(x for _, x, _, _ in chunks_of(document_pdf(story(), title="Seats"))) - (MARGIN + padding)) < 0.01
