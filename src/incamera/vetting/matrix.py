"""The qualification matrix: weighted criteria, thresholds, tiers and an explanation per candidate.

Issue 4 §2 ("Qualification matrix").  Each candidate has a score from 0 to 100 per criterion (by
default the decision-power index DPI, topic relevance TRC and geopolitical weight GPW).  The
weights are normalised to sum to 1 (a notice says so when they did not); a candidate's total is
the weighted sum of its scores, so it lies between 0 and 100.  A total at or above the member
threshold makes a member, at or above the observer threshold an observer, and below it the
candidate is not invited: ties at a threshold go to the higher tier.

Floating point: points and totals are rounded to 9 decimals, so that noise from normalising and
adding (0.1 + 0.2 != 0.3) never decides a tier or an order: 42 × 0.35 + 75.6 × 0.25 + 66 × 0.40
is 60, a member, not 59.99999999999999.  Scaling every weight by the same factor changes nothing
but the notice (exactly when the scaled weights are exact, as integers or powers of two are).  Explanations show points and totals with one
decimal, but never round a total across a threshold: 59.96 is shown as "59.96, 0.04 below", not
as "60.0".  ``Assessment.total_text`` is that shown total, so that a table of totals and the
explanations beside it round alike (round half to even on the binary value: 39.25 is "39.2").

Errors (all InvalidInputError, English, each with its template and params for translation as in
``kernel/messages.py``):

    MatrixInputError
    ├── RosterError       no candidates, duplicate candidate ids
    ├── ScoreError        a missing, unknown, non-numeric or out-of-range score
    ├── CriteriaError     no criteria, duplicate or empty keys, negative or all-zero weights
    └── ThresholdsError   a threshold outside 0–100, or member not above observer

Pure: no Django.
"""

from __future__ import annotations

import enum
import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from incamera.kernel.errors import InvalidInputError
from incamera.kernel.messages import gettext_noop

__all__ = [
    "DEFAULT_CRITERIA",
    "Assessment",
    "Candidate",
    "Contribution",
    "CriteriaError",
    "Criterion",
    "MatrixInputError",
    "MatrixResult",
    "RosterError",
    "ScoreError",
    "Thresholds",
    "ThresholdsError",
    "Tier",
    "assess",
]

_POINT_SCALE = 1e9  # points and totals are rounded to 9 decimals (as round(x, 9), at half the cost)
_MAX_SUM_PLACES = 12  # decimals in the notice, at most
_MAX_SHOWN_PLACES = 9  # decimals of a total in an explanation, at most
_SUM_TOLERANCE = 1e-9
_NAME_LIMIT = 80

Parts = tuple[tuple[str, dict[str, object]], ...]


class Tier(enum.StrEnum):
    MEMBER = "member"
    OBSERVER = "observer"
    NOT_INVITED = "not_invited"

    @property
    def label(self) -> str:
        """The tier in English words, marked for translation ("not invited")."""
        return _TIER_LABELS[self]


_TIER_LABELS = {
    Tier.MEMBER: gettext_noop("member"),
    Tier.OBSERVER: gettext_noop("observer"),
    Tier.NOT_INVITED: gettext_noop("not invited"),
}


@dataclass(frozen=True, slots=True)
class Criterion:
    key: str  # short code shown in explanations: "DPI"
    label: str  # "Decision-power index": the default labels are marked for translation
    weight: float  # >= 0, on any scale: assess() normalises


DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("DPI", gettext_noop("Decision-power index"), 0.35),
    Criterion("TRC", gettext_noop("Topic relevance"), 0.25),
    Criterion("GPW", gettext_noop("Geopolitical weight"), 0.40),
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    member: float = 60.0
    observer: float = 40.0


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    name: str
    scores: Mapping[str, float]  # criterion key -> 0..100


@dataclass(frozen=True, slots=True)
class Contribution:
    key: str
    score: float
    weight: float  # normalised
    points: float  # score × weight


@dataclass(frozen=True, slots=True)
class Assessment:
    candidate: Candidate
    total: float
    tier: Tier
    contributions: tuple[Contribution, ...]  # in the order of the criteria
    explanation: str  # English: " ".join(template % params for template, params in explanation_parts)
    explanation_parts: Parts = ()  # (template, params), largest contribution first, for translation
    total_text: str = ""  # the total as the explanation shows it: the one rounding of a total for display


@dataclass(frozen=True, slots=True)
class MatrixResult:
    assessments: tuple[Assessment, ...]  # total descending, then candidate id
    weights: tuple[Criterion, ...]  # normalised to sum to 1
    notice: str | None  # set when the weights given did not sum to 1
    notice_parts: Parts = ()  # the notice as (template, params), for translation


