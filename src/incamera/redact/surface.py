"""Every way a note may name a roster's person, derived from the roster (issue 11).

Per person and language:

- **names**: given + family and family + given (with a comma too), initials ("J. Wang",
  "J.-P. Dupont"); Chinese order without a space ("王伟") and the middle dot of transcribed
  foreign names ("约翰·史密斯", with its look-alikes); Russian names in six cases
  (``russian.decline_name``); aliases as given;
- **courtesy titles** with the family name and with the full name ("Mr Wang", "M. Wang",
  "el señor Wang", "господина Вана", "السيد منصور", "王先生"), filtered by the person's gender
  when the roster gives it;
- **role words as titles** ("Minister Wang", "王部长", "министром Ваном");
- **role titles and organisations** as the roster spells them;
- **country + role phrases** ("the Chinese minister", "le ministre chinois", "el ministro
  chino", "китайского министра", "الوزير الصيني", "中国部长"), from the nationality table and
  the role words with their synonyms, adjective and noun agreeing in gender and case, with the
  articles and contractions that may lead them ("du ministre chinois").

Names of every language a person has are added to every language searched: notes mix
scripts.  A country alone is never a form: "exports to Chile" is what the meeting discussed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from incamera.redact import russian
from incamera.redact.countries import COUNTRIES
from incamera.redact.roles import HONORIFICS, ROLES
from incamera.redact.roster import Person, Roster

__all__ = ["Form", "derive", "fragments"]

_DOTS = ("·", "・", "•", "‧", "•")
Gender = Literal["m", "f"]
_ARTICLES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"": ("the ", "")},
    "fr": {"m": ("le ", "du ", "au ", ""), "f": ("la ", ""), "mp": ("les ", "des ", "aux ", ""), "fp": ("les ", "des ", "aux ", "")},
    "es": {"m": ("el ", "del ", "al ", ""), "f": ("la ", ""), "mp": ("los ", ""), "fp": ("las ", "")},
}
_RU_CASES = ("nom", "gen", "dat", "acc", "ins", "pre")


@dataclass(frozen=True, slots=True)
class Form:
    text: str
    kind: str  # person, role, country_role, organisation, email, phone
    person_id: str | None
    lang: str
    slot: str = ""  # the grammatical slot (Russian case: "m.gen", "gen"), for the placeholder
    role: str = ""
    prefix: str = ""  # a leading article or contraction ("du"), for the placeholder


def derive(roster: Roster, languages: Iterable[str]) -> Iterator[Form]:
    languages = tuple(languages)
    for person in roster.people:
        yield from _person_forms(person, languages)


def fragments(roster: Roster, languages: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Per person, the family names (normalised) that the rescan looks for alone once the note
    has named that person: three letters at least, two Han characters at least."""
    from incamera.redact.normalize import normalize_pattern

    out: dict[str, tuple[str, ...]] = {}
    for person in roster.people:
        names = set()
        for lang, family in person.family_name.items():
            declined = russian.decline_name(family, _genders(person)[0]) if lang == "ru" else {"nom": (family,)}
            for forms in declined.values():
                for form in forms:
                    key = normalize_pattern(form)
                    han = all("\u4e00" <= c <= "\u9fff" for c in key)
                    if len(key) >= (2 if han else 3):
                        names.add(key)
        out[person.id] = tuple(sorted(names, key=len, reverse=True))
    return out


def _person_forms(person: Person, languages: tuple[str, ...]) -> Iterator[Form]:
    pid = person.id
    genders = _genders(person)
    for alias in person.aliases:
        for lang in languages:
            yield Form(alias, "person", pid, lang)
    for lang in languages:
        for name_lang in person.family_name.keys() | person.given_name.keys():
            yield from _names(person, name_lang, lang, genders)
        yield from _titles(person, lang, genders)
        if person.role_title.get(lang):
            yield Form(person.role_title[lang], "role", pid, lang, role=person.role)
        for org_lang, org in person.organisation.items():
            if org_lang in (lang, "en"):
                yield Form(org, "organisation", pid, lang)
        yield from _country_roles(person, lang)
        if person.email:
            yield Form(person.email, "email", pid, lang)


def _genders(person: Person) -> tuple[Gender, ...]:
    """The person's grammatical gender, or both when the roster does not say."""
    if person.gender == "m":
        return ("m",)
    if person.gender == "f":
        return ("f",)
    return ("m", "f")


