"""Witness cosignatures of c2sp.org/tlog-cosignature, as signed-note signatures on a checkpoint.

Both types sign a ``timestamped_signature``: an 8-byte big-endian POSIX timestamp (at most
2^63 - 1) followed by the signature.

- ``cosignature/v1`` (type 0x04, Ed25519): the signature covers two newline-terminated lines,
  ``cosignature/v1`` and ``time <timestamp>``, then the checkpoint body (extension lines included).
  Key ID: ``SHA-256(name ‖ 0x0A ‖ 0x04 ‖ 32-byte public key)[:4]``.
- ``subtree/v1`` (type 0x06, ML-DSA-44, FIPS 204 with an empty context): the signature covers the
  ``cosigned_message`` structure: the 12-byte label (``subtree/v1``, newline, NUL), cosigner name,
  timestamp, origin, start 0, end = tree size and root hash; extension lines are not covered.
  The spec recommends this type for new deployments: it resists quantum computers and commits to
  the cosigner's name.

A cosignature says the cosigner saw this checkpoint as the largest consistent tree of the log at
that time; checking that consistency is the witness's job, not this module's.  Time comes from an
injected :class:`~incamera.kernel.clock.Clock` (ARCHITECTURE.md, rule 6).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa

from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import InvalidInputError
from incamera.tlog.checkpoint import Checkpoint, MalformedCheckpointError
from incamera.tlog.merkle import HASH_SIZE
from incamera.tlog.note import (
    EncodedKey,
    InvalidSignatureError,
    MalformedKeyError,
    MalformedNoteError,
    Signature,
    check_key_name,
    compute_key_id,
)

__all__ = [
    "COSIGNATURE_V1_TYPE",
    "MAX_TIMESTAMP",
    "SUBTREE_V1_TYPE",
    "CosignatureVerifier",
    "Cosigner",
    "MLDSACosignatureVerifier",
    "MLDSACosigner",
    "cosignature_timestamp",
    "cosignature_v1_message",
    "subtree_v1_message",
]

COSIGNATURE_V1_TYPE = b"\x04"
SUBTREE_V1_TYPE = b"\x06"
MAX_TIMESTAMP = (1 << 63) - 1
_SUBTREE_LABEL = b"subtree/v1\n\x00"
_ED25519_KEY_BYTES = 32
_ED25519_SIGNATURE_BYTES = 64
_MLDSA44_PUBLIC_KEY_BYTES = 1312
_MLDSA44_SIGNATURE_BYTES = 2420
_SEED_BYTES = 32
_TIMESTAMP_BYTES = 8


def _check_timestamp(timestamp: int) -> int:
    if isinstance(timestamp, bool) or not isinstance(timestamp, int) or not 0 <= timestamp <= MAX_TIMESTAMP:
        msg = f"expected a POSIX timestamp between 0 and 2^63 - 1; found {timestamp!r}"
        raise InvalidInputError(msg, field="timestamp")
    return timestamp


def _now(clock: Clock) -> int:
    return _check_timestamp(int(clock.now().timestamp()))


def cosignature_v1_message(checkpoint_text: str, timestamp: int) -> bytes:
    """The bytes an Ed25519 ``cosignature/v1`` signs."""
    _check_timestamp(timestamp)
    return f"cosignature/v1\ntime {timestamp}\n{checkpoint_text}".encode()


def subtree_v1_message(*, cosigner_name: str, timestamp: int, origin: str, start: int, end: int, root_hash: bytes) -> bytes:
    """The ``cosigned_message`` an ML-DSA-44 ``subtree/v1`` cosignature signs."""
    _check_timestamp(timestamp)
    name, log = cosigner_name.encode("utf-8"), origin.encode("utf-8")
    for what, value in (("cosigner name", name), ("origin", log)):
        if not 1 <= len(value) <= 255:  # opaque <1..2^8-1>
            msg = f"expected a {what} of 1 to 255 bytes; found {len(value)}"
            raise InvalidInputError(msg, field=what)
    if not (0 <= start < end <= MAX_TIMESTAMP or start == end == 0):  # [0, 0) is the empty checkpoint
        msg = f"expected a subtree range 0 <= start < end; found [{start}, {end})"
        raise InvalidInputError(msg, field="start")
    if start and timestamp:
        raise InvalidInputError("expected timestamp 0 for a subtree that does not start at 0", field="timestamp")
    if len(root_hash) != HASH_SIZE:
        msg = f"expected a root hash of {HASH_SIZE} bytes; found {len(root_hash)}"
        raise InvalidInputError(msg, field="root_hash")
    return b"".join(
        [
            _SUBTREE_LABEL,
            len(name).to_bytes(1, "big"),
            name,
            timestamp.to_bytes(8, "big"),
            len(log).to_bytes(1, "big"),
            log,
            start.to_bytes(8, "big"),
            end.to_bytes(8, "big"),
            root_hash,
        ]
    )


def cosignature_timestamp(signature: Signature) -> int:
    """The timestamp a cosignature of either type carries (check the signature first)."""
    if len(signature.signature) < _TIMESTAMP_BYTES:
        msg = f"expected a timestamped signature of at least 8 bytes; found {len(signature.signature)}"
        raise MalformedNoteError(msg, field="signature")
    return int.from_bytes(signature.signature[:_TIMESTAMP_BYTES], "big")


def _invalid(name: str, key_id: int, reason: str) -> InvalidSignatureError:
    return InvalidSignatureError(f"invalid cosignature for key {name}+{key_id:08x}: {reason}", name=name, key_id=key_id)


def _split_timestamped(name: str, key_id: int, signature: bytes, size: int) -> tuple[int, bytes]:
    if len(signature) != _TIMESTAMP_BYTES + size:
        raise _invalid(name, key_id, f"expected {_TIMESTAMP_BYTES + size} bytes, found {len(signature)}")
    timestamp = int.from_bytes(signature[:_TIMESTAMP_BYTES], "big")
    if timestamp > MAX_TIMESTAMP:
        raise _invalid(name, key_id, "the timestamp exceeds 2^63 - 1")
    return timestamp, signature[_TIMESTAMP_BYTES:]


def _checkpoint_of(message: bytes) -> Checkpoint:
    try:
        return Checkpoint.from_text(message.decode("utf-8"))
    except UnicodeDecodeError as exc:
        msg = f"expected a UTF-8 checkpoint body; found an invalid byte at offset {exc.start}"
        raise MalformedCheckpointError(msg) from exc


@dataclass(frozen=True)
class CosignatureVerifier:
    """Verifies ``cosignature/v1`` (type 0x04) cosignatures of one cosigner."""

    name: str
    public_key: bytes
    key_id: int = field(init=False)
    _key: ed25519.Ed25519PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if not isinstance(self.public_key, bytes) or len(self.public_key) != _ED25519_KEY_BYTES:
            raise MalformedKeyError("expected an Ed25519 public key of 32 bytes; found another length", field="public_key")
        try:
            key = ed25519.Ed25519PublicKey.from_public_bytes(self.public_key)
        except ValueError as exc:
            raise MalformedKeyError("expected an Ed25519 public key; found bytes that are not one", field="public_key") from exc
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "key_id", compute_key_id(self.name, COSIGNATURE_V1_TYPE + self.public_key))

    @classmethod
    def from_vkey(cls, vkey: str) -> CosignatureVerifier:
        encoded = EncodedKey.from_vkey(vkey)
        return cls(encoded.name, encoded.material(COSIGNATURE_V1_TYPE, _ED25519_KEY_BYTES, what="cosignature/v1", field="vkey"))

    def to_vkey(self) -> str:
        return EncodedKey(self.name, self.key_id, COSIGNATURE_V1_TYPE + self.public_key).to_vkey()

    def verify(self, message: bytes, signature: bytes) -> None:
        timestamp, raw = _split_timestamped(self.name, self.key_id, signature, _ED25519_SIGNATURE_BYTES)
        try:
            self._key.verify(raw, cosignature_v1_message(message.decode("utf-8"), timestamp))
        except (InvalidSignature, UnicodeDecodeError) as exc:
            raise _invalid(self.name, self.key_id, "Ed25519 verification failed") from exc


class Cosigner:
    """Cosigns checkpoints with ``cosignature/v1`` (Ed25519, type 0x04); a note Signer."""

    def __init__(self, name: str, private_key: ed25519.Ed25519PrivateKey, *, clock: Clock = system_clock) -> None:
        self.name = check_key_name(name)
        self._private_key = private_key
        self._clock = clock
        self.public_key = private_key.public_key().public_bytes_raw()
        self.key_id = compute_key_id(name, COSIGNATURE_V1_TYPE + self.public_key)

    @classmethod
    def generate(cls, name: str, *, clock: Clock = system_clock) -> Cosigner:
        return cls(name, ed25519.Ed25519PrivateKey.generate(), clock=clock)

    @classmethod
    def from_skey(cls, skey: str, *, clock: Clock = system_clock) -> Cosigner:
        encoded = EncodedKey.from_skey(skey)
        seed = encoded.material(COSIGNATURE_V1_TYPE, _SEED_BYTES, what="cosignature/v1", field="skey")
        cosigner = cls(encoded.name, ed25519.Ed25519PrivateKey.from_private_bytes(seed), clock=clock)
        if cosigner.key_id != encoded.key_id:
            msg = f"expected key ID {cosigner.key_id:08x} for this name and key; found {encoded.key_id:08x}"
            raise MalformedKeyError(msg, field="skey")
        return cosigner

    def to_skey(self) -> str:
        return EncodedKey(self.name, self.key_id, COSIGNATURE_V1_TYPE + self._private_key.private_bytes_raw()).to_skey()

    def verifier(self) -> CosignatureVerifier:
        return CosignatureVerifier(self.name, self.public_key)

    def sign(self, message: bytes) -> bytes:
        """Cosign the checkpoint body ``message`` at the clock's current time."""
        return self.sign_at(message, timestamp=_now(self._clock))

    def sign_at(self, message: bytes, *, timestamp: int) -> bytes:
        _checkpoint_of(message)  # refuse to cosign anything but a checkpoint
        signed = cosignature_v1_message(message.decode("utf-8"), timestamp)
        return timestamp.to_bytes(_TIMESTAMP_BYTES, "big") + self._private_key.sign(signed)

    def __repr__(self) -> str:
        return f"Cosigner({self.name!r}, key_id={self.key_id:08x})"


