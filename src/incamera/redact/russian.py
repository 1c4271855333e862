"""Russian declension for the de-attribution tables: adjectives, personal names, role and place nouns.

The rules follow the standard school grammar of Russian (Розенталь, «Справочник по правописанию и
стилистике», §§ on the declension of surnames and first names; Зализняк's adjective types 1a, 3a,
4a, 2a).  Only what the redaction tables need is covered, and what is not covered raises
``ValueError`` rather than guessing:

Slots are the six cases ``nom gen dat acc ins pre``; the adjective table prefixes them with the
gender (``m.nom`` … ``f.pre``).  The masculine accusative of adjectives and of role nouns is the
animate one (= genitive), because here they modify persons: «китайского министра».

Personal names (``decline_name``), by the ending of the nominative:

masculine
- hard consonant (Ван, Иванов, Браун): -а, -у, -а, -ом, -е; after ж ш щ ч ц the instrumental is
  -ем (Абрамовичем), as surnames are unstressed there;
- -ов/-ев/-ёв/-ин/-ын (Иванов, Пушкин): instrumental -ым (Ивановым); for -ин/-ын the noun form
  -ом is given as a second variant, since foreign names (Чаплин, Мартин) take it;
- -ь (Игорь) and -й after a vowel (Николай, Сергей): -я, -ю, -я, -ем, -е; -ий (Дмитрий): -ия,
  -ию, -ия, -ием, -ии;
- adjectival -ский/-цкий, -ый, -ой, and -ий after г к х (Горький): as adjectives
  (Достоевского, Толстому); a two-letter stem + -ой (Рой) is a noun, not an adjective;
- -а/-я (Никита, Илья, Глинка): as feminine nouns (Никиты, Никите, Никиту, Никитой, Никите);
- a few fleeting vowels of given names: Павел → Павла, Лев → Льва.

feminine
- -ова/-ева/-ёва/-ина/-ына (Иванова): -ой, -ой, -у, -ой, -ой; a name in -ина/-ына that is a
  common given name (Марина, Ирина, Нина …) is a noun (Марины); other -ина/-ына names get both
  variants, the surname's first, since «Путина» may be either;
- -ская/-цкая/-ая (Достоевская): as adjectives;
- -а/-я/-ия (Анна, Ольга, Мария): nouns (Анны, Ольге, Марии, Марией);
- -ь: indeclinable as a surname (Меркель), declined only for the given names Любовь, Нинель …;
- any other consonant (Ким, Браун for a woman): indeclinable.

both genders: -о -е -и -у -ю -э -ы (Шарло, Шевченко, Гёте, Ху), a vowel before a final -а
(Папуа) and -их/-ых (Черных, Седых) are indeclinable, as are all-capital abbreviations.

Only the part after the last hyphen declines (Жан-Поль → Жан-Поля, премьер-министр →
премьер-министра).  Stress is not known, so forms that depend on it are the unstressed ones,
save the exceptions written out (Илья → Ильёй, секретарь → секретарём, посол → посла).
"""

from __future__ import annotations

from typing import Literal

__all__ = ["ADJECTIVE_SLOTS", "CASES", "decline_adjective", "decline_name", "decline_noun", "decline_phrase", "decline_title"]

CASES = ("nom", "gen", "dat", "acc", "ins", "pre")
ADJECTIVE_SLOTS = tuple(f"{gender}.{case}" for gender in ("m", "f") for case in CASES)

_VELARS = frozenset("гкх")
_HUSHERS = frozenset("жшщч")
_VOWELS = frozenset("аеёиоуыэюя")
_INDECLINABLE_FINALS = frozenset("оеиуюэы")

# Endings appended to the stem, in CASES order (masculine accusative animate).
_HARD_M = ("ый", "ого", "ому", "ого", "ым", "ом")
_STRESSED_M = ("ой", "ого", "ому", "ого", "ым", "ом")
_VELAR_M = ("ий", "ого", "ому", "ого", "им", "ом")
_VELAR_STRESSED_M = ("ой", "ого", "ому", "ого", "им", "ом")
_HUSHER_M = ("ий", "его", "ему", "его", "им", "ем")
_SOFT_M = ("ий", "его", "ему", "его", "им", "ем")
_HARD_F = ("ая", "ой", "ой", "ую", "ой", "ой")
_HUSHER_F = ("ая", "ей", "ей", "ую", "ей", "ей")
_SOFT_F = ("яя", "ей", "ей", "юю", "ей", "ей")


