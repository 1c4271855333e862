"""How a resolution is adopted (issue 13): the rules of one adoption attempt, whatever stores it.

An attempt freezes one version of the text and ends with an outcome:

- **consensus**: the chair opens a silence period of ``minutes``; any member delegation may object
  with a text, and withdraw its objection, while the period runs; one objection of a delegation
  stands at a time.  After the period the chair declares: adopted when no objection stands, else
  the resolution goes back to draft (or the chair records it as not adopted).  Nothing can be
  declared before the period ends, and nobody may object or withdraw after it.
- **named roll call**: every member delegation at the opening may vote yes, no or abstain, once.
  The weights are fixed when the vote opens (1 each, or the matrix weights when the organizer
  chose a weighted vote before opening it).  The organizer closes it; the resolution is adopted
  when the yes outweigh the no; abstentions and delegations that did not vote are not counted.
- **secret ballot**: as a roll call (the roll and weights frozen at opening), but the votes are a
  Belenios election's (``incamera.ballots``): only its decrypted tally reaches the attempt, which
  is adopted when the yes outweigh the no.

Pure: imports nothing from Django.  Messages keep their English template (``kernel.messages``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass

from incamera.kernel.errors import ConflictError, Error, TransitionError
from incamera.kernel.messages import Notice, gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = [
    "MAX_SILENCE_MINUTES",
    "Choice",
    "Method",
    "Outcome",
    "Tally",
    "check_method",
    "check_objection",
    "check_vote",
    "check_withdrawal",
    "declare_consensus",
    "silence_ends",
    "tally",
]

MAX_SILENCE_MINUTES = 7 * 24 * 60  # a week: a silence procedure by correspondence


class Method(enum.StrEnum):
    CONSENSUS = "consensus"
    ROLL_CALL = "roll_call"
    SECRET_BALLOT = "secret_ballot"  # noqa: S105  (a method's name, not a password)


class Choice(enum.StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Outcome(enum.StrEnum):
    OPEN = "open"  # the silence period or the vote is running
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"  # the vote failed, or the chair recorded the objections as final
    RETURNED = "returned"  # objections stood: the resolution is a draft again


def _refusal(error: type[Error], template: str, **params: object) -> Error:
    return error(Notice(template, **params))


def check_method(method: str) -> Method:
    """The method of an attempt: consensus, named roll call or secret ballot."""
    try:
        known = Method(method)
    except ValueError as exc:
        template = gettext_noop("choose how it is adopted: %(known)s; found %(found)s")
        raise _invalid(template, field="adoption_method", known="consensus, roll_call, secret_ballot", found=repr(method)[:40]) from exc
    return known


def silence_ends(opened_at: dt.datetime, minutes: int) -> dt.datetime:
    """When a silence period of ``minutes`` opened at ``opened_at`` ends."""
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_SILENCE_MINUTES:
        template = gettext_noop("the silence period lasts 1 to %(limit)d minutes; found %(found)s")
        raise _invalid(template, field="minutes", limit=MAX_SILENCE_MINUTES, found=repr(minutes)[:20])
    return opened_at + dt.timedelta(minutes=minutes)


def check_objection(now: dt.datetime, ends_at: dt.datetime, *, delegation: str, objected: bool) -> None:
    """A member delegation objects during the silence period, unless its objection stands."""
    if now >= ends_at:
        template = gettext_noop("the silence period ended at %(ends)s: an objection can no longer be made")
        raise _refusal(TransitionError, template, ends=ends_at.isoformat(timespec="seconds"))
    if objected:
        raise _refusal(ConflictError, gettext_noop("%(delegation)s has already objected"), delegation=delegation)


def check_withdrawal(now: dt.datetime, ends_at: dt.datetime, *, delegation: str, objected: bool) -> None:
    """A member delegation withdraws its standing objection during the silence period."""
    if now >= ends_at:
        template = gettext_noop("the silence period ended at %(ends)s: an objection can no longer be withdrawn")
        raise _refusal(TransitionError, template, ends=ends_at.isoformat(timespec="seconds"))
    if not objected:
        raise _refusal(TransitionError, gettext_noop("%(delegation)s has no objection standing to withdraw"), delegation=delegation)


def declare_consensus(now: dt.datetime, ends_at: dt.datetime, *, objections: int, final: bool = False) -> Outcome:
    """The chair's declaration once the silence period is over: adopted without objection; with
    objections standing, back to draft, or not adopted when the chair records it as ``final``."""
    if now < ends_at:
        template = gettext_noop("the silence period runs until %(ends)s: the chair declares the outcome after it ends")
        raise _refusal(TransitionError, template, ends=ends_at.isoformat(timespec="seconds"))
    if objections == 0:
        return Outcome.ADOPTED
    return Outcome.NOT_ADOPTED if final else Outcome.RETURNED


def check_vote(delegation: str, choice: str, *, weights: Mapping[str, float], voted: bool) -> Choice:
    """A vote of ``delegation``: one of the delegations the vote was opened for, once."""
    try:
        chosen = Choice(choice)
    except ValueError as exc:
        raise _invalid(gettext_noop("vote yes, no or abstain; found %(found)s"), field="choice", found=repr(choice)[:20]) from exc
    if delegation not in weights:
        template = gettext_noop("%(delegation)s was not a member delegation when the vote opened, so it does not vote")
        raise _refusal(TransitionError, template, delegation=delegation)
    if voted:
        raise _refusal(ConflictError, gettext_noop("%(delegation)s has already voted"), delegation=delegation)
    return chosen


@dataclass(frozen=True)
class Tally:
    """Weighted sums per choice (each vote counts its delegation's weight; 1 when not weighted),
    the number of votes per choice, and how many delegations could vote."""

    yes: float
    no: float
    abstain: float
    counts: Mapping[Choice, int]
    eligible: int

    @property
    def cast(self) -> int:
        return sum(self.counts.values())

    @property
    def adopted(self) -> bool:
        """The yes outweigh the no; abstentions are not counted."""
        return self.yes > self.no


def tally(votes: Mapping[str, Choice], weights: Mapping[str, float]) -> Tally:
    """The tally of ``votes`` (delegation → choice) under ``weights`` (delegation → weight, every
    delegation that could vote)."""
    strangers = sorted(set(votes) - set(weights))
    if strangers:
        template = gettext_noop("votes of delegations the vote was not opened for: %(found)s")
        raise _invalid(template, field="delegation", found=", ".join(strangers))
    sums = dict.fromkeys(Choice, 0.0)
    counts = dict.fromkeys(Choice, 0)
    for delegation, choice in votes.items():
        sums[choice] += weights[delegation]
        counts[choice] += 1
    # Rounded, so that weights such as 0.1 + 0.2 against 0.3 compare as people would.
    yes, no, abstain = (round(sums[choice], 9) for choice in Choice)
    return Tally(yes=yes, no=no, abstain=abstain, counts=counts, eligible=len(weights))
