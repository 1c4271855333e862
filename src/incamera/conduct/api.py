"""``/api/v1/meetings/{id}/speaking``: the speaking budgets of a meeting's delegations; and
``/api/v1/meetings/{id}/speakers``: an agenda item's speakers list (issue 12), which participants
read, ask on and withdraw from for their own delegation, and which the chair runs
(``/speakers/give``, ``end``, ``pause``, ``resume``, ``adjust``, ``reorder``, ``grant``).

Every change answers with the list as it then stands, as the caller may see it.  A refused change
stores nothing: asking twice, giving the floor to whoever has it or granting a right twice is 409;
a move the list's state forbids (an empty list, nobody speaking, an observer without the right to
raise points of order, a caller without a delegation asking) is 409 too; a delegation or an order
the list does not know is 422; withdrawing a request that is not pending is 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.conduct import floor
from incamera.conduct.access import SpeakersAccess, access_speakers, access_speaking_budgets
from incamera.conduct.actions import do_floor_event, snapshot_for, speakers_list, speaking_for
from incamera.kernel.clock import system_clock
from incamera.web.api import ErrorOut, responses

router = Router(tags=["session"])
SPEAKING_READ = TokenAuth("meetings:read")
SPEAKERS_WRITE = TokenAuth("meetings:write")


class BudgetOut(Schema):
    delegation: str
    people: int
    weight: float | None = Field(description="the matrix total behind the budget; organizers only")
    seconds: int


class BudgetsOut(Schema):
    session_seconds: int
    floor_seconds: int
    notice: str | None
    budgets: list[BudgetOut]


@router.get(
    "/{meeting_id}/speaking",
    response=responses({200: BudgetsOut, 404: ErrorOut, 422: ErrorOut}),
    auth=SPEAKING_READ,
    summary="Speaking-time budgets per delegation",
)
def speaking(request: HttpRequest, meeting_id: int, session_seconds: int = 5400, floor_seconds: int = 120) -> dict[str, object]:
    """Budgets from the matrix weights, each delegation getting at least ``floor_seconds``;
    recomputed on every call, so they follow people joining and leaving."""
    meeting, with_weights = access_speaking_budgets(request.user, meeting_id)
    delegations, budgets = speaking_for(meeting, session_seconds=session_seconds, floor_seconds=floor_seconds)
    return {
        "session_seconds": session_seconds,
        "floor_seconds": floor_seconds,
        "notice": str(budgets.notice) if budgets.notice else None,
        "budgets": [
            {"delegation": d.name, "people": d.people, "weight": d.weight if with_weights else None, "seconds": budgets.seconds[d.name]}
            for d in delegations
        ],
    }


# --- the speakers list --------------------------------------------------------------------------

_DELEGATION = Field(min_length=1, max_length=200, description="a delegation's name, as the list shows it")


class TurnOut(Schema):
    delegation: str
    started_at: str
    remaining_s: int = Field(description="budget − used, in whole seconds; negative once the speaker overruns")
    kind: floor.Kind = Field(description="what the floor was given for: a point of order and a reply do not use the budget")
    paused: bool = Field(description="the chair has paused the timer")


class RequestOut(Schema):
    delegation: str
    kind: floor.Kind


class BudgetUseOut(Schema):
    delegation: str
    budget_s: int
    used_s: int


class SpeakersOut(Schema):
    item: int
    current: TurnOut | None
    queue: list[RequestOut]
    budgets: list[BudgetUseOut]


class AskIn(Schema):
    kind: floor.Kind = floor.Kind.SPEAK


class GiveIn(Schema):
    delegation: str | None = Field(default=None, min_length=1, max_length=200, description="by default the head of the queue")
    kind: floor.Kind | None = Field(default=None, description="by default the delegation's most urgent request")


class AdjustIn(Schema):
    delegation: str = _DELEGATION
    delta_s: int = Field(ge=-86400, le=86400, description="seconds added (negative: taken away); not 0")
    reason: str = Field(min_length=1, max_length=500, pattern=r"\S", description="kept on the record")


class ReorderIn(Schema):
    order: list[str] = Field(max_length=1000, description="every delegation waiting to speak, once each, in the new order")


class GrantIn(Schema):
    delegation: str = _DELEGATION


_READ = responses({200: SpeakersOut, 404: ErrorOut, 422: ErrorOut})
_CHANGE = responses({200: SpeakersOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut})


def _shown(seat: SpeakersAccess, state: floor.SpeakersList) -> dict[str, Any]:
    return snapshot_for(state, system_clock.now(), viewer=seat.delegation, anonymise=seat.anonymise)


def _act(request: HttpRequest, seat: SpeakersAccess, event: floor.Event) -> dict[str, Any]:
    return _shown(seat, do_floor_event(seat.meeting, seat.item, event, by=api_user(request)))


def _stamp() -> dict[str, Any]:
    """``at`` and ``by`` of a new event: now, and the author ``do_floor_event`` records."""
    return {"at": system_clock.now(), "by": ""}


@router.get("/{meeting_id}/speakers", response=_READ, auth=SPEAKING_READ, summary="The speakers list of an agenda item")
def speakers(request: HttpRequest, meeting_id: int, item: int | None = None) -> dict[str, Any]:
    """``item``: the agenda item (by default the first).  Where the participant list is for
    organizers only, every delegation but the caller's shows as "another delegation"."""
    seat = access_speakers(request.user, meeting_id, item)
    return _shown(seat, speakers_list(seat.meeting, seat.item))


