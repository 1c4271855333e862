"""The signed NDA as a PDF (issue 5 §2): the text as signed, then who signed, when, and the digest.

The text is the Markdown of ``agreements/texts.py`` (``#`` and ``##`` headings, paragraphs, ``-``
lists); everything else prints as typed, escaped.  Every page's footer carries the full SHA-256
digest, so a single page still names the text it belongs to.  Output is deterministic (ReportLab's
invariant mode): the same input gives the same bytes.

Fonts (docs/decisions/0010-nda-texts-and-pdf.md, ``incamera.pdf.fonts``): CJK in STSong-Light,
referenced; everything else (Latin, Cyrillic, Arabic) in DejaVu Sans from the system, embedded as a
subset; the digest in Courier.  A Chinese text that holds no character outside STSong-Light's
repertoire needs no font file at all; any other text without DejaVu Sans raises
``FontMissingError``, which tells the operator what to install.

Arabic is shaped and put in display order by ``incamera.pdf.shaping``, and an Arabic document's
paragraphs are ``incamera.pdf.layout.RightToLeftParagraph``: broken into lines in logical order,
reordered line by line, right-aligned.  Arabic vowel marks (harakat) are left out of the PDF; the
letters are those of the signed text.

Pure: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, HRFlowable, Paragraph, Spacer

from incamera.agreements.texts import RTL, check_language, signature_labels
from incamera.kernel.messages import gettext_noop, invalid
from incamera.kernel.text import comparable_name
from incamera.pdf.document import A4, MARGIN, document_pdf
from incamera.pdf.fonts import CJK_FONT, DejaVuSans, FontMissingError, cid_font, dejavu_sans, font_for, is_cjk
from incamera.pdf.layout import RightToLeftParagraph
from incamera.pdf.shaping import display_order, has_right_to_left, shape, split_runs

__all__ = ["signed_nda_pdf"]

_DIGEST_FONT = "Courier"
_MAX_TEXT = 60_000  # characters: ten times the longest template, still a few pages
_MAX_LINE = 500  # characters for the title, the signatory, the time and the assertion summary
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
# In a Chinese document STSong-Light also prints ASCII and the punctuation Chinese text uses, so
# that a Chinese NDA needs no font file unless a name or a value brings another script.
_CJK_ALSO_IN_CHINESE = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("“”‘’—…·–")


@dataclass(frozen=True)
class _Labels:
    signed: str
    signatory: str
    signed_at: str
    digest: str
    assertion: str
    note: str
    account: str
    delegation: str
    name_differs: str


def _choose_fonts(strings: Sequence[str], *, language: str) -> DejaVuSans | None:
    """DejaVu Sans, or ``None`` for a Chinese text STSong-Light prints alone (ASCII, CJK)."""
    try:
        return dejavu_sans()
    except FontMissingError:
        if language == "zh" and all(is_cjk(c) or c in _CJK_ALSO_IN_CHINESE for text in strings for c in text if not c.isspace()):
            return None
        raise


def _font_picker(fonts: DejaVuSans | None, *, bold: bool) -> Callable[[str], str]:
    """The font for each character: STSong-Light for CJK (for everything without DejaVu Sans), else DejaVu Sans."""
    if fonts is None:
        return lambda _: CJK_FONT
    latin = fonts.bold if bold else fonts.regular
    return lambda char: font_for(char, other=latin)


def _markup(text: str, *, fonts: DejaVuSans | None, bold: bool) -> str:
    """One left-to-right paragraph as ReportLab markup, escaped, with a font per run."""
    if has_right_to_left(text):
        # An Arabic name in an English text: shaped and ordered as one line (see the ADR's limits).
        text = display_order(shape(text), base="L")
    return "".join(f'<font name="{font}">{escape(run)}</font>' for font, run in split_runs(text, _font_picker(fonts, bold=bold)))


@dataclass(frozen=True)
class _Block:
    kind: str  # "title", "h1", "h2", "item", "para", "digest", "note"
    text: str


def _blocks(text: str, *, language: str) -> list[_Block]:
    """The Markdown subset of the NDA texts: headings, ``-`` or ``*`` items, paragraphs."""
    joiner = "" if language == "zh" else " "
    blocks: list[_Block] = []
    current: list[str] = []
    kind = "para"

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append(_Block(kind, joiner.join(current)))
        current, kind = [], "para"

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("# "):
            flush()
            blocks.append(_Block("h1", line[2:].strip()))
        elif line.startswith(("## ", "### ")):
            flush()
            blocks.append(_Block("h2", line.lstrip("#").strip()))
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


_STYLES = {
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
    style = _STYLES[kind]
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


def _flowable(block: _Block, *, language: str, fonts: DejaVuSans | None) -> Flowable:
    right_to_left = language in RTL
    if block.kind == "digest":
        style = ParagraphStyle("digest", fontName=_DIGEST_FONT, fontSize=9, leading=12, alignment=TA_RIGHT if right_to_left else TA_LEFT)
        return Paragraph(escape(block.text), style)
    style = _paragraph_style(block.kind, fonts=fonts, chinese=language == "zh", right_to_left=right_to_left)
    bold = _STYLES[block.kind].bold
    bullet = (_BULLET if fonts else _CJK_BULLET) if block.kind == "item" else None
    if right_to_left:
        return RightToLeftParagraph(block.text, style, font_for=_font_picker(fonts, bold=bold), bullet=bullet)
    return Paragraph(_markup(block.text, fonts=fonts, bold=bold), style, bulletText=bullet)


def _one_line(value: object, *, field: str) -> str:
    if not isinstance(value, str):
        raise invalid(gettext_noop("must be text; found %(found)s"), field=field, found=type(value).__name__)
    line = " ".join(value.split())
    if not line:
        raise invalid(gettext_noop("must not be blank"), field=field)
    if len(line) > _MAX_LINE:
        raise invalid(gettext_noop("must be at most %(limit)d characters; found %(found)d"), field=field, limit=_MAX_LINE, found=len(line))
    return line


def signed_nda_pdf(
    *,
    text: str,
    language: str,
    title: str,
    signatory: str,
    account_name: str = "",
    delegation: str = "",
    signed_at: str,
    digest: str,
    assertion_summary: str,
) -> bytes:
    """The NDA ``text`` as signed, with its signature record, as PDF bytes.

    ``digest`` is the hex SHA-256 from ``nda_digest`` (printed, not recomputed: the caller holds
    the version number).  Raises ``InvalidInputError`` for an unknown language, a digest that is
    not 64 lower-case hex digits, or blank or over-long values, and ``FontMissingError`` when the
    text needs DejaVu Sans and the machine has none.
    """
    language = check_language(language)
    if not isinstance(text, str) or not text.strip():
        raise invalid(gettext_noop("must not be blank"), field="text")
    if len(text) > _MAX_TEXT:
        raise invalid(gettext_noop("must be at most %(limit)d characters; found %(found)d"), field="text", limit=_MAX_TEXT, found=len(text))
    if not isinstance(digest, str) or not _HEX_DIGEST.fullmatch(digest):
        raise invalid(
            gettext_noop("must be a SHA-256 digest, 64 lower-case hexadecimal digits; found %(found)s"),
            field="digest",
            found=repr(digest)[:80],
        )
    title = _one_line(title, field="title")
    signatory = _one_line(signatory, field="signatory")
    account_name = _one_line(account_name, field="account_name") if account_name else ""
    delegation = _one_line(delegation, field="delegation") if delegation else ""
    signed_at = _one_line(signed_at, field="signed_at")
    assertion_summary = _one_line(assertion_summary, field="assertion_summary")
    text = unicodedata.normalize("NFC", text)
    labels = _Labels(**signature_labels(language))

    blocks = [
        _Block("title", title),
        *_blocks(text, language=language),
        _Block("h2", labels.signed),
        _Block("para", f"{labels.signatory}: {signatory}"),
        *([_Block("para", f"{labels.account}: {account_name}")] if account_name else []),
        *([_Block("note", labels.name_differs)] if account_name and comparable_name(account_name) != comparable_name(signatory) else []),
        *([_Block("para", f"{labels.delegation}: {delegation}")] if delegation else []),
        _Block("para", f"{labels.signed_at}: {signed_at}"),
        _Block("para", f"{labels.assertion}: {assertion_summary}"),
        _Block("para", f"{labels.digest}:"),
        _Block("digest", digest),
        _Block("note", labels.note),
    ]
    cid_font()
    fonts = _choose_fonts([b.text for b in blocks if b.kind != "digest"], language=language)

    story: list[Flowable] = []
    for block in blocks:
        if block.kind == "h2" and block.text == labels.signed:
            story += [Spacer(1, 8), HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceAfter=4)]
        story.append(_flowable(block, language=language, fonts=fonts))

    def footer(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(_DIGEST_FONT, 7)
        canvas.setFillColor(colors.dimgrey)
        canvas.drawCentredString(A4[0] / 2, MARGIN / 2, f"SHA-256 {digest}  ·  {document.page}")
        canvas.restoreState()

    return document_pdf(story, title=title, subject=f"SHA-256 {digest}", language=language, right_to_left=language in RTL, on_page=footer)
