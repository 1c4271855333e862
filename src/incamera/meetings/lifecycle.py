"""Meeting lifecycle: draft → preparing → in session → closed → archived (PRODUCT.md, "The
lifecycle").  Pure: the guard takes plain facts and returns the reasons a move is refused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["TRANSITIONS", "Readiness", "State", "refusals"]


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


@dataclass(frozen=True)
class Readiness:
    """What the guard needs to know about a meeting."""

    unticked_required: tuple[str, ...]
    agenda_items: int


def refusals(current: State, target: State, readiness: Readiness) -> list[str]:
    """Reasons why ``current → target`` is refused; an empty list means it is allowed."""
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(s.value for s in TRANSITIONS[current]) or "none"
        return [f"a meeting in state '{current.value}' cannot move to '{target.value}' (allowed: {allowed})"]
    reasons: list[str] = []
    if target is State.IN_SESSION:
        reasons.extend(f"readiness item not ticked: {label}" for label in readiness.unticked_required)
        if readiness.agenda_items == 0:
            reasons.append("the agenda is empty")
    return reasons
