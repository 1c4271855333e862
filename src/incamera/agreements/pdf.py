"""The signed NDA as a PDF (issue 5 §2): the text as signed, then who signed, when, and the digest.

The text is the Markdown of ``agreements/texts.py`` (``#`` and ``##`` headings, paragraphs, ``-``
lists); everything else prints as typed, escaped.  Every page's footer carries the full SHA-256
digest, so a single page still names the text it belongs to.  Output is deterministic (ReportLab's
invariant mode): the same input gives the same bytes.

Fonts (docs/decisions/0010-nda-texts-and-pdf.md):

| text | font |
|---|---|
| Chinese (CJK ideographs, CJK punctuation, full-width forms) | Adobe's standard CID font STSong-Light, referenced, no file |
| everything else: Latin, Cyrillic, Arabic | DejaVu Sans, a TrueType file from the system, embedded as a subset |
| the digest | Courier, PDF base-14 |

DejaVu Sans is looked for in ``$INCAMERA_FONT_DIR`` when it is set, otherwise in a few known
folders (Debian's ``fonts-dejavu-core`` first).  A Chinese text that holds no character outside
STSong-Light's repertoire needs no font file at all; any other text without DejaVu Sans raises
``FontMissingError``, which tells the operator what to install.

Arabic is shaped with ``arabic-reshaper`` (contextual forms and lam-alef ligatures, as Unicode
presentation forms) and put in display order with ``python-bidi`` (Unicode Bidirectional Algorithm,
UAX #9, with mirroring).  Right-to-left paragraphs are broken into lines in logical order first and
reordered line by line, then right-aligned: reordering a whole paragraph before breaking it would
put its end on its first line.  Arabic vowel marks (harakat) are left out of the PDF, which cannot
position them without a shaping engine; the letters are those of the signed text.

Pure: no Django.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import arabic_reshaper  # type: ignore[import-untyped]
from bidi.algorithm import get_display  # type: ignore[import-untyped]
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from incamera.agreements.texts import RTL, check_language
from incamera.kernel.errors import ConfigurationError, InvalidInputError

__all__ = ["FONT_DIRS", "FONT_DIR_ENV", "FontMissingError", "signed_nda_pdf"]

FONT_DIR_ENV = "INCAMERA_FONT_DIR"
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu: fonts-dejavu-core
    "/usr/share/fonts/dejavu-sans-fonts",  # Fedora, RHEL: dejavu-sans-fonts
    "/usr/share/fonts/dejavu",  # Alpine: font-dejavu
    "/usr/share/fonts/TTF",  # Arch: ttf-dejavu
    "/usr/local/share/fonts/dejavu",  # FreeBSD: dejavu
)
_REGULAR_FILE = "DejaVuSans.ttf"
_BOLD_FILE = "DejaVuSans-Bold.ttf"

_CJK = "STSong-Light"
_DIGEST_FONT = "Courier"
_MARGIN = 20 * mm
_MAX_TEXT = 60_000  # characters: ten times the longest template, still a few pages
_MAX_LINE = 500  # characters for the title, the signatory, the time and the assertion summary
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
_LRE, _PDF = "\u202a", "\u202c"  # left-to-right embedding, pop directional formatting

# Code points printed with STSong-Light in any document (Adobe-GB1).
_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x30FF),  # CJK punctuation, hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # full-width and half-width forms
)
# In a Chinese document STSong-Light also prints ASCII and the punctuation Chinese text uses, so
# that a Chinese NDA needs no font file unless a name or a value brings another script.
_CJK_ALSO_IN_CHINESE = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("“”‘’—…·–")

# Arabic without harakat (see the module docstring); lam-alef ligatures kept.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": True, "support_ligatures": True})


@dataclass(frozen=True)
class _Labels:
    signed: str
    signatory: str
    signed_at: str
    digest: str
    assertion: str
    note: str


_LABELS = {
    "ar": _Labels(
        signed="التوقيع الإلكتروني",
        signatory="الموقِّع",
        signed_at="وقت التوقيع",
        digest="البصمة الرقمية (SHA-256)",
        assertion="تأكيد مفتاح المرور",
        note="البصمة الرقمية هي SHA-256 للنص أعلاه بترميزه القياسي مع لغته ورقم إصداره (incamera-nda-digest-v1).",
    ),
    "zh": _Labels(
        signed="电子签署",
        signatory="签署人",
        signed_at="签署时间",
        digest="摘要值（SHA-256）",
        assertion="通行密钥断言",
        note="摘要值为上述文本连同其语言和版本号按规范编码（incamera-nda-digest-v1）计算的 SHA-256 值。",
    ),
    "en": _Labels(
        signed="Signed electronically",
        signatory="Signatory",
        signed_at="Signed at",
        digest="Digest (SHA-256)",
        assertion="Passkey assertion",
        note="The digest is the SHA-256 of the canonical encoding of the text above with its language and version (incamera-nda-digest-v1).",
    ),
    "fr": _Labels(
        signed="Signature électronique",
        signatory="Signataire",
        signed_at="Signé le",
        digest="Empreinte (SHA-256)",
        assertion="Assertion de la clé d'accès",
        note="L'empreinte est le SHA-256 de l'encodage canonique du texte ci-dessus, avec sa langue et sa version (incamera-nda-digest-v1).",
    ),
    "ru": _Labels(
        signed="Электронная подпись",
        signatory="Подписант",
        signed_at="Время подписания",
        digest="Хеш-сумма (SHA-256)",
        assertion="Подтверждение ключом доступа",
        note="Хеш-сумма — SHA-256 канонической кодировки приведённого выше текста вместе с его языком и редакцией (incamera-nda-digest-v1).",
    ),
    "es": _Labels(
        signed="Firma electrónica",
        signatory="Firmante",
        signed_at="Firmado el",
        digest="Huella digital (SHA-256)",
        assertion="Aserción de la llave de acceso",
        note="La huella digital es el SHA-256 de la codificación canónica del texto anterior, con su idioma y su versión (incamera-nda-digest-v1).",
    ),
}


class FontMissingError(ConfigurationError):
    """No usable font file for the text: the operator has to install one (the message says which)."""


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation, unchanged (makemessages extracts these calls)."""
    return message


