import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError
from incamera.vetting.matrix import (
    DEFAULT_CRITERIA,
    Assessment,
    Candidate,
    Contribution,
    CriteriaError,
    Criterion,
    MatrixInputError,
    MatrixResult,
    RosterError,
    ScoreError,
    Thresholds,
    ThresholdsError,
    Tier,
    assess,
)


def candidate(cid: str = "d-1", name: str = "Ruritania", /, **scores: float) -> Candidate:
    return Candidate(cid, name, scores)


def only(result: MatrixResult) -> Assessment:
    (assessment,) = result.assessments
    return assessment


def rendered(assessment: Assessment) -> str:
    return " ".join(template % params for template, params in assessment.explanation_parts)


# --- the worked example --------------------------------------------------------------------------


def test_the_total_shown_is_the_total_the_explanation_gives() -> None:
    assessment = only(assess([candidate(DPI=0, TRC=57, GPW=62.5)]))  # 0 + 14.25 + 25 = 39.25
    assert assessment.total == 39.25
    assert assessment.total_text == "39.2"
    assert "→ total 39.2," in assessment.explanation


def test_the_example_adds_up_and_explains_itself() -> None:
    result = assess([candidate(DPI=50, TRC=42, GPW=72)])
    assessment = only(result)

    assert assessment.total == 56.8
    assert assessment.tier is Tier.OBSERVER
    assert assessment.contributions == (
        Contribution("DPI", 50, 0.35, 17.5),
        Contribution("TRC", 42, 0.25, 10.5),
        Contribution("GPW", 72, 0.40, 28.8),
    )
    assert assessment.explanation == (
        "GPW 72 × 0.40 = 28.8 + DPI 50 × 0.35 = 17.5 + TRC 42 × 0.25 = 10.5 → total 56.8, "
        "3.2 below the member threshold 60; 16.8 above the observer threshold 40: observer"
    )
    assert result.notice is None
    assert result.notice_parts == ()
    assert result.weights == DEFAULT_CRITERIA


def test_explanation_parts_are_templates_that_render_the_english_text() -> None:
    assessment = only(assess([candidate(DPI=50, TRC=42, GPW=72)]))
    templates = [template for template, _ in assessment.explanation_parts]

    assert templates == [
        "%(criterion)s %(score)s × %(weight)s = %(points)s",
        "+ %(criterion)s %(score)s × %(weight)s = %(points)s",
        "+ %(criterion)s %(score)s × %(weight)s = %(points)s",
        "→ total %(total)s,",
        "%(gap)s below the member threshold %(threshold)s;",
        "%(gap)s above the observer threshold %(threshold)s: observer",
    ]
    assert assessment.explanation_parts[0][1] == {"criterion": "GPW", "score": "72", "weight": "0.40", "points": "28.8"}
    assert rendered(assessment) == assessment.explanation


def test_members_and_the_not_invited_are_explained_too() -> None:
    member = only(assess([candidate(DPI=80, TRC=70, GPW=90)]))
    outsider = only(assess([candidate(DPI=10, TRC=20, GPW=30)]))

    assert member.tier is Tier.MEMBER
    assert member.explanation.endswith("→ total 81.5, 21.5 above the member threshold 60: member")
    assert outsider.tier is Tier.NOT_INVITED
    assert outsider.explanation == (
        "GPW 30 × 0.40 = 12.0 + TRC 20 × 0.25 = 5.0 + DPI 10 × 0.35 = 3.5 → total 20.5, "
        "39.5 below the member threshold 60; 19.5 below the observer threshold 40: not invited"
    )


def test_scores_with_decimals_are_shown_with_at_most_two() -> None:
    assessment = only(assess([candidate(DPI=33.333333, TRC=12.5, GPW=70.1)]))

    assert assessment.explanation.startswith("GPW 70.1 × 0.40 = 28.0 + DPI 33.33 × 0.35 = 11.7 + TRC 12.5 × 0.25 = 3.1")


def test_equal_contributions_are_listed_in_the_order_of_the_criteria() -> None:
    criteria = [Criterion("A", "a", 1), Criterion("B", "b", 1), Criterion("C", "c", 1)]

    assessment = only(assess([candidate(A=50, B=50, C=50)], criteria=criteria))

    assert assessment.explanation.startswith("A 50 × 0.33 = 16.7 + B 50 × 0.33 = 16.7 + C 50 × 0.33 = 16.7 → total 50.0")


