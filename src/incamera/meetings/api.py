"""``/api/v1/meetings``: meetings and their agenda."""

from __future__ import annotations

import datetime as dt
import enum

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from incamera.accounts.api import TokenAuth, api_user
from incamera.meetings import actions
from incamera.meetings.access import Need, access_agenda_item, access_meeting, access_meeting_creation, meeting_fields, meetings_visible_to
from incamera.meetings.lifecycle import State
from incamera.meetings.models import AgendaItem, Meeting, Mode
from incamera.meetings.profiles import ProfileKey
from incamera.web.api import ErrorOut, responses

router = Router(tags=["meetings"])
READ = TokenAuth("meetings:read")
WRITE = TokenAuth("meetings:write")


class MeetingOut(Schema):
    id: int
    title: str
    description: str | None = Field(description="null for those who may not read the meeting's content")
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str
    venue: str
    mode: str
    languages: list[str]
    profile: str
    state: str
    version: int


class MeetingIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    description: str = Field(default="", max_length=10000)
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str = Field(default="UTC", max_length=64)
    venue: str = Field(default="", max_length=200)
    mode: Mode = Mode.IN_PERSON
    languages: list[str] = Field(default_factory=lambda: ["en"], min_length=1, max_length=20)
    profile: ProfileKey = ProfileKey.CHATHAM_HOUSE


class MeetingCreate(MeetingIn):
    secretariat: int | None = Field(default=None, ge=1, description="Your secretariat that runs it; by default the first of yours by name.")


class MeetingPatch(MeetingIn):
    version: int = Field(ge=0, description="The version you edited; a newer one on the server means someone else saved first (409).")


class TransitionIn(Schema):
    to: State


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    description: str
    minutes: int | None


class AgendaItemIn(Schema):
    title: str = Field(min_length=1, max_length=200, pattern=r"\S")
    description: str = Field(default="", max_length=10000)
    minutes: int | None = Field(default=None, ge=1, le=1440)


def _input(body: MeetingIn) -> actions.MeetingInput:
    fields = body.dict(include=set(MeetingIn.model_fields))
    return actions.MeetingInput(**{name: value.value if isinstance(value, enum.Enum) else value for name, value in fields.items()})


@router.get("", response=responses({200: list[MeetingOut]}), auth=READ, summary="Meetings you take part in")
def list_meetings(request: HttpRequest) -> list[dict[str, object]]:
    return [meeting_fields(request.user, meeting) for meeting in meetings_visible_to(request.user)]


@router.post("", response=responses({201: MeetingOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}), auth=WRITE, summary="Create a meeting")
def create_meeting(request: HttpRequest, body: MeetingCreate) -> Status[Meeting]:
    user = api_user(request)
    secretariat = access_meeting_creation(user, body.secretariat)
    return Status(201, actions.do_create_meeting(_input(body), secretariat=secretariat, by=user))


@router.get("/{meeting_id}", response=responses({200: MeetingOut, 404: ErrorOut}), auth=READ)
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, object]:
    return meeting_fields(request.user, access_meeting(request.user, meeting_id, need=Need.LOGISTICS))


@router.patch("/{meeting_id}", response=responses({200: MeetingOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}), auth=WRITE)
def update_meeting(request: HttpRequest, meeting_id: int, body: MeetingPatch) -> Meeting:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    return actions.do_update_meeting(meeting, _input(body), expected_version=body.version, by=api_user(request))


@router.post("/{meeting_id}/transitions", response=responses({200: MeetingOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}), auth=WRITE)
def transition_meeting(request: HttpRequest, meeting_id: int, body: TransitionIn) -> Meeting:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    return actions.do_transition_meeting(meeting, body.to.value, by=api_user(request))


@router.get("/{meeting_id}/agenda", response=responses({200: list[AgendaItemOut], 404: ErrorOut}), auth=READ)
def list_agenda(request: HttpRequest, meeting_id: int) -> list[AgendaItem]:
    return list(access_meeting(request.user, meeting_id, need=Need.CONTENT).agenda.all())


@router.post("/{meeting_id}/agenda", response=responses({201: AgendaItemOut, 404: ErrorOut, 422: ErrorOut}), auth=WRITE)
def add_agenda_item(request: HttpRequest, meeting_id: int, body: AgendaItemIn) -> Status[AgendaItem]:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    return Status(
        201, actions.do_add_agenda_item(meeting, title=body.title, description=body.description, minutes=body.minutes, by=api_user(request))
    )


@router.put("/{meeting_id}/agenda/{item_id}", response=responses({200: AgendaItemOut, 404: ErrorOut, 422: ErrorOut}), auth=WRITE)
def update_agenda_item(request: HttpRequest, meeting_id: int, item_id: int, body: AgendaItemIn) -> AgendaItem:
    item = access_agenda_item(request.user, meeting_id, item_id, need=Need.ORGANIZE)
    return actions.do_update_agenda_item(item, title=body.title, description=body.description, minutes=body.minutes, by=api_user(request))


@router.delete("/{meeting_id}/agenda/{item_id}", response=responses({204: None, 404: ErrorOut}), auth=WRITE)
def delete_agenda_item(request: HttpRequest, meeting_id: int, item_id: int) -> Status[None]:
    item = access_agenda_item(request.user, meeting_id, item_id, need=Need.ORGANIZE)
    actions.do_delete_agenda_item(item, by=api_user(request))
    return Status(204, None)