def _invalid(template: str, *, field: str, **params: object) -> InvalidInputError:
    return InvalidInputError(template % params, field=field, template=template, params=params)


# --- fonts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


def _font_dirs() -> tuple[list[Path], str]:
    override = os.environ.get(FONT_DIR_ENV, "").strip()
    if override:
        return [Path(override)], f"{FONT_DIR_ENV}={override}"
    return [Path(d) for d in FONT_DIRS], ", ".join(FONT_DIRS)


def _find(name: str, dirs: Sequence[Path]) -> Path | None:
    return next((d / name for d in dirs if (d / name).is_file()), None)


@functools.cache
def _register(path: str, digest: str) -> str:
    # ReportLab's font registry is process-wide and keyed by name: name the font after its file's
    # content, so that another file found later (another INCAMERA_FONT_DIR) is not shadowed.
    name = f"DejaVuSans-{digest[:12]}"
    font = TTFont(name, path)
    missing = [c for c in ("A", "Ж", "ا", "\ufedf") if ord(c) not in font.face.charToGlyph]
    if missing:
        raise FontMissingError(
            f"{path} has no glyph for {', '.join(f'U+{ord(c):04X}' for c in missing)}; it cannot print Latin, Cyrillic and "
            "Arabic text. Install the Debian package fonts-dejavu-core, or set INCAMERA_FONT_DIR to a folder holding DejaVuSans.ttf"
        )
    pdfmetrics.registerFont(font)
    return name


def _load(path: Path) -> str:
    return _register(str(path), hashlib.sha256(path.read_bytes()).hexdigest())


