"""Normalisation of names and e-mail addresses typed by people.

Names are NFC-normalised and whitespace-collapsed.  Invisible format characters (Unicode category
Cf: bidi overrides and isolates, zero-width spaces and joiners, BOM) and control characters are
refused with a message naming the character, because they let one name pose as another
(Unicode TR #36 §2 and §3).
"""

from __future__ import annotations

import re
import unicodedata

from incamera.core.errors import InvalidInputError

__all__ = ["clean_email", "clean_name"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_NAME = 200


def _refuse_invisible(value: str, *, field: str) -> None:
    for position, char in enumerate(value, start=1):
        category = unicodedata.category(char)
        if category in {"Cf", "Cc", "Co", "Cs"}:
            name = unicodedata.name(char, "unnamed")
            msg = f"contains the invisible character U+{ord(char):04X} ({name}) at position {position}; remove it and type the text again"
            raise InvalidInputError(msg, field=field)


def clean_name(value: str, *, field: str = "name", required: bool = True) -> str:
    """Return ``value`` NFC-normalised with whitespace collapsed, or raise InvalidInputError."""
    _refuse_invisible(value.replace("\t", " ").replace("\n", " ").replace("\r", " "), field=field)
    cleaned = " ".join(unicodedata.normalize("NFC", value).split())
    if required and not cleaned:
        raise InvalidInputError("is required", field=field)
    if len(cleaned) > _MAX_NAME:
        msg = f"is {len(cleaned)} characters long; at most {_MAX_NAME} are allowed"
        raise InvalidInputError(msg, field=field)
    return cleaned


def clean_email(value: str, *, field: str = "email") -> str:
    """Return a lower-cased, NFC-normalised address, or raise InvalidInputError.

    Addresses are compared in lower case everywhere: an invitation to Ana@Example.org binds the
    account ana@example.org.
    """
    _refuse_invisible(value, field=field)
    cleaned = unicodedata.normalize("NFC", value.strip()).lower()
    if not cleaned:
        raise InvalidInputError("is required", field=field)
    if len(cleaned) > 254 or not _EMAIL.match(cleaned) or ".." in cleaned:
        msg = f"'{cleaned[:80]}' is not an e-mail address (expected name@domain.example)"
        raise InvalidInputError(msg, field=field)
    return cleaned
