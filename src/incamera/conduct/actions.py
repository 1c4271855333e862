"""The session's speaking budgets (from the speaking shares) and the inclusion report, computed from
the meeting's participants and the roster."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from incamera.conduct.inclusion import Bound, InclusionReport, inclusion_report
from incamera.conduct.inclusion import Participant as InclusionParticipant
from incamera.conduct.speaking import Budgets, speaking_budgets
from incamera.kernel.errors import InvalidInputError
from incamera.meetings.models import Meeting, Role
from incamera.roster.actions import roster_of
from incamera.vetting.actions import matrix_for

__all__ = ["SPEAKING_ROLES", "DelegationPresence", "inclusion_for", "presence", "speaking_for"]

SPEAKING_ROLES = (Role.DELEGATE, Role.OBSERVER, Role.FOCAL_POINT)


@dataclass(frozen=True)
class DelegationPresence:
    name: str
    kind: str
    region: str
    people: int
    weight: float  # the matrix total, 0 when unscored


def presence(meeting: Meeting) -> list[DelegationPresence]:
    """The delegations taking part (from participants' delegations), with roster facts and weights."""
    counts: dict[str, int] = {}
    for name in meeting.memberships.filter(role__in=SPEAKING_ROLES).values_list("delegation", flat=True):
        key = name or _("(no delegation)")
        counts[key] = counts.get(key, 0) + 1
    roster = {d.name: d for d in roster_of(meeting.secretariat_id).filter(name__in=counts)}
    try:
        result = matrix_for(meeting)
    except InvalidInputError:
        result = None
    totals = {a.candidate.name: a.total for a in result.assessments} if result else {}
    return [
        DelegationPresence(
            name=name,
            kind=roster[name].kind if name in roster else "other",
            region=roster[name].region if name in roster else _("unknown"),
            people=count,
            weight=totals.get(name, 0.0),
        )
        for name, count in sorted(counts.items())
    ]


def speaking_for(meeting: Meeting, *, session_seconds: int, floor_seconds: int) -> tuple[list[DelegationPresence], Budgets]:
    delegations = presence(meeting)
    if not delegations:
        raise InvalidInputError(_("no delegation takes part yet"), field="meeting")
    return delegations, speaking_budgets(
        {d.name: d.weight for d in delegations}, session_seconds=session_seconds, floor_seconds=floor_seconds
    )


def inclusion_for(meeting: Meeting, *, session_seconds: int, floor_seconds: int, bounds: Sequence[Bound]) -> InclusionReport:
    delegations, budgets = speaking_for(meeting, session_seconds=session_seconds, floor_seconds=floor_seconds)
    participants = [
        InclusionParticipant(id=d.name, category=d.kind, region=d.region, seats=d.people, speaking_seconds=budgets.seconds[d.name])
        for d in delegations
    ]
    return inclusion_report(participants, bounds=bounds)
