from django.utils import translation

from incamera.meetings.lifecycle import TRANSITIONS, Readiness, State, refusals
from incamera.meetings.profiles import PROFILES, ProfileKey, checklist_for, profile

READY = Readiness(unticked_required=(), agenda_items=1)


def test_only_listed_transitions_are_allowed() -> None:
    for current in State:
        for target in State:
            allowed = not refusals(current, target, READY)
            assert allowed == (target in TRANSITIONS[current]), (current, target)


def test_in_session_needs_every_required_item_and_an_agenda() -> None:
    reasons = refusals(State.PREPARING, State.IN_SESSION, Readiness(unticked_required=("Device lockers at the door",), agenda_items=0))
    assert "readiness item not ticked: Device lockers at the door" in reasons
    assert "the agenda is empty" in reasons


def test_archived_is_final() -> None:
    assert TRANSITIONS[State.ARCHIVED] == ()


def test_every_profile_has_the_nda_item_and_three_nos_refuses_notes_and_press() -> None:
    for p in PROFILES.values():
        assert "ndas_signed" in {item.key for item in p.checklist}
        assert not p.press_allowed
    three_nos = profile("three_nos")
    assert three_nos.notes.value == "none"
    assert not three_nos.statement_allowed
    assert profile("closed_record").attribution_sealed


def test_interpretation_booths_only_for_multilingual_meetings() -> None:
    mono = {i.key for i in checklist_for(ProfileKey.CHATHAM_HOUSE, languages=["en"])}
    multi = {i.key for i in checklist_for(ProfileKey.CHATHAM_HOUSE, languages=["en", "zh"])}
    assert "interpretation_booths" not in mono
    assert "interpretation_booths" in multi


def test_unknown_profile_names_the_known_ones() -> None:
    import pytest

    with pytest.raises(KeyError, match="chatham_house"):
        profile("open_door")


def test_refusals_keep_their_template_and_values_and_the_catalog_has_each_template() -> None:
    reasons = [
        *refusals(State.ARCHIVED, State.DRAFT, READY),
        *refusals(State.DRAFT, State.CLOSED, READY),
        *refusals(State.PREPARING, State.IN_SESSION, Readiness(unticked_required=("Shielded room checked",), agenda_items=0)),
    ]
    assert len(reasons) == 4
    for reason in reasons:
        assert reason.template % reason.params == reason
        with translation.override("zh-hans"):
            assert translation.gettext(reason.template) != reason.template, reason.template
