"""Observer upgrade rules: declarative conditions on a delegation's attribute history (issue 4, §3).

A Rule reads one attribute (for example ``credit_rating``) and compares it with a value in each of
``consecutive_years`` years, counting back from the year of evaluation.  The attribute is either a
number or a level on an OrdinalScale listed best first (AAA > AA+ > AA > …), where ">=" means "that
level or better".  Rules are data: parsed from JSON, checked, and evaluated by plain comparisons —
never run as code.

Rules that grant the same tier are all required together (AND); ``granted`` applies that to a list
of outcomes, and ``check_rules`` refuses a set in which no value could meet two such rules at once,
since the tier could then never be granted.

Messages stay English (this module does not import Django).  Errors carry their template and values
as in ``kernel/messages.py``; an outcome carries ``explanation_parts`` so that ``render`` can assemble the
explanation in the reader's language.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, cast, get_args

from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = [
    "COMPARISONS",
    "CREDIT_RATING",
    "SEED_RULE",
    "Comparison",
    "History",
    "OrdinalScale",
    "Part",
    "Rule",
    "RuleOutcome",
    "check_rules",
    "evaluate",
    "granted",
    "parse_rule",
]

Comparison = Literal[">=", "<=", "==", "!=", ">", "<"]
COMPARISONS: tuple[Comparison, ...] = get_args(Comparison)

History = Mapping[str, Mapping[int, str | float]]
"""attribute → year → value (a level of the attribute's scale, or a number)."""

Part = tuple[str, dict[str, object]]
"""An untranslated message template and its values: ``template % params`` is the English text."""

_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
}
_JSON_KEYS = ("id", "attribute", "comparison", "value", "consecutive_years", "scale", "grants", "label")


@dataclass(frozen=True)
class OrdinalScale:
    """Levels of an ordinal attribute, best first."""

    key: str
    levels: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.levels or len(set(self.levels)) != len(self.levels):
            template = gettext_noop("scale %(scale)s needs distinct levels, best first; found %(levels)s")
            raise _invalid(template, field="scale", scale=self.key, levels=", ".join(self.levels) or "none")

    def standing(self, level: str) -> int:
        """The level's standing: higher is better (the worst level stands at 0)."""
        return len(self.levels) - 1 - self.levels.index(level)


CREDIT_RATING = OrdinalScale(
    "credit_rating",
    (
        "AAA",
        "AA+",
        "AA",
        "AA-",
        "A+",
        "A",
        "A-",
        "BBB+",
        "BBB",
        "BBB-",
        "BB+",
        "BB",
        "BB-",
        "B+",
        "B",
        "B-",
        "CCC+",
        "CCC",
        "CCC-",
        "CC",
        "C",
        "D",
    ),
)

# Phrases read "<attribute> <phrase>", e.g. "credit rating AA+ or better".
_ORDINAL_CONDITIONS = {
    ">=": gettext_noop("%(attribute)s %(value)s or better"),
    ">": gettext_noop("%(attribute)s better than %(value)s"),
    "<=": gettext_noop("%(attribute)s %(value)s or worse"),
    "<": gettext_noop("%(attribute)s worse than %(value)s"),
    "==": gettext_noop("%(attribute)s exactly %(value)s"),
    "!=": gettext_noop("%(attribute)s other than %(value)s"),
}
_NUMERIC_CONDITIONS = {
    ">=": gettext_noop("%(attribute)s at least %(value)s"),
    ">": gettext_noop("%(attribute)s above %(value)s"),
    "<=": gettext_noop("%(attribute)s at most %(value)s"),
    "<": gettext_noop("%(attribute)s below %(value)s"),
    "==": gettext_noop("%(attribute)s equal to %(value)s"),
    "!=": gettext_noop("%(attribute)s other than %(value)s"),
}


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Rule:
    """``value`` is a level of ``scale`` for ordinal attributes, else a number."""

    id: str
    attribute: str
    comparison: Comparison
    value: str | float
    consecutive_years: int = 1
    scale: OrdinalScale | None = None
    grants: str = "observer"
    label: str = ""

    def to_json(self) -> dict[str, object]:
        """The rule as JSON data; ``parse_rule`` reads it back."""
        return {
            "id": self.id,
            "attribute": self.attribute,
            "comparison": self.comparison,
            "value": self.value,
            "consecutive_years": self.consecutive_years,
            "scale": self.scale.key if self.scale else None,
            "grants": self.grants,
            "label": self.label,
        }

    def condition(self) -> Part:
        """The comparison alone, e.g. "credit rating AA+ or better"."""
        templates = _ORDINAL_CONDITIONS if self.scale else _NUMERIC_CONDITIONS
        return templates[self.comparison], {"attribute": self.attribute.replace("_", " "), "value": _shown(self.value)}

    def span(self, *, as_of: int | None = None) -> Part:
        """The years, e.g. "for 3 consecutive years" (or "in 2026" for a single year)."""
        if self.consecutive_years == 1:
            if as_of is None:
                return gettext_noop("in the latest year"), {}
            return gettext_noop("in %(as_of)d"), {"as_of": as_of}
        return gettext_noop("for %(years)d consecutive years"), {"years": self.consecutive_years}

    def describe(self) -> str:
        """The rule in English, e.g. "credit rating AA+ or better for 3 consecutive years"."""
        (condition, c_params), (span, s_params) = self.condition(), self.span()
        return f"{condition % c_params} {span % s_params}"


