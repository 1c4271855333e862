"""Log entries: what the transparency log records about an event (issue 3, §2).

An entry is RFC 8785 canonical JSON::

    {"v": 1, "type": "meeting.state_changed", "time": "2027-01-20T09:00:00Z",
     "meeting": "<pseudonym>", "actor": "<pseudonym>", "public": {...}, "commitment": "<hex>"}

- ``meeting`` and ``actor`` are pseudonyms: HMAC-SHA-256 under a key held outside the database,
  truncated to 128 bits.  The actor's pseudonym is per meeting, so two meetings' entries cannot be
  linked through a person.
- ``public`` holds only fields that are not confidential (a state change's from/to, a role).
- Everything else is committed to, never written: ``commitment`` = SHA-256(salt ‖ canonical
  content) with a fresh 32-byte salt.  Disclosure later reveals (content, salt) and anyone can
  check it against the entry logged on the day (``verify_commitment``).

Pure: no Django.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any

import rfc8785

from incamera.kernel.errors import VerificationError

__all__ = [
    "SALT_BYTES",
    "CommitmentError",
    "canonical",
    "commitment",
    "entry_bytes",
    "new_salt",
    "pseudonym",
    "verify_commitment",
]

SALT_BYTES = 32


class CommitmentError(VerificationError):
    """Disclosed content and salt do not match the commitment in the log."""


def canonical(value: Any) -> bytes:
    """RFC 8785 JSON Canonicalization Scheme."""
    return bytes(rfc8785.dumps(value))


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def commitment(salt: bytes, content: Any) -> str:
    """Hex SHA-256(salt ‖ canonical(content))."""
    if len(salt) != SALT_BYTES:
        msg = f"expected a salt of {SALT_BYTES} bytes; found {len(salt)}"
        raise ValueError(msg)
    return hashlib.sha256(salt + canonical(content)).hexdigest()


def verify_commitment(*, expected: str, salt: bytes, content: Any) -> None:
    """Check disclosed ``content`` and ``salt`` against the logged commitment ``expected``."""
    if len(salt) != SALT_BYTES:
        raise CommitmentError(f"expected a salt of {SALT_BYTES} bytes; found {len(salt)}")
    found = hashlib.sha256(salt + canonical(content)).hexdigest()
    if not hmac.compare_digest(found, expected.lower()):
        raise CommitmentError(f"the content and salt hash to {found[:16]}…, not to the logged commitment {expected[:16]}…")


def pseudonym(key: bytes, *parts: str | int) -> str:
    """128-bit HMAC pseudonym of ``parts`` under ``key``; unlinkable without the key."""
    message = "\x1f".join(str(p) for p in parts).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def entry_bytes(
    *,
    type_: str,
    time: dt.datetime,
    meeting: str | None,
    actor: str | None,
    public: Mapping[str, Any],
    commitment_hex: str | None,
) -> bytes:
    """The canonical entry for one event (see the module docstring)."""
    body: dict[str, Any] = {
        "v": 1,
        "type": type_,
        "time": time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "public": dict(public),
    }
    if meeting is not None:
        body["meeting"] = meeting
    if actor is not None:
        body["actor"] = actor
    if commitment_hex is not None:
        body["commitment"] = commitment_hex
    return canonical(body)
