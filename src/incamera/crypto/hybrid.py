"""Post-quantum hybrid wrapping of meeting keys to named custodians (issue 5, §8): X25519
(RFC 7748) + ML-KEM-768 (FIPS 203), both from pyca ``cryptography``, combined with HKDF-SHA-256
(RFC 5869) into a key for AES-256-GCM (NIST SP 800-38D).

The construction is ours, in the spirit of X-Wing (draft-connolly-cfrg-xwing-kem) and of HPKE's
key schedule (RFC 9180 §5.1): the wrap stays secret while *either* X25519 or ML-KEM-768 holds.
Unlike X-Wing, which relies on ML-KEM's ciphertext binding to leave ``ct_M`` and ``pk_M`` out, we
put every public value into the KDF, so the argument needs no property of either KEM beyond
IND-CCA of one of them.  Sealed disclosure (a later issue) builds on this.

To wrap ``secret`` for the custodian public key ``pk = (pk_X, pk_M)``::

    e, ct_X      = fresh X25519 key pair (ct_X is its public key)
    ss_X         = X25519(e, pk_X)
    ss_M, ct_M   = ML-KEM-768.Encaps(pk_M)
    key ‖ nonce  = HKDF-SHA-256(ikm  = ss_M ‖ ss_X,
                                salt = "incamera/custodian-wrap/v1",
                                info = header ‖ ct_X ‖ ct_M ‖ public_bytes(pk),
                                L    = 32 + 12)
    wrapped      = header ‖ ct_X ‖ ct_M ‖ AES-256-GCM(key, nonce, secret, aad) ‖ tag

    header = "ICCW" ‖ 0x01 (version); ct_X is 32 bytes, ct_M 1,088; the rest is len(secret) + 16.

Each wrap has a fresh ephemeral X25519 key and a fresh encapsulation, so key and nonce are
never reused.  The recipient's whole public key is in ``info``: a wrap opened with another
custodian's key derives another key and fails.

Public key (``public_bytes``), 1,221 bytes::

    "ICCP" ‖ 0x01 ‖ X25519 public key (32) ‖ ML-KEM-768 encapsulation key (1,184)

Its text form (``public_to_text``) is one line of standard padded base64, optionally preceded
by comment lines starting with ``#`` (the custodian's name).

Private key file (``private_to_pem_like``), PEM-style armor around::

    "ICSK" ‖ 0x01 ‖ log2(N) (1) ‖ r (1) ‖ p (1) ‖ salt (16) ‖ nonce (12) ‖ AES-256-GCM(k, nonce,
    X25519 private key (32) ‖ ML-KEM-768 seed (64), aad = everything before the ciphertext) ‖ tag

    k = scrypt(NFC(passphrase) as UTF-8, salt, N, r, p) (RFC 7914), by default N = 2^17, r = 8,
    p = 1 (OWASP's floor for scrypt; about 0.4 s and 128 MiB).

Reading accepts N from 2^15 to 2^20 with r = 8 and p = 1 only, so a crafted file cannot make us
spend gigabytes.  Pure: no Django.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey, MLKEM768PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from incamera.crypto.envelope import DecryptionError
from incamera.kernel.errors import InvalidInputError

__all__ = [
    "DEFAULT_LOG2_N",
    "PUBLIC_KEY_BYTES",
    "CustodianKeyPair",
    "CustodianPrivateKey",
    "CustodianPublicKey",
    "WrongPassphraseError",
    "private_from_bytes",
    "private_from_raw",
    "private_to_raw",
    "public_from_bytes",
    "public_from_text",
    "public_to_text",
    "unwrap_as_custodian",
    "wrap_for_custodian",
]

_VERSION = 1
_PUBLIC_MAGIC = b"ICCP"
_WRAP_MAGIC = b"ICCW"
_PRIVATE_MAGIC = b"ICSK"
_X25519 = 32
_MLKEM_PUBLIC = 1184
_MLKEM_CT = 1088
_MLKEM_SEED = 64
_NONCE = 12
_TAG = 16
_KEY = 32
_SALT = 16
PUBLIC_KEY_BYTES = len(_PUBLIC_MAGIC) + 1 + _X25519 + _MLKEM_PUBLIC
_WRAP_HEADER = _WRAP_MAGIC + bytes([_VERSION])
_WRAP_OVERHEAD = len(_WRAP_HEADER) + _X25519 + _MLKEM_CT + _TAG
_KDF_SALT = b"incamera/custodian-wrap/v1"

DEFAULT_LOG2_N = 17
_LOG2_N = range(15, 21)
_SCRYPT_R = 8
_SCRYPT_P = 1
_PRIVATE_HEADER = len(_PRIVATE_MAGIC) + 1 + 3 + _SALT + _NONCE
_PRIVATE_PLAIN = _X25519 + _MLKEM_SEED
_ARMOR_BEGIN = b"-----BEGIN INCAMERA CUSTODIAN PRIVATE KEY-----"
_ARMOR_END = b"-----END INCAMERA CUSTODIAN PRIVATE KEY-----"


class WrongPassphraseError(DecryptionError):
    """A custodian private key file that does not open with the passphrase given."""


@dataclass(frozen=True, eq=False)
class CustodianPublicKey:
    x25519: X25519PublicKey
    mlkem: MLKEM768PublicKey

    def to_bytes(self) -> bytes:
        return _PUBLIC_MAGIC + bytes([_VERSION]) + self.x25519.public_bytes_raw() + self.mlkem.public_bytes_raw()

    def fingerprint(self) -> str:
        """SHA-256 of ``to_bytes()``, hex in groups of four: to compare out of band."""
        digest = hashlib.sha256(self.to_bytes()).hexdigest()
        return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


@dataclass(frozen=True, eq=False)
class CustodianPrivateKey:
    x25519: X25519PrivateKey
    mlkem: MLKEM768PrivateKey

    def public_key(self) -> CustodianPublicKey:
        return CustodianPublicKey(self.x25519.public_key(), self.mlkem.public_key())


@dataclass(frozen=True, eq=False)
class CustodianKeyPair:
    """A custodian's keys; the private half stays with the custodian, under a passphrase."""

    private: CustodianPrivateKey

    @classmethod
    def generate(cls) -> CustodianKeyPair:
        return cls(CustodianPrivateKey(X25519PrivateKey.generate(), MLKEM768PrivateKey.generate()))

    @property
    def public(self) -> CustodianPublicKey:
        return self.private.public_key()

    def public_bytes(self) -> bytes:
        return self.public.to_bytes()

    def private_to_pem_like(self, passphrase: str, *, log2_n: int = DEFAULT_LOG2_N) -> bytes:
        """The private key sealed under ``passphrase``, armored; the format is in the module docstring."""
        _check_log2_n(log2_n)
        salt = secrets.token_bytes(_SALT)
        nonce = secrets.token_bytes(_NONCE)
        header = _PRIVATE_MAGIC + bytes([_VERSION, log2_n, _SCRYPT_R, _SCRYPT_P]) + salt + nonce
        plain = private_to_raw(self.private)
        sealed = header + AESGCM(_passphrase_key(passphrase, salt, log2_n)).encrypt(nonce, plain, header)
        body = base64.b64encode(sealed)
        lines = [_ARMOR_BEGIN, *(body[i : i + 64] for i in range(0, len(body), 64)), _ARMOR_END]
        return b"\n".join(lines) + b"\n"


