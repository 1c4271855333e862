"""Observer-seat rotation planner (issue 4, §5): every delegation sits in every N-year window.

Given ``seats`` observer seats a year, the eligible delegations with their regions, a horizon of
``years`` and a maximum gap N, the plan seats every delegation at least once in every window of
N consecutive years inside the horizon (when the horizon is shorter than N, the whole horizon is
the one window).

The plan is a single rotation.  The delegations are put in one cyclic order and each year takes
the next ``seats`` of them, continuing round the circle, so seat k of the horizon goes to
``order[k mod D]``.  Any W consecutive years then hold W × S consecutive places of the circle, so
they contain every delegation as soon as W × S ≥ D.  That is also necessary: a window of W years
has only W × S seats.  So a plan exists exactly when S × min(N, years) ≥ D (or D ≤ S, when every
delegation sits every year), and the smallest gap that works is ⌈D / S⌉.  Each year's seats are
distinct and all used when D ≥ S, and over the horizon every delegation sits ⌊YS/D⌋ or ⌈YS/D⌉
times.

The cyclic order interleaves the regions as a just-in-time level sequence (Steiner & Yeomans,
"Level schedules for mixed-model, just-in-time processes", Management Science 39(6), 1993):
earliest deadline first, so that after every prefix of p places each region has had its
proportional share p × n_g / D within strictly less than one.  A year's seats are a stretch of
the circle, so every region's seats in every year are within less than 2 of its share S × n_g / D
(and usually within 1).  Inside a region the delegations follow the SHA-256 of their ids, and
regions tie-break by the SHA-256 of their names: the plan depends on the set of delegations
only, never on the order they are given in.

Stability: adding or removing one delegation changes the order little (the others keep their
relative order within their region, and the level sequence moves each region's places by about
one), but the rotation then goes round a circle one place longer or shorter, so on its k-th time
round it has drifted k places.  Measured (``tests/vetting/test_rotation.py``), the seats
that change hands in a year are at most the number of times the rotation has come round by then,
plus 4; for 200 delegations, 20 seats and 10 years (once round), 7 or 8 of the 200 assignments
on average (``bench/rotation.py``).

Pure: no Django.  Messages carry their template for translation, as in ``kernel/messages.py``.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from incamera.kernel.errors import InvalidInputError, RowError, RowsInvalidError
from incamera.kernel.messages import gettext_noop
from incamera.tables import read_table

__all__ = [
    "MAX_YEARS",
    "YEAR_RANGE",
    "Delegation",
    "DuplicateDelegationError",
    "EmptyRosterError",
    "IncompleteDelegationError",
    "RotationPlan",
    "RotationSettingError",
    "plan_rotation",
    "read_roster",
    "rotation_order",
]

YEAR_RANGE = range(1900, 3001)
MAX_YEARS = 1000
_COLUMNS = ("id", "name", "region")


class EmptyRosterError(InvalidInputError):
    """No delegation to plan for."""


class DuplicateDelegationError(InvalidInputError):
    """Two delegations share an id; ``positions`` are 1-based places in the given sequence."""

    def __init__(self, message: str, *, delegation_id: str, positions: tuple[int, ...], template: str, params: dict[str, object]) -> None:
        super().__init__(message, field="id", template=template, params=params)
        self.delegation_id = delegation_id
        self.positions = positions


class IncompleteDelegationError(InvalidInputError):
    """A delegation with an empty id or region; ``position`` is its 1-based place."""

    def __init__(self, message: str, *, field: str, position: int, template: str, params: dict[str, object]) -> None:
        super().__init__(message, field=field, template=template, params=params)
        self.position = position


class RotationSettingError(InvalidInputError):
    """``seats``, ``years``, ``max_gap`` or ``start_year`` out of range; ``field`` names which."""


@dataclass(frozen=True)
class Delegation:
    id: str
    name: str
    region: str


@dataclass(frozen=True)
class RotationPlan:
    """``plan`` maps each year of the horizon to the ids seated that year, sorted; empty when
    infeasible.  ``min_feasible_gap`` is the smallest gap N ≤ years for which a plan exists
    (whether or not the requested gap was feasible), or None when no gap within the horizon works.
    """

    feasible: bool
    plan: dict[int, tuple[str, ...]]
    reason: str | None
    min_feasible_gap: int | None

    def to_json(self) -> dict[str, Any]:
        return {
            "feasible": self.feasible,
            "plan": {str(year): list(ids) for year, ids in sorted(self.plan.items())},
            "reason": self.reason,
            "min_feasible_gap": self.min_feasible_gap,
        }


def _setting(field: str, template: str, **params: object) -> RotationSettingError:
    return RotationSettingError(template % params, field=field, template=template, params=params)


def _check_settings(*, seats: int, years: int, max_gap: int, start_year: int) -> None:
    if seats < 1:
        raise _setting("seats", gettext_noop("expected at least 1 seat a year; found %(value)d"), value=seats)
    if not 1 <= years <= MAX_YEARS:
        raise _setting("years", gettext_noop("expected a horizon of 1 to %(max)d years; found %(value)d"), value=years, max=MAX_YEARS)
    if max_gap < 1:
        raise _setting("max_gap", gettext_noop("expected a maximum gap of at least 1 year; found %(value)d"), value=max_gap)
    if start_year not in YEAR_RANGE:
        raise _setting(
            "start_year",
            gettext_noop("expected a start year from %(first)d to %(last)d; found %(value)d"),
            value=start_year,
            first=YEAR_RANGE[0],
            last=YEAR_RANGE[-1],
        )


def _check_roster(delegations: Sequence[Delegation]) -> None:
    if not delegations:
        template = gettext_noop("expected at least one eligible delegation; the list is empty")
        raise EmptyRosterError(template, field="delegations", template=template, params={})
    for position, delegation in enumerate(delegations, start=1):
        for field in ("id", "region"):
            if not getattr(delegation, field).strip():
                template = gettext_noop("delegation %(position)d (%(name)s) has an empty %(field)s")
                params: dict[str, object] = {"position": position, "name": delegation.name or delegation.id or "unnamed", "field": field}
                raise IncompleteDelegationError(template % params, field=field, position=position, template=template, params=params)
    counts = Counter(d.id for d in delegations)
    for delegation_id, count in counts.items():
        if count > 1:
            positions = tuple(i for i, d in enumerate(delegations, start=1) if d.id == delegation_id)
            template = gettext_noop("expected each delegation id once; %(id)r appears %(count)d times (positions %(positions)s)")
            params = {"id": delegation_id, "count": count, "positions": ", ".join(map(str, positions))}
            raise DuplicateDelegationError(
                template % params, delegation_id=delegation_id, positions=positions, template=template, params=params
            )


def _digest(kind: str, value: str) -> bytes:
    return hashlib.sha256(f"incamera-rotation/{kind}\0{value}".encode()).digest()


def rotation_order(delegations: Sequence[Delegation]) -> list[Delegation]:
    """The cyclic order: regions interleaved earliest-deadline-first, so that every prefix of p
    places holds each region's share p × n / D within strictly less than one.

    The k-th member (0-based) of a region of n among D may take place p (1-based) from
    ⌊kD/n⌋ + 1 (earlier would put the region a whole seat ahead) and must by ⌈(k+1)D/n⌉ (later
    would leave it a whole seat behind).  Steiner and Yeomans show these windows always admit a
    sequence, which earliest deadline first finds.
    """
    members: dict[str, list[Delegation]] = {}
    for delegation in delegations:
        members.setdefault(delegation.region, []).append(delegation)
    for group in members.values():
        group.sort(key=lambda d: (_digest("id", d.id), d.id))
    rank = {region: i for i, region in enumerate(sorted(members, key=lambda r: (_digest("region", r), r)))}
    total = len(delegations)
    taken = dict.fromkeys(members, 0)

    def job(region: str) -> tuple[int, int, int, str]:
        k, n = taken[region], len(members[region])
        return (k * total // n + 1, -(-(k + 1) * total // n), rank[region], region)

    waiting = [job(region) for region in members]  # by release
    heapq.heapify(waiting)
    ready: list[tuple[int, int, str]] = []  # by deadline
    order: list[Delegation] = []
    for place in range(1, total + 1):
        while waiting and waiting[0][0] <= place:
            _release, deadline, region_rank, region = heapq.heappop(waiting)
            heapq.heappush(ready, (deadline, region_rank, region))
        deadline, _rank, region = heapq.heappop(ready)
        assert deadline >= place, "a level sequence always exists (Steiner and Yeomans 1993)"
        order.append(members[region][taken[region]])
        taken[region] += 1
        if taken[region] < len(members[region]):
            heapq.heappush(waiting, job(region))
    return order


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _infeasible_reason(*, count: int, seats: int, years: int, max_gap: int, min_gap: int | None) -> str:
    if max_gap <= years:
        reason = (
            f"{count} delegations need a seat in every {max_gap}-year window, "
            f"but {_plural(max_gap, 'year')} × {_plural(seats, 'seat')} = {_plural(max_gap * seats, 'seat')}"
        )
    else:
        reason = (
            f"{count} delegations need a seat within the {_plural(years, 'year')} of the horizon "
            f"(shorter than the {max_gap}-year gap, so it is the one window), "
            f"but {_plural(years, 'year')} × {_plural(seats, 'seat')} = {_plural(years * seats, 'seat')}"
        )
    if min_gap is not None:
        return (
            f"{reason}; the smallest gap that works is {min_gap} years ({min_gap} × {_plural(seats, 'seat')} = {min_gap * seats} ≥ {count})"
        )
    return (
        f"{reason}; no gap within the {years}-year horizon works, since even the whole horizon has only {years * seats} seats: "
        f"add seats (at least {-(-count // years)} a year) or lengthen the horizon to {-(-count // seats)} years"
    )


def plan_rotation(delegations: Sequence[Delegation], *, seats: int, years: int, max_gap: int = 5, start_year: int) -> RotationPlan:
    """Plan ``years`` years from ``start_year``; see the module docstring for the guarantees.

    Raises a subclass of InvalidInputError on bad input: RotationSettingError (seats < 1, years
    outside 1 to MAX_YEARS, max_gap < 1, start_year outside YEAR_RANGE), EmptyRosterError,
    IncompleteDelegationError (empty id or region) or DuplicateDelegationError.
    """
    _check_settings(seats=seats, years=years, max_gap=max_gap, start_year=start_year)
    _check_roster(delegations)
    count = len(delegations)
    needed = max(1, math.ceil(count / seats))  # the smallest gap any plan can keep
    min_gap = needed if needed <= years else None
    if needed > min(max_gap, years):
        reason = _infeasible_reason(count=count, seats=seats, years=years, max_gap=max_gap, min_gap=min_gap)
        return RotationPlan(feasible=False, plan={}, reason=reason, min_feasible_gap=min_gap)
    ids = [d.id for d in rotation_order(delegations)]
    per_year = min(seats, count)
    plan = {start_year + year: tuple(sorted(ids[(year * per_year + seat) % count] for seat in range(per_year))) for year in range(years)}
    return RotationPlan(feasible=True, plan=plan, reason=None, min_feasible_gap=min_gap)


def read_roster(data: bytes) -> list[Delegation]:
    """Delegations from a CSV (UTF-8, with or without BOM) or XLSX file whose header holds at
    least ``id``, ``name`` and ``region`` in any case and order; other columns are ignored.

    All-or-nothing: every bad row is reported (RowsInvalidError, lines counted from the header
    as line 1), including each repeated id with the line where it first appeared.
    """
    table = read_table(data)
    missing = [column for column in _COLUMNS if column not in table.header]
    if missing:
        template = gettext_noop("expected a header with the columns id, name and region; %(missing)s missing (found: %(found)s)")
        params: dict[str, object] = {
            "missing": ", ".join(missing) + (" is" if len(missing) == 1 else " are"),
            "found": ", ".join(h for h in table.header if h) or "nothing",
        }
        raise InvalidInputError(template % params, field="file", template=template, params=params)
    repeated = sorted({h for h in table.header if h in _COLUMNS and table.header.count(h) > 1})
    if repeated:
        template = gettext_noop("the header names the column(s) %(columns)s more than once")
        params = {"columns": ", ".join(repeated)}
        raise InvalidInputError(template % params, field="file", template=template, params=params)
    where = {column: table.header.index(column) for column in _COLUMNS}
    width = len(table.header)
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    roster: list[Delegation] = []
    for line, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        if len(cells) > width:
            errors.append(RowError(line, "row", f"{len(cells)} cells but the header has {width} columns (quote cells that contain commas)"))
            continue
        padded = [cell.strip() for cell in cells] + [""] * (width - len(cells))
        delegation = Delegation(id=padded[where["id"]], name=padded[where["name"]], region=padded[where["region"]])
        for field in ("id", "region"):
            raw = cells[where[field]] if where[field] < len(cells) else ""
            if "\n" in raw or "\r" in raw:
                errors.append(RowError(line, field, "the cell runs over a line break; is a quote left open?"))
            elif not raw.strip():
                errors.append(RowError(line, field, "the cell is empty"))
        if delegation.id and delegation.id in first_line:
            errors.append(RowError(line, "id", f"{delegation.id!r} is already used on line {first_line[delegation.id]}"))
        elif delegation.id:
            first_line[delegation.id] = line
        roster.append(delegation)
    if errors:
        raise RowsInvalidError(errors)
    if not roster:
        template = gettext_noop("expected at least one delegation below the header; the file has none")
        raise EmptyRosterError(template, field="file", template=template, params={})
    return roster