def test_tier_labels_are_words() -> None:
    assert [tier.label for tier in Tier] == ["member", "observer", "not invited"]
    assert Tier("not_invited") is Tier.NOT_INVITED


# --- tier boundaries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "tier", "ending"),
    [
        (60, Tier.MEMBER, "→ total 60.0, at the member threshold 60: member"),
        (59.9, Tier.OBSERVER, "→ total 59.9, 0.1 below the member threshold 60; 19.9 above the observer threshold 40: observer"),
        (40, Tier.OBSERVER, "→ total 40.0, 20.0 below the member threshold 60; at the observer threshold 40: observer"),
        (39.9, Tier.NOT_INVITED, "→ total 39.9, 20.1 below the member threshold 60; 0.1 below the observer threshold 40: not invited"),
        (100, Tier.MEMBER, "→ total 100.0, 40.0 above the member threshold 60: member"),
        (0, Tier.NOT_INVITED, "→ total 0.0, 60.0 below the member threshold 60; 40.0 below the observer threshold 40: not invited"),
    ],
)
def test_a_total_at_a_threshold_reaches_it(score: float, tier: Tier, ending: str) -> None:
    assessment = only(assess([candidate(DPI=score, TRC=score, GPW=score)]))

    assert assessment.total == score
    assert assessment.tier is tier
    assert assessment.explanation.endswith(ending)


def test_points_are_the_decimals_people_expect() -> None:
    assessment = only(assess([candidate(DPI=70, TRC=60, GPW=33)]))

    assert [c.points for c in assessment.contributions] == [24.5, 15.0, 13.2]  # 33 × 0.40 is 13.200000000000001 in floats
    assert assessment.total == 52.7


def test_rounding_noise_does_not_push_a_total_below_a_threshold() -> None:
    # 1/6, 1/3 and 1/2 are not exact in binary: 60 × each, summed, is not exactly 60 in floats.
    criteria = [Criterion("A", "a", 0.1), Criterion("B", "b", 0.2), Criterion("C", "c", 0.3)]

    assessment = only(assess([candidate(A=60, B=60, C=60)], criteria=criteria))

    assert assessment.total == 60
    assert assessment.tier is Tier.MEMBER


def test_points_that_add_up_to_a_threshold_reach_it_despite_binary_fractions() -> None:
    # In floats, 14.7 + 18.9 + 26.4 is 59.99999999999999.
    assessment = only(assess([candidate(DPI=42, TRC=75.6, GPW=66)]))

    assert assessment.total == 60
    assert assessment.tier is Tier.MEMBER
    assert assessment.explanation.endswith("→ total 60.0, at the member threshold 60: member")


def test_a_total_just_below_a_threshold_is_never_shown_rounded_onto_it() -> None:
    close = only(assess([candidate(DPI=59.96, TRC=59.96, GPW=59.96)]))
    closer = only(assess([candidate(DPI=39.999, TRC=39.999, GPW=39.999)]))
    above = only(assess([candidate(DPI=60.04, TRC=60.04, GPW=60.04)]))

    assert close.tier is Tier.OBSERVER
    assert close.explanation.endswith("→ total 59.96, 0.04 below the member threshold 60; 19.96 above the observer threshold 40: observer")
    assert closer.tier is Tier.NOT_INVITED
    assert "→ total 39.999, 20.001 below the member threshold 60; 0.001 below the observer threshold 40" in closer.explanation
    assert above.explanation.endswith("→ total 60.04, 0.04 above the member threshold 60: member")


def test_custom_thresholds_with_decimals_keep_the_gaps_exact() -> None:
    assessment = only(assess([candidate(DPI=50, TRC=42, GPW=72)], thresholds=Thresholds(member=62.5, observer=56.75)))

    assert assessment.tier is Tier.OBSERVER
    assert assessment.explanation.endswith(
        "→ total 56.80, 5.70 below the member threshold 62.5; 0.05 above the observer threshold 56.75: observer"
    )


# --- normalisation --------------------------------------------------------------------------------


