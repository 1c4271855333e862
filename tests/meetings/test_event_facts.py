"""The public facts of logged events, in words on the record page (``event_fact``)."""

from __future__ import annotations

from django.utils import translation

from incamera.meetings.labels import FACT_VALUE_LABELS
from incamera.meetings.templatetags.incamera import event_fact
from incamera.resolutions.models import AdoptionMethod, ReservationKind


def test_coded_values_read_as_words_in_either_language() -> None:
    assert event_fact("method", "roll_call") == "method Named roll call"
    assert event_fact("kind", "explanation_of_vote") == "kind Explanation of vote"
    assert event_fact("version", 2) == "version 2"
    with translation.override("zh-hans"):
        assert event_fact("method", "consensus") == "方式 协商一致"


def test_every_code_the_resolutions_log_has_words() -> None:
    assert set(FACT_VALUE_LABELS["method"]) == set(AdoptionMethod.values)
    assert set(FACT_VALUE_LABELS["kind"]) == set(ReservationKind.values)