def _adjective_endings(word: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """Stem and the masculine and feminine endings of a masculine nominative adjective."""
    stem, ending = word[:-2], word[-2:]
    last = stem[-1:].lower()
    if len(stem) < 2 or not last.isalpha() or last in _VOWELS:
        raise ValueError(f"expected a masculine nominative adjective in -ый, -ой or -ий, found {word!r}")
    if ending == "ый":
        return stem, _HARD_M, _HARD_F
    if ending == "ой":
        if last in _VELARS or last in _HUSHERS:
            return stem, _VELAR_STRESSED_M, _HARD_F
        return stem, _STRESSED_M, _HARD_F
    if ending == "ий":
        if last in _VELARS:
            return stem, _VELAR_M, _HARD_F
        if last in _HUSHERS:
            return stem, _HUSHER_M, _HUSHER_F
        if last == "н":
            return stem, _SOFT_M, _SOFT_F
    raise ValueError(f"expected a masculine nominative adjective in -ый, -ой, -ий after г к х ж ш щ ч, or soft -ний; found {word!r}")


def decline_adjective(nom_masc: str) -> dict[str, str]:
    """The twelve singular forms ``m.nom`` … ``f.pre`` of an adjective given in the masculine nominative.

    >>> decline_adjective("китайский")["m.ins"]
    'китайским'
    """
    word = nom_masc.strip()
    stem, masculine, feminine = _adjective_endings(word)
    forms = {f"m.{case}": stem + ending for case, ending in zip(CASES, masculine, strict=True)}
    forms |= {f"f.{case}": stem + ending for case, ending in zip(CASES, feminine, strict=True)}
    return forms


def _same(word: str) -> dict[str, str]:
    return dict.fromkeys(CASES, word)


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _indeclinable(word: str) -> bool:
    last = word[-1:].lower()
    return (
        _is_abbreviation(word)
        or last in _INDECLINABLE_FINALS
        # A vowel before a final -а: Делакруа, Гарсиа, Моа.  Before -я the name declines: Зоя,
        # Хлоя → Хлои, Хлое, Хлою, Хлоей.
        or (last == "а" and word[-2:-1].lower() in _VOWELS - {"и", "е"} and not word.endswith("ая"))
    )


def _feminine_a(word: str) -> dict[str, str]:
    """-а/-я/-ия nouns: Анна, Ольга, Мария, Саша, Гвинея, глава."""
    stem, last = word[:-1], word[-1]
    before = stem[-1:].lower()
    if last == "я":
        if before == "и":
            return dict(zip(CASES, (word, stem + "и", stem + "и", stem + "ю", stem + "ей", stem + "и"), strict=True))
        return dict(zip(CASES, (word, stem + "и", stem + "е", stem + "ю", stem + "ей", stem + "е"), strict=True))
    genitive = stem + ("и" if before in _VELARS or before in _HUSHERS else "ы")
    instrumental = stem + ("ей" if before in _HUSHERS or before == "ц" else "ой")
    return dict(zip(CASES, (word, genitive, stem + "е", stem + "у", instrumental, stem + "е"), strict=True))


def _masculine_consonant(word: str, *, animate: bool, surname_ins: bool = False) -> dict[str, str]:
    """Hard-consonant, -ь and -й masculine nouns: Ван, Иванов, Игорь, Николай, Дмитрий, Китай."""
    last = word[-1].lower()
    if last == "ь" or (last == "й" and word[-2:-1].lower() in _VOWELS):
        stem = word[:-1]
        prepositional = stem + ("и" if word.lower().endswith("ий") else "е")
        forms = (word, stem + "я", stem + "ю", stem + "я" if animate else word, stem + "ем", prepositional)
        return dict(zip(CASES, forms, strict=True))
    if last in _VOWELS or not last.isalpha():
        raise ValueError(f"expected a masculine noun ending in a consonant, -ь or -й; found {word!r}")
    instrumental = word + ("ым" if surname_ins else "ем" if last in _HUSHERS or last == "ц" else "ом")
    forms = (word, word + "а", word + "у", word + "а" if animate else word, instrumental, word + "е")
    return dict(zip(CASES, forms, strict=True))


def _masculine_nominative(word: str) -> str:
    """Русская → русский, Толстая → Толстый, Синяя → Синий; a masculine form is returned as is."""
    if word.endswith("яя"):
        return word[:-2] + "ий"
    if word.endswith("ая"):
        before = word[-3:-2].lower()
        return word[:-2] + ("ий" if before in _VELARS or before in _HUSHERS else "ый")
    return word


def _adjectival(word: str) -> dict[str, str]:
    gender = "f" if word.endswith(("ая", "яя")) else "m"
    forms = decline_adjective(_masculine_nominative(word))
    return {case: forms[f"{gender}.{case}"] for case in CASES}


# Nouns whose forms the rules above do not give: fleeting vowels, stressed endings.
_NOUN_EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "посол": ("посол", "посла", "послу", "посла", "послом", "после"),
    "секретарь": ("секретарь", "секретаря", "секретарю", "секретаря", "секретарём", "секретаре"),
    "генсек": ("генсек", "генсека", "генсеку", "генсека", "генсеком", "генсеке"),
    "Павел": ("Павел", "Павла", "Павлу", "Павла", "Павлом", "Павле"),
    "Лев": ("Лев", "Льва", "Льву", "Льва", "Львом", "Льве"),
    "Илья": ("Илья", "Ильи", "Илье", "Илью", "Ильёй", "Илье"),
    "Египет": ("Египет", "Египта", "Египту", "Египет", "Египтом", "Египте"),
}

