"""``/api/v1/meetings/{id}/ballots``: a meeting's secret ballots (issue 14), for scripts.

Anyone who reads the meeting's content lists them and reads one: its questions, state, trustees,
the delegations' registration as the participant list allows, the ballot box's trackers and the
result; and downloads its Belenios archive.  The organizers set one up.  Keys, credentials,
ballots and decryptions are made in browsers (or with ``incamera trustee``) and posted with a
passkey confirmation on the ballot's page, which a token cannot give.

Statuses: 404 for what the caller may not see; 409 for an act the ballot's state forbids; 422 for
bad input, the field named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.accounts.models import User
from incamera.ballots import actions
from incamera.ballots.access import access_ballot, ballot_as_seen, ballot_seat
from incamera.ballots.models import SecretBallot
from incamera.kernel.errors import InvalidInputError
from incamera.meetings.access import Need
from incamera.web.api import ErrorOut, responses
from incamera.web.responses import attachment

router = Router(tags=["secret ballots"])
READ = TokenAuth("meetings:read")
WRITE = TokenAuth("meetings:write")


class QuestionIn(Schema):
    question: str = Field(min_length=1, max_length=500)
    answers: list[str] = Field(min_length=1, max_length=20)
    min: int = Field(ge=0, le=20)
    max: int = Field(ge=1, le=20)
    blank: bool = False


class BallotIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=2000)
    questions: list[QuestionIn] = Field(min_length=1, max_length=10)
    trustees: list[str] = Field(min_length=1, max_length=10, description="the trustees' e-mail addresses, in order")
    weighted: bool = Field(default=False, description="weigh each delegation's vote by the qualification matrix, fixed now")


class TrusteeOut(Schema):
    position: int
    name: str
    key_registered: bool
    decrypted: bool


class VoterOut(Schema):
    delegation: str
    weight: int | None = Field(description="for the organizers and the delegation itself")
    registered: bool


class BallotOut(Schema):
    id: int
    uuid: str
    title: str
    description: str
    questions: list[dict[str, Any]]
    weighted: bool
    state: str = Field(description="setup, open, closed or finished")
    created_at: dt.datetime
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    finished_at: dt.datetime | None
    fingerprint: str | None = Field(description="the election's fingerprint (base64 SHA-256 of its JSON), once open")
    trustees: list[TrusteeOut]
    voters: list[VoterOut] = Field(description="every delegation where the participant list is visible; your own otherwise")
    voters_total: int
    voters_registered: int
    ballot_box: list[str] = Field(description="the trackers of the ballots cast, in order")
    tallied: int
    total_weight: int
    result: list[list[int]] | None = Field(description="per question, the weighted count per answer (blank first where allowed)")


def _answer(request: HttpRequest, ballot: SecretBallot) -> dict[str, Any]:
    return ballot_as_seen(ballot_seat(request.user, ballot.meeting_id), ballot, request.user)


@router.get("/{meeting_id}/ballots", response=responses({200: list[BallotOut]}), auth=READ, summary="A meeting's secret ballots")
def list_ballots(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    seat = ballot_seat(request.user, meeting_id)
    return [ballot_as_seen(seat, b, request.user) for b in SecretBallot.objects.filter(meeting=seat.meeting)]


@router.post(
    "/{meeting_id}/ballots", response=responses({201: BallotOut, 409: ErrorOut}), auth=WRITE, summary="Organizers: set up a secret ballot"
)
def create_ballot(request: HttpRequest, meeting_id: int, body: BallotIn) -> Status[dict[str, Any]]:
    seat = ballot_seat(request.user, meeting_id, organizer=True)
    trustees = []
    for email in body.trustees:
        # Only the meeting's participants: an address with no account, or one outside the
        # meeting, gets the same answer (the API tells nobody which addresses have accounts).
        user = User.objects.filter(email__iexact=email.strip(), memberships__meeting=seat.meeting).distinct().first()
        if user is None:
            raise InvalidInputError(_("trustees must take part in the meeting; %(who)s does not") % {"who": email[:100]}, field="trustees")
        trustees.append(user)
    ballot = actions.do_create_ballot(
        seat.meeting,
        title=body.title,
        description=body.description,
        questions=[q.dict() for q in body.questions],
        trustees=trustees,
        weighted=body.weighted,
        by=api_user(request),
    )
    return Status(201, _answer(request, ballot))


@router.get("/{meeting_id}/ballots/{ballot_id}", response=responses({200: BallotOut}), auth=READ, summary="A secret ballot")
def get_ballot(request: HttpRequest, meeting_id: int, ballot_id: int) -> dict[str, Any]:
    return _answer(request, access_ballot(request.user, meeting_id, ballot_id))


@router.post(
    "/{meeting_id}/ballots/{ballot_id}/open",
    response=responses({200: BallotOut, 409: ErrorOut}),
    auth=WRITE,
    summary="Organizers: open the box",
)
def open_ballot(request: HttpRequest, meeting_id: int, ballot_id: int) -> dict[str, Any]:
    ballot = access_ballot(request.user, meeting_id, ballot_id, need=Need.ORGANIZE)
    return _answer(request, actions.do_open_ballot(ballot, by=api_user(request)))


@router.post(
    "/{meeting_id}/ballots/{ballot_id}/close",
    response=responses({200: BallotOut, 409: ErrorOut}),
    auth=WRITE,
    summary="Organizers: close the box",
)
def close_ballot(request: HttpRequest, meeting_id: int, ballot_id: int) -> dict[str, Any]:
    ballot = access_ballot(request.user, meeting_id, ballot_id, need=Need.ORGANIZE)
    return _answer(request, actions.do_close_ballot(ballot, by=api_user(request)))


@router.get(
    "/{meeting_id}/ballots/{ballot_id}/record",
    response=responses({200: None, 409: ErrorOut}),
    auth=READ,
    summary="The election's Belenios archive (<uuid>.bel), once open",
)
def ballot_record(request: HttpRequest, meeting_id: int, ballot_id: int) -> HttpResponse:
    ballot = access_ballot(request.user, meeting_id, ballot_id)
    return attachment(actions.archive_of(ballot), filename=f"{ballot.uuid}.bel", content_type="application/x-tar")
