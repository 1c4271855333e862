"""Every way a note may name a roster's person, derived from the roster (issue 11).

Per person:

- **names**, in every script the roster gives, searched in every language (notes mix scripts):
  given + family and family + given (with a comma too), initials ("J. Wang", "J.-P. Dupont");
  Chinese order without a space ("王伟") and the middle dot of transcribed foreign names
  ("约翰·史密斯", with its look-alikes); Russian names in six cases (``russian.decline_name``,
  word by word, and with only the last word declined, as East Asian names are: "Ван Вэем");
  aliases as given;
- **courtesy titles** and **role words as titles** are not multiplied with the names: the
  engine extends a name's match over a title next to it (``titles()``: "Mr Wang", "M. Wang",
  "el señor Wang", "господина Вана", "министром Ваном", "السيد منصور", "王先生", "王部长"), and a
  family name alone beside a title is a mention;
- **role titles and organisations** as the roster spells them, Russian ones declined too
  ("министра экологии");
- **country + role phrases** ("the Chinese minister", "le ministre chinois", "el ministro
  chino", "китайского министра", "نائب الوزير الكيني", "中国部长"), from the nationality table and
  the role words with their synonyms, adjective and noun agreeing in gender, case and
  definiteness, with the articles and contractions that may lead them ("du ministre chinois");
- **a family name alone**, as a *weak* form (``Form.weak``): the engine keeps such a match only
  where it is plainly a name (capitalised in a cased script; for a one-character Chinese
  surname, at a clause's start before a verb of speech), or once the note has named the person.

A country alone is never a form: "exports to Chile" is what the meeting discussed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

from incamera.redact import russian
from incamera.redact.countries import COUNTRIES
from incamera.redact.roles import HONORIFICS, ROLES
from incamera.redact.roster import Person, Roster

__all__ = ["Form", "Titles", "derive", "titles"]

Gender = Literal["m", "f"]
_DOTS = ("·", "・", "•", "‧", "･")
_ARTICLES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"": ("the ", "")},
    "fr": {"m": ("le ", "du ", "au ", ""), "f": ("la ", ""), "mp": ("les ", "des ", "aux ", ""), "fp": ("les ", "des ", "aux ", "")},
    "es": {"m": ("el ", "del ", "al ", ""), "f": ("la ", ""), "mp": ("los ", ""), "fp": ("las ", "")},
}
_RU_CASES = russian.CASES


class Form(NamedTuple):  # a tuple: a roster derives thousands, and a frozen dataclass builds slowly
    text: str
    kind: str  # person, role, country_role, organisation, email
    person_id: str | None
    slot: str = ""  # the grammatical slot (Russian case: "m.gen", "gen"), for the placeholder
    role: str = ""
    prefix: str = ""  # a leading article or contraction ("du"), for the placeholder
    weak: bool = False  # a family name alone: kept only where plainly a name (see the engine)
    country: str = ""  # of a country + role phrase: its region names the placeholder


def derive(roster: Roster, languages: Iterable[str]) -> Iterator[Form]:
    languages = tuple(languages)
    for person in roster.people:
        yield from _person_forms(person, languages)


def _script(text: str) -> str:
    for char in text:
        if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
            return "zh"
        if "\u0600" <= char <= "\u06ff":
            return "ar"
        if "\u0400" <= char <= "\u04ff":
            return "ru"
    return "latin"


def _genders(person: Person) -> tuple[Gender, ...]:
    """The person's grammatical gender, or both when the roster does not say."""
    if person.gender == "m":
        return ("m",)
    if person.gender == "f":
        return ("f",)
    return ("m", "f")


def _decline(name: str, gender: Gender) -> dict[str, tuple[str, ...]]:
    """A Russian name in six cases, word by word ("Анна Мария"), and with only its last word
    declined ("Ван Минь" → "Ван Миня"); a word the rules do not know (Latin letters, an unusual
    ending) stays as written."""
    words = name.split()
    declined = []
    for word in words:
        try:
            declined.append(russian.decline_name(word, gender))
        except ValueError:
            declined.append(dict.fromkeys(_RU_CASES, (word,)))
    out: dict[str, tuple[str, ...]] = {}
    for case in _RU_CASES:
        every = itertools.islice(itertools.product(*(d[case] for d in declined)), 4)
        variants = [" ".join(combo) for combo in every]
        variants += [" ".join([*words[:-1], last]) for last in declined[-1][case]]
        out[case] = tuple(dict.fromkeys(variants))
    return out


