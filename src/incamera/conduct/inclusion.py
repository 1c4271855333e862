"""The inclusion report: who holds the seats and who speaks (issue 4, §8).

From a roster of participants (category, region, seats, speaking seconds) it computes

- the shares of seats and of speaking time by category and by region, as fractions summing to 1;
- the multinational : SME ratio of seats and of speaking time, each category's total over the
  other's (the seed cites 11.7×); ``None``, with a reason, when there is no SME to divide by;
- the Gini coefficient of speaking time across participants and across category totals;
- alarms for the bounds an organizer sets on any of these metrics.

Gini: for values x₁ … xₙ ≥ 0 with mean μ > 0, G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ), computed exactly on the
ascending sort as G = 2 Σᵢ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n.  G is 0 when everyone has the same (and
when all are 0), and at most (n − 1) / n when one has everything, so it lies in [0, 1).

Bound metrics are named as in ``to_csv_rows``: ``multinational_sme_seat_ratio``,
``multinational_sme_speaking_ratio``, ``gini_speaking_participants``, ``gini_speaking_categories``,
and ``<share metric>:<group>`` for shares, e.g. ``speaking_share_by_region:Africa``.  A group with no
participant has a share of 0.  While no seat (or no speaking time) is recorded, those shares are all
0, a note says so, and bounds on them are not checked.

Pure: no Django.  Messages are English ``str`` that keep their template and values for translation.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from incamera.kernel.messages import Notice, gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = [
    "CATEGORIES",
    "CSV_HEADER",
    "MULTINATIONAL",
    "SCALAR_METRICS",
    "SHARE_METRICS",
    "SME",
    "Alarm",
    "Bound",
    "InclusionReport",
    "Notice",
    "Participant",
    "ParticipantRecord",
    "Ratio",
    "gini",
    "inclusion_report",
]

MULTINATIONAL = "company_multinational"
SME = "company_sme"
CATEGORIES = ("state", "international_organisation", MULTINATIONAL, SME, "ngo", "academic")
SHARE_METRICS = ("seat_share_by_category", "speaking_share_by_category", "seat_share_by_region", "speaking_share_by_region")
SCALAR_METRICS = (
    "multinational_sme_seat_ratio",
    "multinational_sme_speaking_ratio",
    "gini_speaking_participants",
    "gini_speaking_categories",
)
CSV_HEADER = ("metric", "group", "value")


class ParticipantRecord(Protocol):
    """What the report reads of a participant (a delegation, or a person)."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def seats(self) -> int: ...
    @property
    def speaking_seconds(self) -> int: ...


@dataclass(frozen=True)
class Participant:
    id: str
    category: str
    region: str
    seats: int = 1
    speaking_seconds: int = 0


@dataclass(frozen=True)
class Bound:
    """Limits on one metric; either may be None, not both."""

    metric: str
    max: float | None = None
    min: float | None = None


@dataclass(frozen=True)
class Alarm:
    metric: str
    value: float | None  # None: the ratio is unbounded (multinationals and no SME)
    bound: Bound
    message: Notice


@dataclass(frozen=True)
class Ratio:
    """Multinationals' total over SMEs' total (seats, or seconds of speaking time)."""

    multinational: int
    sme: int
    value: float | None
    reason: Notice | None  # why value is None


def gini(values: Iterable[float]) -> float:
    """The Gini coefficient of non-negative values, in [0, 1); 0 when all are equal (or all 0)."""
    ordered = sorted(values)
    if not ordered:
        raise _invalid(gettext_noop("the Gini coefficient needs at least one value"), field="values")
    if any(not math.isfinite(x) or x < 0 for x in ordered):
        template = gettext_noop("the Gini coefficient needs finite values of 0 or more; found %(found)s")
        raise _invalid(template, field="values", found=repr(next(x for x in ordered if not math.isfinite(x) or x < 0)))
    exact = [Fraction(x) for x in ordered]
    total, n = sum(exact, Fraction(0)), len(exact)
    if total == 0:
        return 0.0
    weighted = sum((i * x for i, x in enumerate(exact, start=1)), Fraction(0))
    return float(2 * weighted / (n * total) - Fraction(n + 1, n))