def _check_rule(rule: Rule) -> None:
    for name in ("id", "attribute", "grants"):
        text = getattr(rule, name)
        if not isinstance(text, str) or not text.strip():
            template = gettext_noop("rule %(rule)s: %(name)s must be non-empty text; found %(found)s")
            raise _invalid(template, field=name, rule=repr(rule.id), name=name, found=repr(text))
    if rule.comparison not in COMPARISONS:
        template = gettext_noop("rule %(rule)s: the comparison %(found)s is not one of %(allowed)s")
        raise _invalid(template, field="comparison", rule=rule.id, found=repr(rule.comparison), allowed=", ".join(COMPARISONS))
    years = rule.consecutive_years
    if isinstance(years, bool) or not isinstance(years, int) or years < 1:
        template = gettext_noop("rule %(rule)s: consecutive_years must be a whole number of at least 1; found %(found)s")
        raise _invalid(template, field="consecutive_years", rule=rule.id, found=repr(years))
    if rule.scale is not None:
        if not isinstance(rule.value, str) or rule.value not in rule.scale.levels:
            template = gettext_noop("rule %(rule)s: %(found)s is not a rating on the %(scale)s scale (valid: %(valid)s)")
            valid = ", ".join(rule.scale.levels)
            raise _invalid(template, field="value", rule=rule.id, found=repr(rule.value), scale=rule.scale.key, valid=valid)
    elif isinstance(rule.value, bool) or not isinstance(rule.value, int | float) or not math.isfinite(rule.value):
        template = gettext_noop(
            "rule %(rule)s: the value %(found)s is not a finite number; an ordinal attribute such as a rating needs a scale"
        )
        raise _invalid(template, field="value", rule=rule.id, found=repr(rule.value))


def _standing(rule: Rule, raw: object, *, year: int) -> float:
    """The observed value as a number to compare (a scale level becomes its standing)."""
    attribute = rule.attribute
    if rule.scale is not None:
        if not isinstance(raw, str) or raw not in rule.scale.levels:
            template = gettext_noop(
                "%(attribute)s for %(year)d is %(found)s, which is not a rating on the %(scale)s scale (valid: %(valid)s)"
            )
            valid = ", ".join(rule.scale.levels)
            raise _invalid(template, field=attribute, attribute=attribute, year=year, found=repr(raw), scale=rule.scale.key, valid=valid)
        return rule.scale.standing(raw)
    number: float | None = None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str):
        try:
            number = float(raw)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        template = gettext_noop("%(attribute)s for %(year)d is %(found)s, which is not a finite number")
        raise _invalid(template, field=attribute, attribute=attribute, year=year, found=repr(raw))
    return number


def _threshold(rule: Rule) -> float:
    if rule.scale is not None:
        return rule.scale.standing(cast("str", rule.value))
    return float(rule.value)


