"""Text as ReportLab must be given it: Arabic shaped, lines in display order, cut into runs.

ReportLab draws the characters of a string one glyph each, left to right, in the order given.
Arabic is therefore shaped first with ``arabic-reshaper``: contextual forms and lam-alef ligatures,
as Unicode presentation forms, still in logical order.  Arabic vowel marks (harakat) are left out,
since ReportLab cannot position them without a shaping engine.  Each line is then put in display
order with ``python-bidi``'s pure-Python Unicode Bidirectional Algorithm (UAX #9, with mirroring;
the Rust-backed ``bidi.get_display`` does not mirror brackets).  Break a paragraph into lines
before reordering them: reordering a whole paragraph first would put its end on its first line
(``layout.RightToLeftParagraph`` does it in that order).

python-bidi knows embeddings but not isolates, so in a right-to-left line each stretch of
left-to-right text that holds a letter is wrapped in LRE … PDF: "12–13 March 2026" keeps its order
instead of turning into "13–12".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Literal, TypeVar

import arabic_reshaper  # type: ignore[import-untyped]
from bidi.algorithm import get_display  # type: ignore[import-untyped]

__all__ = ["Direction", "base_direction", "display_order", "has_right_to_left", "is_right_to_left", "script_of", "shape", "split_runs"]

Direction = Literal["L", "R"]
_K = TypeVar("_K")

_LRE, _PDF = "\u202a", "\u202c"  # left-to-right embedding, pop directional formatting
# Arabic without harakat (see the module docstring); lam-alef ligatures kept.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": True, "support_ligatures": True})


def is_right_to_left(char: str) -> bool:
    """Whether ``char`` is a strong right-to-left character (UAX #9 classes R and AL)."""
    return unicodedata.bidirectional(char) in {"R", "AL"}


def has_right_to_left(text: str) -> bool:
    """Whether ``text`` holds any right-to-left character."""
    return any(map(is_right_to_left, text))


def base_direction(text: str) -> Direction:
    """The paragraph direction UAX #9 gives ``text`` (rules P2 and P3): its first strong character's, else left to right."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in {"R", "AL"}:
            return "R"
    return "L"


def shape(text: str) -> str:
    """Arabic letters of ``text`` in their contextual forms, harakat left out, still in logical order."""
    return str(_RESHAPER.reshape(text)) if has_right_to_left(text) else text


def _embed_left_to_right(line: str) -> str:
    """Each stretch of left-to-right text in a right-to-left line, wrapped in LRE … PDF.

    A stretch lies between two right-to-left letters (or Arabic digits), runs from its first to its
    last left-to-right letter or European digit, and holds at least one letter.  Digits alone stay
    with the Arabic around them.
    """
    pieces: list[str] = []
    kinds = [unicodedata.bidirectional(c) for c in line]
    start = 0
    for end in [*(i for i, kind in enumerate(kinds) if kind in {"R", "AL", "AN"}), len(line)]:
        strong = [i for i in range(start, end) if kinds[i] in {"L", "EN"}]
        if strong and any(kinds[i] == "L" for i in strong):
            first, last = strong[0], strong[-1] + 1
            pieces += [line[start:first], _LRE, line[first:last], _PDF, line[last:end]]
        else:
            pieces.append(line[start:end])
        pieces.append(line[end : end + 1])
        start = end + 1
    return "".join(pieces)


def display_order(line: str, *, base: Direction) -> str:
    """One line of shaped text in display order, left to right as drawn, in a paragraph of direction ``base``."""
    if base == "R":
        return str(get_display(_embed_left_to_right(line), base_dir="R"))
    return str(get_display(line, base_dir="L")) if has_right_to_left(line) else line


def split_runs(text: str, key: Callable[[str], _K]) -> list[tuple[_K, str]]:
    """``text`` cut into runs of characters with the same ``key`` (a font, a script), in order.

    Whitespace joins the run before it, so words of one script separated by spaces make one run.
    """
    runs: list[tuple[_K, str]] = []
    for char in text:
        if runs and char.isspace():
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
            continue
        kind = key(char)
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))
    return runs


def script_of(char: str) -> str | None:
    """The script of a letter or mark, as Unicode names it ("Arabic", "Hebrew", "Devanagari"), else None."""
    if unicodedata.category(char)[0] not in "LM":
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0].title() if name else None
