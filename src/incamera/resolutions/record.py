"""The adopted resolution's record as a PDF (issue 13): every language version of its text, its
digests, who signed and its reservations, sealed by the secretariat in PAdES form with the
signature bundle inside (``pdf/pades.py``), so that a PDF reader shows it as signed and unchanged
and anyone can take the bundle out and verify every signature without incamera.

Texts print with the NDA's fonts and shaping (``pdf/text.py``): Chinese in STSong-Light, Arabic
shaped and right to left, everything else in DejaVu Sans.  The same input gives the same PDF
before the seal; the seal adds the time it was made.

Pure: no Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from incamera.pdf.document import document_pdf
from incamera.pdf.fonts import cid_font
from incamera.pdf.pades import SealIdentity, sealed_pdf
from incamera.pdf.text import Block, choose_fonts, digest_footer, flowable, rule
from incamera.pdf.text import blocks as text_blocks

__all__ = ["BUNDLE_NAME", "RecordLabels", "RecordText", "Reservation", "Signer", "record_pdf"]

BUNDLE_NAME = "signature-bundle.json"
_RTL = frozenset({"ar"})


@dataclass(frozen=True)
class RecordText:
    language: str
    text: str
    digest: str


@dataclass(frozen=True)
class Signer:
    name: str
    delegation: str
    signed_at: str


@dataclass(frozen=True)
class Reservation:
    delegation: str
    kind: str  # as the reader's language names it
    text: str


@dataclass(frozen=True)
class RecordLabels:
    """The record's headings, in the reader's language (the caller translates)."""

    legal_character: str
    adopted: str
    version: str
    whole_digest: str
    text_digest: str
    signers: str
    no_signers: str
    reservations: str
    sealed_note: str


def record_pdf(
    *,
    title: str,
    legal_character: str,
    adopted_at: str,
    version: int,
    texts: Sequence[RecordText],
    whole_digest: str,
    signers: Sequence[Signer],
    reservations: Sequence[Reservation],
    labels: RecordLabels,
    seal: SealIdentity,
    bundle: bytes,
    secretariat: str,
) -> bytes:
    """The record, sealed by ``seal`` with ``bundle`` attached as ``signature-bundle.json``."""
    strings = [title, *(t.text for t in texts), *(s.name for s in signers), *(r.text for r in reservations)]
    cid_font()
    fonts = choose_fonts(strings, language="zh" if all(t.language == "zh" for t in texts) else "en")

    def line(kind: str, text: str, language: str = "en") -> Flowable:
        return flowable(Block(kind, text), language=language, fonts=fonts, right_to_left=language in _RTL)

    story: list[Flowable] = [
        line("h1", title),
        line("para", f"{labels.legal_character}: {legal_character}"),
        line("para", f"{labels.adopted}: {adopted_at} · {labels.version} {version}"),
        line("para", f"{labels.whole_digest}:"),
        line("digest", whole_digest),
    ]
    for text in texts:
        story += rule()
        story.append(line("note", f"{text.language} · {labels.text_digest} {text.digest}"))
        story += [
            flowable(block, language=text.language, fonts=fonts, right_to_left=text.language in _RTL)
            for block in text_blocks(text.text, language=text.language)
        ]
    story += [*rule(), line("h2", labels.signers)]
    story += [line("item", f"{s.name} — {s.delegation} — {s.signed_at}") for s in signers] or [line("para", labels.no_signers)]
    if reservations:
        story.append(line("h2", labels.reservations))
        story += [line("item", f"{r.delegation} ({r.kind}): {r.text}") for r in reservations]
    story.append(line("note", labels.sealed_note))

    pdf = document_pdf(story, title=title, subject=f"SHA-256 {whole_digest}", language="en", on_page=digest_footer(whole_digest))
    return sealed_pdf(
        pdf,
        identity=seal,
        attachment_name=BUNDLE_NAME,
        attachment=bundle,
        description="The signature bundle: every signature of this resolution (docs/formats/signature-bundle.md)",
        reason=f"{secretariat} seals the record of an adopted resolution",
    )
