"""Disclosure tiers and the rules of release (issue 15), whatever stores them.

- **Tiers** (PRODUCT.md): ``outline`` (the meeting's end + 30 days: title, dates, topics, the
  delegations where the profile allows), ``non_sensitive`` (+ 90: de-attributed notes, outcomes
  not marked sensitive), ``full`` (+ 365: everything but sealed), ``sealed`` (never automatically:
  only by the public-interest exception's custodian quorum).  The offsets are the meeting's to
  change before it closes; the order of the tiers may not be inverted.
- **What the profile allows**: only the outline is in the outline tier; under the Chatham House
  Rule and the closed record, content goes no earlier than ``non_sensitive`` (and the closed
  record's attributed notes only ``sealed``); under the "three nos", content goes no earlier than
  ``full``.
- **Due**: an item is due when both clocks say so, the database's and the configured one, so that a
  wrong clock can delay a release but never advance it.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = ["DEFAULT_OFFSETS", "ORDER", "Kind", "Tier", "check_offsets", "check_tier", "due_at", "is_due"]


class Tier(enum.StrEnum):
    OUTLINE = "outline"
    NON_SENSITIVE = "non_sensitive"
    FULL = "full"
    SEALED = "sealed"


class Kind(enum.StrEnum):
    OUTLINE = "outline"
    RESOLUTION = "resolution"
    BALLOT_RESULT = "ballot_result"
    NOTE = "note"
    READOUT = "readout"  # released early, once the member delegations consent
    MATERIAL = "material"  # a document the organizer marked public


ORDER = (Tier.OUTLINE, Tier.NON_SENSITIVE, Tier.FULL, Tier.SEALED)
DEFAULT_OFFSETS: Mapping[Tier, int] = {Tier.OUTLINE: 30, Tier.NON_SENSITIVE: 90, Tier.FULL: 365}
MAX_OFFSET_DAYS = 100 * 366

# The earliest tier each kind of item may take, per profile.
_EARLIEST: Mapping[str, Mapping[Kind, Tier]] = {
    "chatham_house": {
        Kind.RESOLUTION: Tier.NON_SENSITIVE,
        Kind.BALLOT_RESULT: Tier.NON_SENSITIVE,
        Kind.NOTE: Tier.NON_SENSITIVE,
        Kind.MATERIAL: Tier.NON_SENSITIVE,
    },
    "closed_record": {
        Kind.RESOLUTION: Tier.NON_SENSITIVE,
        Kind.BALLOT_RESULT: Tier.NON_SENSITIVE,
        Kind.NOTE: Tier.SEALED,
        Kind.MATERIAL: Tier.NON_SENSITIVE,
    },
    "three_nos": {Kind.RESOLUTION: Tier.FULL, Kind.BALLOT_RESULT: Tier.FULL, Kind.NOTE: Tier.SEALED, Kind.MATERIAL: Tier.FULL},
}


def check_offsets(offsets: Mapping[str, object]) -> dict[Tier, int]:
    """Days after the meeting's end for each released tier: whole, 0 to 100 years, in tier order."""
    clean: dict[Tier, int] = {}
    for tier in (Tier.OUTLINE, Tier.NON_SENSITIVE, Tier.FULL):
        value = offsets.get(tier.value, DEFAULT_OFFSETS[tier])
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET_DAYS:
            template = gettext_noop("the %(tier)s tier's offset must be a whole number of days from 0 to %(limit)d")
            raise _invalid(template, field=tier.value, tier=tier.value, limit=MAX_OFFSET_DAYS)
        clean[tier] = value
    if not clean[Tier.OUTLINE] <= clean[Tier.NON_SENSITIVE] <= clean[Tier.FULL]:
        raise _invalid(
            gettext_noop("the tiers are released in order: outline, then non-sensitive, then full"), field=Tier.NON_SENSITIVE.value
        )
    return clean


def check_tier(kind: str, tier: str, *, profile: str) -> Tier:
    """The tier ``kind`` may take under ``profile``; InvalidInputError names what is too early."""
    try:
        chosen, what = Tier(tier), Kind(kind)
    except ValueError as exc:
        raise _invalid(gettext_noop("choose a tier: %(known)s"), field="tier", known=", ".join(t.value for t in ORDER)) from exc
    if what in (Kind.OUTLINE, Kind.READOUT):
        if chosen is not Tier.OUTLINE:
            raise _invalid(gettext_noop("the outline is released in the outline tier"), field="tier")
        return chosen
    if what is Kind.MATERIAL and chosen is Tier.SEALED:
        raise _invalid(
            gettext_noop("a document marked public is released on a date: to keep it sealed, do not mark it public"), field="tier"
        )
    earliest = _EARLIEST.get(profile, _EARLIEST["three_nos"])[what]
    if chosen is Tier.OUTLINE or ORDER.index(chosen) < ORDER.index(earliest):
        template = gettext_noop("under this meeting's profile, this item goes no earlier than the %(earliest)s tier")
        raise _invalid(template, field="tier", earliest=earliest.value)
    return chosen


def due_at(ends_at: dt.datetime, tier: Tier, offsets: Mapping[Tier, int]) -> dt.datetime | None:
    """When ``tier`` is due for a meeting that ended at ``ends_at``; None for sealed."""
    if tier is Tier.SEALED:
        return None
    return ends_at + dt.timedelta(days=offsets[tier])


def is_due(due: dt.datetime | None, *, database_now: dt.datetime, clock_now: dt.datetime) -> bool:
    """Both clocks must have passed ``due``: a wrong clock delays a release, never advances it."""
    return due is not None and due <= database_now and due <= clock_now
