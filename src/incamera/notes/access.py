"""Who may read and write a meeting's session notes: the profile's rule table (``rules.py``)
applied to the caller's role, for pages and API alike.

A meeting whose content the caller may not read does not exist for them (404).  Among those who
read it, whoever the profile does not let read or write notes finds the notes routes absent too
(404), as the chair's acts are for participants; under the three nos, every notes route answers
every content reader with the profile's reason (409), since no notes exist for anyone.  Under a
closed record, the notes are sealed once the meeting closes: reading them answers 409, naming the
custodian quorum."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from incamera.kernel.errors import ConflictError, NotFoundError
from incamera.meetings.access import Need, access_meeting, role_in
from incamera.meetings.lifecycle import FROZEN, State
from incamera.meetings.models import AgendaItem
from incamera.notes.rules import NoteRules, may_read_role, rules_for
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["NotesSeat", "access_notes", "notes_agenda_item"]


@dataclass(frozen=True)
class NotesSeat:
    """What a caller may do with a meeting's notes.  ``sealed``: the record is closed and the
    profile seals it (only a custodian quorum may open it, later)."""

    meeting: Meeting
    rules: NoteRules
    may_read: bool
    may_write: bool
    sealed: bool


def access_notes(user: User | AnonymousUser, meeting_id: int, *, read: bool = False, write: bool = False) -> NotesSeat:
    """The caller's seat for meeting ``meeting_id``'s notes; with ``read`` or ``write``, refuse
    unless they may (NotFoundError, or ConflictError with the profile's reason)."""
    meeting = access_meeting(user, meeting_id, need=Need.CONTENT)
    rules = rules_for(meeting.profile)
    role = role_in(user, meeting)
    seat = NotesSeat(
        meeting=meeting,
        rules=rules,
        may_read=may_read_role(rules, role),
        may_write=rules.kept and role in rules.writers,
        sealed=rules.sealed_when_closed and State(meeting.state) in FROZEN,
    )
    if (read or write) and not rules.kept:
        raise ConflictError(_(rules.reason))
    if (read and not seat.may_read) or (write and not seat.may_write):
        raise NotFoundError(f"no notes of meeting {meeting_id}")
    if read and seat.sealed:
        raise ConflictError(_("the meeting is closed and its record is sealed: its notes open only to a quorum of the record's custodians"))
    return seat


def notes_agenda_item(seat: NotesSeat, item_id: int | None) -> AgendaItem | None:
    """The meeting's agenda item ``item_id`` (None: the note concerns no item in particular)."""
    if item_id is None:
        return None
    return get_or_404(AgendaItem, f"agenda item {item_id} in this meeting", pk=item_id, meeting=seat.meeting)
