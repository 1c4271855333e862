"""Who may see and act on a meeting's secret ballots: those who read its content see them, their
questions, their state, the ballot box's trackers and the result; the organizers set them up,
open and close them; trustees and member delegations act for themselves (the actions check it).
A ballot of a meeting you may not see does not exist for you.

Who registered a credential is shown as the participant list is: under "three nos" a participant
sees only their own delegation's row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incamera.ballots import actions
from incamera.ballots.models import BallotState, SecretBallot
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.resolutions.actions import member_delegation
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["BallotSeat", "access_ballot", "ballot_as_seen", "ballot_seat"]


@dataclass(frozen=True)
class BallotSeat:
    meeting: Meeting
    delegation: str | None
    organizer: bool
    anonymise: bool


def ballot_seat(user: User | AnonymousUser, meeting_id: int, *, organizer: bool = False) -> BallotSeat:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE if organizer else Need.CONTENT)
    return BallotSeat(
        meeting=meeting,
        delegation=member_delegation(meeting, user),  # type: ignore[arg-type]
        organizer=allowed(user, meeting, Need.ORGANIZE),
        anonymise=not allowed(user, meeting, Need.PARTICIPANTS),
    )


def access_ballot(user: User | AnonymousUser, meeting_id: int, ballot_id: int, *, need: Need = Need.CONTENT) -> SecretBallot:
    meeting = access_meeting(user, meeting_id, need=need)
    return get_or_404(
        SecretBallot.objects.select_related("meeting__secretariat"), f"secret ballot {ballot_id}", pk=ballot_id, meeting=meeting
    )


def ballot_as_seen(seat: BallotSeat, ballot: SecretBallot, user: User | AnonymousUser) -> dict[str, Any]:
    """The ballot as this reader may see it, for the page and the API alike."""
    voters = list(ballot.voters.all())
    trustees = list(ballot.trustees.select_related("user"))
    mine = next((v for v in voters if v.delegation == seat.delegation), None)
    # Trackers only, in the box's order: no time of casting, which could be matched with who was
    # seen voting when.
    cast = list(ballot.cast.order_by("id").values_list("tracker", flat=True))
    return {
        "id": ballot.pk,
        "uuid": ballot.uuid,
        "title": ballot.title,
        "description": ballot.description,
        "questions": ballot.questions,
        "weighted": ballot.weighted,
        "state": ballot.state,
        "created_at": ballot.created_at,
        "opened_at": ballot.opened_at,
        "closed_at": ballot.closed_at,
        "finished_at": ballot.finished_at,
        "fingerprint": actions.election_of(ballot).fingerprint if ballot.election_text else None,
        "trustees": [
            {
                "position": t.position,
                "name": str(t.user),
                "key_registered": bool(t.public_key),
                "decrypted": ballot.state in (BallotState.CLOSED, BallotState.FINISHED) and hasattr(t, "decryption"),
                "you": t.user_id == getattr(user, "pk", None),
            }
            for t in trustees
        ],
        "voters": [
            {
                "delegation": v.delegation,
                "weight": v.weight if seat.organizer or v == mine else None,
                "registered": bool(v.public_credential),
            }
            for v in voters
            if not seat.anonymise or v == mine
        ],
        "voters_total": len(voters),
        "voters_registered": sum(1 for v in voters if v.public_credential),
        "my_delegation": seat.delegation,
        "my_credential": mine.public_credential if mine else None,
        "ballot_box": cast,
        "tallied": ballot.num_tallied,
        "total_weight": ballot.total_weight,
        "result": ballot.result,
    }
