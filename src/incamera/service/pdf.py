"""Printable seat cards and catering lists for double-blind service (issue 4 §7), as PDF.

What is printed is what service staff may see: codes and needs, never names.  ``SeatCard`` and
``CateringRow`` have no field for a person, every code must pass ``check_code``, and cards and rows
are printed in code order, so the order of the roster (often alphabetical by name) does not leak
through the order of the pages.  Output is deterministic (ReportLab's invariant mode): no creation
time, no author, the same bytes for the same input.

Fonts (see docs/decisions/0007-pdf-library.md): nothing is read from the system.  Latin text uses
the PDF base-14 fonts (Helvetica, Courier; Windows-1252 repertoire); Chinese, Japanese kana, Greek
and Cyrillic use Adobe's standard CID font STSong-Light, and Hangul HYSMyeongJo-Medium.  Base-14
and CID fonts are referenced, not embedded: PDF viewers carry them or substitute (Acrobat's Asian
font pack, poppler-data, pdf.js, Preview).  Letters with diacritics outside Windows-1252 lose them
(ş → s).  Other scripts (Arabic, Hebrew, Devanagari, Thai …) need an embedded TrueType font and
text shaping, which these lists do not carry: such text is replaced by a visible marker, for
example "[Arabic text, not printable: ask the organisers]", never dropped silently.

Pure: no Django.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from incamera.kernel.errors import InvalidInputError
from incamera.service.codes import check_code

__all__ = ["MAX_NEEDS", "CateringRow", "SeatCard", "catering_list_pdf", "seat_cards_pdf"]

MAX_NEEDS = 300  # characters of needs per card or row: what still fits a seat card, shrunk

_LATIN = "Helvetica"
_LATIN_BOLD = "Helvetica-Bold"
_MARKER_FONT = "Helvetica-BoldOblique"
_CODE_FONT = "Courier-Bold"
_CHINESE = "STSong-Light"
_KOREAN = "HYSMyeongJo-Medium"

# Code points the Chinese CID font (Adobe-GB1, which holds GB 18030's repertoire) can show.
_CHINESE_RANGES = (
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFF9F),  # full-width forms
)
_KOREAN_RANGES = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xAC00, 0xD7AF))
# Latin letters without a decomposition that would lose them entirely otherwise.
_LATIN_FALLBACK = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H", "ı": "i", "ŀ": "l", "Ŀ": "L"})


@dataclass(frozen=True)
class SeatCard:
    """One participant's seat card: the seating code and, optionally, needs such as accessibility."""

    code: str
    needs: str = ""


@dataclass(frozen=True)
class CateringRow:
    """One line of a catering list: the catering code and dietary needs (empty: none)."""

    code: str
    needs: str = ""


_Item = TypeVar("_Item", SeatCard, CateringRow)


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation, unchanged (makemessages extracts these calls)."""
    return message


def _invalid(template: str, *, field: str, **params: object) -> InvalidInputError:
    return InvalidInputError(template % params, field=field, template=template, params=params)


@functools.cache
def _register_fonts() -> None:
    # ReportLab's font registry is process-wide; register on first use, not at import.
    pdfmetrics.registerFont(UnicodeCIDFont(_CHINESE))
    pdfmetrics.registerFont(UnicodeCIDFont(_KOREAN))


def _in(ranges: tuple[tuple[int, int], ...], point: int) -> bool:
    return any(low <= point <= high for low, high in ranges)


def _latin(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _font_for(char: str) -> str | None:
    if _latin(char):
        return _LATIN
    point = ord(char)
    if _in(_CHINESE_RANGES, point):
        return _CHINESE
    if _in(_KOREAN_RANGES, point):
        return _KOREAN
    return None


def _fallback(char: str) -> str | None:
    """``char`` without its diacritics, when that is printable Latin (ş → s, ł → l)."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char.translate(_LATIN_FALLBACK)) if not unicodedata.combining(c))
    return base if base and all(_latin(c) for c in base) else None


def _script(char: str) -> str | None:
    if unicodedata.category(char)[0] not in "LM":
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].title() if name else None


def _clean(text: str) -> str:
    # Control and format characters (bidi overrides, zero-width joiners) are dropped: they print as
    # nothing useful and can reorder what is shown.
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text if unicodedata.category(c) not in {"Cf", "Co", "Cs"})
    return " ".join(kept.split())


