"""Session notes: checked (``check_note_text``), added (``do_add_note``) and read (``notes_of``)
as the meeting's profile allows (``rules.py``).

A note's text (and, under a closed record, its speaker) is sealed under the meeting key with the
salt of its commitment; the log gets ``note.added`` with the note's id and that salted commitment,
never the text.  Shredding the meeting's materials destroys the meeting key, so sealed notes can
no longer be opened; the ``shredding`` signal also empties their ciphertext (``apps.py``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, MentionsError, NotFoundError
from incamera.ledger.events import record_event
from incamera.materials import keyring
from incamera.meetings.actions import check_record_open
from incamera.meetings.models import AgendaItem, Meeting
from incamera.notes.mentions import Mention, PersonRow, RedactorCache, mentions_in
from incamera.notes.models import Note
from incamera.notes.rules import MAX_NOTE_CHARS, MAX_SPEAKER_CHARS, NoteRules, Speaker, rules_for
from incamera.roster.models import Delegation, DelegationKind, RosterPerson
from incamera.tlog import entries

if TYPE_CHECKING:
    import datetime as dt

    from incamera.accounts.models import User

__all__ = ["NoteText", "check_note_text", "do_add_note", "meeting_redactors", "note_mentions", "notes_of", "person_rows"]

# One de-attribution engine per meeting, per process (``mentions.py``).
meeting_redactors = RedactorCache()


def person_rows(meeting: Meeting) -> list[PersonRow]:
    """Everyone a note may identify: the meeting's members (any role), and the people the
    secretariat's roster lists for the delegations taking part (three queries)."""
    members = list(meeting.memberships.order_by("user_id").values_list("user_id", "user__full_name", "user__email", "delegation", "role"))
    names = {row[3] for row in members if row[3]}
    delegations = {
        name: (pk, kind == DelegationKind.STATE)
        for pk, name, kind in Delegation.objects.filter(secretariat_id=meeting.secretariat_id, name__in=names).values_list(
            "pk", "name", "kind"
        )
    }
    people = list(
        RosterPerson.objects.filter(delegation_id__in=[pk for pk, _state in delegations.values()])
        .order_by("pk")
        .values_list("pk", "full_name", "email", "title", "delegation__name")
    )
    titles = {email.casefold(): title for _pk, _name, email, title, _delegation in people if title}
    rows = [
        PersonRow(
            key=f"member-{user_id}",
            name=name or "",
            email=email,
            delegation=delegation,
            state=delegations[delegation][1] if delegation in delegations else None,
            title=titles.get(email.casefold(), ""),
            role=role,
        )
        for user_id, name, email, delegation, role in members
    ]
    member_emails = {email.casefold() for _id, _name, email, _delegation, _role in members}
    rows.extend(
        PersonRow(key=f"roster-{pk}", name=name, email=email, delegation=delegation, state=delegations[delegation][1], title=title)
        for pk, name, email, title, delegation in people
        if email.casefold() not in member_emails
    )
    return rows


def _checked_text(text: str) -> str:
    if not text.strip():
        raise InvalidInputError(_("the note is empty; write what was said"), field="text")
    if len(text) > MAX_NOTE_CHARS:
        msg = _("the note has %(found)d characters; a note may have at most %(limit)d (split it in two)") % {
            "found": len(text),
            "limit": MAX_NOTE_CHARS,
        }
        raise InvalidInputError(msg, field="text")
    return text


def note_mentions(meeting: Meeting, text: str) -> list[Mention]:
    """The identifying mentions in ``text`` over the meeting's roster (its engine cached)."""
    redactor = meeting_redactors.get(meeting.pk, person_rows(meeting), meeting.languages or ())
    return mentions_in(redactor, text)


def check_note_text(meeting: Meeting, text: str) -> list[Mention]:
    """Validate a note's text and return the identifying mentions it still holds (none are
    looked for where the profile keeps attributed notes).  Stores nothing."""
    _checked_text(text)
    rules = rules_for(meeting.profile)
    if not rules.kept:
        raise ConflictError(_(rules.reason))
    return note_mentions(meeting, text) if rules.check_mentions else []


def _label(note_id: int) -> str:
    return f"note {note_id}"


def do_add_note(
    meeting: Meeting,
    *,
    text: str,
    agenda_item: AgendaItem | None = None,
    speaker: str | None = None,
    by: User,
    clock: Clock = system_clock,
) -> Note:
    """Seal and store a note, with its ``note.added`` event.  Refused, storing nothing: under the
    three nos (ConflictError, the profile's reason); a speaker where the profile stores none
    (ConflictError); an empty or oversized text (InvalidInputError); under Chatham House, a text
    that still identifies someone (MentionsError, with each mention's offsets); a frozen record
    (TransitionError); a shredded meeting key (ConflictError)."""
    rules = rules_for(meeting.profile)
    if not rules.kept:
        raise ConflictError(_(rules.reason))
    speaker = " ".join(speaker.split()) if speaker else None
    if speaker and rules.speaker is Speaker.FORBIDDEN:
        raise ConflictError(_("under the Chatham House Rule no speaker is ever stored: write the note without one"))
    if speaker and len(speaker) > MAX_SPEAKER_CHARS:
        raise InvalidInputError(
            _("the speaker's name has %(found)d characters; at most %(limit)d") % {"found": len(speaker), "limit": MAX_SPEAKER_CHARS},
            field="name",
        )
    mentions = check_note_text(meeting, text)
    if mentions:
        raise MentionsError(
            _("the note still identifies a participant (%(count)d mention(s)): remove them or replace them by the placeholders")
            % {"count": len(mentions)},
            mentions=[(m.start, m.end, m.kind) for m in mentions],
            field="text",
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise NotFoundError(f"no agenda item {agenda_item.pk} in meeting {meeting.pk}")
    content: dict[str, str] = {"text": text}
    if speaker:
        content["speaker"] = speaker
    salt = entries.new_salt()
    with transaction.atomic():
        check_record_open(meeting)
        note = Note.objects.create(meeting=meeting, agenda_item=agenda_item, ciphertext=b"", created_at=clock.now(), author=by)
        sealed = json.dumps({**content, "salt": salt.hex()}).encode()
        note.ciphertext = keyring.seal(meeting, sealed, label=_label(note.pk))
        note.save(update_fields=["ciphertext"])
        record_event("note.added", actor=by, meeting=meeting, payload={"note": note.pk, "commitment": entries.commitment(salt, content)})
    return note


@dataclass(frozen=True)
class NoteText:
    """A note opened: ``speaker`` is always None where the profile stores no speaker; ``salt``
    opens the note's commitment in the log (for a later disclosure)."""

    id: int
    agenda_item_id: int | None
    created_at: dt.datetime
    text: str
    speaker: str | None
    salt: bytes


def notes_of(meeting: Meeting, rules: NoteRules | None = None) -> list[NoteText]:
    """Every note of the meeting, opened (ConflictError once the meeting's key is shredded); those
    sealed to the record's custodian quorum are no longer here."""
    rules = rules or rules_for(meeting.profile)
    rows: Sequence[Note] = list(Note.objects.filter(meeting=meeting, sealed_at__isnull=True))
    if not rows:
        return []
    opened = keyring.open_all_sealed(meeting, [(bytes(row.ciphertext), _label(row.pk)) for row in rows])
    notes = []
    for row, data in zip(rows, opened, strict=True):
        content = json.loads(data)
        speaker = content.get("speaker") if rules.speaker is not Speaker.FORBIDDEN else None
        notes.append(NoteText(row.pk, row.agenda_item_id, row.created_at, content["text"], speaker, bytes.fromhex(content["salt"])))
    return notes
