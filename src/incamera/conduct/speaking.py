"""Speaking-time budgets for a session (issue 4, §6).

Every participant first receives the floor (inclusion); the rest of the session is shared in
proportion to the weights (for example the qualification matrix's scores: only their ratios
matter, so they need not sum to 1).  Shares are rounded to whole seconds by the largest-remainder
method (Hamilton): each participant gets the whole part of its exact quota, and the seconds left
over go one each to the largest fractional parts, ties to the smaller id in string order.  Quotas
are exact fractions, so the result is deterministic and the budgets sum to the session exactly.

Hamilton keeps every budget within one second of ``floor + quota`` (the quota rule), so when
someone joins or leaves, each other budget moves by the change of its quota, within a second.
When every weight is 0 the time above the floor is shared equally, and ``Budgets.notice`` says so.

Pure: no Django.  Messages carry their template for translation, as in ``kernel/messages.py``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from incamera.kernel.messages import Notice, gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = ["Budgets", "Notice", "speaking_budgets"]


@dataclass(frozen=True)
class Budgets:
    """Whole seconds per participant, in the order of the weights given; they sum to the session."""

    seconds: dict[str, int]
    notice: Notice | None = None


def _whole_seconds(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        template = gettext_noop("must be a whole number of seconds, 0 or more; found %(found)s")
        raise _invalid(template, field=name, found=repr(value))
    return value


def speaking_budgets(weights: Mapping[str, float], *, session_seconds: int, floor_seconds: int) -> Budgets:
    """Each participant's speaking time: the floor plus a weighted share of the rest, in whole seconds.

    Raises InvalidInputError for no participants, a negative or non-finite weight, or a floor the
    session cannot give everyone (the message names the largest floor that fits).
    """
    session = _whole_seconds("session_seconds", session_seconds)
    floor = _whole_seconds("floor_seconds", floor_seconds)
    if not weights:
        raise _invalid(gettext_noop("there are no participants to share the session between"), field="participants")
    exact: dict[str, Fraction] = {}
    for participant, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
            template = gettext_noop("the weight of %(participant)s is %(found)s; weights must be finite numbers, 0 or more")
            raise _invalid(template, field="weights", participant=participant, found=repr(weight))
        exact[participant] = Fraction(weight)
    count = len(exact)
    if floor * count > session:
        template = gettext_noop(
            "a floor of %(floor)d s for %(count)d participants needs %(needed)d s, but the session lasts %(session)d s; "
            "the largest floor possible is %(maximum)d s"
        )
        raise _invalid(
            template, field="floor_seconds", floor=floor, count=count, needed=floor * count, session=session, maximum=session // count
        )

    shared = session - floor * count
    total = sum(exact.values(), Fraction(0))
    notice = None
    if total == 0:
        quotas = {participant: Fraction(shared, count) for participant in exact}
        if shared:
            template = gettext_noop("every weight is 0, so the %(shared)d s above the floor are shared equally")
            notice = Notice(template, shared=shared)
    else:
        quotas = {participant: shared * weight / total for participant, weight in exact.items()}

    whole = {participant: math.floor(quota) for participant, quota in quotas.items()}
    left = shared - sum(whole.values())
    by_remainder = sorted(quotas, key=lambda participant: (-(quotas[participant] - whole[participant]), participant))
    for participant in by_remainder[:left]:
        whole[participant] += 1
    return Budgets(seconds={participant: floor + whole[participant] for participant in exact}, notice=notice)
