"""The rotation planner (issue 4, §5): its guarantees as properties, and its infeasibility claims
checked against an exhaustive search of every plan on small rosters."""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError, RowsInvalidError
from incamera.vetting.rotation import (
    Delegation,
    DuplicateDelegationError,
    EmptyRosterError,
    IncompleteDelegationError,
    RotationPlan,
    RotationSettingError,
    plan_rotation,
    read_roster,
    rotation_order,
)

REGIONS = ["Africa", "Asia-Pacific", "Eastern Europe", "Latin America", "Western Europe", "Middle East", "North America", "Oceania"]


def roster(count: int, *, regions: int = 4) -> list[Delegation]:
    return [Delegation(id=f"d{i:03d}", name=f"Delegation {i}", region=REGIONS[i % regions]) for i in range(count)]


@st.composite
def rosters(draw: st.DrawFn, *, min_size: int = 1, max_size: int = 40) -> list[Delegation]:
    ids = draw(
        st.lists(
            st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=5), min_size=min_size, max_size=max_size, unique=True
        )
    )
    regions = draw(st.lists(st.sampled_from(REGIONS[: draw(st.integers(1, len(REGIONS)))]), min_size=len(ids), max_size=len(ids)))
    return [Delegation(id=i, name=i.upper(), region=r) for i, r in zip(ids, regions, strict=True)]


@st.composite
def feasible_cases(draw: st.DrawFn, *, min_size: int = 1) -> tuple[list[Delegation], int, int, int]:
    """A roster with seats, years and a gap for which a plan exists: S × min(N, Y) ≥ D."""
    delegations = draw(rosters(min_size=min_size))
    count = len(delegations)
    seats = draw(st.integers(1, count + 2))
    needed = math.ceil(count / seats)
    years = draw(st.integers(needed, needed + 12))
    max_gap = draw(st.integers(needed, years + 3))
    return delegations, seats, years, max_gap


def windows(plan: RotationPlan, length: int) -> list[set[str]]:
    years = sorted(plan.plan)
    return [set().union(*(plan.plan[y] for y in years[i : i + length])) for i in range(len(years) - length + 1)]


def seat_counts(plan: RotationPlan) -> Counter[str]:
    return Counter(i for ids in plan.plan.values() for i in ids)


# --- the guarantees ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(feasible_cases())
def test_every_feasible_plan_seats_everyone_in_every_window_with_full_seats(case: tuple[list[Delegation], int, int, int]) -> None:
    delegations, seats, years, max_gap = case
    result = plan_rotation(delegations, seats=seats, years=years, max_gap=max_gap, start_year=2027)
    everyone = {d.id for d in delegations}
    assert result.feasible
    assert result.reason is None
    assert sorted(result.plan) == list(range(2027, 2027 + years))
    for ids in result.plan.values():
        assert list(ids) == sorted(set(ids)), "sorted, and nobody twice in a year"
        assert len(ids) == min(seats, len(delegations)), "every seat used when there are enough delegations"
        assert set(ids) <= everyone
    window = min(max_gap, years)
    assert all(seated == everyone for seated in windows(result, window))
    # the plan keeps the tightest gap the seats allow, which is what min_feasible_gap reports
    assert result.min_feasible_gap == max(1, math.ceil(len(delegations) / seats))
    assert all(seated == everyone for seated in windows(result, result.min_feasible_gap))
    counts = seat_counts(result)
    assert set(counts) == everyone
    assert max(counts.values()) - min(counts.values()) <= 1


@settings(max_examples=200, deadline=None)
@given(feasible_cases(min_size=2))
def test_each_year_spreads_its_seats_across_regions_in_proportion(case: tuple[list[Delegation], int, int, int]) -> None:
    delegations, seats, years, max_gap = case
    result = plan_rotation(delegations, seats=seats, years=years, max_gap=max_gap, start_year=2027)
    region_of = {d.id: d.region for d in delegations}
    sizes = Counter(region_of.values())
    per_year = min(seats, len(delegations))
    for ids in result.plan.values():
        seated = Counter(region_of[i] for i in ids)
        for region, size in sizes.items():
            assert abs(seated[region] - per_year * size / len(delegations)) < 2


