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

import functools
import json
import operator
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import ahocorasick

from incamera.redact import pii, surface
from incamera.redact.normalize import Normalized, fold_char, normalize, normalize_patterns
from incamera.redact.placeholders import label, placeholder
from incamera.redact.roster import LANGS, Roster
from incamera.redact.surface import Form

try:  # built at install by hatch_build.py; without a C compiler the pure-Python path does it all
    from incamera.redact import _fast
except ImportError:  # pragma: no cover - CI builds it (tests/redact/test_build.py)
    _fast = None  # type: ignore[assignment]

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


_NOT_WORD = re.compile("[^\\w]|_|[\u3040-\ud7af]")  # what ``_is_word`` refuses, found in C
_SPACES = frozenset(" \u00a0")
_MEMO_SIZE = 65536

# One span while a note is redacted: (start, -end, kind, participant_id, form index, or the kind
# for personal data), so that sorting by its first two items puts it leftmost-longest.
_Found = tuple[int, int, str, str | None, int | str]
_leftmost_longest_key = operator.itemgetter(0, 1)
_new_span = functools.partial(tuple.__new__, Span)


_LANG_INDEX = {lang: index for index, lang in enumerate(LANGS)}
_JSON = json.JSONEncoder(ensure_ascii=False)
_SURROGATE = re.compile("[\ud800-\udfff]")