class MatrixInputError(InvalidInputError):
    """Bad input to the matrix; ``candidate`` and ``criterion`` name what it concerns, if anything."""

    def __init__(
        self,
        template: str,
        *,
        field: str,
        candidate: str | None = None,
        criterion: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(template % params, field=field, template=template, params=params)
        self.candidate = candidate
        self.criterion = criterion


class RosterError(MatrixInputError):
    pass


class ScoreError(MatrixInputError):
    pass


class CriteriaError(MatrixInputError):
    pass


class ThresholdsError(MatrixInputError):
    pass


# --- validation ---------------------------------------------------------------------------------


def _as_number(value: object) -> float | None:
    """``value`` as a float when it is a real number (not a bool or a string), else None."""
    if type(value) is float:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        return None
    try:
        return float(value)
    except (ValueError, OverflowError):  # Decimal("sNaN"), Fraction(10**400)
        return None


def _short(text: str) -> str:
    return text if len(text) <= _NAME_LIMIT else text[: _NAME_LIMIT - 1] + "…"


def _check_criteria(criteria: Sequence[Criterion]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    if not criteria:
        raise CriteriaError(gettext_noop("no criteria are defined; add at least one"), field="criteria")
    keys: list[str] = []
    weights: list[float] = []
    for criterion in criteria:
        key = criterion.key
        if not key.strip():
            template = gettext_noop("criterion '%(label)s' has an empty key; give it a short code such as DPI")
            raise CriteriaError(template, field="criteria", criterion=key, label=_short(criterion.label))
        if key in keys:
            template = gettext_noop("criterion key %(key)s is used more than once; each criterion needs its own key")
            raise CriteriaError(template, field="criteria", criterion=key, key=_short(key))
        weight = _as_number(criterion.weight)
        if weight is None or not math.isfinite(weight) or weight < 0:
            template = gettext_noop("criterion %(key)s has weight %(weight)s; expected a number of 0 or more")
            raise CriteriaError(template, field="criteria", criterion=key, key=_short(key), weight=_short(repr(criterion.weight)))
        keys.append(key)
        weights.append(weight)
    if not any(weights):
        template = gettext_noop("every criterion has weight 0 (%(keys)s); give at least one a positive weight")
        raise CriteriaError(template, field="criteria", keys=", ".join(keys))
    try:
        total = math.fsum(weights)
    except OverflowError:
        total = math.inf
    if not math.isfinite(total):
        template = gettext_noop("the weights (%(keys)s) are too large to add up; they are relative, so give smaller numbers")
        raise CriteriaError(template, field="criteria", keys=", ".join(keys))
    return tuple(keys), tuple(weights)


def _check_thresholds(thresholds: Thresholds) -> tuple[float, float]:
    checked: list[float] = []
    for template, given in (
        (gettext_noop("the member threshold is %(value)s; expected a number from 0 to 100"), thresholds.member),
        (gettext_noop("the observer threshold is %(value)s; expected a number from 0 to 100"), thresholds.observer),
    ):
        value = _as_number(given)
        if value is None or not 0 <= value <= 100:  # NaN fails the comparison too
            raise ThresholdsError(template, field="thresholds", value=_short(repr(given)))
        checked.append(value)
    member, observer = checked
    if member <= observer:
        template = gettext_noop("the member threshold (%(member)s) must be above the observer threshold (%(observer)s)")
        raise ThresholdsError(template, field="thresholds", member=_trim(member, 6), observer=_trim(observer, 6))
    return member, observer


def _check_roster(candidates: Sequence[Candidate]) -> None:
    if not candidates:
        raise RosterError(gettext_noop("the roster is empty; add at least one candidate"), field="candidates")
    seen: dict[str, Candidate] = {}
    for candidate in candidates:
        first = seen.setdefault(candidate.id, candidate)
        if first is not candidate:
            template = gettext_noop("candidate id '%(id)s' is used by both '%(first)s' and '%(second)s'; ids must be unique")
            raise RosterError(
                template,
                field="candidates",
                candidate=candidate.id,
                id=_short(candidate.id),
                first=_short(first.name),
                second=_short(candidate.name),
            )


def _score_problem(candidate: Candidate, keys: tuple[str, ...]) -> ScoreError:
    """The first thing wrong with ``candidate.scores`` (called only when something is)."""
    who = {"name": _short(candidate.name), "id": _short(candidate.id)}
    scores = candidate.scores
    unknown = [key for key in scores if key not in keys]
    if unknown:
        template = gettext_noop(
            "candidate '%(name)s' (id %(id)s) has scores for unknown criteria: %(unknown)s; the criteria are %(criteria)s"
        )
        return ScoreError(
            template,
            field="scores",
            candidate=candidate.id,
            criterion=unknown[0],
            unknown=", ".join(_short(str(k)) for k in unknown),
            criteria=", ".join(keys),
            **who,
        )
    for key in keys:
        if key not in scores:
            template = gettext_noop("candidate '%(name)s' (id %(id)s) has no score for %(key)s")
            return ScoreError(template, field="scores", candidate=candidate.id, criterion=key, key=key, **who)
        given = scores[key]
        value = _as_number(given)
        if value is None or not 0 <= value <= 100:
            template = gettext_noop("candidate '%(name)s' (id %(id)s) has %(key)s %(value)s; expected a number from 0 to 100")
            return ScoreError(template, field="scores", candidate=candidate.id, criterion=key, key=key, value=_short(repr(given)), **who)
    message = "scores were refused but no problem was found"
    raise AssertionError(message)


# --- formatting ---------------------------------------------------------------------------------


def _weight_text(weight: float) -> str:
    """Two decimals, or as many as it takes not to show a positive weight as 0.00."""
    places = 2
    while weight and float(f"{weight:.{places}f}") == 0:
        places += 1
    return f"{weight:.{places}f}"


def _trim(value: float, places: int) -> str:
    """``value`` with at most ``places`` decimals and no trailing zeros: 72, 72.5, 33.33."""
    if value.is_integer():
        return str(int(value))
    return f"{value:.{places}f}".rstrip("0").rstrip(".")


_FIRST = gettext_noop("%(criterion)s %(score)s × %(weight)s = %(points)s")
_NEXT = gettext_noop("+ %(criterion)s %(score)s × %(weight)s = %(points)s")
_TOTAL = gettext_noop("→ total %(total)s,")
_ABOVE_MEMBER = gettext_noop("%(gap)s above the member threshold %(threshold)s: member")
_AT_MEMBER = gettext_noop("at the member threshold %(threshold)s: member")
_BELOW_MEMBER = gettext_noop("%(gap)s below the member threshold %(threshold)s;")
_ABOVE_OBSERVER = gettext_noop("%(gap)s above the observer threshold %(threshold)s: observer")
_AT_OBSERVER = gettext_noop("at the observer threshold %(threshold)s: observer")
_BELOW_OBSERVER = gettext_noop("%(gap)s below the observer threshold %(threshold)s: not invited")
_POINTS = operator.attrgetter("points")
_NOTICE = gettext_noop("the weights summed to %(sum)s; they were normalised to sum to 1")


@dataclass
class _Verdicts:
    """The end of each explanation: the total, and where it stands against the thresholds.

    Totals are shown with ``places`` decimals (one, or as many as the thresholds have), or more
    when fewer would round a total onto or across a threshold, so that the words always agree
    with the tier.  A verdict depends only on the total as shown, which takes few distinct
    values, so each is built once per call.
    """

    member: float
    observer: float
    places: int
    texts: tuple[str, str]
    memo: dict[tuple[float, int], tuple[Parts, str, str]]

    def of(self, total: float) -> tuple[Parts, str, str]:
        """The verdict's parts, its English text, and the total as shown in it."""
        member, observer, places = self.member, self.observer, self.places
        scale = 10.0**places
        shown = round(total * scale) / scale
        while places < _MAX_SHOWN_PLACES and (
            (shown < member) != (total < member)
            or (shown > member) != (total > member)
            or (shown < observer) != (total < observer)
            or (shown > observer) != (total > observer)
        ):
            places += 1
            scale *= 10
            shown = round(total * scale) / scale
        found = self.memo.get((shown, places))
        if found is None:
            parts = self._parts(shown, places)
            text = " ".join([template % params for template, params in parts])
            found = self.memo[shown, places] = (parts, text, f"{shown:.{places}f}")
        return found

    def _parts(self, shown: float, places: int) -> Parts:
        member, observer = self.member, self.observer
        member_text, observer_text = self.texts
        parts: list[tuple[str, dict[str, object]]] = [(_TOTAL, {"total": f"{shown:.{places}f}"})]
        if shown > member:
            parts.append((_ABOVE_MEMBER, {"gap": f"{shown - member:.{places}f}", "threshold": member_text}))
        elif shown == member:
            parts.append((_AT_MEMBER, {"threshold": member_text}))
        else:
            parts.append((_BELOW_MEMBER, {"gap": f"{member - shown:.{places}f}", "threshold": member_text}))
            if shown > observer:
                parts.append((_ABOVE_OBSERVER, {"gap": f"{shown - observer:.{places}f}", "threshold": observer_text}))
            elif shown == observer:
                parts.append((_AT_OBSERVER, {"threshold": observer_text}))
            else:
                parts.append((_BELOW_OBSERVER, {"gap": f"{observer - shown:.{places}f}", "threshold": observer_text}))
        return tuple(parts)


# --- the matrix ---------------------------------------------------------------------------------


def assess(
    candidates: Sequence[Candidate],
    *,
    criteria: Sequence[Criterion] = DEFAULT_CRITERIA,
    thresholds: Thresholds = Thresholds(),
) -> MatrixResult:
    """Score, tier and explain every candidate, or raise a MatrixInputError naming what is wrong.

    Nothing is assessed unless the whole input is valid.
    """
    keys, raw_weights = _check_criteria(criteria)
    member, observer = _check_thresholds(thresholds)
    _check_roster(candidates)

    weight_sum = math.fsum(raw_weights)
    weights = tuple(w / weight_sum for w in raw_weights)
    normalised = tuple(Criterion(c.key, c.label, w) for c, w in zip(criteria, weights, strict=True))
    weight_texts = {key: _weight_text(w) for key, w in zip(keys, weights, strict=True)}
    threshold_texts = (_trim(member, 6), _trim(observer, 6))
    # At least one decimal, and as many as the thresholds have, so that the gaps add up.
    places = max(1, *(len(text.partition(".")[2]) for text in threshold_texts))
    verdicts = _Verdicts(member, observer, places, threshold_texts, {})
    key_set = frozenset(keys)
    keyed_weights = tuple(zip(keys, weights, strict=True))

    assessments: list[Assessment] = []
    for candidate in candidates:
        scores = candidate.scores
        if len(scores) != len(keys) or scores.keys() != key_set:
            raise _score_problem(candidate, keys)
        contributions: list[Contribution] = []
        total = 0.0
        for key, weight in keyed_weights:
            given = scores[key]
            value = given if type(given) is float else _as_number(given)
            if value is None or not 0 <= value <= 100:  # NaN fails the comparison too
                raise _score_problem(candidate, keys)
            points = round(value * weight * _POINT_SCALE) / _POINT_SCALE
            total += points
            contributions.append(Contribution(key, value, weight, points))
        total = round(total * _POINT_SCALE) / _POINT_SCALE
        tier = Tier.MEMBER if total >= member else Tier.OBSERVER if total >= observer else Tier.NOT_INVITED

        # Largest contribution first (the sort is stable: ties keep the order of the criteria).
        # The English text is built beside its parts, not from them, for speed; a test pins the two together.
        parts: list[tuple[str, dict[str, object]]] = []
        pieces: list[str] = []
        for c in sorted(contributions, key=_POINTS, reverse=True):
            score = c.score
            score_text = str(int(score)) if score.is_integer() else f"{score:.2f}".rstrip("0").rstrip(".")
            weight_text = weight_texts[c.key]
            points_text = f"{c.points:.1f}"
            parts.append(
                (_NEXT if parts else _FIRST, {"criterion": c.key, "score": score_text, "weight": weight_text, "points": points_text})
            )
            pieces.append(f"{c.key} {score_text} × {weight_text} = {points_text}")
        verdict_parts, verdict_text, total_text = verdicts.of(total)
        assessments.append(
            Assessment(
                candidate=candidate,
                total=total,
                tier=tier,
                contributions=tuple(contributions),
                explanation=f"{' + '.join(pieces)} {verdict_text}",
                explanation_parts=(*parts, *verdict_parts),
                total_text=total_text,
            )
        )
    assessments.sort(key=lambda a: (-a.total, a.candidate.id))

    notice: str | None = None
    notice_parts: Parts = ()
    if abs(weight_sum - 1) > _SUM_TOLERANCE:
        shown = 2
        while shown < _MAX_SUM_PLACES and float(f"{weight_sum:.{shown}f}") == 1:
            shown += 1
        notice_parts = ((_NOTICE, {"sum": f"{weight_sum:.{shown}f}"}),)
        notice = _NOTICE % notice_parts[0][1]
    return MatrixResult(assessments=tuple(assessments), weights=normalised, notice=notice, notice_parts=notice_parts)
