"""Who sees what of disclosure: the organizers manage a meeting's schedule and items (404 for the
others); anyone, signed in or not, reads what has been released, and nothing else: an item not
yet released does not exist for the public."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.disclosure.models import Item, ItemState, Petition
from incamera.meetings.access import Need, access_meeting
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["access_disclosure", "access_item", "petition_meeting", "released_item", "reviewable_petition"]


def access_disclosure(user: User | AnonymousUser, meeting_id: int) -> Meeting:
    return access_meeting(user, meeting_id, need=Need.ORGANIZE)


def access_item(user: User | AnonymousUser, meeting_id: int, item_id: int) -> Item:
    meeting = access_disclosure(user, meeting_id)
    return get_or_404(Item.objects.select_related("meeting"), f"item {item_id}", pk=item_id, meeting=meeting)


def released_item(item_id: int) -> Item:
    """A released item, for anyone; any other item is 404."""
    return get_or_404(Item.objects.select_related("meeting"), f"released item {item_id}", pk=item_id, state=ItemState.RELEASED)


def petition_meeting(user: User | AnonymousUser, meeting_id: int) -> Meeting:
    """A meeting one may petition about: one the public knows of (something released), or one
    the petitioner takes part in; any other does not exist for them."""
    from incamera.disclosure.actions import is_public
    from incamera.meetings.models import Meeting as MeetingModel

    meeting = MeetingModel.objects.filter(pk=meeting_id).first()
    if meeting is not None and is_public(meeting):
        return meeting
    return access_meeting(user, meeting_id, need=Need.CONTENT)


def reviewable_petition(user: User | AnonymousUser, petition_id: int) -> Petition:
    """A petition for the panels ``user`` sits on; 404 for anyone else."""
    return get_or_404(
        Petition.objects.select_related("meeting"),
        f"petition {petition_id}",
        pk=petition_id,
        meeting__secretariat__ethics_reviewers__user_id=getattr(user, "pk", None),
    )
