"""Per-recipient fingerprints in text materials, and tracing a leaked copy back (issue 5 §5).

Every recipient's copy of a Markdown or plain-text document carries that recipient's *mark*:
64 bits of HMAC-SHA-256 (RFC 2104, FIPS 180-4) over the document and the recipient, under a
server key.  Without the key, two marks cannot be linked to each other, to a recipient, or
across documents.

The mark is written in four independent layers, each repeated across the text:

``zero_width``
    After some words: U+2060 WORD JOINER, then 12 bits as U+200B ZERO WIDTH SPACE (0) and
    U+200C ZERO WIDTH NON-JOINER (1): which byte of the mark (3 bits), the byte (8), even
    parity (1).  The chunks cycle through the 8 bytes, so any 8 consecutive chunks hold the mark.
``whitespace``
    Some spaces between two words become U+00A0 NO-BREAK SPACE, which renders like a space.
``homoglyph``
    One letter of some words becomes its look-alike in the other script (Latin a c e i j o p s
    x y A B C E H I J K M O P S T X and their Cyrillic twins, either way).  A marked word
    carries a bit in being marked at all and, when two of its letters could be swapped, a
    second in which one was (the first or the last).
``variants``
    Where the author wrote ``{{one wording|another}}`` (two wordings or more), the mark's bits
    pick the wording; the first is the author's own.  Only this layer changes what a reader
    sees, and tracing it needs the source text: a slot is found in a copy by the words around
    it, so it needs two words or more between it and the slot before, and a context that occurs
    once.  Slots in fenced or inline code are code, and are left as written.

Whitespace and homoglyph marks are content-addressed: which bit a mark carries, and the value
it stands for, come from a hash of the two words around the space, or of the marked word and
the word before it.  An excerpt, re-wrapped or re-spaced, is read without knowing where it was
cut.  A place is marked only when its hashed value equals the mark's bit, so an unmarked text
reads as nothing, not as zeros.  Marks stay in plain words of running text: never in code (fenced, indented or
inline), in lines holding links, URLs, HTML, math or escapes, in headings (their anchors), or in
the first word of a line (list markers).  Indented lines count as code unless most lines are
indented, as in a plain text laid out that way.

What survives what (``tests/crypto/test_fingerprints.py`` checks every row):

==============================  ==========  ==========  =========  ========
transformation                  zero_width  whitespace  homoglyph  variants
==============================  ==========  ==========  =========  ========
NFC, NFD, re-wrapping lines     yes         yes         yes        yes
NFKC                            yes         no          yes        yes
removing zero-width characters  no          yes         yes        yes
collapsing whitespace           yes         no          yes        yes
NBSP to space                   yes         no          yes        yes
look-alikes folded to Latin     yes         yes         no         yes
paste as plain text (2nd–5th)   no          no          yes        yes
retyping (all of the above)     no          no          no         yes
an excerpt                      in part     in part     in part    in part
==============================  ==========  ==========  =========  ========

Tracing reads every layer, keeps one vote per marked place, takes the majority per bit within a
layer, and weighs each layer by its error rate, estimated from its own disagreements and from
its agreement with the other layers (a stripped or foreign layer gets no weight).  Each
candidate's likelihood ratio against "a mark nobody here holds" gives a posterior with even
prior odds for "none of them"; the confidence is the smaller of that posterior and one minus the
chance that any of the candidates would match this well by luck (a binomial tail, times their
number).  Below ``NAME_AT`` (0.999) the answer is "unknown": a partly stripped copy lowers the
confidence rather than naming someone else.  See docs/decisions/0009-text-fingerprints.md.

Pure: no Django.  Messages carry their template for translation, as in ``core/text.py``.
"""

from __future__ import annotations

import bisect
import hmac
import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise

from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = [
    "LAYERS",
    "MARK_BYTES",
    "MIN_WORDS",
    "NAME_AT",
    "TraceResult",
    "fingerprint_text",
    "recipient_mark",
    "render_variants",
    "strip_variant_markup",
    "trace",
]

MARK_BYTES = 8
MIN_WORDS = 80  # plain words of running text; fewer cannot hold the mark even once per layer
NAME_AT = 0.999  # the confidence from which a recipient is named
LAYERS = ("zero_width", "whitespace", "homoglyph", "variants")
MIN_KEY_BYTES = 16

