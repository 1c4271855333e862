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
4. keep a family name alone (a *weak* form) once the note has named that person, or where it
   plainly is a name: capitalised in a cased script, three letters or more in Arabic, two Han
   characters or more, or one at a clause's start before a verb of speech ("王澄清了");
5. replace every span by a placeholder in the note's language ("Participant C", "a minister"),
   the same letter for the same person throughout the note.

Offsets in the result are into the input string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from incamera.redact import pii, surface
from incamera.redact.normalize import Normalized, normalize, normalize_pattern
from incamera.redact.placeholders import label, placeholder
from incamera.redact.roster import LANGS, Roster
from incamera.redact.surface import Form

__all__ = ["Redactor", "Result", "Span"]


class Span(NamedTuple):
    """``(start, end, kind, participant_id | None)``, offsets into the input string."""

    start: int
    end: int
    kind: str
    participant_id: str | None

    def as_list(self) -> list[object]:
        return list(self)


@dataclass(frozen=True, slots=True)
class Result:
    """The redacted text and its spans; ``placeholders[i]`` is what replaced ``spans[i]``."""

    text: str
    spans: tuple[Span, ...]
    placeholders: tuple[str, ...] = ()


_ARABIC_PROCLITICS = frozenset("وفبلك")
_SCRIPT_LANG = (
    (re.compile("[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
    (re.compile("[\u0600-\u06ff]"), "ar"),
    (re.compile("[\u0400-\u04ff]"), "ru"),
)
_FRENCH = re.compile(r"\b(?:le|la|les|des|du|est|et|une|dans|pour|qui|sur)\b")
_SPANISH = re.compile(r"\b(?:el|los|las|del|es|y|una|en|para|que|por|con)\b")


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A Han character carries about as much as a short Latin word: it counts for three letters.
_WEIGHT = {"zh": 3, "ar": 1, "ru": 1}
_SAMPLE = 2000


def guess_language(text: str) -> str:
    """The note's language when none is given: the script most of its letters are in (so an
    English note that quotes a Chinese name stays English), then, for Latin text, its commonest
    little words."""
    sample = text[:_SAMPLE]  # enough to tell, and a long text costs no more than a note
    found = [(pattern, lang) for pattern, lang in _SCRIPT_LANG if pattern.search(sample)]
    if found:
        latin = len(_LATIN.findall(sample))
        weight, lang = max((len(pattern.findall(sample)) * _WEIGHT[lang], lang) for pattern, lang in found)
        if weight >= latin:
            return lang
    lowered = sample.lower()
    french = len(_FRENCH.findall(lowered))
    spanish = len(_SPANISH.findall(lowered))
    if max(french, spanish) < 2:
        return "en"
    return "fr" if french >= spanish else "es"


def _is_word(char: str) -> bool:
    # A letter or digit of an alphabetic script; Han and kana join anything.
    return char.isalnum() and (char < "\u3040" or char > "\ud7af")


# A one-character Chinese surname alone (王, 李, 金) is a name only where a clause starts and a
# verb of speech or a bracket follows: "王澄清了…", "李（…）"; elsewhere it is a word (王国, 金价).
_CLAUSE_START = frozenset('。！？；，、：:;,.!?（(“"「『 \n\t')
_AFTER_HAN_SURNAME = (
    "指出",
    "表示",
    "说",
    "认为",
    "澄清",
    "强调",
    "提出",
    "回应",
    "补充",
    "介绍",
    "分发",
    "提醒",
    "质疑",
    "建议",
    "同意",
    "反对",
    "发言",
    "询问",
    "问",
    "称",
    "提到",
    "承认",
    "呼吁",
    "警告",
    "赞同",
    "支持",
    "感谢",
    "总结",
    "希望",
    "解释",
    "答复",
    "主张",
    "坚持",
    "重申",
    "透露",
    "证实",
    "否认",
    "注意到",
    "报告",
    "宣布",
    "阐述",
    "提供",
    "分享",
    "私下",
    "则",
    "也",
    "还",
    "随后",
    "接着",
    "（",
    "(",
    "和",
    "与",
    "对",
    "在",
    "就",
    "的",
)


class Redactor:
    """Built once per roster; ``redact`` is thread-safe."""

    def __init__(self, roster: Roster, languages: Iterable[str] = LANGS) -> None:
        self.roster = roster
        self.languages = tuple(languages)
        unknown = [lang for lang in self.languages if lang not in LANGS]
        if unknown:
            msg = f"unknown language {unknown[0]!r}; use some of {', '.join(LANGS)}"
            raise ValueError(msg)
        by_key: dict[str, Form] = {}
        keys: dict[str, str] = {}  # many forms share a text: each is normalised once
        for form in surface.derive(roster, self.languages):
            key = keys.get(form.text)
            if key is None:
                key = keys[form.text] = normalize_pattern(form.text)
            if len(key) < 2 and not ("\u4e00" <= key[:1] <= "\u9fff"):
                continue
            earlier = by_key.get(key)
            if earlier is None or (earlier.weak and not form.weak):
                by_key[key] = form
            elif earlier.person_id != form.person_id and earlier.weak == form.weak:
                # One spelling for two people (namesakes): removed, naming neither.
                by_key[key] = Form(earlier.text, earlier.kind, None, earlier.slot, earlier.role, earlier.prefix, earlier.weak)
        self._forms = list(by_key.values())
        automaton = ahocorasick.Automaton()
        for index, key in enumerate(by_key):
            # Whether the key starts / ends with a letter of an alphabetic script (a boundary is
            # then needed on that side), and whether a bounded match may hide inside it.
            starts, ends = _is_word(key[0]), _is_word(key[-1])
            inner = not all(map(_is_word, key)) or not starts
            automaton.add_word(key, (index, len(key), starts, ends, inner))
        self._longest = max(map(len, by_key), default=0)
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton if len(automaton) else None
        self._titles = surface.titles()

    def redact(self, text: str, lang: str | None = None) -> Result:
        if lang is None or lang == "auto":
            lang = guess_language(text)
        norm = normalize(text)
        found = self._find(norm.text, text, norm)
        spans: list[tuple[int, int, str, str | None, Form | None]]
        if norm.starts is None and norm.cut_at is None:  # offsets unchanged: most text
            spans = [(start, end, form.kind, form.person_id, form) for start, end, form in found]
        else:
            spans = [(*norm.span(start, end), form.kind, form.person_id, form) for start, end, form in found]
        spans.extend((start, end, kind, None, None) for start, end, kind in pii.find(text))
        return _replace(text, _without_overlaps(spans), lang)

    def _find(self, norm: str, text: str, mapping: Normalized) -> list[tuple[int, int, Form]]:
        if self._automaton is None:
            return []
        strong: list[tuple[int, int, Form]] = []
        weak: list[tuple[int, int, Form]] = []
        named: set[str | None] = set()
        forms = self._forms
        size = len(norm)
        for end_index, (form_index, length, starts, ends, inner) in self._automaton.iter_long(norm):
            start = end_index - length + 1
            end = end_index + 1
            bounded = not (starts and start and _is_word(norm[start - 1]) and not _after_proclitic(norm, start)) and not (
                ends and end < size and _is_word(norm[end])
            )
            if bounded:
                form = forms[form_index]
                if form.weak:
                    weak.append((start, end, form))
                else:
                    strong.append((start, end, form))
                    named.add(form.person_id)
                continue
            if not inner:
                continue  # one word glued to another: nothing bounded inside it
            # "the wang": "he wang" fails its boundaries, "wang" inside it may not.
            for m_start, m_end, m_index in self._inside(norm, start, end):
                form = forms[m_index]
                if form.weak:
                    weak.append((m_start, m_end, form))
                else:
                    strong.append((m_start, m_end, form))
                    named.add(form.person_id)
        out = [
            ((*self._with_title(norm, start, end), form) if form.kind == "person" else (start, end, form)) for start, end, form in strong
        ]
        for start, end, form in weak:
            titled = self._with_title(norm, start, end)
            if titled != (start, end) or form.person_id in named or _plainly_a_name(norm, text, mapping, start, end):
                out.append((titled[0], titled[1], form))
        return out

    def _with_title(self, norm: str, start: int, end: int) -> tuple[int, int]:
        """The span widened over a title before the name ("mr", "господина", "السيد", with an
        Arabic proclitic: "والسيد") or after it in Chinese ("先生", "部长")."""
        titles = self._titles
        if end < len(norm) and norm[end] in titles.after_first:
            for title in titles.after:
                if norm.startswith(title, end):
                    return start, end + len(title)
        if start < 2 or norm[start - 1] not in " \u00a0":
            return start, end
        space = norm.rfind(" ", max(0, start - 40), start - 1)
        last = norm[space + 1 : start - 1]
        if last not in titles.last_words and last[1:] not in titles.last_words and last[2:] not in titles.last_words:
            return start, end  # most names: the word before is no title's last word
        window = norm[max(0, start - 40) : start]
        tail = window.rstrip()
        words = tail.split()
        for count in range(min(titles.longest, len(words)), 0, -1):
            candidate = " ".join(words[-count:])
            # What may be glued before a title: an Arabic proclitic (والسيد), which stays outside
            # the span, or a French elided article (l'ambassadrice), which goes with the title.
            glued = 0
            if candidate not in titles.before:
                if candidate[:1] in _ARABIC_PROCLITICS and candidate[1:] in titles.before:
                    glued = 1
                elif candidate[1:2] in {"'", "’"} and candidate[2:] in titles.before:
                    glued = -1
            if candidate in titles.before or glued:
                head = tail.rsplit(None, count)[0] if len(words) > count else ""
                rest = tail[len(head) :]
                position = len(head) + len(rest) - len(rest.lstrip()) + max(glued, 0)
                return start - len(window) + position, end
        return start, end

    def _inside(self, norm: str, start: int, end: int) -> list[tuple[int, int, int]]:
        """The longest bounded match starting within a match that failed its boundaries."""
        assert self._automaton is not None
        best: tuple[int, int, int] | None = None
        for alt_end_index, (alt_index, alt_length, *_flags) in self._automaton.iter(norm, start, min(len(norm), end + self._longest)):
            alt_start = alt_end_index - alt_length + 1
            alt_end = alt_end_index + 1
            better = best is None or (alt_start, -alt_end) < (best[0], -best[1])
            if better and start <= alt_start < end and (alt_start, alt_end) != (start, end) and _bounded(norm, alt_start, alt_end):
                best = (alt_start, alt_end, alt_index)
        return [best] if best is not None else []


def _after_proclitic(norm: str, start: int) -> bool:
    """An Arabic proclitic glued to the match, itself at a word's start: و + السيد …"""
    return norm[start - 1] in _ARABIC_PROCLITICS and (start == 1 or not _is_word(norm[start - 2]))


def _bounded(norm: str, start: int, end: int) -> bool:
    if _is_word(norm[start]) and start > 0 and _is_word(norm[start - 1]) and not _after_proclitic(norm, start):
        return False
    return not (_is_word(norm[end - 1]) and end < len(norm) and _is_word(norm[end]))


def _plainly_a_name(norm: str, text: str, mapping: Normalized, start: int, end: int) -> bool:
    """Whether a family name alone, of someone the note has not named in full, reads as a name."""
    first = norm[start]
    if "\u4e00" <= first <= "\u9fff":
        if end - start >= 2:
            return True
        return (start == 0 or norm[start - 1] in _CLAUSE_START) and norm.startswith(_AFTER_HAN_SURNAME, end)
    if "\u0600" <= first <= "\u06ff":
        return end - start >= 3
    original = text[mapping.span(start, end)[0]]
    return original.isupper()


def _without_overlaps(
    spans: Sequence[tuple[int, int, str, str | None, Form | None]],
) -> list[tuple[int, int, str, str | None, Form | None]]:
    """Leftmost first, longest first; later overlapping spans are dropped."""
    kept: list[tuple[int, int, str, str | None, Form | None]] = []
    last_end = -1
    for span in sorted(spans, key=_leftmost_longest):
        if span[0] >= last_end:
            kept.append(span)
            last_end = span[1]
    return kept


def _leftmost_longest(span: tuple[int, int, str, str | None, Form | None]) -> tuple[int, int]:
    return span[0], -span[1]


def _replace(text: str, spans: Sequence[tuple[int, int, str, str | None, Form | None]], lang: str) -> Result:
    letters: dict[str, str] = {}
    out: list[str] = []
    last = 0
    result_spans = []
    replacements = []
    for start, end, kind, person, form in spans:
        out.append(text[last:start])
        letter = None
        if person is not None:
            letter = letters.get(person)
            if letter is None:
                letter = letters[person] = label(len(letters))
        replacement = placeholder(kind, lang, letter, form)
        if text[start].isupper() and replacement[:1].islower():
            replacement = replacement[0].upper() + replacement[1:]  # "The Chinese minister" → "A minister …"
        out.append(replacement)
        replacements.append(replacement)
        last = end
        result_spans.append(Span(start, end, kind, person))
    out.append(text[last:])
    return Result("".join(out), tuple(result_spans), tuple(replacements))
