"""Service codes for double-blind service (issue 4 §7): who needs what, without who is who.

Per meeting and per service (seating, catering, cloakroom, interpretation) every participant gets
a random code.  Service staff see only codes and needs; only organizers hold the mapping from codes
to people.

Alphabet: Crockford's Base32 (https://www.crockford.com/base32.html), the digits and the letters
without I, L, O and U, so that a code read aloud or copied by hand has no 0/O or 1/I/L pairs.
When staff type a code, ``normalise_code`` folds case, drops spaces and hyphens, and reads O as 0
and I or L as 1, as Crockford's decoding rules say.

Size: 8 symbols of 5 bits, shown as ``XXXX-XXXX``: N = 32⁸ = 2⁴⁰ ≈ 1.1 × 10¹² codes.  Drawing
n = 5,000 codes, the chance that two coincide is about n² / 2N ≈ 1.1 × 10⁻⁵ per service, and
about 1.8 × 10⁻⁴ for the 20,000 codes of four services; a coincidence is drawn again, so codes are
unique all the same.  The sparse space also catches typing mistakes: a mistyped code hits another
participant's code with probability about n / N ≈ 5 × 10⁻⁹, so it is reported as unknown instead.

Unlinkability: each code is 40 bits from ``secrets`` (the operating system's CSPRNG, PEP 506),
drawn afresh for every participant, service and call.  Nothing is derived from the participant, the
meeting or a counter, so codes carry no order (sorting codes does not sort people) and the codes of
one person in two services or two meetings are independent.  Within one call a code is unique
across all services, so a catering code typed at the cloakroom desk is nobody's cloakroom code.

Pure: no Django.  Messages carry their template for translation, as in ``kernel/messages.py``.
"""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Collection, Sequence
from secrets import token_bytes

from incamera.kernel.messages import gettext_noop
from incamera.kernel.messages import invalid as _invalid

__all__ = ["ALPHABET", "CODE_LENGTH", "EXAMPLE_CODE", "SERVICES", "check_code", "issue_codes", "normalise_code"]

SERVICES: tuple[str, ...] = ("seating", "catering", "cloakroom", "interpretation")
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
EXAMPLE_CODE = "7K3M-Q9TX"

_GROUP = CODE_LENGTH // 2
_BYTES_PER_CODE = CODE_LENGTH * 5 // 8  # 40 bits: base32 turns 5 bytes into exactly 8 symbols
# base64.b32encode (C speed) writes RFC 4648 symbols; this table renames them to Crockford's.
_FROM_RFC4648 = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET.encode("ascii"))
_CONFUSIONS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALID = frozenset(ALPHABET)
_MAX_TYPED = 64  # a typed code longer than this is not a code; refuse before normalising it
# A healthy CSPRNG needs a second round about once in 10⁴ calls, a third almost never.
_MAX_ROUNDS = 16


def _draw(count: int) -> list[str]:
    symbols = base64.b32encode(token_bytes(_BYTES_PER_CODE * count)).translate(_FROM_RFC4648).decode("ascii")
    return [f"{symbols[i : i + _GROUP]}-{symbols[i + _GROUP : i + CODE_LENGTH]}" for i in range(0, CODE_LENGTH * count, CODE_LENGTH)]


def _fresh_codes(count: int, taken: set[str]) -> list[str]:
    """``count`` distinct codes, none of them in ``taken`` (which grows with them)."""
    fresh: list[str] = []
    for _ in range(_MAX_ROUNDS):
        if len(fresh) == count:
            return fresh
        for code in _draw(count - len(fresh)):
            if code not in taken:
                taken.add(code)
                fresh.append(code)
    if len(fresh) == count:
        return fresh
    msg = f"the random source repeated codes {_MAX_ROUNDS} rounds in a row; is the operating system's CSPRNG working?"
    raise RuntimeError(msg)


def _check_services(services: Sequence[str]) -> list[str]:
    if isinstance(services, str):
        raise TypeError(f"services must be a sequence of service names, not the string {services!r}")
    if not services:
        raise _invalid(gettext_noop("no service was given; expected some of %(known)s"), field="services", known=", ".join(SERVICES))
    seen: set[str] = set()
    for service in services:
        if service not in SERVICES:
            raise _invalid(
                gettext_noop("unknown service %(service)r; expected one of %(known)s"),
                field="services",
                service=service,
                known=", ".join(SERVICES),
            )
        if service in seen:
            raise _invalid(gettext_noop("the service %(service)r is listed twice"), field="services", service=service)
        seen.add(service)
    return list(services)


