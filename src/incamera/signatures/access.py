"""Who reaches the signing pages: a resolution's signatures are part of the meeting's content, so
those who read its content see the signing panel and download the bundle (organizers, delegates,
focal points, observers); who may sign is the action's rule (``actions.SIGNER_ROLES``).  A
signing key is its owner's alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.meetings.access import Need
from incamera.resolutions.access import access_resolution
from incamera.signatures.models import SigningKey
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.resolutions.models import Resolution

__all__ = ["access_resolution_record", "access_resolution_signatures", "access_signing_key"]


def access_resolution_signatures(user: User | AnonymousUser, meeting_id: int, resolution_id: int) -> Resolution:
    return access_resolution(user, meeting_id, resolution_id, need=Need.CONTENT)


def access_resolution_record(user: User | AnonymousUser, meeting_id: int, resolution_id: int) -> Resolution:
    """The signature bundle and the sealed record name every signer and delegation: for those who
    may see the participant list (under the three nos, the organizers alone)."""
    return access_resolution(user, meeting_id, resolution_id, need=Need.PARTICIPANTS)


def access_signing_key(user: User | AnonymousUser, key_id: int) -> SigningKey:
    return get_or_404(SigningKey, f"signing key {key_id}", pk=key_id, user_id=getattr(user, "pk", None))
