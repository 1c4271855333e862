"""Checking a stored WebAuthn assertion offline, from its bytes and the credential's COSE key.

W3C WebAuthn Level 3 §7.2 (verifying an authentication assertion), the parts that can be checked
by anyone later, without the server's challenge store:

- ``clientDataJSON`` (§5.8.1) is UTF-8 JSON whose ``type`` is ``"webauthn.get"`` and whose
  ``challenge`` is the base64url (no padding) of the challenge.  incamera's confirmation challenge
  is 16 random bytes ‖ the 32 bytes of the SHA-256 digest confirmed (``accounts/passkeys.py``):
  the nonce makes each ceremony single-use, the digest binds what was approved.
- ``authenticatorData`` (§6.1) starts with SHA-256(rp id) (32 bytes), the flags byte and a
  big-endian 32-bit counter; user presence (UP, bit 0) and user verification (UV, bit 2) must be
  set.
- The signature is over ``authenticatorData ‖ SHA-256(clientDataJSON)`` with the credential
  public key, a COSE_Key (RFC 9052 §7, RFC 9053 §2): ES256 (kty 2 EC2, crv 1 P-256, alg -7,
  signature DER-encoded as WebAuthn §6.5.5 says) or EdDSA (kty 1 OKP, crv 6 Ed25519, alg -8).

Pure: imports cryptography, cbor2 and the standard library only.
"""

from __future__ import annotations

import binascii
import functools
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

from incamera.kernel.errors import InvalidInputError, VerificationError

__all__ = [
    "CHALLENGE_NONCE_BYTES",
    "AssertionSignatureError",
    "CoseKey",
    "MalformedAssertionError",
    "PasskeyAssertionError",
    "b64url_decode",
    "verify_assertion",
]

CHALLENGE_NONCE_BYTES = 16
_FROM_URLSAFE = str.maketrans("-_", "+/")
_JSON = json.JSONDecoder()
_UP, _UV = 0x01, 0x04
_ES256, _EDDSA = -7, -8


class MalformedAssertionError(InvalidInputError):
    """Bytes that are not a COSE key, authenticator data or client data at all."""


class PasskeyAssertionError(VerificationError):
    """A well-formed assertion that does not confirm this digest for this relying party."""


ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())  # one instance: building it per signature is a tenth of a check's overhead


class AssertionSignatureError(PasskeyAssertionError):
    """The authenticator's signature does not verify with the credential public key."""


def b64url_decode(text: str, *, what: str) -> bytes:
    if not isinstance(text, str) or "+" in text or "/" in text or "=" in text:
        msg = f"expected {what} as base64url without padding; found {text!r:.40}"
        raise MalformedAssertionError(msg, field=what)
    try:
        return binascii.a2b_base64(text.translate(_FROM_URLSAFE) + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise MalformedAssertionError(f"expected {what} as base64url; found {text!r:.40}", field=what) from exc


@dataclass(frozen=True)
class CoseKey:
    """A credential public key: its COSE algorithm and the key ready to verify."""

    algorithm: int
    key: ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey

    @classmethod
    def from_cbor(cls, data: bytes) -> CoseKey:
        try:
            cose = cbor2.loads(data)
        except (cbor2.CBORDecodeError, ValueError, TypeError, EOFError) as exc:
            raise MalformedAssertionError(f"expected a CBOR COSE_Key; found undecodable bytes ({exc})", field="credential") from exc
        if not isinstance(cose, dict):
            raise MalformedAssertionError(f"expected a COSE_Key map; found {type(cose).__name__}", field="credential")
        kty, alg, crv = cose.get(1), cose.get(3), cose.get(-1)
        try:
            if (kty, alg, crv) == (2, _ES256, 1):
                x, y = cose.get(-2), cose.get(-3)
                if not (isinstance(x, bytes) and isinstance(y, bytes) and len(x) == len(y) == 32):
                    raise MalformedAssertionError("expected 32-byte x and y for a P-256 key", field="credential")
                return cls(_ES256, ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + x + y))
            if (kty, alg, crv) == (1, _EDDSA, 6):
                x = cose.get(-2)
                if not (isinstance(x, bytes) and len(x) == 32):
                    raise MalformedAssertionError("expected a 32-byte x for an Ed25519 key", field="credential")
                return cls(_EDDSA, ed25519.Ed25519PublicKey.from_public_bytes(x))
        except ValueError as exc:  # a point not on the curve
            raise MalformedAssertionError(f"the COSE key is not a valid public key ({exc})", field="credential") from exc
        msg = f"expected ES256 (kty 2, alg -7, crv 1) or EdDSA (kty 1, alg -8, crv 6); found kty {kty!r}, alg {alg!r}, crv {crv!r}"
        raise MalformedAssertionError(msg, field="credential")

    def verify(self, signature: bytes, message: bytes) -> None:
        """Raise AssertionSignatureError if ``signature`` is not over ``message``."""
        try:
            if self.algorithm == _EDDSA:
                self.key.verify(signature, message)  # type: ignore[call-arg]
            else:
                self.key.verify(signature, message, ECDSA_SHA256)  # type: ignore[call-arg]
        except (InvalidSignature, ValueError) as exc:
            alg = "ES256" if self.algorithm == _ES256 else "EdDSA"
            raise AssertionSignatureError(
                f"the passkey's {alg} signature over authenticatorData ‖ SHA-256(clientDataJSON) does not verify"
            ) from exc


