"""Commitment conditions (pure): validation with precise errors, every status with its rule, and
properties of the evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.commitments.conditions import COMPARISONS, Status, evaluate, parse_condition
from incamera.kernel.errors import InvalidInputError

METRICS = ("recycled_share",)
START = dt.date(2026, 1, 1)
BY = "2026-12-31"


def _condition(comparison: str = ">=", target: float = 60, by: str = BY) -> dict[str, object]:
    return {"metric": "recycled_share", "comparison": comparison, "target": target, "by": by}


def _day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


def _reports(*pairs: tuple[str, float]) -> list[tuple[int, float]]:
    return [(_day(day), value) for day, value in pairs]


# --- validation ---------------------------------------------------------------------------------


def test_a_condition_naming_an_unknown_metric_is_refused_naming_it() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_condition({**_condition(), "metric": "tonnes_smelted"}, metrics=METRICS)
    assert caught.value.field == "attribute"
    assert "'tonnes_smelted'" in caught.value.message
    assert "declared: recycled_share" in caught.value.message
    assert caught.value.template is not None  # translated where a page shows it


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({**_condition(), "comparison": "=>"}, "comparison", "'=>' is not one of >=, <=, >, <, =="),
        ({**_condition(), "target": "sixty"}, "value", "finite number; found 'sixty'"),
        ({**_condition(), "target": True}, "value", "finite number; found True"),
        ({**_condition(), "target": 10**400}, "value", "finite number; found 1000"),
        ({**_condition(), "target": float("nan")}, "value", "finite number; found nan"),
        ({**_condition(), "by": "31/12/2026"}, "ends_at", "YYYY-MM-DD; found '31/12/2026'"),
        ({**_condition(), "by": "2026-02-30"}, "ends_at", "YYYY-MM-DD"),
        ({**_condition(), "code": "__import__('os')"}, "rules", "unknown key(s) code"),
        ({"metric": "recycled_share", "target": 1}, "rules", "lacks comparison, by"),
        (["recycled_share", ">=", 60], "rules", "must be a JSON object; found list"),
        ({"all": []}, "rules", "1 to 12 clauses; found 0 clauses"),
        ({"all": [_condition()], "by": BY}, "rules", "no other key; found by"),
        ({"all": [_condition(), {**_condition(), "metric": "x"}]}, "attribute", "clause 2 of all names the metric 'x'"),
    ],
)
def test_a_malformed_condition_is_refused_with_the_field_and_what_was_found(data: object, field: str, words: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_condition(data, metrics=METRICS)
    assert caught.value.field == field
    assert words in caught.value.message


def test_a_condition_reads_back_as_written_and_milestones_are_ordered_by_date() -> None:
    single = parse_condition(_condition(target=62.5), metrics=METRICS)
    assert single.to_json() == _condition(target=62.5)
    assert single.describe() == "recycled_share >= 62.5 by 2026-12-31"
    milestones = parse_condition({"all": [_condition(target=80), _condition(target=40, by="2026-06-30")]}, metrics=METRICS)
    assert [c.by.isoformat() for c in milestones.clauses] == ["2026-06-30", "2026-12-31"]
    assert parse_condition(milestones.to_json(), metrics=METRICS) == milestones


# --- every status, with its rule --------------------------------------------------------------


def test_fulfilled_by_the_first_report_that_meets_the_target_by_the_date() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)
    verdict = evaluate(
        condition, _reports(("2026-03-01", 40), ("2026-09-01", 61), ("2026-10-01", 70)), today=dt.date(2027, 3, 1), start=START
    )
    assert verdict.status is Status.FULFILLED
    assert verdict.explanation == "fulfilled: 61 reported on 2026-09-01 meets recycled_share >= 60 by 2026-12-31"


def test_a_value_met_only_after_the_date_leaves_it_overdue() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)
    verdict = evaluate(condition, _reports(("2026-11-01", 50), ("2027-01-15", 65)), today=dt.date(2027, 2, 1), start=START)
    assert verdict.status is Status.OVERDUE
    assert verdict.explanation == (
        "overdue: 2026-12-31 has passed and no report by then met recycled_share >= 60 by 2026-12-31; the latest by then was 50 on 2026-11-01"
    )
    silent = evaluate(condition, [], today=dt.date(2027, 1, 1), start=START)
    assert silent.explanation == "overdue: 2026-12-31 has passed with no report by then (recycled_share >= 60 by 2026-12-31)"


def test_at_risk_when_silent_for_more_than_a_quarter_of_the_period() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)  # 364 days: a quarter is 91
    verdict = evaluate(condition, _reports(("2026-02-01", 50)), today=dt.date(2026, 5, 5), start=START)
    assert verdict.status is Status.AT_RISK
    assert verdict.explanation.startswith("at risk: no report since 50 on 2026-02-01, 93 days")
    on_time = evaluate(condition, _reports(("2026-02-01", 50)), today=dt.date(2026, 5, 2), start=START)
    assert on_time.status is Status.ON_TRACK
    never = evaluate(condition, [], today=dt.date(2026, 4, 15), start=START)
    assert never.status is Status.AT_RISK
    assert "no report since the start on 2026-01-01, 104 days" in never.explanation


def test_at_risk_when_the_trend_does_not_reach_the_target_by_the_date() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)
    slow = _reports(("2026-01-01", 40), ("2026-04-01", 42), ("2026-07-01", 44))
    verdict = evaluate(condition, slow, today=dt.date(2026, 7, 2), start=START)
    assert verdict.status is Status.AT_RISK
    assert "the trend of 3 reports (latest 44 on 2026-07-01) reaches 48.05 by 2026-12-31, which does not meet" in verdict.explanation


def test_on_track_when_the_trend_reaches_the_target() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)
    fast = _reports(("2026-01-01", 30), ("2026-04-01", 40), ("2026-07-01", 50))
    verdict = evaluate(condition, fast, today=dt.date(2026, 7, 2), start=START)
    assert verdict.status is Status.ON_TRACK
    assert "reaches 70.24 by 2026-12-31, which meets recycled_share >= 60" in verdict.explanation


def test_on_track_rules_for_no_report_one_report_and_an_exact_target() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)
    assert evaluate(condition, [], today=dt.date(2026, 2, 1), start=START).explanation == (
        "on track: no report yet, 31 days into a period of 364 days (recycled_share >= 60 by 2026-12-31)"
    )
    one = evaluate(condition, _reports(("2026-03-01", 10)), today=dt.date(2026, 3, 2), start=START)
    assert one.status is Status.ON_TRACK
    assert "one report so far (10 on 2026-03-01)" in one.explanation
    exact = parse_condition(_condition("==", 3), metrics=METRICS)
    verdict = evaluate(exact, _reports(("2026-03-01", 1), ("2026-04-01", 2)), today=dt.date(2026, 4, 2), start=START)
    assert verdict.status is Status.ON_TRACK
    assert "an exact target has no trend" in verdict.explanation


def test_a_downward_target_is_met_from_below() -> None:
    condition = parse_condition(_condition("<=", 20), metrics=METRICS)
    falling = _reports(("2026-01-01", 50), ("2026-04-01", 40), ("2026-07-01", 30))
    assert evaluate(condition, falling, today=dt.date(2026, 7, 2), start=START).status is Status.ON_TRACK
    assert evaluate(condition, [*falling, (_day("2026-08-01"), 19.5)], today=dt.date(2026, 8, 2), start=START).status is Status.FULFILLED


def test_milestones_a_missed_one_makes_the_whole_overdue_and_the_next_one_decides_otherwise() -> None:
    condition = parse_condition({"all": [_condition(target=40, by="2026-06-30"), _condition(target=60)]}, metrics=METRICS)
    missed = evaluate(condition, _reports(("2026-05-01", 30)), today=dt.date(2026, 7, 1), start=START)
    assert missed.status is Status.OVERDUE
    assert "by 2026-06-30" in missed.explanation
    first_met = _reports(("2026-05-01", 45), ("2026-06-01", 50))
    assert evaluate(condition, first_met, today=dt.date(2026, 7, 1), start=START).status is Status.ON_TRACK
    both = evaluate(condition, [*first_met, (_day("2026-11-01"), 61)], today=dt.date(2026, 11, 2), start=START)
    assert both.status is Status.FULFILLED
    assert "61 reported on 2026-11-01" in both.explanation


def test_the_rule_is_rendered_through_a_translation() -> None:
    condition = parse_condition(_condition(), metrics=METRICS)
    verdict = evaluate(condition, [], today=dt.date(2026, 2, 1), start=START)
    assert verdict.render(lambda template: template.replace("on track", "ON TRACK")).startswith("ON TRACK: no report yet")


# --- properties --------------------------------------------------------------------------------

DAYS = st.integers(min_value=_day("2026-01-01"), max_value=_day("2028-12-31"))
VALUES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
HISTORIES = st.lists(st.tuples(DAYS, VALUES), max_size=20).map(sorted)
CLAUSES = st.builds(
    lambda comparison, target, by: _condition(comparison, target, dt.date.fromordinal(by).isoformat()),
    st.sampled_from(COMPARISONS),
    VALUES,
    DAYS,
)


@given(CLAUSES, HISTORIES, DAYS)
def test_fulfilled_exactly_when_a_report_by_the_date_meets_the_target(
    data: dict[str, object], history: list[tuple[int, float]], today: int
) -> None:
    condition = parse_condition(data, metrics=METRICS)
    clause = condition.clauses[0]
    verdict = evaluate(condition, history, today=today, start=START)
    met = any(day <= clause.by_day and clause.met(value, clause.target) for day, value in history)
    assert (verdict.status is Status.FULFILLED) == met
    if not met:
        assert (verdict.status is Status.OVERDUE) == (today > clause.by_day)
    assert verdict.explanation  # every status says why


@given(CLAUSES, HISTORIES, DAYS, DAYS)
def test_once_fulfilled_a_commitment_stays_fulfilled(
    data: dict[str, object], history: list[tuple[int, float]], today: int, later: int
) -> None:
    condition = parse_condition(data, metrics=METRICS)
    if evaluate(condition, history, today=today, start=START).status is Status.FULFILLED:
        assert evaluate(condition, history, today=max(today, later), start=START).status is Status.FULFILLED


@given(st.lists(CLAUSES, min_size=1, max_size=12))
def test_every_condition_reads_back_as_itself(clauses: list[dict[str, object]]) -> None:
    condition = parse_condition({"all": clauses}, metrics=METRICS)
    assert parse_condition(condition.to_json(), metrics=METRICS) == condition


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**20)])
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["recycled_share", ">=", BY]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(["metric", "comparison", "target", "by", "all", "x"]), inner, max_size=5)
    ),
    max_leaves=20,
)


@given(JSON)
def test_any_json_is_a_condition_or_a_precise_refusal(data: object) -> None:
    refusal: InvalidInputError | None = None
    try:
        condition = parse_condition(data, metrics=METRICS)
    except InvalidInputError as exc:
        refusal = exc
    if refusal is not None:
        assert refusal.field in {"rules", "attribute", "comparison", "value", "ends_at"}
        assert refusal.template is not None
    else:
        assert parse_condition(condition.to_json(), metrics=METRICS) == condition
