"""``/api/v1/meetings``: meetings, agenda and invitations through the API, with tokens."""

import json

import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import ApiToken
from incamera.ledger.models import Event
from tests.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)


def _client(cast: Cast, user=None) -> tuple[Client, dict[str, str]]:  # type: ignore[no-untyped-def]
    _row, token = do_create_api_token(user or cast.organizer, name="t", scopes=list(ApiToken.SCOPES))
    return Client(), {"authorization": f"Bearer {token}"}


def _body(**overrides: object) -> str:
    data = {"title": "Board", "starts_at": "2030-05-01T09:00:00+02:00", "ends_at": "2030-05-01T12:00:00+02:00", "timezone": "Europe/Zurich"}
    return json.dumps(data | overrides)


def test_create_read_update_and_transition_a_meeting(cast: Cast) -> None:
    client, auth = _client(cast)
    created = client.post("/api/v1/meetings", _body(), content_type="application/json", headers=auth)
    assert created.status_code == 201, created.content
    meeting = created.json()
    assert meeting["state"] == "draft"
    assert meeting["version"] == 1
    mid = meeting["id"]
    assert client.get(f"/api/v1/meetings/{mid}", headers=auth).json()["title"] == "Board"
    patched = client.patch(
        f"/api/v1/meetings/{mid}", _body(title="Board of trustees", version=1), content_type="application/json", headers=auth
    )
    assert patched.status_code == 200
    assert patched.json()["version"] == 2
    stale = client.patch(f"/api/v1/meetings/{mid}", _body(title="Lost update", version=1), content_type="application/json", headers=auth)
    assert stale.status_code == 409
    assert "someone else saved" in stale.json()["detail"]
    refused = client.post(
        f"/api/v1/meetings/{mid}/transitions", json.dumps({"to": "in_session"}), content_type="application/json", headers=auth
    )
    assert refused.status_code == 409
    assert Event.objects.filter(meeting_id=mid, type="meeting.updated").count() == 1


def test_validation_errors_name_the_field(cast: Cast) -> None:
    client, auth = _client(cast)
    response = client.post("/api/v1/meetings", _body(timezone="Atlantis/Capital"), content_type="application/json", headers=auth)
    assert response.status_code == 422
    assert response.json()["field"] == "timezone"
    response = client.post("/api/v1/meetings", _body(title="A\u200bB"), content_type="application/json", headers=auth)
    assert response.status_code == 422
    assert "U+200B" in response.json()["detail"]


def test_agenda_and_invitations(cast: Cast, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    client, auth = _client(cast)
    mid = cast.meeting.pk
    item = client.post(
        f"/api/v1/meetings/{mid}/agenda",
        json.dumps({"title": "Any other business", "minutes": 15}),
        content_type="application/json",
        headers=auth,
    )
    assert item.status_code == 201
    titles = [i["title"] for i in client.get(f"/api/v1/meetings/{mid}/agenda", headers=auth).json()]
    assert titles == ["Opening", "Any other business"]
    invited = client.post(
        f"/api/v1/meetings/{mid}/invitations",
        json.dumps({"email": "New@Example.org", "role": "observer"}),
        content_type="application/json",
        headers=auth,
    )
    assert invited.status_code == 201
    assert invited.json()["email"] == "new@example.org"
    assert len(mailoutbox) == 1
    again = client.post(
        f"/api/v1/meetings/{mid}/invitations", json.dumps({"email": "new@example.org"}), content_type="application/json", headers=auth
    )
    assert again.status_code == 409


def test_service_staff_see_logistics_but_not_the_agenda(cast: Cast) -> None:
    client, auth = _client(cast, cast.service)
    assert client.get(f"/api/v1/meetings/{cast.meeting.pk}", headers=auth).status_code == 200
    assert client.get(f"/api/v1/meetings/{cast.meeting.pk}/agenda", headers=auth).status_code == 404