_BITS = MARK_BYTES * 8
_SYNC, _ZERO, _ONE, _NBSP = "\u2060", "\u200b", "\u200c", "\u00a0"
_MARK_CONTEXT = b"incamera/fingerprint/v1"

# How far apart marks are, in characters of text: dense enough for a 30 % excerpt of a few pages
# to carry every layer, sparse enough that 1 MB takes a few thousand edits.
_ZW_STRIDE = (24, 1024, 96)  # (least, most, text length ÷ this)
_WORD_STRIDE = (64, 1 << 30, 800)

# Latin ↔ Cyrillic look-alikes, one to one.  Uppercase Y has no faithful twin; lowercase к м н т в
# differ from Latin, so they are not here.
_LATIN = "aceijopsxyABCEHIJKMOPSTX"
_CYRILLIC = "асеіјорѕхуАВСЕНІЈКМОРЅТХ"
_TO_CYRILLIC = dict(zip(_LATIN, _CYRILLIC, strict=True))
_TO_LATIN = dict(zip(_CYRILLIC, _LATIN, strict=True))
_FORMAT_CHARS = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
_FOLD = str.maketrans(_TO_LATIN | dict.fromkeys(_FORMAT_CHARS, ""))
_DROP_FORMAT = str.maketrans(dict.fromkeys(_FORMAT_CHARS, ""))

_PLAIN = r"[^\W\d_][^\W_]*[.,;:!?]?"  # a word: a letter, letters or digits, one closing mark
_WORD_SITE = re.compile(rf"(?<=\S )({_PLAIN})(?= )")
_GAP_SITE = re.compile(rf"(?<=\S )({_PLAIN}) (?=({_PLAIN})(?:\s|\Z))")
_PLAIN_WORD = re.compile(_PLAIN)
_LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# A word of four letters or more in one script, with the word before it on the same line.
_GLYPH_SITE = re.compile(rf"(?<!\S)(\S+) ([{_LATIN_LETTERS}]{{4,}}|[\u0400-\u04ff]{{4,}})[.,;:!?]?(?=\s)")
_LATIN_WORD = re.compile(rf"[{_LATIN_LETTERS}]{{4,}}")
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{4,}")
_MIXED_WORD = re.compile(rf"[{_LATIN_LETTERS}\u0400-\u04ff]{{4,}}")
_SCRIPT_SWITCH = re.compile(rf"[{_LATIN_LETTERS}][\u0400-\u04ff]|[\u0400-\u04ff][{_LATIN_LETTERS}]")
_CHUNK = re.compile(f"{_SYNC}([{_ZERO}{_ONE}]{{12}})(?![{_ZERO}{_ONE}])")
_NOT_ALNUM = re.compile(r"[\W_]+")

