"""Who may see the roster of delegations: it is the secretariat's (those who may organise)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.accounts.access import access_organizer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User

__all__ = ["access_roster"]


def access_roster(user: User | AnonymousUser) -> User:
    """``user``, when they keep the roster; for anyone else the roster does not exist (404)."""
    return access_organizer(user)