class Redactor:
    """Built once per roster; ``redact`` is thread-safe.

    ``compiled``: use the compiled engine (the default when it is built), or not (``False``: the
    pure-Python path, which the compiled one must match), or insist (``True``)."""

    def __init__(self, roster: Roster, languages: Iterable[str] = LANGS, *, compiled: bool | None = None) -> None:
        self.roster = roster
        self.languages = tuple(languages)
        unknown = [lang for lang in self.languages if lang not in LANGS]
        if unknown:
            msg = f"unknown language {unknown[0]!r}; use some of {', '.join(LANGS)}"
            raise ValueError(msg)
        derived = list(surface.derive(roster, self.languages))
        texts = list(dict.fromkeys(form.text for form in derived))  # many forms share a text
        keys = dict(zip(texts, normalize_patterns(texts), strict=True))
        by_key: dict[str, Form] = {}
        for form in derived:
            key = keys[form.text]
            if len(key) < 2 and not ("\u4e00" <= key[:1] <= "\u9fff"):
                continue
            earlier = by_key.get(key)
            if earlier is None or (earlier.weak and not form.weak):
                by_key[key] = form
            elif earlier.person_id != form.person_id and earlier.weak == form.weak:
                # One spelling for two people (namesakes): removed, naming neither.
                by_key[key] = Form(earlier.text, earlier.kind, None, earlier.slot, earlier.role, earlier.prefix, earlier.weak)
        by_key = dict(sorted(by_key.items()))  # the compiled engine builds its trie from sorted keys
        self._forms = list(by_key.values())
        self._longest = max(map(len, by_key), default=0)
        self._keys = list(by_key)
        self._automaton_built: ahocorasick.Automaton | None = None
        self._automaton_lock = threading.Lock()
        self._titles = titles = surface.titles()
        # Titles after a name by length, longest first; titles before one by their last word:
        # how many words they have, most first.
        self._after_titles = frozenset(titles.after)
        self._after_lengths = tuple(sorted({len(title) for title in titles.after}, reverse=True))
        counts: dict[str, set[int]] = {}
        for title in titles.before:
            words = title.split()
            counts.setdefault(words[-1], set()).add(len(words))
        self._title_counts = {word: tuple(sorted(found, reverse=True)) for word, found in counts.items()}
        # (form index or personal data's kind, language, letter) → (placeholder, capitalised)
        self._memo: dict[tuple[int | str, str, str | None], tuple[str, str]] = {}
        if compiled and _fast is None:
            msg = "the compiled engine is not built: reinstall incamera with a C compiler (see docs/decisions/0033)"
            raise ImportError(msg)
        self._fast = None if _fast is None or compiled is False else self._compiled()

    @property
    def _automaton(self) -> ahocorasick.Automaton | None:
        """The keys in pyahocorasick's automaton, for the pure-Python path: built when it is
        first needed (the compiled engine has its own)."""
        if self._automaton_built is None and self._keys:
            with self._automaton_lock:
                if self._automaton_built is None:
                    automaton = ahocorasick.Automaton()
                    for index, (key, form) in enumerate(zip(self._keys, self._forms, strict=True)):
                        # Whether the key starts / ends with a letter of an alphabetic script (a
                        # boundary is then needed on that side), and whether a bounded match may
                        # hide inside it (the compiled engine works these out the same way).  The
                        # form's own fields ride along, so that a match costs no look-up.
                        starts, ends = _is_word(key[0]), _is_word(key[-1])
                        inner = not starts or _NOT_WORD.search(key) is not None
                        value = (len(key), starts, ends, inner, form.weak, form.kind == "person", form.kind, form.person_id, index)
                        automaton.add_word(key, value)
                    automaton.make_automaton()
                    self._automaton_built = automaton
        return self._automaton_built

    def _compiled(self) -> _fast.Engine:
        """The compiled engine over the same forms, titles and placeholders (``_fast.c``)."""
        forms = self._forms
        flags = [form.weak << 3 | (form.kind == "person") << 4 for form in forms]
        return _fast.Engine(
            keys=self._keys,
            flags=flags,
            kinds=[form.kind for form in forms],
            persons=[form.person_id for form in forms],
            after_titles=list(self._titles.after),
            before=list(self._titles.before),
            title_counts=self._title_counts,
            after_han=_AFTER_HAN_SURNAME,
            clause_start="".join(sorted(_CLAUSE_START)),
            # Functions of the forms, not methods: the engine holds them, and a method would
            # hold the Redactor in a cycle the collector cannot see through C.
            pair=functools.partial(_form_pair, forms),
            pii_pair=_kind_pair,
            is_phone=pii.is_phone,
            fold_char=fold_char,
            span_type=Span,
        )

    def redact(self, text: str, lang: str | None = None) -> Result:
        if lang is None or lang == "auto":
            lang = guess_language(text)
        if self._fast is not None and lang in _LANG_INDEX:
            done = self._fast.redact(text, _LANG_INDEX[lang])
            if done is not None:  # None: a character whose normal form is not one character
                return Result(*done)
        return self._pure(text, lang)

    def jsonl_line(self, text: str, lang: str | None = None) -> bytes:
        """``redact``'s result as the line ``incamera redact --jsonl`` writes, in UTF-8:
        ``{"text": redacted, "spans": [[start, end, kind, participant_id or null], …]}`` and a
        newline, as ``json.dumps(ensure_ascii=False)`` writes it (a lone surrogate, which UTF-8
        cannot hold, as its escape).  The compiled engine writes it itself."""
        if lang is None or lang == "auto":
            lang = guess_language(text)
        if self._fast is not None and lang in _LANG_INDEX:
            line = self._fast.jsonl_line(text, _LANG_INDEX[lang])
            if line is not None:
                return line
        result = self._pure(text, lang)
        written = _JSON.encode({"text": result.text, "spans": result.spans})  # a span is a tuple: a JSON array
        if _SURROGATE.search(written) is not None:
            written = _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", written)
        return (written + "\n").encode()

    def jsonl_lines(self, notes: Sequence[tuple[str, str | None]]) -> list[bytes]:
        """``jsonl_line`` of each ``(text, lang)``; the compiled engine does them in one call,
        letting go of the GIL while it matches, so that threads redact at once."""
        known = [(text, guess_language(text) if lang is None or lang == "auto" else lang) for text, lang in notes]
        if self._fast is None or any(lang not in _LANG_INDEX for _text, lang in known):
            return [self.jsonl_line(text, lang) for text, lang in known]
        lines = self._fast.jsonl_lines([text for text, _lang in known], [_LANG_INDEX[lang] for _text, lang in known])
        return [line if line is not None else self.jsonl_line(text, lang) for line, (text, lang) in zip(lines, known, strict=True)]

    @property
    def compiled(self) -> bool:
        """Whether the compiled engine does this redactor's work."""
        return self._fast is not None

    def _pure(self, text: str, lang: str) -> Result:
        norm = normalize(text)
        spans = self._find(norm.text, text, norm)
        if norm.starts is not None or norm.cut_at is not None:  # offsets moved: rare
            to_input = norm.span
            for n, (start, neg_end, kind, person, index) in enumerate(spans):
                mapped = to_input(start, -neg_end)
                spans[n] = (mapped[0], -mapped[1], kind, person, index)
        for start, end, kind in pii.find(text):
            spans.append((start, -end, kind, None, kind))
        return self._replace(text, spans, lang)

    def _find(self, norm: str, text: str, mapping: Normalized) -> list[_Found]:
        """The bounded matches in the normal form, persons widened over a title beside them."""
        if self._automaton is None:
            return []
        found: list[_Found] = []
        weak: list[_Found] = []
        named: set[str | None] = set()
        size = len(norm)
        titles = self._titles
        after_first = titles.after_first
        last_words = titles.last_words
        for end_index, value in _leftmost_longest(self._automaton, norm):
            length, starts, ends, inner, is_weak, is_person, kind, person, index = value
            end = end_index + 1
            start = end - length
            # The boundaries, inlined from ``_bounded``: an alphabetic letter or digit on a side
            # where the form has one breaks it (Han and kana join anything).
            if starts and start:
                char = norm[start - 1]
                bounded = not (char.isalnum() and (char < "\u3040" or char > "\ud7af")) or _after_proclitic(norm, start)
            else:
                bounded = True
            if bounded and ends and end < size:
                char = norm[end]
                bounded = not (char.isalnum() and (char < "\u3040" or char > "\ud7af"))
            if not bounded:
                if not inner:
                    continue  # one word glued to another: nothing bounded inside it
                # "the wang": "he wang" fails its boundaries, "wang" inside it may not.
                inside = self._inside(norm, start, end)
                if inside is None:
                    continue
                start, end, index = inside
                form = self._forms[index]
                is_weak, is_person, kind, person = form.weak, form.kind == "person", form.kind, form.person_id
            if is_weak:
                weak.append((start, -end, kind, person, index))
                continue
            named.add(person)
            if is_person:
                if end < size and norm[end] in after_first:
                    start, end = self._with_title(norm, start, end)
                elif start >= 2 and norm[start - 1] in _SPACES and _last_word_titles(norm, start, last_words):
                    start = self._title_before(norm, start)
            found.append((start, -end, kind, person, index))
        for span in weak:
            start, end = span[0], -span[1]
            titled = self._with_title(norm, start, end)
            if titled != (start, end):
                found.append((titled[0], -titled[1], *span[2:]))
            elif span[3] in named or _plainly_a_name(norm, text, mapping, start, end):
                found.append(span)
        return found

    def _replace(self, text: str, spans: list[_Found], lang: str) -> Result:
        """The text with each span, leftmost-longest and without overlaps, replaced by its
        placeholder: the same letter for the same person throughout."""
        if not spans:
            return Result(text, ())
        spans.sort(key=_leftmost_longest_key)
        starts = [span[0] for span in spans]
        ends = [-span[1] for span in spans]
        if not all(map(operator.le, ends, starts[1:])):  # overlaps are rare: drop the later ones
            kept = []
            last = 0
            for span in spans:
                if span[0] >= last:
                    kept.append(span)
                    last = -span[1]
            spans = kept
            starts = [span[0] for span in spans]
            ends = [-span[1] for span in spans]
        letters: dict[str, str] = {}
        # Within one note a form always gets the same placeholder (its person keeps one letter),
        # and a person's letter is the order in which the note first names them.
        chosen: dict[int | str, tuple[str, str]] = {}

        memo = self._memo

        def choose(index: int | str, person: str | None, kind: str) -> tuple[str, str]:
            letter = None
            if person is not None:
                letter = letters.get(person)
                if letter is None:
                    letter = letters[person] = label(len(letters))
            pair = memo.get((index, lang, letter)) or self._placeholder(index, lang, letter, kind)
            chosen[index] = pair
            return pair

        pairs = [chosen.get(index) or choose(index, person, kind) for _start, _end, kind, person, index in spans]
        # "The Chinese minister" → "A minister …"
        replacements = [pair[1] if text[start].isupper() else pair[0] for pair, start in zip(pairs, starts, strict=True)]
        pieces = [""] * (2 * len(spans) + 1)
        pieces[0::2] = [text[a:b] for a, b in zip([0, *ends], [*starts, len(text)], strict=True)]
        pieces[1::2] = replacements
        result_spans = tuple(map(_new_span, zip(starts, ends, [span[2] for span in spans], [span[3] for span in spans], strict=True)))
        return Result("".join(pieces), result_spans, tuple(replacements))

    def _placeholder(self, index: int | str, lang: str, letter: str | None, kind: str) -> tuple[str, str]:
        """The placeholder of a form (by its index) or of personal data (by its kind), and the
        same capitalised."""
        key = (index, lang, letter)
        pair = self._memo.get(key)
        if pair is None:
            plain = placeholder(kind, lang, letter, self._forms[index] if isinstance(index, int) else None)
            pair = (plain, plain[0].upper() + plain[1:] if plain[:1].islower() else plain)
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = pair
        return pair

    def _with_title(self, norm: str, start: int, end: int) -> tuple[int, int]:
        """The span widened over a title before the name ("mr", "господина", "السيد", with an
        Arabic proclitic: "والسيد") or after it in Chinese ("先生", "部长")."""
        titles = self._titles
        if end < len(norm) and norm[end] in titles.after_first:
            after = self._after_titles
            size = len(norm)
            for length in self._after_lengths:
                # A slice past the end is shorter than ``length`` and may still be a title: skip it.
                if end + length <= size and norm[end : end + length] in after:
                    return start, end + length
        if start < 2 or norm[start - 1] not in _SPACES or not _last_word_titles(norm, start, titles.last_words):
            return start, end  # most names: the word before is no title's last word
        return self._title_before(norm, start), end

    def _title_before(self, norm: str, start: int) -> int:
        """Where a title before the name at ``start`` begins (``start`` when there is none)."""
        before = self._titles.before
        window = norm[max(0, start - 40) : start]
        tail = window.rstrip()
        words = tail.split()
        if not words:
            return start
        last = words[-1]
        # Only as many words as a title ending in this word has (one, glued, for "والسيد"):
        # longest first, as a title of more words wins.
        counts = self._title_counts.get(last, ())
        if 1 not in counts and (last[1:] in before or last[2:] in before):
            counts = (*counts, 1)
        for count in counts:
            if count > len(words):
                continue
            candidate = " ".join(words[-count:])
            # What may be glued before a title: an Arabic proclitic (والسيد), which stays outside
            # the span, or a French elided article (l'ambassadrice), which goes with the title.
            glued = 0
            if candidate not in before:
                if candidate[:1] in _ARABIC_PROCLITICS and candidate[1:] in before:
                    glued = 1
                elif candidate[1:2] in {"'", "’"} and candidate[2:] in before:
                    glued = -1
            if candidate in before or glued:
                head = tail.rsplit(None, count)[0] if len(words) > count else ""
                rest = tail[len(head) :]
                position = len(head) + len(rest) - len(rest.lstrip()) + max(glued, 0)
                return start - len(window) + position
        return start

    def _inside(self, norm: str, start: int, end: int) -> tuple[int, int, int] | None:
        """The longest bounded match starting within a match that failed its boundaries."""
        assert self._automaton is not None
        best: tuple[int, int, int] | None = None
        for alt_end_index, value in self._automaton.iter(norm, start, min(len(norm), end + self._longest)):
            alt_length, alt_index = value[0], value[-1]
            alt_start = alt_end_index - alt_length + 1
            alt_end = alt_end_index + 1
            better = best is None or (alt_start, -alt_end) < (best[0], -best[1])
            if better and start <= alt_start < end and (alt_start, alt_end) != (start, end) and _bounded(norm, alt_start, alt_end):
                best = (alt_start, alt_end, alt_index)
        return best