def _check_log2_n(log2_n: int) -> None:
    if log2_n not in _LOG2_N:
        msg = f"scrypt cost log2(N) is {log2_n}; expected {_LOG2_N.start}–{_LOG2_N.stop - 1}"
        raise InvalidInputError(msg, field="log2_n")


def _passphrase_key(passphrase: str, salt: bytes, log2_n: int) -> bytes:
    if not passphrase:
        raise InvalidInputError("passphrase is empty; expected at least one character", field="passphrase")
    secret = unicodedata.normalize("NFC", passphrase).encode()
    return Scrypt(salt=salt, length=_KEY, n=1 << log2_n, r=_SCRYPT_R, p=_SCRYPT_P).derive(secret)


def private_from_bytes(data: bytes, passphrase: str) -> CustodianPrivateKey:
    """The private key in a ``private_to_pem_like`` file.  Malformed files raise
    ``InvalidInputError``; a wrong passphrase (or an altered file) ``WrongPassphraseError``.
    """
    lines = data.strip().splitlines()
    if len(lines) < 3 or lines[0].strip() != _ARMOR_BEGIN or lines[-1].strip() != _ARMOR_END:
        msg = f"not a custodian private key: expected {_ARMOR_BEGIN.decode()} … {_ARMOR_END.decode()}"
        raise InvalidInputError(msg, field="private_key")
    try:
        sealed = base64.b64decode(b"".join(line.strip() for line in lines[1:-1]), validate=True)
    except binascii.Error as exc:
        raise InvalidInputError(f"custodian private key: the base64 body does not decode ({exc})", field="private_key") from exc
    if len(sealed) != _PRIVATE_HEADER + _PRIVATE_PLAIN + _TAG:
        msg = f"custodian private key holds {len(sealed)} bytes; expected {_PRIVATE_HEADER + _PRIVATE_PLAIN + _TAG}"
        raise InvalidInputError(msg, field="private_key")
    if sealed[:4] != _PRIVATE_MAGIC or sealed[4] != _VERSION:
        msg = f"custodian private key starts {sealed[:5].hex()}; expected {(_PRIVATE_MAGIC + bytes([_VERSION])).hex()} (version {_VERSION})"
        raise InvalidInputError(msg, field="private_key")
    log2_n, r, p = sealed[5], sealed[6], sealed[7]
    _check_log2_n(log2_n)
    if (r, p) != (_SCRYPT_R, _SCRYPT_P):
        msg = f"custodian private key uses scrypt r={r}, p={p}; expected r={_SCRYPT_R}, p={_SCRYPT_P}"
        raise InvalidInputError(msg, field="private_key")
    header = sealed[:_PRIVATE_HEADER]
    salt, nonce = header[8 : 8 + _SALT], header[8 + _SALT :]
    try:
        plain = AESGCM(_passphrase_key(passphrase, salt, log2_n)).decrypt(nonce, sealed[_PRIVATE_HEADER:], header)
    except InvalidTag as exc:
        msg = "the custodian private key does not open with this passphrase (a wrong passphrase, or the file was altered)"
        raise WrongPassphraseError(msg) from exc
    return private_from_raw(plain)


