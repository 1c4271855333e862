"""Machine-checkable conditions of commitments (issue 13, §5): declarative JSON, checked against
the commitment's declared metrics and evaluated by plain comparisons — never run as code (as the
observer rules of ``vetting/rules.py``).

A condition is one clause, or ``{"all": [clause, …]}`` (milestones, each with its own date)::

    {"metric": "recycled_share", "comparison": ">=", "target": 60, "by": "2027-06-30"}

Its status is computed, never typed, from the reports (date, value) and today's date.  For one
clause, in this order (the first rule that applies decides, and is shown with its values):

1. **fulfilled**: a report dated on or before ``by`` meets the comparison (the first such report);
2. **overdue**: ``by`` has passed and no report dated by then met it;
3. **at risk**, silence: no report for more than a quarter of the period (from the commitment's
   start to ``by``), counted from the latest report, or from the start when there is none;
4. **at risk**, trend: two or more reports on different days, and their least-squares line,
   extended to ``by``, does not meet the comparison (not applied to ``==``, which a trend cannot
   meet exactly);
5. **on track** otherwise.

For ``all``, a clause overdue makes the whole overdue; every clause fulfilled makes it fulfilled;
otherwise the earliest unfulfilled clause (by date) decides.

Speed (the benchmark ``bench/commitments.py``: 10,000 commitments in ≤ 200 ms).  A condition is
parsed once into ``Condition``, whose clauses hold their comparison as an ``operator`` function,
their date as a day number and their description already written.  ``evaluate`` takes the
reports as ``(day number, value)`` pairs sorted by day, makes one pass over them, and returns a
``Verdict`` holding a message template and its values: the explanation is formatted only when
shown (``Verdict.explanation`` or ``render``), in the reader's language.

Pure: no Django.  Errors carry their template and values (``kernel/messages.py``).
"""

from __future__ import annotations

import datetime as dt
import enum
import operator
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, cast, get_args

from incamera.kernel.messages import gettext_noop, invalid

__all__ = [
    "COMPARISONS",
    "MAX_CLAUSES",
    "STALE_FRACTION",
    "STATUS_LABELS",
    "Clause",
    "Comparison",
    "Condition",
    "History",
    "Status",
    "Verdict",
    "evaluate",
    "parse_condition",
]

Comparison = Literal[">=", "<=", ">", "<", "=="]
COMPARISONS: tuple[Comparison, ...] = get_args(Comparison)
MAX_CLAUSES = 12
STALE_FRACTION = 4  # silence longer than a quarter of the period puts a commitment at risk

History = Sequence[tuple[int, float]]
"""Reports as ``(date.toordinal(), value)``, sorted by date."""

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_CLAUSE_KEYS = ("metric", "comparison", "target", "by")


