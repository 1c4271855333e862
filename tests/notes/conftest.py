"""A Chatham House meeting whose roster names people a note could identify, a three-nos meeting
and a closed-record meeting, each with the cast's roles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import User
from incamera.meetings import actions as meetings
from incamera.meetings.models import Meeting
from incamera.notes.actions import meeting_redactors
from tests.conftest import Cast, make_meeting, make_user, sign_nda


@pytest.fixture(autouse=True)
def _fresh_redactors() -> Iterator[None]:
    """The engines are kept per process: no test sees another's."""
    meeting_redactors.clear()
    yield
    meeting_redactors.clear()


@pytest.fixture
def wang(cast: Cast) -> User:
    """A delegate of China in the cast's Chatham House meeting: Minister Wei Wang."""
    user = make_user("wang.wei@mofcom.example", name="Wei Wang")
    meetings.do_add_member(cast.meeting, user, role="delegate", delegation="China", by=cast.organizer)
    sign_nda(user, cast.meeting)
    return user


def meeting_under(cast: Cast, profile: str) -> Meeting:
    """A meeting of the cast's organizer under ``profile``, with a delegate and an observer."""
    meeting = make_meeting(cast.organizer, title=f"A {profile} meeting", profile=profile)
    meetings.do_add_agenda_item(meeting, title="Opening", by=cast.organizer)
    for role in ("delegate", "observer"):
        user = cast.user(role)
        assert user is not None
        meetings.do_add_member(meeting, user, role=role, delegation=f"{role.title()} Delegation", by=cast.organizer)
        sign_nda(user, meeting)
    return meeting


class Caller:
    """The API as one user calls it, with a token of every meetings scope."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _row, token = do_create_api_token(user, name="t", scopes=["meetings:read", "meetings:write"])
            self.headers = {"authorization": f"Bearer {token}"}

    def get(self, meeting: Meeting | int, path: str = "") -> Any:
        meeting_id = meeting if isinstance(meeting, int) else meeting.pk
        return self.client.get(f"/api/v1/meetings/{meeting_id}/notes{path}", headers=self.headers)

    def post(self, meeting: Meeting | int, body: dict[str, Any], path: str = "") -> Any:
        meeting_id = meeting if isinstance(meeting, int) else meeting.pk
        url = f"/api/v1/meetings/{meeting_id}/notes{path}"
        return self.client.post(url, json.dumps(body), content_type="application/json", headers=self.headers)
