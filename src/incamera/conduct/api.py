"""``/api/v1/meetings/{id}/speaking``: the speaking budgets of a meeting's delegations."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from incamera.accounts.api import TokenAuth
from incamera.conduct.access import access_speaking_budgets
from incamera.conduct.actions import speaking_for
from incamera.web.api import ErrorOut, responses

router = Router(tags=["session"])
SPEAKING_READ = TokenAuth("meetings:read")


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
