"""Small secrets sealed at rest: HKDF-SHA-256 key derivation (RFC 5869) from the key-encryption
key, and AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce.

Used for the salts of log commitments until per-meeting envelope keys arrive (issue 5), which
will take over the derivation.  Pure: no Django.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from incamera.kernel.errors import VerificationError

__all__ = ["SealError", "derive_key", "open_sealed", "seal"]

_NONCE = 12


class SealError(VerificationError):
    """Sealed bytes that do not authenticate: tampered, truncated, or the wrong key."""


def derive_key(kek: bytes, purpose: str) -> bytes:
    """A 256-bit key for ``purpose`` (e.g. ``"salts/meeting/42"``), derived from the KEK."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=f"incamera/{purpose}".encode()).derive(kek)


def seal(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    if len(sealed) < _NONCE + 16:
        raise SealError(f"sealed data is {len(sealed)} bytes; at least {_NONCE + 16} expected")
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], aad)
    except InvalidTag as exc:
        raise SealError("sealed data does not authenticate (tampered, or another key)") from exc
