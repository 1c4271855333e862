"""Whose passkeys and API tokens are whose: their holder's alone.  What an account may do for a
secretariat (organise, keep the roster) is in ``secretariats/access.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.accounts.models import ApiToken, Passkey
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User

__all__ = ["access_api_token", "access_passkey"]


def access_passkey(user: User | AnonymousUser, passkey_id: int) -> Passkey:
    return get_or_404(Passkey, f"passkey {passkey_id}", pk=passkey_id, user_id=user.pk if user.is_authenticated else 0)


def access_api_token(user: User | AnonymousUser, token_id: int) -> ApiToken:
    return get_or_404(ApiToken, f"API token {token_id}", pk=token_id, user_id=user.pk if user.is_authenticated else 0)
