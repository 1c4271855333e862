"""The meeting roster as the engine reads it, the cached engine, and mentions (pure)."""

from __future__ import annotations

from incamera.notes.mentions import PersonRow, RedactorCache, mentions_in, replaced, roster_entries
from incamera.redact import Roster

ROWS = [
    PersonRow("member-1", "Wei Wang", "wang.wei@mofcom.example", "China", True, "Minister of Commerce", "delegate"),
    PersonRow("member-2", "王伟", "", "Kivu Refiners", False, "", "delegate"),
    PersonRow("member-3", "Camila\u200b Rojas", "c.rojas@example.org", "Chile", None, "", "observer"),
    PersonRow("member-4", "Olga Organizer", "organizer@example.org", "", None, "", "organizer"),
]


def test_rows_become_a_roster_the_engine_accepts() -> None:
    entries = roster_entries(ROWS)
    roster = Roster.from_json(entries)  # an invisible character in a name would be refused here
    assert len(roster) == 4
    wang, chinese, rojas, _olga = entries
    assert wang["family_name"] == {"en": "Wang"}
    assert wang["given_name"] == {"en": "Wei"}
    assert wang["country"] == "CN"
    assert wang["role"] == "minister"
    assert "organisation" not in wang
    assert chinese["family_name"] == {"zh": "王"}
    assert chinese["organisation"] == {"en": "Kivu Refiners"}
    assert rojas["given_name"] == {"en": "Camila"}
    assert rojas["country"] == "CL"
    assert rojas["role"] == "delegate"


def test_a_zero_width_character_inside_a_name_in_the_note_is_still_flagged() -> None:
    redactor = RedactorCache().get(1, ROWS, ["en"])
    text = "Then Wei Wa\u200bng insisted, and Ro\u2060jas agreed."
    found = mentions_in(redactor, text)
    assert [(text[m.start : m.end], m.kind) for m in found] == [("Wei Wa\u200bng", "person"), ("Ro\u2060jas", "person")]
    assert replaced(text, found) == "Then Participant A insisted, and Participant B agreed."


def test_what_was_discussed_stays_and_every_identifying_kind_goes() -> None:
    redactor = RedactorCache().get(1, ROWS, ["en", "zh"])
    assert mentions_in(redactor, "Exports to China and Chile grew; lithium prices fell.") == []
    text = "The Chinese minister spoke for Kivu Refiners; write to c.rojas@example.org."
    assert [m.kind for m in mentions_in(redactor, text)] == ["country_role", "organisation", "email"]
    assert [m.kind for m in mentions_in(redactor, "王伟说价格会上涨。")] == ["person"]


def test_the_engine_is_built_once_per_roster_and_again_when_it_changes() -> None:
    cache = RedactorCache(size=2)
    first = cache.get(1, ROWS, ["en"])
    assert cache.get(1, list(ROWS), ["en"]) is first
    assert cache.builds == 1
    renamed = [*ROWS[:3], PersonRow("member-4", "Olga Petrova", "organizer@example.org", "", None, "", "organizer")]
    second = cache.get(1, renamed, ["en"])
    assert second is not first
    assert cache.builds == 2
    assert [m.kind for m in mentions_in(second, "Olga Petrova chaired.")] == ["person"]
    cache.get(2, ROWS, ["en"])
    cache.get(3, ROWS, ["en"])  # the least recently used meeting (1) leaves
    cache.get(1, renamed, ["en"])
    assert cache.builds == 5
