"""A resolution of the cast's meeting with a commitment owned by the delegate's delegation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from incamera.commitments import actions
from incamera.commitments.models import Commitment
from incamera.kernel.clock import FixedClock
from incamera.resolutions.actions import do_create_resolution
from incamera.resolutions.models import Resolution
from tests.conftest import Cast

START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
OWNER = "Delegate Delegation"


@dataclass
class Committed:
    cast: Cast
    resolution: Resolution
    commitment: Commitment


def at(day: str) -> FixedClock:
    return FixedClock(dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC))


def commit(cast: Cast, resolution: Resolution, *, owner: str = OWNER, target: float = 60, by: str = "2026-12-31") -> Commitment:
    return actions.do_create_commitment(
        resolution,
        owner=owner,
        description="Raise the recycled share of cobalt in batteries.",
        due=dt.date.fromisoformat(by),
        metric="recycled_share",
        unit="%",
        condition={"metric": "recycled_share", "comparison": ">=", "target": target, "by": by},
        by=cast.organizer,
        clock=FixedClock(START),
    )


@pytest.fixture
def committed(cast: Cast) -> Committed:
    resolution = do_create_resolution(
        cast.meeting,
        title="On recycled cobalt",
        texts={"en": "The participants raise the recycled share."},
        legal_character="political_commitment",
        by=cast.organizer,
    )
    return Committed(cast, resolution, commit(cast, resolution))
