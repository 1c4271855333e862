"""Who may read and change a meeting's resolutions: those who read its content read them; the
organizers draft them, decide amendments and chair their adoption.  A resolution of a meeting you
may not see does not exist for you.

What the others' delegations look like to a reader follows the participant list (the profile):
where it is the organizers' alone ("three nos"), a participant sees every delegation but their
own, in amendments, objections, votes and reservations, as "another delegation"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incamera.kernel.errors import NotFoundError
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.resolutions import actions
from incamera.resolutions.actions import ResolutionDigests, member_delegation
from incamera.resolutions.adoption import Choice
from incamera.resolutions.models import Adoption, Amendment, Resolution
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = [
    "ResolutionsSeat",
    "access_amendment",
    "access_resolution",
    "access_resolutions",
    "resolution_as_seen",
    "resolution_summary",
]


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


def resolution_summary(resolution: Resolution, found: ResolutionDigests) -> dict[str, Any]:
    """What anyone who reads the resolutions sees of one in a list."""
    return {
        "id": resolution.pk,
        "uuid": str(resolution.uuid),
        "title": resolution.title,
        "legal_character": resolution.legal_character,
        "adoption_method": resolution.adoption_method,
        "weighted": resolution.weighted,
        "state": resolution.state,
        "agenda_item": resolution.agenda_item_id,
        "created_at": resolution.created_at,
        "adopted_at": resolution.adopted_at,
        "versions": len(found.versions),
        "digest": found.whole,
    }


def resolution_as_seen(seat: ResolutionsSeat, resolution: Resolution) -> dict[str, Any]:
    """The resolution as ``seat`` may see it, for pages and the API alike: every version's texts
    and digests, amendments, the latest adoption attempt with its tally, and reservations; the
    others' delegations hidden where the profile hides the participant list, and the matrix
    weight of each vote for the organizers only."""
    found = actions.digests_of(resolution)
    latest = found.latest.number
    body = resolution_summary(resolution, found)
    body["texts"] = [
        {
            "number": version.number,
            "created_at": version.created_at,
            "texts": [
                {"language": lang, "sha256": digest, "text": text}
                for lang, (digest, text) in sorted(actions.version_texts(version).items())
            ],
        }
        for version in resolution.versions.all()
    ]
    body["amendments"] = [
        {
            "id": row.pk,
            "version": row.version.number,
            "language": row.language,
            "sha256": row.digest,
            "text": said.text,
            "reason": said.reason,
            "delegation": seat.shown(row.delegation),
            "state": row.state,
            "outdated": row.state == "proposed" and row.version.number != latest,
            "decision_reason": said.decision,
            "result_version": row.result.number if row.result else None,
        }
        for row, said in actions.amendments_of(resolution)
    ]
    attempt = actions.current_adoption(resolution)
    body["adoption"] = None if attempt is None else _adoption_body(seat, attempt)
    body["reservations"] = [_statement(seat, s) for s in actions.reservations_of(resolution)]
    return body


def _statement(seat: ResolutionsSeat, statement: actions.SealedStatement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "delegation": seat.shown(statement.delegation),
        "kind": statement.kind,
        "text": statement.text,
        "at": statement.at,
        "withdrawn_at": statement.withdrawn_at,
    }


def _adoption_body(seat: ResolutionsSeat, attempt: Adoption) -> dict[str, Any]:
    tally = actions.tally_of(attempt) if attempt.method == "roll_call" else None
    return {
        "id": attempt.pk,
        "method": attempt.method,
        "weighted": attempt.weighted,
        "version": attempt.version.number,
        "opened_at": attempt.opened_at,
        "ends_at": attempt.ends_at,
        "outcome": attempt.outcome,
        "closed_at": attempt.closed_at,
        "objections": [_statement(seat, s) for s in actions.objections_of(attempt)],
        "votes": [
            {"delegation": seat.shown(v.delegation), "choice": v.choice, "weight": v.weight if seat.chair else None}
            for v in attempt.votes.all()
        ],
        "tally": None
        if tally is None
        else {
            "yes": tally.yes,
            "no": tally.no,
            "abstain": tally.abstain,
            "votes_yes": tally.counts[Choice.YES],
            "votes_no": tally.counts[Choice.NO],
            "votes_abstain": tally.counts[Choice.ABSTAIN],
            "cast": tally.cast,
            "eligible": tally.eligible,
            "adopted": tally.adopted,
        },
    }
