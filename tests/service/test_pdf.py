"""Seat cards and catering lists (issue 4 §7): codes and needs on paper, never names."""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from incamera.kernel.errors import InvalidInputError
from incamera.pdf.fonts import FONT_DIR_ENV
from incamera.service.codes import issue_codes
from incamera.service.pdf import MAX_NEEDS, CateringRow, SeatCard, catering_list_pdf, seat_cards_pdf

ROSTER = {
    "m-101": ("Wang Lei", "Wheelchair space at the table end"),
    "m-102": ("Amina Haddad", ""),
    "m-103": ("José Martí", "Hearing loop"),
    "m-104": ("Ingrid Solberg", "清真饮食，不吃猪肉"),
    "m-105": ("Kwame Mensah", "Vegetarian; no peanuts"),
}
CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b")
A4_WIDTH = 595.27


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


@pytest.fixture(autouse=True)
def _system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FONT_DIR_ENV, raising=False)


@pytest.fixture
def codes() -> dict[str, dict[str, str]]:
    return issue_codes(list(ROSTER))


def test_seat_cards_are_a_pdf_with_every_seating_code(codes: dict[str, dict[str, str]]) -> None:
    pdf = seat_cards_pdf([SeatCard(code=codes["seating"][pid], needs=needs) for pid, (_, needs) in ROSTER.items()])
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf)
    assert set(CODE.findall(text)) == set(codes["seating"].values())
    assert "Wheelchair space at the table end" in text
    assert "清真饮食，不吃猪肉" in text


def test_seat_cards_print_only_codes_and_needs(codes: dict[str, dict[str, str]]) -> None:
    cards = [SeatCard(code=codes["seating"][pid], needs=needs) for pid, (_, needs) in ROSTER.items()]
    pdf = seat_cards_pdf(cards)
    text = text_of(pdf)
    printed = set(text.split())
    allowed = {"SEAT"} | set(codes["seating"].values()) | {word for _, needs in ROSTER.values() for word in needs.split()}
    assert printed <= allowed, printed - allowed
    for pid, (name, _) in ROSTER.items():
        for part in [pid, *name.split()]:
            assert part not in text
            assert part.encode() not in pdf
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.author in {None, ""}


def test_cards_and_rows_come_in_code_order_not_roster_order(codes: dict[str, dict[str, str]]) -> None:
    seating = list(codes["seating"].values())
    assert CODE.findall(text_of(seat_cards_pdf([SeatCard(code=c) for c in seating]))) == sorted(seating)
    catering = list(codes["catering"].values())
    rows = [CateringRow(code=c) for c in reversed(catering)]
    assert CODE.findall(text_of(catering_list_pdf(rows, title="Lunch"))) == sorted(catering)


def test_eight_cards_fit_a_page() -> None:
    seating = issue_codes([f"p{i}" for i in range(17)], services=["seating"])["seating"]
    pdf = seat_cards_pdf([SeatCard(code=code) for code in seating.values()])
    assert [len(CODE.findall(page)) for page in pages_text(pdf)] == [8, 8, 1]


def test_the_same_cards_give_the_same_bytes(codes: dict[str, dict[str, str]]) -> None:
    cards = [SeatCard(code=code, needs="Hearing loop") for code in codes["seating"].values()]
    assert seat_cards_pdf(cards) == seat_cards_pdf(list(reversed(cards)))


def test_catering_list_has_codes_needs_and_a_header_on_every_page() -> None:
    catering = issue_codes([f"p{i}" for i in range(120)], services=["catering"])["catering"]
    rows = [CateringRow(code=code, needs="Vegetarian" if i % 3 else "") for i, code in enumerate(catering.values())]
    pdf = catering_list_pdf(rows, title="Critical minerals roundtable — lunch")
    assert pdf.startswith(b"%PDF-")
    pages = pages_text(pdf)
    assert len(pages) > 1
    assert all("Dietary needs" in page for page in pages)
    assert set(CODE.findall("\n".join(pages))) == set(catering.values())
    assert "Critical minerals roundtable — lunch" in pages[0]
    assert "120 codes" in pages[-1]