@dataclass(frozen=True)
class RuleOutcome:
    """The verdict of one rule for one history, with its explanation.

    ``years`` are the qualifying years of the run that ends at ``as_of``, oldest first (all of the
    required years when ``satisfied``).  ``explanation_parts`` is laid out as ``(condition, span,
    one part per year of the window, verdict)``; ``render`` assembles them, and ``explanation`` is
    ``render()`` in English.
    """

    rule: Rule
    satisfied: bool
    explanation: str
    years: tuple[int, ...]
    explanation_parts: tuple[Part, ...]

    def render(self, translate: Callable[[str], str] = str) -> str:
        """The explanation, each template passed through ``translate`` (e.g. Django's gettext)."""
        return _render(self.explanation_parts, translate)


def _render(parts: tuple[Part, ...], translate: Callable[[str], str]) -> str:
    condition, span, *evidence, verdict = (translate(template) % params for template, params in parts)
    return f"{condition} {span}: {', '.join(evidence)} — {verdict}"


# The tiers the product knows are written into the sentence, so that a translation names them in
# its own words; a tier of the organizer's own naming is shown as they wrote it.
_ELIGIBLE_AS = (
    gettext_noop("met in %(as_of)d → eligible as %(grants)s"),
    gettext_noop("%(count)d consecutive years up to %(as_of)d → eligible as %(grants)s"),
)
_ELIGIBLE = {
    "observer": (
        gettext_noop("met in %(as_of)d → eligible as observer"),
        gettext_noop("%(count)d consecutive years up to %(as_of)d → eligible as observer"),
    ),
    "member": (
        gettext_noop("met in %(as_of)d → eligible as member"),
        gettext_noop("%(count)d consecutive years up to %(as_of)d → eligible as member"),
    ),
}


def evaluate(rule: Rule, history: History, *, as_of: int) -> RuleOutcome:
    """Whether ``history`` meets ``rule`` in each of the ``consecutive_years`` years ending at ``as_of``.

    A year with no value breaks the run and is named in the explanation.  Raises InvalidInputError
    for a malformed rule or an observed value the rule cannot read (an unknown rating).
    """
    _check_rule(rule)
    observed = history.get(rule.attribute, {})
    compare, threshold = _OPERATORS[rule.comparison], _threshold(rule)
    window = range(as_of - rule.consecutive_years + 1, as_of + 1)
    evidence: list[Part] = []
    met: dict[int, bool | None] = {}  # None: no value that year
    for year in window:
        raw = observed.get(year)
        if raw is None:
            met[year] = None
            evidence.append((gettext_noop("no value (%(year)d) ✗"), {"year": year}))
            continue
        met[year] = compare(_standing(rule, raw, year=year), threshold)
        template = gettext_noop("%(value)s (%(year)d) ✓") if met[year] else gettext_noop("%(value)s (%(year)d) ✗")
        evidence.append((template, {"value": _shown(raw), "year": year}))

    run = 0
    for year in reversed(window):
        if not met[year]:
            break
        run += 1
    satisfied = run == rule.consecutive_years
    breaking_year = as_of - run
    gap = breaking_year if not satisfied and met[breaking_year] is None else None
    params: dict[str, object] = {"as_of": as_of, "count": run, "grants": rule.grants}
    if satisfied:
        once, consecutive = _ELIGIBLE.get(rule.grants, _ELIGIBLE_AS)
        verdict = once if rule.consecutive_years == 1 else consecutive
    elif run == 0:
        verdict = (
            gettext_noop("no value for %(as_of)d → not eligible")
            if gap is not None
            else gettext_noop("not met in %(as_of)d → not eligible")
        )
    else:
        params["gap"] = gap
        if run == 1:
            verdict = (
                gettext_noop("only 1 consecutive year up to %(as_of)d (no value for %(gap)d) → not eligible")
                if gap is not None
                else gettext_noop("only 1 consecutive year up to %(as_of)d → not eligible")
            )
        else:
            verdict = (
                gettext_noop("only %(count)d consecutive years up to %(as_of)d (no value for %(gap)d) → not eligible")
                if gap is not None
                else gettext_noop("only %(count)d consecutive years up to %(as_of)d → not eligible")
            )
    parts = (rule.condition(), rule.span(as_of=as_of), *evidence, (verdict, params))
    return RuleOutcome(
        rule=rule,
        satisfied=satisfied,
        explanation=_render(parts, str),
        years=tuple(range(as_of - run + 1, as_of + 1)),
        explanation_parts=parts,
    )


