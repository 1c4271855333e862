"""The normal form and its way back to the input's offsets (incamera/redact/normalize.py)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.redact import normalize as module
from incamera.redact.normalize import normalize, normalize_pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr WANG said", "mr wang said"),
        ("Ｍｒ　Ｗａｎｇ", "mr wang"),  # full-width Latin and the ideographic space
        ("Wa\u200bng Wei", "wang wei"),  # a zero-width space inside a name
        ("Wan\u00adg", "wang"),  # a soft hyphen
        ("\u202eWang\u202c", "wang"),  # bidi controls
        ("Straße", "strasse"),  # a case fold longer than the letter
        ("e\u0301te\u0301", "été"),  # decomposed accents compose
        ("أَحْمَد مـنصور", "احمد منصور"),  # harakat, tatweel, hamza on alef
        ("王部长，你好！", "王部长,你好!"),  # Chinese punctuation is NFKC-folded
        ("ﬁnance", "finance"),  # a ligature
    ],
)
def test_the_normal_form(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    ("text", "needle", "original"),
    [
        ("Mr Wa\u200bng said", "wang", "Wa\u200bng"),
        ("Ｍｒ　Ｗａｎｇ said", "wang", "Ｗａｎｇ"),
        ("Die Straße von Wang", "wang", "Wang"),
        ("Die Straße von Wang", "strasse", "Straße"),
        ("قال السيد مـنصور اليوم", "منصور", "مـنصور"),
        ("قال السَّيِّد منصور", "السيد منصور", "السَّيِّد منصور"),
        ("\u200b\u200bWang\u200b", "wang", "Wang"),
        ("e\u0301te\u0301 Wang", "wang", "Wang"),
    ],
)
def test_spans_map_back_to_the_input(text: str, needle: str, original: str) -> None:
    norm = normalize(text)
    start = norm.text.index(needle)
    a, b = norm.span(start, start + len(needle))
    assert text[a:b] == original


@given(st.text(max_size=60))
def test_every_character_maps_inside_the_input(text: str) -> None:
    norm = normalize(text)
    for index in range(len(norm.text)):
        a, b = norm.span(index, index + 1)
        assert 0 <= a < b <= len(text)
    if norm.text:
        a, b = norm.span(0, len(norm.text))
        assert 0 <= a < b <= len(text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_the_fast_paths_agree_with_the_cluster_by_cluster_path(text: str) -> None:
    assert normalize(text).text == module._by_cluster(text).text


def test_a_case_fold_makes_no_character_that_needs_more_than_a_case_fold() -> None:
    """The fast path case-folds text in which ``_SPECIAL`` finds nothing, and stops there."""
    special = module._SPECIAL
    for code in range(0x110000):
        char = chr(code)
        folded = char.casefold()
        if folded != char and special.match(char) is None:
            assert special.search(folded) is None, f"U+{code:04X}"


def test_patterns_collapse_spaces() -> None:
    assert normalize_pattern("  Wang\u3000 Wei ") == "wang wei"


def test_the_generated_table_is_current() -> None:
    """Regenerate with ``python -m incamera.redact.normalize > src/incamera/redact/_unicode.py``."""
    current = Path(module.__file__).with_name("_unicode.py").read_text()
    assert f'UNIDATA_VERSION = "{unicodedata.unidata_version}"' in current
    assert current == module._generate()
