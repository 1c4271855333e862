"""``/api/v1/meetings/{id}/notes``: status codes and bodies as each role and profile gets them."""

from __future__ import annotations

import pytest

from incamera.accounts.models import User
from incamera.ledger.models import Event
from incamera.meetings.models import Meeting
from incamera.notes.models import Note
from tests.conftest import Cast
from tests.notes.conftest import Caller, meeting_under

pytestmark = pytest.mark.django_db


def test_a_delegate_adds_a_note_and_every_content_reader_reads_it_without_speaker_or_time(cast: Cast) -> None:
    item = cast.meeting.agenda.get()
    created = Caller(cast.delegate).post(cast.meeting, {"text": "Prices will rise.", "agenda_item": item.pk})
    assert created.status_code == 201
    note_id = created.json()["id"]
    for role in ("observer", "focal_point", "organizer"):
        listed = Caller(cast.user(role)).get(cast.meeting)
        assert listed.status_code == 200
        assert listed.json() == [{"id": note_id, "agenda_item": item.pk, "text": "Prices will rise."}]


def test_mentions_are_refused_with_422_and_their_code_point_offsets(cast: Cast, wang: User) -> None:
    text = "😀 Minister Wang hesitated."  # an astral character first: offsets are code points, not UTF-16
    refused = Caller(cast.delegate).post(cast.meeting, {"text": text})
    assert refused.status_code == 422
    body = refused.json()
    assert body["field"] == "text"
    assert "identifies a participant" in body["detail"]
    assert body["mentions"] == [[2, 15, "person"]]
    assert text[2:15] == "Minister Wang"
    assert not Note.objects.exists()
    assert not Event.objects.filter(type="note.added").exists()


def test_the_check_lists_each_mention_with_its_placeholder_and_stores_nothing(cast: Cast, wang: User) -> None:
    checked = Caller(cast.delegate).post(cast.meeting, {"text": "Wei Wa\u200bng and the Chinese delegate."}, "/check")
    assert checked.status_code == 200
    assert checked.json() == {
        "mentions": [
            {"start": 0, "end": 9, "kind": "person", "placeholder": "Participant A"},
            {"start": 14, "end": 34, "kind": "country_role", "placeholder": "a delegate from an Asian country"},
        ]
    }
    assert Caller(cast.delegate).post(cast.meeting, {"text": "Exports to China grew."}, "/check").json() == {"mentions": []}
    assert not Note.objects.exists()
    assert not Event.objects.filter(type__startswith="note").exists()


def test_bad_input_gets_precise_errors(cast: Cast) -> None:
    delegate = Caller(cast.delegate)
    assert delegate.post(cast.meeting, {"text": "   "}).status_code == 422
    oversized = delegate.post(cast.meeting, {"text": "x" * 20_001})
    assert oversized.status_code == 422
    assert oversized.json()["field"] == "text"
    unknown_item = delegate.post(cast.meeting, {"text": "Fine.", "agenda_item": 999_999})
    assert unknown_item.status_code == 404
    assert "agenda item 999999" in unknown_item.json()["detail"]
    other_item = cast.other_meeting.agenda.create(position=1, title="Theirs")
    assert delegate.post(cast.meeting, {"text": "Fine.", "agenda_item": other_item.pk}).status_code == 404
    assert delegate.post(cast.meeting, {"text": "Fine.", "speaker": "Chile"}).status_code == 201  # an unknown field is ignored…
    assert "speaker" not in Caller(cast.organizer).get(cast.meeting).json()[0]  # …and never stored
    assert Note.objects.count() == 1


def test_who_may_not_see_or_write_gets_404(cast: Cast) -> None:
    for role in ("outsider", "service", "admin"):
        caller = Caller(cast.user(role))
        assert caller.get(cast.meeting).status_code == 404
        assert caller.post(cast.meeting, {"text": "Hello."}).status_code == 404
    for role in ("observer", "focal_point"):  # they read, they do not write
        assert Caller(cast.user(role)).post(cast.meeting, {"text": "Hello."}).status_code == 404
        assert Caller(cast.user(role)).post(cast.meeting, {"text": "Hello."}, "/check").status_code == 404
    assert Caller(None).get(cast.meeting).status_code == 401
    assert Caller(cast.organizer).get(999_999).status_code == 404
    assert not Note.objects.exists()


def test_three_nos_answers_409_with_the_reason_everywhere(cast: Cast) -> None:
    meeting = meeting_under(cast, "three_nos")
    for path, method in (("", "post"), ("", "get"), ("/check", "post"), ("/attributed", "post")):
        caller = Caller(cast.organizer)
        response = caller.post(meeting, {"text": "Agreed."}, path) if method == "post" else caller.get(meeting, path)
        assert response.status_code == 409, path
        assert "three nos" in response.json()["detail"]
    assert Caller(cast.user("outsider")).post(meeting, {"text": "Agreed."}).status_code == 404
    assert not Note.objects.exists()


def test_closed_record_is_attributed_for_organizers_and_sealed_once_closed(cast: Cast) -> None:
    meeting = meeting_under(cast, "closed_record")
    organizer = Caller(cast.organizer)
    created = organizer.post(meeting, {"text": "We object.", "speaker": "Chile"}, "/attributed")
    assert created.status_code == 201
    [note] = organizer.get(meeting, "/attributed").json()
    assert (note["text"], note["speaker"]) == ("We object.", "Chile")
    assert note["created_at"]
    assert organizer.get(meeting).json() == [{"id": note["id"], "agenda_item": None, "text": "We object."}]
    for role in ("delegate", "observer"):
        caller = Caller(cast.user(role))
        assert caller.get(meeting, "/attributed").status_code == 404
        assert caller.post(meeting, {"text": "Me too."}, "/attributed").status_code == 404
    Meeting.objects.filter(pk=meeting.pk).update(state="closed")
    sealed = organizer.get(meeting, "/attributed")
    assert sealed.status_code == 409
    assert "custodians" in sealed.json()["detail"]
    assert organizer.post(meeting, {"text": "Late."}, "/attributed").status_code == 409
    assert Note.objects.count() == 1


def test_chatham_house_has_no_attributed_notes(cast: Cast) -> None:
    response = Caller(cast.delegate).post(cast.meeting, {"text": "Fine.", "speaker": "Chile"}, "/attributed")
    assert response.status_code == 409
    assert "stores no speaker" in response.json()["detail"]
    assert Caller(cast.delegate).get(cast.meeting, "/attributed").status_code == 409
    assert not Note.objects.exists()


def test_no_chatham_house_schema_has_a_speaker_field() -> None:
    from incamera.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    for name in ("NoteIn", "NoteOut", "CheckIn", "MentionsOut", "MentionOut"):
        assert "speaker" not in schemas[name]["properties"], name
    assert "speaker" in schemas["AttributedNoteIn"]["properties"]