def _origin_matches(origin: object, rp_id: str) -> bool:
    return isinstance(origin, str) and _host_matches(origin, rp_id)


@functools.lru_cache(maxsize=64)
def _host_matches(origin: str, rp_id: str) -> bool:
    """Cached: a bundle's signers share one origin, and parsing it is a tenth of an assertion's checks."""
    host = urlsplit(origin).hostname or ""
    return host == rp_id or host.endswith("." + rp_id)


@functools.lru_cache(maxsize=64)
def _rp_id_hash(rp_id: str) -> bytes:
    return hashlib.sha256(rp_id.encode()).digest()


def verify_assertion(
    *,
    credential_public_key: CoseKey,
    authenticator_data: bytes,
    client_data_json: bytes,
    signature: bytes,
    rp_id: str,
    digest: bytes,
) -> None:
    """Return if the assertion confirms ``digest`` (32 bytes) with user verification for
    ``rp_id``; raise PasskeyAssertionError naming the check that failed."""
    try:
        client = _JSON.decode(client_data_json.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise PasskeyAssertionError("expected clientDataJSON to be UTF-8 JSON; found bytes that are not") from exc
    if not isinstance(client, dict):
        raise PasskeyAssertionError(f"expected clientDataJSON to be a JSON object; found {type(client).__name__}")
    if client.get("type") != "webauthn.get":
        raise PasskeyAssertionError(f"expected clientDataJSON type 'webauthn.get'; found {client.get('type')!r:.40}")
    try:
        challenge = b64url_decode(client.get("challenge"), what="challenge")  # type: ignore[arg-type]
    except MalformedAssertionError as exc:
        raise PasskeyAssertionError(f"the challenge in clientDataJSON: {exc.message}") from exc
    if len(challenge) != CHALLENGE_NONCE_BYTES + len(digest) or not hmac.compare_digest(challenge[CHALLENGE_NONCE_BYTES:], digest):
        msg = f"expected the challenge to be a {CHALLENGE_NONCE_BYTES}-byte nonce followed by the digest {digest.hex()[:16]}…; it is not"
        raise PasskeyAssertionError(msg)
    if not _origin_matches(client.get("origin"), rp_id):
        raise PasskeyAssertionError(f"expected an origin on {rp_id!r}; found {client.get('origin')!r:.60}")
    if len(authenticator_data) < 37:
        raise PasskeyAssertionError(f"expected authenticatorData of at least 37 bytes; found {len(authenticator_data)}")
    if not hmac.compare_digest(authenticator_data[:32], _rp_id_hash(rp_id)):
        raise PasskeyAssertionError(f"expected authenticatorData's rpIdHash to be SHA-256 of {rp_id!r}; it is not")
    flags = authenticator_data[32]
    if not flags & _UP:
        raise PasskeyAssertionError("expected the user-present flag (UP) in authenticatorData; it is not set")
    if not flags & _UV:
        raise PasskeyAssertionError("expected the user-verified flag (UV) in authenticatorData; it is not set")
    credential_public_key.verify(signature, authenticator_data + hashlib.sha256(client_data_json).digest())
