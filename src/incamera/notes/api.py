"""``/api/v1/meetings/{id}/notes``: a meeting's session notes, as its profile allows (issue 12).

- ``POST /notes`` ``{"text", "agenda_item"?}`` → 201 ``{"id"}``.  Under Chatham House a note
  that still identifies a participant is refused with 422 ``{"detail", "field": "text",
  "mentions": [[start, end, kind], …]}``: offsets into the submitted text in Unicode code points
  (Python ``str`` indexes, not UTF-16 units nor bytes), ``end`` excluded.  Under the three nos
  every notes route answers 409 with the profile's reason.  A closed meeting's record is frozen
  (409).  Nothing is stored on any refusal.
- ``POST /notes/check`` ``{"text"}`` → ``{"mentions": [{"start", "end", "kind", "placeholder"}]}``:
  what the page flags while a note is typed; stores and logs nothing.
- ``GET /notes`` → the notes, opened, for those the profile lets read them: no speaker, no time
  (under Chatham House a time would let a reader match a note to the speakers list).
- ``POST`` and ``GET /notes/attributed``: the closed record's notes, with their speaker and time;
  under any other profile they answer 409 (no speaker is stored there).  The Chatham House
  schemas above have no speaker field at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.kernel.errors import ConflictError
from incamera.notes.access import access_notes, notes_agenda_item
from incamera.notes.actions import check_note_text, do_add_note, notes_of
from incamera.notes.rules import MAX_NOTE_CHARS, MAX_SPEAKER_CHARS, Speaker
from incamera.web.api import ErrorOut, responses

router = Router(tags=["session"])
NOTES_READ = TokenAuth("meetings:read")
NOTES_WRITE = TokenAuth("meetings:write")

_TEXT = Field(
    min_length=1,
    max_length=MAX_NOTE_CHARS,
    pattern=r"\S",
    description=f"what was said, at most {MAX_NOTE_CHARS} characters (Unicode code points)",
)


class NoteIn(Schema):
    text: str = _TEXT
    agenda_item: int | None = Field(default=None, description="an agenda item of the meeting; none: the meeting as a whole")


class AttributedNoteIn(NoteIn):
    speaker: str | None = Field(
        default=None, min_length=1, max_length=MAX_SPEAKER_CHARS, pattern=r"\S", description="a delegation or a person; sealed"
    )


class CheckIn(Schema):
    text: str = _TEXT


class CreatedOut(Schema):
    id: int


class MentionOut(Schema):
    start: int = Field(description="offset of the mention's first character, in code points")
    end: int = Field(description="offset just after its last character, in code points")
    kind: str = Field(description="person, role, country_role, organisation, email, phone, url or handle")
    placeholder: str = Field(description="what the engine suggests in its place")


class MentionsOut(Schema):
    mentions: list[MentionOut]


class MentionsErrorOut(Schema):
    detail: str
    field: str | None = None
    mentions: list[list[int | str]] | None = Field(
        default=None, description="each mention as [start, end, kind]: offsets in code points, end excluded"
    )


class NoteOut(Schema):
    id: int
    agenda_item: int | None
    text: str


class AttributedNoteOut(NoteOut):
    created_at: dt.datetime
    speaker: str | None


_WRITE = responses({201: CreatedOut, 404: ErrorOut, 409: ErrorOut, 422: MentionsErrorOut})


@router.post("/{meeting_id}/notes", response=_WRITE, auth=NOTES_WRITE, summary="Add a session note")
def add_note(request: HttpRequest, meeting_id: int, body: NoteIn) -> Status[dict[str, Any]]:
    seat = access_notes(request.user, meeting_id, write=True)
    item = notes_agenda_item(seat, body.agenda_item)
    note = do_add_note(seat.meeting, text=body.text, agenda_item=item, by=api_user(request))
    return Status(201, {"id": note.pk})


@router.post(
    "/{meeting_id}/notes/check",
    response=responses({200: MentionsOut, 404: ErrorOut, 409: ErrorOut}),
    auth=NOTES_WRITE,
    summary="Find the identifying mentions in a note before it is saved",
)
def check_note(request: HttpRequest, meeting_id: int, body: CheckIn) -> dict[str, Any]:
    seat = access_notes(request.user, meeting_id, write=True)
    return {"mentions": [vars(m) for m in check_note_text(seat.meeting, body.text)]}


@router.get(
    "/{meeting_id}/notes", response=responses({200: list[NoteOut], 404: ErrorOut, 409: ErrorOut}), auth=NOTES_READ, summary="Session notes"
)
def list_notes(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    seat = access_notes(request.user, meeting_id, read=True)
    return [{"id": n.id, "agenda_item": n.agenda_item_id, "text": n.text} for n in notes_of(seat.meeting, seat.rules)]


def _attributed_only(speaker: Speaker) -> None:
    if speaker is Speaker.FORBIDDEN:
        raise ConflictError(_("this meeting's profile stores no speaker: use /notes, without one"))


@router.post("/{meeting_id}/notes/attributed", response=_WRITE, auth=NOTES_WRITE, summary="Closed record: add an attributed note")
def add_attributed_note(request: HttpRequest, meeting_id: int, body: AttributedNoteIn) -> Status[dict[str, Any]]:
    seat = access_notes(request.user, meeting_id, write=True)
    _attributed_only(seat.rules.speaker)
    item = notes_agenda_item(seat, body.agenda_item)
    note = do_add_note(seat.meeting, text=body.text, agenda_item=item, speaker=body.speaker, by=api_user(request))
    return Status(201, {"id": note.pk})


@router.get(
    "/{meeting_id}/notes/attributed",
    response=responses({200: list[AttributedNoteOut], 404: ErrorOut, 409: ErrorOut}),
    auth=NOTES_READ,
    summary="Closed record: attributed notes, in session",
)
def list_attributed_notes(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    seat = access_notes(request.user, meeting_id, read=True)
    _attributed_only(seat.rules.speaker)
    return [
        {"id": n.id, "agenda_item": n.agenda_item_id, "text": n.text, "created_at": n.created_at, "speaker": n.speaker}
        for n in notes_of(seat.meeting, seat.rules)
    ]
