"""``/api/v1``: the JSON API (django-ninja), OpenAPI at /api/v1/openapi.json.

Authentication is a bearer API token (Account → API tokens) carrying scopes; each endpoint names
the scope it needs.  Domain errors map to the same statuses as the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer

from incamera.accounts.models import User
from incamera.core.errors import Error, RowsInvalidError
from incamera.core.middleware import status_for

__all__ = ["TokenAuth", "api", "api_user"]


class TokenAuth(HttpBearer):
    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from incamera.accounts.actions import user_for_api_token

        user = user_for_api_token(token, scope=self.scope)
        if user is not None:
            request.user = user
        return user


def api_user(request: HttpRequest) -> User:
    """The account behind the request's bearer token (set by TokenAuth)."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user


api = NinjaAPI(title="incamera API", version="1", urls_namespace="api", docs_url=None)


@api.exception_handler(Error)
def domain_error(request: HttpRequest, exc: Error) -> HttpResponse:
    body: dict[str, Any] = {"detail": exc.message}
    field = getattr(exc, "field", None)
    if field:
        body["field"] = field
    if isinstance(exc, RowsInvalidError):
        body["rows"] = [{"row": r.row, "field": r.field, "message": r.message} for r in exc.rows]
    return api.create_response(request, body, status=status_for(exc))


def _register() -> None:
    from incamera.meetings.api import router as meetings_router
    from incamera.participants.api import router as invitations_router

    api.add_router("/meetings", meetings_router)
    api.add_router("/meetings", invitations_router)


_register()
