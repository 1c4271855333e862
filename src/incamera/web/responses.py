"""The one way incamera sends a file: as an attachment, never rendered inline.

Every download (materials, NDA PDFs, receipts, calendars, CSV/XLSX exports, service PDFs) goes
through ``attachment``, which names the file per RFC 6266 (an ASCII ``filename`` and, for other
names, an RFC 5987 ``filename*``, through Django's ``content_disposition_header``) after taking
out what could forge a header or mislead the reader: control characters, bidirectional
overrides and zero-width characters, path separators.  The response is sandboxed should a browser
try to render it anyway, and kept out of shared caches: what it carries is confidential.
"""

from __future__ import annotations

import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header

__all__ = ["attachment", "safe_filename"]

MAX_NAME = 150


def safe_filename(name: str, *, fallback: str = "download") -> str:
    """``name`` without control, format (bidi, zero-width) or separator characters, NFC, at most
    MAX_NAME characters, never empty or a dot name."""
    kept = []
    for char in unicodedata.normalize("NFC", name):
        category = unicodedata.category(char)
        if category[0] in {"C", "Z"} and char != " ":  # controls, format characters, line/paragraph separators
            continue
        kept.append("_" if char in '/\\:*?"<>|;' else char)
    cleaned = "".join(kept).strip(" .")
    if len(cleaned) > MAX_NAME:
        stem, dot, suffix = cleaned.rpartition(".")
        cleaned = (stem[: MAX_NAME - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else cleaned[:MAX_NAME]
    return cleaned or fallback


def attachment(body: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    disposition = content_disposition_header(as_attachment=True, filename=safe_filename(filename))
    assert disposition is not None  # always set for an attachment
    response["Content-Disposition"] = disposition
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
