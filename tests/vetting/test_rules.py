import json
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.vetting.rules import (
    COMPARISONS,
    CREDIT_RATING,
    SEED_RULE,
    Comparison,
    OrdinalScale,
    Rule,
    check_rules,
    evaluate,
    granted,
    parse_rule,
)

SCALES = {"credit_rating": CREDIT_RATING}
LEVELS = CREDIT_RATING.levels


def rating(rule_id: str, comparison: str, value: str, *, grants: str = "observer", years: int = 1) -> Rule:
    return Rule(rule_id, "credit_rating", cast("Comparison", comparison), value, years, CREDIT_RATING, grants)


def number(rule_id: str, comparison: str, value: float, *, grants: str = "observer") -> Rule:
    return Rule(rule_id, "gdp_growth", cast("Comparison", comparison), value, grants=grants)


# --- the seed example ---------------------------------------------------------------------------


def test_seed_rule_explains_a_run_that_is_one_year_short() -> None:
    outcome = evaluate(SEED_RULE, {"credit_rating": {2024: "AA", 2025: "AA+", 2026: "AAA"}}, as_of=2026)
    assert not outcome.satisfied
    assert outcome.years == (2025, 2026)
    assert outcome.explanation == (
        "credit rating AA+ or better for 3 consecutive years: AA (2024) ✗, AA+ (2025) ✓, AAA (2026) ✓"
        " — only 2 consecutive years up to 2026 → not eligible"
    )


def test_seed_rule_grants_observer_after_three_good_years() -> None:
    history = {"credit_rating": {2023: "D", 2024: "AA+", 2025: "AAA", 2026: "AA+"}}
    outcome = evaluate(SEED_RULE, history, as_of=2026)
    assert outcome.satisfied
    assert outcome.years == (2024, 2025, 2026)
    assert outcome.explanation.endswith("— 3 consecutive years up to 2026 → eligible as observer")
    assert granted([outcome]) == {"observer"}
    assert SEED_RULE.describe() == "credit rating AA+ or better for 3 consecutive years"


@pytest.mark.parametrize(("grants", "tier_in_template"), [("observer", True), ("member", True), ("panel", False)])
def test_known_tiers_are_part_of_the_translated_sentence(grants: str, tier_in_template: bool) -> None:
    for years in (1, 2):
        rule = rating("r", ">=", "A", grants=grants, years=years)
        outcome = evaluate(rule, {"credit_rating": {2025: "AA", 2026: "AA"}}, as_of=2026)
        template, _params = outcome.explanation_parts[-1]
        assert template.endswith(f"→ eligible as {grants}" if tier_in_template else "→ eligible as %(grants)s")
        assert outcome.explanation.endswith(f"→ eligible as {grants}")


def test_the_run_ends_at_the_year_of_evaluation() -> None:
    history = {"credit_rating": {2023: "AAA", 2024: "AAA", 2025: "AAA", 2026: "A"}}
    assert evaluate(SEED_RULE, history, as_of=2025).satisfied
    outcome = evaluate(SEED_RULE, history, as_of=2026)
    assert not outcome.satisfied
    assert outcome.years == ()
    assert outcome.explanation.endswith("— not met in 2026 → not eligible")


def test_a_missing_year_breaks_the_run_and_is_named() -> None:
    outcome = evaluate(SEED_RULE, {"credit_rating": {2023: "AAA", 2024: "AAA", 2026: "AAA"}}, as_of=2026)
    assert not outcome.satisfied
    assert outcome.years == (2026,)
    assert "no value (2025) ✗" in outcome.explanation
    assert outcome.explanation.endswith("only 1 consecutive year up to 2026 (no value for 2025) → not eligible")
    empty = evaluate(SEED_RULE, {}, as_of=2026)
    assert not empty.satisfied
    assert empty.explanation.endswith("— no value for 2026 → not eligible")


