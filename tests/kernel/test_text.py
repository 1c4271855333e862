import pytest

from incamera.kernel.errors import InvalidInputError
from incamera.kernel.text import clean_email, clean_name


def test_names_are_nfc_normalised_and_whitespace_collapsed() -> None:
    assert clean_name("  Jose\u0301   Martí ") == "José Martí"


@pytest.mark.parametrize(
    ("text", "codepoint"),
    [("Ali\u202ece", "U+202E"), ("Ana\u200bLopez", "U+200B"), ("Bob\u2066x", "U+2066"), ("\ufeffEve", "U+FEFF"), ("Zed\u200d", "U+200D")],
)
def test_invisible_and_bidi_characters_are_refused_with_the_codepoint(text: str, codepoint: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        clean_name(text)
    assert codepoint in info.value.message
    assert info.value.field == "name"


def test_empty_and_overlong_names_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="required"):
        clean_name("   ")
    with pytest.raises(InvalidInputError, match="at most 200"):
        clean_name("x" * 201)


def test_chinese_and_arabic_names_are_kept() -> None:
    assert clean_name("王磊") == "王磊"
    assert clean_name("ليلى") == "ليلى"


@pytest.mark.parametrize(
    "bad", ["", "ana", "ana@", "@example.org", "ana@example", "a b@example.org", "ana@@example.org", "a..b@example.org"]
)
def test_malformed_emails_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInputError):
        clean_email(bad)


def test_emails_are_lower_cased() -> None:
    assert clean_email(" Ana.Lopez@Example.ORG ") == "ana.lopez@example.org"
