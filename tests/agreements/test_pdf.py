"""The signed NDA as PDF (issue 5 §2): every language, Arabic right to left, Chinese, the digest."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import cast

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from incamera.agreements.pdf import signed_nda_pdf
from incamera.agreements.texts import LANGUAGES, PROFILES, nda_digest, nda_text
from incamera.kernel.errors import InvalidInputError
from incamera.pdf.fonts import FONT_DIR_ENV, FONT_DIRS, FontMissingError
from tests.agreements.test_texts import fields_for

# A phrase of each text, as extracted (Arabic without its vowel marks: the PDF leaves them out).
PHRASES = {
    "ar": ("تعهد بالسرية", "قاعدة هذا الاجتماع", "التوقيع الإلكتروني"),
    "zh": ("保密承诺书", "本次会议规则", "电子签署"),
    "en": ("Confidentiality undertaking", "The rule of this Meeting", "Signed electronically"),
    "fr": ("Engagement de confidentialité", "La règle de cette Réunion", "Signature électronique"),
    "ru": ("Обязательство о конфиденциальности", "Правило данной Встречи", "Электронная подпись"),
    "es": ("Compromiso de confidencialidad", "La regla de esta Reunión", "Firma electrónica"),
}
A4_WIDTH = 595.27


def build(language: str, profile: str = "chatham_house", **overrides: str) -> tuple[bytes, str]:
    text = overrides.pop("text", None) or nda_text(language, profile, fields_for(language))
    digest = nda_digest(text, language=language, version=2)
    arguments = {
        "text": text,
        "language": language,
        "title": f"NDA v2 — {fields_for(language)['meeting_title']}",
        "signatory": fields_for(language)["signatory_name"],
        "signed_at": "2026-03-01T09:30:00Z",
        "digest": digest,
        "assertion_summary": "credential …Q2x9, user verified, sign count 7",
    } | overrides
    return signed_nda_pdf(**arguments), arguments["digest"]


def extracted(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


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


def installed_font_dir() -> Path:
    for folder in FONT_DIRS:
        if (Path(folder) / "DejaVuSans.ttf").is_file():
            return Path(folder)
    pytest.fail("DejaVu Sans is not installed: apt-get install fonts-dejavu-core (.ci/run does)")


@pytest.fixture(autouse=True)
def _system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FONT_DIR_ENV, raising=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_builds_in_every_language_with_the_digest_and_the_text(language: str) -> None:
    pdf, digest = build(language)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 4
    text = unicodedata.normalize("NFKC", extracted(pdf))
    assert digest in text
    assert text.count(f"SHA-256 {digest}") == len(reader.pages)  # every page's footer
    for phrase in PHRASES[language]:
        assert phrase in text, phrase
    assert fields_for(language)["signatory_name"] in text
    assert reader.metadata is not None
    assert reader.metadata.subject == f"SHA-256 {digest}"
    assert reader.metadata.author in {None, ""}


@pytest.mark.parametrize("profile", PROFILES)
def test_arabic_builds_for_every_profile(profile: str) -> None:
    pdf, digest = build("ar", profile)
    assert digest in extracted(pdf)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "zh"])
def test_dejavu_sans_is_embedded(language: str) -> None:
    fonts = fonts_of(build(language)[0])
    assert fonts.get("DejaVuSans") is True
    assert fonts.get("DejaVuSans-Bold") is True


def test_chinese_is_printed_with_the_standard_cid_font() -> None:
    fonts = fonts_of(build("zh")[0])
    assert "STSong-Light" in fonts
    assert fonts["STSong-Light"] is False  # referenced, not embedded: viewers carry it


def test_arabic_is_shaped_into_presentation_forms() -> None:
    text = extracted(build("ar")[0])
    shaped = sum(0xFE70 <= ord(c) <= 0xFEFF for c in text)
    assert shaped > 1500  # every Arabic letter of an NDA is printed in its contextual form
    unshaped = [c for c in text if 0x0621 <= ord(c) <= 0x064A and c != "\u0640"]  # tatweel has no forms
    assert not unshaped  # no letter left at its basic, unshaped code point


def _x_of(pdf: bytes, phrase: str) -> float:
    """Where the first text chunk containing ``phrase`` (NFKC, either order) starts on page 1."""
    positions: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        chunk = unicodedata.normalize("NFKC", text)
        if phrase in chunk or phrase in unicodedata.normalize("NFKC", text[::-1]):
            positions.append(tm[4] * cm[0] + cm[4])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert positions, phrase
    return positions[0]


def test_arabic_headings_are_right_aligned_and_english_ones_left_aligned() -> None:
    arabic = _x_of(build("ar")[0], "تعهد بالسرية")
    english = _x_of(build("en")[0], "Confidentiality undertaking")
    assert arabic > A4_WIDTH / 2  # a short heading that starts right of the middle ends at the right margin
    assert english < 80  # the left margin is 20 mm, about 57 pt


def test_a_long_arabic_paragraph_flows_over_pages_in_reading_order() -> None:
    sentence = "الجملة P{n:03d}Q من نص طويل جدا لاختبار الانتقال بين الصفحات دون فقدان أي سطر."
    text = "# نص طويل\n\n" + " ".join(sentence.format(n=n) for n in range(1, 200))
    pdf, _ = build("ar", text=text)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 3
    marks = [sorted(int(m) for m in re.findall(r"P(\d{3})Q", page)) for page in pages]
    assert sorted(n for page in marks for n in page) == list(range(1, 200))  # nothing lost, nothing twice
    assert all(max(earlier) < min(later) for earlier, later in itertools.pairwise([m for m in marks if m]))


def test_a_latin_date_keeps_its_order_in_an_arabic_line() -> None:
    fields = fields_for("ar") | {"meeting_dates": "12–13 March 2026"}
    text = nda_text("ar", "three_nos", fields)
    assert "12–13 March 2026" in extracted(build("ar", text=text)[0])


def test_an_arabic_name_prints_in_an_english_text() -> None:
    pdf, _ = build("en", signatory="أمينة حداد")
    printed = unicodedata.normalize("NFKC", extracted(pdf))
    assert "Signatory: أمينة حداد" in printed or "Signatory: حداد أمينة" in printed


def test_markup_in_the_text_prints_as_typed() -> None:
    pdf, _ = build("en", text="# Terms\n\nA <b>bold</b> claim & <font name='x'>more</font>.")
    assert "A <b>bold</b> claim & <font name='x'>more</font>." in extracted(pdf)


def test_an_unknown_language_is_refused() -> None:
    text = nda_text("en", "three_nos", fields_for("en"))
    with pytest.raises(InvalidInputError) as caught:
        signed_nda_pdf(
            text=text, language="de", title="NDA", signatory="A", signed_at="now", digest="0" * 64, assertion_summary="user verified"
        )
    assert caught.value.field == "language"


def test_the_same_input_gives_the_same_bytes() -> None:
    assert build("ar")[0] == build("ar")[0]
    assert build("zh")[0] == build("zh")[0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"digest": "ABC"}, "digest"),
        ({"digest": "F" * 64}, "digest"),
        ({"signatory": "  "}, "signatory"),
        ({"signed_at": ""}, "signed_at"),
        ({"assertion_summary": "x" * 501}, "assertion_summary"),
        ({"title": "\n"}, "title"),
    ],
)
def test_bad_arguments_are_refused_with_the_field_named(overrides: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        build("en", **overrides)
    assert caught.value.field == field


def test_a_missing_font_tells_the_operator_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(FontMissingError) as caught:
        build("ar")
    assert "fonts-dejavu-core" in caught.value.message
    assert str(tmp_path) in caught.value.message


def test_a_font_without_arabic_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serif = installed_font_dir() / "DejaVuSerif.ttf"  # same package, no Arabic glyphs
    if not serif.is_file():
        pytest.skip("DejaVuSerif.ttf is not installed here")
    shutil.copy(serif, tmp_path / "DejaVuSans.ttf")
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    with pytest.raises(FontMissingError, match=r"has no glyph for U\+0627, U\+FEDF"):
        build("ru")


def test_the_font_folder_can_be_overridden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(installed_font_dir() / "DejaVuSans.ttf", tmp_path / "DejaVuSans.ttf")
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    fonts = fonts_of(build("ar")[0])
    assert fonts == {"Helvetica": False, "Courier": False, "DejaVuSans": True}  # headings fall back to the regular face


def test_chinese_and_ascii_need_no_font_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FONT_DIR_ENV, str(tmp_path))
    text = "# 保密承诺书\n\n本人同意保密。Version 2 (2026)."
    pdf, digest = build("zh", text=text, title="保密承诺书 v2", signatory="王磊", assertion_summary="user verified")
    printed = extracted(pdf)
    assert "本人同意保密。" in printed
    assert digest in printed
    with pytest.raises(FontMissingError):
        build("zh", text=text, title="保密承诺书 v2", signatory="José Martí", assertion_summary="user verified")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_arabic_renders_ink_on_the_right(tmp_path: Path) -> None:
    from PIL import Image

    centres = {}
    for language in ("ar", "en"):
        source = tmp_path / f"{language}.pdf"
        source.write_bytes(build(language)[0])
        subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / language)], check=True)
        image = Image.open(next(tmp_path.glob(f"{language}-*1.png"))).convert("L")
        width, height = image.size
        pixels = image.load()
        assert pixels is not None
        ink = [x for y in range(height) for x in range(width) if pixels[x, y] < 128]  # type: ignore[operator]
        assert len(ink) > 2000  # a page of text, not blank boxes
        centres[language] = sum(ink) / len(ink) / width
    assert centres["ar"] > centres["en"]
