"""Deterministic PDFs: the same input gives the same bytes.

Every PDF incamera makes goes through ``document_pdf`` (flowing text on A4) or ``canvas_pdf``
(pages drawn by hand).  Both use ReportLab's invariant mode, which leaves out the creation time and
derives the document ID from the content, leave the author empty and name "incamera" as the
creator: a PDF tells no more about who made it, or when, than what it prints.  Pages are
compressed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

__all__ = ["A4", "MARGIN", "canvas_pdf", "document_pdf"]

MARGIN = 20 * mm
_CREATOR = "incamera"


def document_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    subject: str = "",
    margin: float = MARGIN,
    language: str | None = None,
    right_to_left: bool = False,
    on_page: Callable[[Canvas, Any], object] | None = None,
) -> bytes:
    """``story`` laid out on A4 pages with ``margin`` on every side, as PDF bytes.

    ``language`` (a BCP 47 tag) becomes the document's ``/Lang``; ``right_to_left`` sets
    ``/Direction /R2L``.  ``on_page(canvas, document)`` draws on every page (a footer, a number).
    """
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        subject=subject,
        author="",
        creator=_CREATOR,
        lang=language,
        direction="R2L" if right_to_left else None,
        invariant=True,
        pageCompression=1,
    )
    if on_page is None:
        document.build(list(story))
    else:
        document.build(list(story), onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()


def canvas_pdf(draw: Callable[[Canvas], None], *, title: str, pagesize: tuple[float, float] = A4) -> bytes:
    """The pages ``draw`` makes on a fresh canvas (``canvas.showPage()`` starts the next), as PDF bytes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize, invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("")
    canvas.setCreator(_CREATOR)
    draw(canvas)
    canvas.save()
    return buffer.getvalue()
