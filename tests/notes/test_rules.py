"""The one table of what each profile allows of notes (pure)."""

from __future__ import annotations

import pytest

from incamera.meetings.profiles import PROFILES, Notes
from incamera.notes.rules import RULES, Speaker, may_read_role, rules_for


def test_every_notes_kind_of_every_profile_has_its_rules() -> None:
    assert set(RULES) == set(Notes)
    assert {p.notes for p in PROFILES.values()} <= set(RULES)


def test_chatham_house_keeps_unattributed_checked_notes_that_every_content_reader_reads() -> None:
    rules = rules_for("chatham_house")
    assert rules.kept
    assert rules.check_mentions
    assert rules.speaker is Speaker.FORBIDDEN
    assert rules.writers == {"organizer", "delegate"}
    assert all(may_read_role(rules, role) for role in ("organizer", "delegate", "observer", "focal_point"))
    assert not may_read_role(rules, "service")
    assert not may_read_role(rules, None)


def test_three_nos_keeps_no_note_and_says_why() -> None:
    rules = rules_for("three_nos")
    assert not rules.kept
    assert not rules.writers
    assert "three nos" in rules.reason
    assert "minute-taker" in rules.reason
    assert not may_read_role(rules, "organizer")


def test_closed_record_is_for_organizers_and_sealed_when_closed() -> None:
    rules = rules_for("closed_record")
    assert rules.kept
    assert rules.speaker is Speaker.OPTIONAL
    assert rules.sealed_when_closed
    assert not rules.check_mentions
    assert rules.writers == {"organizer"}
    assert may_read_role(rules, "organizer")
    assert not may_read_role(rules, "delegate")


def test_an_unknown_profile_is_refused_by_name() -> None:
    with pytest.raises(KeyError, match="unknown confidentiality profile"):
        rules_for("open_door")
