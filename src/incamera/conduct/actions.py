"""The session's speaking budgets (from the speaking shares), the inclusion report, computed from
the meeting's participants and the roster, and each agenda item's speakers list, kept as its
events (``floor.py``) and replayed on every read."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from incamera.conduct import floor
from incamera.conduct.inclusion import Bound, InclusionReport, inclusion_report
from incamera.conduct.inclusion import Participant as InclusionParticipant
from incamera.conduct.models import FloorEventRecord
from incamera.conduct.speaking import Budgets, speaking_budgets
from incamera.kernel.errors import InvalidInputError
from incamera.ledger.events import record_event
from incamera.meetings.actions import check_record_open
from incamera.meetings.models import AgendaItem, Meeting, Role
from incamera.roster.actions import roster_of
from incamera.vetting.actions import matrix_for

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "FLOOR_SECONDS",
    "SESSION_SECONDS",
    "SPEAKING_ROLES",
    "DelegationPresence",
    "actual_speaking_seconds",
    "agenda_of",
    "do_floor_event",
    "floor_statistics",
    "inclusion_for",
    "last_active_item",
    "presence",
    "snapshot_for",
    "speakers_list",
    "speakers_state",
    "speaking_for",
]

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
    """The report on the time each delegation actually spoke, every kind of turn counted, once a
    speakers list has closed a turn; before that, on the budgets (``actual_speaking_seconds``
    tells which)."""
    delegations, budgets = speaking_for(meeting, session_seconds=session_seconds, floor_seconds=floor_seconds)
    spoken = actual_speaking_seconds(meeting)
    participants = [
        InclusionParticipant(
            id=d.name,
            category=d.kind,
            region=d.region,
            seats=d.people,
            speaking_seconds=budgets.seconds[d.name] if spoken is None else spoken.get(d.name, 0),
        )
        for d in delegations
    ]
    return inclusion_report(participants, bounds=bounds)


# --- the speakers list (issue 12) ---------------------------------------------------------------

# An agenda item without a length shares a 90-minute session; every delegation first gets 2 minutes
# (the defaults of ``/api/v1/meetings/{id}/speaking``).
SESSION_SECONDS = 5400
FLOOR_SECONDS = 120

_EVENTS: dict[str, type[floor.FloorEvent]] = {
    cls.__name__: cls
    for cls in (
        floor.FloorRequested,
        floor.RequestWithdrawn,
        floor.QueueReordered,
        floor.FloorGiven,
        floor.FloorEnded,
        floor.TimerPaused,
        floor.TimerResumed,
        floor.BudgetAdjusted,
        floor.ObserverRightGranted,
    )
}


def _payload(event: floor.Event) -> dict[str, Any]:
    """The event's fields other than ``at`` and ``by``, as JSON: enums by value, tuples as lists."""
    payload: dict[str, Any] = {}
    for f in dataclasses.fields(event):
        if f.name in {"at", "by"}:
            continue
        value = getattr(event, f.name)
        payload[f.name] = value.value if isinstance(value, enum.Enum) else list(value) if isinstance(value, tuple) else value
    return payload


def _event_from_row(row: FloorEventRecord) -> floor.Event:
    cls = _EVENTS[row.type]
    fields: dict[str, Any] = dict(row.payload)
    if fields.get("kind") is not None:
        fields["kind"] = floor.Kind(fields["kind"])
    if "order" in fields:
        fields["order"] = tuple(fields["order"])
    if cls is floor.FloorEnded:
        fields["reason"] = floor.EndReason(fields["reason"])
    event: floor.Event = cls(at=row.at, by=str(row.by_id or ""), **fields)  # type: ignore[assignment]
    return event


def _row_from_event(meeting: Meeting, item: AgendaItem, event: floor.Event, *, by: User) -> FloorEventRecord:
    return FloorEventRecord(meeting=meeting, agenda_item=item, at=event.at, by=by, type=type(event).__name__, payload=_payload(event))


def _named(payload: dict[str, Any]) -> set[str]:
    names = {payload["delegation"]} if isinstance(payload.get("delegation"), str) else set()
    return names | {name for name in payload.get("order", ()) if isinstance(name, str)}


