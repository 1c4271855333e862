"""The meeting's roster as the de-attribution engine reads it, and one engine per meeting kept
in this process (issue 12, part 2: identifying mentions flagged while a note is typed).

Building a ``redact.Redactor`` derives every surface form of every person (about 0.6 s for 500
people); checking a 2,000-character note with it takes well under a millisecond.  So each
meeting's engine is built once and kept, under a **fingerprint** of the roster rows it was built
from (a SHA-256 of the rows and the languages): reading the rows is one query, and when a
participant joins, leaves or is renamed the fingerprint changes and the engine is rebuilt on the
next check.  The cache is an LRU of a few dozen meetings, shared by the threads of a process.

A person's row becomes a roster entry: the display name split into given and family names in
its own script (a Chinese name without a space: family name first, one character), the e-mail,
the delegation as an organisation, or, when the delegation is a state, as the person's country
(so "the Chilean delegate" is a mention, "exports to Chile" is not), and a role from the
roster's title.  Invisible characters are taken out of names (the engine refuses them in a
roster, and removes them from notes, so "Wa\u200bng" in a note still matches "Wang").

Pure: imports nothing from Django.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from incamera.redact import LANGS, Redactor, Roster
from incamera.redact.countries import COUNTRIES
from incamera.redact.engine import guess_language
from incamera.redact.normalize import INVISIBLE
from incamera.redact.roles import ROLES

__all__ = ["Mention", "PersonRow", "RedactorCache", "mentions_in", "replaced", "roster_entries"]


@dataclass(frozen=True)
class PersonRow:
    """One person who may be mentioned: a participant, or a person of a taking-part delegation
    on the secretariat's roster.  ``key`` is unique within the meeting."""

    key: str
    name: str
    email: str = ""
    delegation: str = ""
    state: bool | None = None  # the delegation is a state (None: not on the roster)
    title: str = ""
    role: str = ""  # the meeting role: organizer, delegate, observer, focal_point, service


@dataclass(frozen=True)
class Mention:
    """An identifying mention: offsets into the text in code points (``end`` excluded), its kind
    (person, role, country_role, organisation, email, phone, url, handle) and the placeholder
    the engine suggests in its place."""

    start: int
    end: int
    kind: str
    placeholder: str


def _script(text: str) -> str:
    """The language a name is filed under: that of its script (Latin: English)."""
    lang = guess_language(text)
    return lang if lang in {"zh", "ar", "ru"} else "en"


def _clean(text: str) -> str:
    return " ".join(INVISIBLE.sub("", text).split())


def _split(name: str, lang: str, *, family_first: bool = False) -> dict[str, dict[str, str]]:
    words = name.split()
    if lang == "zh" and len(words) == 1 and len(name) >= 2:
        return {"family_name": {lang: name[0]}, "given_name": {lang: name[1:]}}
    if len(words) == 1:
        return {"family_name": {lang: name}}
    if family_first:
        return {"family_name": {lang: words[0]}, "given_name": {lang: " ".join(words[1:])}}
    return {"family_name": {lang: words[-1]}, "given_name": {lang: " ".join(words[:-1])}}


def _names(name: str) -> dict[str, Any]:
    """Given and family names from one display name, in the language of its script.  A name in
    brackets is the same person's name in another script ("王磊 (Wang Lei)"): a transcribed
    Chinese name keeps the Chinese order, family name first."""
    name = _clean(name)
    main, bracket, rest = name.partition("(")
    main = main.strip()
    other = rest.rstrip(")").strip() if bracket else ""
    if not main:
        main, other = other, ""
    if not main:
        return {}
    lang = _script(main)
    entry: dict[str, Any] = _split(main, lang)
    if other:
        other_lang = _script(other)
        if other_lang != lang:
            for part, names in _split(other, other_lang, family_first=lang == "zh").items():
                entry.setdefault(part, {}).update(names)
        else:
            entry["aliases"] = [other]
    return entry


