import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.conduct.speaking import speaking_budgets
from incamera.kernel.errors import InvalidInputError


def test_the_floor_comes_first_and_the_rest_follows_the_weights() -> None:
    budgets = speaking_budgets({"fr": 3, "ke": 1, "br": 1}, session_seconds=100, floor_seconds=10)
    assert budgets.seconds == {"fr": 52, "ke": 24, "br": 24}
    assert budgets.notice is None


def test_leftover_seconds_go_to_the_largest_remainders() -> None:
    # quotas 5.5, 3.3, 2.2: ten whole seconds, and the eleventh goes to the largest remainder
    assert speaking_budgets({"a": 5, "b": 3, "c": 2}, session_seconds=11, floor_seconds=0).seconds == {"a": 6, "b": 3, "c": 2}
    # weights need not sum to 1: only their ratios count
    assert speaking_budgets({"a": 0.5, "b": 0.3, "c": 0.2}, session_seconds=11, floor_seconds=0).seconds == {"a": 6, "b": 3, "c": 2}


def test_ties_go_to_the_smaller_id_whatever_the_input_order() -> None:
    first = speaking_budgets({"b": 1, "a": 1, "c": 1}, session_seconds=100, floor_seconds=0)
    second = speaking_budgets({"c": 1, "a": 1, "b": 1}, session_seconds=100, floor_seconds=0)
    assert first.seconds == second.seconds == {"a": 34, "b": 33, "c": 33}
    assert list(first.seconds) == ["b", "a", "c"]  # the caller's order is kept


def test_all_zero_weights_share_equally_and_say_so() -> None:
    budgets = speaking_budgets({"a": 0, "b": 0.0}, session_seconds=130, floor_seconds=30)
    assert budgets.seconds == {"a": 65, "b": 65}
    assert budgets.notice == "every weight is 0, so the 70 s above the floor are shared equally"
    assert budgets.notice is not None
    assert budgets.notice.template % budgets.notice.params == budgets.notice


def test_a_zero_weight_gets_exactly_the_floor() -> None:
    assert speaking_budgets({"a": 2, "b": 0}, session_seconds=600, floor_seconds=60).seconds == {"a": 540, "b": 60}


def test_a_floor_the_session_cannot_give_everyone_names_the_largest_that_fits() -> None:
    with pytest.raises(InvalidInputError) as info:
        speaking_budgets({"a": 1, "b": 1, "c": 1}, session_seconds=100, floor_seconds=40)
    assert info.value.message == (
        "a floor of 40 s for 3 participants needs 120 s, but the session lasts 100 s; the largest floor possible is 33 s"
    )
    assert info.value.field == "floor_seconds"
    assert speaking_budgets({"a": 1, "b": 5, "c": 1}, session_seconds=99, floor_seconds=33).seconds == {"a": 33, "b": 33, "c": 33}


@pytest.mark.parametrize(
    ("weights", "session", "floor", "field", "fragment"),
    [
        ({}, 100, 0, "participants", "no participants"),
        ({"a": 1, "b": -1}, 100, 0, "weights", "the weight of b is -1"),
        ({"a": float("nan")}, 100, 0, "weights", "the weight of a is nan"),
        ({"a": float("inf")}, 100, 0, "weights", "the weight of a is inf"),
        ({"a": True}, 100, 0, "weights", "the weight of a is True"),
        ({"a": 1}, -5, 0, "session_seconds", "found -5"),
        ({"a": 1}, 100, -1, "floor_seconds", "found -1"),
        ({"a": 1}, 100.5, 0, "session_seconds", "found 100.5"),
    ],
)
def test_bad_input_is_refused_precisely(weights: dict[str, float], session: int, floor: int, field: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        speaking_budgets(weights, session_seconds=session, floor_seconds=floor)
    assert info.value.field == field
    assert fragment in info.value.message


def test_joining_and_leaving_move_the_others_by_their_proportional_share() -> None:
    four = {"a": 1.0, "b": 1.0, "c": 2.0, "d": 4.0}
    before = speaking_budgets(four, session_seconds=880, floor_seconds=20).seconds
    assert before == {"a": 120, "b": 120, "c": 220, "d": 420}  # a floor of 20, and 800 s shared as 1 : 1 : 2 : 4
    after = speaking_budgets({**four, "e": 2.0}, session_seconds=880, floor_seconds=20).seconds
    # e takes a floor (780 s are left to share) and 2/10 of the weight: each share above the floor
    # keeps 780/800 × 8/10 = 78 % of its size
    assert after == {"a": 98, "b": 98, "c": 176, "d": 332, "e": 176}
    # d leaves the five: 800 s are shared again, now as 1 : 1 : 2 : 2, and the two spare seconds go
    # to the largest remainders (c and e, at 2/3 of a second each)
    without_d = {name: weight for name, weight in {**four, "e": 2.0}.items() if name != "d"}
    assert speaking_budgets(without_d, session_seconds=880, floor_seconds=20).seconds == {"a": 153, "b": 153, "c": 287, "e": 287}


weights = st.dictionaries(
    st.text("abcdefgh", min_size=1, max_size=3),
    st.one_of(st.integers(0, 100), st.floats(0, 1e6, allow_nan=False)),
    min_size=1,
    max_size=12,
)


def exact_quota(weights: dict[str, float], participant: str, *, shared: int) -> Fraction:
    total = sum((Fraction(w) for w in weights.values()), Fraction(0))
    return Fraction(shared, len(weights)) if total == 0 else shared * Fraction(weights[participant]) / total


@given(weights=weights, session=st.integers(0, 20_000), floor=st.integers(0, 600))
def test_budgets_sum_exactly_respect_the_floor_and_stay_within_a_second_of_the_quota(
    weights: dict[str, float], session: int, floor: int
) -> None:
    if floor * len(weights) > session:
        with pytest.raises(InvalidInputError, match=f"the largest floor possible is {session // len(weights)} s"):
            speaking_budgets(weights, session_seconds=session, floor_seconds=floor)
        return
    budgets = speaking_budgets(weights, session_seconds=session, floor_seconds=floor).seconds
    assert list(budgets) == list(weights)
    assert sum(budgets.values()) == session
    shared = session - floor * len(weights)
    for participant, seconds in budgets.items():
        assert seconds >= floor
        quota = exact_quota(weights, participant, shared=shared)
        assert math.floor(quota) <= seconds - floor <= math.ceil(quota)


@given(weights=weights, newcomer=st.integers(0, 100), session=st.integers(0, 20_000), floor=st.integers(0, 60))
def test_a_newcomer_changes_each_other_budget_by_the_change_of_its_quota(
    weights: dict[str, float], newcomer: int, session: int, floor: int
) -> None:
    grown = {**weights, "newcomer": newcomer}
    if floor * len(grown) > session:
        return
    before = speaking_budgets(weights, session_seconds=session, floor_seconds=floor).seconds
    after = speaking_budgets(grown, session_seconds=session, floor_seconds=floor).seconds
    for participant in weights:
        expected = exact_quota(grown, participant, shared=session - floor * len(grown)) - exact_quota(
            weights, participant, shared=session - floor * len(weights)
        )
        assert abs((after[participant] - before[participant]) - expected) < 2
