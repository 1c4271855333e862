"""The roster the engine derives every surface form from (issue 11), read and checked.

Schema (a JSON list), any language may be missing::

    {"id": "p1", "given_name": {"en": "Wei", "zh": "伟"}, "family_name": {"en": "Wang", "zh": "王"},
     "aliases": ["W. Wang"], "role": "minister", "role_title": {"en": "Minister of Mines"},
     "organisation": {"en": "Ministry of Mines"}, "country": "CN", "email": "…", "phone": "…",
     "gender": "m"}

``gender`` ("m", "f" or absent) is optional: it picks the courtesy titles and, in Russian, the
declension of the names; without it both are tried.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from incamera.kernel.errors import InvalidInputError
from incamera.redact.countries import ISO_CODES, USER_ASSIGNED_CODES
from incamera.redact.normalize import INVISIBLE

__all__ = ["LANGS", "Person", "Roster", "RosterError"]

LANGS = ("ar", "en", "es", "fr", "ru", "zh")


class RosterError(InvalidInputError):
    """A roster that cannot be used, with the entry and the field at fault."""


@dataclass(frozen=True)
class Person:
    id: str
    given_name: Mapping[str, str] = field(default_factory=dict)
    family_name: Mapping[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    role: str = ""
    role_title: Mapping[str, str] = field(default_factory=dict)
    organisation: Mapping[str, str] = field(default_factory=dict)
    country: str = ""
    email: str = ""
    phone: str = ""
    gender: str = ""


@dataclass(frozen=True)
class Roster:
    people: tuple[Person, ...]

    @classmethod
    def from_json(cls, data: str | bytes | Sequence[Any]) -> Roster:
        """A roster from JSON text or from the parsed list; :class:`RosterError` says which
        entry and field are wrong."""
        if isinstance(data, (str, bytes)):
            try:
                data = json.loads(data)
            except json.JSONDecodeError as exc:
                raise RosterError(f"the roster is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
        if not isinstance(data, list):
            raise RosterError("the roster must be a JSON list of people")
        people = []
        seen: dict[str, int] = {}
        for number, entry in enumerate(data, start=1):
            person = _person(number, entry)
            if person.id in seen:
                raise RosterError(f"entry {number}: id {person.id!r} is also the id of entry {seen[person.id]}")
            seen[person.id] = number
            people.append(person)
        return cls(tuple(people))

    def __len__(self) -> int:
        return len(self.people)


def _person(number: int, entry: object) -> Person:
    where = f"entry {number}"
    if not isinstance(entry, dict):
        raise RosterError(f"{where}: must be an object, not {type(entry).__name__}")
    unknown = set(entry) - {f.name for f in Person.__dataclass_fields__.values()}
    if unknown:
        raise RosterError(f"{where}: unknown field {min(unknown)!r}")
    raw_id = entry.get("id")
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise RosterError(f"{where}: missing id")
    where = f"entry {number} (id {raw_id!r})"
    country = _text(where, "country", entry.get("country", ""))
    if country and country.upper() not in ISO_CODES | USER_ASSIGNED_CODES:
        raise RosterError(f"{where}: unknown country code {country!r} (ISO 3166-1 alpha-2, such as CN or FR)")
    gender = _text(where, "gender", entry.get("gender", ""))
    if gender not in {"", "m", "f"}:
        raise RosterError(f"{where}: gender must be 'm', 'f' or absent, not {gender!r}")
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list):
        raise RosterError(f"{where}: aliases must be a list of strings")
    return Person(
        id=raw_id.strip(),
        given_name=_names(where, "given_name", entry.get("given_name", {})),
        family_name=_names(where, "family_name", entry.get("family_name", {})),
        aliases=tuple(_text(where, "aliases", alias) for alias in aliases if alias),
        role=_text(where, "role", entry.get("role", "")).lower(),
        role_title=_names(where, "role_title", entry.get("role_title", {})),
        organisation=_names(where, "organisation", entry.get("organisation", {})),
        country=country.upper(),
        email=_text(where, "email", entry.get("email", "")),
        phone=_text(where, "phone", entry.get("phone", "")),
        gender=gender,
    )


def _names(where: str, name: str, value: object) -> dict[str, str]:
    if isinstance(value, str):  # one spelling for every language
        value = {"en": value}
    if not isinstance(value, dict):
        raise RosterError(f"{where}: {name} must be an object of language → text")
    out = {}
    for lang, text in value.items():
        if lang not in LANGS:
            raise RosterError(f"{where}: {name} has language {lang!r}; use one of {', '.join(LANGS)}")
        if text:
            out[lang] = _text(where, f"{name}.{lang}", text)
    return out


def _text(where: str, name: str, value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RosterError(f"{where}: {name} must be text")
    if INVISIBLE.search(value):
        char = INVISIBLE.search(value).group()  # type: ignore[union-attr]
        raise RosterError(f"{where}: {name} {value!r} contains an invisible character (U+{ord(char):04X}); type it without")
    return value.strip()