def private_to_raw(private: CustodianPrivateKey) -> bytes:
    """The private key's bare bytes (X25519 private key, then the ML-KEM-768 seed), for a caller
    that encrypts them itself (the sealed record's key, under the custodian quorum's key)."""
    return private.x25519.private_bytes_raw() + private.mlkem.private_bytes_raw()


def private_from_raw(data: bytes) -> CustodianPrivateKey:
    """The private key ``private_to_raw`` gave, or ``InvalidInputError``."""
    if len(data) != _PRIVATE_PLAIN:
        raise InvalidInputError(f"raw private key is {len(data)} bytes; expected {_PRIVATE_PLAIN}", field="private_key")
    return CustodianPrivateKey(X25519PrivateKey.from_private_bytes(data[:_X25519]), MLKEM768PrivateKey.from_seed_bytes(data[_X25519:]))


def public_from_bytes(data: bytes) -> CustodianPublicKey:
    """The public key in ``CustodianKeyPair.public_bytes()`` form, or ``InvalidInputError``."""
    if len(data) != PUBLIC_KEY_BYTES:
        msg = f"custodian public key is {len(data)} bytes; expected {PUBLIC_KEY_BYTES}"
        raise InvalidInputError(msg, field="public_key")
    if data[:4] != _PUBLIC_MAGIC or data[4] != _VERSION:
        msg = f"custodian public key starts {data[:5].hex()}; expected {(_PUBLIC_MAGIC + bytes([_VERSION])).hex()} (version {_VERSION})"
        raise InvalidInputError(msg, field="public_key")
    try:
        mlkem = MLKEM768PublicKey.from_public_bytes(data[5 + _X25519 :])
    except ValueError as exc:
        raise InvalidInputError("custodian public key: the ML-KEM-768 part is not a valid encapsulation key", field="public_key") from exc
    return CustodianPublicKey(X25519PublicKey.from_public_bytes(data[5 : 5 + _X25519]), mlkem)


