"""Finding a lexicon's terms in a note: one Aho-Corasick pass (pyahocorasick) over the note's
normal form (``incamera.redact.normalize``), as the de-attribution engine does (ADR 0019).

A match counts where the script wants it to: a term that starts or ends with a letter of an
alphabetic script needs a non-letter on that side (an Arabic proclitic and article, و ف ب ك ل
and ال, may be glued before it: والأسلحة), Han needs nothing; a stem (``weapon*``) runs to the
end of its word.  Of overlapping matches the leftmost, then the longest, counts ("export ban"
once, not "export ban" and "ban").

A legal form or title (``{name} Ltd``, ``ООО {name}``, ``{name}公司``, ``Mr {name}``) counts only
with a name beside it, read from the note as written, on the placeholder's side:

- in a cased script, up to five capitalised words ("Acme Mining Holdings Ltd"), joined by
  "of", "de", "&" … ("Bank of Mars Inc."), or a quoted name (ООО «Ромашка»); a title written
  with a capital (Me, SA, HE) is that title only when the note capitalises it too;
- in Arabic, one or two words (شركة أرامكو السعودية);
- in Han, the characters before (or after) the form, back to a function word or punctuation
  (与华为公司 → 华为公司; 子公司 and 该公司 name no one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import ahocorasick

from incamera.redact.normalize import normalize, normalize_pattern

__all__ = ["NAME", "Match", "Matcher", "Term"]

NAME = "{name}"


@dataclass(frozen=True, slots=True)
class Term:
    """A term as configured (``weapon*``, ``{name} Ltd``) and the points one occurrence adds
    (0 for a phrase that is not sensitive but hides the terms inside it: "artificial
    intelligence")."""

    text: str
    weight: int

    @property
    def stem(self) -> bool:
        return "*" in self.text

    @property
    def name_side(self) -> str:
        """Where a legal form or title wants its name: ``"before"``, ``"after"`` or ``""``."""
        if self.text.startswith(NAME):
            return "before"
        if self.text.endswith(NAME):
            return "after"
        return ""

    @property
    def marker(self) -> str:
        """What the automaton searches for: the term up to its first ``*``, without ``{name}``."""
        return self.text.partition("*")[0].replace(NAME, "").strip()

    @property
    def tail(self) -> str:
        """What must follow the marker, after its first ``*`` ("стратегическ* запас*" → " запас*")."""
        return self.text.partition("*")[2] if "*" in self.text else ""


class Match(NamedTuple):
    """One occurrence: the input's ``[start, end)`` (the name included for a legal form or
    title), the term and its category; for a legal form or title, the name's ``[start, end)``."""

    start: int
    end: int
    term: Term
    category: str
    name: tuple[int, int] | None = None


class _Entry(NamedTuple):
    term: Term
    category: str
    starts_word: bool
    ends_word: bool
    stem: bool
    tail: re.Pattern[str] | None  # the rest of a phrase of stems, on the normal form
    capital: bool  # a title written with a capital: the note must capitalise it too


def _is_word(char: str) -> bool:
    """A letter or digit of an alphabetic script (Han and kana join anything)."""
    return char.isalnum() and (char < "\u3040" or char > "\ud7af")


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


# What may be glued before an Arabic word (normal form: أ → ا): conjunctions, prepositions, the article.
_ARABIC_GLUE = frozenset(
    (
        "ال",
        "و",
        "ف",
        "ب",
        "ك",
        "ل",
        "وال",
        "فال",
        "بال",
        "كال",
        "لل",
        "ولل",
        "فلل",
        "وب",
        "وك",
        "ول",
        "فب",
        "فل",
        "وبال",
        "فبال",
        "وكال",
        "فكال",
    )
)
_LONGEST_GLUE = 4
_SPACES = str.maketrans("\n\t\r\f\v", "     ")
_WORD_REST = r"[^\W_]*"


def _tail(tail: str) -> re.Pattern[str] | None:
    """What follows the marker of a term with stems, as an expression over the normal form: the
    rest of the marker's word, then each ``*`` any letters, each space one space."""
    if not tail:
        return None
    parts = (
        _WORD_REST if part == "*" else re.escape(normalize_pattern(part)) if part.strip() else " "
        for part in re.split(r"(\*| )", tail)
        if part
    )
    return re.compile(_WORD_REST + "".join(parts))  # the marker's own stem first


def _variants(key: str, term: Term) -> tuple[str, ...]:
    """The key, and for an Arabic phrase its definite form too: a phrase's later words take the
    article with the first (أسلحة نووية → الأسلحة النووية, whose first ال is glue)."""
    words = key.split(" ")
    if len(words) < 2 or term.stem or term.name_side or not all(map(_is_arabic, key.replace(" ", ""))):
        return (key,)
    definite = " ".join([words[0], *(w if w.startswith("ال") else "ال" + w for w in words[1:])])
    return (key,) if definite == key else (key, definite)


class Matcher:
    """Every term of some lexicons in one automaton; ``find`` is thread-safe."""

    def __init__(self, terms: Iterable[tuple[Term, str]]) -> None:
        entries: dict[str, list[_Entry]] = {}
        for term, category in terms:
            for key in _variants(normalize_pattern(term.marker), term):
                self._add(entries, key, term, category)
        self._automaton = ahocorasick.Automaton()
        for key, same in entries.items():
            self._automaton.add_word(key, (len(key), tuple(same)))
        if entries:
            self._automaton.make_automaton()
        self._empty = not entries
        # The one-word legal forms and titles, where a name read beside another form stops.
        self._forms = frozenset(key for key, same in entries.items() if " " not in key and any(e.term.name_side for e in same))

    @staticmethod
    def _add(entries: dict[str, list[_Entry]], key: str, term: Term, category: str) -> None:
        tail = term.tail
        capital = bool(term.name_side) and term.marker[:1].isupper()
        ends_word = _is_word(tail.rstrip("*")[-1]) if tail.rstrip("*") else _is_word(key[-1])
        entry = _Entry(term, category, _is_word(key[0]), ends_word, term.text.endswith("*"), _tail(tail), capital)
        entries.setdefault(key, []).append(entry)

    def find(self, text: str) -> list[Match]:
        """The terms' occurrences in ``text``, in order, offsets into ``text``."""
        if self._empty or not text:
            return []
        norm = normalize(text)
        folded = norm.text
        if "\n" in folded or "\t" in folded or "\r" in folded:
            folded = folded.translate(_SPACES)  # one for one: the offsets hold
        identity = norm.starts is None and norm.cut_at is None
        size = len(folded)
        candidates: list[tuple[int, int, _Entry]] = []
        for end_index, (length, entries) in self._automaton.iter(folded):
            start = end_index - length + 1
            if entries[0].starts_word and start and _is_word(folded[start - 1]) and not _glued(folded, start):
                continue
            for entry in entries:
                end = end_index + 1
                if entry.tail is not None:
                    rest = entry.tail.match(folded, end)
                    if rest is None:
                        continue
                    end = rest.end()
                if entry.stem:
                    while end < size and _is_word(folded[end]):
                        end += 1
                elif entry.ends_word and end < size and _is_word(folded[end]):
                    continue
                candidates.append((start, end, entry))
        # Leftmost, then longest; of one span, one entry per category (the most specific term).
        candidates.sort(key=lambda c: (c[0], -c[1], -len(c[2].term.text), -c[2].term.weight))
        found: list[Match] = []
        last = -1
        kept_span = (-1, -1)
        kept_categories: set[str] = set()
        for start, end, entry in candidates:
            if (start, end) == kept_span:
                if entry.category in kept_categories:
                    continue
            elif start < last:
                continue
            match = _match(text, (start, end) if identity else _with_marks(text, norm.span(start, end)), entry, self._forms)
            if match is None:
                continue
            if (start, end) != kept_span:
                kept_span, kept_categories = (start, end), set()
            kept_categories.add(entry.category)
            last = max(last, end)
            if entry.term.weight:
                found.append(match)
        return found


def _with_marks(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The span with the marks that follow its last letter (harakat the normal form dropped)."""
    start, end = span
    while end < len(text) and unicodedata.category(text[end]) == "Mn":
        end += 1
    return start, end


def _match(text: str, span: tuple[int, int], entry: _Entry, forms: frozenset[str]) -> Match | None:
    """The match at the input's ``span``, or ``None`` for a legal form or title without a name."""
    begin, finish = span
    if not entry.term.name_side:
        return Match(begin, finish, entry.term, entry.category)
    if entry.capital and not text[begin].isupper():
        return None
    name = _name(text, begin, finish, entry.term.name_side, forms)
    if name is None:
        return None
    return Match(min(name[0], begin), max(name[1], finish), entry.term, entry.category, name)


def _glued(norm: str, start: int) -> bool:
    """Whether an Arabic word is glued to what stands before it: و + الأسلحة, بال + عقوبات."""
    if not _is_arabic(norm[start]):
        return False
    begin = start - 1
    while begin > 0 and _is_word(norm[begin - 1]) and start - begin < _LONGEST_GLUE:
        begin -= 1
    if begin > 0 and _is_word(norm[begin - 1]):
        return False
    return norm[begin:start] in _ARABIC_GLUE


_WORD = re.compile(r"[^\W_][\w'’\-]*\.?")
_JOINERS = frozenset(["of", "the", "&", "de", "du", "des", "la", "le", "del", "los", "las", "von", "van", "der", "bin", "ibn", "al"])
_LEADING = frozenset(["the", "a", "an", "le", "la", "les", "l'", "el", "los", "las", "un", "une", "una", "uno"])
_QUOTES = {"«": "»", '"': '"', "“": "”", "„": "“", "‘": "’", "'": "'", "「": "」", "『": "』", "《": "》"}
_CLOSERS = {closer: opener for opener, closer in _QUOTES.items()}
_MAX_WORDS = 5
_MAX_HAN = 6
_MAX_QUOTED = 60
_ARABIC_WORD = re.compile(r"[\u0621-\u065f\u066e-\u06d3\u06fa-\u06ff]+")  # letters and marks, no punctuation
_ARABIC_STOP = frozenset(
    [
        "في",
        "من",
        "على",
        "الى",
        "إلى",
        "عن",
        "مع",
        "ان",
        "أن",
        "إن",
        "التي",
        "الذي",
        "قد",
        "لقد",
        "هو",
        "هي",
        "او",
        "أو",
        "ثم",
        "كما",
        "قال",
        "قالت",
        "ذلك",
        "هذه",
        "هذا",
    ]
)
# Han characters a name does not run across: particles, prepositions, pronouns, demonstratives,
# classifiers and a few verbs of speech ("子公司", "该公司", "这家公司", "问王先生" name no one).
_HAN_STOP = frozenset(
    "的与和及同对在向从了是被把由将等跟给让或并而但也都就又还"
    "该本这那此各其贵我你他她它们"
    "子母分总家个些位名多每某"
    "问说请叫见找谢称"
    "、，。；：！？（）《》“”「」『』"
)
_HAN_GENERIC = frozenset(
    (
        "跨国",
        "国有",
        "上市",
        "外国",
        "私营",
        "外资",
        "民营",
        "大型",
        "小型",
        "中小",
        "国企",
        "一些",
        "相关",
        "有关",
        "所有",
        "其他",
        "其它",
        "开发",
        "中央",
        "商业",
        "投资",
        "储蓄",
        "政策性",
        "农村",
        "地方",
        "多边",
        "区域",
        "研究所",
        "该国",
        "本国",
    )
)


def _name(text: str, start: int, end: int, side: str, forms: frozenset[str]) -> tuple[int, int] | None:
    """The name beside a legal form or title at ``text[start:end]``, as input offsets."""
    if side == "after":
        at = end
        while at < len(text) and text[at] in " \u00a0" and at - end < 2:
            at += 1
        return _name_after(text, at, forms) if at < len(text) else None
    at = start
    while at > 0 and text[at - 1] in " \u00a0," and start - at < 3:
        at -= 1
    return _name_before(text, at, forms) if at > 0 else None


def _name_after(text: str, at: int, forms: frozenset[str]) -> tuple[int, int] | None:
    first = text[at]
    if first in _QUOTES:
        close = text.find(_QUOTES[first], at + 1, at + 1 + _MAX_QUOTED)
        return (at, close + 1) if close > at + 1 else None
    if _is_han(first):
        end = at
        while end < len(text) and end - at < _MAX_HAN and _is_han(text[end]) and text[end] not in _HAN_STOP:
            end += 1
        return (at, end) if end > at and text[at:end] not in _HAN_GENERIC else None
    if _is_arabic(first):
        words = list(_ARABIC_WORD.finditer(text, at, at + 80))[:2]
        if not words or words[0].start() != at or words[0].group() in _ARABIC_STOP:
            return None
        # A second word that takes the article agrees with the first (أرامكو السعودية): the name
        # goes on; any other starts the sentence's next part (قدمت شركة أرامكو عرضا).
        second = len(words) > 1 and words[1].group().startswith("ال") and _only_spaces(text, words[0].end(), words[1].start())
        return at, words[1 if second else 0].end()
    return _capitalised(list(_WORD.finditer(text, at, at + 120)), forward=True, at=at, forms=forms)


def _name_before(text: str, at: int, forms: frozenset[str]) -> tuple[int, int] | None:
    last = text[at - 1]
    if last in _CLOSERS:
        open_at = text.rfind(_CLOSERS[last], max(0, at - 1 - _MAX_QUOTED), at - 1)
        return (open_at, at) if 0 <= open_at < at - 2 else None
    if _is_han(last):
        begin = at
        while begin > 0 and at - begin < _MAX_HAN and _is_han(text[begin - 1]) and text[begin - 1] not in _HAN_STOP:
            begin -= 1
        return (begin, at) if begin < at and text[begin:at] not in _HAN_GENERIC else None
    if _is_arabic(last):
        words = list(_ARABIC_WORD.finditer(text, max(0, at - 40), at))
        if not words or words[-1].end() != at or words[-1].group() in _ARABIC_STOP:
            return None
        return words[-1].start(), at
    window = max(0, at - 120)
    return _capitalised(list(_WORD.finditer(text, window, at)), forward=False, at=at, forms=forms)


def _only_spaces(text: str, start: int, end: int) -> bool:
    return 0 < end - start <= 2 and not text[start:end].strip()


def _capitalised(words: Sequence[re.Match[str]], *, forward: bool, at: int, forms: frozenset[str]) -> tuple[int, int] | None:
    """Capitalised words next to ``at`` (after it when ``forward``), with joiners between them,
    up to another legal form or title ("Acme Ltd Globex Inc." names two; "Acme Holdings Ltd" one)."""
    ordered = list(words) if forward else list(reversed(words))
    taken: list[re.Match[str]] = []
    edge = at
    for word in ordered:
        between = word.string[edge : word.start()] if forward else word.string[word.end() : edge]
        if len(between) > 3 or between.strip(" \u00a0&-"):
            break
        value = word.group()
        if not (value[0].isupper() or (taken and value.lower() in _JOINERS)):
            break
        if value.casefold() in forms and (forward or (taken and taken[-1].group().lower() not in _JOINERS)):
            break  # "Acme Ltd | Globex Inc.", but "Bank of Mars Inc."
        sentence_end = value.endswith(".") and len(value) > 3  # "J." and "Jr." go on
        if sentence_end and not forward:
            break  # "… Petrov. Acme Ltd": the sentence before
        taken.append(word)
        edge = word.end() if forward else word.start()
        if sentence_end or sum(1 for w in taken if w.group()[0].isupper()) >= _MAX_WORDS:
            break
    # A name neither starts nor ends with a joiner or an article ("the Acme Ltd" names Acme).
    while taken and not taken[-1].group()[0].isupper():
        taken.pop()
    if not forward:
        while len(taken) > 1 and taken[-1].group().lower() in _LEADING:
            taken.pop()
    if not taken:
        return None
    start = min(w.start() for w in taken)
    end = max(w.end() for w in taken)
    if forward:
        last = taken[-1].group()
        if last.endswith("."):
            end -= 1  # "… Mr Smith.": the sentence's full stop
        elif last.endswith(("'s", "’s")):
            end -= 2  # "Mr Smith's": the possessive
    return start, end
