"""Who may read and change a meeting's resolutions: those who read its content read them; the
organizers draft them.  A resolution of a meeting you may not see does not exist for you."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.meetings.access import Need, access_meeting
from incamera.resolutions.models import Resolution
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User

__all__ = ["access_resolution"]


def access_resolution(user: User | AnonymousUser, meeting_id: int, resolution_id: int, *, need: Need = Need.CONTENT) -> Resolution:
    meeting = access_meeting(user, meeting_id, need=need)
    return get_or_404(Resolution, f"resolution {resolution_id}", pk=resolution_id, meeting=meeting)
