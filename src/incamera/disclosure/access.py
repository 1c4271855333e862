"""Who sees what of disclosure: the organizers manage a meeting's schedule and items (404 for the
others); anyone, signed in or not, reads what has been released, and nothing else: an item not
yet released does not exist for the public."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.disclosure.models import Item, ItemState
from incamera.meetings.access import Need, access_meeting
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["access_disclosure", "access_item", "released_item"]


def access_disclosure(user: User | AnonymousUser, meeting_id: int) -> Meeting:
    return access_meeting(user, meeting_id, need=Need.ORGANIZE)


def access_item(user: User | AnonymousUser, meeting_id: int, item_id: int) -> Item:
    meeting = access_disclosure(user, meeting_id)
    return get_or_404(Item.objects.select_related("meeting"), f"item {item_id}", pk=item_id, meeting=meeting)


def released_item(item_id: int) -> Item:
    """A released item, for anyone; any other item is 404."""
    return get_or_404(Item.objects.select_related("meeting"), f"released item {item_id}", pk=item_id, state=ItemState.RELEASED)
