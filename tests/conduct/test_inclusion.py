import math
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.conduct.inclusion import (
    CSV_HEADER,
    Bound,
    Participant,
    gini,
    inclusion_report,
)
from incamera.kernel.errors import InvalidInputError
from incamera.tables import write_csv

ROSTER = [
    Participant("glencore", "company_multinational", "Europe", seats=90, speaking_seconds=5400),
    Participant("rio", "company_multinational", "Oceania", seats=27, speaking_seconds=3600),
    Participant("kibo", "company_sme", "Africa", seats=10, speaking_seconds=600),
    Participant("chile", "state", "Americas", seats=20, speaking_seconds=2400),
    Participant("oxfam", "ngo", "Europe", seats=3, speaking_seconds=0),
]


def test_the_seed_ratio_of_eleven_point_seven() -> None:
    report = inclusion_report(ROSTER)
    assert report.multinational_sme_seat_ratio.value == pytest.approx(11.7)
    assert report.multinational_sme_seat_ratio.multinational == 117
    assert report.multinational_sme_seat_ratio.sme == 10
    assert report.multinational_sme_speaking_ratio.value == pytest.approx(15.0)
    assert ("multinational_sme_seat_ratio", "", "11.7") in report.to_csv_rows()


def test_shares_by_category_and_region() -> None:
    report = inclusion_report(ROSTER)
    assert report.seats == 150
    assert report.seat_share_by_category == {
        "state": pytest.approx(20 / 150),
        "company_multinational": pytest.approx(117 / 150),
        "company_sme": pytest.approx(10 / 150),
        "ngo": pytest.approx(3 / 150),
    }
    assert list(report.seat_share_by_region) == ["Africa", "Americas", "Europe", "Oceania"]
    assert report.speaking_share_by_region["Europe"] == pytest.approx(5400 / 12000)
    assert report.speaking_share_by_category["ngo"] == 0.0


def test_without_an_sme_the_ratio_is_none_with_a_reason() -> None:
    report = inclusion_report([p for p in ROSTER if p.category != "company_sme"])
    assert report.multinational_sme_seat_ratio.value is None
    assert report.multinational_sme_seat_ratio.reason == "no SME takes part, so there is no ratio"
    silent = inclusion_report([*ROSTER[:2], Participant("kibo", "company_sme", "Africa", seats=1, speaking_seconds=0)])
    assert silent.multinational_sme_speaking_ratio.reason == "SMEs have not spoken, so there is no ratio"
    assert silent.multinational_sme_seat_ratio.value == 117.0
    assert ("multinational_sme_speaking_ratio", "", "") in silent.to_csv_rows()


def test_gini_known_values() -> None:
    assert gini([5, 5, 5]) == 0.0
    assert gini([0, 0, 0]) == 0.0
    assert gini([0, 0, 0, 1]) == pytest.approx(0.75)  # one of four has everything: (n - 1) / n
    assert gini([100, 300, 1200]) == pytest.approx(11 / 24)
    report = inclusion_report(ROSTER)
    assert report.gini_speaking_participants == pytest.approx(gini([5400, 3600, 600, 2400, 0]))
    assert report.gini_speaking_categories == pytest.approx(gini([2400, 9000, 600, 0]))


@pytest.mark.parametrize(("values", "fragment"), [([], "at least one value"), ([1, -2], "found -2"), ([1, math.nan], "found nan")])
def test_gini_refuses_what_it_cannot_measure(values: list[float], fragment: str) -> None:
    with pytest.raises(InvalidInputError, match=fragment):
        gini(values)


def test_alarms_fire_outside_the_bounds_and_carry_their_template() -> None:
    bounds = [
        Bound("multinational_sme_seat_ratio", max=5),
        Bound("seat_share_by_region:Africa", min=0.1),
        Bound("speaking_share_by_category:state", min=0.1, max=0.5),
        Bound("gini_speaking_participants", max=0.9),
        Bound("seat_share_by_region:Asia", min=0.05),
    ]
    report = inclusion_report(ROSTER, bounds=bounds)
    messages = {alarm.metric: alarm.message for alarm in report.alarms}
    assert messages == {
        "multinational_sme_seat_ratio": "the multinational : SME seat ratio is 11.7×, above the maximum 5.0×",
        "seat_share_by_region:Africa": "seat share of region Africa is 6.7%, below the minimum 10.0%",
        "seat_share_by_region:Asia": "seat share of region Asia is 0.0%, below the minimum 5.0%",  # no one from Asia at all
    }
    for alarm in report.alarms:
        assert alarm.message.template % alarm.message.params == alarm.message
        assert alarm.bound in bounds
    assert ("alarm", "seat_share_by_region:Asia", messages["seat_share_by_region:Asia"]) in report.to_csv_rows()


def test_an_alarm_shows_enough_digits_to_tell_value_from_bound() -> None:
    roster = [Participant("un", "international_organisation", "Europe", seats=1), Participant("wwf", "ngo", "Europe", seats=1000)]
    report = inclusion_report(roster, bounds=[Bound("seat_share_by_category:ngo", max=0.999)])
    assert report.alarms[0].message == "seat share of category ngo is 99.9001%, above the maximum 99.9000%"