@settings(max_examples=200, deadline=None)
@given(rosters())
def test_the_order_is_a_level_sequence_of_regions(delegations: list[Delegation]) -> None:
    """After every prefix of p places, each region has had p × n / D places, within less than one."""
    order = rotation_order(delegations)
    assert sorted(d.id for d in order) == sorted(d.id for d in delegations)
    sizes = Counter(d.region for d in delegations)
    taken: Counter[str] = Counter()
    for place, delegation in enumerate(order, start=1):
        taken[delegation.region] += 1
        assert all(abs(taken[r] - place * n / len(delegations)) < 1 for r, n in sizes.items())


def test_a_region_with_half_the_delegations_gets_half_the_seats_every_year() -> None:
    delegations = [Delegation(f"eu{i}", "", "Europe") for i in range(10)] + [Delegation(f"x{i}", "", f"R{i % 5}") for i in range(10)]
    result = plan_rotation(delegations, seats=4, years=10, max_gap=5, start_year=2027)
    assert [sum(i.startswith("eu") for i in ids) for ids in result.plan.values()] == [2] * 10


@settings(max_examples=100, deadline=None)
@given(feasible_cases(), st.randoms(use_true_random=False))
def test_the_plan_depends_on_the_delegations_not_on_their_order(case: tuple[list[Delegation], int, int, int], rng: random.Random) -> None:
    delegations, seats, years, max_gap = case
    shuffled = list(delegations)
    rng.shuffle(shuffled)
    first = plan_rotation(delegations, seats=seats, years=years, max_gap=max_gap, start_year=2030)
    assert plan_rotation(shuffled, seats=seats, years=years, max_gap=max_gap, start_year=2030) == first
    assert plan_rotation(list(reversed(delegations)), seats=seats, years=years, max_gap=max_gap, start_year=2030) == first


def test_a_known_plan_does_not_change_between_releases() -> None:
    """Secretariats publish plans: the same roster must give the same plan tomorrow (SHA-256 ordering, not hash())."""
    result = plan_rotation(roster(6, regions=2), seats=2, years=3, max_gap=3, start_year=2027)
    assert result.to_json()["plan"] == {"2027": ["d001", "d002"], "2028": ["d000", "d003"], "2029": ["d004", "d005"]}


def changed_seats(before: RotationPlan, after: RotationPlan) -> list[int]:
    """Per year, the seats held in ``after`` by someone who did not hold one that year in ``before``."""
    return [len(set(after.plan[year]) - set(before.plan[year])) for year in sorted(after.plan)]


