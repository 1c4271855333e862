"""The search tokenizer for the public archive (issue 15 §7): the same text gives the same tokens
whether it is indexed or typed in the search box, in any of the six UN languages.

Normalisation is Unicode NFKC (UAX #15) followed by full case folding (Unicode §3.13, ``str.casefold``),
so full-width letters, ligatures and compatibility ideographs meet their plain forms and "ÉLÈVE",
"élève" and a decomposed "e + U+0301" are one word.  Arabic harakat and Quranic marks
(U+0610–U+061A, U+064B–U+065F, U+0670, U+06D6–U+06ED) and the tatweel (U+0640) are dropped,
so a vocalised word matches its bare
spelling, and the letters Lucene's ``ArabicNormalizer`` folds are folded the same way (أ إ آ to
ا, ة to ه, ى to ي); Russian ё is е.  Latin accents are kept: "élève" is not "eleve" (Spanish
"año" is not "ano").

Tokens, from the normalised text:

- a run of letters and digits of any alphabetic script (Latin, Cyrillic, Arabic, Greek, …) is one
  word; punctuation, spaces and symbols separate words;
- a run of Han characters is cut into its unigrams and its overlapping bigrams ("中国锂矿" gives
  中, 国, 锂, 矿, 中国, 国锂, 锂矿), the CJK bigram scheme of Lucene's ``CJKBigramFilter`` plus the
  unigrams, so that one-character words (锂) are found too.

A query is all of its tokens (AND): its words, and for each Han run of two or more characters
its bigrams only (a three-character query 锂矿石 is 锂矿 AND 矿石); a lone Han character is its
unigram.  Tokens longer than ``MAX_TOKEN_CHARS`` are cut to it, the same way on both sides.

``spans`` gives each token with its place in the text as given (for snippets);
``document_tokens`` gives the same tokens, faster.  Pure: imports neither Django nor any app.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = ["MAX_TOKEN_CHARS", "document_tokens", "normalize", "query_tokens", "spans"]

MAX_TOKEN_CHARS = 64

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Dropped: Arabic harakat, superscript alef, Quranic marks, tatweel.
_IGNORED = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640]
# Combining marks that NFKC leaves alone stay part of their word (a Latin letter with a mark
# that has no precomposed form, Cyrillic titlo).
_JOINING = "\u0300-\u036f\u0483-\u0489"
_TOKEN_RE = re.compile(f"([{_HAN}]+)|((?:(?![{_HAN}])[^\\W_]|[{_JOINING}])+)")
_MARK_CATEGORIES = frozenset({"Mn", "Mc", "Me"})
# One character for one (or none), so offsets survive: the dropped marks; Arabic alef with hamza
# or madda, ta marbuta, alef maksura (Lucene ArabicNormalizer); Russian yo.
_FOLDS = str.maketrans("أإآةىё", "اااهيе", "".join(map(chr, _IGNORED)))


def normalize(text: str) -> str:
    """NFKC, then case folding and the letter folds: the form tokens are cut from."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLDS)


def _normalized_with_offsets(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """The normalised text and, for each of its characters, the span of ``text`` (a base
    character and its combining marks) it came from; ``None`` when the two line up one to one
    (most texts)."""
    folded = text.casefold()
    if len(folded) == len(text) and unicodedata.is_normalized("NFKC", text):
        kept = folded.translate(_FOLDS)
        if len(kept) == len(folded):
            return kept, None
    # Normalise one base character and its combining marks at a time, so each output character
    # knows its source (NFKC composes only within such a cluster).
    out: list[str] = []
    origin: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.category(text[i]) in _MARK_CATEGORIES:
            continue
        piece = normalize(text[start:i])
        out.append(piece)
        origin.extend([(start, i)] * len(piece))
        start = i
    return "".join(out), origin


def _han_grams(run: str) -> Iterator[tuple[str, int, int]]:
    """Unigrams and bigrams of a Han run, in order of position, with offsets within the run."""
    for i, char in enumerate(run):
        yield char, i, i + 1
        if i + 1 < len(run):
            yield run[i : i + 2], i, i + 2


def spans(text: str) -> Iterator[tuple[str, int, int]]:
    """Every token of ``text`` with its start and end offsets in ``text`` as given (code points,
    end excluded), in order of position."""
    normalized, origin = _normalized_with_offsets(text)

    def place(start: int, end: int) -> tuple[int, int]:
        if origin is None:
            return start, end
        return origin[start][0], origin[end - 1][1]

    for match in _TOKEN_RE.finditer(normalized):
        if match.group(1):
            base = match.start()
            for gram, start, end in _han_grams(match.group()):
                yield (gram, *place(base + start, base + end))
        else:
            yield (match.group()[:MAX_TOKEN_CHARS], *place(match.start(), match.end()))


def document_tokens(text: str) -> list[str]:
    """The tokens of ``text`` to index, repeated as often as they occur (the same as ``spans``
    gives, in another order)."""
    found: list[str] = []
    for run, word in _TOKEN_RE.findall(normalize(text)):
        if run:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
            found.extend(run)
        else:
            found.append(word[:MAX_TOKEN_CHARS])
    return found


def query_tokens(query: str) -> list[str]:
    """The distinct tokens a document must all hold to match ``query``, in the query's order;
    empty when the query has no letter or digit."""
    found: dict[str, None] = {}
    for run, word in _TOKEN_RE.findall(normalize(query)):
        if run:
            found.update(dict.fromkeys([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]))
        else:
            found[word[:MAX_TOKEN_CHARS]] = None
    return list(found)
