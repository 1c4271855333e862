"""What every ``/api/v1`` router shares: bearer-token authentication by scope, the account behind
the token, the error schema and the mapping of domain errors to responses.

The API object itself, which assembles the domains' routers, is ``incamera/api.py`` at the top;
the routers import only this module, so nothing imports back up.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Schema
from ninja.security import HttpBearer

from incamera.accounts.models import User
from incamera.kernel.errors import Error, RowsInvalidError
from incamera.web.middleware import status_for

__all__ = ["ErrorOut", "TokenAuth", "api_user", "error_body"]


class TokenAuth(HttpBearer):
    """Bearer API token carrying ``scope`` (Account → API tokens)."""

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


class ErrorOut(Schema):
    detail: str


def error_body(exc: Error) -> tuple[dict[str, Any], int]:
    """The JSON body and HTTP status that stand for a domain error."""
    body: dict[str, Any] = {"detail": exc.message}
    field = getattr(exc, "field", None)
    if field:
        body["field"] = field
    if isinstance(exc, RowsInvalidError):
        body["rows"] = [{"row": r.row, "field": r.field, "message": r.message} for r in exc.rows]
    return body, status_for(exc)