def test_an_sme_free_roster_with_multinationals_alarms_on_a_maximum_ratio() -> None:
    roster = [p for p in ROSTER if p.category != "company_sme"]
    report = inclusion_report(roster, bounds=[Bound("multinational_sme_seat_ratio", max=5, min=1)])
    assert [a.message for a in report.alarms] == [
        "the multinational : SME seat ratio is unbounded (multinationals hold 117 seats, SMEs none), above the maximum 5.0×"
    ]
    assert report.alarms[0].value is None


def test_no_speaking_time_yet_gives_zero_shares_a_note_and_no_share_alarms() -> None:
    roster = [Participant("a", "state", "Europe"), Participant("b", "ngo", "Africa")]
    report = inclusion_report(roster, bounds=[Bound("speaking_share_by_region:Africa", min=0.2)])
    assert report.speaking_share_by_region == {"Africa": 0.0, "Europe": 0.0}
    assert report.notes == ("no speaking time is recorded yet, so every speaking-time share is 0",)
    assert report.alarms == ()
    assert report.gini_speaking_participants == 0.0


@pytest.mark.parametrize(
    ("bound", "fragment"),
    [
        (Bound("seat_ratio", max=1), "unknown metric 'seat_ratio'"),
        (Bound("seat_share_by_region", max=1), "unknown metric 'seat_share_by_region'"),
        (Bound("gini_speaking_participants:x", max=1), "unknown metric"),
        (Bound("gini_speaking_participants"), "neither a minimum nor a maximum"),
        (Bound("gini_speaking_participants", min=0.5, max=0.2), "minimum 0.5 above its maximum 0.2"),
        (Bound("gini_speaking_participants", max=math.nan), "must be a finite number; found nan"),
    ],
)
def test_malformed_bounds_are_refused(bound: Bound, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        inclusion_report(ROSTER, bounds=[bound])
    assert fragment in info.value.message
    assert info.value.field == "bounds"


@pytest.mark.parametrize(
    ("roster", "field", "fragment"),
    [
        ([], "participants", "the roster is empty"),
        ([ROSTER[0], ROSTER[1], ROSTER[0]], "participants", "participant glencore appears twice (positions 1 and 3)"),
        ([Participant("a", "state", " ")], "region", "participant a has no region"),
        ([Participant("a", "state", "Asia", seats=-1)], "seats", "participant a has -1 seats"),
        ([Participant("a", "state", "Asia", speaking_seconds=1.5)], "speaking_seconds", "has 1.5 speaking_seconds"),  # type: ignore[arg-type]
    ],
)
def test_bad_rosters_are_refused_precisely(roster: list[Participant], field: str, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        inclusion_report(roster)
    assert info.value.field == field
    assert fragment in info.value.message


def test_any_record_with_the_fields_will_do_and_the_rows_export_as_csv() -> None:
    @dataclass
    class Delegation:
        id: str
        category: str
        region: str
        seats: int
        speaking_seconds: int
        name: str = "ignored"

    report = inclusion_report([Delegation("a", "academic", "Asia", 2, 60)])
    assert report.seat_share_by_category == {"academic": 1.0}
    csv_text = write_csv(CSV_HEADER, report.to_csv_rows()).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "metric,group,value"
    assert "seat_share_by_region,Asia,1.0" in csv_text


participants = st.lists(
    st.builds(
        Participant,
        id=st.uuids().map(str),
        category=st.sampled_from(["state", "ngo", "academic", "company_sme", "company_multinational"]),
        region=st.sampled_from(["Africa", "Asia", "Europe", "Americas"]),
        seats=st.integers(0, 50),
        speaking_seconds=st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=30,
    unique_by=lambda p: p.id,
)


@given(roster=participants)
def test_shares_sum_to_one_and_ratios_match_the_totals(roster: list[Participant]) -> None:
    report = inclusion_report(roster)
    for shares, total in (
        (report.seat_share_by_category, report.seats),
        (report.seat_share_by_region, report.seats),
        (report.speaking_share_by_category, report.speaking_seconds),
        (report.speaking_share_by_region, report.speaking_seconds),
    ):
        assert all(0 <= share <= 1 for share in shares.values())
        assert math.fsum(shares.values()) == pytest.approx(1.0 if total else 0.0)
    ratio = report.multinational_sme_seat_ratio
    assert (ratio.value is None) == (ratio.sme == 0)
    assert (ratio.reason is None) == (ratio.sme != 0)


@given(values=st.lists(st.integers(0, 10_000), min_size=1, max_size=40))
def test_gini_is_the_mean_absolute_difference_over_twice_the_mean(values: list[int]) -> None:
    n, total = len(values), sum(values)
    g = gini(values)
    assert 0 <= g < 1
    assert g <= (n - 1) / n + 1e-12
    expected = 0.0 if total == 0 else sum(abs(x - y) for x in values for y in values) / (2 * n * total)
    assert g == pytest.approx(expected, abs=1e-12)
    assert gini([x * 3 for x in values]) == pytest.approx(g, abs=1e-12)  # scale does not matter


@given(value=st.integers(0, 10_000), n=st.integers(1, 50))
def test_gini_is_zero_when_everyone_has_the_same(value: int, n: int) -> None:
    assert gini([value] * n) == 0.0