_ALARMS = {
    ("seat_share_by_category", "max"): gettext_noop("seat share of category %(group)s is %(value)s, above the maximum %(bound)s"),
    ("seat_share_by_category", "min"): gettext_noop("seat share of category %(group)s is %(value)s, below the minimum %(bound)s"),
    ("speaking_share_by_category", "max"): gettext_noop(
        "speaking-time share of category %(group)s is %(value)s, above the maximum %(bound)s"
    ),
    ("speaking_share_by_category", "min"): gettext_noop(
        "speaking-time share of category %(group)s is %(value)s, below the minimum %(bound)s"
    ),
    ("seat_share_by_region", "max"): gettext_noop("seat share of region %(group)s is %(value)s, above the maximum %(bound)s"),
    ("seat_share_by_region", "min"): gettext_noop("seat share of region %(group)s is %(value)s, below the minimum %(bound)s"),
    ("speaking_share_by_region", "max"): gettext_noop("speaking-time share of region %(group)s is %(value)s, above the maximum %(bound)s"),
    ("speaking_share_by_region", "min"): gettext_noop("speaking-time share of region %(group)s is %(value)s, below the minimum %(bound)s"),
    ("multinational_sme_seat_ratio", "max"): gettext_noop("the multinational : SME seat ratio is %(value)s, above the maximum %(bound)s"),
    ("multinational_sme_seat_ratio", "min"): gettext_noop("the multinational : SME seat ratio is %(value)s, below the minimum %(bound)s"),
    ("multinational_sme_speaking_ratio", "max"): gettext_noop(
        "the multinational : SME speaking-time ratio is %(value)s, above the maximum %(bound)s"
    ),
    ("multinational_sme_speaking_ratio", "min"): gettext_noop(
        "the multinational : SME speaking-time ratio is %(value)s, below the minimum %(bound)s"
    ),
    ("gini_speaking_participants", "max"): gettext_noop(
        "the Gini coefficient of speaking time across participants is %(value)s, above the maximum %(bound)s"
    ),
    ("gini_speaking_participants", "min"): gettext_noop(
        "the Gini coefficient of speaking time across participants is %(value)s, below the minimum %(bound)s"
    ),
    ("gini_speaking_categories", "max"): gettext_noop(
        "the Gini coefficient of speaking time across categories is %(value)s, above the maximum %(bound)s"
    ),
    ("gini_speaking_categories", "min"): gettext_noop(
        "the Gini coefficient of speaking time across categories is %(value)s, below the minimum %(bound)s"
    ),
}
_UNBOUNDED_ALARMS = {
    "multinational_sme_seat_ratio": gettext_noop(
        "the multinational : SME seat ratio is unbounded (multinationals hold %(multinational)d seats, SMEs none), "
        "above the maximum %(bound)s"
    ),
    "multinational_sme_speaking_ratio": gettext_noop(
        "the multinational : SME speaking-time ratio is unbounded (multinationals spoke %(multinational)d s, SMEs not at all), "
        "above the maximum %(bound)s"
    ),
}


def _formatted(metric: str, value: float, digits: int) -> str:
    if metric in SHARE_METRICS:
        return f"{value * 100:.{digits}f}%"
    if metric.endswith("_ratio"):
        return f"{value:.{digits}f}×"
    return f"{value:.{digits + 1}f}"


def _distinct(metric: str, value: float, bound: float) -> tuple[str, str]:
    """Value and bound shown with just enough digits to tell them apart (10.04% is not "10.0%")."""
    for digits in range(1, 8):
        shown = _formatted(metric, value, digits), _formatted(metric, bound, digits)
        if shown[0] != shown[1]:
            break
    return shown


