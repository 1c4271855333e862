"""Helpers for reading back the PDFs the shared set-up makes."""

from __future__ import annotations

import io
import unicodedata
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from incamera.pdf.fonts import FONT_DIR_ENV


@pytest.fixture(autouse=True)
def _system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FONT_DIR_ENV, raising=False)


def fonts_of(pdf: bytes) -> dict[str, bool]:
    """Each font's base name, and whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = cast("DictionaryObject", page["/Resources"].get_object())
        for reference in cast("DictionaryObject", resources["/Font"].get_object()).values():
            font = cast("DictionaryObject", reference.get_object())
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in cast("DictionaryObject", descriptor.get_object())
            found[str(font["/BaseFont"]).lstrip("/").split("+")[-1]] = embedded
    return found


def chunks_of(pdf: bytes) -> list[tuple[int, float, float, str]]:
    """Each text chunk drawn: its page (from 0), where it starts (x, y), its text (NFKC)."""
    found: list[tuple[int, float, float, str]] = []
    page_number = 0

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append((page_number, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], unicodedata.normalize("NFKC", text)))

    for page_number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):  # noqa: B007 (visit reads it)
        page.extract_text(visitor_text=visit)
    return found
