"""schemathesis over /api/v1/openapi.json: whatever it sends, the API never answers 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from incamera.accounts.actions import do_create_api_token
from incamera.accounts.models import ApiToken
from incamera.wsgi import application
from tests.conftest import Cast

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def auth(cast: Cast) -> dict[str, str]:
    _row, token = do_create_api_token(cast.organizer, name="fuzz", scopes=list(ApiToken.SCOPES))
    return {"Authorization": f"Bearer {token}"}


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case, auth: dict[str, str]) -> None:
    case.call_and_validate(headers=auth, checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_without_a_token(case: schemathesis.Case, db: None) -> None:
    case.call_and_validate(checks=[not_a_server_error])
