"""The pure rules of disclosure: offsets, tiers each profile allows, and the two clocks."""

from __future__ import annotations

import datetime as dt

import pytest

from incamera.disclosure import tiers
from incamera.disclosure.tiers import Tier
from incamera.kernel.errors import InvalidInputError

END = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_offsets_default_to_the_product_and_stay_in_order() -> None:
    assert tiers.check_offsets({}) == {Tier.OUTLINE: 30, Tier.NON_SENSITIVE: 90, Tier.FULL: 365}
    assert tiers.check_offsets({"outline": 0, "non_sensitive": 0, "full": 0})[Tier.FULL] == 0
    for bad, field in [
        ({"outline": 100}, "non_sensitive"),
        ({"full": -1}, "full"),
        ({"outline": "30"}, "outline"),
        ({"outline": True}, "outline"),
    ]:
        with pytest.raises(InvalidInputError) as info:
            tiers.check_offsets(bad)
        assert info.value.field == field


@pytest.mark.parametrize(
    ("profile", "kind", "tier", "ok"),
    [
        ("chatham_house", "outline", "outline", True),
        ("chatham_house", "outline", "full", False),
        ("chatham_house", "resolution", "outline", False),
        ("chatham_house", "resolution", "non_sensitive", True),
        ("chatham_house", "note", "non_sensitive", True),
        ("closed_record", "note", "full", False),
        ("closed_record", "note", "sealed", True),
        ("three_nos", "resolution", "non_sensitive", False),
        ("three_nos", "resolution", "full", True),
        ("three_nos", "ballot_result", "sealed", True),
        ("chatham_house", "resolution", "public", False),
    ],
)
def test_a_tier_earlier_than_the_profile_allows_is_refused(profile: str, kind: str, tier: str, ok: bool) -> None:
    if ok:
        assert tiers.check_tier(kind, tier, profile=profile) == Tier(tier)
    else:
        with pytest.raises(InvalidInputError) as info:
            tiers.check_tier(kind, tier, profile=profile)
        assert info.value.field == "tier"


def test_due_needs_both_clocks_and_sealed_is_never_due() -> None:
    offsets = tiers.check_offsets({})
    due = tiers.due_at(END, Tier.OUTLINE, offsets)
    assert due == END + dt.timedelta(days=30)
    assert tiers.due_at(END, Tier.SEALED, offsets) is None
    later, earlier = due + dt.timedelta(seconds=1), due - dt.timedelta(seconds=1)
    assert tiers.is_due(due, database_now=later, clock_now=later)
    assert not tiers.is_due(due, database_now=earlier, clock_now=later)  # the machine's clock is ahead
    assert not tiers.is_due(due, database_now=later, clock_now=earlier)  # the database's clock is ahead
    assert not tiers.is_due(None, database_now=later, clock_now=later)
