"""Who may read and change a meeting's resolutions: those who read its content read them; the
organizers draft them, decide amendments and chair their adoption.  A resolution of a meeting you
may not see does not exist for you.

What the others' delegations look like to a reader follows the participant list (the profile):
where it is the organizers' alone ("three nos"), a participant sees every delegation but their
own, in amendments, objections, votes and reservations, as "another delegation"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from incamera.kernel.errors import NotFoundError
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.resolutions.actions import member_delegation
from incamera.resolutions.models import Amendment, Resolution
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["ResolutionsSeat", "access_amendment", "access_resolution", "access_resolutions"]


def access_resolution(user: User | AnonymousUser, meeting_id: int, resolution_id: int, *, need: Need = Need.CONTENT) -> Resolution:
    meeting = access_meeting(user, meeting_id, need=need)
    return get_or_404(Resolution, f"resolution {resolution_id}", pk=resolution_id, meeting=meeting)


def access_amendment(user: User | AnonymousUser, meeting_id: int, resolution_id: int, amendment_id: int) -> Amendment:
    """An amendment, for the organizers who decide it."""
    resolution = access_resolution(user, meeting_id, resolution_id, need=Need.ORGANIZE)
    return get_or_404(
        Amendment.objects.select_related("resolution__meeting", "version"),
        f"amendment {amendment_id}",
        pk=amendment_id,
        resolution=resolution,
    )


@dataclass(frozen=True)
class ResolutionsSeat:
    """What a caller may do with a meeting's resolutions.  ``delegation``: the member delegation
    they act for (None: none, as organizers and observers); ``chair``: they draft and chair;
    ``anonymise``: the others' delegations are hidden from them."""

    meeting: Meeting
    delegation: str | None
    chair: bool
    anonymise: bool

    def shown(self, delegation: str) -> str | None:
        """``delegation`` as this reader may see it: None stands for "another delegation"."""
        if not self.anonymise or delegation == self.delegation or not delegation:
            return delegation
        return None


def access_resolutions(user: User | AnonymousUser, meeting_id: int, *, chair: bool = False) -> ResolutionsSeat:
    """The meeting's resolutions for ``user``; with ``chair``, for the organizers' acts (for the
    others they do not exist)."""
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE if chair else Need.CONTENT)
    if not user.is_authenticated:  # access_meeting let nobody anonymous through
        raise NotFoundError(f"no meeting {meeting_id}")
    return ResolutionsSeat(
        meeting=meeting,
        delegation=member_delegation(meeting, user),
        chair=allowed(user, meeting, Need.ORGANIZE),
        anonymise=not allowed(user, meeting, Need.PARTICIPANTS),
    )