def public_to_text(public: bytes, *, name: str = "") -> str:
    """The text form: ``# custodian NAME`` (when named), then the base64 line."""
    public_from_bytes(public)
    comment = f"# custodian {' '.join(name.split())}\n" if name.strip() else ""
    return f"{comment}{base64.b64encode(public).decode()}\n"


def public_from_text(text: str) -> CustodianPublicKey:
    """The public key in ``public_to_text`` form (comment lines and surrounding blanks ignored)."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) != 1:
        msg = f"custodian public key text has {len(lines)} non-comment lines; expected 1 line of base64"
        raise InvalidInputError(msg, field="public_key")
    try:
        raw = base64.b64decode(lines[0], validate=True)
    except (binascii.Error, ValueError) as exc:  # ValueError: characters outside ASCII
        raise InvalidInputError(f"custodian public key: the base64 does not decode ({exc})", field="public_key") from exc
    return public_from_bytes(raw)


def _derive(ss_m: bytes, ss_x: bytes, ct_x: bytes, ct_m: bytes, public: bytes) -> tuple[bytes, bytes]:
    okm = HKDF(algorithm=hashes.SHA256(), length=_KEY + _NONCE, salt=_KDF_SALT, info=_WRAP_HEADER + ct_x + ct_m + public).derive(
        ss_m + ss_x
    )
    return okm[:_KEY], okm[_KEY:]


def wrap_for_custodian(public: bytes, secret: bytes, *, aad: bytes) -> bytes:
    """``secret`` (a meeting key) wrapped to the custodian whose public key bytes are ``public``,
    bound to ``aad`` (e.g. ``b"meeting 42"``).
    """
    recipient = public_from_bytes(public)
    ephemeral = X25519PrivateKey.generate()
    ct_x = ephemeral.public_key().public_bytes_raw()
    try:
        ss_x = ephemeral.exchange(recipient.x25519)
    except ValueError as exc:  # a low-order point: the public key cannot be a real X25519 key
        raise InvalidInputError("custodian public key: the X25519 part is a low-order point", field="public_key") from exc
    ss_m, ct_m = recipient.mlkem.encapsulate()
    key, nonce = _derive(ss_m, ss_x, ct_x, ct_m, recipient.to_bytes())
    return _WRAP_HEADER + ct_x + ct_m + AESGCM(key).encrypt(nonce, secret, aad)


def unwrap_as_custodian(private: CustodianPrivateKey, wrapped: bytes, *, aad: bytes) -> bytes:
    """The secret ``wrap_for_custodian`` wrapped to this custodian, or ``DecryptionError``."""
    if len(wrapped) < _WRAP_OVERHEAD:
        raise DecryptionError(f"custodian wrap is {len(wrapped)} bytes; at least {_WRAP_OVERHEAD} expected (truncated)")
    if wrapped[:4] != _WRAP_MAGIC:
        raise DecryptionError(f"not a custodian wrap: magic {wrapped[:4].hex()}; expected {_WRAP_MAGIC.hex()} ({_WRAP_MAGIC.decode()})")
    if wrapped[4] != _VERSION:
        raise DecryptionError(f"unknown custodian wrap version {wrapped[4]}; this build reads version {_VERSION}")
    offset = len(_WRAP_HEADER)
    ct_x = wrapped[offset : offset + _X25519]
    ct_m = wrapped[offset + _X25519 : offset + _X25519 + _MLKEM_CT]
    try:
        ss_x = private.x25519.exchange(X25519PublicKey.from_public_bytes(ct_x))
    except ValueError as exc:
        raise DecryptionError("custodian wrap: the ephemeral X25519 key is a low-order point (altered bytes)") from exc
    ss_m = private.mlkem.decapsulate(ct_m)  # implicit rejection: altered ct_M gives a wrong secret, caught below
    key, nonce = _derive(ss_m, ss_x, ct_x, ct_m, private.public_key().to_bytes())
    try:
        return AESGCM(key).decrypt(nonce, wrapped[offset + _X25519 + _MLKEM_CT :], aad)
    except InvalidTag as exc:
        msg = "custodian wrap does not unwrap: wrapped for another custodian, the wrong associated data, or altered bytes"
        raise DecryptionError(msg) from exc