def _capitalised(plain: str) -> tuple[str, str]:
    return plain, plain[0].upper() + plain[1:] if plain[:1].islower() else plain


def _form_pair(forms: list[Form], index: int, lang_index: int) -> tuple[str, str]:
    """For the compiled engine: a form's placeholder and the same capitalised, in a language
    (by its index in LANGS); for a person's form, what comes before the person's letter."""
    form = forms[index]
    letter = "" if form.kind == "person" and form.person_id is not None else None
    return _capitalised(placeholder(form.kind, LANGS[lang_index], letter, form))


def _kind_pair(kind: str, lang_index: int) -> tuple[str, str]:
    return _capitalised(placeholder(kind, LANGS[lang_index], None, None))


def _leftmost_longest(automaton: ahocorasick.Automaton, norm: str) -> list[tuple[int, tuple[Any, ...]]]:
    """The automaton's leftmost-longest matches that do not overlap, as ``(end index, value)``.

    Not pyahocorasick's ``iter_long``: after a longer partial match fails, it skips a shorter
    match that began inside it (nothing in "wang ana" when "wang ana ma" and "ana" are forms),
    so every match is taken and the choice made here."""
    found = sorted(((end - value[0] + 1, -end, value) for end, value in automaton.iter(norm)), key=_leftmost_longest_key)
    kept = []
    last = 0
    for start, neg_end, value in found:
        if start >= last:
            kept.append((-neg_end, value))
            last = 1 - neg_end
    return kept


def _last_word_titles(norm: str, start: int, last_words: frozenset[str]) -> bool:
    """Whether the word before ``start`` (after one space) may end a title: a quick refusal."""
    space = norm.rfind(" ", max(0, start - 40), start - 1)
    last = norm[space + 1 : start - 1]
    return last in last_words or last[1:] in last_words or last[2:] in last_words


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
