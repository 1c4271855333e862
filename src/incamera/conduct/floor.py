"""The speakers list of an agenda item, as a pure state machine (issue 12, "The live session").

Delegations ask for the floor; the chair orders the list, gives and withdraws the floor, pauses the
timer, adjusts budgets and grants observers the right to raise points of order.  Each of those is
an event (a frozen dataclass with ``at`` and ``by``), and a ``SpeakersList`` is what the events of
one agenda item add up to: ``apply`` returns the next state and ``replay`` folds a whole history,
so the database can store the events, and every adjustment stays on record with who made it, when
and why.  Who may cause which event (the chair, the delegation itself) is the access layer's
business, not this module's.

The rules:

- The queue holds points of order first, first come first served; then replies, in the same way;
  then the ordinary requests to speak, in the order they were made unless the chair reorders them.
  The chair reorders only those: a new order names every delegation waiting to speak exactly once.
  A delegation holds at most one pending request of each kind.
- Giving the floor takes the head of the queue, or the delegation the chair names: its request of
  the kind the chair names, else its most urgent request, else (the chair may call anyone) a turn
  to speak without a request.  Whoever had the floor stops at that moment: their turn is closed as
  ``superseded``, by the same event.  Whoever has the floor is not also waiting for a turn of the
  same kind: the turn consumes that request, and the delegation cannot ask for that kind again until
  the turn ends.  A point of order or a reply leaves its request to speak in its place.
- The timer of a turn runs from ``FloorGiven`` to ``FloorEnded`` (or the next ``FloorGiven``),
  less its pauses.  Only ``speak`` turns draw on the speaking budget (``CHARGED``): points of order
  and replies are counted apart, per kind, in ``statistics``.  Remaining time may go below zero: an
  overrun is reported, never cut off.
- A budget is the seconds given (``speaking.speaking_budgets``) plus the chair's adjustments, each
  kept as its ``BudgetAdjusted`` event; it never goes below 0.
- An observer raises a point of order only once the chair has granted it the right, and the chair
  cannot give it the floor for one before.  The refusal is a TransitionError, not an
  InvalidInputError: the request is well formed, it is the observer's standing that forbids it,
  and a grant changes the answer.
- ``snapshot(..., anonymise=True)`` (the three-nos profile, or a participant list for organizers
  only) shows every delegation but the viewer as ``ANOTHER_DELEGATION``, and lists the others'
  budgets by size rather than in the caller's order, which may be alphabetical and so name them by
  position.

A refused event changes nothing (states are immutable).  Bad input raises InvalidInputError with
the field at fault; a request already pending, or the floor given to whoever already has it,
ConflictError; a move the state forbids (an empty list, no speaker, a timer already paused),
TransitionError; withdrawing a request that is not pending, NotFoundError.  Conflicts, transitions
and absences carry a ``Notice`` as their message: English text that keeps its template and values
for translation, as InvalidInputError keeps ``template`` and ``params``.

Time is passed in: every ``at`` and ``now`` is an aware datetime in UTC, and nothing here reads the
clock.  Events come in order of time (equal times are allowed).  Durations are kept exactly and
shown in whole seconds, rounded down from the exact sum.

Pure: no Django.  Messages carry their template for translation, as in ``kernel/messages.py``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeAlias, assert_never

from incamera.kernel.errors import ConflictError, Error, NotFoundError, TransitionError
from incamera.kernel.messages import Notice, gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = [
    "ANOTHER_DELEGATION",
    "CHARGED",
    "BudgetAdjusted",
    "DelegationStatistics",
    "EndReason",
    "Event",
    "FloorEnded",
    "FloorEvent",
    "FloorGiven",
    "FloorRequested",
    "Kind",
    "ObserverRightGranted",
    "QueueReordered",
    "Request",
    "RequestWithdrawn",
    "SpeakersList",
    "TimerPaused",
    "TimerResumed",
    "Turn",
    "replay",
]

# What every delegation but the viewer is called in an anonymised snapshot.
ANOTHER_DELEGATION = gettext_noop("another delegation")

_SECOND = dt.timedelta(seconds=1)
_ZERO = dt.timedelta(0)


class Kind(enum.StrEnum):
    """What a delegation asks the floor for, most urgent first."""

    POINT_OF_ORDER = "point_of_order"
    REPLY = "reply"
    SPEAK = "speak"


# The kinds of turn that draw on the speaking budget; the others are counted apart.
CHARGED: frozenset[Kind] = frozenset({Kind.SPEAK})

_URGENCY = {kind: rank for rank, kind in enumerate(Kind)}


class EndReason(enum.StrEnum):
    DONE = "done"  # the speaker finished
    WITHDRAWN = "withdrawn"  # the chair withdrew the floor
    SUPERSEDED = "superseded"  # the chair gave the floor to someone else (never sent: implied by FloorGiven)


# --- events ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FloorEvent:
    """What every event carries: when it happened (aware, UTC) and who caused it (an actor id)."""

    at: dt.datetime
    by: str


@dataclass(frozen=True, kw_only=True)
class FloorRequested(FloorEvent):
    delegation: str
    kind: Kind = Kind.SPEAK


@dataclass(frozen=True, kw_only=True)
class RequestWithdrawn(FloorEvent):
    delegation: str
    kind: Kind = Kind.SPEAK


@dataclass(frozen=True, kw_only=True)
class QueueReordered(FloorEvent):
    """The chair's new order of the delegations waiting to speak (points of order and replies keep
    their places ahead of them)."""

    order: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class FloorGiven(FloorEvent):
    """``delegation`` None: the head of the queue.  ``kind`` None: the delegation's most urgent
    request, or a turn to speak when it has none."""

    delegation: str | None = None
    kind: Kind | None = None


@dataclass(frozen=True, kw_only=True)
class FloorEnded(FloorEvent):
    reason: EndReason = EndReason.DONE


@dataclass(frozen=True, kw_only=True)
class TimerPaused(FloorEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class TimerResumed(FloorEvent):
    pass


@dataclass(frozen=True, kw_only=True)
class BudgetAdjusted(FloorEvent):
    """``delta_s`` seconds added to (or, negative, taken from) a budget, and why."""

    delegation: str
    delta_s: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class ObserverRightGranted(FloorEvent):
    """The chair lets an observer delegation raise points of order."""

    delegation: str


Event: TypeAlias = (
    FloorRequested
    | RequestWithdrawn
    | QueueReordered
    | FloorGiven
    | FloorEnded
    | TimerPaused
    | TimerResumed
    | BudgetAdjusted
    | ObserverRightGranted
)


# --- state -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """A pending request for the floor."""

    delegation: str
    kind: Kind
    at: dt.datetime


@dataclass(frozen=True)
class Turn:
    """A turn at the floor: running while ``ended_at`` is None.  ``paused`` is the time spent in
    pauses already over; ``paused_at`` is when the pause under way began."""

    delegation: str
    kind: Kind
    started_at: dt.datetime
    given_by: str
    paused_at: dt.datetime | None = None
    paused: dt.timedelta = _ZERO
    ended_at: dt.datetime | None = None
    ended_by: str | None = None
    reason: EndReason | None = None

    def elapsed(self, now: dt.datetime) -> dt.timedelta:
        """Time spoken by ``now`` (or by the end), pauses excluded; never negative, even for a
        ``now`` before the turn began."""
        until = self.paused_at or self.ended_at or now
        return max(_ZERO, until - self.started_at - self.paused)


@dataclass(frozen=True)
class DelegationStatistics:
    """One delegation's use of the floor, from the closed turns.  ``turns`` and ``seconds`` are by
    kind (every kind present); ``used_s`` counts the kinds in ``CHARGED``."""

    delegation: str
    turns: dict[Kind, int]
    seconds: dict[Kind, int]
    budget_s: int
    used_s: int
    remaining_s: int
    overrun_s: int


def _refusal(error: type[Error], template: str, **params: object) -> Error:
    """A ConflictError, TransitionError or NotFoundError whose message keeps its template."""
    return error(Notice(template, **params))


_NOT_UTC = {
    "at": gettext_noop("an event's time must be an aware date and time in UTC; found %(found)s"),
    "now": gettext_noop("now must be an aware date and time in UTC; found %(found)s"),
}


def _moment(value: object, *, name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.utcoffset() != _ZERO:
        raise _invalid(_NOT_UTC[name], field="timestamp", found=repr(value))
    return value


def _kind(value: object) -> Kind:
    if isinstance(value, str) and value in {kind.value for kind in Kind}:
        return Kind(value)
    template = gettext_noop("the kind of request must be one of %(allowed)s; found %(found)s")
    raise _invalid(template, field="kind", allowed=", ".join(Kind), found=repr(value))


def _is_whole_seconds(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True)
class SpeakersList:
    """The speakers list of one agenda item, as its events so far have left it.

    ``budgets`` are the seconds each delegation of the session was given, in the caller's order;
    ``used`` the exact time of its closed turns, by kind; ``turns`` the closed turns in order;
    ``adjustments`` the chair's budget changes, as recorded.
    """

    item: int
    budgets: dict[str, int]
    observers: frozenset[str]
    granted: frozenset[str] = frozenset()
    queue: tuple[Request, ...] = ()
    current: Turn | None = None
    turns: tuple[Turn, ...] = ()
    used: dict[tuple[str, Kind], dt.timedelta] = field(default_factory=dict)
    adjustments: tuple[BudgetAdjusted, ...] = ()
    last_at: dt.datetime | None = None

    @classmethod
    def empty(cls, *, item: int, budgets: Mapping[str, int], observers: Iterable[str] = ()) -> SpeakersList:
        """An agenda item's list before anyone asks for the floor.

        Raises InvalidInputError for a budget that is not whole seconds, 0 or more, and for an
        observer without a budget (every delegation of the session has one, perhaps 0 s).
        """
        for delegation, seconds in budgets.items():
            if not _is_whole_seconds(seconds):
                template = gettext_noop("the budget of %(delegation)s is %(found)s; budgets must be whole seconds, 0 or more")
                raise _invalid(template, field="delegations", delegation=delegation, found=repr(seconds))
        observing = frozenset(observers)
        if strangers := sorted(observing - set(budgets)):
            template = gettext_noop("every observer must be a delegation of the session (%(known)s); found %(found)s")
            raise _invalid(template, field="delegations", known=", ".join(budgets) or "none", found=", ".join(strangers))
        return cls(item=item, budgets=dict(budgets), observers=observing)

    # --- reading ---------------------------------------------------------------------------

    def budget_s(self, delegation: str) -> int:
        """The budget as given, plus the adjustments."""
        return self.budgets[delegation] + sum(a.delta_s for a in self.adjustments if a.delegation == delegation)

    def used_exactly(self, delegation: str, now: dt.datetime | None = None) -> dt.timedelta:
        """The time ``delegation`` has drawn on its budget; with ``now``, the running turn too."""
        used = sum((self.used.get((delegation, kind), _ZERO) for kind in CHARGED), _ZERO)
        if now is not None and self.current is not None and self.current.delegation == delegation and self.current.kind in CHARGED:
            used += self.current.elapsed(now)
        return used

    def remaining_s(self, now: dt.datetime, *, delegation: str | None = None) -> int:
        """Budget − used − elapsed, in whole seconds (negative when overrun), of ``delegation`` or
        by default of the current speaker; TransitionError when nobody has the floor."""
        now = _moment(now, name="now")
        if delegation is None:
            if self.current is None:
                raise _refusal(TransitionError, gettext_noop("nobody has the floor, so no time is running"))
            delegation = self.current.delegation
        self._known(delegation)
        return self.budget_s(delegation) - self.used_exactly(delegation, now) // _SECOND

    def snapshot(self, now: dt.datetime, *, viewer: str | None, anonymise: bool) -> dict[str, Any]:
        """The list as the API shows it at ``now``: JSON types only.  ``used_s`` includes the running
        turn, so ``remaining_s`` of the current speaker is its ``budget_s − used_s``."""
        now = _moment(now, name="now")

        def shown(delegation: str) -> str:
            return ANOTHER_DELEGATION if anonymise and delegation != viewer else delegation

        current = None
        if self.current is not None:
            current = {
                "delegation": shown(self.current.delegation),
                "started_at": self.current.started_at.isoformat(),
                "remaining_s": self.remaining_s(now),
                "kind": self.current.kind.value,
                "paused": self.current.paused_at is not None,
            }
        rows = [(d, self.budget_s(d), self.used_exactly(d, now) // _SECOND) for d in self.budgets]
        if anonymise:
            rows.sort(key=lambda row: (row[0] != viewer, -row[1], -row[2]))
        return {
            "item": self.item,
            "current": current,
            "queue": [{"delegation": shown(r.delegation), "kind": r.kind.value} for r in self.queue],
            "budgets": [{"delegation": shown(d), "budget_s": budget, "used_s": used} for d, budget, used in rows],
        }

    def statistics(self) -> list[DelegationStatistics]:
        """Each delegation's turns and seconds by kind, budget, used, remaining and overrun, from the
        closed turns (a turn still running is not counted), in the caller's order."""
        rows = []
        for delegation in self.budgets:
            spoken = [t for t in self.turns if t.delegation == delegation]
            used = self.used_exactly(delegation) // _SECOND
            remaining = self.budget_s(delegation) - used
            rows.append(
                DelegationStatistics(
                    delegation=delegation,
                    turns={kind: sum(1 for t in spoken if t.kind is kind) for kind in Kind},
                    seconds={kind: self.used.get((delegation, kind), _ZERO) // _SECOND for kind in Kind},
                    budget_s=self.budget_s(delegation),
                    used_s=used,
                    remaining_s=remaining,
                    overrun_s=max(0, -remaining),
                )
            )
        return rows

    # --- changing --------------------------------------------------------------------------

    def apply(self, event: Event) -> SpeakersList:
        """The state after ``event``; raises (and changes nothing) when the rules refuse it."""
        at = _moment(event.at, name="at")
        if self.last_at is not None and at < self.last_at:
            template = gettext_noop("events must come in order of time: this one is at %(found)s, before the last one at %(last)s")
            raise _invalid(template, field="timestamp", found=at.isoformat(), last=self.last_at.isoformat())
        match event:
            case FloorRequested():
                state = self._requested(event)
            case RequestWithdrawn():
                state = self._withdrawn(event)
            case QueueReordered():
                state = self._reordered(event)
            case FloorGiven():
                state = self._given(event)
            case FloorEnded():
                state = self._ended(event)
            case TimerPaused():
                state = self._paused(event)
            case TimerResumed():
                state = self._resumed(event)
            case BudgetAdjusted():
                state = self._adjusted(event)
            case ObserverRightGranted():
                state = self._granted(event)
            case _:
                assert_never(event)
        return replace(state, last_at=at)

    def _known(self, delegation: object) -> str:
        if not isinstance(delegation, str) or delegation not in self.budgets:
            template = gettext_noop("%(found)s is not a delegation of this session (delegations: %(known)s)")
            raise _invalid(template, field="delegation", found=repr(delegation), known=", ".join(self.budgets) or "none")
        return delegation

    def _pending(self, delegation: str, kind: Kind) -> Request | None:
        return next((r for r in self.queue if r.delegation == delegation and r.kind is kind), None)

    def _may_raise_points_of_order(self, delegation: str) -> None:
        if delegation in self.observers and delegation not in self.granted:
            template = gettext_noop(
                "%(delegation)s is an observer and has not been given the right to raise points of order; the chair can grant it"
            )
            raise _refusal(TransitionError, template, delegation=delegation)

    def _requested(self, event: FloorRequested) -> SpeakersList:
        delegation, kind = self._known(event.delegation), _kind(event.kind)
        if (pending := self._pending(delegation, kind)) is not None:
            template = gettext_noop(
                "%(delegation)s has already asked for the floor (%(kind)s) at %(asked)s; it may withdraw that request, not ask twice"
            )
            raise _refusal(ConflictError, template, delegation=delegation, kind=kind.value, asked=pending.at.isoformat())
        if self.current is not None and self.current.delegation == delegation and self.current.kind is kind:
            template = gettext_noop("%(delegation)s has the floor (%(kind)s) now; it can ask for it again once its turn ends")
            raise _refusal(ConflictError, template, delegation=delegation, kind=kind.value)
        if kind is Kind.POINT_OF_ORDER:
            self._may_raise_points_of_order(delegation)
        request = Request(delegation=delegation, kind=kind, at=event.at)
        # The queue is sorted by urgency: the new request goes after the last one as urgent or more.
        place = sum(1 for r in self.queue if _URGENCY[r.kind] <= _URGENCY[kind])
        return replace(self, queue=(*self.queue[:place], request, *self.queue[place:]))

    def _withdrawn(self, event: RequestWithdrawn) -> SpeakersList:
        delegation, kind = self._known(event.delegation), _kind(event.kind)
        if (pending := self._pending(delegation, kind)) is None:
            held = ", ".join(r.kind.value for r in self.queue if r.delegation == delegation) or "none"
            template = gettext_noop("%(delegation)s has no pending request of kind %(kind)s to withdraw (its pending requests: %(held)s)")
            raise _refusal(NotFoundError, template, delegation=delegation, kind=kind.value, held=held)
        return replace(self, queue=tuple(r for r in self.queue if r is not pending))

    def _reordered(self, event: QueueReordered) -> SpeakersList:
        waiting = {r.delegation: r for r in self.queue if r.kind is Kind.SPEAK}
        order = tuple(event.order)
        if not all(isinstance(d, str) for d in order) or sorted(order) != sorted(waiting):
            template = gettext_noop(
                "the new order must name each delegation waiting to speak exactly once (waiting: %(waiting)s); found %(found)s"
            )
            raise _invalid(
                template,
                field="delegations",
                waiting=", ".join(waiting) or "none",
                found=", ".join(map(str, order)) or "none",
            )
        urgent = tuple(r for r in self.queue if r.kind is not Kind.SPEAK)
        return replace(self, queue=(*urgent, *(waiting[d] for d in order)))

    def _given(self, event: FloorGiven) -> SpeakersList:
        kind = None if event.kind is None else _kind(event.kind)
        request: Request | None
        if event.delegation is None:
            if kind is not None:
                template = gettext_noop("a kind of turn (found %(kind)s) needs a delegation to give the floor to; none was named")
                raise _invalid(template, field="delegation", kind=kind.value)
            if not self.queue:
                raise _refusal(TransitionError, gettext_noop("the list is empty: name a delegation to give it the floor"))
            request = self.queue[0]
            delegation = request.delegation
        elif kind is None:
            delegation = self._known(event.delegation)
            request = next((r for r in self.queue if r.delegation == delegation), None)
        else:
            delegation = self._known(event.delegation)
            request = self._pending(delegation, kind)
        kind = request.kind if request is not None else (kind or Kind.SPEAK)
        if kind is Kind.POINT_OF_ORDER:
            self._may_raise_points_of_order(delegation)
        if self.current is not None and self.current.delegation == delegation and self.current.kind is kind:
            template = gettext_noop("%(delegation)s already has the floor (%(kind)s), since %(since)s")
            raise _refusal(ConflictError, template, delegation=delegation, kind=kind.value, since=self.current.started_at.isoformat())
        state = self._closed(event, EndReason.SUPERSEDED) if self.current is not None else self
        turn = Turn(delegation=delegation, kind=kind, started_at=event.at, given_by=event.by)
        return replace(state, current=turn, queue=tuple(r for r in state.queue if r is not request))

    def _closed(self, event: FloorEvent, reason: EndReason) -> SpeakersList:
        """The current turn, ended by ``event``, moved to the record and its time to ``used``."""
        assert self.current is not None
        turn = replace(self.current, ended_at=event.at, ended_by=event.by, reason=reason)
        key = (turn.delegation, turn.kind)
        used = {**self.used, key: self.used.get(key, _ZERO) + turn.elapsed(event.at)}
        return replace(self, current=None, turns=(*self.turns, turn), used=used)

    def _speaking(self, template: str) -> Turn:
        if self.current is None:
            raise _refusal(TransitionError, template)
        return self.current

    def _ended(self, event: FloorEnded) -> SpeakersList:
        endings = (EndReason.DONE, EndReason.WITHDRAWN)
        if event.reason not in endings:
            template = gettext_noop("a turn ends as one of %(allowed)s; found %(found)s")
            raise _invalid(template, field="value", allowed=", ".join(endings), found=repr(event.reason))
        self._speaking(gettext_noop("nobody has the floor, so there is no turn to end"))
        return self._closed(event, EndReason(event.reason))

    def _paused(self, event: TimerPaused) -> SpeakersList:
        turn = self._speaking(gettext_noop("nobody has the floor, so there is no timer to pause"))
        if turn.paused_at is not None:
            template = gettext_noop("the timer of %(delegation)s is already paused, since %(since)s")
            raise _refusal(TransitionError, template, delegation=turn.delegation, since=turn.paused_at.isoformat())
        return replace(self, current=replace(turn, paused_at=event.at))

    def _resumed(self, event: TimerResumed) -> SpeakersList:
        turn = self._speaking(gettext_noop("nobody has the floor, so there is no timer to resume"))
        if turn.paused_at is None:
            template = gettext_noop("the timer of %(delegation)s is running, not paused")
            raise _refusal(TransitionError, template, delegation=turn.delegation)
        return replace(self, current=replace(turn, paused_at=None, paused=turn.paused + (event.at - turn.paused_at)))

    def _adjusted(self, event: BudgetAdjusted) -> SpeakersList:
        delegation = self._known(event.delegation)
        if isinstance(event.delta_s, bool) or not isinstance(event.delta_s, int) or event.delta_s == 0:
            template = gettext_noop("an adjustment must be a whole number of seconds other than 0; found %(found)s")
            raise _invalid(template, field="value", found=repr(event.delta_s))
        delta = event.delta_s
        if not isinstance(event.reason, str) or not event.reason.strip():
            template = gettext_noop("an adjustment needs a reason, which the record keeps; found %(found)s")
            raise _invalid(template, field="text", found=repr(event.reason))
        budget = self.budget_s(delegation)
        if budget + delta < 0:
            template = gettext_noop(
                "the budget of %(delegation)s is %(budget)d s, so it can be lowered by %(budget)d s at most; found %(found)d s"
            )
            raise _invalid(template, field="value", delegation=delegation, budget=budget, found=delta)
        return replace(self, adjustments=(*self.adjustments, event))

    def _granted(self, event: ObserverRightGranted) -> SpeakersList:
        delegation = self._known(event.delegation)
        if delegation not in self.observers:
            template = gettext_noop("%(delegation)s is a member, not an observer: it may raise points of order already")
            raise _invalid(template, field="delegation", delegation=delegation)
        if delegation in self.granted:
            template = gettext_noop("%(delegation)s has already been granted the right to raise points of order")
            raise _refusal(ConflictError, template, delegation=delegation)
        return replace(self, granted=self.granted | {delegation})


def replay(events: Iterable[Event], *, item: int, budgets: Mapping[str, int], observers: Iterable[str] = ()) -> SpeakersList:
    """The list that ``events`` leave, from an empty one; raises at the first event refused."""
    state = SpeakersList.empty(item=item, budgets=budgets, observers=observers)
    for event in events:
        state = state.apply(event)
    return state