def _needs_text(needs: str, *, code: str) -> str:
    text = _clean(needs)
    if len(text) > MAX_NEEDS:
        raise _invalid(
            gettext_noop("the needs for code %(code)s are %(found)d characters long; at most %(limit)d fit on a printed card or list"),
            field="needs",
            code=code,
            found=len(text),
            limit=MAX_NEEDS,
        )
    return text


def _runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into (font, text) runs; font None marks a run that cannot be printed."""
    runs: list[tuple[str | None, str]] = []
    for char in text:
        font, shown = _font_for(char), char
        if font is None and (fallback := _fallback(char)) is not None:
            font, shown = _LATIN, fallback
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + shown)
        else:
            runs.append((font, shown))
    # Spaces between two unprintable words belong to one unprintable phrase, with one marker.
    merged: list[tuple[str | None, str]] = []
    for index, (font, chunk) in enumerate(runs):
        between = 0 < index < len(runs) - 1 and runs[index - 1][0] is None and runs[index + 1][0] is None and not chunk.strip()
        font_here = None if between else font
        if merged and merged[-1][0] is None and font_here is None:
            merged[-1] = (None, merged[-1][1] + chunk)
        else:
            merged.append((font_here, chunk))
    return merged


def _markup(text: str) -> tuple[str, bool]:
    """Paragraph markup for ``text`` (escaped: typed text never becomes markup) and whether a
    marker replaced text that cannot be printed.
    """
    parts: list[str] = []
    replaced = False
    for font, chunk in _runs(text):
        if font is None:
            replaced = True
            script = next((s for s in map(_script, chunk) if s), None)
            what = f"{script} text" if script else "symbols"
            parts.append(f'<font name="{_MARKER_FONT}">[{escape(what)}, not printable: ask the organisers]</font>')
        else:
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
    return "".join(parts), replaced


def _codes_in_order(items: Sequence[_Item]) -> list[tuple[str, _Item]]:
    seen: set[str] = set()
    checked: list[tuple[str, _Item]] = []
    for item in items:
        code = check_code(item.code)
        if code in seen:
            raise _invalid(gettext_noop("the code %(code)s is listed twice"), field="code", code=code)
        seen.add(code)
        checked.append((code, item))
    return sorted(checked, key=lambda pair: pair[0])


# --- seat cards -----------------------------------------------------------------------------------

_CARD_COLUMNS = 2
_CARD_ROWS = 4
_CARD_WIDTH = A4[0] / _CARD_COLUMNS
_CARD_HEIGHT = A4[1] / _CARD_ROWS
_CARD_MARGIN = 8 * mm
_CARD_CODE_SIZE = 36
_CARD_NEEDS_HEIGHT = 22 * mm
_CARD_NEEDS_STYLE = ParagraphStyle("card-needs", fontName=_LATIN, fontSize=12, leading=15, alignment=1)


def _draw_card(canvas: Canvas, *, x: float, y: float, code: str, needs: str) -> None:
    canvas.setStrokeColor(colors.lightgrey)
    canvas.setDash(3, 3)
    canvas.rect(x, y, _CARD_WIDTH, _CARD_HEIGHT)
    canvas.setDash()
    canvas.setFillColor(colors.grey)
    canvas.setFont(_LATIN, 9)
    canvas.drawString(x + _CARD_MARGIN, y + _CARD_HEIGHT - _CARD_MARGIN, "SEAT")
    canvas.setFillColor(colors.black)
    canvas.setFont(_CODE_FONT, _CARD_CODE_SIZE)
    code_y = y + _CARD_HEIGHT - _CARD_MARGIN - 12 * mm - _CARD_CODE_SIZE * 0.7
    canvas.drawCentredString(x + _CARD_WIDTH / 2, code_y, code)
    if needs:
        width = _CARD_WIDTH - 2 * _CARD_MARGIN
        markup, _ = _markup(needs)
        box = KeepInFrame(width, _CARD_NEEDS_HEIGHT, [Paragraph(markup, _CARD_NEEDS_STYLE)], mode="shrink")
        _, height = box.wrapOn(canvas, width, _CARD_NEEDS_HEIGHT)
        box.drawOn(canvas, x + _CARD_MARGIN, y + _CARD_MARGIN + _CARD_NEEDS_HEIGHT - height)


def seat_cards_pdf(cards: Sequence[SeatCard]) -> bytes:
    """Seat cards on A4, eight to a page with cut lines: the seating code, large, and any needs."""
    checked = _codes_in_order(cards)
    if not checked:
        raise _invalid(gettext_noop("there are no seat cards to print: no participant has a seating code"), field="cards")
    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    canvas.setTitle("Seat cards")
    canvas.setAuthor("")
    canvas.setCreator("incamera")
    per_page = _CARD_COLUMNS * _CARD_ROWS
    for index, (code, card) in enumerate(checked):
        slot = index % per_page
        if index and not slot:
            canvas.showPage()
        column, row = slot % _CARD_COLUMNS, slot // _CARD_COLUMNS
        x = column * _CARD_WIDTH
        y = A4[1] - (row + 1) * _CARD_HEIGHT
        _draw_card(canvas, x=x, y=y, code=code, needs=_needs_text(card.needs, code=code))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# --- catering list --------------------------------------------------------------------------------

_LIST_MARGIN = 18 * mm
_TITLE_STYLE = ParagraphStyle("list-title", fontName=_LATIN_BOLD, fontSize=16, leading=20)
_CELL_STYLE = ParagraphStyle("list-cell", fontName=_LATIN, fontSize=10, leading=13)
_NOTE_STYLE = ParagraphStyle("list-note", fontName=_LATIN, fontSize=9, leading=12, textColor=colors.dimgrey)
_MAX_TITLE = 200


def catering_list_pdf(rows: Sequence[CateringRow], *, title: str) -> bytes:
    """A table of catering codes and dietary needs, in code order, with its header on every page."""
    heading = _clean(title)
    if not heading:
        raise _invalid(gettext_noop("the catering list needs a title, such as the meeting and the meal"), field="title")
    if len(heading) > _MAX_TITLE:
        raise _invalid(
            gettext_noop("the title is %(found)d characters long; at most %(limit)d fit"),
            field="title",
            found=len(heading),
            limit=_MAX_TITLE,
        )
    checked = _codes_in_order(rows)
    _register_fonts()
    title_markup, replaced = _markup(heading)
    story: list[Flowable] = [Paragraph(title_markup, _TITLE_STYLE), Spacer(1, 4 * mm)]
    header: list[object] = [
        Paragraph(f'<font name="{_LATIN_BOLD}">Code</font>', _CELL_STYLE),
        Paragraph(f'<font name="{_LATIN_BOLD}">Dietary needs</font>', _CELL_STYLE),
    ]
    table_rows: list[list[object]] = [header]
    for code, row in checked:
        needs = _needs_text(row.needs, code=code)
        markup, row_replaced = _markup(needs) if needs else ("–", False)
        replaced = replaced or row_replaced
        table_rows.append([code, Paragraph(markup, _CELL_STYLE)])
    if checked:
        width = A4[0] - 2 * _LIST_MARGIN
        table = Table(table_rows, colWidths=[38 * mm, width - 38 * mm], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 1), (0, -1), _CODE_FONT, 12),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                    ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.whitesmoke]),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        story.append(table)
    else:
        story.append(Paragraph("No codes on this list.", _CELL_STYLE))
    story += [Spacer(1, 4 * mm), Paragraph(f"{len(checked)} codes. Service staff see codes only; organisers hold who is who.", _NOTE_STYLE)]
    if replaced:
        story.append(
            Paragraph(
                "Text marked “not printable” is written in a script these lists carry no font for. "
                "The organisers can read it in incamera: ask them before serving.",
                _NOTE_STYLE,
            )
        )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_LIST_MARGIN,
        rightMargin=_LIST_MARGIN,
        topMargin=_LIST_MARGIN,
        bottomMargin=_LIST_MARGIN,
        title=heading,
        author="",
        creator="incamera",
        invariant=True,
        pageCompression=1,
    )
    document.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas: Canvas, document: SimpleDocTemplate) -> None:
    canvas.setFont(_LATIN, 8)
    canvas.setFillColor(colors.dimgrey)
    canvas.drawRightString(A4[0] - _LIST_MARGIN, _LIST_MARGIN / 2, f"page {document.page}")
