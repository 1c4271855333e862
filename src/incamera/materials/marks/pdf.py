"""Recipient copies of PDFs.

Every page gets a visible watermark (name, date, in the name's own script) and an invisible identifier (the recipient's
mark, in the document information and as white micro-text).  A leaked copy names its source.
Pure: ReportLab draws the overlay, pypdf merges it."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from incamera.kernel.errors import InvalidInputError
from incamera.pdf.document import canvas_pdf
from incamera.pdf.fonts import CJK_FONT, FontMissingError, cid_font, dejavu_sans, font_for
from incamera.pdf.shaping import base_direction, display_order, shape, split_runs

__all__ = ["read_mark", "watermark_pdf"]

_KEY = "/IncameraMark"


_LABEL_SIZE = 28


def _label_runs(label: str) -> list[tuple[str, str]]:
    """The label as (font, text) runs in display order: Chinese, Japanese and Korean in the CID
    font, everything else (Latin, Cyrillic, Arabic shaped right to left) in DejaVu Sans; without
    DejaVu Sans, Helvetica for what Latin-1 can print (the rest shows as "?")."""
    try:
        other = dejavu_sans().bold
    except FontMissingError:
        other = ""
    line = display_order(shape(label), base=base_direction(label)) if other else label
    runs = split_runs(line, lambda char: font_for(char, other=other or "Helvetica-Bold"))
    for font, _text in runs:
        if font == CJK_FONT:
            cid_font()
    if other:
        return runs
    return [(font, text if font == CJK_FONT else text.encode("latin-1", "replace").decode("latin-1")) for font, text in runs]


def _overlay(width: float, height: float, *, label: str, mark: bytes) -> PdfReader:
    runs = _label_runs(label)
    total = sum(stringWidth(text, font, _LABEL_SIZE) for font, text in runs)

    def draw(page: Canvas) -> None:
        page.setFillColor(Color(0.6, 0.1, 0.1, alpha=0.18))
        page.saveState()
        page.translate(width / 2, height / 2)
        page.rotate(35)
        x = -total / 2
        for font, text in runs:
            page.setFont(font, _LABEL_SIZE)
            page.drawString(x, 0, text)
            x += stringWidth(text, font, _LABEL_SIZE)
        page.restoreState()
        page.setFillColor(Color(1, 1, 1, alpha=1))
        page.setFont("Helvetica", 1)
        page.drawString(2, 2, f"incamera:{mark.hex()}")

    return PdfReader(io.BytesIO(canvas_pdf(draw, title="Recipient mark", pagesize=(width, height))))


def watermark_pdf(data: bytes, *, label: str, mark: bytes) -> bytes:
    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        for page in writer.pages:
            box = page.mediabox
            page.merge_page(_overlay(float(box.width), float(box.height), label=label, mark=mark).pages[0])
    except (PdfReadError, ValueError, KeyError) as exc:
        raise InvalidInputError(f"the PDF could not be read to mark it ({type(exc).__name__})", field="file") from exc
    writer.add_metadata({_KEY: mark.hex()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_mark(data: bytes) -> bytes | None:
    """The recipient mark in a leaked PDF (document information, else the micro-text), or None."""
    try:
        reader = PdfReader(io.BytesIO(data))
        metadata = reader.metadata
        value = metadata.get(_KEY) if metadata is not None else None
        if isinstance(value, str):
            return bytes.fromhex(value)
        for page in reader.pages:
            text = page.extract_text() or ""
            position = text.find("incamera:")
            if position >= 0:
                return bytes.fromhex(text[position + 9 : position + 9 + 16])
    except (PdfReadError, ValueError, KeyError):
        return None
    return None