@settings(max_examples=200, deadline=None)
@given(feasible_cases(min_size=3), st.data())
def test_adding_or_removing_one_delegation_moves_few_seats(case: tuple[list[Delegation], int, int, int], data: st.DataObject) -> None:
    """Removing one delegation: in year t at most w(t) + 4 seats change hands, where w(t) is the
    number of times the rotation has come round by then (it drifts one place per time round); the
    reverse, adding it back, likewise.  A fresh shuffle would change nearly every seat."""
    delegations, seats, years, _gap = case
    gap = years  # the largest window, so that both rosters are feasible
    smaller = list(delegations)
    del smaller[data.draw(st.integers(0, len(delegations) - 1))]
    before = plan_rotation(delegations, seats=seats, years=years, max_gap=gap, start_year=2027)
    after = plan_rotation(smaller, seats=seats, years=years, max_gap=gap, start_year=2027)
    assert before.feasible
    assert after.feasible
    per_year = min(seats, len(smaller))
    bounds = [t * per_year // len(smaller) + 4 for t in range(years)]
    assert all(c <= b for c, b in zip(changed_seats(before, after), bounds, strict=True))
    assert all(c <= b for c, b in zip(changed_seats(after, before), bounds, strict=True))


def test_removing_any_one_of_200_delegations_moves_few_of_the_200_seats() -> None:
    """The benchmark's roster (8 regions, 20 seats, 10 years: the rotation goes round once)."""
    delegations = roster(200, regions=8)
    before = plan_rotation(delegations, seats=20, years=10, max_gap=10, start_year=2027)
    moved = [
        sum(changed_seats(before, plan_rotation(delegations[:i] + delegations[i + 1 :], seats=20, years=10, max_gap=10, start_year=2027)))
        for i in range(200)
    ]
    assert max(moved) <= 15  # measured: 11 at most, 8 on average; a naive re-plan moves about 180


# --- infeasibility -------------------------------------------------------------------------------


@cache
def some_plan_exists(count: int, seats: int, years: int, window: int) -> bool:
    """Exhaustive search over every plan with full seats (no balance asked): is there one that seats
    everybody in every window of ``window`` years?"""
    everyone = frozenset(range(count))
    choices = [frozenset(c) for c in itertools.combinations(range(count), min(seats, count))]

    def extend(prefix: tuple[frozenset[int], ...]) -> bool:
        if len(prefix) >= window and frozenset().union(*prefix[-window:]) != everyone:
            return False
        return len(prefix) == years or any(extend((*prefix, c)) for c in choices)

    return extend((choices[0],))  # the delegations are interchangeable: fix the first year


SMALL = [(d, s, y, n) for d in range(1, 6) for s in range(1, 4) for y in range(1, 5) for n in range(1, 6)]


@pytest.mark.parametrize(("count", "seats", "years"), sorted({(d, s, y) for d, s, y, _n in SMALL}))
def test_feasibility_and_the_smallest_gap_agree_with_exhaustive_search(count: int, seats: int, years: int) -> None:
    delegations = roster(count, regions=2)
    smallest = next((n for n in range(1, years + 1) if some_plan_exists(count, seats, years, n)), None)
    for max_gap in range(1, 6):
        result = plan_rotation(delegations, seats=seats, years=years, max_gap=max_gap, start_year=2027)
        assert result.feasible == some_plan_exists(count, seats, years, min(max_gap, years)), (max_gap, result.reason)
        assert result.min_feasible_gap == smallest
        assert (result.reason is None) == result.feasible


@settings(max_examples=200, deadline=None)
@given(rosters(min_size=2, max_size=60), st.data())
def test_every_infeasibility_claim_is_true_and_names_the_smallest_gap(delegations: list[Delegation], data: st.DataObject) -> None:
    count = len(delegations)
    seats = data.draw(st.integers(1, count - 1))
    years = data.draw(st.integers(1, 15))
    max_gap = data.draw(st.integers(1, math.ceil(count / seats) - 1)) if math.ceil(count / seats) > 1 else 1
    result = plan_rotation(delegations, seats=seats, years=years, max_gap=max_gap, start_year=2027)
    window = min(max_gap, years)
    # the counting argument: a window of W years has W × S seats, fewer than the delegations
    assert seats * window < count
    assert not result.feasible
    assert result.plan == {}
    assert result.reason is not None
    assert f"{count} delegations need a seat" in result.reason
    assert f"= {window * seats} seat" in result.reason
    if result.min_feasible_gap is None:
        assert seats * years < count
        assert "no gap within" in result.reason
    else:
        smallest = result.min_feasible_gap
        assert plan_rotation(delegations, seats=seats, years=years, max_gap=smallest, start_year=2027).feasible
        assert not plan_rotation(delegations, seats=seats, years=years, max_gap=smallest - 1, start_year=2027).feasible
        assert f"the smallest gap that works is {smallest} years" in result.reason


def test_the_reason_says_why_and_what_would_work() -> None:
    result = plan_rotation(roster(30), seats=4, years=10, max_gap=5, start_year=2027)
    assert not result.feasible
    assert result.reason == (
        "30 delegations need a seat in every 5-year window, but 5 years × 4 seats = 20 seats; "
        "the smallest gap that works is 8 years (8 × 4 seats = 32 ≥ 30)"
    )
    assert result.min_feasible_gap == 8


def test_a_horizon_shorter_than_the_gap_is_one_window() -> None:
    assert plan_rotation(roster(12), seats=4, years=3, max_gap=5, start_year=2027).feasible
    short = plan_rotation(roster(13), seats=4, years=3, max_gap=5, start_year=2027)
    assert not short.feasible
    assert short.min_feasible_gap is None
    assert short.reason is not None
    assert "the 3 years of the horizon" in short.reason
    assert "add seats (at least 5 a year) or lengthen the horizon to 4 years" in short.reason


def test_fewer_delegations_than_seats_sit_every_year() -> None:
    result = plan_rotation(roster(3), seats=5, years=4, max_gap=1, start_year=2027)
    assert result.feasible
    assert result.min_feasible_gap == 1
    assert set(result.plan.values()) == {("d000", "d001", "d002")}


def test_to_json_is_the_command_s_contract() -> None:
    feasible = plan_rotation(roster(4), seats=2, years=2, max_gap=2, start_year=2027).to_json()
    assert list(feasible) == ["feasible", "plan", "reason", "min_feasible_gap"]
    assert feasible["feasible"] is True
    assert feasible["reason"] is None
    assert feasible["min_feasible_gap"] == 2
    assert list(feasible["plan"]) == ["2027", "2028"]
    assert all(isinstance(ids, list) and len(ids) == 2 for ids in feasible["plan"].values())
    infeasible = plan_rotation(roster(5), seats=2, years=2, max_gap=2, start_year=2027).to_json()
    assert infeasible == {"feasible": False, "plan": {}, "reason": infeasible["reason"], "min_feasible_gap": None}
    assert isinstance(infeasible["reason"], str)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"seats": 0}, "seats", "expected at least 1 seat a year; found 0"),
        ({"years": 0}, "years", "expected a horizon of 1 to 1000 years; found 0"),
        ({"years": 1001}, "years", "expected a horizon of 1 to 1000 years; found 1001"),
        ({"max_gap": 0}, "max_gap", "expected a maximum gap of at least 1 year; found 0"),
        ({"start_year": 1899}, "start_year", "expected a start year from 1900 to 3000; found 1899"),
        ({"start_year": 3001}, "start_year", "expected a start year from 1900 to 3000; found 3001"),
    ],
)
def test_settings_out_of_range_are_refused(changes: dict[str, int], field: str, message: str) -> None:
    arguments = {"seats": 2, "years": 3, "max_gap": 2, "start_year": 2027} | changes
    with pytest.raises(RotationSettingError) as caught:
        plan_rotation(roster(3), **arguments)
    assert caught.value.field == field
    assert caught.value.message == message
    assert caught.value.template is not None
    assert caught.value.template % caught.value.params == message


