"""``/api/v1/meetings/{id}/invitations``: invitations (organizers only)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.api import TokenAuth, api_user
from incamera.core.access import Need, access_invitation, access_meeting
from incamera.participants import actions
from incamera.participants.models import Invitation

router = Router(tags=["invitations"])
READ = TokenAuth("invitations:read")
WRITE = TokenAuth("invitations:write")


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    full_name: str
    delegation: str
    status: str
    expires_at: dt.datetime


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: str = Field(default="delegate", max_length=16)
    full_name: str = Field(default="", max_length=200)
    delegation: str = Field(default="", max_length=200)


class ErrorOut(Schema):
    detail: str


@router.get("/{meeting_id}/invitations", response={200: list[InvitationOut], 404: ErrorOut}, auth=READ)
def list_invitations(request: HttpRequest, meeting_id: int) -> list[Invitation]:
    return list(access_meeting(request.user, meeting_id, need=Need.ORGANIZE).invitations.all())


@router.post("/{meeting_id}/invitations", response={201: InvitationOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}, auth=WRITE)
def create_invitation(request: HttpRequest, meeting_id: int, body: InvitationIn) -> Status[Invitation]:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    row = actions.InvitationRow(email=body.email, role=body.role, full_name=body.full_name, delegation=body.delegation)
    return Status(201, actions.do_invite(meeting, row, by=api_user(request), base_url=request.build_absolute_uri("/")))


@router.post("/{meeting_id}/invitations/{invitation_id}/revoke", response={200: InvitationOut, 404: ErrorOut, 409: ErrorOut}, auth=WRITE)
def revoke_invitation(request: HttpRequest, meeting_id: int, invitation_id: int) -> Invitation:
    invitation = access_invitation(request.user, meeting_id, invitation_id)
    return actions.do_revoke_invitation(invitation, by=api_user(request))


@router.post("/{meeting_id}/invitations/{invitation_id}/resend", response={200: InvitationOut, 404: ErrorOut, 409: ErrorOut}, auth=WRITE)
def resend_invitation(request: HttpRequest, meeting_id: int, invitation_id: int) -> Invitation:
    invitation = access_invitation(request.user, meeting_id, invitation_id)
    return actions.do_resend_invitation(invitation, by=api_user(request), base_url=request.build_absolute_uri("/"))


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


SPEAKING_READ = TokenAuth("meetings:read")


@router.get(
    "/{meeting_id}/speaking",
    response={200: BudgetsOut, 404: ErrorOut, 422: ErrorOut},
    auth=SPEAKING_READ,
    summary="Speaking-time budgets per delegation",
)
def speaking(request: HttpRequest, meeting_id: int, session_seconds: int = 5400, floor_seconds: int = 120) -> dict[str, object]:
    """Budgets from the matrix weights, each delegation getting at least ``floor_seconds``;
    recomputed on every call, so they follow people joining and leaving."""
    from incamera.participants.vetting import speaking_for

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
