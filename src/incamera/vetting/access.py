"""Who may vet a meeting's candidates: its organizers who also organise for the secretariat that
owns the meeting.  Vetting reads that secretariat's roster (delegations, their dated facts, the
people invited from it); an organizer invited from elsewhere, or whose secretariat role was
revoked, still runs the meeting but does not see the roster (404)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.kernel.errors import NotFoundError
from incamera.meetings.access import Need, access_meeting, may_vet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["access_vetting"]


def access_vetting(user: User | AnonymousUser, meeting_id: int) -> Meeting:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    if not may_vet(user, meeting):
        raise NotFoundError(f"no vetting of meeting {meeting_id}")
    return meeting
