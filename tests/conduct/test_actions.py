"""Speaking budgets from the participants and the matrix."""

import pytest

from incamera.conduct import actions as conduct
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_speaking_budgets_follow_the_matrix_and_the_floor(scored: Cast) -> None:
    from incamera.meetings.actions import do_add_member
    from tests.conftest import make_user

    for email, delegation in (("c.rojas@example.org", "Chile"), ("g.uwase@example.org", "Kivu Refiners")):
        do_add_member(scored.meeting, make_user(email), role="delegate", delegation=delegation, by=scored.organizer)
    delegations, budgets = conduct.speaking_for(scored.meeting, session_seconds=3600, floor_seconds=300)
    assert sum(budgets.seconds.values()) == 3600
    assert all(s >= 300 for s in budgets.seconds.values())
    assert budgets.seconds["Chile"] > budgets.seconds["Kivu Refiners"] > 300
    assert {d.name for d in delegations} >= {"Chile", "Kivu Refiners"}