def test_an_unknown_rating_in_the_history_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(InvalidInputError) as info:
        evaluate(SEED_RULE, {"credit_rating": {2024: "AAA", 2025: "Aa1", 2026: "AAA"}}, as_of=2026)
    assert "'Aa1'" in info.value.message
    assert "2025" in info.value.message
    assert "AAA, AA+, AA, AA-" in info.value.message
    assert info.value.field == "credit_rating"


def test_numeric_rules_compare_numbers_and_refuse_text() -> None:
    rule = Rule("growth", "gdp_growth", ">", 2.5, consecutive_years=2)
    outcome = evaluate(rule, {"gdp_growth": {2025: 3, 2026: "2.75"}}, as_of=2026)
    assert outcome.satisfied
    assert outcome.explanation == (
        "gdp growth above 2.5 for 2 consecutive years: 3 (2025) ✓, 2.75 (2026) ✓ — 2 consecutive years up to 2026 → eligible as observer"
    )
    assert not evaluate(rule, {"gdp_growth": {2025: 3, 2026: 2.5}}, as_of=2026).satisfied
    with pytest.raises(InvalidInputError, match="'high', which is not a finite number"):
        evaluate(rule, {"gdp_growth": {2025: 3, 2026: "high"}}, as_of=2026)


def test_a_single_year_rule_reads_naturally() -> None:
    outcome = evaluate(rating("r", "<=", "BBB-"), {"credit_rating": {2026: "BB"}}, as_of=2026)
    assert outcome.explanation == "credit rating BBB- or worse in 2026: BB (2026) ✓ — met in 2026 → eligible as observer"


def test_the_explanation_parts_render_through_a_translator() -> None:
    outcome = evaluate(SEED_RULE, {"credit_rating": {2024: "AA", 2025: "AA+", 2026: "AAA"}}, as_of=2026)
    assert outcome.render() == outcome.explanation
    for template, params in outcome.explanation_parts:
        assert template % params  # every part formats with its own values
    french = {
        "%(attribute)s %(value)s or better": "%(attribute)s %(value)s ou mieux",
        "for %(years)d consecutive years": "pendant %(years)d années consécutives",
    }
    rendered = outcome.render(lambda template: french.get(template, template))
    assert rendered.startswith("credit rating AA+ ou mieux pendant 3 années consécutives: AA (2024) ✗")


def test_tiers_need_every_rule_that_grants_them() -> None:
    history = {"credit_rating": {2026: "AA"}, "gdp_growth": {2026: 1.0}}
    outcomes = [
        evaluate(rating("a", ">=", "A"), history, as_of=2026),
        evaluate(number("b", ">=", 2.0), history, as_of=2026),
        evaluate(rating("c", ">=", "AA", grants="member"), history, as_of=2026),
    ]
    assert granted(outcomes) == {"member"}


# --- JSON -----------------------------------------------------------------------------------------


def test_rules_round_trip_through_json() -> None:
    data = json.loads(json.dumps(SEED_RULE.to_json()))
    assert parse_rule(data, scales=SCALES) == SEED_RULE
    numeric = Rule("growth", "gdp_growth", "<", 4.0, consecutive_years=2, grants="member", label="slow growth")
    assert parse_rule(json.loads(json.dumps(numeric.to_json())), scales=SCALES) == numeric


@given(
    comparison=st.sampled_from(COMPARISONS),
    level=st.sampled_from(LEVELS),
    amount=st.floats(allow_nan=False, allow_infinity=False),
    years=st.integers(1, 10),
    ordinal=st.booleans(),
)
def test_any_valid_rule_round_trips(comparison: Comparison, level: str, amount: float, years: int, ordinal: bool) -> None:
    if ordinal:
        rule = Rule("r", "credit_rating", comparison, level, years, CREDIT_RATING, "observer", "rated")
    else:
        rule = Rule("r", "gdp_growth", comparison, amount, years, None, "member", "")
    assert parse_rule(json.loads(json.dumps(rule.to_json())), scales=SCALES) == rule