def test_weights_that_do_not_sum_to_one_are_normalised_and_the_notice_says_so() -> None:
    criteria = [Criterion("DPI", "Decision-power index", 0.35), Criterion("TRC", "Topic relevance", 0.45), Criterion("GPW", "Geo", 0.4)]

    result = assess([candidate(DPI=50, TRC=42, GPW=72)], criteria=criteria)

    assert result.notice == "the weights summed to 1.20; they were normalised to sum to 1"
    assert result.notice_parts == (("the weights summed to %(sum)s; they were normalised to sum to 1", {"sum": "1.20"}),)
    assert [c.weight for c in result.weights] == pytest.approx([0.35 / 1.2, 0.45 / 1.2, 0.4 / 1.2], abs=1e-12)
    assert math.fsum(c.weight for c in result.weights) == pytest.approx(1, abs=1e-12)
    assert [c.label for c in result.weights] == ["Decision-power index", "Topic relevance", "Geo"]
    # 50 × 0.2917 + 42 × 0.375 + 72 × 0.3333
    assert only(result).total == pytest.approx((50 * 0.35 + 42 * 0.45 + 72 * 0.4) / 1.2, abs=1e-9)


def test_weights_on_another_scale_give_the_same_assessment_as_their_fractions() -> None:
    percent = [Criterion("DPI", "d", 35), Criterion("TRC", "t", 25), Criterion("GPW", "g", 40)]

    result = assess([candidate(DPI=50, TRC=42, GPW=72)], criteria=percent)

    assert result.notice == "the weights summed to 100.00; they were normalised to sum to 1"
    assert only(result) == only(assess([candidate(DPI=50, TRC=42, GPW=72)]))


def test_a_sum_near_one_is_printed_with_enough_decimals_to_differ_from_one() -> None:
    criteria = [Criterion("A", "a", 0.5), Criterion("B", "b", 0.4999)]

    assert assess([candidate(A=1, B=1)], criteria=criteria).notice == "the weights summed to 0.9999; they were normalised to sum to 1"


def test_a_sum_within_one_billionth_of_one_needs_no_notice() -> None:
    criteria = [Criterion("A", "a", 0.1), Criterion("B", "b", 0.2), Criterion("C", "c", 0.7 + 1e-12)]

    assert assess([candidate(A=1, B=1, C=1)], criteria=criteria).notice is None


def test_a_small_positive_weight_is_not_shown_as_zero() -> None:
    criteria = [Criterion("A", "a", 1), Criterion("B", "b", 998), Criterion("C", "c", 1)]

    assessment = only(assess([candidate(A=100, B=0, C=0)], criteria=criteria))

    assert assessment.explanation.startswith("A 100 × 0.001 = 0.1 + B 0 × 1.00 = 0.0 + C 0 × 0.001 = 0.0")


def test_a_criterion_weighted_zero_counts_for_nothing_but_is_shown() -> None:
    criteria = [Criterion("A", "a", 1), Criterion("B", "b", 0)]

    assessment = only(assess([candidate(A=50, B=100)], criteria=criteria))

    assert assessment.total == 50
    assert assessment.explanation.startswith("A 50 × 1.00 = 50.0 + B 100 × 0.00 = 0.0 → total 50.0")


# --- ordering -------------------------------------------------------------------------------------


def test_assessments_are_ordered_by_total_then_id() -> None:
    roster = [
        candidate("c", "Carpathia", DPI=50, TRC=50, GPW=50),
        candidate("a", "Arcadia", DPI=10, TRC=10, GPW=10),
        candidate("b", "Borduria", DPI=50, TRC=50, GPW=50),
        candidate("d", "Dystopia", DPI=90, TRC=90, GPW=90),
    ]

    result = assess(roster)

    assert [a.candidate.id for a in result.assessments] == ["d", "b", "c", "a"]
    assert [a.tier for a in result.assessments] == [Tier.MEMBER, Tier.OBSERVER, Tier.OBSERVER, Tier.NOT_INVITED]
    assert result.assessments[0].candidate is roster[3]


def test_integer_decimal_and_fraction_scores_are_accepted() -> None:
    assessment = only(assess([candidate(DPI=50, TRC=Decimal("42.0"), GPW=Fraction(72))]))  # type: ignore[arg-type]

    assert assessment.total == 56.8
    assert [type(c.score) for c in assessment.contributions] == [float, float, float]


