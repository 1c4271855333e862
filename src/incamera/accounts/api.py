"""How the ``/api/v1`` routers authenticate: a bearer API token (Account → API tokens) carrying
scopes; each endpoint names the scope it needs."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from incamera.accounts.actions import user_for_api_token
from incamera.accounts.models import User

__all__ = ["TokenAuth", "api_user"]


class TokenAuth(HttpBearer):
    """Bearer API token carrying ``scope`` (Account → API tokens)."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_api_token(token, scope=self.scope)
        if user is not None:
            request.user = user
        return user


def api_user(request: HttpRequest) -> User:
    """The account behind the request's bearer token (set by TokenAuth)."""
    user = getattr(request, "auth", None)
    assert isinstance(user, User)
    return user