# Feminine -ь words that decline; other feminine names in -ь are foreign surnames and do not.
_FEMININE_SOFT = {"Любовь": "Любови", "Нинель": "Нинели", "Юдифь": "Юдифи", "Эсфирь": "Эсфири", "Рахиль": "Рахили"}

# Common given names in -ина that are nouns, not surnames.
_GIVEN_INA = frozenset(
    [
        "Алина",
        "Ангелина",
        "Валентина",
        "Галина",
        "Екатерина",
        "Ирина",
        "Карина",
        "Кристина",
        "Марина",
        "Нина",
        "Полина",
        "Регина",
        "Сабрина",
        "Тина",
        "Джина",
        "Катарина",
        "Жанна",
    ]
)


def _split_hyphen(word: str) -> tuple[str, str]:
    head, _, tail = word.rpartition("-")
    return (head + "-" if head else ""), tail


def decline_noun(nom: str, *, animate: bool = True) -> dict[str, str]:
    """The six singular case forms of a role or place noun (министр, посол, председатель, глава,
    делегация, Китай, Франция).  Masculine nouns in a consonant, -ь or -й; nouns in -а/-я/-ия;
    indeclinable nouns (Конго, Перу, США).  ``animate`` gives the accusative of a masculine noun as
    the genitive (министра); places are inanimate (Китай).  Raises ``ValueError`` otherwise.
    """
    word = nom.strip()
    if not word or " " in word:
        raise ValueError(f"expected one word, found {nom!r}")
    prefix, tail = _split_hyphen(word)
    if not tail:
        raise ValueError(f"expected a word after the hyphen, found {nom!r}")
    if tail in _NOUN_EXCEPTIONS:
        forms = dict(zip(CASES, _NOUN_EXCEPTIONS[tail], strict=True))
        if not animate:
            forms["acc"] = forms["nom"]
    elif _indeclinable(tail):
        forms = _same(tail)
    elif tail[-1] in "ая":
        forms = _feminine_a(tail)
    else:
        forms = _masculine_consonant(tail, animate=animate)
    return {case: prefix + form for case, form in forms.items()}