def _names(person: Person, name_lang: str, lang: str, genders: tuple[Gender, ...]) -> Iterator[Form]:
    pid = person.id
    given = person.given_name.get(name_lang, "")
    family = person.family_name.get(name_lang, "")
    if name_lang == "zh":
        if given and family:
            yield Form(family + given, "person", pid, lang)
            for dot in _DOTS:
                yield Form(given + dot + family, "person", pid, lang)
            yield Form(given + family, "person", pid, lang)
        return
    if name_lang == "ru":
        for gender in genders:
            given_cases = russian.decline_name(given, gender) if given else {}
            family_cases = russian.decline_name(family, gender) if family else {}
            for case in _RU_CASES:
                for g, f in itertools.product(given_cases.get(case, ("",)), family_cases.get(case, ("",))):
                    if g and f:
                        yield Form(f"{g} {f}", "person", pid, lang, slot=case)
                        yield Form(f"{f} {g}", "person", pid, lang, slot=case)
                        yield Form(f"{g[0]}. {f}", "person", pid, lang, slot=case)
        return
    if given and family:
        yield Form(f"{given} {family}", "person", pid, lang)
        yield Form(f"{family} {given}", "person", pid, lang)
        yield Form(f"{family}, {given}", "person", pid, lang)
        yield Form(f"{_initials(given)} {family}", "person", pid, lang)
        if name_lang == "ar" and not family.startswith("ال"):
            yield Form(f"{given} ال{family}", "person", pid, lang)


def _initials(given: str) -> str:
    """Initials of given names: Jean-Pierre → J.-P., Mary Ann → M. A."""
    words = given.split()
    return " ".join("-".join(part[:1] + "." for part in word.split("-") if part) for word in words)


def _titles(person: Person, lang: str, genders: tuple[Gender, ...]) -> Iterator[Form]:
    """Courtesy titles and role words with the family name (and with the full name)."""
    pid = person.id
    names_by_lang = dict(person.family_name.items())
    for name_lang, family in names_by_lang.items():
        given = person.given_name.get(name_lang, "")
        if lang == "ru" and name_lang == "ru":
            family_cases: dict[str, set[str]] = {}
            for gender in genders:
                for case, forms in russian.decline_name(family, gender).items():
                    family_cases.setdefault(case, set()).update(forms)
        else:
            family_cases = {case: {family} for case in _RU_CASES} if lang == "ru" else {"": {family}}
        han = name_lang == "zh"
        for honorific in HONORIFICS.get(lang, ()):
            if honorific.gender and honorific.gender not in genders:
                continue
            case = honorific.case_slot if lang == "ru" else ""
            for surname in family_cases.get(case or ("nom" if lang == "ru" else ""), {family}):
                yield from _titled(pid, lang, honorific.text, surname, position=honorific.position, han=han, slot=case)
                if given and honorific.position == "before" and not han:
                    yield Form(f"{honorific.text} {given} {surname}", "person", pid, lang, slot=case)
                    yield Form(f"{honorific.text} {surname} {given}", "person", pid, lang, slot=case)
        for word in ROLES.get(person.role, {}).get(lang, ()):
            if not word.title:
                continue
            for slot, role_forms in word.forms.items():
                case = slot.rpartition(".")[2] if lang == "ru" else ""
                for role_form in role_forms:
                    for surname in family_cases.get(case, {family}):
                        position = "after" if lang == "zh" else "before"
                        yield from _titled(pid, lang, role_form, surname, position=position, han=han, slot=slot, role=person.role)


def _titled(pid: str, lang: str, title: str, surname: str, *, position: str, han: bool, slot: str = "", role: str = "") -> Iterator[Form]:
    if position == "after":
        yield Form(f"{surname}{title}" if han or lang == "zh" else f"{surname} {title}", "person", pid, lang, slot=slot, role=role)
    else:
        yield Form(f"{title} {surname}", "person", pid, lang, slot=slot, role=role)


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
                        yield Form(f"{article}{adjective} {noun}", "country_role", pid, lang, slot, person.role, article.strip())
                    for name in country.names.get("en", ()):
                        yield Form(f"{noun} of {name}", "country_role", pid, lang, slot, person.role)
                        yield Form(f"{name}'s {noun}", "country_role", pid, lang, slot, person.role)
                elif lang in {"fr", "es"}:
                    for article in _ARTICLES[lang].get(slot, ("",)):
                        yield Form(f"{article}{noun} {adjective}", "country_role", pid, lang, slot, person.role, article.strip())
                elif lang == "ru":
                    yield Form(f"{adjective} {noun}", "country_role", pid, lang, slot, person.role)
                elif lang == "ar":
                    # Definite with definite, indefinite with indefinite: الوزير الصيني, وزير صيني.
                    if noun.startswith("ال") == adjective.startswith("ال"):
                        yield Form(f"{noun} {adjective}", "country_role", pid, lang, slot, person.role)
                elif lang == "zh":
                    yield Form(f"{adjective}{noun}", "country_role", pid, lang, slot, person.role)
                    yield Form(f"{adjective}的{noun}", "country_role", pid, lang, slot, person.role)
