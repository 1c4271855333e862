"""Who may do what in a secretariat: organise its meetings, keep its roster.  A secretariat you
hold no such role in does not exist for you (404), in pages and API alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.kernel.errors import NotFoundError
from incamera.secretariats.models import Secretariat, SecretariatMember, SecretariatRole

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from incamera.accounts.models import User

__all__ = ["access_organizer", "access_secretariat", "account_capabilities", "may_keep_roster", "may_organize", "secretariats_for"]


def _active(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _roles(user: User | AnonymousUser) -> list[tuple[Secretariat, str]]:
    """Every (secretariat, role) ``user`` holds, by name, in one query cached on the user for the
    request (like ``meetings.access.role_in``); the actions that change roles clear it."""
    if not _active(user):
        return []
    cached: list[tuple[Secretariat, str]] | None = getattr(user, "_incamera_secretariat_roles", None)
    if cached is None:
        members = SecretariatMember.objects.filter(user_id=user.pk or 0).select_related("secretariat").order_by("secretariat__name")
        cached = [(m.secretariat, m.role) for m in members]
        user._incamera_secretariat_roles = cached  # type: ignore[union-attr]
    return cached


def secretariats_for(user: User | AnonymousUser, role: SecretariatRole) -> list[Secretariat]:
    """The secretariats in which ``user`` holds ``role``, by name; none for anyone signed out."""
    return [secretariat for secretariat, held in _roles(user) if held == role.value]


def _holds(user: User | AnonymousUser, role: SecretariatRole) -> bool:
    return bool(secretariats_for(user, role))


def may_organize(user: User | AnonymousUser) -> bool:
    """An organizer of some secretariat: may create meetings (in that secretariat)."""
    return _holds(user, SecretariatRole.ORGANIZER)


def access_organizer(user: User | AnonymousUser) -> User:
    """``user``, when they organise for some secretariat; for anyone else the page or endpoint
    does not exist."""
    if not may_organize(user):
        raise NotFoundError("no such page")
    return user  # type: ignore[return-value]


def may_keep_roster(user: User | AnonymousUser) -> bool:
    return _holds(user, SecretariatRole.ROSTER_MANAGER)


def access_secretariat(user: User | AnonymousUser, secretariat_id: int | None, role: SecretariatRole) -> Secretariat:
    """The secretariat ``secretariat_id`` (when none is given, the first of the user's by name) in
    which ``user`` holds ``role``; otherwise it does not exist (404)."""
    mine = secretariats_for(user, role)
    if secretariat_id is None and mine:
        return mine[0]
    found = next((s for s in mine if s.pk == secretariat_id), None)
    if found is None:
        raise NotFoundError(f"no secretariat {secretariat_id}" if secretariat_id is not None else "no such page")
    return found


def account_capabilities(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """Template context processor: ``account_can.organize``, ``.roster`` and ``.platform`` for the
    site's navigation, so that templates never look at roles themselves."""
    user = request.user
    roles = {held for _secretariat, held in _roles(user)}
    return {
        "account_can": {
            "organize": SecretariatRole.ORGANIZER.value in roles,
            "roster": SecretariatRole.ROSTER_MANAGER.value in roles,
            "platform": bool(user.is_authenticated and user.is_staff),
        }
    }
