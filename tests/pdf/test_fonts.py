"""Which font prints which character, and DejaVu Sans found, checked and registered once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from incamera.pdf.document import document_pdf
from incamera.pdf.fonts import CJK_FONT, FONT_DIR_ENV, FONT_DIRS, FontMissingError, cid_font, dejavu_sans, font_for, is_arabic, is_cjk
from incamera.pdf.shaping import display_order, shape, split_runs
from tests.pdf.conftest import fonts_of


def installed_font_dir() -> Path:
    for folder in FONT_DIRS:
        if (Path(folder) / "DejaVuSans.ttf").is_file():
            return Path(folder)
    pytest.fail("DejaVu Sans is not installed: apt-get install fonts-dejavu-core (.ci/run does)")


@pytest.mark.parametrize("char", ["中", "。", "あ", "ㄅ", "Ａ", "㍿"])
def test_chinese_and_japanese_pick_the_cid_font(char: str) -> None:
    assert is_cjk(char)
    assert font_for(char, other="DejaVuSans") == CJK_FONT


@pytest.mark.parametrize("char", ["A", "é", "Ж", "ا", "한", "•"])
def test_everything_else_picks_the_other_font(char: str) -> None:
    assert not is_cjk(char)
    assert font_for(char, other="DejaVuSans") == "DejaVuSans"


def test_arabic_covers_letters_and_presentation_forms_only() -> None:
    assert all(is_arabic(c) for c in "ابتثجحخ،٣" + shape("سلام"))
    assert not any(is_arabic(c) for c in "Aא中\ufeff")  # U+FEFF, in the presentation-forms block, is the byte-order mark


def test_dejavu_sans_prints_latin_cyrillic_and_arabic_but_not_chinese() -> None:
    fonts = dejavu_sans()
    assert fonts.regular != fonts.bold
    assert all(fonts.prints(c) for c in "AéЖا" + shape("سلام"))
    assert not fonts.prints("中")


def test_the_same_file_in_another_folder_is_the_same_font(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(installed_font_dir() / "DejaVuSans.ttf", tmp_path / "DejaVuSans.ttf")
    system = dejavu_sans()
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    copied = dejavu_sans()
    assert copied.regular == system.regular  # named after the file's content, registered once
    assert copied.bold == copied.regular  # no bold face in that folder: bold text prints in the regular face


def test_a_missing_font_tells_the_operator_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(FontMissingError) as caught:
        dejavu_sans()
    assert "fonts-dejavu-core" in caught.value.message
    assert f"{FONT_DIR_ENV}={tmp_path}" in caught.value.message


def test_a_font_without_arabic_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serif = installed_font_dir() / "DejaVuSerif.ttf"  # same package, no Arabic glyphs
    if not serif.is_file():
        pytest.skip("DejaVuSerif.ttf is not installed here")
    shutil.copy(serif, tmp_path / "DejaVuSans.ttf")
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(FontMissingError, match=r"has no glyph for U\+0627, U\+FEDF"):
        dejavu_sans()


def test_a_mixed_script_line_prints_each_run_in_its_font() -> None:
    fonts = dejavu_sans()
    line = display_order(shape("Menu 菜单 — قائمة — Меню"), base="L")
    runs = split_runs(line, lambda char: font_for(char, other=fonts.regular))
    assert [font for font, _ in runs] == [fonts.regular, CJK_FONT, fonts.regular]
    assert "".join(text for _, text in runs) == line
    markup = "".join(f'<font name="{font}">{text}</font>' for font, text in runs)
    pdf = document_pdf([Paragraph(markup, ParagraphStyle("line", fontName=cid_font()))], title="Menu")
    printed = fonts_of(pdf)
    assert printed["DejaVuSans"] is True  # embedded, as a subset
    assert printed[CJK_FONT] is False  # referenced by name: viewers carry it