# --- bad input ------------------------------------------------------------------------------------

GOOD = {"DPI": 50.0, "TRC": 42.0, "GPW": 72.0}


@pytest.mark.parametrize(
    ("scores", "message", "criterion"),
    [
        ({"DPI": 50, "GPW": 72}, "candidate 'Ruritania' (id d-1) has no score for TRC", "TRC"),
        (
            {**GOOD, "XYZ": 1, "ABC": 2},
            "candidate 'Ruritania' (id d-1) has scores for unknown criteria: XYZ, ABC; the criteria are DPI, TRC, GPW",
            "XYZ",
        ),
        (
            {"DPI": 50, "TRC": 42, "GWP": 72},
            "candidate 'Ruritania' (id d-1) has scores for unknown criteria: GWP; the criteria are DPI, TRC, GPW",
            "GWP",
        ),
        ({**GOOD, "TRC": 100.5}, "candidate 'Ruritania' (id d-1) has TRC 100.5; expected a number from 0 to 100", "TRC"),
        ({**GOOD, "DPI": -1}, "candidate 'Ruritania' (id d-1) has DPI -1; expected a number from 0 to 100", "DPI"),
        ({**GOOD, "GPW": math.nan}, "candidate 'Ruritania' (id d-1) has GPW nan; expected a number from 0 to 100", "GPW"),
        ({**GOOD, "GPW": math.inf}, "candidate 'Ruritania' (id d-1) has GPW inf; expected a number from 0 to 100", "GPW"),
        ({**GOOD, "DPI": "50"}, "candidate 'Ruritania' (id d-1) has DPI '50'; expected a number from 0 to 100", "DPI"),
        ({**GOOD, "DPI": True}, "candidate 'Ruritania' (id d-1) has DPI True; expected a number from 0 to 100", "DPI"),
        ({**GOOD, "DPI": None}, "candidate 'Ruritania' (id d-1) has DPI None; expected a number from 0 to 100", "DPI"),
        (
            {**GOOD, "DPI": Decimal("sNaN")},
            "candidate 'Ruritania' (id d-1) has DPI Decimal('sNaN'); expected a number from 0 to 100",
            "DPI",
        ),
    ],
)
def test_bad_scores_are_refused_naming_the_candidate_and_criterion(scores: dict[str, object], message: str, criterion: str) -> None:
    roster = [candidate("d-0", "Elbonia", **GOOD), Candidate("d-1", "Ruritania", scores)]  # type: ignore[arg-type]

    with pytest.raises(ScoreError) as info:
        assess(roster)

    error = info.value
    assert error.message == message
    assert (error.candidate, error.criterion, error.field) == ("d-1", criterion, "scores")
    assert error.template is not None
    assert error.template % error.params == message
    assert isinstance(error, MatrixInputError)
    assert isinstance(error, InvalidInputError)


@pytest.mark.parametrize(
    ("criteria", "message", "criterion"),
    [
        ([], "no criteria are defined; add at least one", None),
        (
            [Criterion("DPI", "a", 0.5), Criterion("DPI", "b", 0.5)],
            "criterion key DPI is used more than once; each criterion needs its own key",
            "DPI",
        ),
        ([Criterion("DPI", "a", 1), Criterion("TRC", "b", -0.2)], "criterion TRC has weight -0.2; expected a number of 0 or more", "TRC"),
        ([Criterion("DPI", "a", math.nan)], "criterion DPI has weight nan; expected a number of 0 or more", "DPI"),
        ([Criterion("DPI", "a", math.inf)], "criterion DPI has weight inf; expected a number of 0 or more", "DPI"),
        (
            [Criterion("DPI", "a", 0), Criterion("TRC", "b", 0.0)],
            "every criterion has weight 0 (DPI, TRC); give at least one a positive weight",
            None,
        ),
        ([Criterion(" ", "Influence", 1)], "criterion 'Influence' has an empty key; give it a short code such as DPI", " "),
    ],
)
def test_bad_criteria_are_refused(criteria: list[Criterion], message: str, criterion: str | None) -> None:
    with pytest.raises(CriteriaError) as info:
        assess([candidate(**GOOD)], criteria=criteria)

    error = info.value
    assert error.message == message
    assert (error.criterion, error.field) == (criterion, "criteria")
    assert error.template is not None
    assert error.template % error.params == message


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        (Thresholds(member=120), "the member threshold is 120; expected a number from 0 to 100"),
        (Thresholds(observer=-5), "the observer threshold is -5; expected a number from 0 to 100"),
        (Thresholds(member=math.nan), "the member threshold is nan; expected a number from 0 to 100"),
        (Thresholds(member=40, observer=60), "the member threshold (40) must be above the observer threshold (60)"),
        (Thresholds(member=50, observer=50), "the member threshold (50) must be above the observer threshold (50)"),
    ],
)
def test_bad_thresholds_are_refused(thresholds: Thresholds, message: str) -> None:
    with pytest.raises(ThresholdsError) as info:
        assess([candidate(**GOOD)], thresholds=thresholds)

    error = info.value
    assert error.message == message
    assert error.field == "thresholds"
    assert error.template is not None
    assert error.template % error.params == message


