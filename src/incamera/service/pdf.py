"""Printable seat cards and catering lists for double-blind service (issue 4 §7), as PDF.

What is printed is what service staff may see: codes and needs, never names.  ``SeatCard`` and
``CateringRow`` have no field for a person, every code must pass ``check_code``, and cards and rows
are printed in code order, so the order of the roster (often alphabetical by name) does not leak
through the order of the pages.  Output is deterministic (ReportLab's invariant mode): no creation
time, no author, the same bytes for the same input.

Fonts (see docs/decisions/0007-pdf-library.md and ``incamera.pdf.fonts``).  Latin text uses the
PDF base-14 fonts (Helvetica, Courier; Windows-1252 repertoire); Chinese, Japanese kana, Greek and
Cyrillic use Adobe's standard CID font STSong-Light, and Hangul HYSMyeongJo-Medium.  Base-14 and
CID fonts are referenced, not embedded: PDF viewers carry them or substitute (Acrobat's Asian font
pack, poppler-data, pdf.js, Preview).  Letters with diacritics outside Windows-1252 lose them
(ş → s).  Arabic is shaped and put in display order (``incamera.pdf.shaping``) and printed in
DejaVu Sans, embedded as a subset, when the system has it (Debian's ``fonts-dejavu-core``, which
signed NDAs need too); needs that start in Arabic are right-to-left paragraphs
(``incamera.pdf.layout``).  Other scripts (Hebrew, Devanagari, Thai …), and Arabic on a machine
without DejaVu Sans, are replaced by a visible marker, for example "[Hebrew text, not printable:
ask the organisers]", never dropped silently.

Pure: no Django.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepInFrame, Paragraph, Spacer, Table, TableStyle

from incamera.kernel.messages import gettext_noop, invalid
from incamera.pdf.document import A4, canvas_pdf, document_pdf
from incamera.pdf.fonts import CJK_FONT, DejaVuSans, FontMissingError, cid_font, dejavu_sans, is_arabic, is_cjk
from incamera.pdf.layout import RightToLeftParagraph
from incamera.pdf.shaping import base_direction, display_order, has_right_to_left, script_of, shape, split_runs
from incamera.service.codes import check_code

__all__ = ["ENGLISH", "MAX_NEEDS", "CateringRow", "PdfWords", "SeatCard", "catering_list_pdf", "seat_cards_pdf"]

MAX_NEEDS = 300  # characters of needs per card or row: what still fits a seat card, shrunk

_LATIN = "Helvetica"
_LATIN_BOLD = "Helvetica-Bold"
_MARKER_FONT = "Helvetica-BoldOblique"
_CODE_FONT = "Courier-Bold"
_KOREAN = "HYSMyeongJo-Medium"

# Greek and Cyrillic print with the CJK font (Adobe-GB1 has them, full-width but legible).
_ALSO_IN_CJK_FONT = ((0x0370, 0x03FF), (0x0400, 0x04FF))
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


@dataclass(frozen=True)
class PdfWords:
    """The fixed words the cards and lists print, in the reader's language: the caller (the web
    layer) passes them translated; English when it passes none.  ``count`` holds ``%(count)d``."""

    seat: str = "SEAT"
    code: str = "Code"
    dietary_needs: str = "Dietary needs"
    no_codes: str = "No codes on this list."
    count: str = "%(count)d codes. Service staff see codes only; organisers hold who is who."
    not_printable: str = (
        "Text marked “not printable” is written in a script these lists carry no font for. "
        "The organisers can read it in incamera: ask them before serving."
    )


ENGLISH = PdfWords()
_LABEL_STYLE = ParagraphStyle("card-label", fontName=_LATIN, fontSize=9, leading=11, textColor=colors.grey)


def _fonts() -> DejaVuSans | None:
    """Register the CID fonts; DejaVu Sans for Arabic, or ``None`` when the system has none."""
    cid_font()
    cid_font(_KOREAN)
    try:
        return dejavu_sans()
    except FontMissingError:  # these lists print without it: Arabic is then marked, like other scripts
        return None


def _in(ranges: Sequence[tuple[int, int]], point: int) -> bool:
    return any(low <= point <= high for low, high in ranges)


def _latin(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _font_for(char: str, *, arabic: DejaVuSans | None) -> str | None:
    """The font that prints ``char``, or None when none of ours can."""
    if _latin(char):
        return _LATIN
    if is_cjk(char) or _in(_ALSO_IN_CJK_FONT, ord(char)):
        return CJK_FONT
    if _in(_KOREAN_RANGES, ord(char)):
        return _KOREAN
    if arabic is not None and is_arabic(char) and arabic.prints(char):
        return arabic.regular
    return None


def _fallback(char: str) -> str | None:
    """``char`` without its diacritics, when that is printable Latin (ş → s, ł → l)."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char.translate(_LATIN_FALLBACK)) if not unicodedata.combining(c))
    return base if base and all(_latin(c) for c in base) else None


