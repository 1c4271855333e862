"""How a display name becomes the engine's roster entry (``notes/mentions.py``)."""

from __future__ import annotations

from incamera.notes.mentions import PersonRow, RedactorCache, mentions_in, roster_entries


def test_a_name_with_its_transcription_in_brackets_is_one_person_in_both_scripts() -> None:
    [entry] = roster_entries([PersonRow(key="1", name="王磊 (Wang Lei)", delegation="China — Ministry of Commerce")])
    assert entry["family_name"] == {"zh": "王", "en": "Wang"}  # a transcribed Chinese name: family name first
    assert entry["given_name"] == {"zh": "磊", "en": "Lei"}
    [latin] = roster_entries([PersonRow(key="2", name="Jean-Pierre Mbuyi (J.-P. Mbuyi)")])
    assert latin["family_name"] == {"en": "Mbuyi"}
    assert latin["aliases"] == ["J.-P. Mbuyi"]


def test_a_note_that_quotes_a_chinese_name_is_flagged_and_keeps_english_placeholders() -> None:
    rows = [PersonRow(key="1", name="王磊 (Wang Lei)"), PersonRow(key="2", name="Camila Rojas", email="c.rojas@example.org")]
    redactor = RedactorCache().get("m", rows, ["en", "zh"])
    text = "Ms Rojas said that 王磊 agreed, and Mr Wang added a point."
    found = {text[m.start : m.end]: m for m in mentions_in(redactor, text)}
    assert {"Ms Rojas", "王磊", "Mr Wang"} <= set(found)
    assert all(m.placeholder.isascii() for m in found.values()), found