def _person_forms(person: Person, languages: tuple[str, ...]) -> Iterator[Form]:
    pid = person.id
    genders = _genders(person)
    for alias in person.aliases:
        yield Form(alias, "person", pid)
    # (script, given, family cases) for every spelling the roster gives (en, fr and es often
    # share one: it is derived once).
    names: list[tuple[str, str, dict[str, tuple[str, ...]]]] = []
    spellings = dict.fromkeys(
        (person.given_name.get(name_lang, ""), person.family_name.get(name_lang, ""))
        for name_lang in sorted(person.family_name.keys() | person.given_name.keys())
    )
    for given, family in spellings:
        yield from _names(pid, given, family, genders)
        if family:
            script = _script(family)
            if script == "ru":
                cases: dict[str, set[str]] = {}
                for gender in genders:
                    for case, forms in _decline(family, gender).items():
                        cases.setdefault(case, set()).update(forms)
                names.append((script, given, {case: tuple(sorted(forms)) for case, forms in cases.items()}))
            else:
                names.append((script, given, {"": (family,)}))
            yield from _lone(pid, script, names[-1][2])
    for lang in languages:
        yield from _as_written(person, lang)
        yield from _country_roles(person, lang)
    if person.email:
        yield Form(person.email, "email", pid)


def _names(pid: str, given: str, family: str, genders: tuple[Gender, ...]) -> Iterator[Form]:
    if not (given and family):
        return
    script = _script(given + family)
    if script == "zh":
        yield Form(family + given, "person", pid)
        yield Form(given + family, "person", pid)
        for dot in _DOTS:
            yield Form(given + dot + family, "person", pid)
        return
    if script == "ru":
        for gender in genders:
            given_cases = _decline(given, gender)
            family_cases = _decline(family, gender)
            for case in _RU_CASES:
                for g, f in itertools.product(given_cases[case], family_cases[case]):
                    yield Form(f"{g} {f}", "person", pid, slot=case)
                    yield Form(f"{f} {g}", "person", pid, slot=case)
                    yield Form(f"{g[0]}. {f}", "person", pid, slot=case)
                for g in given_cases[case]:  # family first, given declined: Ван Вэем
                    yield Form(f"{family} {g}", "person", pid, slot=case)
                for f in family_cases[case]:  # given undeclined, family declined: Вэй Ваном, Мин Джун Кима
                    yield Form(f"{given} {f}", "person", pid, slot=case)
        return
    yield Form(f"{given} {family}", "person", pid)
    yield Form(f"{family} {given}", "person", pid)
    yield Form(f"{family}, {given}", "person", pid)
    if script == "latin":
        yield Form(f"{_initials(given)} {family}", "person", pid)
    if script == "ar" and not family.startswith("ال"):
        yield Form(f"{given} ال{family}", "person", pid)


def _initials(given: str) -> str:
    """Initials of given names: Jean-Pierre → J.-P., Mary Ann → M. A."""
    return " ".join("-".join(part[:1] + "." for part in word.split("-") if part) for word in given.split())


def _lone(pid: str, script: str, family_cases: dict[str, tuple[str, ...]]) -> Iterator[Form]:
    for case, forms in family_cases.items():
        for family in forms:
            yield Form(family, "person", pid, slot=case, weak=True)
            if script == "ar" and not family.startswith("ال"):
                yield Form("ال" + family, "person", pid, weak=True)


@dataclass(frozen=True)
class Titles:
    """Courtesy titles and role words that make the name beside them a mention ("Mr Wang",
    "министром Ваном", "王部长"), normalised: the engine looks at the words before a name (and,
    in Chinese, the characters after it) instead of holding every title × name pair."""

    before: dict[str, str]  # normalised title → the case the name takes after it (ru), or ""
    after: tuple[str, ...]  # normalised titles written after the name (王先生, 王部长)
    longest: int  # the most words a title before a name has
    last_words: frozenset[str]  # the last word of every title before a name: a quick refusal
    after_first: frozenset[str]  # the first character of every title after a name


