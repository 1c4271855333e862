"""``/api/v1/meetings/{id}/speaking``: the speaking budgets of a meeting's delegations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from incamera.accounts.api import TokenAuth
from incamera.conduct.actions import speaking_for
from incamera.meetings.access import Need, access_meeting
from incamera.web.api import ErrorOut

router = Router(tags=["session"])
SPEAKING_READ = TokenAuth("meetings:read")


class BudgetOut(Schema):
    delegation: str
    people: int
    weight: float
    seconds: int


class BudgetsOut(Schema):
    session_seconds: int
    floor_seconds: int
    notice: str | None
    budgets: list[BudgetOut]


@router.get(
    "/{meeting_id}/speaking",
    response={200: BudgetsOut, 404: ErrorOut, 422: ErrorOut},
    auth=SPEAKING_READ,
    summary="Speaking-time budgets per delegation",
)
def speaking(request: HttpRequest, meeting_id: int, session_seconds: int = 5400, floor_seconds: int = 120) -> dict[str, object]:
    """Budgets from the matrix weights, each delegation getting at least ``floor_seconds``;
    recomputed on every call, so they follow people joining and leaving."""
    meeting = access_meeting(request.user, meeting_id, need=Need.CONTENT)
    delegations, budgets = speaking_for(meeting, session_seconds=session_seconds, floor_seconds=floor_seconds)
    return {
        "session_seconds": session_seconds,
        "floor_seconds": floor_seconds,
        "notice": str(budgets.notice) if budgets.notice else None,
        "budgets": [
            {"delegation": d.name, "people": d.people, "weight": d.weight, "seconds": budgets.seconds[d.name]} for d in delegations
        ],
    }
