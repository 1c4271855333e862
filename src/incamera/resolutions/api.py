"""``/api/v1/meetings/{id}/resolutions``: a meeting's resolutions (issue 13) with every version's
texts and digests, amendments, the adoption attempt and its tallies, and reservations.

The organizers create a resolution, add versions, change its legal character or adoption method
while it is a draft (``PATCH``), decide amendments, open the adoption (a silence period or a roll
call) and close it (``/adoption/close``: the chair's declaration, or the end of the vote).  A
member delegation, through a delegate or its focal point, proposes amendments, objects, votes
and makes reservations.

Statuses: 404 for what the caller may not see (an organizer's act is 404 for the others); 409
for a move the rules forbid (a vote after close, a double vote, a vote or an objection by an
observer or by someone without a member delegation, an amendment to an outdated version, a
change to a resolution that is no longer a draft; a secret ballot opened here rather than in the Secret ballots
section); 422 for
bad input, the field named.  A refused request records nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.meetings.access import Need
from incamera.meetings.models import AgendaItem
from incamera.resolutions import actions
from incamera.resolutions.access import access_amendment, access_resolution, access_resolutions, resolution_as_seen, resolution_summary
from incamera.web.access import get_or_404
from incamera.web.api import ErrorOut, responses

router = Router(tags=["resolutions"])
READ = TokenAuth("meetings:read")
WRITE = TokenAuth("meetings:write")

_TEXTS = Field(
    min_length=1,
    max_length=6,
    description="the text per working language (ar, en, es, fr, ru, zh), at most 100,000 characters each",
)
_STATEMENT = Field(min_length=1, max_length=5000, pattern=r"\S")


class TextOut(Schema):
    language: str
    sha256: str = Field(description="SHA-256 of the text (docs/formats/signature-bundle.md)")
    text: str


class VersionOut(Schema):
    number: int
    created_at: dt.datetime
    texts: list[TextOut]


class AmendmentOut(Schema):
    id: int
    version: int = Field(description="the version it amends")
    language: str
    sha256: str
    text: str
    reason: str
    delegation: str | None = Field(description="the proposer's delegation; empty for an organizer; null: another delegation")
    state: str
    outdated: bool = Field(description="proposed to a version that is no longer the latest: it can no longer be accepted")
    decision_reason: str
    result_version: int | None


class StatementOut(Schema):
    id: int
    delegation: str | None = Field(description="null: another delegation (the participant list is the organizers')")
    kind: str
    text: str
    at: dt.datetime
    withdrawn_at: dt.datetime | None = Field(default=None, description="an objection withdrawn no longer stands")


class VoteOut(Schema):
    delegation: str | None = Field(description="null: another delegation")
    choice: str
    weight: float | None = Field(description="the delegation's weight; organizers only")


class TallyOut(Schema):
    yes: float
    no: float
    abstain: float
    votes_yes: int
    votes_no: int
    votes_abstain: int
    cast: int
    eligible: int
    adopted: bool = Field(description="the yes outweigh the no (abstentions not counted)")


class AdoptionOut(Schema):
    id: int
    method: str
    weighted: bool
    version: int = Field(description="the version put to adoption, frozen")
    opened_at: dt.datetime
    ends_at: dt.datetime | None = Field(description="the end of the silence period")
    outcome: str = Field(description="open, adopted, not_adopted or returned (to draft)")
    closed_at: dt.datetime | None
    objections: list[StatementOut]
    votes: list[VoteOut]
    tally: TallyOut | None


class ResolutionSummaryOut(Schema):
    id: int
    uuid: str
    title: str
    legal_character: str
    adoption_method: str
    weighted: bool
    state: str
    agenda_item: int | None
    created_at: dt.datetime
    adopted_at: dt.datetime | None
    versions: int
    digest: str = Field(description="the whole digest: every version's texts' digests (docs/formats/signature-bundle.md)")


class ResolutionOut(ResolutionSummaryOut):
    texts: list[VersionOut]
    amendments: list[AmendmentOut]
    adoption: AdoptionOut | None
    reservations: list[StatementOut]


class ResolutionIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    legal_character: str = Field(description="political_commitment, recommendation or decision")
    adoption_method: str = Field(
        default="consensus", description="consensus, roll_call or secret_ballot (opened in the Secret ballots section)"
    )
    weighted: bool = Field(default=False, description="a roll call weighted by the matrix weights")
    agenda_item: int | None = None
    texts: dict[str, str] = _TEXTS


class ResolutionPatch(Schema):
    legal_character: str | None = None
    adoption_method: str | None = None
    weighted: bool | None = None


class VersionIn(Schema):
    texts: dict[str, str] = _TEXTS


class AmendmentIn(Schema):
    version: int = Field(ge=1, description="the version amended: the latest")
    language: str = Field(min_length=2, max_length=8)
    text: str = Field(min_length=1, max_length=100_000, description="the replacement text for that language")
    reason: str = _STATEMENT


class DecisionIn(Schema):
    accept: bool
    reason: str = Field(default="", max_length=5000, description="required to reject")


class OpenIn(Schema):
    minutes: int | None = Field(default=None, ge=1, le=10080, description="the silence period (consensus only)")


class CloseIn(Schema):
    final: bool = Field(default=False, description="consensus with objections: not adopted, rather than back to draft")


class ObjectionIn(Schema):
    text: str = _STATEMENT


class VoteIn(Schema):
    choice: str = Field(description="yes, no or abstain")


class ReservationIn(Schema):
    kind: str = Field(description="reservation or explanation_of_vote")
    text: str = _STATEMENT


_ONE = responses({200: ResolutionOut})
_CHANGE = responses({200: ResolutionOut, 409: ErrorOut})
_MADE = responses({201: ResolutionOut, 409: ErrorOut})


def _answer(request: HttpRequest, meeting_id: int, resolution_id: int) -> dict[str, Any]:
    seat = access_resolutions(request.user, meeting_id)
    return resolution_as_seen(seat, access_resolution(request.user, meeting_id, resolution_id))


@router.get(
    "/{meeting_id}/resolutions", response=responses({200: list[ResolutionSummaryOut]}), auth=READ, summary="A meeting's resolutions"
)
def list_resolutions(request: HttpRequest, meeting_id: int) -> list[dict[str, Any]]:
    seat = access_resolutions(request.user, meeting_id)
    rows = []
    for resolution in seat.meeting.resolutions.all():
        found = actions.digests_of(resolution)
        rows.append(resolution_summary(resolution, found))
    return rows


@router.post("/{meeting_id}/resolutions", response=_MADE, auth=WRITE, summary="Organizers: draft a resolution")
def create_resolution(request: HttpRequest, meeting_id: int, body: ResolutionIn) -> Status[dict[str, Any]]:
    seat = access_resolutions(request.user, meeting_id, chair=True)
    item = (
        None
        if body.agenda_item is None
        else get_or_404(AgendaItem, f"agenda item {body.agenda_item}", pk=body.agenda_item, meeting=seat.meeting)
    )
    resolution = actions.do_create_resolution(
        seat.meeting,
        title=body.title,
        texts=body.texts,
        legal_character=body.legal_character,
        adoption_method=body.adoption_method,
        weighted=body.weighted,
        agenda_item=item,
        by=api_user(request),
    )
    return Status(201, resolution_as_seen(seat, resolution))


@router.get("/{meeting_id}/resolutions/{resolution_id}", response=_ONE, auth=READ, summary="A resolution with its texts and digests")
def get_resolution(request: HttpRequest, meeting_id: int, resolution_id: int) -> dict[str, Any]:
    return _answer(request, meeting_id, resolution_id)


@router.patch("/{meeting_id}/resolutions/{resolution_id}", response=_CHANGE, auth=WRITE, summary="Organizers: change a draft's settings")
def update_resolution(request: HttpRequest, meeting_id: int, resolution_id: int, body: ResolutionPatch) -> dict[str, Any]:
    resolution = access_resolution(request.user, meeting_id, resolution_id, need=Need.ORGANIZE)
    actions.do_update_resolution(
        resolution, legal_character=body.legal_character, adoption_method=body.adoption_method, weighted=body.weighted, by=api_user(request)
    )
    return _answer(request, meeting_id, resolution_id)


@router.post("/{meeting_id}/resolutions/{resolution_id}/versions", response=_MADE, auth=WRITE, summary="Organizers: add a version")
def add_version(request: HttpRequest, meeting_id: int, resolution_id: int, body: VersionIn) -> Status[dict[str, Any]]:
    resolution = access_resolution(request.user, meeting_id, resolution_id, need=Need.ORGANIZE)
    actions.do_add_version(resolution, body.texts, by=api_user(request))
    return Status(201, _answer(request, meeting_id, resolution_id))


@router.post("/{meeting_id}/resolutions/{resolution_id}/amendments", response=_MADE, auth=WRITE, summary="Propose an amendment")
def propose_amendment(request: HttpRequest, meeting_id: int, resolution_id: int, body: AmendmentIn) -> Status[dict[str, Any]]:
    resolution = access_resolution(request.user, meeting_id, resolution_id)
    actions.do_propose_amendment(
        resolution, version=body.version, language=body.language, text=body.text, reason=body.reason, by=api_user(request)
    )
    return Status(201, _answer(request, meeting_id, resolution_id))


@router.post(
    "/{meeting_id}/resolutions/{resolution_id}/amendments/{amendment_id}/decision",
    response=_CHANGE,
    auth=WRITE,
    summary="Organizers: accept or reject an amendment",
)
def decide_amendment(request: HttpRequest, meeting_id: int, resolution_id: int, amendment_id: int, body: DecisionIn) -> dict[str, Any]:
    amendment = access_amendment(request.user, meeting_id, resolution_id, amendment_id)
    actions.do_decide_amendment(amendment, accept=body.accept, reason=body.reason, by=api_user(request))
    return _answer(request, meeting_id, resolution_id)


@router.post("/{meeting_id}/resolutions/{resolution_id}/adoption", response=_MADE, auth=WRITE, summary="Organizers: open the adoption")
def open_adoption(request: HttpRequest, meeting_id: int, resolution_id: int, body: OpenIn) -> Status[dict[str, Any]]:
    """A silence period of ``minutes`` (consensus) or the named roll call, the text frozen."""
    resolution = access_resolution(request.user, meeting_id, resolution_id, need=Need.ORGANIZE)
    actions.do_open_adoption(resolution, minutes=body.minutes, by=api_user(request))
    return Status(201, _answer(request, meeting_id, resolution_id))


@router.post(
    "/{meeting_id}/resolutions/{resolution_id}/adoption/close",
    response=_CHANGE,
    auth=WRITE,
    summary="Organizers: declare or close the vote",
)
def close_adoption(request: HttpRequest, meeting_id: int, resolution_id: int, body: CloseIn) -> dict[str, Any]:
    """Consensus: the chair's declaration once the silence period is over.  Roll call: the vote
    closes and its result is recorded."""
    resolution = access_resolution(request.user, meeting_id, resolution_id, need=Need.ORGANIZE)
    actions.do_close_adoption(resolution, final=body.final, by=api_user(request))
    return _answer(request, meeting_id, resolution_id)


@router.post("/{meeting_id}/resolutions/{resolution_id}/objections", response=_MADE, auth=WRITE, summary="Object during the silence period")
def object_to(request: HttpRequest, meeting_id: int, resolution_id: int, body: ObjectionIn) -> Status[dict[str, Any]]:
    resolution = access_resolution(request.user, meeting_id, resolution_id)
    actions.do_object(resolution, text=body.text, by=api_user(request))
    return Status(201, _answer(request, meeting_id, resolution_id))


@router.delete(
    "/{meeting_id}/resolutions/{resolution_id}/objections", response=_CHANGE, auth=WRITE, summary="Withdraw your delegation's objection"
)
def withdraw_objection(request: HttpRequest, meeting_id: int, resolution_id: int) -> dict[str, Any]:
    resolution = access_resolution(request.user, meeting_id, resolution_id)
    actions.do_withdraw_objection(resolution, by=api_user(request))
    return _answer(request, meeting_id, resolution_id)


@router.post("/{meeting_id}/resolutions/{resolution_id}/votes", response=_MADE, auth=WRITE, summary="Vote for your delegation")
def cast_vote(request: HttpRequest, meeting_id: int, resolution_id: int, body: VoteIn) -> Status[dict[str, Any]]:
    resolution = access_resolution(request.user, meeting_id, resolution_id)
    actions.do_cast_vote(resolution, choice=body.choice, by=api_user(request))
    return Status(201, _answer(request, meeting_id, resolution_id))


@router.post(
    "/{meeting_id}/resolutions/{resolution_id}/reservations",
    response=_MADE,
    auth=WRITE,
    summary="Make a reservation or an explanation of vote",
)
def add_reservation(request: HttpRequest, meeting_id: int, resolution_id: int, body: ReservationIn) -> Status[dict[str, Any]]:
    resolution = access_resolution(request.user, meeting_id, resolution_id)
    actions.do_add_reservation(resolution, kind=body.kind, text=body.text, by=api_user(request))
    return Status(201, _answer(request, meeting_id, resolution_id))