def _check_bound(bound: Bound) -> None:
    base, _, group = bound.metric.partition(":")
    if not (base in SHARE_METRICS and group) and not (base in SCALAR_METRICS and not group):
        template = gettext_noop("unknown metric %(found)s; bound one of %(scalars)s, or a share such as %(example)s")
        raise _invalid(
            template, field="bounds", found=repr(bound.metric), scalars=", ".join(SCALAR_METRICS), example="seat_share_by_region:Africa"
        )
    limits = [limit for limit in (bound.min, bound.max) if limit is not None]
    if not limits:
        raise _invalid(gettext_noop("the bound on %(metric)s sets neither a minimum nor a maximum"), field="bounds", metric=bound.metric)
    for limit in limits:
        if isinstance(limit, bool) or not isinstance(limit, int | float) or not math.isfinite(limit):
            template = gettext_noop("the bound on %(metric)s must be a finite number; found %(found)s")
            raise _invalid(template, field="bounds", metric=bound.metric, found=repr(limit))
    if bound.min is not None and bound.max is not None and bound.min > bound.max:
        template = gettext_noop("the bound on %(metric)s has a minimum %(min)s above its maximum %(max)s")
        raise _invalid(template, field="bounds", metric=bound.metric, min=bound.min, max=bound.max)


@dataclass(frozen=True)
class InclusionReport:
    participants: int
    seats: int
    speaking_seconds: int
    seat_share_by_category: dict[str, float]
    speaking_share_by_category: dict[str, float]
    seat_share_by_region: dict[str, float]
    speaking_share_by_region: dict[str, float]
    multinational_sme_seat_ratio: Ratio
    multinational_sme_speaking_ratio: Ratio
    gini_speaking_participants: float
    gini_speaking_categories: float
    alarms: tuple[Alarm, ...]
    notes: tuple[Notice, ...]  # e.g. that no speaking time is recorded yet

    def metric(self, name: str) -> float | None:
        """The value a Bound on ``name`` is checked against; None when it cannot be measured."""
        base, _, group = name.partition(":")
        if base in SHARE_METRICS:
            if (self.seats if base.startswith("seat") else self.speaking_seconds) == 0:
                return None
            shares: dict[str, float] = getattr(self, base)
            return shares.get(group, 0.0)
        value = getattr(self, base)
        return value.value if isinstance(value, Ratio) else float(value)

    def to_csv_rows(self) -> list[tuple[str, str, str]]:
        """Rows of (metric, group, value) under CSV_HEADER; an unmeasurable ratio has an empty value,
        and each alarm is a row ("alarm", metric, message).
        """

        def number(value: float | None) -> str:
            return "" if value is None else str(round(value, 6))

        rows = [
            ("participants", "", str(self.participants)),
            ("seats", "", str(self.seats)),
            ("speaking_seconds", "", str(self.speaking_seconds)),
        ]
        for metric in SHARE_METRICS:
            shares: dict[str, float] = getattr(self, metric)
            rows.extend((metric, group, number(share)) for group, share in shares.items())
        rows.extend((metric, "", number(self.metric(metric))) for metric in SCALAR_METRICS)
        rows.extend(("alarm", alarm.metric, str(alarm.message)) for alarm in self.alarms)
        return rows


def _check_roster(participants: list[ParticipantRecord]) -> None:
    if not participants:
        raise _invalid(gettext_noop("the roster is empty; there is no one to report on"), field="participants")
    positions: dict[str, int] = {}
    for position, participant in enumerate(participants, start=1):
        if participant.id in positions:
            template = gettext_noop("participant %(participant)s appears twice (positions %(first)d and %(second)d)")
            raise _invalid(template, field="participants", participant=participant.id, first=positions[participant.id], second=position)
        positions[participant.id] = position
        for name in ("category", "region"):
            text = getattr(participant, name)
            if not isinstance(text, str) or not text.strip():
                template = gettext_noop("participant %(participant)s has no %(name)s")
                raise _invalid(template, field=name, participant=participant.id, name=name)
        for name in ("seats", "speaking_seconds"):
            count = getattr(participant, name)
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                template = gettext_noop("participant %(participant)s has %(found)s %(name)s; expected a whole number, 0 or more")
                raise _invalid(template, field=name, participant=participant.id, found=repr(count), name=name)