@dataclass(frozen=True)
class MLDSACosignatureVerifier:
    """Verifies ``subtree/v1`` (type 0x06, ML-DSA-44) cosignatures of checkpoints by one cosigner."""

    name: str
    public_key: bytes
    key_id: int = field(init=False)
    _key: mldsa.MLDSA44PublicKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_key_name(self.name)
        if not isinstance(self.public_key, bytes) or len(self.public_key) != _MLDSA44_PUBLIC_KEY_BYTES:
            raise MalformedKeyError("expected an ML-DSA-44 public key of 1312 bytes; found another length", field="public_key")
        try:
            key = mldsa.MLDSA44PublicKey.from_public_bytes(self.public_key)
        except ValueError as exc:
            raise MalformedKeyError("expected an ML-DSA-44 public key; found bytes that are not one", field="public_key") from exc
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "key_id", compute_key_id(self.name, SUBTREE_V1_TYPE + self.public_key))

    @classmethod
    def from_vkey(cls, vkey: str) -> MLDSACosignatureVerifier:
        encoded = EncodedKey.from_vkey(vkey)
        return cls(encoded.name, encoded.material(SUBTREE_V1_TYPE, _MLDSA44_PUBLIC_KEY_BYTES, what="subtree/v1", field="vkey"))

    def to_vkey(self) -> str:
        return EncodedKey(self.name, self.key_id, SUBTREE_V1_TYPE + self.public_key).to_vkey()

    def verify(self, message: bytes, signature: bytes) -> None:
        timestamp, raw = _split_timestamped(self.name, self.key_id, signature, _MLDSA44_SIGNATURE_BYTES)
        try:
            checkpoint = _checkpoint_of(message)
        except MalformedCheckpointError as exc:
            raise _invalid(self.name, self.key_id, f"the note is not a checkpoint ({exc.diagnostics()})") from exc
        signed = subtree_v1_message(
            cosigner_name=self.name,
            timestamp=timestamp,
            origin=checkpoint.origin,
            start=0,
            end=checkpoint.size,
            root_hash=checkpoint.root_hash,
        )
        try:
            self._key.verify(raw, signed)
        except InvalidSignature as exc:
            raise _invalid(self.name, self.key_id, "ML-DSA-44 verification failed") from exc