@functools.cache
def _countries_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, country in COUNTRIES.items():
        for spellings in country.names.values():
            for spelling in spellings:
                names.setdefault(spelling.casefold(), code)
    return names


# Role words, the longest first, so that "deputy minister" is not read as "minister".
_ROLE_KEYS = sorted(ROLES, key=lambda key: -len(key))
_MEETING_ROLES = {"delegate": "delegate", "observer": "delegate", "focal_point": "delegate"}


def _role(title: str, meeting_role: str) -> str:
    lowered = title.casefold()
    for key in _ROLE_KEYS:
        if key.replace("_", " ") in lowered or key.replace("_", "-") in lowered:
            return key
    return _MEETING_ROLES.get(meeting_role, "")


def roster_entries(rows: Iterable[PersonRow]) -> list[dict[str, Any]]:
    """The roster (``redact.roster`` schema) for ``rows``."""
    entries = []
    for row in rows:
        entry: dict[str, Any] = {"id": row.key, **_names(row.name)}
        if row.email:
            entry["email"] = _clean(row.email)
        delegation = _clean(row.delegation)
        code = _countries_by_name().get(delegation.casefold()) if delegation and row.state is not False else None
        if code is not None:
            entry["country"] = code
        elif delegation:
            entry["organisation"] = {_script(delegation): delegation}
        title = _clean(row.title)
        if title:
            entry["role_title"] = {_script(title): title}
        role = _role(title, row.role)
        if role:
            entry["role"] = role
        entries.append(entry)
    return entries


def fingerprint(rows: Sequence[PersonRow], languages: Sequence[str]) -> str:
    digest = hashlib.sha256(repr(sorted(languages)).encode())
    for row in rows:
        digest.update(repr(tuple(vars(row).values())).encode())
    return digest.hexdigest()


def engine_languages(languages: Iterable[str]) -> tuple[str, ...]:
    """The engine's languages: the meeting's working languages it knows, and English."""
    wanted = {code.split("-")[0].lower() for code in languages} | {"en"}
    return tuple(lang for lang in LANGS if lang in wanted)


class RedactorCache:
    """One engine per meeting, kept while its roster's fingerprint holds (an LRU, thread-safe)."""

    def __init__(self, *, size: int = 32) -> None:
        self._size = size
        self._entries: OrderedDict[Any, tuple[str, Redactor]] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0  # how many engines were built: the benchmark and tests read it

    def get(self, meeting: Any, rows: Sequence[PersonRow], languages: Sequence[str]) -> Redactor:
        """The engine for ``meeting`` (any hashable key) over ``rows``, built if the rows changed."""
        langs = engine_languages(languages)
        mark = fingerprint(rows, langs)
        with self._lock:
            kept = self._entries.get(meeting)
            if kept is not None and kept[0] == mark:
                self._entries.move_to_end(meeting)
                return kept[1]
        # Built outside the lock: another meeting's check need not wait 0.6 s for this one.
        redactor = Redactor(Roster.from_json(roster_entries(rows)), languages=langs)
        with self._lock:
            self.builds += 1
            self._entries[meeting] = (mark, redactor)
            self._entries.move_to_end(meeting)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return redactor

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.builds = 0


def mentions_in(redactor: Redactor, text: str) -> list[Mention]:
    """Every identifying mention left in ``text``, with the placeholder suggested for it."""
    result = redactor.redact(text)
    return [
        Mention(span.start, span.end, span.kind, placeholder) for span, placeholder in zip(result.spans, result.placeholders, strict=True)
    ]


def replaced(text: str, mentions: Sequence[Mention]) -> str:
    """``text`` with every mention replaced by its placeholder (the form's "replace all")."""
    out, last = [], 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < last:
            continue
        out += [text[last : mention.start], mention.placeholder]
        last = mention.end
    return "".join([*out, text[last:]])
