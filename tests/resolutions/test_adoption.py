"""The rules of an adoption attempt (``resolutions/adoption.py``), without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.resolutions import adoption
from incamera.resolutions.adoption import Choice, Outcome

T0 = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_the_three_methods_and_nothing_else() -> None:
    assert adoption.check_method("consensus") is adoption.Method.CONSENSUS
    assert adoption.check_method("roll_call") is adoption.Method.ROLL_CALL
    assert adoption.check_method("secret_ballot") is adoption.Method.SECRET_BALLOT
    with pytest.raises(InvalidInputError) as info:
        adoption.check_method("acclamation")
    assert info.value.field == "adoption_method"


@pytest.mark.parametrize("minutes", [0, -5, adoption.MAX_SILENCE_MINUTES + 1, True, 1.5])
def test_a_silence_period_lasts_a_minute_to_a_week(minutes: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        adoption.silence_ends(T0, minutes)  # type: ignore[arg-type]
    assert info.value.field == "minutes"


def test_objections_are_made_during_the_silence_period_once() -> None:
    ends = adoption.silence_ends(T0, 30)
    assert ends == T0 + dt.timedelta(minutes=30)
    adoption.check_objection(T0, ends, delegation="Chile", objected=False)
    with pytest.raises(ConflictError, match="Chile has already objected"):
        adoption.check_objection(T0, ends, delegation="Chile", objected=True)
    with pytest.raises(TransitionError, match="can no longer be made"):
        adoption.check_objection(ends, ends, delegation="Chile", objected=False)


def test_the_chair_declares_after_the_silence_period() -> None:
    ends = adoption.silence_ends(T0, 30)
    with pytest.raises(TransitionError, match="runs until"):
        adoption.declare_consensus(ends - dt.timedelta(seconds=1), ends, objections=0)
    assert adoption.declare_consensus(ends, ends, objections=0) is Outcome.ADOPTED
    assert adoption.declare_consensus(ends, ends, objections=0, final=True) is Outcome.ADOPTED
    assert adoption.declare_consensus(ends, ends, objections=1) is Outcome.RETURNED
    assert adoption.declare_consensus(ends, ends, objections=2, final=True) is Outcome.NOT_ADOPTED


def test_a_vote_is_by_a_delegation_the_vote_was_opened_for_once() -> None:
    weights = {"Chile": 1.0, "Peru": 1.0}
    assert adoption.check_vote("Chile", "yes", weights=weights, voted=False) is Choice.YES
    with pytest.raises(ConflictError, match="already voted"):
        adoption.check_vote("Chile", "no", weights=weights, voted=True)
    with pytest.raises(TransitionError, match="not a member delegation when the vote opened"):
        adoption.check_vote("Bolivia", "yes", weights=weights, voted=False)
    with pytest.raises(InvalidInputError) as info:
        adoption.check_vote("Chile", "maybe", weights=weights, voted=False)
    assert info.value.field == "choice"


def test_the_yes_must_outweigh_the_no_and_abstentions_do_not_count() -> None:
    weights = {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0}
    result = adoption.tally({"a": Choice.YES, "b": Choice.ABSTAIN, "c": Choice.ABSTAIN}, weights)
    assert (result.yes, result.no, result.abstain, result.cast, result.eligible) == (1, 0, 2, 3, 4)
    assert result.adopted
    assert not adoption.tally({"a": Choice.YES, "b": Choice.NO}, weights).adopted  # a tie fails
    assert not adoption.tally({}, weights).adopted


def test_weights_can_turn_the_result() -> None:
    weights = {"big": 0.6, "small1": 0.2, "small2": 0.2}
    votes = {"big": Choice.NO, "small1": Choice.YES, "small2": Choice.YES}
    assert not adoption.tally(votes, weights).adopted
    assert adoption.tally(votes, dict.fromkeys(weights, 1.0)).adopted
    # 0.1 + 0.2 outweighs 0.3 by floating-point accident only: rounded, it is a tie.
    assert not adoption.tally({"x": Choice.YES, "y": Choice.YES, "z": Choice.NO}, {"x": 0.1, "y": 0.2, "z": 0.3}).adopted


def test_a_tally_refuses_votes_of_strangers() -> None:
    with pytest.raises(InvalidInputError) as info:
        adoption.tally({"x": Choice.YES}, {"a": 1.0})
    assert info.value.field == "delegation"


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.sampled_from(list(Choice)), max_size=12))
def test_an_unweighted_tally_counts_each_vote_once(votes: dict[str, Choice]) -> None:
    result = adoption.tally(votes, dict.fromkeys(votes, 1.0))
    assert result.cast == len(votes) == result.yes + result.no + result.abstain
    assert result.adopted == (sum(c is Choice.YES for c in votes.values()) > sum(c is Choice.NO for c in votes.values()))
