"""``/api/v1/meetings/{id}/speaking``."""

import pytest

from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_speaking_budgets_api(scored: Cast) -> None:
    from django.test import Client

    from incamera.accounts.actions import do_create_api_token

    _row, token = do_create_api_token(scored.delegate, name="t", scopes=["meetings:read"])
    response = Client().get(
        f"/api/v1/meetings/{scored.meeting.pk}/speaking?session_seconds=1800&floor_seconds=60", headers={"authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    data = response.json()
    assert sum(b["seconds"] for b in data["budgets"]) == 1800
    impossible = Client().get(
        f"/api/v1/meetings/{scored.meeting.pk}/speaking?session_seconds=10&floor_seconds=60", headers={"authorization": f"Bearer {token}"}
    )
    assert impossible.status_code == 422
