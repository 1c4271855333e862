"""Who may see invitations, focal-point seats and credentials: organizers of the meeting, and a
focal point their own seat."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.invitations.models import Credential, Invitation
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.meetings.models import Membership, Role
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User

__all__ = ["access_credential", "access_focal_point", "access_invitation", "may_see_representatives"]


def access_invitation(user: User | AnonymousUser, meeting_id: int, invitation_id: int) -> Invitation:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    return get_or_404(Invitation, f"invitation {invitation_id}", pk=invitation_id, meeting=meeting)


def access_focal_point(user: User | AnonymousUser, meeting_id: int) -> Membership:
    """The user's focal-point seat in the meeting; other roles do not find the page."""
    meeting = access_meeting(user, meeting_id, need=Need.LOGISTICS)
    return get_or_404(
        Membership.objects.select_related("meeting", "user"),
        f"focal-point seat in meeting {meeting_id}",
        meeting=meeting,
        user_id=user.pk or 0,
        role=Role.FOCAL_POINT,
    )


def access_credential(user: User | AnonymousUser, meeting_id: int, credential_id: int) -> Credential:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    return get_or_404(Credential, f"credential {credential_id}", pk=credential_id, meeting=meeting)


def may_see_representatives(user: User | AnonymousUser, focal: Membership) -> bool:
    """The invitations of a focal point's delegation are meeting content: shown once the focal
    point's gates are open (the NDA signed), like the rest of it (issue 9, finding 5)."""
    return allowed(user, focal.meeting, Need.CONTENT)
