"""Arabic shaped and put in display order; text cut into runs."""

from __future__ import annotations

import unicodedata

import pytest

from incamera.pdf.shaping import base_direction, display_order, has_right_to_left, script_of, shape, split_runs


def test_arabic_is_shaped_into_presentation_forms_of_the_same_letters() -> None:
    text = "حلال بدون لحم خنزير"
    shaped = shape(text)
    assert all(0xFE70 <= ord(c) <= 0xFEFC for c in shaped if not c.isspace())  # contextual forms only
    assert shape("سلام") == "\ufeb3\ufefc\ufee1"  # initial seen, lam-alef ligature, final meem
    assert unicodedata.normalize("NFKC", shaped) == text  # the same letters, in logical order


def test_harakat_are_left_out_and_latin_is_untouched() -> None:
    assert shape("بِسْمِ") == shape("بسم")
    assert shape("Café 12 (x)") == "Café 12 (x)"


def test_an_arabic_word_in_a_latin_line_is_reversed_in_place() -> None:
    shaped = shape("سلام")
    assert display_order(shape("Say سلام, then go"), base="L") == f"Say {shaped[::-1]}, then go"
    assert display_order("no Arabic (here)", base="L") == "no Arabic (here)"


def test_a_right_to_left_line_runs_from_the_right_and_mirrors_brackets() -> None:
    shaped = shape("سلام")
    assert display_order(shape("(سلام)"), base="R") == f"({shaped[::-1]})"
    assert display_order(shape("سلام عليكم"), base="R") == shape("سلام عليكم")[::-1]


def test_a_latin_date_keeps_its_order_in_a_right_to_left_line() -> None:
    line = display_order(shape("التاريخ: 12–13 March 2026"), base="R")
    assert line.startswith("12–13 March 2026 ")  # drawn leftmost, read last, in its own order
    assert display_order(shape("الغرفة 12"), base="R").startswith("12 ")  # digits alone stay with the Arabic


@pytest.mark.parametrize(
    ("text", "direction", "right_to_left"),
    [
        ("سلام world", "R", True),
        ("hello سلام", "L", True),
        ("12 سلام", "R", True),
        ("\u05e9\u05dc\u05d5\u05dd", "R", True),  # Hebrew
        ("123 !", "L", False),
        ("", "L", False),
    ],
)
def test_the_base_direction_is_the_first_strong_letters(text: str, direction: str, right_to_left: bool) -> None:
    assert base_direction(text) == direction
    assert has_right_to_left(text) is right_to_left


def test_a_mixed_script_line_is_cut_into_runs_with_spaces_kept_by_the_run_before() -> None:
    runs = split_runs("Hello 世界 مرحبا بكم!", lambda char: script_of(char) or "Common")
    assert runs == [("Latin", "Hello "), ("Cjk", "世界 "), ("Arabic", "مرحبا بكم"), ("Common", "!")]
    assert split_runs("", str.isalpha) == []


@pytest.mark.parametrize(
    ("char", "script"), [("ا", "Arabic"), ("א", "Hebrew"), ("क", "Devanagari"), ("é", "Latin"), ("1", None), (" ", None)]
)
def test_script_of_names_the_script_of_letters(char: str, script: str | None) -> None:
    assert script_of(char) == script
