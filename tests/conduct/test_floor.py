import copy
import datetime as dt
import json
import random
from collections.abc import Callable, Iterator

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from incamera.conduct.floor import (
    ANOTHER_DELEGATION,
    BudgetAdjusted,
    EndReason,
    Event,
    FloorEnded,
    FloorGiven,
    FloorRequested,
    Kind,
    ObserverRightGranted,
    QueueReordered,
    RequestWithdrawn,
    SpeakersList,
    TimerPaused,
    TimerResumed,
    replay,
)
from incamera.conduct.speaking import speaking_budgets
from incamera.kernel.errors import ConflictError, Error, InvalidInputError, NotFoundError, TransitionError

T0 = dt.datetime(2025, 3, 4, 9, 0, tzinfo=dt.UTC)
BUDGETS = {"fr": 300, "ke": 200, "br": 100, "ch": 60}
CHAIR = "user:1"
POO, REPLY, SPEAK = Kind.POINT_OF_ORDER, Kind.REPLY, Kind.SPEAK


def t(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def fresh() -> SpeakersList:
    return SpeakersList.empty(item=7, budgets=BUDGETS, observers={"ch"})


def ask(delegation: str, kind: Kind = SPEAK, at: float = 0) -> FloorRequested:
    return FloorRequested(at=t(at), by=f"delegate:{delegation}", delegation=delegation, kind=kind)


def give(at: float, delegation: str | None = None, kind: Kind | None = None) -> FloorGiven:
    return FloorGiven(at=t(at), by=CHAIR, delegation=delegation, kind=kind)


def end(at: float, reason: EndReason = EndReason.DONE) -> FloorEnded:
    return FloorEnded(at=t(at), by=CHAIR, reason=reason)


def run(*events: Event, state: SpeakersList | None = None) -> SpeakersList:
    state = state or fresh()
    for event in events:
        state = state.apply(event)
    return state


def queue(state: SpeakersList) -> list[tuple[str, str]]:
    return [(r.delegation, r.kind.value) for r in state.queue]


# --- the queue ---------------------------------------------------------------------------------


def test_speakers_wait_in_the_order_they_asked() -> None:
    state = run(ask("ke"), ask("fr", at=1), ask("br", at=2))
    assert queue(state) == [("ke", "speak"), ("fr", "speak"), ("br", "speak")]


def test_points_of_order_go_first_then_replies_then_speakers_each_in_order_of_asking() -> None:
    state = run(ask("ke"), ask("fr", REPLY, 1), ask("br", POO, 2), ask("ke", REPLY, 3), ask("fr", POO, 4), ask("br", at=5))
    assert queue(state) == [
        ("br", "point_of_order"),
        ("fr", "point_of_order"),
        ("fr", "reply"),
        ("ke", "reply"),
        ("ke", "speak"),
        ("br", "speak"),
    ]


def test_asking_twice_for_the_same_kind_is_a_conflict_naming_the_delegation_and_kind() -> None:
    state = run(ask("fr", at=1), ask("fr", REPLY, 2))
    with pytest.raises(ConflictError) as info:
        state.apply(ask("fr", at=3))
    assert info.value.message == (
        "fr has already asked for the floor (speak) at 2025-03-04T09:00:01+00:00; it may withdraw that request, not ask twice"
    )
    with pytest.raises(ConflictError, match=r"fr has already asked for the floor \(reply\)"):
        state.apply(ask("fr", REPLY, 3))


def test_refusals_keep_their_template_for_translation() -> None:
    state = run(ask("fr"))
    with pytest.raises(ConflictError) as info:
        state.apply(ask("fr"))
    message = info.value.message
    assert message.template.startswith("%(delegation)s has already asked")  # type: ignore[attr-defined]
    assert message.template % message.params == message  # type: ignore[attr-defined]


def test_whoever_has_the_floor_cannot_wait_for_the_same_kind_of_turn_until_it_ends() -> None:
    state = run(ask("fr"), give(1))
    assert queue(state) == []  # the turn took the request off the list
    with pytest.raises(ConflictError, match=r"fr has the floor \(speak\) now; it can ask for it again once its turn ends"):
        state.apply(ask("fr", at=2))
    assert queue(state.apply(ask("fr", REPLY, 2))) == [("fr", "reply")]
    assert queue(run(end(3), ask("fr", at=4), state=state)) == [("fr", "speak")]


def test_a_reply_turn_leaves_the_delegations_request_to_speak_in_place() -> None:
    state = run(ask("fr"), ask("ke", at=1), ask("fr", REPLY, 2), give(3))
    assert state.current is not None
    assert (state.current.delegation, state.current.kind) == ("fr", REPLY)
    assert queue(state) == [("fr", "speak"), ("ke", "speak")]


def test_a_request_can_be_withdrawn_and_withdrawing_an_absent_one_is_not_found() -> None:
    state = run(ask("fr"), ask("ke", at=1), ask("fr", REPLY, 2))
    assert queue(state.apply(RequestWithdrawn(at=t(3), by="delegate:fr", delegation="fr", kind=SPEAK))) == [
        ("fr", "reply"),
        ("ke", "speak"),
    ]
    with pytest.raises(NotFoundError) as info:
        state.apply(RequestWithdrawn(at=t(3), by="delegate:fr", delegation="fr", kind=POO))
    assert info.value.message == "fr has no pending request of kind point_of_order to withdraw (its pending requests: reply, speak)"
    with pytest.raises(NotFoundError, match=r"its pending requests: none"):
        state.apply(RequestWithdrawn(at=t(3), by="delegate:br", delegation="br", kind=SPEAK))


def test_the_chair_reorders_only_the_speakers_and_the_urgent_requests_stay_ahead() -> None:
    state = run(ask("fr"), ask("ke", at=1), ask("br", at=2), ask("ke", POO, 3))
    reordered = state.apply(QueueReordered(at=t(4), by=CHAIR, order=("br", "fr", "ke")))
    assert queue(reordered) == [("ke", "point_of_order"), ("br", "speak"), ("fr", "speak"), ("ke", "speak")]
    assert queue(reordered.apply(ask("ch", at=5))) == [
        ("ke", "point_of_order"),
        ("br", "speak"),
        ("fr", "speak"),
        ("ke", "speak"),
        ("ch", "speak"),
    ]


@pytest.mark.parametrize(
    ("order", "found"),
    [
        (("br", "fr"), "br, fr"),  # one missing
        (("br", "fr", "ke", "ch"), "br, fr, ke, ch"),  # one not waiting
        (("br", "fr", "fr"), "br, fr, fr"),  # one twice, one missing
        ((), "none"),
    ],
)
def test_a_new_order_that_is_not_a_permutation_of_the_speakers_is_refused(order: tuple[str, ...], found: str) -> None:
    state = run(ask("fr"), ask("ke", at=1), ask("br", at=2), ask("ch", REPLY, 3))
    with pytest.raises(InvalidInputError) as info:
        state.apply(QueueReordered(at=t(4), by=CHAIR, order=order))
    assert info.value.field == "delegations"
    assert info.value.message == (
        f"the new order must name each delegation waiting to speak exactly once (waiting: fr, ke, br); found {found}"
    )


# --- giving and ending the floor ---------------------------------------------------------------


def test_the_floor_goes_to_the_head_of_the_list() -> None:
    state = run(ask("fr"), ask("ke", POO, 1), give(2))
    assert state.current is not None
    assert (state.current.delegation, state.current.kind, state.current.started_at, state.current.given_by) == ("ke", POO, t(2), CHAIR)
    assert queue(state) == [("fr", "speak")]


def test_giving_the_floor_on_an_empty_list_is_refused() -> None:
    with pytest.raises(TransitionError, match=r"^the list is empty: name a delegation to give it the floor$"):
        fresh().apply(give(0))
    with pytest.raises(InvalidInputError, match=r"a kind of turn \(found reply\) needs a delegation"):
        run(ask("fr")).apply(give(1, kind=REPLY))


def test_the_chair_may_name_whom_to_give_the_floor_and_for_what() -> None:
    state = run(ask("fr"), ask("ke", at=1), ask("ke", REPLY, 2))
    most_urgent = state.apply(give(3, "ke"))
    assert most_urgent.current is not None
    assert most_urgent.current.kind is REPLY
    assert queue(most_urgent) == [("fr", "speak"), ("ke", "speak")]
    named_kind = state.apply(give(3, "ke", SPEAK))
    assert queue(named_kind) == [("ke", "reply"), ("fr", "speak")]
    unasked = state.apply(give(3, "br"))  # the chair may call anyone: a turn to speak
    assert unasked.current is not None
    assert (unasked.current.delegation, unasked.current.kind) == ("br", SPEAK)
    assert queue(unasked) == queue(state)


def test_giving_the_floor_ends_the_previous_turn_on_the_record() -> None:
    state = run(ask("fr"), ask("ke", at=1), give(10), give(40))
    assert state.current is not None
    assert state.current.delegation == "ke"
    [turn] = state.turns
    assert (turn.delegation, turn.started_at, turn.ended_at, turn.ended_by, turn.reason) == (
        "fr",
        t(10),
        t(40),
        CHAIR,
        EndReason.SUPERSEDED,
    )
    assert state.used[("fr", SPEAK)] == dt.timedelta(seconds=30)


def test_the_floor_cannot_be_given_to_whoever_already_has_it_for_the_same_kind() -> None:
    state = run(give(0, "fr"))
    with pytest.raises(ConflictError, match=r"^fr already has the floor \(speak\), since 2025-03-04T09:00:00\+00:00$"):
        state.apply(give(5, "fr"))
    assert run(give(5, "fr", REPLY), state=state).turns[0].reason is EndReason.SUPERSEDED


def test_a_turn_ends_done_or_withdrawn_and_its_time_is_used() -> None:
    done = run(ask("fr"), give(0), end(42))
    assert done.current is None
    assert done.turns[0].reason is EndReason.DONE
    assert done.used_exactly("fr") == dt.timedelta(seconds=42)
    withdrawn = run(ask("fr"), give(0), end(42, EndReason.WITHDRAWN))
    assert withdrawn.turns[0].reason is EndReason.WITHDRAWN
    assert withdrawn.turns[0].ended_by == CHAIR


def test_ending_when_nobody_speaks_or_as_superseded_is_refused() -> None:
    with pytest.raises(TransitionError, match=r"^nobody has the floor, so there is no turn to end$"):
        fresh().apply(end(0))
    state = run(give(0, "fr"))
    for reason in ["superseded", "finished"]:
        with pytest.raises(InvalidInputError) as info:
            state.apply(FloorEnded(at=t(1), by=CHAIR, reason=reason))  # type: ignore[arg-type]
        assert info.value.message == f"a turn ends as one of done, withdrawn; found '{reason}'"
    assert state.apply(FloorEnded(at=t(1), by=CHAIR, reason="done")).turns[0].reason is EndReason.DONE  # type: ignore[arg-type]


# --- the timer ---------------------------------------------------------------------------------


def test_remaining_time_is_budget_less_used_less_elapsed() -> None:
    state = run(give(0, "fr"), end(100), give(200, "fr"))
    assert state.remaining_s(t(200)) == 200
    assert state.remaining_s(t(250.9)) == 150  # 150.9 s used in all: whole seconds, rounded down
    assert state.remaining_s(t(250), delegation="ke") == 200
    assert state.remaining_s(t(100), delegation="fr") == 200  # a now before the turn began counts no time


def test_an_overrun_is_reported_not_blocked() -> None:
    state = run(give(0, "br"))
    assert state.remaining_s(t(130)) == -30
    [_, _, row, _] = state.apply(end(130)).statistics()
    assert (row.delegation, row.used_s, row.remaining_s, row.overrun_s) == ("br", 130, -30, 30)


def test_pauses_stop_the_clock() -> None:
    state = run(give(0, "fr"), TimerPaused(at=t(10), by=CHAIR))
    assert state.remaining_s(t(500)) == 290
    state = state.apply(TimerResumed(at=t(70), by=CHAIR))
    assert state.remaining_s(t(80)) == 280
    paused_again = run(TimerPaused(at=t(90), by=CHAIR), end(200), state=state)
    assert paused_again.used_exactly("fr") == dt.timedelta(seconds=30)  # 10 + 20: ended while paused


def test_pause_and_resume_need_a_speaker_and_alternate() -> None:
    with pytest.raises(TransitionError, match=r"^nobody has the floor, so there is no timer to pause$"):
        fresh().apply(TimerPaused(at=t(0), by=CHAIR))
    with pytest.raises(TransitionError, match=r"^nobody has the floor, so there is no timer to resume$"):
        fresh().apply(TimerResumed(at=t(0), by=CHAIR))
    state = run(give(0, "fr"))
    with pytest.raises(TransitionError, match=r"^the timer of fr is running, not paused$"):
        state.apply(TimerResumed(at=t(1), by=CHAIR))
    paused = state.apply(TimerPaused(at=t(1), by=CHAIR))
    with pytest.raises(TransitionError, match=r"^the timer of fr is already paused, since 2025-03-04T09:00:01\+00:00$"):
        paused.apply(TimerPaused(at=t(2), by=CHAIR))
    with pytest.raises(TransitionError, match="no time is running"):
        fresh().remaining_s(t(0))


def test_points_of_order_and_replies_are_counted_apart_from_the_budget() -> None:
    state = run(ask("fr"), ask("fr", POO, 1), ask("fr", REPLY, 2), give(10), give(15), give(45), end(145))
    assert [(turn.kind, turn.elapsed(t(999))) for turn in state.turns] == [
        (POO, dt.timedelta(seconds=5)),
        (REPLY, dt.timedelta(seconds=30)),
        (SPEAK, dt.timedelta(seconds=100)),
    ]
    [row, *_] = state.statistics()
    assert row.turns == {POO: 1, REPLY: 1, SPEAK: 1}
    assert row.seconds == {POO: 5, REPLY: 30, SPEAK: 100}
    assert (row.budget_s, row.used_s, row.remaining_s, row.overrun_s) == (300, 100, 200, 0)
    assert run(ask("fr", POO, 200), give(200), state=state).remaining_s(t(260)) == 200  # not charged while it runs either


# --- budgets -----------------------------------------------------------------------------------


def test_adjustments_change_the_budget_and_are_kept_with_who_why_and_when() -> None:
    first = BudgetAdjusted(at=t(5), by=CHAIR, delegation="ke", delta_s=60, reason="ceded by fr")
    second = BudgetAdjusted(at=t(6), by="user:2", delegation="ke", delta_s=-20, reason="late start")
    state = run(first, second)
    assert state.budget_s("ke") == 240
    assert state.adjustments == (first, second)
    assert state.statistics()[1].budget_s == 240


@pytest.mark.parametrize(
    ("delta", "reason", "field", "message"),
    [
        (0, "why", "value", "an adjustment must be a whole number of seconds other than 0; found 0"),
        (1.5, "why", "value", "an adjustment must be a whole number of seconds other than 0; found 1.5"),
        (True, "why", "value", "an adjustment must be a whole number of seconds other than 0; found True"),
        (10, "  ", "text", "an adjustment needs a reason, which the record keeps; found '  '"),
        (-101, "why", "value", "the budget of br is 100 s, so it can be lowered by 100 s at most; found -101 s"),
    ],
)
def test_bad_adjustments_are_refused_precisely(delta: int, reason: str, field: str, message: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        fresh().apply(BudgetAdjusted(at=t(0), by=CHAIR, delegation="br", delta_s=delta, reason=reason))
    assert (info.value.field, info.value.message) == (field, message)
    assert fresh().apply(BudgetAdjusted(at=t(0), by=CHAIR, delegation="br", delta_s=-100, reason="why")).budget_s("br") == 0


def test_budgets_from_the_speaking_shares_are_taken_as_they_are() -> None:
    shares = speaking_budgets({"fr": 3, "ke": 1}, session_seconds=600, floor_seconds=100)
    state = SpeakersList.empty(item=1, budgets=shares.seconds)
    assert [(row.delegation, row.budget_s) for row in state.statistics()] == [("fr", 400), ("ke", 200)]


def test_bad_budgets_and_observers_are_refused() -> None:
    with pytest.raises(InvalidInputError, match=r"^the budget of ke is -1; budgets must be whole seconds, 0 or more$"):
        SpeakersList.empty(item=1, budgets={"fr": 10, "ke": -1})
    with pytest.raises(InvalidInputError, match=r"the budget of ke is 1.5"):
        SpeakersList.empty(item=1, budgets={"ke": 1.5})  # type: ignore[dict-item]
    with pytest.raises(InvalidInputError) as info:
        SpeakersList.empty(item=1, budgets={"fr": 10}, observers={"zz"})
    assert (info.value.field, info.value.message) == ("delegations", "every observer must be a delegation of the session (fr); found zz")


# --- observers ---------------------------------------------------------------------------------


def test_an_observer_raises_points_of_order_only_once_granted_the_right() -> None:
    state = fresh()
    with pytest.raises(TransitionError) as info:
        state.apply(ask("ch", POO))
    assert info.value.message == "ch is an observer and has not been given the right to raise points of order; the chair can grant it"
    with pytest.raises(TransitionError, match="ch is an observer"):
        state.apply(give(0, "ch", POO))  # nor can the chair give it the floor for one
    assert queue(run(ask("ch"), ask("ch", REPLY))) == [("ch", "reply"), ("ch", "speak")]  # it may be given the floor
    granted = state.apply(ObserverRightGranted(at=t(0), by=CHAIR, delegation="ch"))
    assert queue(granted.apply(ask("ch", POO, 1))) == [("ch", "point_of_order")]


def test_the_right_is_granted_once_and_to_observers_only() -> None:
    with pytest.raises(InvalidInputError, match=r"^fr is a member, not an observer: it may raise points of order already$"):
        fresh().apply(ObserverRightGranted(at=t(0), by=CHAIR, delegation="fr"))
    with pytest.raises(ConflictError, match=r"^ch has already been granted the right to raise points of order$"):
        run(ObserverRightGranted(at=t(0), by=CHAIR, delegation="ch"), ObserverRightGranted(at=t(1), by=CHAIR, delegation="ch"))


# --- bad input ---------------------------------------------------------------------------------


def test_unknown_delegations_and_kinds_are_refused() -> None:
    with pytest.raises(InvalidInputError) as info:
        fresh().apply(ask("xx"))
    assert (info.value.field, info.value.message) == (
        "delegation",
        "'xx' is not a delegation of this session (delegations: fr, ke, br, ch)",
    )
    with pytest.raises(InvalidInputError) as info:
        fresh().apply(FloorRequested(at=t(0), by="x", delegation="fr", kind="speech"))  # type: ignore[arg-type]
    assert (info.value.field, info.value.message) == (
        "kind",
        "the kind of request must be one of point_of_order, reply, speak; found 'speech'",
    )
    assert queue(fresh().apply(FloorRequested(at=t(0), by="x", delegation="fr", kind="reply"))) == [("fr", "reply")]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("at", "found"),
    [
        (dt.datetime(2025, 3, 4, 9, 0), "datetime.datetime(2025, 3, 4, 9, 0)"),  # noqa: DTZ001
        (dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))), "datetime.datetime(2025, 3, 4, 10, 0, tzinfo="),
        ("2025-03-04T09:00:00Z", "'2025-03-04T09:00:00Z'"),
    ],
)
def test_times_must_be_aware_and_in_utc(at: object, found: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        fresh().apply(FloorRequested(at=at, by="x", delegation="fr"))  # type: ignore[arg-type]
    assert info.value.field == "timestamp"
    assert info.value.message.startswith(f"an event's time must be an aware date and time in UTC; found {found}")
    with pytest.raises(InvalidInputError, match=r"^now must be an aware date and time in UTC"):
        fresh().snapshot(at, viewer=None, anonymise=False)  # type: ignore[arg-type]


def test_events_come_in_order_of_time() -> None:
    state = run(ask("fr", at=10))
    assert queue(state.apply(ask("ke", at=10))) == [("fr", "speak"), ("ke", "speak")]  # the same moment is fine
    with pytest.raises(InvalidInputError) as info:
        state.apply(ask("ke", at=9))
    assert info.value.message == (
        "events must come in order of time: this one is at 2025-03-04T09:00:09+00:00, before the last one at 2025-03-04T09:00:10+00:00"
    )


def test_a_refused_event_changes_nothing() -> None:
    state = run(ask("fr"), ask("ke", at=1), give(2), TimerPaused(at=t(3), by=CHAIR))
    before = copy.deepcopy(state)
    refused: list[Event] = [
        ask("ke", at=4),
        TimerPaused(at=t(4), by=CHAIR),
        give(4, "ch", POO),
        QueueReordered(at=t(4), by=CHAIR, order=("fr",)),
    ]
    for event in refused:
        with pytest.raises(Error):
            state.apply(event)
    assert state == before
    assert state.apply(ask("br", at=4)) != before


# --- replay and the view -----------------------------------------------------------------------


def test_replay_equals_applying_one_event_after_another() -> None:
    events: list[Event] = [
        ask("fr"),
        ask("ke", at=1),
        ask("br", REPLY, 2),
        give(3),
        BudgetAdjusted(at=t(4), by=CHAIR, delegation="fr", delta_s=30, reason="ceded by ke"),
        give(20),
        TimerPaused(at=t(30), by=CHAIR),
        TimerResumed(at=t(40), by=CHAIR),
        end(90),
    ]
    step_by_step = run(*events)
    assert replay(events, item=7, budgets=BUDGETS, observers={"ch"}) == step_by_step
    assert [(turn.delegation, turn.kind, turn.elapsed(t(999))) for turn in step_by_step.turns] == [
        ("br", REPLY, dt.timedelta(seconds=17)),
        ("fr", SPEAK, dt.timedelta(seconds=60)),
    ]
    with pytest.raises(ConflictError):
        replay([*events, ask("ke", at=91)], item=7, budgets=BUDGETS)


def test_the_snapshot_has_the_api_shape() -> None:
    state = run(ask("fr"), ask("ke", at=1), ask("br", POO, 2), give(3), give(10), end(70), give(100, "ke"))
    assert state.snapshot(t(130), viewer="fr", anonymise=False) == {
        "item": 7,
        "current": {"delegation": "ke", "started_at": "2025-03-04T09:01:40+00:00", "remaining_s": 170, "kind": "speak", "paused": False},
        "queue": [],
        "budgets": [
            {"delegation": "fr", "budget_s": 300, "used_s": 60},
            {"delegation": "ke", "budget_s": 200, "used_s": 30},  # the running turn counts
            {"delegation": "br", "budget_s": 100, "used_s": 0},  # a point of order does not
            {"delegation": "ch", "budget_s": 60, "used_s": 0},
        ],
    }
    assert fresh().snapshot(t(0), viewer=None, anonymise=False) == {
        "item": 7,
        "current": None,
        "queue": [],
        "budgets": [{"delegation": d, "budget_s": b, "used_s": 0} for d, b in BUDGETS.items()],
    }


def test_the_anonymised_snapshot_names_only_the_viewer_and_lists_the_others_by_size() -> None:
    state = run(ask("ke"), ask("fr", REPLY, 1), give(2, "br"))
    snapshot = state.snapshot(t(12), viewer="fr", anonymise=True)
    assert snapshot == {
        "item": 7,
        "current": {
            "delegation": ANOTHER_DELEGATION,
            "started_at": "2025-03-04T09:00:02+00:00",
            "remaining_s": 90,
            "kind": "speak",
            "paused": False,
        },
        "queue": [{"delegation": "fr", "kind": "reply"}, {"delegation": "another delegation", "kind": "speak"}],
        "budgets": [
            {"delegation": "fr", "budget_s": 300, "used_s": 0},
            {"delegation": "another delegation", "budget_s": 200, "used_s": 0},
            {"delegation": "another delegation", "budget_s": 100, "used_s": 10},
            {"delegation": "another delegation", "budget_s": 60, "used_s": 0},
        ],
    }
    everyone_hidden = state.snapshot(t(12), viewer=None, anonymise=True)
    assert {row["delegation"] for row in everyone_hidden["budgets"]} == {ANOTHER_DELEGATION}


# --- properties --------------------------------------------------------------------------------

DELEGATIONS = ["fr", "ke", "br", "ch"]
kinds = st.sampled_from(list(Kind))
delegations = st.sampled_from(DELEGATIONS)
# up to two minutes between events, to the microsecond
gaps = st.integers(0, 120_000_000).map(lambda us: dt.timedelta(microseconds=us))
REFUSALS = (InvalidInputError, ConflictError, TransitionError, NotFoundError)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _check_invariants(state: SpeakersList, now: dt.datetime) -> None:
    assert all(used >= dt.timedelta(0) for used in state.used.values())
    pending = [(r.delegation, r.kind) for r in state.queue]
    assert len(pending) == len(set(pending))
    urgency = [list(Kind).index(kind) for _, kind in pending]
    assert urgency == sorted(urgency)  # points of order, then replies, then speakers
    if state.current is not None:
        assert (state.current.delegation, state.current.kind) not in pending
    closed = sum((turn.elapsed(now) for turn in state.turns), dt.timedelta(0))
    assert sum(state.used.values(), dt.timedelta(0)) == closed
    for row in state.statistics():
        assert row.remaining_s == row.budget_s - row.used_s
        assert row.overrun_s == max(0, -row.remaining_s)
        assert row.budget_s >= 0
    for viewer in [None, *DELEGATIONS]:
        json.dumps(state.snapshot(now, viewer=viewer, anonymise=False))
        hidden = state.snapshot(now, viewer=viewer, anonymise=True)
        json.dumps(hidden)
        assert set(_strings(hidden)) & (set(DELEGATIONS) - {viewer}) == set()


class RandomSession(RuleBasedStateMachine):
    """A session driven at random: the preconditions keep most events valid, and the refused ones
    (asking twice, a point of order from the observer, ...) are dropped from the history."""

    def __init__(self) -> None:
        super().__init__()
        self.state = SpeakersList.empty(item=3, budgets=BUDGETS, observers={"ch"})
        self.events: list[Event] = []
        self.now = T0

    def _apply(self, gap: dt.timedelta, make: Callable[[dt.datetime], Event]) -> None:
        self.now += gap
        event = make(self.now)
        try:
            self.state = self.state.apply(event)
        except REFUSALS:
            return
        self.events.append(event)

    @rule(delegation=delegations, kind=kinds, gap=gaps)
    def ask(self, delegation: str, kind: Kind, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: FloorRequested(at=at, by=delegation, delegation=delegation, kind=kind))

    @precondition(lambda self: bool(self.state.queue))
    @rule(data=st.data(), gap=gaps)
    def withdraw(self, data: st.DataObject, gap: dt.timedelta) -> None:
        request = data.draw(st.sampled_from(self.state.queue))
        self._apply(gap, lambda at: RequestWithdrawn(at=at, by=request.delegation, delegation=request.delegation, kind=request.kind))

    @rule(shuffler=st.randoms(use_true_random=False), gap=gaps)
    def reorder(self, shuffler: random.Random, gap: dt.timedelta) -> None:
        order = [r.delegation for r in self.state.queue if r.kind is SPEAK]
        shuffler.shuffle(order)
        self._apply(gap, lambda at: QueueReordered(at=at, by=CHAIR, order=tuple(order)))

    @rule(delegation=st.none() | delegations, kind=st.none() | kinds, gap=gaps)
    def give(self, delegation: str | None, kind: Kind | None, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: FloorGiven(at=at, by=CHAIR, delegation=delegation, kind=None if delegation is None else kind))

    @precondition(lambda self: self.state.current is not None)
    @rule(reason=st.sampled_from([EndReason.DONE, EndReason.WITHDRAWN]), gap=gaps)
    def end(self, reason: EndReason, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: FloorEnded(at=at, by=CHAIR, reason=reason))

    @precondition(lambda self: self.state.current is not None and self.state.current.paused_at is None)
    @rule(gap=gaps)
    def pause(self, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: TimerPaused(at=at, by=CHAIR))

    @precondition(lambda self: self.state.current is not None and self.state.current.paused_at is not None)
    @rule(gap=gaps)
    def resume(self, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: TimerResumed(at=at, by=CHAIR))

    @rule(delegation=delegations, delta=st.integers(-120, 120), reason=st.sampled_from(["ceded", ""]), gap=gaps)
    def adjust(self, delegation: str, delta: int, reason: str, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: BudgetAdjusted(at=at, by=CHAIR, delegation=delegation, delta_s=delta, reason=reason))

    @rule(gap=gaps)
    def grant(self, gap: dt.timedelta) -> None:
        self._apply(gap, lambda at: ObserverRightGranted(at=at, by=CHAIR, delegation="ch"))

    @invariant()
    def keeps_the_invariants(self) -> None:
        _check_invariants(self.state, self.now + dt.timedelta(seconds=30))

    @invariant()
    def replays_to_the_same_state(self) -> None:
        assert replay(self.events, item=3, budgets=BUDGETS, observers={"ch"}) == self.state


TestRandomSession = RandomSession.TestCase
TestRandomSession.settings = settings(max_examples=150, stateful_step_count=40, deadline=None)
