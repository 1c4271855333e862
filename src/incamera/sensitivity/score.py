"""Explainable sensitivity scoring (issue 15 §6): a score from 0 to 100 per item, every point of
it explained by a reason, and the disclosure tier it suggests.  A person confirms the tier; the
suggestion is only that.

What counts, each a :class:`Reason` (category, term or kind, count, weight, example offsets):

- a lexicon term of any category (``lexicons.py``), found in the note's language and in every
  language written in another script (``Lexicons.matcher``);
- a named third party: a legal form or a courtesy title with a name beside it ("Acme Ltd",
  "ООО «Ромашка»", "华为公司", "Mr Smith") that is not a participant, one reason per name;
- personal data: e-mail addresses, phone numbers, links and handles (``incamera.redact.pii``),
  and, given the meeting's roster, every mention the de-attribution engine finds of a
  participant (``person``, ``role``, ``country_role``, ``organisation``), each kind one reason
  weighted by ``KIND_WEIGHTS``; a term inside such a mention is part of a name, not a topic
  (a participant from the "Ministry of Defence" is no security term).

A reason's points are its weight times its count, the count taken up to ``REPEATS`` (a term
said ten times is not ten sensitive things); the score is the sum of the points, capped at 100.

The suggested tier (``suggest_tier``), from the earliest release to the latest:

- ``sealed`` (never released automatically) when the score is ``SEALED_FROM`` (60) or more, or
  any security reason weighs ``GRAVE_WEIGHT`` (40) or more ("classified", "nuclear weapons");
- ``full`` (+365 days) when the score is ``FULL_FROM`` (20) or more;
- ``non_sensitive`` (+90 days) below that, an empty note included.

``outline`` (+30 days) is the outline item's own tier and never suggested for content.  The rule
is monotonic: a note with one more sensitive term has no lower score and no earlier tier (terms
are found whole, so a term added beside the others leaves their matches alone).
"""

from __future__ import annotations

import bisect
import functools
import sys
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from incamera.kernel.errors import InvalidInputError
from incamera.redact import pii
from incamera.redact.countries import COUNTRIES
from incamera.redact.engine import Redactor, guess_language
from incamera.redact.normalize import normalize_pattern
from incamera.redact.roles import ROLES
from incamera.redact.roster import LANGS, Roster
from incamera.sensitivity.lexicons import Lexicons
from incamera.sensitivity.match import Match

__all__ = [
    "FULL_FROM",
    "GRAVE_WEIGHT",
    "KIND_WEIGHTS",
    "RELEASE_DAYS",
    "REPEATS",
    "SEALED_FROM",
    "TIERS",
    "Assessment",
    "Reason",
    "score",
    "suggest_tier",
]

TIERS = ("outline", "non_sensitive", "full", "sealed")  # earliest release first
RELEASE_DAYS: dict[str, int | None] = {"outline": 30, "non_sensitive": 90, "full": 365, "sealed": None}
FULL_FROM = 20
SEALED_FROM = 60
GRAVE_WEIGHT = 40
REPEATS = 3
EXAMPLES = 3
# Redaction spans: a participant named in full weighs most; a role or an organisation alone
# narrows the field without naming.
KIND_WEIGHTS = {
    "person": 15,
    "role": 5,
    "country_role": 10,
    "organisation": 5,
    "email": 15,
    "phone": 15,
    "handle": 10,
    "url": 5,
}
# Addressed with a title in a meeting, and no one's name.
_SESSION_WORDS = frozenset(
    [
        "Speaker",
        "Co-Chair",
        "Vice-Chair",
        "Chair",
        "Secretary",
        "Coordinator",
        "Facilitator",
        "Moderator",
        "Rapporteur",
        "Rapporteuse",
        "Président",
        "Présidente",
        "Presidente",
        "Presidenta",
        "Vicepresidente",
        "Relator",
        "Relatora",
        "Председатель",
        "الرئيس",
        "الرئيسة",
        "主席",
    ]
)
_ROSTER_KINDS = frozenset(("person", "role", "country_role", "organisation"))


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the score is what it is: ``count`` occurrences of ``term_or_kind`` (a lexicon term as
    configured, a third party's name as first written, or a span kind such as ``email``), each
    worth ``weight`` points up to ``REPEATS`` of them; ``example_offsets`` are the first few
    ``(start, end)`` in the input."""

    category: str
    term_or_kind: str
    count: int
    weight: int
    example_offsets: tuple[tuple[int, int], ...]

    @property
    def points(self) -> int:
        return self.weight * min(self.count, REPEATS)

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "term_or_kind": self.term_or_kind,
            "count": self.count,
            "weight": self.weight,
            "points": self.points,
            "example_offsets": [list(pair) for pair in self.example_offsets],
        }


@dataclass(frozen=True, slots=True)
class Assessment:
    """A score from 0 to 100, the tier it suggests, and the reasons, most points first."""

    score: int
    suggested_tier: str
    reasons: tuple[Reason, ...]
    lang: str

    def to_json(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "suggested_tier": self.suggested_tier,
            "lang": self.lang,
            "reasons": [reason.to_json() for reason in self.reasons],
        }


def suggest_tier(score: int, reasons: Iterable[Reason] = ()) -> str:
    """The tier the module's docstring gives for ``score`` and ``reasons``."""
    if score >= SEALED_FROM or any(r.category == "security" and r.weight >= GRAVE_WEIGHT for r in reasons):
        return "sealed"
    if score >= FULL_FROM:
        return "full"
    return "non_sensitive"


def score(text: str, *, lang: str | None, roster: Roster | None, lexicons: Lexicons) -> Assessment:
    """The assessment of one item's ``text`` (see the module's docstring).  ``lang`` is the
    note's language, guessed from its script and little words when ``None``; ``roster``, when
    given, is the meeting's, whose participants count as personal data, not third parties."""
    if lang is None or lang == "auto":
        lang = guess_language(text)
    if lang not in LANGS:
        raise InvalidInputError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}", field="lang")
    tally = _Tally()
    participants: list[tuple[int, int]] = []
    if roster is not None and len(roster):
        for span in _redactor(roster).redact(text, lang).spans:
            tally.add("personal_data", span.kind, span.kind, KIND_WEIGHTS.get(span.kind, KIND_WEIGHTS["person"]), (span.start, span.end))
            if span.kind in _ROSTER_KINDS:
                participants.append((span.start, span.end))
    else:
        for start, end, kind in pii.find(text):
            tally.add("personal_data", kind, kind, KIND_WEIGHTS[kind], (start, end))
    participants.sort()
    names: list[Match] = []
    for match in lexicons.matcher(lang).find(text):
        if match.name is None:
            if not _within(participants, match.start, match.end):  # part of a participant's name
                tally.add(match.category, match.term.text, match.term.text, match.term.weight, (match.start, match.end))
        elif not _overlaps(participants, match.start, match.end) and not _names_no_one(text[match.name[0] : match.name[1]]):
            names.append(match)  # not a participant with a title ("Mr Wang", counted above), nor "Madam Chair"
    for match in _widest(names):
        named = text[match.start : match.end]
        tally.add(match.category, "name:" + normalize_pattern(named), named, match.term.weight, (match.start, match.end))
    reasons = tally.reasons()
    total = min(100, sum(reason.points for reason in reasons))
    return Assessment(total, suggest_tier(total, reasons), reasons, lang)


