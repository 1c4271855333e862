"""``/api/v1/meetings/{id}/invitations``: a meeting's invitations, for its organizers."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.invitations import actions
from incamera.invitations.access import access_invitation
from incamera.invitations.models import Invitation
from incamera.meetings.access import Need, access_meeting
from incamera.meetings.models import Role
from incamera.web.api import ErrorOut, responses

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
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    role: Role = Role.DELEGATE
    full_name: str = Field(default="", max_length=200)
    delegation: str = Field(default="", max_length=200)


@router.get("/{meeting_id}/invitations", response=responses({200: list[InvitationOut], 404: ErrorOut}), auth=READ)
def list_invitations(request: HttpRequest, meeting_id: int) -> list[Invitation]:
    return list(access_meeting(request.user, meeting_id, need=Need.ORGANIZE).invitations.all())


@router.post("/{meeting_id}/invitations", response=responses({201: InvitationOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}), auth=WRITE)
def create_invitation(request: HttpRequest, meeting_id: int, body: InvitationIn) -> Status[Invitation]:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    row = actions.InvitationRow(email=body.email, role=str(body.role), full_name=body.full_name, delegation=body.delegation)
    return Status(201, actions.do_invite(meeting, row, by=api_user(request), base_url=request.build_absolute_uri("/")))


@router.post(
    "/{meeting_id}/invitations/{invitation_id}/revoke", response=responses({200: InvitationOut, 404: ErrorOut, 409: ErrorOut}), auth=WRITE
)
def revoke_invitation(request: HttpRequest, meeting_id: int, invitation_id: int) -> Invitation:
    invitation = access_invitation(request.user, meeting_id, invitation_id)
    return actions.do_revoke_invitation(invitation, by=api_user(request))


@router.post(
    "/{meeting_id}/invitations/{invitation_id}/resend", response=responses({200: InvitationOut, 404: ErrorOut, 409: ErrorOut}), auth=WRITE
)
def resend_invitation(request: HttpRequest, meeting_id: int, invitation_id: int) -> Invitation:
    invitation = access_invitation(request.user, meeting_id, invitation_id)
    return actions.do_resend_invitation(invitation, by=api_user(request), base_url=request.build_absolute_uri("/"))
