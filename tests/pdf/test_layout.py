"""Right-to-left paragraphs: broken in logical order, each line reordered, aligned right or centred."""

from __future__ import annotations

import itertools
import re

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle

from incamera.pdf.document import A4, MARGIN, document_pdf
from incamera.pdf.fonts import dejavu_sans, font_for
from incamera.pdf.layout import RightToLeftParagraph
from tests.pdf.conftest import chunks_of


def paragraph(text: str, **style: object) -> RightToLeftParagraph:
    fonts = dejavu_sans()
    return RightToLeftParagraph(
        text,
        ParagraphStyle("rtl", fontSize=10, leading=14, bulletFontName=fonts.regular, **style),
        font_for=lambda char: font_for(char, other=fonts.regular),
        bullet="•" if style.pop("bullet", False) else None,
    )


def test_a_long_paragraph_flows_over_lines_and_pages_in_reading_order() -> None:
    sentence = "الجملة P{n:03d}Q من نص طويل لاختبار الانتقال بين الأسطر والصفحات."
    pdf = document_pdf([paragraph(" ".join(sentence.format(n=n) for n in range(1, 300)))], title="Long")
    marks = [(page, -y, int(n)) for page, _, y, text in chunks_of(pdf) for n in re.findall(r"P(\d{3})Q", text)]
    assert sorted(n for *_, n in marks) == list(range(1, 300))  # nothing lost, nothing twice
    assert len({page for page, *_ in marks}) >= 2
    lines = [sorted(n for *_, n in group) for _, group in itertools.groupby(sorted(marks), key=lambda mark: mark[:2])]
    assert len(lines) > 20
    assert all(max(earlier) < min(later) for earlier, later in itertools.pairwise(lines))  # top line first, first page first


def test_lines_are_aligned_right_or_centred() -> None:
    right_edge = A4[0] - MARGIN - 6  # ReportLab's frame pads its content by 6 pt
    short = "سلام عليكم"
    (right,) = [x for _, x, _, _ in chunks_of(document_pdf([paragraph(short)], title="Right"))]
    (centred,) = [x for _, x, _, _ in chunks_of(document_pdf([paragraph(short, alignment=TA_CENTER)], title="Centred"))]
    width = right_edge - right
    assert 20 < width < 100  # a short line ends at the right margin
    assert abs(centred - (A4[0] - width) / 2) < 1


def test_a_bullet_is_drawn_at_the_right_of_the_first_line_only() -> None:
    long_item = " ".join(["بند طويل من قائمة"] * 30)
    chunks = chunks_of(document_pdf([paragraph(long_item, bullet=True, rightIndent=12)], title="List"))
    bullets = [(x, y) for _, x, y, text in chunks if text.strip() == "•"]
    assert len(bullets) == 1
    first_line = max(y for _, _, y, _ in chunks)
    assert bullets[0][1] == first_line
    assert bullets[0][0] > max(x for _, x, _, text in chunks if text.strip() != "•")  # right of every line's start