def _clean(text: str) -> str:
    # Control and format characters (bidi overrides, zero-width joiners) are dropped: they print as
    # nothing useful and can reorder what is shown.
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text if unicodedata.category(c) not in {"Cf", "Co", "Cs"})
    return " ".join(kept.split())


def _needs_text(needs: str, *, code: str) -> str:
    text = _clean(needs)
    if len(text) > MAX_NEEDS:
        raise invalid(
            gettext_noop("the needs for code %(code)s are %(found)d characters long; at most %(limit)d fit on a printed card or list"),
            field="needs",
            code=code,
            found=len(text),
            limit=MAX_NEEDS,
        )
    return text


def _with_fallbacks(text: str, *, arabic: DejaVuSans | None) -> str:
    """``text`` with each letter no font prints replaced by its printable Latin base, where it has one."""
    return "".join(
        fallback if _font_for(char, arabic=arabic) is None and (fallback := _fallback(char)) is not None else char for char in text
    )


def _markup(text: str, *, arabic: DejaVuSans | None) -> tuple[str, bool]:
    """Paragraph markup for one left-to-right line (escaped: typed text never becomes markup) and
    whether a marker replaced text that cannot be printed.
    """
    if arabic is not None and has_right_to_left(text):
        text = display_order(shape(text), base="L")  # an Arabic word in a Latin line, as one line
    parts: list[str] = []
    replaced = False
    # Whitespace joins the run before it: words of one unprintable script make one phrase, one marker.
    for font, chunk in split_runs(text, lambda char: _font_for(char, arabic=arabic)):
        if font is None:
            replaced = True
            script = next((s for s in map(script_of, chunk) if s), None)
            what = f"{script} text" if script else "symbols"
            parts.append(f'<font name="{_MARKER_FONT}">[{escape(what)}, not printable: ask the organisers]</font>')
            if spaces := chunk[len(chunk.rstrip()) :]:
                parts.append(f'<font name="{_LATIN}">{spaces}</font>')
        else:
            parts.append(f'<font name="{font}">{escape(chunk)}</font>')
    return "".join(parts), replaced


def _paragraph(text: str, style: ParagraphStyle, *, arabic: DejaVuSans | None) -> tuple[Flowable, bool]:
    """``text`` as a paragraph in ``style``, and whether a marker replaced some of it.

    Text that starts in a right-to-left script and can be printed whole is a right-to-left
    paragraph, centred or aligned right; anything else is a left-to-right line.
    """
    text = _with_fallbacks(text, arabic=arabic)

    def font_for(char: str) -> str | None:
        return _font_for(char, arabic=arabic)

    if arabic is not None and base_direction(text) == "R" and all(font_for(c) for c in shape(text) if not c.isspace()):
        right_to_left = ParagraphStyle(f"{style.name}-rtl", parent=style)
        if style.alignment != TA_CENTER:
            right_to_left.alignment = TA_RIGHT
        return RightToLeftParagraph(text, right_to_left, font_for=lambda char: font_for(char) or _LATIN), False
    markup, replaced = _markup(text, arabic=arabic)
    return Paragraph(markup, style), replaced