_SLOT = re.compile(r"\{\{([^{}\n]*\|[^{}\n]*)\}\}")
# Line patterns start with the newline before the line: a literal first character keeps the scan
# of a megabyte in C at memchr speed (a leading ^ or character class is ~20× slower).
_FENCE = re.compile(r"\n[ ]{0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"\n(?: {4}|\t)")
_HEADING = re.compile(r"\n[ ]{0,3}#")
_SETEXT = re.compile(r"\n[ ]{0,3}(?:=+|-+)[ \t]*(?=\n|\Z)")
_INLINE_CODE = re.compile(r"(`+)[^`\n]+?\1")
_RISKY = ("`", "<", "\\", "$", "](", "][", "]:", "://", "www.")  # code, HTML, escapes, math, links
_CONTEXT_CHARS = 64  # source text either side of a variant slot, to find it in a copy

# Tracing: the error rate assumed for one layer's majority bit before looking at the evidence,
# and how many votes' worth that assumption weighs.
_FLOOR = {"zero_width": 0.01, "whitespace": 0.05, "homoglyph": 0.05, "variants": 0.05}
_PRIOR_VOTES = 8
_PRIOR_NONE = 0.5  # prior probability that the copy is no candidate's (unmarked, or another's)
_DETERMINED = math.log(9)  # a bit counts for the chance test once it is 90 % sure

_Vote = tuple[int, int]  # (bit index, value)
_Votes = dict[tuple[object, ...], tuple[_Vote, ...]]  # one entry per marked place, by its key


# --- marks -------------------------------------------------------------------------------------------


def recipient_mark(key: bytes, document_id: str, recipient_id: str) -> bytes:
    """The recipient's 64-bit mark for one document: HMAC-SHA-256 under ``key``, truncated."""
    if len(key) < MIN_KEY_BYTES:
        raise _invalid(
            gettext_noop("the fingerprint key must be at least %(needed)d bytes; found %(found)d"),
            field="key",
            needed=MIN_KEY_BYTES,
            found=len(key),
        )
    for field, value in (("document_id", document_id), ("recipient_id", recipient_id)):
        if not value:
            raise _invalid(gettext_noop("%(name)s is empty; a mark needs a document and a recipient"), field=field, name=field)
    message = _MARK_CONTEXT + _length_prefixed(document_id) + _length_prefixed(recipient_id)
    return hmac.digest(key, message, "sha256")[:MARK_BYTES]


def _length_prefixed(value: str) -> bytes:
    data = value.encode()
    return len(data).to_bytes(4, "big") + data


def _mark_value(mark: bytes, *, field: str = "mark") -> int:
    if not isinstance(mark, bytes | bytearray) or len(mark) != MARK_BYTES:
        found = len(mark) if isinstance(mark, bytes | bytearray) else type(mark).__name__
        raise _invalid(
            gettext_noop("a mark is %(expected)d bytes (from recipient_mark); found %(found)s"),
            field=field,
            expected=MARK_BYTES,
            found=found,
        )
    return int.from_bytes(mark, "big")


def _bit(mark: int, index: int) -> int:
    return (mark >> (_BITS - 1 - index)) & 1


# --- variant slots -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    start: int
    end: int
    branches: tuple[str, ...]
    offset: int  # the first mark bit this slot reads

    @property
    def width(self) -> int:
        return max(1, (len(self.branches) - 1).bit_length())


def _slots(text: str) -> list[_Slot]:
    if "{{" not in text:
        return []
    # Only explicit code: an indented line may be a list item's second paragraph, and a slot left
    # unread there would show the recipient every wording.
    code = _Zones(_code_zones(text, indented=False))
    slots: list[_Slot] = []
    offset = 0
    for match in _SLOT.finditer(text):
        if code.end_of(match.start()) is not None:
            continue  # e.g. a template language inside a code block: not ours
        slot = _Slot(match.start(), match.end(), tuple(match[1].split("|")), offset % _BITS)
        slots.append(slot)
        offset += slot.width
    return slots


def _choice(mark: int, slot: _Slot) -> int:
    value = 0
    for t in range(slot.width):
        value = (value << 1) | _bit(mark, (slot.offset + t) % _BITS)
    return value % len(slot.branches)


def _render(text: str, slots: list[_Slot], choose: Callable[[_Slot], int]) -> str:
    pieces: list[str] = []
    position = 0
    for slot in slots:
        pieces += (text[position : slot.start], slot.branches[choose(slot)])
        position = slot.end
    pieces.append(text[position:])
    return "".join(pieces)


def render_variants(text: str, mark: bytes) -> str:
    """``text`` with every ``{{a|b|…}}`` slot replaced by the wording the mark's bits choose."""
    value = _mark_value(mark)
    return _render(text, _slots(text), lambda slot: _choice(value, slot))


def strip_variant_markup(text: str) -> str:
    """``text`` with every ``{{a|b|…}}`` slot replaced by its first wording (the author's own)."""
    return _render(text, _slots(text), lambda _slot: 0)


# --- where marks may go ------------------------------------------------------------------------------


class _Zones:
    """Sorted, merged character ranges; ``end_of(p)`` is the end of the range holding ``p``."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(spans):
            if ends and start <= ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends

    def end_of(self, position: int) -> int | None:
        i = bisect.bisect_right(self._starts, position) - 1
        return self._ends[i] if i >= 0 and position < self._ends[i] else None


def _line_at(text: str, position: int) -> tuple[int, int]:
    end = text.find("\n", position)
    return text.rfind("\n", 0, position) + 1, len(text) if end < 0 else end


def _at_line_starts(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Where ``pattern`` (which begins with a newline) matches at the start of a line."""
    if (first := pattern.match("\n" + text[:256])) is not None:
        yield 0, first
    for match in pattern.finditer(text):
        yield match.start() + 1, match


def _code_zones(text: str, *, indented: bool) -> list[tuple[int, int]]:
    """Fenced blocks, inline code spans and, with ``indented``, indented lines (CommonMark §4.5,
    §6.1 and §4.4, loosely).  When most lines are indented, indentation is the layout of a plain
    text, not code.
    """
    zones: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        opening: tuple[str, int, int] | None = None  # fence character, length, start
        for start, match in _at_line_starts(_FENCE, text):
            fence = match[1]
            if opening is None:
                opening = (fence[0], len(fence), start)
            elif fence[0] == opening[0] and len(fence) >= opening[1]:
                zones.append((opening[2], _line_at(text, start)[1]))
                opening = None
        if opening is not None:
            zones.append((opening[2], len(text)))
    if indented:
        lines = [_line_at(text, start) for start, _ in _at_line_starts(_INDENTED, text)]
        if 2 * len(lines) <= text.count("\n") + 1 - text.count("\n\n"):
            zones += lines
    position = text.find("`")
    while position >= 0:
        code = _INLINE_CODE.match(text, position)
        if code is not None:
            zones.append(code.span())
        position = text.find("`", code.end() if code is not None else position + 1)
    return zones


def _mark_zones(text: str) -> _Zones:
    """Where no mark goes: code, lines with links, URLs, HTML, math or escapes, and headings."""
    zones = _code_zones(text, indented=True)
    for needle in _RISKY:
        position = text.find(needle)
        while position >= 0:
            line = _line_at(text, position)
            zones.append(line)
            position = text.find(needle, line[1])
    zones.extend(_line_at(text, start) for start, _ in _at_line_starts(_HEADING, text))
    for start, match in _at_line_starts(_SETEXT, text):
        zones.append((text.rfind("\n", 0, max(0, start - 1)) + 1, match.end()))
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        zones.append((0, len(text) if end < 0 else end + 4))
    return _Zones(zones)


def _next_site(pattern: re.Pattern[str], text: str, position: int, zones: _Zones) -> re.Match[str] | None:
    while (match := pattern.search(text, position)) is not None:
        end = zones.end_of(match.start())
        if end is None:
            return match
        position = end
    return None


def _stride(length: int, limits: tuple[int, int, int]) -> int:
    least, most, divisor = limits
    return min(most, max(least, length // divisor))


# --- words, as every layer sees them -------------------------------------------------------------------


def _canon_word(token: str) -> str:
    """A word as it survives copying: NFKC, look-alikes folded to Latin, case-folded, letters only."""
    if token.isascii():
        core = token.rstrip(".,;:!?")
        return core.lower() if core.isalnum() else _NOT_ALNUM.sub("", token).lower()
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", token).translate(_FOLD).casefold())


def _canon_words(text: str) -> list[str]:
    """The words of ``text`` as they survive copying, punctuation kept (for finding wordings).

    Token by token, because NFKC and ``str.translate`` over a whole megabyte of non-ASCII text
    cost 100 ms or more, while nearly every token is ASCII and needs only ``lower()``.
    """
    words = [t.lower() if t.isascii() else unicodedata.normalize("NFKC", t).translate(_FOLD).casefold() for t in text.split()]
    return [w for w in words if w] if "" in words else words


def _token_before(text: str, position: int) -> str:
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _token_span(text: str, position: int) -> tuple[int, int]:
    start = end = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _place(tag: str, *words: str) -> int:
    """The hash that addresses a marked place (not a secret: the mark's bits are)."""
    return zlib.crc32("\x1f".join((tag, *words)).encode())


def _second_index(first: int, place: int) -> int:
    return (first + 1 + (place >> 7) % (_BITS - 1)) % _BITS


def _glyph_plan(word: str) -> tuple[dict[str, str], list[int]] | None:
    """The look-alike table for a one-script word of four letters or more, and where it applies."""
    if _LATIN_WORD.fullmatch(word):
        table = _TO_CYRILLIC
    elif _CYRILLIC_WORD.fullmatch(word):
        table = _TO_LATIN
    else:
        return None
    eligible = [i for i, char in enumerate(word) if char in table]
    return (table, eligible) if eligible else None


# --- fingerprinting ----------------------------------------------------------------------------------


def fingerprint_text(text: str, mark: bytes, *, variants: bool = True) -> str:
    """The recipient's copy of ``text``: variant slots chosen by ``mark`` (or the first wording
    with ``variants=False``), and the mark written in the zero-width, whitespace and homoglyph
    layers.  Raises :class:`InvalidInputError` for an empty text, a mark that is not
    ``MARK_BYTES`` long, or a text with fewer than ``MIN_WORDS`` plain words to carry it.
    """
    value = _mark_value(mark)
    if not text.strip():
        raise _invalid(gettext_noop("the text is empty; there is nothing to fingerprint"), field="text")
    rendered = render_variants(text, mark) if variants else strip_variant_markup(text)
    zones = _mark_zones(rendered)
    found = _count_words(rendered, zones, MIN_WORDS)
    if found < MIN_WORDS:
        raise _invalid(
            gettext_noop(
                "the text is too short to carry a fingerprint: it needs at least %(needed)d plain words of running "
                "text (outside code, links and headings), and has %(found)d"
            ),
            field="text",
            needed=MIN_WORDS,
            found=found,
        )
    edits: list[tuple[int, int, str]] = []
    _zero_width_edits(rendered, zones, mark, edits)
    _whitespace_edits(rendered, zones, value, edits)
    _homoglyph_edits(rendered, zones, value, edits)
    edits.sort()
    pieces: list[str] = []
    position = 0
    for start, end, replacement in edits:
        pieces += (rendered[position:start], replacement)
        position = end
    pieces.append(rendered[position:])
    return "".join(pieces)


def _count_words(text: str, zones: _Zones, needed: int) -> int:
    count, position = 0, 0
    while count < needed and (match := _next_site(_WORD_SITE, text, position, zones)) is not None:
        count += 1
        position = match.end()
    return count


def _chunk(index: int, byte: int) -> str:
    bits = [(index >> 2) & 1, (index >> 1) & 1, index & 1, *((byte >> (7 - t)) & 1 for t in range(8))]
    bits.append(sum(bits) & 1)
    return _SYNC + "".join(_ONE if bit else _ZERO for bit in bits)


def _zero_width_edits(text: str, zones: _Zones, mark: bytes, edits: list[tuple[int, int, str]]) -> None:
    chunks = [_chunk(i, byte) for i, byte in enumerate(mark)]
    stride = _stride(len(text), _ZW_STRIDE)
    position, count = stride // 2, 0
    while (match := _next_site(_WORD_SITE, text, position, zones)) is not None:
        edits.append((match.end(), match.end(), chunks[count % MARK_BYTES]))
        count += 1
        position = max(match.end() + 1, position + stride)


def _whitespace_edits(text: str, zones: _Zones, mark: int, edits: list[tuple[int, int, str]]) -> None:
    stride = _stride(len(text), _WORD_STRIDE)
    position = stride // 3
    while (match := _next_site(_GAP_SITE, text, position, zones)) is not None:
        place = _place("w", _canon_word(match[1]), _canon_word(match[2]))
        if _bit(mark, place & 63) == (place >> 6) & 1:
            edits.append((match.end(1), match.end(1) + 1, _NBSP))
            position = max(match.end(), position + stride)
        else:
            position = match.end()  # this place would say the wrong bit: try the next one


def _homoglyph_edits(text: str, zones: _Zones, mark: int, edits: list[tuple[int, int, str]]) -> None:
    stride = _stride(len(text), _WORD_STRIDE)
    position = 2 * stride // 3
    while (match := _next_site(_GLYPH_SITE, text, position, zones)) is not None:
        word = match[2]
        plan = _glyph_plan(word)
        place = _place("h", _canon_word(match[1]), _canon_word(word))
        first = place & 63
        if plan is None or _bit(mark, first) != (place >> 6) & 1:
            position = match.start(2)  # this place would say the wrong bit: try the next one
            continue
        table, eligible = plan
        at = eligible[-1] if len(eligible) > 1 and _bit(mark, _second_index(first, place)) else eligible[0]
        edits.append((match.start(2) + at, match.start(2) + at + 1, table[word[at]]))
        position = max(match.end(), position + stride)


# --- reading marks -----------------------------------------------------------------------------------


def _read_zero_width(text: str) -> _Votes:
    votes: _Votes = {}
    if text.isascii() or _SYNC not in text:
        return votes
    for match in _CHUNK.finditer(text):
        bits = [1 if char == _ONE else 0 for char in match[1]]
        if sum(bits) & 1:
            continue  # a chunk damaged in transit
        index = bits[0] * 4 + bits[1] * 2 + bits[2]
        byte = bits[3:11]
        votes["z", index, *byte] = tuple((index * 8 + t, byte[t]) for t in range(8))
    return votes


def _plain(token: str) -> str | None:
    """The word in ``token``, with zero-width characters dropped, if it is a plain word."""
    word = token.translate(_DROP_FORMAT)
    return word if _PLAIN_WORD.fullmatch(word) else None


def _read_whitespace(text: str) -> _Votes:
    votes: _Votes = {}
    at = -1 if text.isascii() else text.find(_NBSP)
    while at >= 0:
        if 0 < at < len(text) - 1 and not text[at - 1].isspace() and not text[at + 1].isspace():
            left = _plain(_token_before(text, at))
            start, end = _token_span(text, at + 1)
            right = _plain(text[start:end])
            if left and right:
                a, b = _canon_word(left), _canon_word(right)
                place = _place("w", a, b)
                votes["w", a, b] = ((place & 63, (place >> 6) & 1),)
        at = text.find(_NBSP, at + 1)
    return votes


def _read_homoglyphs(text: str) -> _Votes:
    votes: _Votes = {}
    seen = -1
    for switch in () if text.isascii() else _SCRIPT_SWITCH.finditer(text):
        if switch.start() < seen:
            continue
        start, seen = _token_span(text, switch.start())
        found = _glyph_votes(text[start:seen], _token_before(text, start))
        if found is not None:
            votes[found[0]] = found[1]
    return votes


def _glyph_votes(token: str, before: str) -> tuple[tuple[object, ...], tuple[_Vote, ...]] | None:
    word = unicodedata.normalize("NFC", token.translate(_DROP_FORMAT)).rstrip(".,;:!?")
    if not _MIXED_WORD.fullmatch(word):
        return None
    cyrillic = [i for i, char in enumerate(word) if "\u0400" <= char <= "\u04ff"]
    if len(cyrillic) == 1 and len(word) - 1 >= 3 and word[cyrillic[0]] in _TO_LATIN:
        at = cyrillic[0]
        original = _TO_LATIN[word[at]]
    elif len(word) - len(cyrillic) == 1 and len(cyrillic) >= 3:
        at = next(i for i, char in enumerate(word) if not "\u0400" <= char <= "\u04ff")
        if word[at] not in _TO_CYRILLIC:
            return None
        original = _TO_CYRILLIC[word[at]]
    else:
        return None  # not one swapped letter: somebody's spelling, not a mark
    restored = word[:at] + original + word[at + 1 :]
    plan = _glyph_plan(restored)
    if plan is None:
        return None
    eligible = plan[1]
    if at not in (eligible[0], eligible[-1]):
        return None
    a, b = _canon_word(before), _canon_word(restored)
    place = _place("h", a, b)
    first = place & 63
    found: tuple[_Vote, ...] = ((first, (place >> 6) & 1),)
    if len(eligible) > 1:
        found += ((_second_index(first, place), int(at == eligible[-1])),)
    return ("h", a, b), found


def _read_variants(source: str, slots: list[_Slot], leaked: str) -> _Votes:
    """Which wording each slot shows in ``leaked``, found by the source text around it."""
    words = _canon_words(leaked)
    plans: dict[int, tuple[list[str], list[list[str]]]] = {}
    signatures: Counter[tuple[object, ...]] = Counter()
    for i in range(len(slots)):
        plan = _slot_plan(source, slots, i)
        if plan is not None:
            plans[i] = plan
            signatures[_signature(plan)] += 1
    # Slots by their whole context before them, grouped by its length in words; the last two
    # words are the anchor a scan of the copy looks for first.
    by_context: dict[int, dict[tuple[str, ...], list[int]]] = {}
    anchors: set[str] = set()
    for i, plan in plans.items():
        if signatures[_signature(plan)] == 1:  # a context seen twice cannot say which slot it is
            by_context.setdefault(len(plan[0]), {}).setdefault(tuple(plan[0]), []).append(i)
            anchors.add(" ".join(plan[0][-2:]))
    if not anchors or len(words) < 3:
        return {}
    seen: dict[int, set[int]] = {}
    for end in [j + 1 for j, pair in enumerate(map(" ".join, pairwise(words))) if pair in anchors]:
        for length, table in by_context.items():
            if length > end + 1:
                continue  # the context is cut off by the start of the excerpt
            for i in table.get(tuple(words[end + 1 - length : end + 1]), ()):
                rests = plans[i][1]
                matches = {c for c, rest in enumerate(rests) if words[end + 1 : end + 1 + len(rest)] == rest}
                if len(matches) == 1:
                    seen.setdefault(i, set()).update(matches)
    votes: _Votes = {}
    for i, choices in seen.items():
        if len(choices) == 1:
            found = _choice_votes(slots[i], choices.pop())
            if found:
                votes["v", i] = found
    return votes


def _slot_plan(source: str, slots: list[_Slot], i: int) -> tuple[list[str], list[list[str]]] | None:
    slot = slots[i]
    low = slots[i - 1].end if i else 0
    high = slots[i + 1].start if i + 1 < len(slots) else len(source)
    start, end = max(low, slot.start - _CONTEXT_CHARS), min(high, slot.end + _CONTEXT_CHARS)
    before, after = source[start : slot.start], source[slot.end : end]
    cut_before = start > 0 and not source[start - 1].isspace() and before[:1].strip() != ""
    cut_after = end < len(source) and not source[end].isspace() and after[-1:].strip() != ""
    renderings = []
    for branch in slot.branches:
        words = _canon_words(before + branch + after)
        renderings.append(words[int(cut_before) : len(words) - int(cut_after)])
    common = 0
    while all(len(r) > common for r in renderings) and len({r[common] for r in renderings}) == 1:
        common += 1
    rests = [r[common:] for r in renderings]
    if common < 2 or len({tuple(r) for r in rests}) < len(rests):
        return None
    return renderings[0][:common], rests


def _signature(plan: tuple[list[str], list[list[str]]]) -> tuple[object, ...]:
    prefix, rests = plan
    return (*prefix, "|", *(tuple(r) for r in rests))


def _choice_votes(slot: _Slot, choice: int) -> tuple[_Vote, ...]:
    width = slot.width
    values = [v for v in range(1 << width) if v % len(slot.branches) == choice]
    found: list[_Vote] = []
    for t in range(width):
        bits = {(v >> (width - 1 - t)) & 1 for v in values}
        if len(bits) == 1:
            found.append(((slot.offset + t) % _BITS, bits.pop()))
    return tuple(found)


# --- tracing -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TraceResult:
    """Who a leaked copy came from.

    ``recipient`` is ``None`` ("unknown") unless ``confidence`` reaches :data:`NAME_AT`;
    ``confidence`` is then the best candidate's (see the module docstring), below it the best
    anyone reached.  ``candidates`` holds every candidate with its posterior probability, most
    likely first.  ``layers`` counts the mark bits (0–64) each layer gave.
    """

    recipient: str | None
    confidence: float
    candidates: list[tuple[str, float]]
    layers: dict[str, int]


def trace(leaked: str, candidates: Mapping[str, bytes], *, source: str | None = None, variants: bool = True) -> TraceResult:
    """Name the candidate whose copy ``leaked`` is, or ``None`` when the evidence is not clear.

    ``candidates`` maps recipient ids to their marks for this document.  With ``source`` (the
    text before fingerprinting, slot markup included), variant wordings count too, and marks the
    source already had (a no-break space of French typography, a mixed-script word) do not.
    Pass ``variants=False`` for copies made with ``fingerprint_text(..., variants=False)``.
    """
    if not leaked.strip():
        raise _invalid(gettext_noop("the leaked text is empty; there is nothing to trace"), field="leaked")
    marks = {recipient: _mark_value(mark, field=f"candidates[{recipient}]") for recipient, mark in candidates.items()}
    readers: dict[str, Callable[[str], _Votes]] = {
        "zero_width": _read_zero_width,
        "whitespace": _read_whitespace,
        "homoglyph": _read_homoglyphs,
    }
    votes = {layer: read(leaked) for layer, read in readers.items()}
    votes["variants"] = {}
    if source is not None:
        original = strip_variant_markup(source)
        for layer, read in readers.items():
            if votes[layer]:
                natural = read(original).keys()
                votes[layer] = {key: found for key, found in votes[layer].items() if key not in natural}
        if variants:
            votes["variants"] = _read_variants(source, _slots(source), leaked)
    evidence, layers = _weigh(votes)
    return _attribute(evidence, layers, marks)


def _weigh(votes: Mapping[str, _Votes]) -> tuple[list[float], dict[str, int]]:
    """Per bit, the log-odds that it is 1, from every layer's majority, each layer weighed by its
    estimated error rate; and how many bits each layer gave.
    """
    majority: dict[str, list[int]] = {}
    error: dict[str, float] = {}
    for layer in LAYERS:
        ones, zeros = [0] * _BITS, [0] * _BITS
        for found in votes[layer].values():
            for index, value in found:
                (ones if value else zeros)[index] += 1
        majority[layer] = [(o > z) - (o < z) for o, z in zip(ones, zeros, strict=True)]
        split = sum(min(o, z) for o, z in zip(ones, zeros, strict=True))
        counted = sum(o + z for o, z in zip(ones, zeros, strict=True) if o + z > 1)
        error[layer] = _rate(split, counted, _FLOOR[layer])
    first = {layer: _weight(error[layer]) for layer in LAYERS}
    weights: dict[str, float] = {}
    for layer in LAYERS:
        # A layer that the others contradict is stripped, forged or not this document's.
        agree = disagree = 0
        for index, sign in enumerate(majority[layer]):
            others = sum(majority[m][index] * first[m] for m in LAYERS if m != layer)
            if sign and others:
                agree += (sign > 0) == (others > 0)
                disagree += (sign > 0) != (others > 0)
        weights[layer] = _weight(max(error[layer], _rate(disagree, agree + disagree, _FLOOR[layer])))
    evidence = [sum(majority[layer][i] * weights[layer] for layer in LAYERS) for i in range(_BITS)]
    return evidence, {layer: sum(1 for sign in majority[layer] if sign) for layer in LAYERS}


def _rate(errors: int, seen: int, floor: float) -> float:
    return min(0.5, max(floor, (errors + _PRIOR_VOTES * floor) / (seen + _PRIOR_VOTES)))


def _weight(error: float) -> float:
    return math.log((1 - error) / error)


def _softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _attribute(evidence: list[float], layers: dict[str, int], marks: Mapping[str, int]) -> TraceResult:
    if not marks:
        return TraceResult(None, 0.0, [], layers)
    # log(2 · P(bit = b)): a candidate's log-likelihood ratio against a random mark, bit by bit,
    # summed a byte at a time from tables.
    tables = []
    for byte in range(MARK_BYTES):
        table = [0.0]
        for index in range(byte * 8, byte * 8 + 8):
            given_zero = math.log(2) - _softplus(evidence[index])
            given_one = math.log(2) - _softplus(-evidence[index])
            table = [s + g for s in table for g in (given_zero, given_one)]
        tables.append(table)
    shift = [8 * (MARK_BYTES - 1 - byte) for byte in range(MARK_BYTES)]
    scores = {r: sum(tables[b][(m >> shift[b]) & 0xFF] for b in range(MARK_BYTES)) for r, m in marks.items()}
    prior = math.log((1 - _PRIOR_NONE) / len(marks))
    top = max(max(scores.values()) + prior, math.log(_PRIOR_NONE))
    total = math.exp(math.log(_PRIOR_NONE) - top) + sum(math.exp(s + prior - top) for s in scores.values())
    posterior = sorted(
        ((r, math.exp(s + prior - top) / total) for r, s in scores.items()),
        key=lambda item: (-item[1], item[0]),
    )
    best, probability = posterior[0]
    determined = [i for i in range(_BITS) if abs(evidence[i]) >= _DETERMINED]
    agreeing = sum(1 for i in determined if (evidence[i] > 0) == bool(_bit(marks[best], i)))
    chance = min(1.0, len(marks) * _binomial_tail(len(determined), agreeing))
    confidence = min(probability, 1.0 - chance)
    return TraceResult(best if confidence >= NAME_AT else None, confidence, posterior, layers)


def _binomial_tail(n: int, k: int) -> float:
    """P(Binomial(n, ½) ≥ k): the chance that a random mark agrees on ``k`` of ``n`` bits or more."""
    return sum(math.comb(n, j) for j in range(k, n + 1)) / (1 << n)
