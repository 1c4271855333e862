"""Normalisation of names and e-mail addresses typed by people.

Names are NFC-normalised and whitespace-collapsed.  Invisible format characters (Unicode category
Cf: bidi overrides and isolates, zero-width spaces and joiners, BOM) and control characters are
refused with a message naming the character, because they let one name pose as another
(Unicode TR #36 §2 and §3).

Messages stay English here (this module does not import Django); each InvalidInputError also
carries its template and values, which ``i18n/errors.py`` translates for pages.
"""

from __future__ import annotations

import re
import unicodedata

from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = ["INVISIBLE_CHARACTER", "clean_email", "clean_name", "comparable_name", "invisible_character"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_NAME = 200


INVISIBLE_CHARACTER = gettext_noop(
    "contains the invisible character %(codepoint)s (%(name)s) at position %(position)d; remove it and type the text again"
)
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cs"})


def invisible_character(value: str, *, allowed: frozenset[str] = frozenset()) -> dict[str, object] | None:
    """The first invisible character of ``value`` (format, control, private-use or surrogate,
    unless ``allowed``) as the parameters of INVISIBLE_CHARACTER, or None."""
    for position, char in enumerate(value, start=1):
        if unicodedata.category(char) in _INVISIBLE_CATEGORIES and char not in allowed:
            return {"codepoint": f"U+{ord(char):04X}", "name": unicodedata.name(char, "unnamed"), "position": position}
    return None


def _refuse_invisible(value: str, *, field: str) -> None:
    found = invisible_character(value)
    if found is not None:
        raise _invalid(INVISIBLE_CHARACTER, field=field, **found)


def clean_name(value: str, *, field: str = "name", required: bool = True) -> str:
    """Return ``value`` NFC-normalised with whitespace collapsed, or raise InvalidInputError."""
    _refuse_invisible(value.replace("\t", " ").replace("\n", " ").replace("\r", " "), field=field)
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    if required and not cleaned:
        raise _invalid(gettext_noop("is required"), field=field)
    if len(cleaned) > _MAX_NAME:
        template = gettext_noop("is %(length)d characters long; at most %(limit)d are allowed")
        raise _invalid(template, field=field, length=len(cleaned), limit=_MAX_NAME)
    return cleaned


def clean_email(value: str, *, field: str = "email") -> str:
    """Return a lower-cased, NFC-normalised address, or raise InvalidInputError.

    Addresses are compared in lower case everywhere: an invitation to Ana@Example.org binds the
    account ana@example.org.
    """
    _refuse_invisible(value, field=field)
    cleaned = unicodedata.normalize("NFC", value.strip()).lower()
    if not cleaned:
        raise _invalid(gettext_noop("is required"), field=field)
    if len(cleaned) > 254 or not _EMAIL.match(cleaned) or ".." in cleaned:
        template = gettext_noop("'%(value)s' is not an e-mail address (expected name@domain.example)")
        raise _invalid(template, field=field, value=cleaned[:80])
    return cleaned


def comparable_name(name: str) -> str:
    """``name`` as two spellings of one person compare: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())
