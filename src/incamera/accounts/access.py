"""What an account may do outside any meeting: organise (a secretariat: create meetings, keep the
roster), administer the platform; and whose passkeys and API tokens are whose (their holder's alone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.accounts.models import ApiToken, Passkey
from incamera.kernel.errors import NotFoundError
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from incamera.accounts.models import User

__all__ = ["access_api_token", "access_organizer", "access_passkey", "account_capabilities", "may_organize"]


def access_passkey(user: User | AnonymousUser, passkey_id: int) -> Passkey:
    return get_or_404(Passkey, f"passkey {passkey_id}", pk=passkey_id, user_id=user.pk if user.is_authenticated else 0)


def access_api_token(user: User | AnonymousUser, token_id: int) -> ApiToken:
    return get_or_404(ApiToken, f"API token {token_id}", pk=token_id, user_id=user.pk if user.is_authenticated else 0)


def may_organize(user: User | AnonymousUser) -> bool:
    """Secretariats (accounts that may organise) create meetings and keep the roster."""
    return bool(user.is_authenticated and user.is_active and getattr(user, "may_organize", False))


def access_organizer(user: User | AnonymousUser) -> User:
    """``user``, when they may organise; for anyone else the page or endpoint does not exist."""
    if not may_organize(user):
        raise NotFoundError("no such page")
    return user  # type: ignore[return-value]


def account_capabilities(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """Template context processor: ``account_can.organize`` and ``account_can.platform`` for the
    site's navigation, so that templates never look at account flags themselves."""
    user = request.user
    return {"account_can": {"organize": may_organize(user), "platform": bool(user.is_authenticated and user.is_staff)}}
