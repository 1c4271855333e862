"""Drafting resolutions: versions, sealed texts, digests, and what is refused."""

from __future__ import annotations

import pytest

from incamera.kernel.errors import InvalidInputError, TransitionError
from incamera.ledger.models import Event
from incamera.resolutions import actions
from incamera.resolutions.digests import text_digest
from incamera.resolutions.models import Resolution, ResolutionState, ResolutionText
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

EN = "The participants agree to publish a shared registry of smelters by 2028."
ZH = "与会者同意在2028年前公布共同的冶炼厂名录。"


def _draft(cast: Cast) -> Resolution:
    return actions.do_create_resolution(
        cast.meeting, title="On traceability", texts={"en": EN, "zh": ZH}, legal_character="political_commitment", by=cast.organizer
    )


def test_a_draft_keeps_each_version_sealed_with_its_digest(cast: Cast) -> None:
    resolution = _draft(cast)
    first = resolution.versions.get()
    assert actions.texts_of(first) == {"en": EN, "zh": ZH}
    for row in ResolutionText.objects.all():
        assert EN.encode() not in bytes(row.ciphertext)
        assert "冶炼厂".encode() not in bytes(row.ciphertext)
    before = actions.digests_of(resolution)
    assert before.latest.texts == {"en": text_digest(EN), "zh": text_digest(ZH)}
    second = actions.do_add_version(resolution, {"en": EN + " It reviews progress yearly."}, by=cast.organizer)
    after = actions.digests_of(resolution)
    assert second.number == 2
    assert [v.number for v in after.versions] == [1, 2]
    assert after.whole != before.whole
    events = Event.objects.filter(type__startswith="resolution.").order_by("id")
    assert [e.type for e in events] == ["resolution.drafted", "resolution.version_added"]
    assert all(EN not in str(e.payload) for e in events)


def test_a_text_sealed_for_one_row_does_not_open_as_another(cast: Cast) -> None:
    from incamera.crypto.envelope import DecryptionError

    resolution = _draft(cast)
    en, zh = resolution.versions.get().texts.order_by("language")
    en.ciphertext, zh.ciphertext = bytes(zh.ciphertext), bytes(en.ciphertext)
    en.save()
    zh.save()
    with pytest.raises(DecryptionError):
        actions.texts_of(resolution.versions.get())


@pytest.mark.parametrize(
    ("texts", "field"),
    [({}, "texts"), ({"de": "Text"}, "language"), ({"en": "  \n "}, "texts"), ({"en": "x" * 100_001}, "texts")],
)
def test_bad_texts_are_refused_and_nothing_is_stored(cast: Cast, texts: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        actions.do_create_resolution(cast.meeting, title="T", texts=texts, legal_character="decision", by=cast.organizer)
    assert info.value.field == field
    assert not Resolution.objects.exists()


def test_a_resolution_being_adopted_takes_no_new_version(cast: Cast) -> None:
    resolution = _draft(cast)
    Resolution.objects.filter(pk=resolution.pk).update(state=ResolutionState.ADOPTING)
    with pytest.raises(TransitionError):
        actions.do_add_version(resolution, {"en": "Another text"}, by=cast.organizer)
    assert resolution.versions.count() == 1


def test_only_a_roll_call_is_weighted(cast: Cast) -> None:
    with pytest.raises(InvalidInputError) as info:
        actions.do_create_resolution(
            cast.meeting, title="T", texts={"en": EN}, legal_character="decision", weighted=True, by=cast.organizer
        )
    assert info.value.field == "weighted"


def test_the_command_lists_resolutions_with_their_digests(cast: Cast) -> None:
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("resolutions", "list", "--json", stdout=out)
    assert json.loads(out.getvalue()) == []
    resolution = _draft(cast)
    out = io.StringIO()
    call_command("resolutions", "list", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert (row["id"], row["state"], row["versions"], row["languages"]) == (resolution.pk, "draft", 1, ["en", "zh"])
    assert row["digest"] == actions.digests_of(resolution).whole
    text = io.StringIO()
    call_command("resolutions", "list", stdout=text)
    assert "On traceability" in text.getvalue()


@pytest.mark.parametrize("title", ["On \u202etraceability", "On trace\u200bability", "", "x" * 201])
def test_a_title_with_hidden_characters_or_out_of_bounds_is_refused(cast: Cast, title: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        actions.do_create_resolution(cast.meeting, title=title, texts={"en": EN}, legal_character="decision", by=cast.organizer)
    assert info.value.field == "title"
    assert not Resolution.objects.exists()