def _shares(totals: dict[str, int]) -> dict[str, float]:
    whole = sum(totals.values())
    return {group: (count / whole if whole else 0.0) for group, count in totals.items()}


def _ratio(totals: dict[str, int], *, present: set[str], speaking: bool) -> Ratio:
    multinational, sme = totals.get(MULTINATIONAL, 0), totals.get(SME, 0)
    if sme:
        return Ratio(multinational, sme, multinational / sme, None)
    if SME not in present:
        reason = Notice(gettext_noop("no SME takes part, so there is no ratio"))
    elif speaking:
        reason = Notice(gettext_noop("SMEs have not spoken, so there is no ratio"))
    else:
        reason = Notice(gettext_noop("SMEs hold no seats, so there is no ratio"))
    return Ratio(multinational, sme, None, reason)


def _alarms(report: InclusionReport, bounds: list[Bound]) -> tuple[Alarm, ...]:
    alarms = []
    for bound in bounds:
        base, _, group = bound.metric.partition(":")
        value = report.metric(bound.metric)
        if value is None:
            ratio = getattr(report, base, None)
            if isinstance(ratio, Ratio) and ratio.multinational and ratio.sme == 0 and bound.max is not None:
                shown = _formatted(base, bound.max, 1)
                message = Notice(_UNBOUNDED_ALARMS[base], multinational=ratio.multinational, bound=shown)
                alarms.append(Alarm(bound.metric, None, bound, message))
            continue
        crossed = []
        if bound.max is not None and value > bound.max:
            crossed.append(("max", bound.max))
        if bound.min is not None and value < bound.min:
            crossed.append(("min", bound.min))
        for side, limit in crossed:
            shown_value, shown_bound = _distinct(base, value, limit)
            message = Notice(_ALARMS[base, side], group=group, value=shown_value, bound=shown_bound)
            alarms.append(Alarm(bound.metric, value, bound, message))
    return tuple(alarms)


def inclusion_report(participants: Iterable[ParticipantRecord], *, bounds: Iterable[Bound] = ()) -> InclusionReport:
    """Shares, ratios, Gini coefficients and alarms for a roster, or InvalidInputError for an
    empty roster, a duplicate participant, a negative count or a malformed bound.
    """
    roster = list(participants)
    bounds = list(bounds)
    _check_roster(roster)
    for bound in bounds:
        _check_bound(bound)

    def rank(category: str) -> tuple[int, str]:
        return (CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES), category)

    categories = sorted({p.category for p in roster}, key=rank)
    regions = sorted({p.region for p in roster})
    seats_by_category = {c: sum(p.seats for p in roster if p.category == c) for c in categories}
    speaking_by_category = {c: sum(p.speaking_seconds for p in roster if p.category == c) for c in categories}
    seats_by_region = {r: sum(p.seats for p in roster if p.region == r) for r in regions}
    speaking_by_region = {r: sum(p.speaking_seconds for p in roster if p.region == r) for r in regions}
    seats, speaking = sum(seats_by_category.values()), sum(speaking_by_category.values())

    notes = []
    if seats == 0:
        notes.append(Notice(gettext_noop("no seats are recorded, so every seat share is 0")))
    if speaking == 0:
        notes.append(Notice(gettext_noop("no speaking time is recorded yet, so every speaking-time share is 0")))
    report = InclusionReport(
        participants=len(roster),
        seats=seats,
        speaking_seconds=speaking,
        seat_share_by_category=_shares(seats_by_category),
        speaking_share_by_category=_shares(speaking_by_category),
        seat_share_by_region=_shares(seats_by_region),
        speaking_share_by_region=_shares(speaking_by_region),
        multinational_sme_seat_ratio=_ratio(seats_by_category, present=set(categories), speaking=False),
        multinational_sme_speaking_ratio=_ratio(speaking_by_category, present=set(categories), speaking=True),
        gini_speaking_participants=gini(p.speaking_seconds for p in roster),
        gini_speaking_categories=gini(speaking_by_category.values()),
        alarms=(),
        notes=tuple(notes),
    )
    return dataclasses.replace(report, alarms=_alarms(report, bounds))
