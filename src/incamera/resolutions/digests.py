"""What a resolution's signature covers: the digest of each language version's text, and the
digest of the whole resolution (issue 13; the format is ``docs/formats/signature-bundle.md``).

- **A text's digest** is SHA-256 of the text in Unicode NFC, with line endings as LF and no
  trailing white space at the end, encoded in UTF-8, written as 64 lowercase hex digits.  A text
  copied from a PDF reader or an e-mail with CRLF line endings gives the same digest; a text that
  differs in any other character does not.
- **The whole digest** is SHA-256 of the canonical JSON (RFC 8785 restricted to what it holds:
  keys sorted, no white space, UTF-8, integers only) of
  ``{"resolution": <uuid>, "title": <title>, "versions": [{"number": n, "texts": {lang: digest}}]}``
  with every version so far, oldest first.  It changes when any version, any language or the
  title changes, so a signature over it cannot be moved to another text or another version.

Anyone can recompute both with a standard library (Python's ``hashlib``, ``json`` and
``unicodedata``); nothing here depends on incamera.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = ["LANGUAGES", "Version", "canonical_json", "normalize_text", "text_digest", "whole_digest"]

# The working languages a resolution may be drafted in (the UN's six).
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def normalize_text(text: str) -> str:
    """NFC, line endings as LF, no trailing white space at the end."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip()


def text_digest(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode()).hexdigest()


@dataclass(frozen=True)
class Version:
    """One version of a resolution: its number (1, 2, …) and its texts' digests by language."""

    number: int
    texts: Mapping[str, str]


def canonical_json(value: object) -> bytes:
    """Keys sorted, no white space, UTF-8 (not ASCII-escaped)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def whole_digest(resolution: str, title: str, versions: Sequence[Version]) -> str:
    """The digest of the whole resolution: every version so far, oldest first.

    Raises InvalidInputError for versions out of order, a language outside ``LANGUAGES``, or a
    text digest that is not 64 lowercase hex digits."""
    numbers = [v.number for v in versions]
    if numbers != list(range(1, len(versions) + 1)):
        raise _invalid(gettext_noop("versions must be numbered 1, 2, … in order; found %(found)s"), field="versions", found=numbers)
    body = []
    for version in versions:
        for lang, digest in version.texts.items():
            if lang not in LANGUAGES:
                raise _invalid(gettext_noop("%(found)s is not a working language"), field="language", found=repr(lang))
            if not _HEX64.fullmatch(digest):
                raise _invalid(
                    gettext_noop("a text digest is 64 lowercase hex digits; found %(found)s"), field="digest", found=repr(digest)
                )
        body.append({"number": version.number, "texts": dict(version.texts)})
    return hashlib.sha256(canonical_json({"resolution": resolution, "title": normalize_text(title), "versions": body})).hexdigest()
