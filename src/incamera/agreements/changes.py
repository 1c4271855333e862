"""What a new NDA version changes, language by language, for the organizer's review before publishing.

- ``compare_versions``: per language, whether its canonical text (``texts.canonical_text``) changed
  and a line diff from the previous version (``difflib.unified_diff``, two lines of context).
- ``side_by_side``: the languages' texts cut into blocks at blank lines (Markdown's paragraphs,
  headings and lists) and set in rows, block *n* of every language in row *n*: the texts share
  their structure, so a clause left out of one language shows as a row that differs.

Pure: no Django.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from incamera.agreements.texts import canonical_text

__all__ = ["DiffLine", "LanguageChange", "compare_versions", "side_by_side"]

_CONTEXT = 2
_HUNK = re.compile(r"@@ -(\d+)")


@dataclass(frozen=True)
class DiffLine:
    kind: Literal["same", "added", "removed", "gap"]  # gap: unchanged lines left out
    text: str


@dataclass(frozen=True)
class LanguageChange:
    language: str
    changed: bool
    lines: tuple[DiffLine, ...]  # empty when unchanged


_KINDS: Mapping[str, Literal["same", "added", "removed"]] = {" ": "same", "+": "added", "-": "removed"}


def _diff(before: str, after: str) -> tuple[DiffLine, ...]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), n=_CONTEXT, lineterm="")
    found: list[DiffLine] = []
    for line in itertools.islice(lines, 2, None):  # past the ---/+++ header
        if line.startswith("@@"):
            first = _HUNK.match(line)
            if found or (first is not None and int(first.group(1)) > 1):
                found.append(DiffLine("gap", ""))
        else:
            found.append(DiffLine(_KINDS[line[:1]], line[1:]))
    return tuple(found)


def compare_versions(previous: Mapping[str, str], proposed: Mapping[str, str], languages: Sequence[str]) -> tuple[LanguageChange, ...]:
    """For each of ``languages``, in order, whether ``proposed`` changes ``previous``'s text and how."""
    changes = []
    for language in languages:
        before = canonical_text(previous.get(language, "") or "\n")
        after = canonical_text(proposed.get(language, "") or "\n")
        changed = before != after
        changes.append(LanguageChange(language, changed, _diff(before, after) if changed else ()))
    return tuple(changes)


def _blocks(text: str) -> list[str]:
    return [block.strip("\n") for block in canonical_text(text).split("\n\n") if block.strip()]


def side_by_side(texts: Mapping[str, str], languages: Sequence[str]) -> list[tuple[str, ...]]:
    """Rows of blocks, one column per language of ``languages``; a shorter text leaves "" cells."""
    columns = [_blocks(texts.get(language, "") or "\n") for language in languages]
    return [tuple(row) for row in itertools.zip_longest(*columns, fillvalue="")]
