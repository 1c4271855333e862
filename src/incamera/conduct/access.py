"""Who may read a meeting's speaking budgets: they name the delegations taking part, so the
profile decides as for the participant list (Need.PARTICIPANTS: under "three nos" only the
organizers); the matrix totals behind them are the secretariat's (organizers only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.meetings.access import Need, access_meeting, allowed

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["access_speaking_budgets"]


def access_speaking_budgets(user: User | AnonymousUser, meeting_id: int) -> tuple[Meeting, bool]:
    """The meeting, and whether ``user`` may also see each delegation's matrix weight."""
    meeting = access_meeting(user, meeting_id, need=Need.PARTICIPANTS)
    return meeting, allowed(user, meeting, Need.ORGANIZE)
