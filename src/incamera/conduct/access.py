"""Who may read a meeting's speaking budgets: they name the delegations taking part, so the
profile decides as for the participant list (Need.PARTICIPANTS: under "three nos" only the
organizers); the matrix totals behind them are the secretariat's (organizers only).

Who may use an agenda item's speakers list: every participant who reads the content (delegates,
focal points, observers) and the organizers, who chair it.  A participant asks and withdraws for
their own delegation; only the chair gives the floor, times it, reorders, adjusts and grants.
Where the participant list is the organizers' alone (the profile), a participant sees every other
delegation on the list as "another delegation"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from incamera.conduct.actions import SPEAKING_ROLES
from incamera.kernel.errors import NotFoundError, TransitionError
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.meetings.models import AgendaItem, Membership
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["SpeakersAccess", "access_speakers", "access_speaking_budgets"]


def access_speaking_budgets(user: User | AnonymousUser, meeting_id: int) -> tuple[Meeting, bool]:
    """The meeting, and whether ``user`` may also see each delegation's matrix weight."""
    meeting = access_meeting(user, meeting_id, need=Need.PARTICIPANTS)
    return meeting, allowed(user, meeting, Need.ORGANIZE)


@dataclass(frozen=True)
class SpeakersAccess:
    """What a caller may do with one agenda item's speakers list.  ``delegation``: the one they
    ask the floor for (None: they take part without one, as organizers usually do); ``chair``:
    they run the list; ``anonymise``: the others' delegations are hidden from them."""

    meeting: Meeting
    item: AgendaItem
    delegation: str | None
    chair: bool
    anonymise: bool

    def own_delegation(self) -> str:
        """The delegation the caller asks the floor for; TransitionError when they take part
        without one (organizers usually do): an answer, not a 404."""
        if self.delegation is None:
            raise TransitionError(
                _("you take part in this meeting without a delegation, so you cannot ask for the floor or withdraw a request")
            )
        return self.delegation


def access_speakers(user: User | AnonymousUser, meeting_id: int, item_id: int | None = None, *, chair: bool = False) -> SpeakersAccess:
    """The speakers list of agenda item ``item_id`` (by default the meeting's first) for ``user``;
    with ``chair``, for the chair's acts, which only the meeting's organizers may do (for the others
    it does not exist).  Raises NotFoundError for a meeting, or an item, the caller may not see."""
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE if chair else Need.CONTENT)
    if item_id is None:
        item = meeting.agenda.order_by("position", "id").first()
        if item is None:
            raise NotFoundError(f"meeting {meeting_id} has no agenda item, so no speakers list")
    else:
        item = get_or_404(AgendaItem, f"agenda item {item_id}", pk=item_id, meeting=meeting)
    if not user.is_authenticated:  # access_meeting let nobody anonymous through
        raise NotFoundError(f"no meeting {meeting_id}")
    seat = Membership.objects.filter(meeting=meeting, user=user, role__in=SPEAKING_ROLES).values_list("delegation", flat=True).first()
    return SpeakersAccess(
        meeting=meeting,
        item=item,
        delegation=seat or None,
        chair=allowed(user, meeting, Need.ORGANIZE),
        anonymise=not allowed(user, meeting, Need.PARTICIPANTS),
    )
