"""Who sees what of disclosure: the organizers manage a meeting's schedule and items (404 for the
others); anyone, signed in or not, reads what has been released, and nothing else: an item not
yet released does not exist for the public."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from incamera.disclosure.models import EthicsReviewer, Item, ItemState, Petition, PetitionState, RecordCustodian, SealedRecord
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting
    from incamera.secretariats.models import Secretariat

__all__ = [
    "QuorumSeat",
    "access_disclosure",
    "access_item",
    "access_panel",
    "access_quorum",
    "access_release_status",
    "panel_petitions",
    "panel_seat",
    "petition_meeting",
    "readouts_seat",
    "released_item",
    "reviewable_petition",
]


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
    the petitioner takes part in; any other does not exist for them (for someone not signed in,
    the sign-in page, whether the meeting exists or not)."""
    from incamera.disclosure.actions import is_public
    from incamera.meetings.models import Meeting as MeetingModel

    meeting = MeetingModel.objects.filter(pk=meeting_id).first()
    if meeting is not None and is_public(meeting):
        return meeting
    return access_meeting(user, meeting_id, need=Need.CONTENT)


def reviewable_petition(user: User | AnonymousUser, petition_id: int) -> Petition:
    """A petition for the panels ``user`` sits on; 404 for anyone else."""
    return get_or_404(panel_petitions(user), f"petition {petition_id}", pk=petition_id)


def panel_petitions(user: User | AnonymousUser) -> QuerySet[Petition]:
    """The petitions on the meetings of the secretariats whose ethics panel ``user`` sits on."""
    rows = Petition.objects.filter(meeting__secretariat__ethics_reviewers__user_id=getattr(user, "pk", None) or 0)
    return rows.exclude(state=PetitionState.UNCONFIRMED).select_related("meeting")


def readouts_seat(user: User | AnonymousUser, meeting_id: int, *, propose: bool = False) -> tuple[Meeting, bool]:
    """The meeting's readouts for those who read its content, and whether ``user`` organizes it;
    with ``propose``, for its organizers alone (404 for the others)."""
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE if propose else Need.CONTENT)
    return meeting, allowed(user, meeting, Need.ORGANIZE)


@dataclass(frozen=True)
class QuorumSeat:
    """What ``user`` is to a meeting's sealed record: its custodian ``seat`` (None for an organizer
    who holds no share), and whether they organize the meeting."""

    meeting: Meeting
    record: SealedRecord | None
    seat: RecordCustodian | None
    organizer: bool


def access_quorum(user: User | AnonymousUser, meeting_id: int) -> QuorumSeat:
    """The custodian quorum's page: for the meeting's organizers and for the record's custodians
    (who need not take part in the meeting); 404 for anyone else."""
    if getattr(user, "is_authenticated", False):
        seat = RecordCustodian.objects.filter(record__meeting_id=meeting_id, user_id=user.pk or 0).select_related("record__meeting").first()
        if seat is not None:
            meeting = seat.record.meeting
            return QuorumSeat(meeting, seat.record, seat, organizer=allowed(user, meeting, Need.ORGANIZE))
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    return QuorumSeat(meeting, SealedRecord.objects.filter(meeting=meeting).first(), None, organizer=True)


def access_panel(user: User | AnonymousUser, secretariat_id: int | None) -> Secretariat:
    """The secretariat whose ethics review panel ``user`` seats: one they organize meetings in
    (the first of theirs when none is named); 404 for anyone else."""
    from incamera.secretariats.access import access_secretariat
    from incamera.secretariats.models import SecretariatRole

    return access_secretariat(user, secretariat_id, SecretariatRole.ORGANIZER)


def access_release_status(user: User | AnonymousUser) -> tuple[bool, list[int]]:
    """The release status page: (whether ``user`` operates the platform, the meetings they
    organize).  Platform staff see the workers and the counts of every meeting, and no meeting's
    titles but their own; an organizer sees the counts and the failures of the meetings they
    organize; anyone else gets 404."""
    from incamera.kernel.errors import NotFoundError
    from incamera.meetings.models import Membership

    if not getattr(user, "is_authenticated", False):
        raise NotFoundError("no such page")
    staff = bool(getattr(user, "is_staff", False))
    mine = list(Membership.objects.filter(user_id=user.pk or 0, role="organizer").values_list("meeting_id", flat=True))
    if not staff and not mine:
        raise NotFoundError("no such page")
    return staff, mine


def panel_seat(secretariat: Secretariat, reviewer_id: int) -> EthicsReviewer:
    """A seat on ``secretariat``'s panel (its organizers unseat it); any other is 404."""
    return get_or_404(EthicsReviewer.objects.select_related("user"), f"panel seat {reviewer_id}", pk=reviewer_id, secretariat=secretariat)
