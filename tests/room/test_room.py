"""The virtual closed room through its pages and endpoints: a token only after a fresh passkey
confirmation of this person, meeting and request; refusals that record nothing; the chair's
re-confirmation and the badge it flips; who is in the room."""

from __future__ import annotations

import datetime as dt
import json

import jwt
import pytest
from django.urls import reverse

from incamera.accounts.models import PasskeyConfirmation
from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import PasskeyError
from incamera.ledger.models import Event
from incamera.meetings.actions import do_add_member
from incamera.room import actions, tokens
from incamera.room.models import ReconfirmRequest, RoomConfirmation, RoomVisit
from tests.conftest import Cast, client_for, make_meeting, sign_nda
from tests.room.conftest import APP_ID, BRIDGE_URL, SECRET, open_session, person, post_json

pytestmark = pytest.mark.django_db


def _recorded() -> tuple[int, int, int, int]:
    """What a refusal must leave as it was."""
    return (RoomConfirmation.objects.count(), RoomVisit.objects.count(), ReconfirmRequest.objects.count(), Event.objects.count())


def _room_of(meeting_id: int) -> str:
    return tokens.room_name(actions.configured_bridge().room_key, meeting_id)  # type: ignore[union-attr]


def test_a_participant_gets_a_token_for_this_meetings_room_after_confirming(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    delegate = person(cast.delegate)
    confirmation, nonce = delegate.confirm(cast.meeting)
    response = delegate.join(cast.meeting, confirmation, nonce)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == "no-store"
    url = response.json()["url"]
    assert url.startswith(f"{BRIDGE_URL}/{_room_of(cast.meeting.pk)}?jwt=")
    token = url.split("?jwt=", 1)[1]
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi", issuer=APP_ID)
    assert claims["room"] == _room_of(cast.meeting.pk) != _room_of(cast.other_meeting.pk)
    assert claims["sub"] == "meet.example.org"
    assert claims["exp"] - claims["nbf"] == tokens.TOKEN_LIFETIME.total_seconds()
    assert claims["context"]["user"] == {"id": f"incamera-user-{cast.delegate.pk}", "name": "Delegate", "email": "delegate@example.org"}
    assert cast.meeting.title not in claims["room"]
    # Recorded: the confirmation spent, the visit, and their events, with neither token nor secret.
    spent = RoomConfirmation.objects.get(meeting=cast.meeting)
    assert (spent.user, spent.kind, spent.confirmation_id) == (cast.delegate, "join", confirmation)
    assert RoomVisit.objects.get(meeting=cast.meeting).left_at is None
    events = list(Event.objects.filter(meeting=cast.meeting, type__startswith="room.").values_list("type", "payload"))
    assert [kind for kind, _payload in events] == ["room.confirmed", "room.joined"]
    logged = json.dumps([payload for _kind, payload in events])
    for secret in (token, SECRET, claims["room"]):
        assert secret not in logged
    assert delegate.status(cast.meeting) == {"reconfirm_required": False, "verified": True, "in_room": True}


def test_a_replayed_confirmation_is_a_conflict_and_records_nothing(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    delegate = person(cast.delegate)
    confirmation, nonce = delegate.confirm(cast.meeting)
    assert delegate.join(cast.meeting, confirmation, nonce).status_code == 200
    before = _recorded()
    replay = delegate.join(cast.meeting, confirmation, nonce)
    assert replay.status_code == 409
    assert "already used" in replay.json()["error"]
    # Spent on a join, it cannot answer the chair either.
    assert delegate.reconfirm(cast.meeting, confirmation, nonce).status_code == 409
    assert _recorded() == before


def test_a_stale_confirmation_is_refused_and_records_nothing(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    delegate = person(cast.delegate)
    confirmation, nonce = delegate.confirm(cast.meeting)
    at = PasskeyConfirmation.objects.get(pk=confirmation).at
    before = _recorded()
    later = FixedClock(at + actions.CONFIRMATION_MAX_AGE + dt.timedelta(seconds=1))
    with pytest.raises(PasskeyError, match="older than 2 minutes"):
        actions.do_join_room(cast.meeting, cast.delegate, confirmation_id=confirmation, nonce=nonce, clock=later)
    assert _recorded() == before
    # Just within two minutes, the same confirmation still opens the room.
    within = FixedClock(at + actions.CONFIRMATION_MAX_AGE)
    assert actions.do_join_room(cast.meeting, cast.delegate, confirmation_id=confirmation, nonce=nonce, clock=within).room


def test_a_confirmation_for_another_meetings_room_is_refused(cast: Cast, bridge: None) -> None:
    second = make_meeting(cast.organizer, title="A second meeting")
    do_add_member(second, cast.delegate, role="delegate", delegation="Delegate Delegation", by=cast.organizer)
    sign_nda(cast.delegate, second)
    open_session(cast.meeting, by=cast.organizer)
    open_session(second, by=cast.organizer)
    delegate = person(cast.delegate)  # a participant of both meetings
    confirmation, nonce = delegate.confirm(cast.meeting)
    before = _recorded()
    response = delegate.join(second, confirmation, nonce)
    assert response.status_code == 422
    assert "another room" in response.json()["error"]
    assert _recorded() == before
    # Made for the first meeting, it still opens the first meeting's room, and only that one.
    token = delegate.join(cast.meeting, confirmation, nonce).json()["url"].split("?jwt=", 1)[1]
    assert jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi")["room"] == _room_of(cast.meeting.pk) != _room_of(second.pk)


def test_a_confirmation_of_another_request_person_or_purpose_is_refused(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    delegate, observer = person(cast.delegate), person(cast.observer)
    confirmation, nonce = delegate.confirm(cast.meeting)
    before = _recorded()
    other_nonce = "f" * 32 if nonce != "f" * 32 else "e" * 32
    assert "another room or another request" in delegate.join(cast.meeting, confirmation, other_nonce).json()["error"]
    assert "malformed" in delegate.join(cast.meeting, confirmation, "not a nonce").json()["error"]
    assert observer.join(cast.meeting, confirmation, nonce).json()["error"] == "confirm with your passkey first"
    assert delegate.join(cast.meeting, 0, nonce).status_code == 422
    # The NDA signature's confirmation (purpose "nda") does not open the room.
    signed = cast.delegate.confirmations.get(purpose="nda")
    assert "made for something else" in delegate.join(cast.meeting, signed.pk, nonce).json()["error"]
    assert _recorded() == before


def test_the_room_is_open_only_in_session(cast: Cast, bridge: None) -> None:
    delegate = person(cast.delegate)
    before = _recorded()
    refused = post_json(delegate.client, reverse("room:request", args=[cast.meeting.pk]))
    assert refused.status_code == 409
    assert "only while the meeting is in session" in refused.json()["error"]
    assert delegate.join(cast.meeting, 1, "0" * 32).status_code == 409
    assert "opens while the meeting is in session" in delegate.client.get(reverse("room:page", args=[cast.meeting.pk])).text
    assert _recorded() == before


def test_without_a_bridge_the_page_says_how_to_configure_one(cast: Cast) -> None:
    open_session(cast.meeting, by=cast.organizer)
    page = client_for(cast.delegate).get(reverse("room:page", args=[cast.meeting.pk]))
    assert page.status_code == 200
    for name in ("INCAMERA_BRIDGE_URL", "INCAMERA_BRIDGE_APP_ID", "INCAMERA_BRIDGE_SECRET"):
        assert name in page.text
    assert "data-room-join" not in page.text
    delegate = person(cast.delegate)
    confirmation, nonce = delegate.confirm(cast.meeting)
    before = _recorded()
    refused = delegate.join(cast.meeting, confirmation, nonce)
    assert refused.status_code == 503
    assert "no video bridge is configured" in refused.json()["error"]
    assert _recorded() == before


def test_a_misconfigured_bridge_is_named_on_the_page(cast: Cast, settings: object) -> None:
    settings.INCAMERA_BRIDGE_URL = "http://meet.example.org"  # type: ignore[attr-defined]
    page = client_for(cast.organizer).get(reverse("room:page", args=[cast.meeting.pk]))
    assert page.status_code == 200
    assert "must start with https://" in page.text
    # A participant is told that it is misconfigured, not the server's settings.
    page = client_for(cast.delegate).get(reverse("room:page", args=[cast.meeting.pk]))
    assert "misconfigured" in page.text
    assert "must start with https://" not in page.text


@pytest.mark.parametrize("role", ["outsider", "service", "admin"])
def test_who_does_not_read_the_meeting_finds_no_room(cast: Cast, bridge: None, role: str) -> None:
    open_session(cast.meeting, by=cast.organizer)
    client = client_for(cast.user(role))
    before = _recorded()
    for name in ("room:page", "room:status"):
        assert client.get(reverse(name, args=[cast.meeting.pk])).status_code == 404
    for name in ("room:request", "room:join", "room:reconfirm", "room:leave", "room:require_reconfirmation"):
        assert post_json(client, reverse(name, args=[cast.meeting.pk])).status_code == 404
    assert _recorded() == before


def test_a_participant_cannot_require_reconfirmation(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    assert client_for(cast.delegate).post(reverse("room:require_reconfirmation", args=[cast.meeting.pk])).status_code == 404
    assert not ReconfirmRequest.objects.exists()


def test_the_chair_requires_reconfirmation_and_the_badge_flips(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    delegate, observer = person(cast.delegate), person(cast.observer)
    for someone in (delegate, observer):
        assert someone.join(cast.meeting, *someone.confirm(cast.meeting)).status_code == 200
    chair = client_for(cast.organizer)
    page = chair.get(reverse("room:page", args=[cast.meeting.pk])).text
    assert page.count('class="badge verified"') == 2

    asked = chair.post(reverse("room:require_reconfirmation", args=[cast.meeting.pk]), follow=True)
    assert "asked to confirm again" in asked.text
    assert delegate.status(cast.meeting) == {"reconfirm_required": True, "verified": False, "in_room": True}
    page = chair.get(reverse("room:page", args=[cast.meeting.pk])).text
    assert page.count("not confirmed since your request") == 2
    assert "Last request to confirm again" in page

    answered = delegate.reconfirm(cast.meeting, *delegate.confirm(cast.meeting))
    assert answered.status_code == 200
    assert delegate.status(cast.meeting) == {"reconfirm_required": False, "verified": True, "in_room": True}
    assert observer.status(cast.meeting)["reconfirm_required"] is True
    page = chair.get(reverse("room:page", args=[cast.meeting.pk])).text
    assert page.count('class="badge verified"') == 1
    assert page.count("not confirmed since your request") == 1
    kinds = list(RoomConfirmation.objects.filter(user=cast.delegate).order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["join", "reconfirm"]
    assert Event.objects.filter(type="room.reconfirmation_required", actor=cast.organizer).count() == 1


def test_leaving_empties_the_list_and_a_second_leave_records_nothing(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    delegate = person(cast.delegate)
    chair = client_for(cast.organizer)
    assert 'id="room-empty"' in chair.get(reverse("room:page", args=[cast.meeting.pk])).text
    delegate.join(cast.meeting, *delegate.confirm(cast.meeting))
    page = chair.get(reverse("room:page", args=[cast.meeting.pk])).text
    assert "Delegate Delegation" in page
    assert 'id="room-empty"' not in page
    assert post_json(delegate.client, reverse("room:leave", args=[cast.meeting.pk])).status_code == 200
    assert delegate.status(cast.meeting)["in_room"] is False
    assert 'id="room-empty"' in chair.get(reverse("room:page", args=[cast.meeting.pk])).text
    before = _recorded()
    again = post_json(delegate.client, reverse("room:leave", args=[cast.meeting.pk]))
    assert again.status_code == 409
    assert _recorded() == before
    assert Event.objects.filter(type="room.left", actor=cast.delegate).count() == 1


def test_the_page_offers_the_join_and_the_chairs_controls(cast: Cast, bridge: None) -> None:
    open_session(cast.meeting, by=cast.organizer)
    person(cast.delegate)
    person(cast.organizer)
    delegate_page = client_for(cast.delegate).get(reverse("room:page", args=[cast.meeting.pk])).text
    assert "Join the closed room" in delegate_page
    assert "room.js" in delegate_page
    assert "Require re-confirmation" not in delegate_page
    assert "Who is in the room" not in delegate_page
    chair_page = client_for(cast.organizer).get(reverse("room:page", args=[cast.meeting.pk])).text
    assert "Join the closed room" in chair_page
    assert "Require re-confirmation" in chair_page
    assert "data-confirm=" in chair_page  # the act asks before it is done
