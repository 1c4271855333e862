"""Text on PDF pages in any of the working languages: a Markdown subset cut into blocks, and each
block as a ReportLab flowable with a font per run of characters (docs/decisions/0010).

CJK prints in STSong-Light (referenced, no file needed); everything else (Latin, Cyrillic,
Arabic) in DejaVu Sans from the system, embedded as a subset. Arabic is shaped and put in display
order (``shaping.py``), and a right-to-left document's paragraphs are ``RightToLeftParagraph``.
The NDA (``agreements/pdf.py``) and the resolutions' record use it.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, HRFlowable, Paragraph, Spacer

from incamera.pdf.document import A4, MARGIN
from incamera.pdf.fonts import CJK_FONT, DejaVuSans, FontMissingError, dejavu_sans, font_for, is_cjk
from incamera.pdf.layout import RightToLeftParagraph
from incamera.pdf.shaping import display_order, has_right_to_left, shape, split_runs

__all__ = ["DIGEST_FONT", "STYLES", "Block", "blocks", "choose_fonts", "digest_footer", "flowable", "font_picker", "markup", "rule"]

DIGEST_FONT = "Courier"
# In a Chinese document STSong-Light also prints ASCII and the punctuation Chinese text uses, so
# that a Chinese text needs no font file unless a name or a value brings another script.
_CJK_ALSO_IN_CHINESE = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("“”‘’—…·–")


def choose_fonts(strings: Sequence[str], *, language: str) -> DejaVuSans | None:
    """DejaVu Sans, or ``None`` for a Chinese text STSong-Light prints alone (ASCII, CJK)."""
    try:
        return dejavu_sans()
    except FontMissingError:
        if language == "zh" and all(is_cjk(c) or c in _CJK_ALSO_IN_CHINESE for text in strings for c in text if not c.isspace()):
            return None
        raise


def font_picker(fonts: DejaVuSans | None, *, bold: bool) -> Callable[[str], str]:
    """The font for each character: STSong-Light for CJK (for everything without DejaVu Sans), else DejaVu Sans."""
    if fonts is None:
        return lambda _: CJK_FONT
    latin = fonts.bold if bold else fonts.regular
    return lambda char: font_for(char, other=latin)


def markup(text: str, *, fonts: DejaVuSans | None, bold: bool) -> str:
    """One left-to-right paragraph as ReportLab markup, escaped, with a font per run."""
    if has_right_to_left(text):
        # An Arabic name in an English text: shaped and ordered as one line (see the ADR's limits).
        text = display_order(shape(text), base="L")
    return "".join(f'<font name="{font}">{escape(run)}</font>' for font, run in split_runs(text, font_picker(fonts, bold=bold)))


@dataclass(frozen=True)
class Block:
    kind: str  # "title", "h1", "h2", "item", "para", "digest", "note"
    text: str


def blocks(text: str, *, language: str) -> list[Block]:
    """The Markdown subset of our texts: headings, ``-`` or ``*`` items, paragraphs."""
    joiner = "" if language == "zh" else " "
    blocks: list[Block] = []
    current: list[str] = []
    kind = "para"

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append(Block(kind, joiner.join(current)))
        current, kind = [], "para"

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("# "):
            flush()
            blocks.append(Block("h1", line[2:].strip()))
        elif line.startswith(("## ", "### ")):
            flush()
            blocks.append(Block("h2", line.lstrip("#").strip()))
        elif line.startswith(("- ", "* ")):
            flush()
            current, kind = [line[2:].strip()], "item"
        else:
            current.append(line)
    flush()
    return blocks


# --- layout ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    size: float
    leading: float
    space_before: float
    space_after: float
    bold: bool = False
    indent: float = 0


STYLES = {
    "title": _Style(size=9, leading=12, space_before=0, space_after=6),
    "h1": _Style(size=15, leading=20, space_before=2, space_after=8, bold=True),
    "h2": _Style(size=11.5, leading=15, space_before=8, space_after=3, bold=True),
    "para": _Style(size=10, leading=14, space_before=0, space_after=5),
    "item": _Style(size=10, leading=14, space_before=0, space_after=2, indent=12),
    "note": _Style(size=8, leading=11, space_before=4, space_after=0),
}
_BULLET = "•"
_CJK_BULLET = "·"  # STSong-Light has no U+2022


def _paragraph_style(kind: str, *, fonts: DejaVuSans | None, chinese: bool, right_to_left: bool) -> ParagraphStyle:
    style = STYLES[kind]
    base = CJK_FONT if chinese or fonts is None else (fonts.bold if style.bold else fonts.regular)
    return ParagraphStyle(
        kind,
        fontName=base,
        fontSize=style.size,
        leading=style.leading,
        spaceBefore=style.space_before,
        spaceAfter=style.space_after,
        leftIndent=0 if right_to_left else style.indent,
        rightIndent=style.indent if right_to_left else 0,
        bulletIndent=0,
        bulletFontName=fonts.regular if fonts else CJK_FONT,
        alignment=TA_RIGHT if right_to_left else TA_LEFT,
        wordWrap="CJK" if chinese else None,
        textColor=colors.dimgrey if kind in {"title", "note"} else colors.black,
    )


def flowable(block: Block, *, language: str, fonts: DejaVuSans | None, right_to_left: bool = False) -> Flowable:
    """``block`` in ``language`` (``right_to_left`` for Arabic and the like)."""
    if block.kind == "digest":
        style = ParagraphStyle("digest", fontName=DIGEST_FONT, fontSize=9, leading=12, alignment=TA_RIGHT if right_to_left else TA_LEFT)
        return Paragraph(escape(block.text), style)
    style = _paragraph_style(block.kind, fonts=fonts, chinese=language == "zh", right_to_left=right_to_left)
    bold = STYLES[block.kind].bold
    bullet = (_BULLET if fonts else _CJK_BULLET) if block.kind == "item" else None
    if right_to_left:
        return RightToLeftParagraph(block.text, style, font_for=font_picker(fonts, bold=bold), bullet=bullet)
    return Paragraph(markup(block.text, fonts=fonts, bold=bold), style, bulletText=bullet)


def digest_footer(digest: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    """A footer for every page: the full SHA-256 digest and the page number, so that a single
    page still names the text it belongs to."""

    def footer(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(DIGEST_FONT, 7)
        canvas.setFillColor(colors.dimgrey)
        canvas.drawCentredString(A4[0] / 2, MARGIN / 2, f"SHA-256 {digest}  ·  {document.page}")
        canvas.restoreState()

    return footer


def rule() -> list[Flowable]:
    """A thin line across the page, with room above it."""
    return [Spacer(1, 8), HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceAfter=4)]