def titles() -> Titles:
    from incamera.redact.normalize import normalize_pattern

    before: dict[str, str] = {}
    after: set[str] = set()
    for lang, honorifics in HONORIFICS.items():
        for honorific in honorifics:
            key = normalize_pattern(honorific.text)
            if honorific.position == "after":
                after.add(key)
            else:
                before.setdefault(key, honorific.case_slot if lang == "ru" else "")
    for words in ROLES.values():
        for lang, role_words in words.items():
            for word in role_words:
                if not word.title:
                    continue
                for slot, forms in word.forms.items():
                    for form in forms:
                        key = normalize_pattern(form)
                        if lang == "zh":
                            after.add(key)
                        else:
                            before.setdefault(key, slot.rpartition(".")[2] if lang == "ru" else "")
    return Titles(
        before,
        tuple(sorted(after, key=len, reverse=True)),
        max(len(key.split()) for key in before),
        frozenset(key.rpartition(" ")[2] for key in before),
        frozenset(key[0] for key in after),
    )


def _as_written(person: Person, lang: str) -> Iterator[Form]:
    """The roster's role title and organisation in ``lang``; Russian ones in six cases."""
    pid = person.id
    for kind, text in (("role", person.role_title.get(lang, "")), ("organisation", person.organisation.get(lang, ""))):
        if not text:
            continue
        yield Form(text, kind, pid, role=person.role)
        if lang == "ru":
            for case, declined in russian.decline_title(text).items():
                yield Form(declined, kind, pid, slot=case, role=person.role)


def _definite(arabic: str) -> bool:
    return any(word.startswith("ال") for word in arabic.split())


def _country_roles(person: Person, lang: str) -> Iterator[Form]:
    country = COUNTRIES.get(person.country)
    words = ROLES.get(person.role, {}).get(lang, ())
    if country is None or not words:
        return
    pid = person.id
    adjectives = country.adjectives.get(lang, {})
    for word in words:
        for slot, nouns in word.forms.items():
            for noun, adjective in itertools.product(nouns, adjectives.get(slot, ())):
                if lang == "en":
                    for article in _ARTICLES["en"][""]:
                        yield Form(
                            f"{article}{adjective} {noun}", "country_role", pid, slot, person.role, article.strip(), country=person.country
                        )
                    for name in country.names.get("en", ()):
                        yield Form(f"{noun} of {name}", "country_role", pid, slot, person.role, country=person.country)
                        yield Form(f"{name}'s {noun}", "country_role", pid, slot, person.role, country=person.country)
                elif lang in {"fr", "es"}:
                    for article in _ARTICLES[lang].get(slot, ("",)):
                        yield Form(
                            f"{article}{noun} {adjective}", "country_role", pid, slot, person.role, article.strip(), country=person.country
                        )
                elif lang == "ru":
                    yield Form(f"{adjective} {noun}", "country_role", pid, slot, person.role, country=person.country)
                elif lang == "ar":
                    # Definite with definite, indefinite with indefinite: الوزير الصيني, وزير صيني,
                    # نائب الوزير الكيني (a construct: definite by its second word).
                    if _definite(noun) == adjective.startswith("ال"):
                        yield Form(f"{noun} {adjective}", "country_role", pid, slot, person.role, country=person.country)
                elif lang == "zh":
                    yield Form(f"{adjective}{noun}", "country_role", pid, slot, person.role, country=person.country)
                    yield Form(f"{adjective}的{noun}", "country_role", pid, slot, person.role, country=person.country)
        if lang == "ru":  # посол Чили, министра Китая: the role, then the country's name (its cases)
            for slot, nouns in word.forms.items():
                for noun, name in itertools.product(nouns, country.names.get("ru", ())):
                    yield Form(f"{noun} {name}", "country_role", pid, slot, person.role, country=person.country)
