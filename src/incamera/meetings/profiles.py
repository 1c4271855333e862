"""Confidentiality profiles: the one table of rules every feature consults (PRODUCT.md,
"Confidentiality profiles").  Pure: imports nothing from Django.

Labels are plain English here and translated in templates through ``incamera.meetings.labels``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["PROFILES", "ChecklistTemplate", "Notes", "Profile", "ProfileKey", "Visibility", "profile"]


class ProfileKey(enum.StrEnum):
    CHATHAM_HOUSE = "chatham_house"
    THREE_NOS = "three_nos"
    CLOSED_RECORD = "closed_record"


class Notes(enum.StrEnum):
    UNATTRIBUTED = "unattributed"  # notes kept, speaker never stored
    NONE = "none"  # outcomes only
    ATTRIBUTED_SEALED = "attributed_sealed"  # notes with speakers, sealed


class Visibility(enum.StrEnum):
    PARTICIPANTS = "participants"  # every admitted participant sees the list
    ORGANIZERS = "organizers"  # only organizers see it


@dataclass(frozen=True)
class ChecklistTemplate:
    key: str
    label: str
    required: bool = True
    only_if_multilingual: bool = False


@dataclass(frozen=True)
class Profile:
    key: ProfileKey
    label: str
    summary: str
    notes: Notes
    attribution_stored: bool
    attribution_sealed: bool
    readouts_with_consent: bool
    press_allowed: bool
    statement_allowed: bool
    participant_list: Visibility
    outline_lists_delegations: bool
    checklist: tuple[ChecklistTemplate, ...]


_NDA = ChecklistTemplate("ndas_signed", "All NDAs signed")
_BOOTHS = ChecklistTemplate("interpretation_booths", "Interpretation booths isolated", only_if_multilingual=True)
_LOCKERS = ChecklistTemplate("device_lockers", "Device lockers at the door")
_SHRED = ChecklistTemplate("shredding", "Shredding arranged for paper copies")
_SHIELD = ChecklistTemplate("shielded_room", "Shielded room checked")

PROFILES: dict[ProfileKey, Profile] = {
    ProfileKey.CHATHAM_HOUSE: Profile(
        key=ProfileKey.CHATHAM_HOUSE,
        label="Chatham House",
        summary="Participants may use what is said, but never reveal who said it.",
        notes=Notes.UNATTRIBUTED,
        attribution_stored=False,
        attribution_sealed=False,
        readouts_with_consent=True,
        press_allowed=False,
        statement_allowed=False,
        participant_list=Visibility.PARTICIPANTS,
        outline_lists_delegations=True,
        checklist=(_NDA, _BOOTHS, _LOCKERS, _SHRED, ChecklistTemplate("shielded_room", "Shielded room checked", required=False)),
    ),
    ProfileKey.THREE_NOS: Profile(
        key=ProfileKey.THREE_NOS,
        label="Three nos",
        summary="No minute-taker, no official statement, no press. Only outcomes are kept.",
        notes=Notes.NONE,
        attribution_stored=False,
        attribution_sealed=False,
        readouts_with_consent=False,
        press_allowed=False,
        statement_allowed=False,
        participant_list=Visibility.ORGANIZERS,
        outline_lists_delegations=False,
        checklist=(
            _NDA,
            _BOOTHS,
            _LOCKERS,
            _SHRED,
            _SHIELD,
            ChecklistTemplate("no_minute_taker", "No minute-taker or recording device in the room"),
        ),
    ),
    ProfileKey.CLOSED_RECORD: Profile(
        key=ProfileKey.CLOSED_RECORD,
        label="Closed record",
        summary="An attributed record is kept and sealed; only a custodian quorum can open it.",
        notes=Notes.ATTRIBUTED_SEALED,
        attribution_stored=True,
        attribution_sealed=True,
        readouts_with_consent=True,
        press_allowed=False,
        statement_allowed=True,
        participant_list=Visibility.PARTICIPANTS,
        outline_lists_delegations=True,
        checklist=(_NDA, _BOOTHS, _LOCKERS, _SHRED, ChecklistTemplate("custodians_named", "Record custodians named")),
    ),
}


def profile(key: str) -> Profile:
    """Return the profile for ``key``; raise KeyError naming the known keys otherwise."""
    try:
        return PROFILES[ProfileKey(key)]
    except ValueError as exc:
        known = ", ".join(k.value for k in ProfileKey)
        msg = f"unknown confidentiality profile {key!r}; expected one of {known}"
        raise KeyError(msg) from exc


def checklist_for(key: str, *, languages: list[str]) -> list[ChecklistTemplate]:
    """The readiness items a new meeting under profile ``key`` starts with."""
    multilingual = len(set(languages)) > 1
    return [item for item in profile(key).checklist if multilingual or not item.only_if_multilingual]
