"""Who may see a roster: the roster managers of the secretariat that owns it.  Another
secretariat's roster does not exist for you (404), nor does any roster for anyone else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.secretariats.access import access_secretariat, secretariats_for
from incamera.secretariats.models import Secretariat, SecretariatRole

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User

__all__ = ["access_roster", "rosters_of"]


def access_roster(user: User | AnonymousUser, secretariat_id: int | None = None) -> Secretariat:
    """The secretariat whose roster ``user`` keeps (``secretariat_id``, or their first)."""
    return access_secretariat(user, secretariat_id, SecretariatRole.ROSTER_MANAGER)


def rosters_of(user: User | AnonymousUser) -> list[Secretariat]:
    """The secretariats whose rosters ``user`` keeps (to choose between on the page)."""
    return secretariats_for(user, SecretariatRole.ROSTER_MANAGER)