def test_an_empty_roster_is_refused() -> None:
    with pytest.raises(RosterError) as info:
        assess([])

    assert info.value.message == "the roster is empty; add at least one candidate"
    assert info.value.field == "candidates"


def test_duplicate_candidate_ids_are_refused_naming_both() -> None:
    roster = [candidate("d-1", "Ruritania", **GOOD), candidate("d-2", "Elbonia", **GOOD), candidate("d-1", "Ruritania (2)", **GOOD)]

    with pytest.raises(RosterError) as info:
        assess(roster)

    assert info.value.message == "candidate id 'd-1' is used by both 'Ruritania' and 'Ruritania (2)'; ids must be unique"
    assert info.value.candidate == "d-1"


def test_long_names_are_shortened_in_messages() -> None:
    with pytest.raises(ScoreError) as info:
        assess([candidate("d-1", "N" * 500, DPI=50, TRC=42)])

    assert info.value.message == f"candidate '{'N' * 79}…' (id d-1) has no score for GPW"


# --- properties -----------------------------------------------------------------------------------

SCORES = st.floats(min_value=0, max_value=100)
KEYS = ["DPI", "TRC", "GPW", "K4", "K5"]


@st.composite
def thresholds(draw: st.DrawFn) -> Thresholds:
    low, high = sorted(draw(st.lists(st.floats(min_value=0, max_value=100), min_size=2, max_size=2, unique=True)))
    return Thresholds(member=high, observer=low)


@st.composite
def rosters(draw: st.DrawFn, weights: st.SearchStrategy[float]) -> tuple[list[Criterion], list[Candidate]]:
    count = draw(st.integers(min_value=1, max_value=len(KEYS)))
    chosen = draw(st.lists(weights, min_size=count, max_size=count).filter(any))
    criteria = [Criterion(key, key.lower(), weight) for key, weight in zip(KEYS, chosen, strict=False)]
    people = draw(st.integers(min_value=1, max_value=6))
    roster = [Candidate(f"c{i}", f"Candidate {i}", {c.key: draw(SCORES) for c in criteria}) for i in range(people)]
    return criteria, roster


ANY_WEIGHT = st.one_of(st.just(0.0), st.floats(min_value=1e-3, max_value=1e3))


@settings(max_examples=300, deadline=None)
@given(rosters(ANY_WEIGHT), thresholds())
def test_totals_lie_between_0_and_100_and_agree_with_tier_and_words(
    roster: tuple[list[Criterion], list[Candidate]], limits: Thresholds
) -> None:
    criteria, people = roster

    result = assess(people, criteria=criteria, thresholds=limits)

    assert [a.total for a in result.assessments] == sorted((a.total for a in result.assessments), reverse=True)
    for assessment in result.assessments:
        assert 0 <= assessment.total <= 100
        assert assessment.explanation == rendered(assessment)
        words = assessment.explanation
        assert f"→ total {assessment.total_text}," in words
        expected = (
            Tier.MEMBER if assessment.total >= limits.member else Tier.OBSERVER if assessment.total >= limits.observer else Tier.NOT_INVITED
        )
        assert assessment.tier is expected
        assert words.endswith(": " + assessment.tier.label)
        assert ("below the member threshold" in words) == (assessment.tier is not Tier.MEMBER)
        assert ("below the observer threshold" in words) == (assessment.tier is Tier.NOT_INVITED)
        shown = float(words.split("→ total ")[1].split(",")[0])
        assert (shown >= limits.member) == (assessment.tier is Tier.MEMBER)