class MLDSACosigner:
    """Cosigns checkpoints with ``subtree/v1`` (ML-DSA-44, type 0x06); a note Signer."""

    def __init__(self, name: str, private_key: mldsa.MLDSA44PrivateKey, *, clock: Clock = system_clock) -> None:
        self.name = check_key_name(name)
        self._private_key = private_key
        self._clock = clock
        self.public_key = private_key.public_key().public_bytes_raw()
        self.key_id = compute_key_id(name, SUBTREE_V1_TYPE + self.public_key)

    @classmethod
    def generate(cls, name: str, *, clock: Clock = system_clock) -> MLDSACosigner:
        return cls(name, mldsa.MLDSA44PrivateKey.generate(), clock=clock)

    @classmethod
    def from_skey(cls, skey: str, *, clock: Clock = system_clock) -> MLDSACosigner:
        encoded = EncodedKey.from_skey(skey)
        seed = encoded.material(SUBTREE_V1_TYPE, _SEED_BYTES, what="subtree/v1", field="skey")
        cosigner = cls(encoded.name, mldsa.MLDSA44PrivateKey.from_seed_bytes(seed), clock=clock)
        if cosigner.key_id != encoded.key_id:
            msg = f"expected key ID {cosigner.key_id:08x} for this name and key; found {encoded.key_id:08x}"
            raise MalformedKeyError(msg, field="skey")
        return cosigner

    def to_skey(self) -> str:
        return EncodedKey(self.name, self.key_id, SUBTREE_V1_TYPE + self._private_key.private_bytes_raw()).to_skey()

    def verifier(self) -> MLDSACosignatureVerifier:
        return MLDSACosignatureVerifier(self.name, self.public_key)

    def sign(self, message: bytes) -> bytes:
        """Cosign the checkpoint body ``message`` at the clock's current time."""
        return self.sign_at(message, timestamp=_now(self._clock))

    def sign_at(self, message: bytes, *, timestamp: int) -> bytes:
        checkpoint = _checkpoint_of(message)
        signed = subtree_v1_message(
            cosigner_name=self.name,
            timestamp=timestamp,
            origin=checkpoint.origin,
            start=0,
            end=checkpoint.size,
            root_hash=checkpoint.root_hash,
        )
        return timestamp.to_bytes(_TIMESTAMP_BYTES, "big") + self._private_key.sign(signed)

    def __repr__(self) -> str:
        return f"MLDSACosigner({self.name!r}, key_id={self.key_id:08x})"
