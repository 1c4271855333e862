"""Notes sealed at rest, logged as commitments, refused as the profile says, shredded with the
meeting key (real database, real keys)."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from incamera.accounts.models import User
from incamera.kernel.errors import ConflictError, InvalidInputError, MentionsError, TransitionError
from incamera.ledger.log import disclosed_salt
from incamera.ledger.models import Event, LogEntry
from incamera.materials.actions import do_shred_materials
from incamera.meetings.models import Meeting
from incamera.notes.actions import do_add_note, meeting_redactors, note_mentions, notes_of, person_rows
from incamera.notes.models import Note
from incamera.tlog.entries import verify_commitment
from tests.conftest import Cast
from tests.notes.conftest import meeting_under

pytestmark = pytest.mark.django_db

SECRET = "The lithium quota of 42 kilotonnes is negotiable, off the record."


def _raw_rows() -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM notes_note")
        return repr(cursor.fetchall()).encode()


def test_a_note_is_sealed_at_rest_and_opens_for_the_meeting(cast: Cast) -> None:
    item = cast.meeting.agenda.get()
    note = do_add_note(cast.meeting, text=SECRET, agenda_item=item, by=cast.delegate)
    raw = _raw_rows()
    assert b"lithium" not in raw
    assert b"42 kilotonnes" not in raw
    assert SECRET.encode() not in bytes(Note.objects.get(pk=note.pk).ciphertext)
    [opened] = notes_of(cast.meeting)
    assert (opened.id, opened.agenda_item_id, opened.text, opened.speaker) == (note.pk, item.pk, SECRET, None)


def test_the_log_gets_a_salted_commitment_never_the_text(cast: Cast) -> None:
    note = do_add_note(cast.meeting, text=SECRET, by=cast.delegate)
    event = Event.objects.get(type="note.added")
    assert set(event.payload) == {"note", "commitment"}
    assert event.payload["note"] == note.pk
    assert "lithium" not in json.dumps(event.payload)
    entry = LogEntry.objects.get(event=event)
    assert b"lithium" not in bytes(entry.data)
    assert event.payload["commitment"].encode() not in bytes(entry.data)
    [opened] = notes_of(cast.meeting)
    verify_commitment(expected=event.payload["commitment"], salt=opened.salt, content={"text": SECRET})
    assert len(disclosed_salt(entry)) == len(opened.salt)


def test_a_note_that_names_a_participant_is_refused_with_its_spans_and_nothing_is_stored(cast: Cast, wang: User) -> None:
    text = "Minister Wang said the price is too low; wang.wei@mofcom.example will circulate figures."
    with pytest.raises(MentionsError) as refused:
        do_add_note(cast.meeting, text=text, by=cast.delegate)
    assert [(text[s:e], kind) for s, e, kind in refused.value.mentions] == [
        ("Minister Wang", "person"),
        ("wang.wei@mofcom.example", "email"),
    ]
    assert refused.value.field == "text"
    assert not Note.objects.exists()
    assert not Event.objects.filter(type="note.added").exists()


def test_a_zero_width_character_inside_a_roster_name_does_not_hide_it(cast: Cast, wang: User) -> None:
    text = "Wei Wa\u200bng disagreed with the timeline."
    with pytest.raises(MentionsError) as refused:
        do_add_note(cast.meeting, text=text, by=cast.delegate)
    assert refused.value.mentions == [(0, 9, "person")]  # code points: the invisible one counts
    assert text[0:9] == "Wei Wa\u200bng"


def test_a_name_with_an_invisible_character_in_the_roster_still_builds_and_matches(cast: Cast) -> None:
    from incamera.meetings import actions as meetings
    from tests.conftest import make_user

    sly = make_user("sly@example.org", name="Ana\u200b Bel\u00adtrán")
    meetings.do_add_member(cast.meeting, sly, role="delegate", delegation="Spain", by=cast.organizer)
    assert [m.kind for m in note_mentions(cast.meeting, "Ana Beltrán asked for a recess.")] == ["person"]


def test_empty_and_oversized_notes_are_refused_precisely(cast: Cast) -> None:
    with pytest.raises(InvalidInputError, match="the note is empty") as empty:
        do_add_note(cast.meeting, text=" \n\t", by=cast.delegate)
    assert empty.value.field == "text"
    with pytest.raises(InvalidInputError, match="20001 characters; a note may have at most 20000"):
        do_add_note(cast.meeting, text="x" * 20_001, by=cast.delegate)
    assert not Note.objects.exists()


def test_three_nos_refuses_every_note_with_the_profiles_reason(cast: Cast) -> None:
    meeting = meeting_under(cast, "three_nos")
    with pytest.raises(ConflictError, match="three nos: no minute-taker"):
        do_add_note(meeting, text="Outcome: agreed.", by=cast.organizer)
    assert not Note.objects.exists()


def test_closed_record_seals_the_speaker_with_the_text(cast: Cast) -> None:
    meeting = meeting_under(cast, "closed_record")
    do_add_note(meeting, text="We cannot accept the quota.", speaker="Delegation of Chile", by=cast.organizer)
    assert b"Chile" not in _raw_rows()
    assert b"Chile" not in json.dumps(Event.objects.get(type="note.added").payload).encode()
    [opened] = notes_of(meeting)
    assert (opened.text, opened.speaker) == ("We cannot accept the quota.", "Delegation of Chile")


def test_chatham_house_refuses_a_speaker(cast: Cast) -> None:
    with pytest.raises(ConflictError, match="no speaker is ever stored"):
        do_add_note(cast.meeting, text="Prices will rise.", speaker="Chile", by=cast.delegate)
    assert not Note.objects.exists()


def test_a_closed_meeting_takes_no_more_notes(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting.pk).update(state="closed")
    with pytest.raises(TransitionError, match="record is frozen"):
        do_add_note(cast.meeting, text="Late thought.", by=cast.delegate)
    assert not Note.objects.exists()


def test_shredding_the_meeting_key_leaves_no_note_readable(cast: Cast) -> None:
    note = do_add_note(cast.meeting, text=SECRET, by=cast.delegate)
    sealed = bytes(Note.objects.get(pk=note.pk).ciphertext)
    do_shred_materials(cast.meeting, by=cast.organizer)
    with pytest.raises(ConflictError, match="shredded"):
        notes_of(cast.meeting)
    # The key is gone: even the ciphertext as it was before the shred (a backup) cannot be opened,
    # and the shred emptied the rows as well.
    from incamera.materials.keyring import open_sealed

    with pytest.raises(ConflictError, match="shredded"):
        open_sealed(cast.meeting, sealed, label=f"note {note.pk}")
    assert bytes(Note.objects.get(pk=note.pk).ciphertext) == b""
    assert Event.objects.get(type="materials.shredded").payload["other_sealed_items"] == 1
    with pytest.raises(ConflictError, match="shredded"):
        do_add_note(cast.meeting, text="After the shred.", by=cast.delegate)


def test_the_roster_counts_members_and_the_delegations_people(cast: Cast, wang: User) -> None:
    from incamera.meetings import actions as meetings
    from incamera.roster.actions import do_import_roster
    from tests.conftest import make_user

    roster = b"delegation,kind,region,full_name,email,title\nChile,state,Latin America,Camila Rojas,c.rojas@example.org,Ambassador\n"
    do_import_roster(roster, cast.meeting.secretariat, by=cast.organizer)
    diego = make_user("diego@example.org", name="Diego Soto")
    meetings.do_add_member(cast.meeting, diego, role="delegate", delegation="Chile", by=cast.organizer)
    rows = {row.name: row for row in person_rows(cast.meeting)}
    assert rows["Camila Rojas"].state is True
    assert rows["Camila Rojas"].title == "Ambassador"
    assert rows["Wei Wang"].delegation == "China"
    assert rows["Diego Soto"].state is True
    kinds = [m.kind for m in note_mentions(cast.meeting, "The Chilean ambassador, Camila Rojas, and Mr Soto agreed.")]
    assert kinds == ["country_role", "person", "person"]
    assert meeting_redactors.builds == 1
    note_mentions(cast.meeting, "Once more.")
    assert meeting_redactors.builds == 1  # the same roster: the engine is reused
