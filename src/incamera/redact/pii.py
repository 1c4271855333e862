"""Personal data that needs no roster: e-mail addresses, URLs, social handles, phone numbers.

Each kind is looked for only when its tell-tale character is in the note (``@``, ``://`` or
``www.``, a digit), so a note without any costs three ``in`` tests.  Phone numbers are
candidates from one expression (7 to 15 digits with the separators people type), kept when
``phonenumbers`` (Google's libphonenumber metadata) finds them possible with their ``+`` or
``00`` prefix, or valid in one of the regions tried for national formats; a year range
("2020-2030"), an amount ("1 500 000") or a date is not a phone number.
"""

from __future__ import annotations

import functools
import re

__all__ = ["find", "is_phone"]

# ASCII on purpose: in Chinese or Arabic text an address, a link or a number runs straight into
# the next word ("拨打+41 22 917 1234联系", "账号@wang_wei）"), and \w would take that word in.
# Each expression starts with a plain character class, which ``re`` scans for fast; what may
# stand before a match is checked afterwards.
_AT = re.compile(r"@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9-]+)*")
_LOCAL_PART_REVERSED = re.compile(r"[A-Za-z0-9._%+-]{1,64}")
_URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_PHONE = re.compile(r"[+(\d][\d \u00a0().\-/]{6,21}\d")
_ASCII_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_SEPARATORS = re.compile(r"[ \u00a0().\-/]+")
_DATE = re.compile(r"^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$")
# National formats (no + or 00) are tried in these regions, the commonest in our corpus of
# meetings; an international number needs none.
_REGIONS = ("US", "GB", "FR", "DE", "CH", "BE", "ES", "IT", "CN", "RU", "IN", "BR", "MX", "JP", "EG", "SA", "AE", "KE", "NG", "ZA", "AR")


def find(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every e-mail, URL, handle and phone number in ``text``."""
    found: list[tuple[int, int, str]] = []
    urls: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        for match in _URL.finditer(text):
            end = match.start() + len(match.group().rstrip(".,;:!?'[]"))
            urls.append((match.start(), end))
            found.append((match.start(), end, "url"))
    if "@" in text:
        for match in _AT.finditer(text):
            at = match.start()
            if urls and any(a <= at < b for a, b in urls):
                continue  # https://x.org/@name is the link's
            # The local part: the run of its characters right before the @ (at most 64), read
            # backwards from the @ with one anchored match.
            local = _LOCAL_PART_REVERSED.match(text[max(0, at - 64) : at][::-1])
            domain = match.group()
            if local is not None and "." in domain:
                found.append((at - local.end(), match.end(), "email"))
            elif local is None and (at == 0 or (text[at - 1] not in _ASCII_WORD and text[at - 1] not in "@.")):
                end = at + 1 + len(domain[1:].split(".", 1)[0])
                if 3 <= end - at <= 31:
                    found.append((at, end, "handle"))
    for match in _PHONE.finditer(text):
        start = match.start()
        if start and (text[start - 1] in _ASCII_WORD or text[start - 1] == "+"):
            continue
        number = match.group().rstrip(" .-/")
        end = start + len(number)
        if end < len(text) and text[end] in _ASCII_WORD:
            continue
        if is_phone(number):
            found.append((start, end, "phone"))
    return found


@functools.lru_cache(maxsize=4096)
def is_phone(candidate: str) -> bool:
    """Whether a candidate from ``_PHONE`` is a phone number (memoised: numbers recur)."""
    import phonenumbers  # 60 ms to import: only once a note holds something like a number

    digits = sum(char.isdigit() for char in candidate)
    if not 7 <= digits <= 15:
        return False
    if candidate.count("(") != candidate.count(")") or _DATE.match(candidate):
        return False  # "Resolution 2231 (2015", "2026-12-06"
    international = candidate.startswith(("+", "00"))
    if (
        not international
        and len(_SEPARATORS.findall(candidate)) < 2
        and "(" not in candidate
        and not (candidate.isdigit() and digits >= 10)
    ):
        return False  # "2020-2030", "12345678": a phone number typed nationally has groups, or ten digits
    try:
        if international:
            number = phonenumbers.parse("+" + candidate[2:] if candidate.startswith("00") else candidate, None)
            return phonenumbers.is_possible_number(number)
        for region in _REGIONS:
            if phonenumbers.is_valid_number(phonenumbers.parse(candidate, region)):
                return True
    except phonenumbers.NumberParseException:
        return False
    return False
