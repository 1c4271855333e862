"""The authentication backend every password check goes through (the sign-in page, the platform
admin's login, anything calling ``django.contrib.auth.authenticate``): Django's ModelBackend behind
the one throttle of ``accounts/throttle.py``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from incamera.accounts.throttle import clear_attempts, client_address, password_counters, take_attempt

__all__ = ["ThrottledModelBackend"]


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any) -> Any:
        if username is None or password is None:
            return None
        counters = password_counters(username, client_address(request))
        take_attempt(counters)  # counted before the check, so parallel guesses cannot slip through
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            # Stop here: Django would otherwise ask the next backend (the plain ModelBackend,
            # listed only to restore sessions of logins made with it) without the throttle.
            raise PermissionDenied
        clear_attempts(counters)
        return user