def test_the_edges_of_the_ranges_are_accepted() -> None:
    for start_year in (1900, 3000):
        assert plan_rotation(roster(2), seats=1, years=1000, max_gap=2, start_year=start_year).feasible


def test_an_empty_roster_is_refused() -> None:
    with pytest.raises(EmptyRosterError, match="at least one eligible delegation"):
        plan_rotation([], seats=2, years=3, start_year=2027)


def test_duplicate_ids_are_refused_with_their_positions() -> None:
    delegations = [*roster(3), Delegation("d001", "Again", "Africa")]
    with pytest.raises(DuplicateDelegationError) as caught:
        plan_rotation(delegations, seats=2, years=3, start_year=2027)
    assert caught.value.delegation_id == "d001"
    assert caught.value.positions == (2, 4)
    assert caught.value.message == "expected each delegation id once; 'd001' appears 2 times (positions 2, 4)"


@pytest.mark.parametrize(
    ("delegation", "field"), [(Delegation(" ", "Blank", "Africa"), "id"), (Delegation("x", "No region", ""), "region")]
)
def test_an_empty_id_or_region_is_refused(delegation: Delegation, field: str) -> None:
    with pytest.raises(IncompleteDelegationError) as caught:
        plan_rotation([*roster(2), delegation], seats=2, years=3, start_year=2027)
    assert caught.value.field == field
    assert caught.value.position == 3
    assert isinstance(caught.value, InvalidInputError)


# --- the roster file -----------------------------------------------------------------------------


def test_a_roster_reads_with_a_bom_any_header_case_and_extra_columns() -> None:
    data = "\ufeffRegion,Notes,ID,Name\r\nAfrica, seat 3 ,ke,Kenya\r\n\r\nAsia-Pacific,,jp, Japan \r\n".encode()
    assert read_roster(data) == [Delegation("ke", "Kenya", "Africa"), Delegation("jp", "Japan", "Asia-Pacific")]


def test_a_roster_without_the_columns_says_which_are_missing() -> None:
    with pytest.raises(InvalidInputError) as caught:
        read_roster(b"id,title\nke,Kenya\n")
    assert caught.value.message == "expected a header with the columns id, name and region; name, region are missing (found: id, title)"


def test_every_bad_row_is_reported_with_its_line() -> None:
    data = b'id,name,region\nke,Kenya,Africa\njp,Japan,Asia\nke,Kenya again,Africa\nkr,"Korea, Republic of",Asia\nkp,Korea, Dem. People\x27s Rep.,Asia\n,Nameless,Asia\n'
    with pytest.raises(RowsInvalidError) as caught:
        read_roster(data)
    assert [str(row) for row in caught.value.rows] == [
        "line 4, id: 'ke' is already used on line 2",
        "line 6, row: 4 cells but the header has 3 columns (quote cells that contain commas)",
        "line 7, id: the cell is empty",
    ]


def test_a_header_alone_is_an_empty_roster() -> None:
    with pytest.raises(EmptyRosterError):
        read_roster(b"id,name,region\n\n")
