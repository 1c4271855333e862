"""What each confidentiality profile allows of session notes: one table, keyed by
``meetings.profiles.Notes`` (PRODUCT.md, "Confidentiality profiles"; issue 12, part 2).

- **Chatham House** (``Notes.UNATTRIBUTED``): organizers and delegates write, everyone who reads
  the meeting's content reads; a note has no speaker anywhere, and must name no participant (the
  de-attribution engine checks it over the meeting's roster).
- **Three nos** (``Notes.NONE``): no note is kept; whoever asks is told why.
- **Closed record** (``Notes.ATTRIBUTED_SEALED``): organizers alone write and read, in session;
  a note may name its speaker (sealed with it).  Once the meeting closes, the record is sealed:
  only a custodian quorum may open it (the disclosure issue).

Pure: imports nothing from Django.  Roles are named by their codes (``meetings.models.Role``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from incamera.kernel.messages import gettext_noop
from incamera.meetings.profiles import Notes, profile

__all__ = ["MAX_NOTE_CHARS", "MAX_SPEAKER_CHARS", "NoteRules", "Speaker", "rules_for"]

# A note longer than this is refused (422): about eight pages of text.
MAX_NOTE_CHARS = 20_000
MAX_SPEAKER_CHARS = 200


class Speaker(enum.StrEnum):
    FORBIDDEN = "forbidden"  # no speaker field anywhere: form, model, API, export
    OPTIONAL = "optional"  # a note may name its speaker (a delegation or a person), sealed


@dataclass(frozen=True)
class NoteRules:
    kept: bool  # whether notes exist at all
    writers: frozenset[str]  # roles that may add a note (who reads the content besides)
    readers: frozenset[str] | None  # roles that may read in session; None: every content reader
    speaker: Speaker
    check_mentions: bool  # refuse a note that still names a participant
    sealed_when_closed: bool  # after the meeting closes, no one reads them here (custodian quorum)
    reason: str  # why, in one sentence (English; marked for translation)


_CONTENT_ROLES = frozenset({"organizer", "delegate", "observer", "focal_point"})

RULES: dict[Notes, NoteRules] = {
    Notes.UNATTRIBUTED: NoteRules(
        kept=True,
        writers=frozenset({"organizer", "delegate"}),
        readers=None,
        speaker=Speaker.FORBIDDEN,
        check_mentions=True,
        sealed_when_closed=False,
        reason=gettext_noop(
            "Under the Chatham House Rule what is said may be used, never who said it: notes have no speaker, "
            "and a note that names or identifies a participant is refused until the mention is removed or replaced."
        ),
    ),
    Notes.NONE: NoteRules(
        kept=False,
        writers=frozenset(),
        readers=frozenset(),
        speaker=Speaker.FORBIDDEN,
        check_mentions=False,
        sealed_when_closed=False,
        reason=gettext_noop(
            "This meeting follows the three nos: no minute-taker, no official statement, no press. "
            "No notes are kept; only the outcomes are recorded."
        ),
    ),
    Notes.ATTRIBUTED_SEALED: NoteRules(
        kept=True,
        writers=frozenset({"organizer"}),
        readers=frozenset({"organizer"}),
        speaker=Speaker.OPTIONAL,
        check_mentions=False,
        sealed_when_closed=True,
        reason=gettext_noop(
            "Under a closed record, notes name their speakers and are sealed: organizers alone write and read them "
            "during the meeting; once it closes, only a quorum of the record's custodians can open them."
        ),
    ),
}


def rules_for(profile_key: str) -> NoteRules:
    """The notes rules of a meeting under the confidentiality profile ``profile_key``."""
    return RULES[profile(profile_key).notes]


def may_read_role(rules: NoteRules, role: str | None) -> bool:
    if role is None or not rules.kept:
        return False
    return role in (_CONTENT_ROLES if rules.readers is None else rules.readers)