@dataclass
class _Found:
    label: str
    weight: int
    count: int
    examples: list[tuple[int, int]]


class _Tally:
    """Occurrences gathered into reasons, one per category and term (or kind, or name)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str], _Found] = {}

    def add(self, category: str, key: str, label: str, weight: int, span: tuple[int, int]) -> None:
        found = self._found.get((category, key))
        if found is None:
            self._found[category, key] = _Found(label, weight, 1, [span])
            return
        found.count += 1
        if len(found.examples) < EXAMPLES:
            found.examples.append(span)

    def reasons(self) -> tuple[Reason, ...]:
        reasons = [Reason(category, f.label, f.count, f.weight, tuple(f.examples)) for (category, _key), f in self._found.items()]
        reasons.sort(key=lambda r: (-r.points, r.example_offsets[0], r.category, r.term_or_kind))
        return tuple(reasons)


@functools.cache
def _no_ones_names() -> frozenset[str]:
    """Words a title may stand beside that name no one: roles and countries ("Madam Chair",
    "Monsieur le Président", 主席先生, 越南教授 "the Vietnamese professor", الأستاذ الأسترالي)."""
    roles = (
        form for role in ROLES.values() for words in role.values() for word in words for forms in word.forms.values() for form in forms
    )
    countries = (
        form
        for country in COUNTRIES.values()
        for forms in (*country.names.values(), *(f for slots in country.adjectives.values() for f in slots.values()))
        for form in forms
    )
    return frozenset(normalize_pattern(word) for word in (*roles, *countries, *_SESSION_WORDS))


@functools.lru_cache(maxsize=4096)
def _names_no_one(name: str) -> bool:
    return normalize_pattern(name) in _no_ones_names()


def _widest(matches: list[Match]) -> list[Match]:
    """One match per name: "Acme Holdings Ltd" is found by both its forms, and counts once."""
    out: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if out and match.start < out[-1].end:
            if match.end > out[-1].end:
                out[-1] = match._replace(start=out[-1].start)
            continue
        out.append(match)
    return out


def _within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies inside one of ``spans`` (sorted, disjoint)."""
    index = bisect.bisect_right(spans, (start, sys.maxsize)) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (sorted, disjoint: the engine's)."""
    index = bisect.bisect_left(spans, (end, end)) - 1
    return index >= 0 and spans[index][1] > start


# A roster's automaton takes a while to build: one per roster object, while it lives.
_REDACTORS: dict[int, tuple[weakref.ref[Roster], Redactor]] = {}
_KEEP = 16


def _redactor(roster: Roster) -> Redactor:
    held = _REDACTORS.get(id(roster))
    if held is not None and held[0]() is roster:
        return held[1]
    redactor = Redactor(roster)
    if len(_REDACTORS) >= _KEEP:
        _REDACTORS.pop(next(iter(_REDACTORS)))
    _REDACTORS[id(roster)] = (weakref.ref(roster), redactor)
    return redactor