def _one(forms: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {case: (form,) for case, form in forms.items()}


def _two(first: dict[str, str], second: dict[str, str]) -> dict[str, tuple[str, ...]]:
    return {case: tuple(dict.fromkeys((first[case], second[case]))) for case in CASES}


def _name_forms(word: str, gender: Literal["m", "f"]) -> dict[str, tuple[str, ...]]:
    low = word.lower()
    single = _one(_same(word))
    if word in _NOUN_EXCEPTIONS:
        return _one(dict(zip(CASES, _NOUN_EXCEPTIONS[word], strict=True)))
    if len(word) < 2 or _indeclinable(word) or low.endswith(("их", "ых")):
        return single
    if gender == "f":
        if low.endswith(("ова", "ева", "ёва", "ина", "ына")) and len(word) > 4 and word not in _GIVEN_INA:
            stem = word[:-1]
            surname = dict(zip(CASES, (word, stem + "ой", stem + "ой", stem + "у", stem + "ой", stem + "ой"), strict=True))
            return _two(surname, _feminine_a(word)) if low.endswith(("ина", "ына")) else _one(surname)
        if low.endswith(("ая", "яя")) and len(word) > 4:
            return _one(_adjectival(word))
        if low[-1] in "ая":
            return _one(_feminine_a(word))
        if word in _FEMININE_SOFT:
            oblique = _FEMININE_SOFT[word]
            return _one(dict(zip(CASES, (word, oblique, oblique, word, word + "ю", oblique), strict=True)))
        return single
    if low[-1] in "ая":
        return _one(_feminine_a(word))
    adjectival = (
        low.endswith(("ый", "ский", "цкий")) or (low.endswith("ой") and len(word) > 3) or (low.endswith("ий") and low[-3:-2] in _VELARS)
    )
    if adjectival:
        return _one(_adjectival(word))
    if low.endswith(("ов", "ев", "ёв")) and len(word) > 3:
        return _one(_masculine_consonant(word, animate=True, surname_ins=True))
    if low.endswith(("ин", "ын")) and len(word) > 3:
        return _two(_masculine_consonant(word, animate=True, surname_ins=True), _masculine_consonant(word, animate=True))
    return _one(_masculine_consonant(word, animate=True))


def decline_name(name: str, gender: Literal["m", "f"]) -> dict[str, tuple[str, ...]]:
    """The case forms (``nom gen dat acc ins pre``) of one Cyrillic surname or given name; each
    slot holds the usual form first and, where the ending is ambiguous, a second variant.

    >>> decline_name("Иванова", "f")["gen"]
    ('Ивановой',)
    """
    if gender not in ("m", "f"):
        raise ValueError(f"expected gender 'm' or 'f', found {gender!r}")
    word = name.strip()
    if not word or " " in word or not all(c.isalpha() or c in "-'" for c in word):
        raise ValueError(f"expected one Cyrillic name, found {name!r}")
    prefix, tail = _split_hyphen(word)
    forms = _name_forms(tail, gender) if tail else _one(_same(word))
    return {case: tuple(prefix + form for form in variants) for case, variants in forms.items()}


def decline_phrase(phrase: str, *, animate: bool = True) -> dict[str, str]:
    """The six singular case forms of a noun phrase, word by word: an adjective (-ый -ой -ий -ая
    -яя) agrees in gender with the next noun after it, nouns decline by ``decline_noun``, and a word
    marked ``=`` stays as written, marks removed: ``заместитель =министра``, ``Республика =Корея``,
    ``Папуа =— Новая Гвинея``.  Neuter and plural phrases are not covered (``ValueError``).
    """
    words = phrase.split()
    if not words:
        raise ValueError(f"expected a noun phrase, found {phrase!r}")
    nouns = [i for i, w in enumerate(words) if not w.startswith("=") and not _looks_adjectival(w)]
    columns: list[dict[str, str]] = []
    for i, word in enumerate(words):
        head = next((words[j] for j in nouns if j > i), None)
        if word.startswith("="):
            columns.append(_same(word[1:]))
        elif _looks_adjectival(word) and head is not None:
            gender = "f" if word.endswith(("ая", "яя")) or (head[-1] in "ая" and head != "глава") else "m"
            forms = decline_adjective(_masculine_nominative(word))
            columns.append({case: forms[f"{gender}.{case}"] for case in CASES})
            if gender == "m" and not animate:
                columns[-1]["acc"] = columns[-1]["nom"]
        elif _looks_adjectival(word):
            columns.append(_adjectival(word))
            if not animate and not word.endswith(("ая", "яя")):
                columns[-1]["acc"] = columns[-1]["nom"]
        else:
            columns.append(decline_noun(word, animate=animate))
    return {case: " ".join(column[case] for column in columns) for case in CASES}


def _looks_adjectival(word: str) -> bool:
    return len(word) > 4 and word.endswith(("ый", "ой", "ий", "ая", "яя"))


def decline_title(text: str) -> dict[str, str]:
    """A title or description in six cases: its leading adjectives and head noun decline, the rest
    (a genitive complement, a quoted name) stays: "генеральный директор компании «…»",
    "страна Латинской Америки".  Empty when the words do not decline by these rules."""
    words = text.split()
    head = next((i for i, word in enumerate(words) if not _looks_adjectival(word)), None)
    if head is None:
        return {}
    marked = " ".join(words[: head + 1] + ["=" + word for word in words[head + 1 :]])
    try:
        return decline_phrase(marked)
    except ValueError:
        return {}