def _codes_in_order(items: Sequence[_Item]) -> list[tuple[str, _Item]]:
    seen: set[str] = set()
    checked: list[tuple[str, _Item]] = []
    for item in items:
        code = check_code(item.code)
        if code in seen:
            raise invalid(gettext_noop("the code %(code)s is listed twice"), field="code", code=code)
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
_CARD_NEEDS_STYLE = ParagraphStyle("card-needs", fontName=_LATIN, fontSize=12, leading=15, alignment=TA_CENTER)
_CARD_OCCASION_STYLE = ParagraphStyle("card-occasion", fontName=_LATIN, fontSize=8, leading=10, alignment=TA_RIGHT, textColor=colors.grey)
_CARD_OCCASION_HEIGHT = 10 * mm


def _draw_card(
    canvas: Canvas, *, x: float, y: float, code: str, needs: str, occasion: str, arabic: DejaVuSans | None, words: PdfWords
) -> None:
    canvas.setStrokeColor(colors.lightgrey)
    canvas.setDash(3, 3)
    canvas.rect(x, y, _CARD_WIDTH, _CARD_HEIGHT)
    canvas.setDash()
    label, _ = _paragraph(words.seat, _LABEL_STYLE, arabic=arabic)
    _, label_height = label.wrapOn(canvas, _CARD_WIDTH / 2 - _CARD_MARGIN, 5 * mm)
    label.drawOn(canvas, x + _CARD_MARGIN, y + _CARD_HEIGHT - _CARD_MARGIN - label_height + 3 * mm)
    if occasion:  # the meeting and its date, so that a card left on a table says which meeting it is for
        width = _CARD_WIDTH / 2 - _CARD_MARGIN
        paragraph, _ = _paragraph(occasion, _CARD_OCCASION_STYLE, arabic=arabic)
        box = KeepInFrame(width, _CARD_OCCASION_HEIGHT, [paragraph], mode="shrink")
        _, height = box.wrapOn(canvas, width, _CARD_OCCASION_HEIGHT)
        box.drawOn(canvas, x + _CARD_WIDTH / 2, y + _CARD_HEIGHT - _CARD_MARGIN / 2 - height)
    canvas.setFillColor(colors.black)
    canvas.setFont(_CODE_FONT, _CARD_CODE_SIZE)
    code_y = y + _CARD_HEIGHT - _CARD_MARGIN - 12 * mm - _CARD_CODE_SIZE * 0.7
    canvas.drawCentredString(x + _CARD_WIDTH / 2, code_y, code)
    if needs:
        width = _CARD_WIDTH - 2 * _CARD_MARGIN
        paragraph, _ = _paragraph(needs, _CARD_NEEDS_STYLE, arabic=arabic)
        box = KeepInFrame(width, _CARD_NEEDS_HEIGHT, [paragraph], mode="shrink")
        _, height = box.wrapOn(canvas, width, _CARD_NEEDS_HEIGHT)
        box.drawOn(canvas, x + _CARD_MARGIN, y + _CARD_MARGIN + _CARD_NEEDS_HEIGHT - height)


def seat_cards_pdf(cards: Sequence[SeatCard], *, occasion: str = "", words: PdfWords = ENGLISH) -> bytes:
    """Seat cards on A4, eight to a page with cut lines: the seating code, large, and any needs;
    ``occasion`` (the meeting and its date) is printed small in a corner of every card."""
    checked = _codes_in_order(cards)
    if not checked:
        raise invalid(gettext_noop("there are no seat cards to print: no participant has a seating code"), field="cards")
    occasion = _occasion_text(occasion)
    cards_needs = [(code, _needs_text(card.needs, code=code)) for code, card in checked]
    arabic = _fonts()
    per_page = _CARD_COLUMNS * _CARD_ROWS

    def draw(canvas: Canvas) -> None:
        for index, (code, needs) in enumerate(cards_needs):
            slot = index % per_page
            if index and not slot:
                canvas.showPage()
            column, row = slot % _CARD_COLUMNS, slot // _CARD_COLUMNS
            x = column * _CARD_WIDTH
            y = A4[1] - (row + 1) * _CARD_HEIGHT
            _draw_card(canvas, x=x, y=y, code=code, needs=needs, occasion=occasion, arabic=arabic, words=words)

    return canvas_pdf(draw, title="Seat cards")