def _empty_list(meeting: Meeting, item: AgendaItem, rows: Sequence[FloorEventRecord]) -> floor.SpeakersList:
    """The item's list before its events: a budget for every delegation taking part (the item's
    minutes shared by ``speaking_budgets``), and 0 s for one its events name that has since left.
    Observers are the delegations whose every member is an observer."""
    session = item.minutes * 60 if item.minutes else SESSION_SECONDS
    weights = {d.name: d.weight for d in presence(meeting)}
    budgets: dict[str, int] = {}
    if weights:
        floor_seconds = min(FLOOR_SECONDS, session // len(weights))
        budgets = dict(speaking_budgets(weights, session_seconds=session, floor_seconds=floor_seconds).seconds)
    for row in rows:
        for name in sorted(_named(row.payload) - set(budgets)):
            budgets[name] = 0
    roles: dict[str, set[str]] = {}
    for name, role in meeting.memberships.filter(role__in=SPEAKING_ROLES).values_list("delegation", "role"):
        roles.setdefault(name, set()).add(role)
    observers = {name for name, held in roles.items() if held == {Role.OBSERVER} and name in budgets}
    return floor.SpeakersList.empty(item=item.pk, budgets=budgets, observers=observers)


def _replayed(meeting: Meeting, item: AgendaItem) -> tuple[floor.SpeakersList, int]:
    rows = list(FloorEventRecord.objects.filter(agenda_item=item))
    state = _empty_list(meeting, item, rows)
    for row in rows:
        state = state.apply(_event_from_row(row))
    return state, rows[-1].pk if rows else 0


def speakers_list(meeting: Meeting, item: AgendaItem) -> floor.SpeakersList:
    """The agenda item's speakers list, replayed from its stored events."""
    return _replayed(meeting, item)[0]


def snapshot_for(state: floor.SpeakersList, now: dt.datetime, *, viewer: str | None, anonymise: bool) -> dict[str, Any]:
    """The list as a viewer may see it at ``now`` (``SpeakersList.snapshot``), with the others'
    "another delegation" in the reader's language."""
    snapshot = state.snapshot(now, viewer=viewer, anonymise=anonymise)
    if anonymise:
        other = _(floor.ANOTHER_DELEGATION)
        for row in (snapshot["current"], *snapshot["queue"], *snapshot["budgets"]):
            if row is not None and row["delegation"] == floor.ANOTHER_DELEGATION:
                row["delegation"] = other
    return snapshot


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items in order: each has its speakers list."""
    return list(meeting.agenda.order_by("position", "id"))


def last_active_item(meeting: Meeting) -> int | None:
    """The agenda item whose speakers list changed last, if any has."""
    return FloorEventRecord.objects.filter(meeting=meeting).order_by("-id").values_list("agenda_item_id", flat=True).first()


def speakers_state(meeting: Meeting, item: AgendaItem) -> tuple[floor.SpeakersList, int]:
    """The list, and the id of the last event it includes (0 before any): its version."""
    return _replayed(meeting, item)


def _ledger_type(event: floor.Event) -> str:
    return "speakers." + re.sub(r"(?<!^)(?=[A-Z])", "_", type(event).__name__).lower()


def do_floor_event(meeting: Meeting, item: AgendaItem, event: floor.Event, *, by: User) -> floor.SpeakersList:
    """Apply ``event`` to the item's speakers list and store it, with its ledger event; return the
    new list.  A refused event (``floor.py`` raises the precise error) stores nothing.

    The item's row is locked first, so concurrent events serialise: each replays what the one
    before it stored.  ``by`` is recorded as the event's author; an event that waited for the lock
    is recorded when it got it, never before the event it follows."""
    with transaction.atomic():
        check_record_open(meeting)
        AgendaItem.objects.select_for_update().filter(pk=item.pk).values_list("pk", flat=True).first()
        state = _replayed(meeting, item)[0]
        at = event.at if state.last_at is None else max(event.at, state.last_at)
        event = dataclasses.replace(event, at=at, by=str(by.pk))
        state = state.apply(event)
        row = _row_from_event(meeting, item, event, by=by)
        row.save()
        record_event(_ledger_type(event), actor=by, meeting=meeting, payload={"item": item.pk, "record": row.pk, **row.payload})
    return state


def floor_statistics(meeting: Meeting) -> list[tuple[AgendaItem, list[floor.DelegationStatistics]]]:
    """Each agenda item with a speakers list, in agenda order, and its delegations' statistics
    (closed turns only)."""
    items = AgendaItem.objects.filter(meeting=meeting, floor_events__isnull=False).distinct().order_by("position", "id")
    return [(item, speakers_list(meeting, item).statistics()) for item in items]


def actual_speaking_seconds(meeting: Meeting) -> dict[str, int] | None:
    """Seconds each delegation spoke, all items and kinds of turn together, from the closed turns;
    None while no turn has closed (the inclusion report then uses the budgets)."""
    totals: dict[str, int] = {}
    closed = False
    for _item, rows in floor_statistics(meeting):
        for row in rows:
            turns = sum(row.turns.values())
            closed = closed or turns > 0
            totals[row.delegation] = totals.get(row.delegation, 0) + sum(row.seconds.values())
    return totals if closed else None
