"""Sensitive-term lexicons (issue 15 §6), per language and category, built in and configurable.

A lexicon is the list of terms of one category in one language; ``Lexicons`` holds the 24 of
the six languages × four categories:

- ``security``: armed forces, weapons, intelligence, cyberattacks, terrorism …;
- ``market_moving``: tariffs, export bans, price caps, quotas, mergers, interest rates …;
- ``personal_data``: health, passport numbers, religion … (e-mail addresses, phone numbers,
  links and handles are found by ``incamera.redact.pii``, not listed);
- ``third_parties``: legal forms and courtesy titles that name someone outside the meeting.

A term is written as the note would write it, matched after the same normal form as the
de-attribution engine (``incamera.redact.normalize``: NFKC, case folding, Arabic marks and
letter variants), so case, full-width letters and harakat do not matter.  Two notations:

- ``weapon*``: a ``*`` ending a word makes it a stem: any word that starts with it (weapons,
  weaponry; «стратегическ* запас*»: стратегических запасов);
- ``{name} Ltd``, ``ООО {name}``, ``{name}公司``, ``Mr {name}``: a *legal form or title* in the
  ``third_parties`` category; a match counts only with a name beside it, on the side the
  placeholder stands (capitalised words in a cased script, a quoted name, one or two Arabic
  words, Han characters up to a function word).

The built-in lexicons are ``data/default.json`` (the format of ``Lexicons.from_json``) and, for
``third_parties``, the courtesy titles of the de-attribution engine (``redact.roles.HONORIFICS``)
as ``Mr {name}``, ``{name}先生``.  Configuration::

    {"mode": "extend",                     # or "replace": a lexicon given replaces the default
     "terms": {"en": {"security": ["drone strike", {"term": "classified", "weight": 40}]}}}

A term's weight (0 to 100) is the points one occurrence adds to the score; without one it takes
its category's weight (``DEFAULT_WEIGHTS``).  A term of weight 0 is a phrase that is not
sensitive and hides the terms inside it ("artificial intelligence" is not intelligence work).
A lexicon holds at most ``MAX_TERMS`` terms of at most ``MAX_TERM_LENGTH`` characters; a
configuration that breaks a rule is refused whole, its ``InvalidInputError.field`` naming the
place (``terms.en.security[3]``).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from incamera.kernel.errors import InvalidInputError
from incamera.redact.normalize import normalize_pattern
from incamera.redact.roles import HONORIFICS
from incamera.redact.roster import LANGS
from incamera.sensitivity.match import NAME, Matcher, Term

__all__ = [
    "CATEGORIES",
    "DEFAULT_WEIGHTS",
    "LANGS",
    "MAX_TERMS",
    "MAX_TERM_LENGTH",
    "NAME",
    "SCRIPTS",
    "Lexicon",
    "Lexicons",
    "Term",
]

CATEGORIES = ("security", "market_moving", "personal_data", "third_parties")
DEFAULT_WEIGHTS = {"security": 20, "market_moving": 15, "personal_data": 15, "third_parties": 10}
MAX_TERMS = 2000  # per lexicon (one language, one category)
MAX_TERM_LENGTH = 100
SCRIPTS = {"ar": "arabic", "en": "latin", "es": "latin", "fr": "latin", "ru": "cyrillic", "zh": "han"}
_MODES = ("extend", "replace")
_MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class Lexicon:
    lang: str
    category: str
    terms: tuple[Term, ...]


class Lexicons:
    """The 24 lexicons; immutable.  ``Lexicons.default()`` is built once per process."""

    __slots__ = ("_by_key", "_matchers")

    def __init__(self, lexicons: Mapping[tuple[str, str], tuple[Term, ...]]) -> None:
        self._by_key = {
            (lang, category): Lexicon(lang, category, tuple(lexicons.get((lang, category), ())))
            for lang in LANGS
            for category in CATEGORIES
        }
        self._matchers: dict[str, Matcher] = {}

    @classmethod
    @functools.cache
    def default(cls) -> Lexicons:
        """The built-in lexicons (``data/default.json`` and the engine's courtesy titles)."""
        text = resources.files("incamera.sensitivity").joinpath("data/default.json").read_text(encoding="utf-8")
        base = cls(_honorifics())
        return cls.from_json(text, base=base)

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any], *, base: Lexicons | None = None) -> Lexicons:
        """Lexicons from a configuration (see the module's docstring) over ``base`` (the
        built-in lexicons when not given).  :class:`InvalidInputError` names the field at fault."""
        if isinstance(data, (str, bytes)):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                msg = f"the lexicons are not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
                raise InvalidInputError(msg, field="lexicons") from None
        if not isinstance(data, Mapping):
            msg = f"the lexicons must be a JSON object with 'mode' and 'terms', not {type(data).__name__}"
            raise InvalidInputError(msg, field="lexicons")
        unknown = sorted(set(data) - {"mode", "terms"})
        if unknown:
            raise InvalidInputError(f"unknown field {unknown[0]!r}; use 'mode' and 'terms'", field=unknown[0])
        mode = data.get("mode", "extend")
        if mode not in _MODES:
            raise InvalidInputError(f"mode must be 'extend' or 'replace', not {mode!r}", field="mode")
        terms = data.get("terms", {})
        if not isinstance(terms, Mapping):
            raise InvalidInputError(f"terms must be an object of language → category → terms, not {type(terms).__name__}", field="terms")
        if base is None:
            base = cls.default()
        merged = {key: lexicon.terms for key, lexicon in base._by_key.items()}
        for lang, categories in terms.items():
            where = f"terms.{lang}"
            if lang not in LANGS:
                raise InvalidInputError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}", field=where)
            if not isinstance(categories, Mapping):
                raise InvalidInputError(f"must be an object of category → terms, not {type(categories).__name__}", field=where)
            for category, entries in categories.items():
                field = f"{where}.{category}"
                if category not in CATEGORIES:
                    raise InvalidInputError(f"unknown category {category!r}; use one of {', '.join(CATEGORIES)}", field=field)
                given = _terms(field, category, entries)
                merged[lang, category] = given if mode == "replace" else _union(merged[lang, category], given)
                if len(merged[lang, category]) > MAX_TERMS:
                    msg = f"{len(merged[lang, category])} terms; a lexicon holds at most {MAX_TERMS}"
                    raise InvalidInputError(msg, field=field)
        return cls(merged)

    def lexicon(self, lang: str, category: str) -> Lexicon:
        try:
            return self._by_key[lang, category]
        except KeyError:
            msg = f"no lexicon for language {lang!r} and category {category!r}"
            raise InvalidInputError(msg, field="lang" if lang not in LANGS else "category") from None

    def __iter__(self) -> Iterator[Lexicon]:
        return iter(self._by_key.values())

    def to_json(self) -> dict[str, Any]:
        """The configuration that rebuilds these lexicons with ``mode: replace``."""
        terms: dict[str, dict[str, list[object]]] = {}
        for lexicon in self:
            if lexicon.terms:
                terms.setdefault(lexicon.lang, {})[lexicon.category] = [
                    term.text if term.weight == DEFAULT_WEIGHTS[lexicon.category] else {"term": term.text, "weight": term.weight}
                    for term in lexicon.terms
                ]
        return {"mode": "replace", "terms": terms}

    def matcher(self, lang: str) -> Matcher:
        """The terms searched in a note in ``lang``: its own language's, and those of every
        language written in another script (an English note quoting 关税 or «санкции»); not
        those of a language of the same script ("sale" is dirty in French, not in English)."""
        matcher = self._matchers.get(lang)
        if matcher is None:
            script = SCRIPTS[lang]
            langs = [other for other in LANGS if other == lang or SCRIPTS[other] != script]
            matcher = Matcher((term, lexicon.category) for lexicon in self if lexicon.lang in langs for term in lexicon.terms)
            self._matchers[lang] = matcher  # built twice at worst, by two threads at once
        return matcher


