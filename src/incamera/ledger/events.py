"""Recording events.  Actions call ``record_event`` inside their transaction; the transparency log
consumes the rows (issue 3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from incamera.kernel.clock import Clock, system_clock
from incamera.ledger.models import Event

if TYPE_CHECKING:
    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["record_event"]


def record_event(
    type_: str,
    *,
    actor: User | None,
    meeting: Meeting | None = None,
    payload: dict[str, Any] | None = None,
    clock: Clock = system_clock,
) -> Event:
    """Write one event row.  Must run inside the caller's atomic block, so that the event and the
    change it records commit together or not at all.
    """
    if not transaction.get_connection().in_atomic_block:
        msg = f"record_event({type_!r}) called outside a transaction"
        raise RuntimeError(msg)
    event = Event.objects.create(type=type_, actor=actor, meeting=meeting, at=clock.now(), payload=payload or {})
    from incamera.ledger.log import append_event

    append_event(event)
    return event
