"""Who may read and report on commitments: those who read a meeting's content read its
commitments and their statuses; only the owner delegation's participants and the organizers
report on one, and read its evidence files.  A commitment you may not report on does not exist
for the act of reporting: the answer is 404 (as the chair's acts on the speakers list), and
nothing is recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incamera.commitments.models import Commitment, Report
from incamera.kernel.errors import NotFoundError
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.meetings.models import Membership
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["access_commitment", "access_commitments", "access_evidence", "may_report", "reportable_commitments"]


def access_commitments(user: User | AnonymousUser, meeting_id: int, *, need: Need = Need.CONTENT) -> Meeting:
    """The meeting whose commitments ``user`` reads (or, with Need.ORGANIZE, creates)."""
    return access_meeting(user, meeting_id, need=need)


def _delegation(user: User | AnonymousUser, meeting: Meeting) -> str:
    if not user.is_authenticated:
        return ""
    return Membership.objects.filter(meeting=meeting, user=user).values_list("delegation", flat=True).first() or ""


def may_report(user: User | AnonymousUser, commitment: Commitment) -> bool:
    """An organizer of the commitment's meeting, or a participant of the owner delegation who
    reads the meeting's content."""
    meeting = commitment.resolution.meeting
    if allowed(user, meeting, Need.ORGANIZE):
        return True
    return allowed(user, meeting, Need.CONTENT) and _delegation(user, meeting) == commitment.owner


def access_commitment(user: User | AnonymousUser, commitment_id: int, *, meeting_id: int | None = None, report: bool = False) -> Commitment:
    """Commitment ``commitment_id`` (of meeting ``meeting_id`` when given) for ``user`` to read, or
    with ``report`` to report on; NotFoundError otherwise."""
    lookup = {"pk": commitment_id} if meeting_id is None else {"pk": commitment_id, "resolution__meeting_id": meeting_id}
    commitment = get_or_404(Commitment.objects.select_related("resolution__meeting"), f"commitment {commitment_id}", **lookup)
    meeting = commitment.resolution.meeting
    if not allowed(user, meeting, Need.CONTENT) or (report and not may_report(user, commitment)):
        raise NotFoundError(f"no commitment {commitment_id}")
    return commitment


def reportable_commitments(user: User | AnonymousUser, meeting: Meeting) -> list[Commitment]:
    """The meeting's commitments ``user`` may report on (an import takes only these)."""
    rows = Commitment.objects.filter(resolution__meeting=meeting).select_related("resolution__meeting")
    if allowed(user, meeting, Need.ORGANIZE):
        return list(rows)
    if not allowed(user, meeting, Need.CONTENT):
        return []
    delegation = _delegation(user, meeting)
    return list(rows.filter(owner=delegation)) if delegation else []


def access_evidence(user: User | AnonymousUser, meeting_id: int, commitment_id: int, report_id: int) -> Report:
    """A report whose evidence file ``user`` may download: the owner delegation's and organizers'."""
    commitment = access_commitment(user, commitment_id, meeting_id=meeting_id, report=True)
    return get_or_404(
        Report.objects.select_related("commitment__resolution__meeting"), f"report {report_id}", pk=report_id, commitment=commitment
    )