def _terms(field: str, category: str, entries: object) -> tuple[Term, ...]:
    if not isinstance(entries, list):
        raise InvalidInputError(f"must be a list of terms, not {type(entries).__name__}", field=field)
    if len(entries) > MAX_TERMS:
        raise InvalidInputError(f"{len(entries)} terms; a lexicon holds at most {MAX_TERMS}", field=field)
    out: list[Term] = []
    for index, entry in enumerate(entries):
        out.append(_term(f"{field}[{index}]", category, entry))
    return _union((), tuple(out))


def _term(field: str, category: str, entry: object) -> Term:
    weight: object = DEFAULT_WEIGHTS[category]
    if isinstance(entry, Mapping):
        unknown = sorted(set(entry) - {"term", "weight"})
        if unknown:
            raise InvalidInputError(f"unknown field {unknown[0]!r}; a term is a string or {{'term', 'weight'}}", field=field)
        weight = entry.get("weight", weight)
        entry = entry.get("term")
    if not isinstance(entry, str):
        raise InvalidInputError(f"a term must be a string, not {type(entry).__name__}", field=field)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 100:
        raise InvalidInputError(f"weight must be a whole number from 0 to 100, not {weight!r}", field=field)
    text = " ".join(entry.split())
    if not text:
        raise InvalidInputError("empty term", field=field)
    if len(text) > MAX_TERM_LENGTH:
        raise InvalidInputError(f"a term of {len(text)} characters; at most {MAX_TERM_LENGTH}", field=field)
    term = Term(text, weight)
    if NAME in text:
        if category != "third_parties":
            raise InvalidInputError(f"{NAME} stands only in third_parties terms, not in {category}", field=field)
        if text.count(NAME) != 1 or not term.name_side:
            raise InvalidInputError(f"{NAME} must open or close the term, once: {text!r}", field=field)
        if term.stem:
            raise InvalidInputError(f"a term with {NAME} cannot be a stem: {text!r}", field=field)
    if re.search(r"\*(?! |$)|(?:^| )\*", text):
        raise InvalidInputError(f"* may only end a word (a stem): {text!r}", field=field)
    if term.stem and any("\u3400" <= char <= "\u9fff" for char in text):
        raise InvalidInputError(f"Han needs no stem: {text!r} matches inside words without *", field=field)
    marker = normalize_pattern(term.marker)
    if not marker:
        raise InvalidInputError(f"the term {text!r} has nothing to search for", field=field)
    if term.stem and len(marker) < _MIN_STEM:
        raise InvalidInputError(f"a stem needs at least {_MIN_STEM} characters before *: {text!r}", field=field)
    return term


def _union(first: tuple[Term, ...], second: tuple[Term, ...]) -> tuple[Term, ...]:
    """Both lists, a term written twice (in any case) keeping the later weight."""
    by_key: dict[str, Term] = {}
    for term in (*first, *second):
        by_key[normalize_pattern(term.text)] = term
    return tuple(by_key.values())


def _honorifics() -> dict[tuple[str, str], tuple[Term, ...]]:
    weight = DEFAULT_WEIGHTS["third_parties"]
    out: dict[tuple[str, str], tuple[Term, ...]] = {}
    for lang, honorifics in HONORIFICS.items():
        terms = (Term(f"{h.text} {NAME}" if h.position == "before" else f"{NAME}{h.text}", weight) for h in honorifics)
        out[lang, "third_parties"] = _union((), tuple(terms))
    return out
