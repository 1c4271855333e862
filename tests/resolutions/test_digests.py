"""What a resolution's signature covers (``resolutions/digests.py``): recomputed here with the
standard library alone, as the format's reader would."""

from __future__ import annotations

import hashlib
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.resolutions.digests import Version, normalize_text, text_digest, whole_digest


def test_a_texts_digest_is_sha256_of_its_nfc_utf8_with_plain_line_endings() -> None:
    text = "Les États membres\r\nconviennent…  \n"
    expected = hashlib.sha256(unicodedata.normalize("NFC", "Les États membres\nconviennent…").encode()).hexdigest()
    assert text_digest(text) == expected
    assert text_digest(unicodedata.normalize("NFD", text)) == expected  # a decomposed É is the same text
    assert text_digest(text.replace("É", "E")) != expected


@given(st.text())
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert normalize_text(normalize_text(text)) == normalize_text(text)


def test_the_whole_digest_is_sha256_of_the_canonical_json_of_every_version() -> None:
    v1 = Version(1, {"en": "a" * 64, "zh": "b" * 64})
    v2 = Version(2, {"en": "c" * 64})
    body = {
        "resolution": "r-1",
        "title": "On traceability",
        "versions": [{"number": 1, "texts": {"en": "a" * 64, "zh": "b" * 64}}, {"number": 2, "texts": {"en": "c" * 64}}],
    }
    expected = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
    assert whole_digest("r-1", "On traceability", [v1, v2]) == expected
    assert whole_digest("r-1", "On traceability", [v1]) != expected  # an older state of the text
    assert whole_digest("r-2", "On traceability", [v1, v2]) != expected  # another resolution


@pytest.mark.parametrize(
    ("versions", "field"),
    [
        ([Version(2, {"en": "a" * 64})], "versions"),
        ([Version(1, {"de": "a" * 64})], "language"),
        ([Version(1, {"en": "A" * 64})], "digest"),
    ],
)
def test_malformed_versions_are_refused_precisely(versions: list[Version], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        whole_digest("r", "t", versions)
    assert info.value.field == field