def granted(outcomes: Iterable[RuleOutcome]) -> frozenset[str]:
    """The tiers whose rules are all satisfied (rules granting the same tier combine with AND)."""
    tiers: dict[str, bool] = {}
    for outcome in outcomes:
        tiers[outcome.rule.grants] = tiers.get(outcome.rule.grants, True) and outcome.satisfied
    return frozenset(tier for tier, ok in tiers.items() if ok)


def _text(data: Mapping[str, object], key: str, *, rule: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or (key != "label" and not value.strip()):
        template = gettext_noop("rule %(rule)s: %(key)s must be non-empty text; found %(found)s")
        raise _invalid(template, field=key, rule=rule, key=key, found=repr(value) if key in data else "nothing")
    return value.strip()


def parse_rule(data: Mapping[str, object], *, scales: Mapping[str, OrdinalScale]) -> Rule:
    """Read a rule from JSON data (as written by ``Rule.to_json``), or raise InvalidInputError.

    ``scale`` names one of ``scales``; when the key is absent, an attribute that is itself the key
    of a scale (``credit_rating``) uses that scale, and any other attribute is numeric.
    """
    if not isinstance(data, Mapping):
        template = gettext_noop("a rule must be a JSON object; found %(found)s")
        raise _invalid(template, field="rules", found=type(data).__name__)
    unknown = sorted(str(key) for key in data if key not in _JSON_KEYS)
    if unknown:
        template = gettext_noop("unknown key(s) %(keys)s in a rule (known: %(known)s)")
        raise _invalid(template, field="rules", keys=", ".join(unknown), known=", ".join(_JSON_KEYS))
    rule_id = _text(data, "id", rule="?")
    shown_id = rule_id
    attribute = _text(data, "attribute", rule=shown_id)
    comparison = data.get("comparison")
    if comparison not in COMPARISONS:
        template = gettext_noop("rule %(rule)s: the comparison %(found)s is not one of %(allowed)s")
        raise _invalid(template, field="comparison", rule=shown_id, found=repr(comparison), allowed=", ".join(COMPARISONS))
    scale: OrdinalScale | None
    if "scale" not in data:
        scale = scales.get(attribute)
    elif data["scale"] is None:
        scale = None
    elif isinstance(data["scale"], str) and data["scale"] in scales:
        scale = scales[data["scale"]]
    else:
        template = gettext_noop("rule %(rule)s: unknown scale %(found)s (known: %(known)s)")
        raise _invalid(template, field="scale", rule=shown_id, found=repr(data["scale"]), known=", ".join(sorted(scales)) or "none")
    if "value" not in data:
        raise _invalid(gettext_noop("rule %(rule)s: value is required"), field="value", rule=shown_id)
    value = data["value"]
    if scale is None and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    years = data.get("consecutive_years", 1)
    rule = Rule(
        id=rule_id,
        attribute=attribute,
        comparison=cast("Comparison", comparison),
        value=cast("str | float", value),
        consecutive_years=cast("int", years),
        scale=scale,
        grants=_text(data, "grants", rule=shown_id, default="observer"),
        label=_text(data, "label", rule=shown_id, default=""),
    )
    _check_rule(rule)
    return rule


def _admitted_levels(rules: Iterable[Rule], scale: OrdinalScale) -> set[str]:
    admitted = set(scale.levels)
    for rule in rules:
        compare, threshold = _OPERATORS[rule.comparison], _threshold(rule)
        admitted = {level for level in admitted if compare(scale.standing(level), threshold)}
    return admitted


def _numbers_meet(rules: Iterable[Rule]) -> bool:
    """Whether some real number meets every rule (an interval, less excluded points)."""
    low, low_open, high, high_open = -math.inf, True, math.inf, True
    equal: set[float] = set()
    excluded: set[float] = set()
    for rule in rules:
        value = float(rule.value)
        if rule.comparison == ">=" and value > low:
            low, low_open = value, False
        elif rule.comparison == ">" and value >= low:
            low, low_open = value, True
        elif rule.comparison == "<=" and value < high:
            high, high_open = value, False
        elif rule.comparison == "<" and value <= high:
            high, high_open = value, True
        elif rule.comparison == "==":
            equal.add(value)
        elif rule.comparison == "!=":
            excluded.add(value)

    def inside(x: float) -> bool:
        above = x > low or (x == low and not low_open)
        below = x < high or (x == high and not high_open)
        return above and below and x not in excluded

    if equal:
        return len(equal) == 1 and inside(next(iter(equal)))
    if low < high:
        return True  # an interval of positive length: finitely many exclusions cannot empty it
    return low == high and inside(low)


def _meet(rules: list[Rule]) -> bool:
    scale = rules[0].scale
    return bool(_admitted_levels(rules, scale)) if scale else _numbers_meet(rules)


def _phrase(rule: Rule) -> str:
    template, params = rule.condition()
    return template % params


def check_rules(rules: Iterable[Rule]) -> None:
    """Refuse a rule set that is malformed or contradictory, naming the rules; else return None.

    Checks each rule (comparison, consecutive_years ≥ 1, a value that is a rating of its scale or a
    number), unique ids, one reading (scale or number) per attribute, ordinal rules that no level
    meets ("better than AAA"), and rules granting the same tier that no value meets together.
    """
    rules = list(rules)
    by_id: dict[str, Rule] = {}
    for rule in rules:
        _check_rule(rule)
        if rule.id in by_id:
            template = gettext_noop("two rules have the id %(rule)s; ids must be unique")
            raise _invalid(template, field="rules", rule=repr(rule.id))
        by_id[rule.id] = rule

    def reading(rule: Rule) -> str:
        return f"scale {rule.scale.key}" if rule.scale else "number"

    first_reading: dict[str, Rule] = {}
    for rule in rules:
        first = first_reading.setdefault(rule.attribute, rule)
        if first.scale != rule.scale:
            template = gettext_noop(
                "rules %(first)s and %(second)s read %(attribute)s differently (%(first_reading)s, %(second_reading)s); "
                "an attribute is either a number or a level of one scale"
            )
            raise _invalid(
                template,
                field="rules",
                first=first.id,
                second=rule.id,
                attribute=rule.attribute,
                first_reading=reading(first),
                second_reading=reading(rule),
            )
        if rule.scale and not _admitted_levels([rule], rule.scale):
            template = gettext_noop("rule %(rule)s can never be met: no level of the %(scale)s scale is %(condition)s")
            raise _invalid(template, field="rules", rule=rule.id, scale=rule.scale.key, condition=_phrase(rule))

    groups: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        groups.setdefault((rule.attribute, rule.grants), []).append(rule)
    for (attribute, grants), group in groups.items():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if not _meet([first, second]):
                    template = gettext_noop(
                        "rules %(first)s (%(first_condition)s) and %(second)s (%(second_condition)s) contradict: "
                        "no %(attribute)s meets both, yet both are required for %(grants)s"
                    )
                    raise _invalid(
                        template,
                        field="rules",
                        first=first.id,
                        second=second.id,
                        attribute=attribute.replace("_", " "),
                        first_condition=_phrase(first),
                        second_condition=_phrase(second),
                        grants=grants,
                    )
        if not _meet(group):
            template = gettext_noop("rules %(rules)s contradict: no %(attribute)s meets all of them, yet all are required for %(grants)s")
            raise _invalid(
                template, field="rules", rules=", ".join(r.id for r in group), attribute=attribute.replace("_", " "), grants=grants
            )


SEED_RULE = Rule(
    id="credit-rating-observer",
    attribute="credit_rating",
    comparison=">=",
    value="AA+",
    consecutive_years=3,
    scale=CREDIT_RATING,
    grants="observer",
    label="credit rating AA+ or better for 3 consecutive years → eligible as observer",
)
