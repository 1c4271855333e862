"""Right-to-left paragraphs for ReportLab (docs/decisions/0010-nda-texts-and-pdf.md, "Arabic").

ReportLab's ``Paragraph`` breaks lines left to right.  ``RightToLeftParagraph`` breaks a shaped
paragraph into lines in logical order, measured with the real font metrics, then puts each line in
display order (``shaping.display_order``) and draws it aligned right, or centred.  A paragraph too
long for the frame splits between lines, so it flows over pages in reading order.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from incamera.pdf.shaping import display_order, shape, split_runs

__all__ = ["RightToLeftParagraph"]


class RightToLeftParagraph(Flowable):
    """A right-to-left paragraph of ``text``, set in the fonts ``font_for`` picks for each character.

    From ``style`` it takes the font size, leading, space before and after, text colour, the
    alignment (``TA_CENTER`` centres, anything else aligns right), ``rightIndent`` (where lines
    start) and ``leftIndent``.  ``bullet`` is drawn at the right edge of the first line, in
    ``style.bulletFontName``.
    """

    def __init__(self, text: str, style: ParagraphStyle, *, font_for: Callable[[str], str], bullet: str | None = None) -> None:
        super().__init__()
        self._shaped = shape(" ".join(text.split()))  # logical order, letters in their contextual forms
        self._style = style
        self._font_for = font_for
        self._bullet = bullet
        self._lines: list[str] = []
        self.width = 0.0
        self.height = 0.0

    def _measure(self, text: str) -> float:
        size = self._style.fontSize
        return sum(pdfmetrics.stringWidth(run, font, size) for font, run in split_runs(text, self._font_for))

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

    def _available(self, width: float) -> float:
        return width - self._style.rightIndent - self._style.leftIndent

    def _part(self, lines: list[str], *, bullet: str | None) -> RightToLeftParagraph:
        # A new flowable, not a copy: ReportLab marks a flowable it had to postpone (``_postponed``).
        part = RightToLeftParagraph("", self._style, font_for=self._font_for, bullet=bullet)
        part._shaped = " ".join(lines)  # already shaped
        return part

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 (ReportLab's signature)
        self._lines = self._break(self._available(aW))
        self.width = aW
        self.height = len(self._lines) * self._style.leading
        return self.width, self.height

    def split(self, aW: float, aH: float, /) -> list[Flowable]:  # noqa: N803
        lines = self._break(self._available(aW))
        fits = int(aH // self._style.leading)
        if fits < 1:
            return []
        if fits >= len(lines):
            return [self]
        return [self._part(lines[:fits], bullet=self._bullet), self._part(lines[fits:], bullet=None)]

    def getSpaceBefore(self) -> float:  # noqa: N802 (ReportLab's name)
        return float(self._style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self._style.spaceAfter)

    def draw(self) -> None:
        canvas = self.canv
        style = self._style
        size = style.fontSize
        canvas.setFillColor(style.textColor)
        baseline = self.height - size
        for number, line in enumerate(self._lines):
            visual = display_order(line, base="R")
            width = self._measure(visual)
            if style.alignment == TA_CENTER:
                x = style.leftIndent + (self._available(self.width) - width) / 2
            else:
                x = self.width - style.rightIndent - width
            for font, run in split_runs(visual, self._font_for):
                canvas.setFont(font, size)
                canvas.drawString(x, baseline, run)
                x += pdfmetrics.stringWidth(run, font, size)
            if number == 0 and self._bullet:
                canvas.setFont(style.bulletFontName, size)
                canvas.drawRightString(self.width, baseline, self._bullet)
            baseline -= style.leading