# --- catering list --------------------------------------------------------------------------------

_LIST_MARGIN = 18 * mm
_TITLE_STYLE = ParagraphStyle("list-title", fontName=_LATIN_BOLD, fontSize=16, leading=20)
_CELL_STYLE = ParagraphStyle("list-cell", fontName=_LATIN, fontSize=10, leading=13)
_HEAD_STYLE = ParagraphStyle("list-head", fontName=_LATIN_BOLD, fontSize=10, leading=13)
_NOTE_STYLE = ParagraphStyle("list-note", fontName=_LATIN, fontSize=9, leading=12, textColor=colors.dimgrey)
_MAX_TITLE = 200


def _occasion_text(occasion: str) -> str:
    """The meeting line, cleaned, and shortened with an ellipsis where it would not fit: a long
    meeting title must not stop the cards from printing."""
    text = _clean(occasion)
    return text if len(text) <= _MAX_TITLE else text[: _MAX_TITLE - 1].rstrip() + "…"


def catering_list_pdf(rows: Sequence[CateringRow], *, title: str, occasion: str = "", words: PdfWords = ENGLISH) -> bytes:
    """A table of catering codes and dietary needs, in code order, with its header on every page;
    ``occasion`` (the meeting and its date) is printed under the title."""
    heading = _clean(title)
    if not heading:
        raise invalid(gettext_noop("the catering list needs a title, such as the meeting and the meal"), field="title")
    if len(heading) > _MAX_TITLE:
        raise invalid(
            gettext_noop("the title is %(found)d characters long; at most %(limit)d fit"),
            field="title",
            found=len(heading),
            limit=_MAX_TITLE,
        )
    checked = _codes_in_order(rows)
    arabic = _fonts()
    title_paragraph, replaced = _paragraph(heading, _TITLE_STYLE, arabic=arabic)
    story: list[Flowable] = [title_paragraph]
    if occasion := _occasion_text(occasion):
        occasion_paragraph, occasion_replaced = _paragraph(occasion, _CELL_STYLE, arabic=arabic)
        story.append(occasion_paragraph)
        replaced = replaced or occasion_replaced
    story.append(Spacer(1, 4 * mm))
    header: list[object] = [
        _paragraph(words.code, _HEAD_STYLE, arabic=arabic)[0],
        _paragraph(words.dietary_needs, _HEAD_STYLE, arabic=arabic)[0],
    ]
    table_rows: list[list[object]] = [header]
    for code, row in checked:
        needs = _needs_text(row.needs, code=code)
        cell, row_replaced = _paragraph(needs, _CELL_STYLE, arabic=arabic) if needs else (Paragraph("–", _CELL_STYLE), False)
        replaced = replaced or row_replaced
        table_rows.append([code, cell])
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
        story.append(_paragraph(words.no_codes, _CELL_STYLE, arabic=arabic)[0])
    story += [Spacer(1, 4 * mm), _paragraph(words.count % {"count": len(checked)}, _NOTE_STYLE, arabic=arabic)[0]]
    if replaced:
        story.append(_paragraph(words.not_printable, _NOTE_STYLE, arabic=arabic)[0])
    return document_pdf(story, title=heading, margin=_LIST_MARGIN, on_page=_page_number)


def _page_number(canvas: Canvas, document: BaseDocTemplate) -> None:
    canvas.setFont(_LATIN, 8)
    canvas.setFillColor(colors.dimgrey)
    canvas.drawRightString(A4[0] - _LIST_MARGIN, _LIST_MARGIN / 2, f"page {document.page}")
