"""Who may use a meeting's virtual closed room: everyone who reads its content (delegates,
observers and focal points once the NDA is signed, and the organizers); service staff never.
Only the organizers chair it: they ask everyone to confirm again and see who is in the room.
For anyone else the room does not exist (404)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from incamera.meetings.access import Need, access_meeting, allowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["RoomAccess", "access_room"]


@dataclass(frozen=True)
class RoomAccess:
    meeting: Meeting
    chair: bool  # an organizer: requires re-confirmation, sees who is in the room


def access_room(user: User | AnonymousUser, meeting_id: int, *, chair: bool = False) -> RoomAccess:
    """``meeting_id``'s room for ``user``; with ``chair``, for the chair's acts (organizers only).
    Raises NotFoundError for a meeting, or a room, the caller may not see."""
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE if chair else Need.CONTENT)
    return RoomAccess(meeting=meeting, chair=allowed(user, meeting, Need.ORGANIZE))
