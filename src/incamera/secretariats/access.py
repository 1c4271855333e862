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


def secretariats_for(user: User | AnonymousUser, role: SecretariatRole) -> list[Secretariat]:
    """The secretariats in which ``user`` holds ``role``, by name; none for anyone signed out."""
    if not _active(user):
        return []
    return list(Secretariat.objects.filter(members__user_id=user.pk or 0, members__role=role.value).distinct().order_by("name"))


def _holds(user: User | AnonymousUser, role: SecretariatRole) -> bool:
    return _active(user) and SecretariatMember.objects.filter(user_id=user.pk or 0, role=role.value).exists()


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
    roles = set(SecretariatMember.objects.filter(user_id=user.pk or 0).values_list("role", flat=True)) if _active(user) else set()
    return {
        "account_can": {
            "organize": SecretariatRole.ORGANIZER.value in roles,
            "roster": SecretariatRole.ROSTER_MANAGER.value in roles,
            "platform": bool(user.is_authenticated and user.is_staff),
        }
    }
