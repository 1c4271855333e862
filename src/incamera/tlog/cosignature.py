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

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import InvalidInputError
from incamera.tlog.checkpoint import Checkpoint, MalformedCheckpointError
from incamera.tlog.merkle import HASH_SIZE
from incamera.tlog.note import ED25519, ML_DSA_44, KeySigner, KeyType, KeyVerifier, MalformedNoteError, Signature

__all__ = [
    "COSIGNATURE_V1_KEY",
    "COSIGNATURE_V1_TYPE",
    "MAX_TIMESTAMP",
    "SUBTREE_V1_KEY",
    "SUBTREE_V1_TYPE",
    "CosignatureKeyType",
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


def _split_timestamped(signature: bytes, size: int) -> tuple[int, bytes] | str:
    """(timestamp, signature) of a ``timestamped_signature``, or why it is not one."""
    if len(signature) != _TIMESTAMP_BYTES + size:
        return f"expected {_TIMESTAMP_BYTES + size} bytes, found {len(signature)}"
    timestamp = int.from_bytes(signature[:_TIMESTAMP_BYTES], "big")
    if timestamp > MAX_TIMESTAMP:
        return "the timestamp exceeds 2^63 - 1"
    return timestamp, signature[_TIMESTAMP_BYTES:]


def _checkpoint_of(message: bytes) -> Checkpoint:
    try:
        return Checkpoint.from_text(message.decode("utf-8"))
    except UnicodeDecodeError as exc:
        msg = f"expected a UTF-8 checkpoint body; found an invalid byte at offset {exc.start}"
        raise MalformedCheckpointError(msg) from exc


def _cosignature_v1_signed(cosigner_name: str, message: bytes, timestamp: int) -> bytes:
    return cosignature_v1_message(message.decode("utf-8"), timestamp)


def _subtree_v1_signed(cosigner_name: str, message: bytes, timestamp: int) -> bytes:
    checkpoint = _checkpoint_of(message)
    return subtree_v1_message(
        cosigner_name=cosigner_name,
        timestamp=timestamp,
        origin=checkpoint.origin,
        start=0,
        end=checkpoint.size,
        root_hash=checkpoint.root_hash,
    )


@dataclass(frozen=True)
class CosignatureKeyType(KeyType):
    """A cosignature key type, with what its timestamped signature covers: ``signed(cosigner
    name, checkpoint body, timestamp)``."""

    signed: Callable[[str, bytes, int], bytes]


@dataclass(frozen=True)
class _CosignatureVerifier(KeyVerifier):
    """Verifies one cosigner's ``timestamped_signature`` over what SIGNED builds from the
    checkpoint body and the timestamp; the key checks are the note verifier's."""

    KEY_TYPE: ClassVar[CosignatureKeyType]
    SIGNATURE_WORD = "cosignature"

    def verify(self, message: bytes, signature: bytes) -> None:
        split = _split_timestamped(signature, self.KEY_TYPE.algorithm.signature_bytes)
        if isinstance(split, str):
            raise self._invalid(split)
        timestamp, raw = split
        try:
            signed = self.KEY_TYPE.signed(self.name, message, timestamp)
        except UnicodeDecodeError as exc:
            raise self._invalid(f"{self.KEY_TYPE.algorithm.name} verification failed") from exc
        except MalformedCheckpointError as exc:
            raise self._invalid(f"the note is not a checkpoint ({exc.diagnostics()})") from exc
        self._check(signed, raw)


class _Cosigner(KeySigner):
    """Cosigns checkpoints (and nothing else) at the clock's time; a note Signer."""

    KEY_TYPE: ClassVar[CosignatureKeyType]

    def __init__(self, name: str, private_key: Any, *, clock: Clock = system_clock) -> None:
        super().__init__(name, private_key)
        self._clock = clock

    def sign(self, message: bytes) -> bytes:
        """Cosign the checkpoint body ``message`` at the clock's current time."""
        return self.sign_at(message, timestamp=_now(self._clock))

    def sign_at(self, message: bytes, *, timestamp: int) -> bytes:
        _checkpoint_of(message)  # refuse to cosign anything but a checkpoint
        signed = self.KEY_TYPE.signed(self.name, message, _check_timestamp(timestamp))
        return timestamp.to_bytes(_TIMESTAMP_BYTES, "big") + bytes(self._private_key.sign(signed))


COSIGNATURE_V1_KEY = CosignatureKeyType(COSIGNATURE_V1_TYPE, ED25519, "cosignature/v1", signed=_cosignature_v1_signed)
SUBTREE_V1_KEY = CosignatureKeyType(SUBTREE_V1_TYPE, ML_DSA_44, "subtree/v1", signed=_subtree_v1_signed)


@dataclass(frozen=True)
class CosignatureVerifier(_CosignatureVerifier):
    """Verifies ``cosignature/v1`` (type 0x04) cosignatures of one cosigner."""

    KEY_TYPE = COSIGNATURE_V1_KEY


class Cosigner(_Cosigner):
    """Cosigns checkpoints with ``cosignature/v1`` (Ed25519, type 0x04)."""

    KEY_TYPE = COSIGNATURE_V1_KEY
    VERIFIER = CosignatureVerifier


@dataclass(frozen=True)
class MLDSACosignatureVerifier(_CosignatureVerifier):
    """Verifies ``subtree/v1`` (type 0x06, ML-DSA-44) cosignatures of checkpoints by one cosigner."""

    KEY_TYPE = SUBTREE_V1_KEY


class MLDSACosigner(_Cosigner):
    """Cosigns checkpoints with ``subtree/v1`` (ML-DSA-44, type 0x06)."""

    KEY_TYPE = SUBTREE_V1_KEY
    VERIFIER = MLDSACosignatureVerifier