def _check_participants(participant_ids: Sequence[str]) -> list[str]:
    if isinstance(participant_ids, str):
        raise TypeError(f"participant_ids must be a sequence of ids, not the string {participant_ids!r}")
    seen: set[str] = set()
    for position, participant in enumerate(participant_ids, start=1):
        if not isinstance(participant, str) or not participant:
            raise _invalid(
                gettext_noop("participant %(position)d has no id; expected a non-empty text id, found %(found)r"),
                field="participants",
                position=position,
                found=participant,
            )
        if participant in seen:
            raise _invalid(
                gettext_noop("the participant id %(id)r appears twice; each participant gets one code per service"),
                field="participants",
                id=participant,
            )
        seen.add(participant)
    return list(participant_ids)


def issue_codes(
    participant_ids: Sequence[str], *, services: Sequence[str] = SERVICES, taken: Collection[str] = ()
) -> dict[str, dict[str, str]]:
    """Fresh codes for one meeting: ``{service: {participant id: code}}``, codes as ``XXXX-XXXX``.

    Every code in the answer is distinct from every other and from the codes in ``taken`` (codes
    already issued for the meeting, for example when a participant registers late).  An empty
    roster gets empty mappings.
    """
    wanted = _check_services(services)
    people = _check_participants(participant_ids)
    used = {check_code(code) for code in taken}
    codes = _fresh_codes(len(people) * len(wanted), used)
    per_service = len(people)
    return {service: dict(zip(people, codes[k * per_service : (k + 1) * per_service], strict=True)) for k, service in enumerate(wanted)}


def _is_separator(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Pd"


def _typed_symbols(text: str) -> list[tuple[int, str]]:
    """The symbols of a typed code with their 1-based positions in ``text``.

    Full-width forms (typed with a CJK input method) become ASCII, case is folded, separators
    dropped, and Crockford's confusions read as digits.
    """
    return [
        (position, folded)
        for position, char in enumerate(text, start=1)
        for folded in unicodedata.normalize("NFKC", char).upper().translate(_CONFUSIONS)
        if not _is_separator(folded)
    ]


def normalise_code(text: str) -> str:
    """Read a code as staff type it: ``"7k3m q9tx"``, ``"7K3MQ9TX"`` and ``"7K3M-Q9TX"`` are one code.

    Returns the canonical ``XXXX-XXXX`` form when ``text`` is a code; otherwise the cleaned symbols,
    which ``check_code`` refuses with the reason.  Never raises.
    """
    symbols = "".join(symbol for _, symbol in _typed_symbols(text))
    if len(symbols) == CODE_LENGTH and _VALID.issuperset(symbols):
        return f"{symbols[:_GROUP]}-{symbols[_GROUP:]}"
    return symbols


def check_code(text: str) -> str:
    """The canonical form of the typed code ``text``; raises ``InvalidInputError`` saying what is wrong."""
    if len(text) > _MAX_TYPED:
        raise _invalid(
            gettext_noop("a service code has %(length)d characters, like %(example)s; the text typed has %(found)d"),
            field="code",
            length=CODE_LENGTH,
            example=EXAMPLE_CODE,
            found=len(text),
        )
    symbols = _typed_symbols(text)
    if not symbols:
        raise _invalid(
            gettext_noop("no service code was typed; a code has %(length)d characters, like %(example)s"),
            field="code",
            length=CODE_LENGTH,
            example=EXAMPLE_CODE,
        )
    for position, symbol in symbols:
        if symbol not in _VALID:
            raise _invalid(
                gettext_noop(
                    "character %(position)d, %(char)r, is not part of any service code; codes use the digits 0–9 and the letters A–Z except U"
                ),
                field="code",
                position=position,
                char=text[position - 1],
            )
    if len(symbols) != CODE_LENGTH:
        raise _invalid(
            gettext_noop("a service code has %(length)d characters, like %(example)s; found %(found)d"),
            field="code",
            length=CODE_LENGTH,
            example=EXAMPLE_CODE,
            found=len(symbols),
        )
    return normalise_code(text)
