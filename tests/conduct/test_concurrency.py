"""Concurrent acts on one speakers list (issue 12): the item's row lock serialises them, each
replays what the one before it stored, and a request made twice at the same moment is stored once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from incamera.conduct.actions import do_floor_event, speakers_list
from incamera.conduct.floor import FloorGiven, FloorRequested
from incamera.conduct.models import FloorEventRecord
from incamera.kernel.clock import system_clock
from incamera.kernel.errors import ConflictError
from tests.conftest import Cast

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

DELEGATE, OBSERVER, FOCAL = "Delegate Delegation", "Observer Delegation", "Focal_Point Delegation"


def _at_once(acts: list[Callable[[], object]]) -> list[BaseException | None]:
    """Run each act in a thread of its own (its own connection), released together; the outcome
    of each: None, or what it raised."""
    start = threading.Barrier(len(acts))
    outcomes: list[BaseException | None] = [None] * len(acts)

    def run(index: int) -> None:
        try:
            start.wait(10)
            acts[index]()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(acts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def test_a_request_made_four_times_at_once_is_stored_once(cast: Cast) -> None:
    item = cast.meeting.agenda.get()

    def ask() -> object:
        return do_floor_event(cast.meeting, item, FloorRequested(at=system_clock.now(), by="", delegation=DELEGATE), by=cast.delegate)

    outcomes = _at_once([ask] * 4)
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(isinstance(outcome, ConflictError) for outcome in outcomes if outcome is not None), outcomes
    assert FloorEventRecord.objects.filter(agenda_item=item).count() == 1


def test_requests_and_the_chairs_act_at_once_all_land_in_one_consistent_list(cast: Cast) -> None:
    item = cast.meeting.agenda.get()
    do_floor_event(cast.meeting, item, FloorRequested(at=system_clock.now(), by="", delegation=FOCAL), by=cast.focal_point)

    def ask(delegation: str) -> Callable[[], object]:
        user = cast.delegate if delegation == DELEGATE else cast.observer
        return lambda: do_floor_event(cast.meeting, item, FloorRequested(at=system_clock.now(), by="", delegation=delegation), by=user)

    def give() -> object:
        return do_floor_event(cast.meeting, item, FloorGiven(at=system_clock.now(), by=""), by=cast.organizer)

    assert _at_once([ask(DELEGATE), ask(OBSERVER), give]) == [None, None, None]
    state = speakers_list(cast.meeting, item)  # the stored events replay without a refusal
    assert state.current is not None
    assert state.current.delegation == FOCAL  # the head of the queue when the chair acted
    assert {r.delegation for r in state.queue} == {DELEGATE, OBSERVER}
    times = list(FloorEventRecord.objects.filter(agenda_item=item).values_list("at", flat=True))
    assert times == sorted(times)  # recorded in the order they were applied
