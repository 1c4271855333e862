"""What a removed mention becomes, in the note's language: "Participant C" for a person (the
same letter for the same person throughout one note), "a minister" for a role, "an
organisation", "[e-mail]"…  Russian placeholders take the case of the words they replace."""

from __future__ import annotations

import functools
import string
from typing import TYPE_CHECKING

from incamera.redact import russian
from incamera.redact.countries import COUNTRIES, REGIONS
from incamera.redact.roles import ROLE_PLACEHOLDERS, ROLES

if TYPE_CHECKING:
    from incamera.redact.surface import Form

__all__ = ["label", "placeholder"]

PERSON = {
    "ar": "المشارك {}",
    "en": "Participant {}",
    "es": "Participante {}",
    "fr": "Participant {}",
    "ru": "Участник {}",
    "zh": "参与者{}",
}
# Russian: участник in the case of the replaced words ("господина Петрова" → "Участника B").
_RU_PERSON = {"nom": "Участник", "gen": "Участника", "dat": "Участнику", "acc": "Участника", "ins": "Участником", "pre": "Участнике"}
SOMEONE = {"ar": "مشارك", "en": "a participant", "es": "un participante", "fr": "un participant", "ru": "участник", "zh": "一位与会者"}
FIXED = {
    "organisation": {
        "ar": "منظمة",
        "en": "an organisation",
        "es": "una organización",
        "fr": "une organisation",
        "ru": "организация",
        "zh": "某组织",
    },
    "email": {
        "ar": "[بريد إلكتروني]",
        "en": "[e-mail]",
        "es": "[correo electrónico]",
        "fr": "[courriel]",
        "ru": "[эл. почта]",
        "zh": "[电子邮件]",
    },
    "phone": {"ar": "[هاتف]", "en": "[phone]", "es": "[teléfono]", "fr": "[téléphone]", "ru": "[телефон]", "zh": "[电话]"},
    "url": {"ar": "[رابط]", "en": "[link]", "es": "[enlace]", "fr": "[lien]", "ru": "[ссылка]", "zh": "[链接]"},
    "handle": {"ar": "[حساب]", "en": "[account]", "es": "[cuenta]", "fr": "[compte]", "ru": "[аккаунт]", "zh": "[账号]"},
}
# French and Spanish contractions a matched phrase may start with: what the indefinite
# placeholder's article becomes after them ("du ministre chinois" → "d'un ministre").
_CONTRACTED = {"fr": {"du": "d'", "au": "à "}, "es": {"del": "de ", "al": "a "}}


@functools.lru_cache(maxsize=1024)
def label(index: int) -> str:
    """The letter of the note's ``index``-th person (from 0): A, B, … Z, AA, AB …"""
    letters = string.ascii_uppercase
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = letters[rest] + label
    return label


def placeholder(kind: str, lang: str, letter: str | None, form: Form | None) -> str:
    """The placeholder for a span (memoised: a note has few distinct ones)."""
    key = (kind, lang, letter) if form is None else (kind, lang, letter, form.slot, form.role, form.prefix, form.country)
    text = _MEMO.get(key)
    if text is None:
        if len(_MEMO) > 65536:
            _MEMO.clear()
        text = _MEMO[key] = _placeholder(kind, lang, letter, form)
    return text


_MEMO: dict[tuple[str | None, ...], str] = {}


def _placeholder(kind: str, lang: str, letter: str | None, form: Form | None) -> str:
    if kind in FIXED:
        return FIXED[kind].get(lang, FIXED[kind]["en"])
    case = form.slot.rpartition(".")[2] if form is not None and lang == "ru" and form.slot else "nom"
    if kind == "person":
        if letter is None:
            return SOMEONE.get(lang, SOMEONE["en"])
        if lang == "ru":
            return f"{_RU_PERSON.get(case, 'Участник')} {letter}"
        return PERSON.get(lang, PERSON["en"]).format(letter)
    role = form.role if form is not None else ""
    text = ROLE_PLACEHOLDERS.get(role, {}).get(lang) or SOMEONE.get(lang, SOMEONE["en"])
    if lang == "ru" and form is not None and form.slot and role in ROLES:
        for word in ROLES[role].get("ru", ()):
            declined = word.forms.get(form.slot)
            if declined:
                text = declined[0]
                break
    if kind == "country_role" and form is not None and form.country in COUNTRIES:
        text = _from_region(text, lang, COUNTRIES[form.country].region)
    if form is not None and form.prefix in _CONTRACTED.get(lang, {}):
        text = _CONTRACTED[lang][form.prefix] + text
    return text


@functools.lru_cache(maxsize=4096)  # a few dozen roles and regions per language; declining costs
def _from_region(role: str, lang: str, region: str) -> str:
    """The role stays, the country becomes its region: the Chinese minister → a minister from an
    Asian country."""
    place = REGIONS[region][lang]
    if lang == "en":
        return f"{role} from {place}"
    if lang == "fr":
        return f"{role} d'{place}" if place.startswith("un ") else f"{role} de {place}"
    if lang == "es":
        return f"{role} de {place}"
    if lang == "ru":
        return f"{role} из {russian.decline_title(place).get('gen', place)}"
    if lang == "ar":
        return f"{role} من {place}"
    if lang == "zh":
        return f"一位来自{place.removeprefix('一个')}的{role.removeprefix('一位')}"
    return role
