"""``/api/v1/commitments``: reading a commitment with its status and rule, and reporting on it —
only for the owner delegation and the organizers; every refusal records nothing."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from django.test import Client

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import User
from incamera.commitments.actions import verdict_of
from incamera.commitments.models import Report
from incamera.ledger.models import Event
from tests.commitments.conftest import Committed

pytestmark = pytest.mark.django_db


def _call(user: User | None, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    headers = {}
    if user is not None:
        _row, token = do_create_api_token(user, name="t", scopes=["meetings:read", "meetings:write"])
        headers["authorization"] = f"Bearer {token}"
    client = Client()
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, json.dumps(body or {}), content_type="application/json", headers=headers)


def _recorded() -> tuple[int, int]:
    return Report.objects.count(), Event.objects.filter(type__in=["commitment.reported", "commitment.status_changed"]).count()


def test_the_owner_delegation_reports_and_gets_the_status_with_its_rule(committed: Committed) -> None:
    url = f"/api/v1/commitments/{committed.commitment.pk}/reports"
    evidence = {"filename": "audit.pdf", "content": base64.b64encode(b"%PDF audit").decode()}
    response = _call(committed.cast.delegate, "post", url, {"value": 61, "date": "2026-09-01", "evidence": evidence})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "fulfilled"
    assert body["rule"] == "fulfilled: 61 reported on 2026-09-01 meets recycled_share >= 60 by 2026-12-31"
    assert body["evidence"] is True
    read = _call(committed.cast.observer, "get", f"/api/v1/commitments/{committed.commitment.pk}")
    assert read.status_code == 200
    assert read.json()["status"] == "fulfilled"
    assert read.json()["condition"] == {"metric": "recycled_share", "comparison": ">=", "target": 60, "by": "2026-12-31"}


def test_a_meetings_commitments_are_listed_for_its_content_readers(committed: Committed) -> None:
    url = f"/api/v1/meetings/{committed.cast.meeting.pk}/commitments"
    listed = _call(committed.cast.focal_point, "get", url)
    assert listed.status_code == 200
    verdict = verdict_of(committed.commitment)  # today's: at risk (silent) until the date, then overdue
    assert [(c["id"], c["owner"], c["status"], c["rule"]) for c in listed.json()] == [
        (committed.commitment.pk, "Delegate Delegation", verdict.status, verdict.explanation)
    ]
    assert _call(committed.cast.service, "get", url).status_code == 404


def test_an_organizer_may_report_for_any_delegation(committed: Committed) -> None:
    response = _call(
        committed.cast.organizer, "post", f"/api/v1/commitments/{committed.commitment.pk}/reports", {"value": 10, "date": "2026-02-01"}
    )
    assert response.status_code == 201


@pytest.mark.parametrize("role", ["observer", "focal_point", "service", "outsider", "admin"])
def test_a_report_for_someone_elses_commitment_is_404_and_records_nothing(committed: Committed, role: str) -> None:
    before = _recorded()
    response = _call(
        getattr(committed.cast, role), "post", f"/api/v1/commitments/{committed.commitment.pk}/reports", {"value": 99, "date": "2026-09-01"}
    )
    assert response.status_code == 404
    assert response.json() == {"detail": f"no commitment {committed.commitment.pk}"}
    assert _recorded() == before


def test_the_api_answers_401_without_a_token_and_404_for_what_does_not_exist(committed: Committed) -> None:
    assert (
        _call(None, "post", f"/api/v1/commitments/{committed.commitment.pk}/reports", {"value": 1, "date": "2026-02-01"}).status_code == 401
    )
    assert _call(committed.cast.delegate, "get", "/api/v1/commitments/999999").status_code == 404
    assert _call(committed.cast.outsider, "get", f"/api/v1/commitments/{committed.commitment.pk}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": 50, "date": "2099-01-01"}, "timestamp"),
        ({"value": 50, "date": "2026-02-01", "evidence": {"filename": "a.pdf", "content": "not base64!"}}, "file"),
        ({"value": "fifty", "date": "2026-02-01"}, "value"),
        ({"value": 50, "date": "01/02/2026"}, "date"),
    ],
)
def test_a_malformed_report_is_422_naming_the_field_and_records_nothing(committed: Committed, body: dict[str, Any], field: str) -> None:
    before = _recorded()
    response = _call(committed.cast.delegate, "post", f"/api/v1/commitments/{committed.commitment.pk}/reports", body)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert _recorded() == before
