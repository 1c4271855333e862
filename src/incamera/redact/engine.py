"""The de-attribution engine (issue 11): one automaton over every surface form of a roster.

``Redactor(roster, languages=...)`` derives the surface forms (``surface.py``), normalises them
(``normalize.py``) and loads them into one Aho-Corasick automaton (pyahocorasick).  ``redact``
then makes one pass over a note:

1. normalise the note, keeping the map back to its offsets;
2. take the automaton's leftmost-longest matches (``iter_long``), each kept only at a
   script-aware boundary: alphabetic scripts need a non-letter on both sides (an Arabic
   proclitic و ف ب ل ك may stand before a match), Han needs nothing;
3. find e-mail addresses, URLs, handles and phone numbers with their own expressions
   (``pii.py``);
4. rescan for fragments: a family name alone, once the note has named that person in full or
   after a title (``the minister … Wang added``);
5. replace every span by a placeholder in the note's language ("Participant C", "a minister"),
   the same letter for the same person throughout the note.

Offsets in the result are into the input string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from incamera.redact import pii, surface
from incamera.redact.normalize import normalize, normalize_pattern
from incamera.redact.roster import LANGS, Roster
from incamera.redact.surface import Form

__all__ = ["Redactor", "Result", "Span"]


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str
    participant_id: str | None

    def as_list(self) -> list[object]:
        return [self.start, self.end, self.kind, self.participant_id]


@dataclass(frozen=True, slots=True)
class Result:
    text: str
    spans: tuple[Span, ...]


_ARABIC_PROCLITICS = frozenset("وفبلك")
_SCRIPT_LANG = (
    (re.compile("[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
    (re.compile("[\u0600-\u06ff]"), "ar"),
    (re.compile("[\u0400-\u04ff]"), "ru"),
)
_FRENCH = re.compile(r"\b(?:le|la|les|des|du|est|et|une|dans|pour|qui|sur)\b")
_SPANISH = re.compile(r"\b(?:el|los|las|del|es|y|una|en|para|que|por|con)\b")


def guess_language(text: str) -> str:
    """The note's language when none is given: its script, then, for Latin text, its commonest
    little words."""
    for pattern, lang in _SCRIPT_LANG:
        if pattern.search(text):
            return lang
    lowered = text.lower()
    french = len(_FRENCH.findall(lowered))
    spanish = len(_SPANISH.findall(lowered))
    if max(french, spanish) < 2:
        return "en"
    return "fr" if french >= spanish else "es"


def _is_word(char: str) -> bool:
    # A letter or digit of an alphabetic script; Han and kana join anything.
    return char.isalnum() and not ("\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or "\u3400" <= char <= "\u4dbf")


class Redactor:
    """Built once per roster (under 1 s for 500 people in six languages); ``redact`` is
    thread-safe."""

    def __init__(self, roster: Roster, languages: Iterable[str] = LANGS) -> None:
        self.roster = roster
        self.languages = tuple(languages)
        unknown = [lang for lang in self.languages if lang not in LANGS]
        if unknown:
            msg = f"unknown language {unknown[0]!r}; use some of {', '.join(LANGS)}"
            raise ValueError(msg)
        self._forms: list[Form] = []
        automaton = ahocorasick.Automaton()
        seen: dict[str, int] = {}
        for form in surface.derive(roster, self.languages):
            key = normalize_pattern(form.text)
            if len(key) < 2:
                continue
            index = seen.get(key)
            if index is not None:
                # One spelling for two people (namesakes): keep the more specific kind, no id.
                earlier = self._forms[index]
                if earlier.person_id != form.person_id:
                    self._forms[index] = Form(earlier.text, earlier.kind, None, earlier.lang, earlier.slot, earlier.role, earlier.prefix)
                continue
            seen[key] = len(self._forms)
            self._forms.append(form)
            automaton.add_word(key, (len(self._forms) - 1, len(key)))
        self._fragments = surface.fragments(roster, self.languages)
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton if len(automaton) else None

    def redact(self, text: str, lang: str | None = None) -> Result:
        if lang is None or lang == "auto":
            lang = guess_language(text)
        norm = normalize(text)
        spans = self._find(norm.text, lang)
        mapped = [
            (start, end, kind, person, form) for (n_start, n_end, kind, person, form) in spans for start, end in [norm.span(n_start, n_end)]
        ]
        for start, end, kind in pii.find(text):
            mapped.append((start, end, kind, None, None))
        mapped = _without_overlaps(mapped)
        return _replace(text, mapped, lang)

    def _find(self, norm: str, lang: str) -> list[tuple[int, int, str, str | None, Form | None]]:
        found: list[tuple[int, int, str, str | None, Form | None]] = []
        if self._automaton is None:
            return found
        named: set[str] = set()
        for end_index, (form_index, length) in self._automaton.iter_long(norm):
            start = end_index - length + 1
            end = end_index + 1
            if not self._bounded(norm, start, end):
                continue
            form = self._forms[form_index]
            found.append((start, end, form.kind, form.person_id, form))
            if form.person_id is not None and form.kind == "person":
                named.add(form.person_id)
        if named:
            found.extend(self._rescan(norm, named, found))
        return found

    @staticmethod
    def _bounded(norm: str, start: int, end: int) -> bool:
        first = norm[start]
        if _is_word(first) and start > 0 and _is_word(norm[start - 1]):
            before = norm[start - 1]
            # An Arabic proclitic glued to the match, itself at a word's start: و + السيد …
            if not (before in _ARABIC_PROCLITICS and (start == 1 or not _is_word(norm[start - 2]))):
                return False
        last = norm[end - 1]
        return not (_is_word(last) and end < len(norm) and _is_word(norm[end]))

    def _rescan(
        self, norm: str, named: set[str], found: list[tuple[int, int, str, str | None, Form | None]]
    ) -> list[tuple[int, int, str, str | None, Form | None]]:
        """A lone family name of someone the note has already named."""
        taken = [(s, e) for s, e, *_ in found]
        extra: list[tuple[int, int, str, str | None, Form | None]] = []
        for person_id in named:
            for fragment in self._fragments.get(person_id, ()):
                start = norm.find(fragment)
                while start != -1:
                    end = start + len(fragment)
                    if self._bounded(norm, start, end) and not any(s < end and start < e for s, e in taken):
                        extra.append((start, end, "person", person_id, None))
                        taken.append((start, end))
                    start = norm.find(fragment, end)
        return extra


def _without_overlaps(
    spans: Sequence[tuple[int, int, str, str | None, Form | None]],
) -> list[tuple[int, int, str, str | None, Form | None]]:
    """Leftmost first, longest first; later overlapping spans are dropped."""
    kept: list[tuple[int, int, str, str | None, Form | None]] = []
    for span in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def _replace(text: str, spans: Sequence[tuple[int, int, str, str | None, Form | None]], lang: str) -> Result:
    from incamera.redact.placeholders import Lettering, placeholder

    letters = Lettering()
    out: list[str] = []
    last = 0
    result_spans = []
    for start, end, kind, person, form in spans:
        out.append(text[last:start])
        out.append(placeholder(kind, lang, letters.letter(person) if person else None, form))
        last = end
        result_spans.append(Span(start, end, kind, person))
    out.append(text[last:])
    return Result("".join(out), tuple(result_spans))