@router.post(
    "/{meeting_id}/speakers",
    response=responses({201: SpeakersOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}),
    auth=SPEAKERS_WRITE,
    summary="Ask for the floor for your delegation",
)
def ask_floor(request: HttpRequest, meeting_id: int, body: AskIn, item: int | None = None) -> Status[dict[str, Any]]:
    seat = access_speakers(request.user, meeting_id, item)
    event = floor.FloorRequested(delegation=seat.own_delegation(), kind=body.kind, **_stamp())
    return Status(201, _act(request, seat, event))


@router.delete("/{meeting_id}/speakers", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Withdraw your delegation's request")
def withdraw_request(request: HttpRequest, meeting_id: int, body: AskIn, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item)
    return _act(request, seat, floor.RequestWithdrawn(delegation=seat.own_delegation(), kind=body.kind, **_stamp()))


@router.post("/{meeting_id}/speakers/give", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: give the floor")
def give_floor(request: HttpRequest, meeting_id: int, body: GiveIn, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    return _act(request, seat, floor.FloorGiven(delegation=body.delegation, kind=body.kind, **_stamp()))


@router.post("/{meeting_id}/speakers/end", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: end the current turn")
def end_turn(request: HttpRequest, meeting_id: int, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    return _act(request, seat, floor.FloorEnded(**_stamp()))


@router.post("/{meeting_id}/speakers/pause", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: pause the timer")
def pause_timer(request: HttpRequest, meeting_id: int, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    return _act(request, seat, floor.TimerPaused(**_stamp()))


@router.post("/{meeting_id}/speakers/resume", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: resume the timer")
def resume_timer(request: HttpRequest, meeting_id: int, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    return _act(request, seat, floor.TimerResumed(**_stamp()))


@router.post("/{meeting_id}/speakers/adjust", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: adjust a speaking budget")
def adjust_budget(request: HttpRequest, meeting_id: int, body: AdjustIn, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    event = floor.BudgetAdjusted(delegation=body.delegation, delta_s=body.delta_s, reason=body.reason.strip(), **_stamp())
    return _act(request, seat, event)


@router.post("/{meeting_id}/speakers/reorder", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: reorder the requests to speak")
def reorder_queue(request: HttpRequest, meeting_id: int, body: ReorderIn, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    return _act(request, seat, floor.QueueReordered(order=tuple(body.order), **_stamp()))


@router.post("/{meeting_id}/speakers/grant", response=_CHANGE, auth=SPEAKERS_WRITE, summary="Chair: let an observer raise points of order")
def grant_observer_right(request: HttpRequest, meeting_id: int, body: GrantIn, item: int | None = None) -> dict[str, Any]:
    seat = access_speakers(request.user, meeting_id, item, chair=True)
    return _act(request, seat, floor.ObserverRightGranted(delegation=body.delegation, **_stamp()))