def _fonts() -> _Fonts:
    dirs, searched = _font_dirs()
    regular = _find(_REGULAR_FILE, dirs)
    if regular is None:
        raise FontMissingError(
            f"no {_REGULAR_FILE} in {searched}: signed NDAs need it for Latin, Cyrillic and Arabic text. "
            "Install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core), "
            f"or set {FONT_DIR_ENV} to a folder holding {_REGULAR_FILE}"
        )
    regular_name = _load(regular)
    bold = _find(_BOLD_FILE, dirs)
    try:
        bold_name = _load(bold) if bold is not None else regular_name
    except FontMissingError:  # a bold face without Arabic: headings print in the regular face
        bold_name = regular_name
    return _Fonts(regular=regular_name, bold=bold_name)


@functools.cache
def _register_cjk() -> None:
    # Registered on first use, not at import: the registry is process-wide.
    pdfmetrics.registerFont(UnicodeCIDFont(_CJK))


def _is_cjk(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _CJK_RANGES)


def _choose_fonts(strings: Sequence[str], *, language: str) -> _Fonts | None:
    """DejaVu Sans, or ``None`` for a Chinese text STSong-Light prints alone (ASCII, CJK)."""
    try:
        return _fonts()
    except FontMissingError:
        if language == "zh" and all(_is_cjk(c) or c in _CJK_ALSO_IN_CHINESE for text in strings for c in text if not c.isspace()):
            return None
        raise


# --- text ------------------------------------------------------------------------------------


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in {"R", "AL"}


def _shape(text: str) -> str:
    """Arabic letters in their contextual forms, still in logical order."""
    return str(_RESHAPER.reshape(text)) if any(_is_rtl(c) for c in text) else text


def _embed_left_to_right(line: str) -> str:
    """Each stretch of left-to-right text in a right-to-left line, wrapped in LRE … PDF.

    A stretch lies between two right-to-left letters (or Arabic digits), runs from its first to its
    last left-to-right letter or European digit, and holds at least one letter: "12–13 March 2026"
    keeps its order instead of UAX #9 turning the digits after Arabic into "13–12".  Digits alone
    stay with the Arabic around them.  (python-bidi's UAX #9 knows embeddings, not isolates.)
    """
    pieces: list[str] = []
    kinds = [unicodedata.bidirectional(c) for c in line]
    start = 0
    for end in [*(i for i, kind in enumerate(kinds) if kind in {"R", "AL", "AN"}), len(line)]:
        strong = [i for i in range(start, end) if kinds[i] in {"L", "EN"}]
        if strong and any(kinds[i] == "L" for i in strong):
            first, last = strong[0], strong[-1] + 1
            pieces += [line[start:first], _LRE, line[first:last], _PDF, line[last:end]]
        else:
            pieces.append(line[start:end])
        pieces.append(line[end : end + 1])
        start = end + 1
    return "".join(pieces)


def _visual(line: str, *, base: str) -> str:
    """One line of shaped text in display order (UAX #9, with mirroring), ``base`` "L" or "R"."""
    if base == "R":
        return str(get_display(_embed_left_to_right(line), base_dir="R"))
    return str(get_display(line, base_dir="L")) if any(_is_rtl(c) for c in line) else line


def _runs(text: str, *, fonts: _Fonts | None, bold: bool) -> list[tuple[str, str]]:
    """``text`` cut into (font, run) pieces; a space stays with the run before it."""
    if fonts is None:
        return [(_CJK, text)]
    latin = fonts.bold if bold else fonts.regular
    runs: list[tuple[str, str]] = []
    for char in text:
        font = _CJK if _is_cjk(char) else latin
        if runs and (char.isspace() or runs[-1][0] == font):
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def _markup(text: str, *, fonts: _Fonts | None, bold: bool) -> str:
    """One left-to-right paragraph as ReportLab markup, escaped, with a font per run."""
    if any(_is_rtl(c) for c in text):
        # An Arabic name in an English text: shaped and ordered as one line (see the ADR's limits).
        text = _visual(_shape(text), base="L")
    return "".join(f'<font name="{font}">{escape(run)}</font>' for font, run in _runs(text, fonts=fonts, bold=bold))


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