def test_an_absent_scale_key_uses_the_scale_named_like_the_attribute() -> None:
    rule = parse_rule({"id": "r", "attribute": "credit_rating", "comparison": ">=", "value": "A"}, scales=SCALES)
    assert rule.scale == CREDIT_RATING
    assert rule.consecutive_years == 1
    assert rule.grants == "observer"


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({"id": "r", "attribute": "credit_rating", "comparison": ">=", "value": "Aa1"}, "value", "(valid: AAA, AA+, AA"),
        (
            {"id": "r", "attribute": "credit_rating", "comparison": "=>", "value": "A"},
            "comparison",
            "'=>' is not one of >=, <=, ==, !=, >, <",
        ),
        (
            {"id": "r", "attribute": "credit_rating", "comparison": ">=", "value": "A", "consecutive_years": 0},
            "consecutive_years",
            "at least 1",
        ),
        (
            {"id": "r", "attribute": "credit_rating", "comparison": ">=", "value": "A", "consecutive_years": True},
            "consecutive_years",
            "True",
        ),
        ({"id": "r", "attribute": "credit_rating", "comparison": ">=", "value": "A", "scale": "moodys"}, "scale", "unknown scale 'moodys'"),
        ({"id": "r", "attribute": "gdp", "comparison": ">=", "value": "AA"}, "value", "not a finite number"),
        ({"id": "r", "attribute": "gdp", "comparison": ">=", "value": float("nan")}, "value", "not a finite number"),
        ({"id": "r", "attribute": "credit_rating", "comparison": ">=", "value": "A", "years": 3}, "rules", "unknown key(s) years"),
        ({"attribute": "credit_rating", "comparison": ">=", "value": "A"}, "id", "id must be non-empty text"),
        ({"id": "r", "attribute": "credit_rating", "comparison": ">="}, "value", "value is required"),
    ],
)
def test_malformed_rules_are_refused_precisely(data: dict[str, object], field: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_rule(data, scales=SCALES)
    assert info.value.field == field
    assert fragment in info.value.message
    assert info.value.template
    assert info.value.template % info.value.params == info.value.message


# --- checking rule sets ---------------------------------------------------------------------------


def test_contradictory_rules_for_the_same_tier_are_named() -> None:
    with pytest.raises(InvalidInputError) as info:
        check_rules([rating("at-least-aa", ">=", "AA"), rating("below-a", "<", "A")])
    assert info.value.message == (
        "rules at-least-aa (credit rating AA or better) and below-a (credit rating worse than A) contradict: "
        "no credit rating meets both, yet both are required for observer"
    )


def test_the_same_conditions_for_different_tiers_do_not_contradict() -> None:
    check_rules([rating("a", ">=", "AA"), rating("b", "<", "A", grants="member"), SEED_RULE])


def test_three_rules_that_only_contradict_together_are_named() -> None:
    with pytest.raises(InvalidInputError, match="rules a, b, c contradict: no credit rating meets all of them"):
        check_rules([rating("a", ">=", "AA"), rating("b", "<=", "AA"), rating("c", "!=", "AA")])


@pytest.mark.parametrize(
    ("rules", "fragment"),
    [
        ([rating("best", ">", "AAA")], "rule best can never be met: no level of the credit_rating scale is credit rating better than AAA"),
        ([rating("a", ">=", "A"), rating("a", "<=", "AA", grants="member")], "two rules have the id 'a'"),
        ([rating("a", ">=", "ZZ")], "'ZZ' is not a rating on the credit_rating scale (valid: AAA"),
        ([rating("a", "=>", "A")], "'=>' is not one of"),
        ([rating("a", ">=", "A", years=0)], "at least 1; found 0"),
        ([rating("a", ">=", "A"), Rule("b", "credit_rating", ">=", 3.0)], "read credit_rating differently (scale credit_rating, number)"),
    ],
)
def test_bad_rule_sets_are_refused(rules: list[Rule], fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        check_rules(rules)
    assert fragment in info.value.message


@given(first=st.sampled_from(COMPARISONS), second=st.sampled_from(COMPARISONS), a=st.sampled_from(LEVELS), b=st.sampled_from(LEVELS))
def test_ordinal_contradictions_are_exactly_the_pairs_no_level_meets(first: str, second: str, a: str, b: str) -> None:
    rules = [rating("one", first, a), rating("two", second, b)]
    meets_both = any(all(evaluate(r, {"credit_rating": {2026: level}}, as_of=2026).satisfied for r in rules) for level in LEVELS)
    try:
        check_rules(rules)
    except InvalidInputError:
        refused = True
    else:
        refused = False
    assert refused == (not meets_both)


@given(first=st.sampled_from(COMPARISONS), second=st.sampled_from(COMPARISONS), a=st.integers(-3, 3), b=st.integers(-3, 3))
def test_numeric_contradictions_are_exactly_the_pairs_no_number_meets(first: str, second: str, a: int, b: int) -> None:
    rules = [number("one", first, float(a)), number("two", second, float(b))]
    candidates = [x / 2 for x in range(-10, 11)]  # integers and the points between them suffice here
    meets_both = any(all(evaluate(r, {"gdp_growth": {2026: x}}, as_of=2026).satisfied for r in rules) for x in candidates)
    try:
        check_rules(rules)
    except InvalidInputError:
        refused = True
    else:
        refused = False
    assert refused == (not meets_both)


def test_scales_need_distinct_levels() -> None:
    with pytest.raises(InvalidInputError, match="distinct levels"):
        OrdinalScale("bad", ("A", "B", "A"))


# --- properties -----------------------------------------------------------------------------------

YEARS = range(2020, 2027)
histories = st.fixed_dictionaries({}, optional={year: st.sampled_from(LEVELS) for year in YEARS})


def better_or_equal(level: str) -> st.SearchStrategy[str]:
    return st.sampled_from(LEVELS[: LEVELS.index(level) + 1])


@given(
    comparison=st.sampled_from([">=", ">"]),
    threshold=st.sampled_from(LEVELS),
    years=st.integers(1, 5),
    history=histories,
    data=st.data(),
)
def test_a_better_rating_never_loses_eligibility(
    comparison: str, threshold: str, years: int, history: dict[int, str], data: st.DataObject
) -> None:
    rule = rating("r", comparison, threshold, years=years)
    improved = {year: data.draw(better_or_equal(level)) for year, level in history.items()}
    before = evaluate(rule, {"credit_rating": history}, as_of=2026)
    after = evaluate(rule, {"credit_rating": improved}, as_of=2026)
    assert len(after.years) >= len(before.years)
    assert after.satisfied or not before.satisfied


@given(comparison=st.sampled_from(COMPARISONS), threshold=st.sampled_from(LEVELS), years=st.integers(1, 5), history=histories)
def test_satisfied_means_every_year_of_the_window_is_present_and_meets_the_rule(
    comparison: str, threshold: str, years: int, history: dict[int, str]
) -> None:
    rule = rating("r", comparison, threshold, years=years)
    outcome = evaluate(rule, {"credit_rating": history}, as_of=2026)
    standing = CREDIT_RATING.standing
    ops = {
        ">=": lambda x, y: x >= y,
        "<=": lambda x, y: x <= y,
        "==": lambda x, y: x == y,
        "!=": lambda x, y: x != y,
        ">": lambda x, y: x > y,
        "<": lambda x, y: x < y,
    }
    window = range(2026 - years + 1, 2027)
    expected = all(year in history and ops[comparison](standing(history[year]), standing(threshold)) for year in window)
    assert outcome.satisfied == expected
    assert len(outcome.explanation_parts) == years + 3
    assert outcome.explanation.endswith("→ eligible as observer" if expected else "→ not eligible")
