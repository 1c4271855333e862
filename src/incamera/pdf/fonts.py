"""Fonts for PDFs: DejaVu Sans from the system, Adobe's standard CID fonts by name, and which font
prints which character (docs/decisions/0007-pdf-library.md, 0010-nda-texts-and-pdf.md).

| text | font | how |
|---|---|---|
| CJK ideographs and punctuation, kana, bopomofo, full-width forms (``CJK_RANGES``) | STSong-Light | Adobe's standard CID font (Adobe-GB1), referenced by name, no file |
| Latin, Greek, Cyrillic, Arabic (``ARABIC_RANGES``) | DejaVu Sans | TrueType from the system, embedded as a subset |

DejaVu Sans is looked for in ``$INCAMERA_FONT_DIR`` when it is set, otherwise in ``FONT_DIRS``
(Debian's ``fonts-dejavu-core`` first).  A file without Latin, Cyrillic and Arabic glyphs (the
Arabic presentation forms included) is refused.  ``FontMissingError`` tells the operator what to
install.  ReportLab's font registry is process-wide and keyed by name: fonts are registered on
first use, once, never at import.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

from incamera.kernel.errors import ConfigurationError

__all__ = [
    "ARABIC_RANGES",
    "CJK_FONT",
    "CJK_RANGES",
    "FONT_DIRS",
    "FONT_DIR_ENV",
    "DejaVuSans",
    "FontMissingError",
    "cid_font",
    "dejavu_sans",
    "font_for",
    "is_arabic",
    "is_cjk",
]

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
# A letter of each script DejaVu Sans must print: Latin, Cyrillic, Arabic, an Arabic presentation form.
_REQUIRED = ("A", "Ж", "ا", "\ufedf")

CJK_FONT = "STSong-Light"

# Code points printed with the CJK font (Adobe-GB1) whatever the document's language.
CJK_RANGES = (
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
# Code points of the Arabic script, letters in logical order and their presentation forms.
ARABIC_RANGES = (
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic supplement
    (0x08A0, 0x08FF),  # Arabic extended-A
    (0xFB50, 0xFDFF),  # Arabic presentation forms-A
    (0xFE70, 0xFEFE),  # Arabic presentation forms-B (U+FEFF is the byte-order mark)
)


class FontMissingError(ConfigurationError):
    """No usable font file: the operator has to install one (the message says which)."""


def _in(ranges: Sequence[tuple[int, int]], char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


def is_cjk(char: str) -> bool:
    """Whether ``char`` is printed with the CJK font (``CJK_RANGES``)."""
    return _in(CJK_RANGES, char)


def is_arabic(char: str) -> bool:
    """Whether ``char`` belongs to the Arabic script (``ARABIC_RANGES``)."""
    return _in(ARABIC_RANGES, char)


def font_for(char: str, *, other: str) -> str:
    """The font that prints ``char``: the CJK font for CJK, ``other`` for everything else."""
    return CJK_FONT if is_cjk(char) else other


@functools.cache
def cid_font(name: str = CJK_FONT) -> str:
    """Register Adobe's standard CID font ``name`` (once per process) and return its name."""
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


@dataclass(frozen=True)
class DejaVuSans:
    """DejaVu Sans as registered with ReportLab: the names of its regular and bold faces."""

    regular: str
    bold: str
    glyphs: frozenset[int] = field(repr=False, compare=False)  # code points the regular face prints

    def prints(self, char: str) -> bool:
        """Whether the regular face has a glyph for ``char``."""
        return ord(char) in self.glyphs


def _font_dirs() -> tuple[list[Path], str]:
    override = os.environ.get(FONT_DIR_ENV, "").strip()
    if override:
        return [Path(override)], f"{FONT_DIR_ENV}={override}"
    return [Path(d) for d in FONT_DIRS], ", ".join(FONT_DIRS)


def _find(name: str, dirs: Sequence[Path]) -> Path | None:
    return next((d / name for d in dirs if (d / name).is_file()), None)


@functools.cache
def _register(path: str, digest: str) -> tuple[str, frozenset[int]]:
    # The registry is keyed by name: name the font after its file's content, so that another file
    # found later (another INCAMERA_FONT_DIR) is not shadowed by the first.
    name = f"DejaVuSans-{digest[:12]}"
    font = TTFont(name, path)
    glyphs = frozenset(font.face.charToGlyph)
    missing = [c for c in _REQUIRED if ord(c) not in glyphs]
    if missing:
        raise FontMissingError(
            f"{path} has no glyph for {', '.join(f'U+{ord(c):04X}' for c in missing)}; it cannot print Latin, Cyrillic and "
            f"Arabic text. Install the Debian package fonts-dejavu-core, or set {FONT_DIR_ENV} to a folder holding {_REGULAR_FILE}"
        )
    pdfmetrics.registerFont(font)
    return name, glyphs


def _load(path: Path) -> tuple[str, frozenset[int]]:
    return _register(str(path), hashlib.sha256(path.read_bytes()).hexdigest())


def dejavu_sans() -> DejaVuSans:
    """DejaVu Sans, found and registered (each file once per process).

    Raises ``FontMissingError`` when the regular face is missing or cannot print Latin, Cyrillic
    and Arabic.  A missing or Arabic-less bold face falls back to the regular one.
    """
    dirs, searched = _font_dirs()
    regular = _find(_REGULAR_FILE, dirs)
    if regular is None:
        raise FontMissingError(
            f"no {_REGULAR_FILE} in {searched}: PDFs need it for Latin, Cyrillic and Arabic text. "
            "Install the Debian package fonts-dejavu-core (apt-get install fonts-dejavu-core), "
            f"or set {FONT_DIR_ENV} to a folder holding {_REGULAR_FILE}"
        )
    regular_name, glyphs = _load(regular)
    bold = _find(_BOLD_FILE, dirs)
    try:
        bold_name = _load(bold)[0] if bold is not None else regular_name
    except FontMissingError:  # a bold face without Arabic: bold text prints in the regular face
        bold_name = regular_name
    return DejaVuSans(regular=regular_name, bold=bold_name, glyphs=glyphs)
