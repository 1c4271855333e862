"""The Notes section of the workspace: what each profile shows, the form without JavaScript (the
server flags, lists and replaces mentions), the live check's JSON, and the CSV export."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from incamera.accounts.models import User
from incamera.meetings.models import Meeting
from incamera.notes.actions import do_add_note
from incamera.notes.models import Note
from tests.conftest import Cast, client_for
from tests.notes.conftest import meeting_under

pytestmark = pytest.mark.django_db


def _page(user: User, meeting: Meeting) -> str:
    response = client_for(user).get(reverse("notes:notes", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_chatham_house_page_lists_notes_per_item_and_offers_the_checked_form(cast: Cast) -> None:
    empty = _page(cast.delegate, cast.meeting)
    assert "No notes yet." in empty
    assert 'id="note-text"' in empty
    assert "data-check-url" in empty
    assert 'aria-live="polite"' in empty
    assert "incamera/notes.js" in empty
    assert "<script>" not in empty
    assert 'name="speaker"' not in empty
    do_add_note(cast.meeting, text="Prices will rise.", agenda_item=cast.meeting.agenda.get(), by=cast.delegate)
    observer = _page(cast.observer, cast.meeting)
    assert "Prices will rise." in observer
    assert "<h3" in observer
    assert "Opening" in observer
    assert 'id="note-text"' not in observer  # observers read, they do not write


def test_without_javascript_the_server_refuses_lists_and_replaces_mentions(cast: Cast, wang: User) -> None:
    client = client_for(cast.delegate)
    url = reverse("notes:add", args=[cast.meeting.pk])
    refused = client.post(url, {"text": "Minister Wang wants a delay.", "action": "save"})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert "<mark>Minister Wang</mark>" in page
    assert "Participant A" in page
    assert "The note was not saved." in page
    assert not Note.objects.exists()
    replaced = client.post(url, {"text": "Minister Wang wants a delay.", "action": "replace"})
    assert replaced.status_code == 200
    assert "Participant A wants a delay.</textarea>" in replaced.content.decode()
    saved = client.post(url, {"text": "Participant A wants a delay.", "action": "save"})
    assert saved.status_code == 302
    assert Note.objects.count() == 1


def test_the_live_check_answers_json_with_quotes_and_placeholders(cast: Cast, wang: User) -> None:
    url = reverse("notes:check", args=[cast.meeting.pk])
    response = client_for(cast.delegate).post(url, json.dumps({"text": "Then Wei Wang spoke."}), content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"mentions": [{"start": 5, "end": 13, "kind": "person", "placeholder": "Participant A", "quote": "Wei Wang"}]}
    bad = client_for(cast.delegate).post(url, "[1]", content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["field"] == "text"
    assert client_for(cast.observer).post(url, "{}", content_type="application/json").status_code == 404


def test_three_nos_explains_that_no_notes_are_kept(cast: Cast) -> None:
    page = _page(cast.delegate, meeting_under(cast, "three_nos"))
    assert "three nos" in page
    assert "No notes are kept" in page
    assert 'id="note-text"' not in page


def test_closed_record_page_for_organizers_delegates_and_after_closing(cast: Cast) -> None:
    meeting = meeting_under(cast, "closed_record")
    do_add_note(meeting, text="We object.", speaker="Chile", by=cast.organizer)
    organizer = _page(cast.organizer, meeting)
    assert "We object." in organizer
    assert "Chile" in organizer
    assert 'name="speaker"' in organizer
    delegate = _page(cast.delegate, meeting)
    assert "We object." not in delegate
    assert "organizers alone" in delegate
    Meeting.objects.filter(pk=meeting.pk).update(state="closed")
    closed = _page(cast.organizer, meeting)
    assert "We object." not in closed
    assert "quorum of the record&#x27;s custodians" in closed


def test_the_csv_export_under_chatham_house_has_item_and_text_only(cast: Cast) -> None:
    do_add_note(cast.meeting, text="Prices will rise.", agenda_item=cast.meeting.agenda.get(), by=cast.delegate)
    response = client_for(cast.observer).get(reverse("notes:csv", args=[cast.meeting.pk]))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines == ["agenda_item,text", "Opening,Prices will rise."]


def test_the_page_says_when_the_notes_were_shredded(cast: Cast) -> None:
    from incamera.materials.actions import do_shred_materials

    do_add_note(cast.meeting, text="Prices will rise.", by=cast.delegate)
    do_shred_materials(cast.meeting, by=cast.organizer)
    page = _page(cast.delegate, cast.meeting)
    assert "shredded" in page
    assert "Prices will rise." not in page
