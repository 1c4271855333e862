import pytest
from django.utils import translation

from incamera.meetings.labels import CHECKLIST_LABELS, PROFILE_LABELS, PROFILE_SUMMARIES, STATE_LABELS
from incamera.meetings.lifecycle import State
from incamera.meetings.profiles import PROFILES, ProfileKey
from incamera.meetings.templatetags.incamera import profile_label, profile_summary, role_label, state_label

ALL_LABELS = [*STATE_LABELS.values(), *PROFILE_LABELS.values(), *PROFILE_SUMMARIES.values(), *CHECKLIST_LABELS.values()]


def test_every_state_and_profile_has_a_label() -> None:
    assert set(STATE_LABELS) == {state.value for state in State}
    assert set(PROFILE_LABELS) == set(PROFILE_SUMMARIES) == {key.value for key in ProfileKey}


def test_profile_labels_say_what_the_profile_table_says() -> None:
    for key, profile in PROFILES.items():
        assert PROFILE_LABELS[key.value] == profile.label
        assert PROFILE_SUMMARIES[key.value] == profile.summary


def test_every_checklist_item_of_every_profile_has_its_label() -> None:
    items = {(item.key, item.label) for profile in PROFILES.values() for item in profile.checklist}
    assert items == set(CHECKLIST_LABELS.items())


@pytest.mark.parametrize("label", ALL_LABELS)
def test_every_label_is_in_the_chinese_catalog(label: str) -> None:
    with translation.override("zh-hans"):
        assert translation.gettext(label) != label


def test_filters_show_labels_in_the_active_language() -> None:
    with translation.override("zh-hans"):
        assert state_label("in_session") == "进行中"
        assert profile_label("three_nos") != "Three nos"
        assert role_label("organizer") == "组织方"
    with translation.override("en"):
        assert state_label("in_session") == "In session"
        assert profile_summary("closed_record") == PROFILES[ProfileKey.CLOSED_RECORD].summary


def test_filters_show_an_unknown_code_as_itself() -> None:
    assert state_label("adjourned") == "adjourned"
    assert profile_label("open_door") == "open_door"
    assert profile_summary("open_door") == ""
    assert role_label("rapporteur") == "rapporteur"
    assert role_label(None) == "—"
