"""The OpenAPI document of ``/api/v1``."""

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db(transaction=True)


def test_openapi_document_lists_the_endpoints() -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/meetings", "/api/v1/meetings/{meeting_id}/agenda", "/api/v1/meetings/{meeting_id}/invitations"} <= set(
        document["paths"]
    )
    assert "BearerAuth" in json.dumps(document["components"]) or "TokenAuth" in json.dumps(document["components"])