def _width(text: str, *, fonts: _Fonts | None, size: float, bold: bool) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in _runs(text, fonts=fonts, bold=bold))


class _RightToLeft(Flowable):
    """A right-to-left paragraph: broken in logical order, each line reordered, right-aligned."""

    def __init__(self, shaped: str, *, style: _Style, fonts: _Fonts | None, bullet: bool) -> None:
        super().__init__()
        self._shaped = shaped  # logical order, letters already in their contextual forms
        self._style = style
        self._fonts = fonts
        self._bullet = bullet
        self._lines: list[str] = []
        self.width = 0.0
        self.height = 0.0

    def _measure(self, text: str) -> float:
        return _width(text, fonts=self._fonts, size=self._style.size, bold=self._style.bold)

    def _break(self, width: float) -> list[str]:
        lines: list[str] = []
        line = ""
        for word in self._shaped.split():
            candidate = f"{line} {word}" if line else word
            if not line or self._measure(candidate) <= width:
                line = candidate
            else:
                lines.append(line)
                line = word
            while len(line) > 1 and self._measure(line) > width:  # a word longer than the line: cut it
                cut = len(line) - 1
                while cut > 1 and self._measure(line[:cut]) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
        if line:
            lines.append(line)
        return lines or [""]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's signature)
        self._lines = self._break(aW - self._style.indent)
        self.width = aW
        self.height = len(self._lines) * self._style.leading
        return self.width, self.height

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        lines = self._break(aW - self._style.indent)
        fits = int(aH // self._style.leading)
        if fits < 1:
            return []
        if fits >= len(lines):
            return [self]
        head = _RightToLeft(" ".join(lines[:fits]), style=self._style, fonts=self._fonts, bullet=self._bullet)
        tail = _RightToLeft(" ".join(lines[fits:]), style=self._style, fonts=self._fonts, bullet=False)
        return [head, tail]

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return self._style.space_before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self._style.space_after

    def draw(self) -> None:
        canvas = self.canv
        style = self._style
        baseline = self.height - style.size
        for number, line in enumerate(self._lines):
            visual = _visual(line, base="R")
            x = self.width - style.indent - self._measure(visual)
            for font, run in _runs(visual, fonts=self._fonts, bold=style.bold):
                canvas.setFont(font, style.size)
                canvas.drawString(x, baseline, run)
                x += pdfmetrics.stringWidth(run, font, style.size)
            if number == 0 and self._bullet:
                canvas.setFont(self._fonts.regular if self._fonts else _CJK, style.size)
                canvas.drawRightString(self.width, baseline, _BULLET)
            baseline -= style.leading


def _paragraph_style(kind: str, *, fonts: _Fonts | None, chinese: bool) -> ParagraphStyle:
    style = _STYLES[kind]
    base = _CJK if chinese or fonts is None else (fonts.bold if style.bold else fonts.regular)
    return ParagraphStyle(
        kind,
        fontName=base,
        fontSize=style.size,
        leading=style.leading,
        spaceBefore=style.space_before,
        spaceAfter=style.space_after,
        leftIndent=style.indent,
        bulletIndent=0,
        alignment=TA_LEFT,
        wordWrap="CJK" if chinese else None,
        textColor=colors.dimgrey if kind in {"title", "note"} else colors.black,
    )


def _flowable(block: _Block, *, language: str, fonts: _Fonts | None) -> Flowable:
    chinese = language == "zh"
    if block.kind == "digest":
        style = ParagraphStyle("digest", fontName=_DIGEST_FONT, fontSize=9, leading=12, alignment=TA_RIGHT if language in RTL else TA_LEFT)
        return Paragraph(escape(block.text), style)
    if language in RTL:
        return _RightToLeft(_shape(block.text), style=_STYLES[block.kind], fonts=fonts, bullet=block.kind == "item")
    style = _paragraph_style(block.kind, fonts=fonts, chinese=chinese)
    markup = _markup(block.text, fonts=fonts, bold=_STYLES[block.kind].bold)
    if block.kind == "item":
        if fonts is None:
            style.bulletFontName = _CJK
            return Paragraph(markup, style, bulletText=_CJK_BULLET)
        style.bulletFontName = fonts.regular
        return Paragraph(markup, style, bulletText=_BULLET)
    return Paragraph(markup, style)


def _one_line(value: object, *, field: str) -> str:
    if not isinstance(value, str):
        raise _invalid(gettext_noop("must be text; found %(found)s"), field=field, found=type(value).__name__)
    line = " ".join(value.split())
    if not line:
        raise _invalid(gettext_noop("must not be blank"), field=field)
    if len(line) > _MAX_LINE:
        raise _invalid(gettext_noop("must be at most %(limit)d characters; found %(found)d"), field=field, limit=_MAX_LINE, found=len(line))
    return line


def signed_nda_pdf(*, text: str, language: str, title: str, signatory: str, signed_at: str, digest: str, assertion_summary: str) -> bytes:
    """The NDA ``text`` as signed, with its signature record, as PDF bytes.

    ``digest`` is the hex SHA-256 from ``nda_digest`` (printed, not recomputed: the caller holds
    the version number).  Raises ``InvalidInputError`` for an unknown language, a digest that is
    not 64 lower-case hex digits, or blank or over-long values, and ``FontMissingError`` when the
    text needs DejaVu Sans and the machine has none.
    """
    language = check_language(language)
    if not isinstance(text, str) or not text.strip():
        raise _invalid(gettext_noop("must not be blank"), field="text")
    if len(text) > _MAX_TEXT:
        raise _invalid(
            gettext_noop("must be at most %(limit)d characters; found %(found)d"), field="text", limit=_MAX_TEXT, found=len(text)
        )
    if not isinstance(digest, str) or not _HEX_DIGEST.fullmatch(digest):
        raise _invalid(
            gettext_noop("must be a SHA-256 digest, 64 lower-case hexadecimal digits; found %(found)s"),
            field="digest",
            found=repr(digest)[:80],
        )
    title = _one_line(title, field="title")
    signatory = _one_line(signatory, field="signatory")
    signed_at = _one_line(signed_at, field="signed_at")
    assertion_summary = _one_line(assertion_summary, field="assertion_summary")
    text = unicodedata.normalize("NFC", text)
    labels = _LABELS[language]

    blocks = [
        _Block("title", title),
        *_blocks(text, language=language),
        _Block("h2", labels.signed),
        _Block("para", f"{labels.signatory}: {signatory}"),
        _Block("para", f"{labels.signed_at}: {signed_at}"),
        _Block("para", f"{labels.assertion}: {assertion_summary}"),
        _Block("para", f"{labels.digest}:"),
        _Block("digest", digest),
        _Block("note", labels.note),
    ]
    _register_cjk()
    fonts = _choose_fonts([b.text for b in blocks if b.kind != "digest"], language=language)

    story: list[Flowable] = []
    for block in blocks:
        if block.kind == "h2" and block.text == labels.signed:
            story += [Spacer(1, 8), HRFlowable(width="100%", thickness=0.5, color=colors.grey, spaceAfter=4)]
        story.append(_flowable(block, language=language, fonts=fonts))

    def footer(canvas: Canvas, document: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(_DIGEST_FONT, 7)
        canvas.setFillColor(colors.dimgrey)
        canvas.drawCentredString(A4[0] / 2, _MARGIN / 2, f"SHA-256 {digest}  ·  {document.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=title,
        subject=f"SHA-256 {digest}",
        author="",
        creator="incamera",
        lang=language,
        direction="R2L" if language in RTL else None,
        invariant=True,
        pageCompression=1,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
