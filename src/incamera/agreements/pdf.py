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
from dataclasses import dataclass

from reportlab.platypus import Flowable

from incamera.agreements.texts import RTL, check_language, signature_labels
from incamera.kernel.messages import gettext_noop, invalid
from incamera.kernel.text import comparable_name
from incamera.pdf.document import document_pdf
from incamera.pdf.fonts import cid_font
from incamera.pdf.text import Block, choose_fonts, digest_footer, flowable, rule
from incamera.pdf.text import blocks as text_blocks

__all__ = ["signed_nda_pdf"]

_MAX_TEXT = 60_000  # characters: ten times the longest template, still a few pages
_MAX_LINE = 500  # characters for the title, the signatory, the time and the assertion summary
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")


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
        Block("title", title),
        *text_blocks(text, language=language),
        Block("h2", labels.signed),
        Block("para", f"{labels.signatory}: {signatory}"),
        *([Block("para", f"{labels.account}: {account_name}")] if account_name else []),
        *([Block("note", labels.name_differs)] if account_name and comparable_name(account_name) != comparable_name(signatory) else []),
        *([Block("para", f"{labels.delegation}: {delegation}")] if delegation else []),
        Block("para", f"{labels.signed_at}: {signed_at}"),
        Block("para", f"{labels.assertion}: {assertion_summary}"),
        Block("para", f"{labels.digest}:"),
        Block("digest", digest),
        Block("note", labels.note),
    ]
    cid_font()
    fonts = choose_fonts([b.text for b in blocks if b.kind != "digest"], language=language)

    story: list[Flowable] = []
    for block in blocks:
        if block.kind == "h2" and block.text == labels.signed:
            story += rule()
        story.append(flowable(block, language=language, fonts=fonts, right_to_left=language in RTL))

    return document_pdf(
        story, title=title, subject=f"SHA-256 {digest}", language=language, right_to_left=language in RTL, on_page=digest_footer(digest)
    )
