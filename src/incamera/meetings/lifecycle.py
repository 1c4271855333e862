"""Meeting lifecycle: draft → preparing → in session → closed → archived (PRODUCT.md, "The
lifecycle").  Pure: the guard takes plain facts and returns the reasons a move is refused.

Each reason is a Refusal: English text (it is a ``str``) that also keeps its message template and
values, so that the web layer can show it translated (``meetings/actions.py``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from incamera.kernel.messages import Notice, gettext_noop

__all__ = ["FROZEN", "TRANSITIONS", "Readiness", "Refusal", "State", "refusals"]


class State(enum.StrEnum):
    DRAFT = "draft"
    PREPARING = "preparing"
    IN_SESSION = "in_session"
    CLOSED = "closed"
    ARCHIVED = "archived"


TRANSITIONS: dict[State, tuple[State, ...]] = {
    State.DRAFT: (State.PREPARING,),
    State.PREPARING: (State.DRAFT, State.IN_SESSION),
    State.IN_SESSION: (State.CLOSED,),
    State.CLOSED: (State.ARCHIVED,),
    State.ARCHIVED: (),
}


# Once closed, a meeting's record is frozen: its content (details, agenda, checklist, NDA,
# materials, participants, invitations) no longer changes; only what the record and the
# disclosure schedule allow may happen.
FROZEN: frozenset[State] = frozenset({State.CLOSED, State.ARCHIVED})


@dataclass(frozen=True)
class Readiness:
    """What the guard needs to know about a meeting."""

    unticked_required: tuple[str, ...]
    agenda_items: int


class Refusal(Notice):
    """A reason a move is refused: a Notice (English text keeping ``template`` and ``params``)."""

    __slots__ = ()


def refusals(current: State, target: State, readiness: Readiness) -> list[Refusal]:
    """Reasons why ``current → target`` is refused; an empty list means it is allowed."""
    if target not in TRANSITIONS[current]:
        if not TRANSITIONS[current]:
            template = gettext_noop("a meeting in state '%(current)s' cannot move to '%(target)s' (allowed: none)")
            return [Refusal(template, current=current.value, target=target.value)]
        allowed = ", ".join(s.value for s in TRANSITIONS[current])
        template = gettext_noop("a meeting in state '%(current)s' cannot move to '%(target)s' (allowed: %(allowed)s)")
        return [Refusal(template, current=current.value, target=target.value, allowed=allowed)]
    reasons: list[Refusal] = []
    if target is State.IN_SESSION:
        reasons.extend(Refusal(gettext_noop("readiness item not ticked: %(label)s"), label=label) for label in readiness.unticked_required)
        if readiness.agenda_items == 0:
            reasons.append(Refusal(gettext_noop("the agenda is empty")))
    return reasons
