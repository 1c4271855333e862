"""A bridge configured as an operator would, meetings in session, and people who confirm with a
software passkey through the same endpoints the room's script calls."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from incamera.accounts import passkeys
from incamera.accounts.models import User
from incamera.demo.softkey import SoftAuthenticator
from incamera.meetings import actions
from incamera.meetings.models import Meeting
from tests.browser.test_flows import base_url, browser, open_tab
from tests.conftest import client_for

__all__ = ["base_url", "browser", "open_tab"]  # the browser suite's fixtures, for test_browser.py

SECRET = "a bridge secret of at least thirty-two bytes"
BRIDGE_URL = "https://meet.example.org"
APP_ID = "incamera-test"


@pytest.fixture
def bridge(settings: Any) -> None:
    settings.INCAMERA_BRIDGE_URL = BRIDGE_URL
    settings.INCAMERA_BRIDGE_APP_ID = APP_ID
    settings.INCAMERA_BRIDGE_SECRET = SECRET


def open_session(meeting: Meeting, *, by: User) -> Meeting:
    """Move ``meeting`` to "in session" the way its organizer does: every required item ticked."""
    if meeting.state == "draft":
        actions.do_transition_meeting(meeting, "preparing", by=by)
    if not meeting.agenda.exists():
        actions.do_add_agenda_item(meeting, title="Opening", by=by)
    for item in meeting.checklist.filter(required=True, done=False).exclude(key="ndas_signed"):
        actions.do_set_checklist_item(item, done=True, by=by)
    return actions.do_transition_meeting(meeting, "in_session", by=by)


def post_json(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@dataclass
class Person:
    """Someone signed in, holding a software passkey registered to their account."""

    user: User
    client: Client
    authenticator: SoftAuthenticator

    def confirm(self, meeting: Meeting) -> tuple[int, str]:
        """Ask ``meeting``'s room for a request and confirm its digest: (confirmation id, nonce)."""
        asked = post_json(self.client, reverse("room:request", args=[meeting.pk]))
        assert asked.status_code == 200, asked.content
        request = asked.json()
        options = post_json(self.client, reverse("accounts:passkey_confirm_begin"), {"digest": request["digest"]}).json()
        finished = post_json(
            self.client,
            reverse("accounts:passkey_confirm_finish"),
            {"credential": self.authenticator.get_assertion(options), "purpose": request["purpose"]},
        )
        assert finished.status_code == 200, finished.content
        return finished.json()["confirmation"], request["nonce"]

    def join(self, meeting: Meeting, confirmation: int, nonce: str) -> Any:
        return post_json(self.client, reverse("room:join", args=[meeting.pk]), {"confirmation": confirmation, "nonce": nonce})

    def reconfirm(self, meeting: Meeting, confirmation: int, nonce: str) -> Any:
        return post_json(self.client, reverse("room:reconfirm", args=[meeting.pk]), {"confirmation": confirmation, "nonce": nonce})

    def status(self, meeting: Meeting) -> dict[str, Any]:
        response = self.client.get(reverse("room:status", args=[meeting.pk]))
        assert response.status_code == 200
        return response.json()


def person(user: User) -> Person:
    authenticator = SoftAuthenticator()
    rp = passkeys.RelyingParty(id="testserver", origin="http://testserver")
    challenge_id, options = passkeys.begin_registration(user, rp)
    passkeys.finish_registration(user, challenge_id, json.dumps(authenticator.register(options)), name="room test key")
    return Person(user=user, client=client_for(user), authenticator=authenticator)