@pytest.mark.parametrize("needs", ["不吃猪肉，对花生过敏", "素食（蛋奶素）", "グルテンフリー", "채식", "Без глютена"])
def test_chinese_and_other_cjk_needs_are_printed(needs: str) -> None:
    code = issue_codes(["p"], services=["catering"])["catering"]["p"]
    pdf = catering_list_pdf([CateringRow(code=code, needs=needs)], title="午餐 Lunch")
    text = text_of(pdf)
    assert needs in text
    assert "午餐" in text
    assert "not printable" not in text


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


def chunks_of(pdf: bytes) -> list[tuple[float, float, str]]:
    """Each text chunk on the first page, NFKC, with where it starts (x, y)."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], unicodedata.normalize("NFKC", text)))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_arabic_needs_are_shaped_and_printed_in_dejavu_sans() -> None:
    codes = issue_codes(["a", "b"], services=["catering"])["catering"]
    rows = [CateringRow(code=codes["a"], needs="حلال، بدون لحم خنزير"), CateringRow(code=codes["b"], needs="Halal (حلال), no pork")]
    pdf = catering_list_pdf(rows, title="Dinner")
    text = text_of(pdf)
    assert sum(0xFE70 <= ord(c) <= 0xFEFF for c in text) > 15  # every letter printed in its contextual form
    assert not [c for c in text if 0x0621 <= ord(c) <= 0x064A]  # none left at its basic, unshaped code point
    printed = " ".join(unicodedata.normalize("NFKC", text).split())
    assert "حلال، بدون لحم خنزير" in printed or "خنزير لحم بدون حلال،" in printed
    mixed = printed[printed.index("Halal (") :]  # pypdf puts the Arabic word back in either order
    assert "no pork" in mixed
    assert "حلال" in mixed or "للاح" in mixed
    assert "not printable" not in printed
    assert "before serving" not in printed
    assert fonts_of(pdf).get("DejaVuSans") is True


def test_an_arabic_need_is_right_aligned_and_its_lines_in_reading_order() -> None:
    code = issue_codes(["p"], services=["seating"])["seating"]["p"]
    needs = " ".join(f"بدون P{n}Q فول سوداني" for n in range(1, 9))
    chunks = chunks_of(seat_cards_pdf([SeatCard(code=code, needs=needs)]))
    marked = [(y, int(n)) for _, y, text in chunks for n in re.findall(r"P(\d)Q", text)]
    assert sorted(n for _, n in marked) == list(range(1, 9))  # nothing lost, nothing twice
    lines = sorted({y for y, _ in marked}, reverse=True)
    assert len(lines) > 1
    by_line = [sorted(n for y, n in marked if y == line) for line in lines]
    assert all(max(upper) < min(lower) for upper, lower in itertools.pairwise(by_line))  # the first words on the top line

    rows = [CateringRow(code=issue_codes(["q"], services=["catering"])["catering"]["q"], needs="حلال")]
    (x,) = [x for x, _, text in chunks_of(catering_list_pdf(rows, title="Dinner")) if "حلال" in text or "لالح" in text]
    assert x > A4_WIDTH / 2  # a short Arabic need sits at the right of its cell


def test_scripts_without_a_font_are_marked_not_dropped() -> None:
    codes = issue_codes(["a", "b"], services=["catering"])["catering"]
    rows = [CateringRow(code=codes["a"], needs="Kosher (כשר), no shellfish"), CateringRow(code=codes["b"], needs="शाकाहारी भोजन")]
    text = " ".join(text_of(catering_list_pdf(rows, title="Dinner")).split())
    assert "Kosher ([Hebrew text, not printable: ask the organisers]), no shellfish" in text
    assert "[Devanagari text, not printable: ask the organisers]" in text
    assert "ask them before serving" in text
    assert not re.search("[\u0590-\u06ff\u0900-\u097f]", text)


def test_without_dejavu_sans_arabic_needs_are_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    code = issue_codes(["a"], services=["catering"])["catering"]["a"]
    pdf = catering_list_pdf([CateringRow(code=code, needs="حلال، بدون لحم خنزير")], title="Dinner")
    text = " ".join(text_of(pdf).split())
    assert "[Arabic text, not printable: ask the organisers]" in text
    assert "ask them before serving" in text
    assert not re.search("[\u0600-\u06ff\ufe70-\ufeff]", text)
    assert set(fonts_of(pdf)) <= {"Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Courier-Bold"}


def test_a_list_without_unprintable_text_has_no_such_note() -> None:
    code = issue_codes(["p"], services=["catering"])["catering"]["p"]
    assert "before serving" not in text_of(catering_list_pdf([CateringRow(code=code, needs="Halal")], title="Dinner"))


def test_latin_diacritics_beyond_windows_1252_lose_only_their_marks() -> None:
    code = issue_codes(["p"], services=["seating"])["seating"]["p"]
    text = text_of(seat_cards_pdf([SeatCard(code=code, needs="Łódź, şeker yok, Végétarien")]))
    assert "Lódz, seker yok, Végétarien" in text


def test_typed_markup_is_printed_as_text() -> None:
    code = issue_codes(["p"], services=["catering"])["catering"]["p"]
    text = text_of(catering_list_pdf([CateringRow(code=code, needs='<b>no</b> nuts & <font name="x">seeds</font>')], title="A & <B>"))
    assert '<b>no</b> nuts & <font name="x">seeds</font>' in text
    assert "A & <B>" in text


def test_codes_are_checked_so_a_name_cannot_be_printed_as_one() -> None:
    with pytest.raises(InvalidInputError) as info:
        seat_cards_pdf([SeatCard(code="Wang Lei")])
    assert info.value.field == "code"
    code = issue_codes(["p"], services=["catering"])["catering"]["p"]
    with pytest.raises(InvalidInputError, match=f"the code {code} is listed twice"):
        catering_list_pdf([CateringRow(code=code), CateringRow(code=code.lower())], title="Lunch")


def test_codes_typed_loosely_are_printed_canonically() -> None:
    code = issue_codes(["p"], services=["seating"])["seating"]["p"]
    assert CODE.findall(text_of(seat_cards_pdf([SeatCard(code=code.lower().replace("-", " "))]))) == [code]


def test_overlong_needs_are_refused_with_the_limit() -> None:
    code = issue_codes(["p"], services=["seating"])["seating"]["p"]
    with pytest.raises(InvalidInputError) as info:
        seat_cards_pdf([SeatCard(code=code, needs="x" * (MAX_NEEDS + 1))])
    assert info.value.field == "needs"
    assert f"{MAX_NEEDS + 1} characters long; at most {MAX_NEEDS}" in info.value.message


def test_long_needs_shrink_to_fit_the_card() -> None:
    code = issue_codes(["p"], services=["seating"])["seating"]["p"]
    needs = ("Wheelchair space, step-free route, hearing loop. " * 10)[:MAX_NEEDS].strip()
    text = text_of(seat_cards_pdf([SeatCard(code=code, needs=needs)]))
    assert " ".join(text.split()).endswith(needs.split()[-1])


def test_no_cards_is_an_error_but_an_empty_catering_list_prints() -> None:
    with pytest.raises(InvalidInputError, match="no seat cards to print"):
        seat_cards_pdf([])
    assert "No codes on this list." in text_of(catering_list_pdf([], title="Lunch"))


def test_a_catering_list_needs_a_title() -> None:
    with pytest.raises(InvalidInputError) as info:
        catering_list_pdf([], title="  ")
    assert info.value.field == "title"
