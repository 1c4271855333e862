"""``/api/v1/meetings/{id}/resolutions``: statuses, bodies, and what each caller may see."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import ApiToken, User
from incamera.meetings.models import Meeting
from incamera.resolutions.digests import text_digest
from incamera.resolutions.models import Resolution, Vote
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

EN = "The participants agree to publish a shared registry of smelters by 2028."


def _call(user: User, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    _row, token = do_create_api_token(user, name="t", scopes=list(ApiToken.SCOPES))
    headers = {"authorization": f"Bearer {token}"}
    if method == "get":
        response = Client().get(f"/api/v1{path}", headers=headers)
    else:
        response = getattr(Client(), method)(f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", headers=headers)
    return response.status_code, response.json()


def _create(cast: Cast, **extra: Any) -> dict[str, Any]:
    body = {"title": "On traceability", "legal_character": "decision", "texts": {"en": EN}, **extra}
    status, created = _call(cast.organizer, "post", f"/meetings/{cast.meeting.pk}/resolutions", body)
    assert status == 201, created
    return created


def test_create_and_read_with_texts_and_digests(cast: Cast) -> None:
    created = _create(cast)
    assert created["state"] == "draft"
    assert created["texts"] == [
        {"number": 1, "created_at": created["texts"][0]["created_at"], "texts": [{"language": "en", "sha256": text_digest(EN), "text": EN}]}
    ]
    status, listed = _call(cast.observer, "get", f"/meetings/{cast.meeting.pk}/resolutions")
    assert status == 200
    assert [(r["id"], r["digest"]) for r in listed] == [(created["id"], created["digest"])]
    assert _call(cast.outsider, "get", f"/meetings/{cast.meeting.pk}/resolutions/{created['id']}")[0] == 404
    assert _call(cast.service, "get", f"/meetings/{cast.meeting.pk}/resolutions")[0] == 404
    assert (
        _call(
            cast.delegate,
            "post",
            f"/meetings/{cast.meeting.pk}/resolutions",
            {"title": "T", "legal_character": "decision", "texts": {"en": "x"}},
        )[0]
        == 404
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"legal_character": "treaty"}, "legal_character"),
        ({"texts": {"xx": "Text"}}, "language"),
        ({"adoption_method": "acclamation"}, "adoption_method"),
        ({"weighted": True}, "weighted"),
    ],
)
def test_bad_drafts_are_422_with_the_field(cast: Cast, body: dict[str, Any], field: str) -> None:
    full = {"title": "T", "legal_character": "decision", "texts": {"en": EN}} | body
    status, answer = _call(cast.organizer, "post", f"/meetings/{cast.meeting.pk}/resolutions", full)
    assert (status, answer.get("field")) == (422, field)
    assert not Resolution.objects.exists()


def test_a_roll_call_by_api(cast: Cast) -> None:
    created = _create(cast, adoption_method="roll_call")
    base = f"/meetings/{cast.meeting.pk}/resolutions/{created['id']}"
    status, opened = _call(cast.organizer, "post", f"{base}/adoption", {})
    assert status == 201
    assert opened["adoption"]["outcome"] == "open"
    assert _call(cast.organizer, "patch", base, {"weighted": True})[0] == 409  # never after opening
    status, voted = _call(cast.delegate, "post", f"{base}/votes", {"choice": "yes"})
    assert status == 201
    assert voted["adoption"]["votes"] == [{"delegation": "Delegate Delegation", "choice": "yes", "weight": None}]
    assert _call(cast.delegate, "post", f"{base}/votes", {"choice": "no"})[0] == 409
    assert _call(cast.observer, "post", f"{base}/votes", {"choice": "no"})[0] == 409
    assert _call(cast.organizer, "post", f"{base}/votes", {"choice": "no"})[0] == 409
    assert _call(cast.focal_point, "post", f"{base}/votes", {"choice": "maybe"})[0] == 422
    assert _call(cast.outsider, "post", f"{base}/votes", {"choice": "yes"})[0] == 404
    assert _call(cast.delegate, "post", f"{base}/adoption/close", {})[0] == 404
    status, closed = _call(cast.organizer, "post", f"{base}/adoption/close", {})
    assert status == 200
    assert closed["state"] == "adopted"
    assert (closed["adoption"]["tally"]["yes"], closed["adoption"]["tally"]["cast"], closed["adoption"]["tally"]["eligible"]) == (1, 1, 2)
    assert _call(cast.focal_point, "post", f"{base}/votes", {"choice": "no"})[0] == 409  # after close
    assert Vote.objects.count() == 1
    status, reserved = _call(cast.focal_point, "post", f"{base}/reservations", {"kind": "explanation_of_vote", "text": "We did not vote."})
    assert status == 201
    assert reserved["reservations"][0]["text"] == "We did not vote."


def test_an_amendment_to_an_outdated_version_is_409(cast: Cast) -> None:
    created = _create(cast)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{created['id']}"
    assert _call(cast.organizer, "post", f"{base}/versions", {"texts": {"en": EN + " Reviewed yearly."}})[0] == 201
    amendment = {"version": 1, "language": "en", "text": "Other.", "reason": "Why."}
    status, answer = _call(cast.delegate, "post", f"{base}/amendments", amendment)
    assert status == 409
    assert "not the latest (version 2)" in answer["detail"]
    status, proposed = _call(cast.delegate, "post", f"{base}/amendments", amendment | {"version": 2})
    assert status == 201
    amendment_id = proposed["amendments"][0]["id"]
    status, decided = _call(cast.organizer, "post", f"{base}/amendments/{amendment_id}/decision", {"accept": True})
    assert status == 200
    assert decided["amendments"][0]["result_version"] == 3
    assert _call(cast.organizer, "post", f"{base}/amendments/{amendment_id}/decision", {"accept": False, "reason": "x"})[0] == 409


def test_consensus_by_api_hides_other_delegations_under_three_nos(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting.pk).update(profile="three_nos")
    created = _create(cast)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{created['id']}"
    assert _call(cast.organizer, "post", f"{base}/adoption", {})[0] == 422  # a silence period needs its minutes
    assert _call(cast.organizer, "post", f"{base}/adoption", {"minutes": 30})[0] == 201
    assert _call(cast.focal_point, "post", f"{base}/objections", {"text": "Not yet."})[0] == 201
    assert _call(cast.focal_point, "post", f"{base}/objections", {"text": "Again."})[0] == 409
    assert _call(cast.delegate, "delete", f"{base}/objections")[0] == 409  # it has none standing
    assert _call(cast.organizer, "post", f"{base}/adoption/close", {})[0] == 409  # the period runs
    _status, seen = _call(cast.delegate, "get", base)
    assert seen["adoption"]["objections"][0]["delegation"] is None
    _status, own = _call(cast.focal_point, "get", base)
    assert own["adoption"]["objections"][0]["delegation"] == "Focal_Point Delegation"