@settings(max_examples=300, deadline=None)
@given(rosters(ANY_WEIGHT), thresholds(), st.data())
def test_raising_one_score_never_lowers_the_total_or_the_tier(
    roster: tuple[list[Criterion], list[Candidate]], limits: Thresholds, data: st.DataObject
) -> None:
    criteria, people = roster
    person = people[0]
    key = data.draw(st.sampled_from([c.key for c in criteria]))
    higher = data.draw(st.floats(min_value=person.scores[key], max_value=100))
    raised = Candidate(person.id, person.name, {**person.scores, key: higher})
    rank = {Tier.NOT_INVITED: 0, Tier.OBSERVER: 1, Tier.MEMBER: 2}

    before = only(assess([person], criteria=criteria, thresholds=limits))
    after = only(assess([raised], criteria=criteria, thresholds=limits))

    assert after.total >= before.total
    assert rank[after.tier] >= rank[before.tier]


def strip_notice(result: MatrixResult) -> MatrixResult:
    return MatrixResult(result.assessments, result.weights, None)


@settings(max_examples=300, deadline=None)
@given(rosters(st.integers(min_value=0, max_value=1000).map(float)), thresholds(), st.integers(min_value=1, max_value=10**6))
def test_scaling_integer_weights_by_an_integer_changes_nothing_but_the_notice(
    roster: tuple[list[Criterion], list[Candidate]], limits: Thresholds, factor: int
) -> None:
    criteria, people = roster
    scaled = [Criterion(c.key, c.label, c.weight * factor) for c in criteria]

    assert strip_notice(assess(people, criteria=scaled, thresholds=limits)) == strip_notice(
        assess(people, criteria=criteria, thresholds=limits)
    )


@settings(max_examples=300, deadline=None)
@given(rosters(ANY_WEIGHT), thresholds(), st.integers(min_value=-20, max_value=20))
def test_scaling_weights_by_a_power_of_two_changes_nothing_but_the_notice(
    roster: tuple[list[Criterion], list[Candidate]], limits: Thresholds, exponent: int
) -> None:
    criteria, people = roster
    scaled = [Criterion(c.key, c.label, math.ldexp(c.weight, exponent)) for c in criteria]

    assert strip_notice(assess(people, criteria=scaled, thresholds=limits)) == strip_notice(
        assess(people, criteria=criteria, thresholds=limits)
    )


@settings(max_examples=300, deadline=None)
@given(rosters(ANY_WEIGHT), thresholds(), st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_weights_by_any_factor_keeps_every_tier_clear_of_a_threshold(
    roster: tuple[list[Criterion], list[Candidate]], limits: Thresholds, factor: float
) -> None:
    # A scaled weight is itself rounded to a float, so exact equality is not promised here; totals
    # agree to 1e-9, so tiers agree whenever the total is not within that of a threshold.
    criteria, people = roster
    scaled = [Criterion(c.key, c.label, c.weight * factor) for c in criteria]

    before = {a.candidate.id: a for a in assess(people, criteria=criteria, thresholds=limits).assessments}
    after = {a.candidate.id: a for a in assess(people, criteria=scaled, thresholds=limits).assessments}

    for cid, assessment in before.items():
        assert after[cid].total == pytest.approx(assessment.total, abs=1e-8)
        assume(min(abs(assessment.total - limits.member), abs(assessment.total - limits.observer)) > 1e-7)
        assert after[cid].tier is assessment.tier


def test_weights_whose_sum_overflows_are_refused() -> None:
    """Issue 9, finding 7: two weights of 1e308 overflowed ``fsum`` (a 500 on the matrix page)."""
    criteria = [Criterion("DPI", "a", 1e308), Criterion("TRC", "b", 1e308)]
    with pytest.raises(CriteriaError, match="too large to add up"):
        assess([], criteria=criteria, thresholds=Thresholds(member=60, observer=40))