class Status(enum.StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    FULFILLED = "fulfilled"


STATUS_LABELS: dict[Status, str] = {
    Status.ON_TRACK: gettext_noop("On track"),
    Status.AT_RISK: gettext_noop("At risk"),
    Status.OVERDUE: gettext_noop("Overdue"),
    Status.FULFILLED: gettext_noop("Fulfilled"),
}


def _number(value: float) -> str:
    """A value as people write it: 60, not 60.0; at most four decimals."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


@dataclass(frozen=True, slots=True)
class Clause:
    metric: str
    comparison: Comparison
    target: float
    by: dt.date
    # Precompiled for evaluate: the comparison as a function, the date as a day number, the text.
    met: Callable[[float, float], bool] = field(init=False, repr=False, compare=False)
    by_day: int = field(init=False, repr=False, compare=False)
    text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "met", _OPERATORS[self.comparison])
        object.__setattr__(self, "by_day", self.by.toordinal())
        object.__setattr__(self, "text", f"{self.metric} {self.comparison} {_number(self.target)} by {self.by.isoformat()}")

    def to_json(self) -> dict[str, object]:
        target: float | int = int(self.target) if self.target == int(self.target) and abs(self.target) < 1e15 else self.target
        return {"metric": self.metric, "comparison": self.comparison, "target": target, "by": self.by.isoformat()}


@dataclass(frozen=True, slots=True)
class Condition:
    """One clause, or several that must all be met (``all``), ordered by date."""

    clauses: tuple[Clause, ...]
    every: bool = False  # written {"all": [...]}

    @property
    def by(self) -> dt.date:
        """The last date the condition names."""
        return self.clauses[-1].by

    @property
    def metrics(self) -> frozenset[str]:
        return frozenset(c.metric for c in self.clauses)

    def to_json(self) -> dict[str, object]:
        """The condition as JSON data; ``parse_condition`` reads it back."""
        if self.every:
            return {"all": [c.to_json() for c in self.clauses]}
        return self.clauses[0].to_json()

    def describe(self) -> str:
        """In English, e.g. "recycled_share >= 60 by 2027-06-30"."""
        return " and ".join(c.text for c in self.clauses)


class Verdict(NamedTuple):
    """A status and the rule that decided it: an untranslated template and the values it names,
    kept raw (formatting them for each of 10,000 commitments would cost more than deciding), and
    written out by ``params`` when shown."""

    status: Status
    template: str
    clause: Clause
    value: float = 0.0  # the report the rule names (latest, or the one that met the target)
    day: int = 0  # its date (or the start, for silence without any report), as a day number
    trend_reports: int = 0  # reports in the trend
    projected: float = 0.0  # the trend's value on the clause's date
    days: int = 0  # days of silence, or since the start
    period: int = 0  # days from the start to the clause's date

    @property
    def params(self) -> dict[str, object]:
        clause = self.clause
        return {
            "condition": clause.text,
            "by": clause.by.isoformat(),
            "value": _number(self.value),
            "date": _day(self.day) if self.day else "",
            "since": _day(self.day) if self.day else "",
            "count": self.trend_reports,
            "projected": _number(round(self.projected, 2)),
            "days": self.days,
            "period": self.period,
        }

    @property
    def explanation(self) -> str:
        return self.template % self.params

    def render(self, translate: Callable[[str], str] = str) -> str:
        """The explanation with its template passed through ``translate`` (e.g. Django's gettext)."""
        return translate(self.template) % self.params


# --- parsing ----------------------------------------------------------------------------------


def _clause(data: object, *, metrics: Collection[str], where: str) -> Clause:
    if not isinstance(data, Mapping):
        raise invalid(
            gettext_noop("%(where)s must be a JSON object; found %(found)s"), field="rules", where=where, found=type(data).__name__
        )
    unknown = sorted(str(key) for key in data if key not in _CLAUSE_KEYS)
    if unknown:
        template = gettext_noop("unknown key(s) %(keys)s in %(where)s (known: %(known)s)")
        raise invalid(template, field="rules", keys=", ".join(unknown), where=where, known=", ".join(_CLAUSE_KEYS))
    missing = [key for key in _CLAUSE_KEYS if key not in data]
    if missing:
        template = gettext_noop("%(where)s lacks %(missing)s (a condition names metric, comparison, target and by)")
        raise invalid(template, field="rules", where=where, missing=", ".join(missing))
    metric = data["metric"]
    if not isinstance(metric, str) or metric not in metrics:
        template = gettext_noop("%(where)s names the metric %(found)s, which the commitment does not declare (declared: %(known)s)")
        known = ", ".join(sorted(metrics)) or "none"
        raise invalid(template, field="attribute", where=where, found=repr(metric)[:80], known=known)
    comparison = data["comparison"]
    if comparison not in COMPARISONS:
        template = gettext_noop("%(where)s: the comparison %(found)s is not one of %(allowed)s")
        raise invalid(template, field="comparison", where=where, found=repr(comparison)[:40], allowed=", ".join(COMPARISONS))
    target = data["target"]
    # abs() before isfinite(): a huge int would overflow the conversion to float.
    if isinstance(target, bool) or not isinstance(target, int | float) or not abs(target) < 1e15:
        template = gettext_noop("%(where)s: the target must be a finite number; found %(found)s")
        raise invalid(template, field="value", where=where, found=repr(target)[:40])
    by = data["by"]
    try:
        day = dt.date.fromisoformat(by) if isinstance(by, str) and len(by) == 10 else None
    except ValueError:
        day = None
    if day is None:
        template = gettext_noop("%(where)s: by must be a date written YYYY-MM-DD; found %(found)s")
        raise invalid(template, field="ends_at", where=where, found=repr(by)[:40])
    return Clause(metric=metric, comparison=cast("Comparison", comparison), target=float(target), by=day)


def parse_condition(data: object, *, metrics: Collection[str]) -> Condition:
    """Read a condition from JSON data, or raise InvalidInputError naming what is wrong: a shape
    that is not a clause or ``{"all": [...]}``, an unknown key, a metric that is not one of
    ``metrics`` (the commitment's declared metrics), a comparison, target or date that is not one."""
    if isinstance(data, Mapping) and "all" in data:
        if len(data) != 1:
            others = ", ".join(sorted(str(k) for k in data if k != "all"))
            raise invalid(gettext_noop("a condition with all has no other key; found %(keys)s"), field="rules", keys=others)
        items = data["all"]
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_CLAUSES:
            template = gettext_noop("all must list 1 to %(limit)d clauses; found %(found)s")
            found = f"{len(items)} clauses" if isinstance(items, list) else type(items).__name__
            raise invalid(template, field="rules", limit=MAX_CLAUSES, found=found)
        clauses = [_clause(item, metrics=metrics, where=f"clause {i} of all") for i, item in enumerate(items, start=1)]
        return Condition(tuple(sorted(clauses, key=lambda c: c.by_day)), every=True)
    return Condition((_clause(data, metrics=metrics, where="the condition"),))


# --- evaluation -------------------------------------------------------------------------------

_FULFILLED = gettext_noop("fulfilled: %(value)s reported on %(date)s meets %(condition)s")
_OVERDUE_NONE = gettext_noop("overdue: %(by)s has passed with no report by then (%(condition)s)")
_OVERDUE = gettext_noop("overdue: %(by)s has passed and no report by then met %(condition)s; the latest by then was %(value)s on %(date)s")
_SILENT_NONE = gettext_noop(
    "at risk: no report since the start on %(since)s, %(days)d days, more than a quarter of the period to %(by)s (%(condition)s)"
)
_SILENT = gettext_noop(
    "at risk: no report since %(value)s on %(since)s, %(days)d days, more than a quarter of the period to %(by)s (%(condition)s)"
)
_TREND_SHORT = gettext_noop(
    "at risk: the trend of %(count)d reports (latest %(value)s on %(date)s) reaches %(projected)s by %(by)s, "
    "which does not meet %(condition)s"
)
_TREND_OK = gettext_noop(
    "on track: the trend of %(count)d reports (latest %(value)s on %(date)s) reaches %(projected)s by %(by)s, which meets %(condition)s"
)
_ONE = gettext_noop("on track: one report so far (%(value)s on %(date)s), recent enough; a trend needs two (%(condition)s)")
_EXACT = gettext_noop("on track: latest %(value)s on %(date)s, recent enough; an exact target has no trend (%(condition)s)")
_NONE = gettext_noop("on track: no report yet, %(days)d days into a period of %(period)d days (%(condition)s)")


def _clause_verdict(clause: Clause, reports: History, today: int, start: int) -> Verdict:
    met, target, by_day = clause.met, clause.target, clause.by_day
    last_day = 0
    last_value = 0.0
    count = 0
    # Least squares in days from the first report (small numbers, exact enough in floats).
    origin = 0
    sx = sy = sxx = sxy = 0.0
    for day, value in reports:
        if day > by_day:
            break
        if met(value, target):
            return Verdict(Status.FULFILLED, _FULFILLED, clause, value, day)
        if count == 0:
            origin = day
        x = day - origin
        sx += x
        sy += value
        sxx += x * x
        sxy += x * value
        count += 1
        last_day, last_value = day, value
    if today > by_day:
        return Verdict(Status.OVERDUE, _OVERDUE if count else _OVERDUE_NONE, clause, last_value, last_day)
    period = max(by_day - start, 1)
    since = last_day if count else start
    if (today - since) * STALE_FRACTION > period:
        return Verdict(Status.AT_RISK, _SILENT if count else _SILENT_NONE, clause, last_value, since, 0, 0.0, today - since, period)
    if count == 0:
        return Verdict(Status.ON_TRACK, _NONE, clause, 0.0, 0, 0, 0.0, max(today - start, 0), period)
    if clause.comparison == "==":
        return Verdict(Status.ON_TRACK, _EXACT, clause, last_value, last_day)
    spread = count * sxx - sx * sx
    if count < 2 or spread <= 0:  # one report, or all on one day: no trend
        return Verdict(Status.ON_TRACK, _ONE, clause, last_value, last_day)
    slope = (count * sxy - sx * sy) / spread
    projected = sy / count + slope * (by_day - origin - sx / count)
    if met(projected, target):
        return Verdict(Status.ON_TRACK, _TREND_OK, clause, last_value, last_day, count, projected)
    return Verdict(Status.AT_RISK, _TREND_SHORT, clause, last_value, last_day, count, projected)


def evaluate(condition: Condition, reports: History, *, today: dt.date | int, start: dt.date | int) -> Verdict:
    """The status of ``condition`` on ``today`` given ``reports`` (``(day number, value)`` sorted
    by day), for a commitment that started on ``start``; with the rule that decided it."""
    today_n = today if isinstance(today, int) else today.toordinal()
    start_n = start if isinstance(start, int) else start.toordinal()
    clauses = condition.clauses
    if len(clauses) == 1:
        return _clause_verdict(clauses[0], reports, today_n, start_n)
    verdicts = [_clause_verdict(clause, reports, today_n, start_n) for clause in clauses]
    for verdict in verdicts:
        if verdict.status is Status.OVERDUE:
            return verdict
    for verdict in verdicts:
        if verdict.status is not Status.FULFILLED:
            return verdict
    return verdicts[-1]
