"""Signed notes of c2sp.org/signed-note, with Ed25519 and an experimental ML-DSA-44 signature type.

A note is UTF-8 text ending in a newline, a blank line, then one line per signature::

    — <key name> <base64(4-byte big-endian key ID ‖ signature)>

The text is split from the signatures at the *last* blank line.  Verification follows the spec:
signatures from unknown keys (name and key ID not both known) are ignored, every signature from a
known key must verify or the whole note is refused, and at least one must verify.  Up to
:data:`MAX_SIGNATURES` (100) signatures are accepted; the spec asks for at least 16.

Key IDs are ``SHA-256(name ‖ 0x0A ‖ signature type ‖ public key)[:4]``.  Keys travel as the
strings of Go's ``golang.org/x/mod/sumdb/note``:

- verifier key ``<name>+<8 hex key ID>+<base64(signature type ‖ public key)>``;
- signer key ``PRIVATE+KEY+<name>+<8 hex key ID>+<base64(signature type ‖ private seed)>``.

Signature types:

- ``0x01`` Ed25519 (RFC 8032) over the note text, as the spec defines.
- :data:`MLDSA44_SIGNATURE_TYPE` — ours, experimental: the reserved byte ``0xff`` followed by the
  identifier ``incamera.org/ml-dsa-44/note/v1`` and a NUL.  The signature is ML-DSA-44 (FIPS 204,
  pure mode, empty context) over the note text, and the public key is the 1,312-byte encoding.
  A NUL can never appear in note text, so these messages cannot collide with the 0x06
  ``subtree/v1`` messages of c2sp.org/tlog-cosignature, which start with one.  Verifiers that do
  not know the type see an unknown key and skip the line, as the spec requires.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa

from incamera.kernel.errors import InvalidInputError, VerificationError

__all__ = [
    "ED25519",
    "ED25519_NOTE_KEY",
    "ED25519_SIGNATURE_TYPE",
    "MAX_NOTE_BYTES",
    "MAX_SIGNATURES",
    "MLDSA44_NOTE_KEY",
    "MLDSA44_SIGNATURE_TYPE",
    "ML_DSA_44",
    "Ed25519Signer",
    "Ed25519Verifier",
    "EncodedKey",
    "InvalidSignatureError",
    "KeySigner",
    "KeyType",
    "KeyVerifier",
    "MLDSASigner",
    "MLDSAVerifier",
    "MalformedKeyError",
    "MalformedNoteError",
    "Note",
    "NoteError",
    "OpenedNote",
    "Signature",
    "SignatureAlgorithm",
    "Signer",
    "UnverifiedNoteError",
    "Verifier",
    "canonical_b64decode",
    "check_key_name",
    "compute_key_id",
    "open_note",
    "sign_note",
    "signer_from_skey",
    "verifier_from_vkey",
    "verify_note",
]

ED25519_SIGNATURE_TYPE = b"\x01"
MLDSA44_SIGNATURE_TYPE = b"\xff" + b"incamera.org/ml-dsa-44/note/v1" + b"\x00"
MAX_SIGNATURES = 100
MAX_NOTE_BYTES = 1 << 20  # 100 ML-DSA-44 signature lines are about 330 kB
SIGNATURE_PREFIX = "— "  # U+2014 EM DASH, U+0020 SPACE

_SEED_BYTES = 32
_HEX_KEY_ID = re.compile(r"[0-9a-f]{8}")


class MalformedNoteError(InvalidInputError):
    """Text that is not a well-formed signed note (the syntax, before any signature is checked)."""

    def __init__(self, message: str, *, field: str = "note") -> None:
        super().__init__(message, field=field)


class MalformedKeyError(InvalidInputError):
    """A key name, verifier key or signer key string that cannot be used."""

    def __init__(self, message: str, *, field: str = "key") -> None:
        super().__init__(message, field=field)


class NoteError(VerificationError):
    """A signed note that does not verify."""


class InvalidSignatureError(NoteError):
    """A signature from a known key that does not verify: the whole note is refused."""

    def __init__(self, message: str, *, name: str, key_id: int) -> None:
        super().__init__(message)
        self.name = name
        self.key_id = key_id


class UnverifiedNoteError(NoteError):
    """A well-formed note without a single signature from a known key."""

    def __init__(self, message: str, *, note: Note) -> None:
        super().__init__(message)
        self.note = note


def check_key_name(name: str, *, field: str = "name") -> str:
    """Return ``name`` if it can name a key: non-empty, no '+', no whitespace or control character."""
    if not isinstance(name, str) or not name:
        raise MalformedKeyError("expected a non-empty key name; found an empty one", field=field)
    for position, char in enumerate(name, start=1):
        if char == "+" or char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF:
            msg = f"expected a key name without '+', spaces or control characters; found U+{ord(char):04X} at position {position}"
            raise MalformedKeyError(msg, field=field)
    return name


def compute_key_id(name: str, key: bytes) -> int:
    """``SHA-256(name ‖ 0x0A ‖ key)[:4]`` as a big-endian integer; ``key`` starts with the type."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8") + b"\n" + key).digest()[:4], "big")


def canonical_b64decode(text: str, *, what: str, error: type[InvalidInputError] = MalformedNoteError) -> bytes:
    """Standard base64 (RFC 4648 §4), refusing any other spelling of the same bytes."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error, ValueError) as exc:
        msg = f"expected {what} in standard base64; found characters or padding that are not"
        raise error(msg) from exc
    if base64.b64encode(raw).decode("ascii") != text:
        msg = f"expected {what} in canonical standard base64; found a non-canonical spelling"
        raise error(msg)
    return raw


def _check_text(text: str, *, field: str) -> None:
    if not isinstance(text, str):
        msg = f"expected text; found {type(text).__name__}"
        raise MalformedNoteError(msg, field=field)
    if not text.endswith("\n"):
        raise MalformedNoteError("expected text ending in a newline; found none at the end", field=field)
    for position, char in enumerate(text, start=1):
        code = ord(char)
        if (code < 0x20 and char != "\n") or 0xD800 <= code <= 0xDFFF:
            msg = f"expected no control characters other than newline; found U+{code:04X} at position {position}"
            raise MalformedNoteError(msg, field=field)


@dataclass(frozen=True)
class EncodedKey:
    """A key as text: ``key`` is the signature type identifier followed by the key material."""

    name: str
    key_id: int
    key: bytes

    def __post_init__(self) -> None:
        check_key_name(self.name)

    def to_vkey(self) -> str:
        return f"{self.name}+{self.key_id:08x}+{base64.b64encode(self.key).decode('ascii')}"

    def to_skey(self) -> str:
        return f"PRIVATE+KEY+{self.to_vkey()}"

    def material(self, signature_type: bytes, size: int, *, what: str, field: str) -> bytes:
        """The key material after ``signature_type``, which must be ``size`` bytes long."""
        if not self.key.startswith(signature_type):
            msg = f"expected a {what} key (type 0x{signature_type.hex()}); found type 0x{self.key[:1].hex()}"
            raise MalformedKeyError(msg, field=field)
        material = self.key[len(signature_type) :]
        if len(material) != size:
            msg = f"expected a {what} key of {size} bytes; found {len(material)}"
            raise MalformedKeyError(msg, field=field)
        return material

    @classmethod
    def from_vkey(cls, text: str) -> EncodedKey:
        """Parse ``<name>+<hex key ID>+<base64 key>`` and check the key ID matches the key."""
        encoded = cls._parse(text, field="vkey")
        if compute_key_id(encoded.name, encoded.key) != encoded.key_id:
            msg = f"expected key ID {compute_key_id(encoded.name, encoded.key):08x} for this name and key; found {encoded.key_id:08x}"
            raise MalformedKeyError(msg, field="vkey")
        return encoded

    @classmethod
    def from_skey(cls, text: str) -> EncodedKey:
        """Parse ``PRIVATE+KEY+<name>+<hex key ID>+<base64 seed>`` (the caller checks the key ID)."""
        if not isinstance(text, str) or not text.startswith("PRIVATE+KEY+"):
            raise MalformedKeyError("expected a signer key starting 'PRIVATE+KEY+'; found something else", field="skey")
        return cls._parse(text.removeprefix("PRIVATE+KEY+"), field="skey")

    @classmethod
    def _parse(cls, text: str, *, field: str) -> EncodedKey:
        if not isinstance(text, str):
            msg = f"expected a key string; found {type(text).__name__}"
            raise MalformedKeyError(msg, field=field)
        parts = text.split("+", 2)
        if len(parts) != 3:  # name, key ID, key
            msg = f"expected <name>+<key ID>+<key>; found {len(parts)} '+'-separated parts"
            raise MalformedKeyError(msg, field=field)
        name, hex_id, b64 = parts
        check_key_name(name, field=field)
        if not _HEX_KEY_ID.fullmatch(hex_id):
            raise MalformedKeyError("expected the key ID as 8 lowercase hex digits; found something else", field=field)
        key = canonical_b64decode(b64, what="the key", error=MalformedKeyError)
        if not key:
            raise MalformedKeyError("expected key material after the key ID; found none", field=field)
        return cls(name=name, key_id=int(hex_id, 16), key=key)


@dataclass(frozen=True)
class Signature:
    """One signature line: who signed (name and key ID) and the raw signature bytes."""

    name: str
    key_id: int
    signature: bytes

    def __post_init__(self) -> None:
        try:
            check_key_name(self.name)
        except MalformedKeyError as exc:
            raise MalformedNoteError(exc.message, field="signature") from exc
        if not 0 <= self.key_id < 1 << 32:
            msg = f"expected a 32-bit key ID; found {self.key_id}"
            raise MalformedNoteError(msg, field="signature")
        if not self.signature:
            raise MalformedNoteError("expected signature bytes after the key ID; found none", field="signature")

    def to_line(self) -> str:
        payload = self.key_id.to_bytes(4, "big") + self.signature
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(payload).decode('ascii')}\n"

    @classmethod
    def from_line(cls, line: str) -> Signature:
        """Parse one signature line, without its final newline."""
        if not line.startswith(SIGNATURE_PREFIX):
            raise MalformedNoteError("expected a signature line starting with '— ' (em dash, space); found another start")
        name, space, b64 = line.removeprefix(SIGNATURE_PREFIX).partition(" ")
        if not space:
            raise MalformedNoteError("expected '— <name> <signature>'; found no space after the name")
        try:
            check_key_name(name)
        except MalformedKeyError as exc:
            raise MalformedNoteError(f"signature line: {exc.message}") from exc
        payload = canonical_b64decode(b64, what="the signature")
        if len(payload) < 5:  # a 4-byte key ID and at least one byte of signature
            msg = f"expected a key ID and a signature (at least 5 bytes); found {len(payload)} bytes"
            raise MalformedNoteError(msg)
        return cls(name=name, key_id=int.from_bytes(payload[:4], "big"), signature=payload[4:])


@dataclass(frozen=True)
class Note:
    """A note's text (ending in a newline) and its signatures, none of them checked yet."""

    text: str
    signatures: tuple[Signature, ...] = ()

    def __post_init__(self) -> None:
        _check_text(self.text, field="text")
        if len(self.signatures) > MAX_SIGNATURES:
            msg = f"expected at most {MAX_SIGNATURES} signatures; found {len(self.signatures)}"
            raise MalformedNoteError(msg)

    def to_text(self) -> str:
        if not self.signatures:
            raise MalformedNoteError("expected at least one signature to write a signed note; found none")
        return self.text + "\n" + "".join(signature.to_line() for signature in self.signatures)

    @classmethod
    def from_text(cls, message: str | bytes) -> Note:
        """Parse a signed note; raise :class:`MalformedNoteError` naming the first problem."""
        if isinstance(message, bytes):
            if len(message) > MAX_NOTE_BYTES:
                msg = f"expected a note of at most {MAX_NOTE_BYTES} bytes; found {len(message)}"
                raise MalformedNoteError(msg)
            try:
                message = message.decode("utf-8")
            except UnicodeDecodeError as exc:
                msg = f"expected UTF-8; found an invalid byte at offset {exc.start}"
                raise MalformedNoteError(msg) from exc
        if not isinstance(message, str):
            msg = f"expected text or bytes; found {type(message).__name__}"
            raise MalformedNoteError(msg)
        if len(message) > MAX_NOTE_BYTES:
            msg = f"expected a note of at most {MAX_NOTE_BYTES} bytes; found {len(message)} characters"
            raise MalformedNoteError(msg)
        _check_text(message, field="note")
        split = message.rfind("\n\n")
        if split < 0:
            raise MalformedNoteError("expected a blank line between the text and the signatures; found none")
        text, block = message[: split + 1], message[split + 2 :]
        if not block:
            raise MalformedNoteError("expected at least one signature line after the last blank line; found none")
        lines = block[:-1].split("\n")
        if len(lines) > MAX_SIGNATURES:
            msg = f"expected at most {MAX_SIGNATURES} signatures; found {len(lines)}"
            raise MalformedNoteError(msg)
        signatures = []
        for number, line in enumerate(lines, start=1):
            try:
                signatures.append(Signature.from_line(line))
            except MalformedNoteError as exc:
                raise MalformedNoteError(exc.message, field=f"signature line {number}") from exc
        return cls(text=text, signatures=tuple(signatures))


class Verifier(Protocol):
    """Checks signatures made by one key."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def verify(self, message: bytes, signature: bytes) -> None:
        """Return if ``signature`` (without the key ID) signs ``message``; else raise InvalidSignatureError."""
        ...


class Signer(Protocol):
    """Signs note texts with one key."""

    @property
    def name(self) -> str: ...

    @property
    def key_id(self) -> int: ...

    def sign(self, message: bytes) -> bytes:
        """The signature bytes over the note text ``message``, without the key ID."""
        ...


@dataclass(frozen=True)
class OpenedNote:
    """A note that verified: its text, the signatures that verified, and the ones skipped."""

    text: str
    verified: tuple[Signature, ...]
    unverified: tuple[Signature, ...] = field(default=())


def _index_verifiers(verifiers: Iterable[Verifier]) -> dict[tuple[str, int], Verifier]:
    known: dict[tuple[str, int], Verifier] = {}
    for verifier in verifiers:
        key = (verifier.name, verifier.key_id)
        if key in known and known[key] != verifier:
            msg = f"expected one verifier per name and key ID; found two for {verifier.name}+{verifier.key_id:08x}"
            raise MalformedKeyError(msg, field="verifiers")
        known[key] = verifier
    return known


def _check_signatures(note: Note, verifiers: Iterable[Verifier]) -> OpenedNote:
    known = _index_verifiers(verifiers)
    message = note.text.encode("utf-8")
    verified: dict[tuple[str, int], Signature] = {}
    unverified: dict[Signature, None] = {}
    for signature in note.signatures:
        key = (signature.name, signature.key_id)
        verifier = known.get(key)
        if verifier is None:
            unverified.setdefault(signature)
            continue
        verifier.verify(message, signature.signature)  # every line from a known key must verify
        verified.setdefault(key, signature)
    if not verified:
        names = ", ".join(sorted({f"{s.name}+{s.key_id:08x}" for s in note.signatures}))
        msg = f"expected a signature from a known key; found only {names}"
        raise UnverifiedNoteError(msg, note=note)
    return OpenedNote(text=note.text, verified=tuple(verified.values()), unverified=tuple(unverified))


def verify_note(note: Note, *, verifiers: Iterable[Verifier]) -> None:
    """Return if ``note`` carries a valid signature from a known key and no invalid one; else raise."""
    _check_signatures(note, verifiers)


def open_note(message: str | bytes, *, verifiers: Iterable[Verifier]) -> OpenedNote:
    """Parse and verify a signed note; raise MalformedNoteError or a NoteError if it fails."""
    return _check_signatures(Note.from_text(message), verifiers)


def sign_note(note: Note | str, signers: Sequence[Signer]) -> Note:
    """Add each signer's signature, replacing any earlier one by the same name and key ID."""
    if isinstance(note, str):
        note = Note(text=note)
    message = note.text.encode("utf-8")
    replaced = {(signer.name, signer.key_id) for signer in signers}
    signatures = [s for s in note.signatures if (s.name, s.key_id) not in replaced]
    signatures += [Signature(name=signer.name, key_id=signer.key_id, signature=signer.sign(message)) for signer in signers]
    return Note(text=note.text, signatures=tuple(signatures))


@dataclass(frozen=True)
class SignatureAlgorithm:
    """A public-key signature algorithm as ``cryptography`` offers it, with its sizes."""

    name: str
    public_key_bytes: int
    signature_bytes: int
    load_public_key: Callable[[bytes], Any]
    generate: Callable[[], Any]
    from_seed: Callable[[bytes], Any]


ED25519 = SignatureAlgorithm(
    "Ed25519",
    public_key_bytes=32,
    signature_bytes=64,
    load_public_key=ed25519.Ed25519PublicKey.from_public_bytes,
    generate=ed25519.Ed25519PrivateKey.generate,
    from_seed=ed25519.Ed25519PrivateKey.from_private_bytes,
)
ML_DSA_44 = SignatureAlgorithm(
    "ML-DSA-44",
    public_key_bytes=1312,
    signature_bytes=2420,
    load_public_key=mldsa.MLDSA44PublicKey.from_public_bytes,
    generate=mldsa.MLDSA44PrivateKey.generate,
    from_seed=mldsa.MLDSA44PrivateKey.from_seed_bytes,
)


@dataclass(frozen=True)
class KeyType:
    """A signed-note key type: the signature type that prefixes its keys (and enters its key IDs),
    its algorithm, and the name messages give it."""

    signature_type: bytes
    algorithm: SignatureAlgorithm
    label: str


@dataclass(frozen=True)
class KeyVerifier:
    """Checks one key's signatures over note texts; a subclass names its KEY_TYPE.

    The checks every key type shares are written here once: the key name, the public key's size
    and encoding, the key ID, the vkey string, the signature's length and the verification.
    """

    KEY_TYPE: ClassVar[KeyType]
    SIGNATURE_WORD: ClassVar[str] = "signature"

    name: str
    public_key: bytes
    key_id: int = field(init=False)
    _key: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_key_name(self.name)
        algorithm = self.KEY_TYPE.algorithm
        if not isinstance(self.public_key, bytes) or len(self.public_key) != algorithm.public_key_bytes:
            msg = f"expected an {algorithm.name} public key of {algorithm.public_key_bytes} bytes; found another length"
            raise MalformedKeyError(msg, field="public_key")
        try:
            key = algorithm.load_public_key(self.public_key)
        except ValueError as exc:
            msg = f"expected an {algorithm.name} public key; found bytes that are not one"
            raise MalformedKeyError(msg, field="public_key") from exc
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "key_id", compute_key_id(self.name, self.KEY_TYPE.signature_type + self.public_key))

    @classmethod
    def from_vkey(cls, vkey: str) -> Self:
        encoded = EncodedKey.from_vkey(vkey)
        kind = cls.KEY_TYPE
        return cls(encoded.name, encoded.material(kind.signature_type, kind.algorithm.public_key_bytes, what=kind.label, field="vkey"))

    def to_vkey(self) -> str:
        return EncodedKey(self.name, self.key_id, self.KEY_TYPE.signature_type + self.public_key).to_vkey()

    def verify(self, message: bytes, signature: bytes) -> None:
        """Return if ``signature`` (without the key ID) signs ``message``; else raise InvalidSignatureError."""
        self._check(message, signature)

    def _check(self, signed: bytes, signature: bytes) -> None:
        algorithm = self.KEY_TYPE.algorithm
        if len(signature) != algorithm.signature_bytes:
            raise self._invalid(f"expected {algorithm.signature_bytes} bytes, found {len(signature)}")
        try:
            self._key.verify(signature, signed)
        except InvalidSignature as exc:
            raise self._invalid(f"{algorithm.name} verification failed") from exc

    def _invalid(self, reason: str) -> InvalidSignatureError:
        msg = f"invalid {self.SIGNATURE_WORD} for key {self.name}+{self.key_id:08x}: {reason}"
        return InvalidSignatureError(msg, name=self.name, key_id=self.key_id)


class KeySigner:
    """Signs with one key of KEY_TYPE; a subclass names its KEY_TYPE and its VERIFIER class.
    Key generation, the skey string and its key-ID check are written here once."""

    KEY_TYPE: ClassVar[KeyType]
    VERIFIER: ClassVar[type[KeyVerifier]]

    def __init__(self, name: str, private_key: Any) -> None:
        self.name = check_key_name(name)
        self._private_key = private_key
        self.public_key: bytes = private_key.public_key().public_bytes_raw()
        self.key_id = compute_key_id(name, self.KEY_TYPE.signature_type + self.public_key)

    @classmethod
    def generate(cls, name: str, **options: Any) -> Self:
        return cls(name, cls.KEY_TYPE.algorithm.generate(), **options)

    @classmethod
    def from_skey(cls, skey: str, **options: Any) -> Self:
        encoded = EncodedKey.from_skey(skey)
        seed = encoded.material(cls.KEY_TYPE.signature_type, _SEED_BYTES, what=cls.KEY_TYPE.label, field="skey")
        signer = cls(encoded.name, cls.KEY_TYPE.algorithm.from_seed(seed), **options)
        if signer.key_id != encoded.key_id:
            msg = f"expected key ID {signer.key_id:08x} for this name and key; found {encoded.key_id:08x}"
            raise MalformedKeyError(msg, field="skey")
        return signer

    def to_skey(self) -> str:
        return EncodedKey(self.name, self.key_id, self.KEY_TYPE.signature_type + self._private_key.private_bytes_raw()).to_skey()

    def verifier(self) -> KeyVerifier:
        return self.VERIFIER(self.name, self.public_key)

    def sign(self, message: bytes) -> bytes:
        """The signature bytes over the note text ``message``, without the key ID."""
        return bytes(self._private_key.sign(message))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, key_id={self.key_id:08x})"


ED25519_NOTE_KEY = KeyType(ED25519_SIGNATURE_TYPE, ED25519, "Ed25519")
MLDSA44_NOTE_KEY = KeyType(MLDSA44_SIGNATURE_TYPE, ML_DSA_44, "ML-DSA-44")


@dataclass(frozen=True)
class Ed25519Verifier(KeyVerifier):
    """Verifies Ed25519 (type 0x01) note signatures of one key."""

    KEY_TYPE = ED25519_NOTE_KEY


class Ed25519Signer(KeySigner):
    """Signs notes with an Ed25519 key (type 0x01)."""

    KEY_TYPE = ED25519_NOTE_KEY
    VERIFIER = Ed25519Verifier


@dataclass(frozen=True)
class MLDSAVerifier(KeyVerifier):
    """Verifies our experimental ML-DSA-44 note signatures (:data:`MLDSA44_SIGNATURE_TYPE`)."""

    KEY_TYPE = MLDSA44_NOTE_KEY


class MLDSASigner(KeySigner):
    """Signs notes with an ML-DSA-44 key under our experimental signature type."""

    KEY_TYPE = MLDSA44_NOTE_KEY
    VERIFIER = MLDSAVerifier


_NOTE_KEYS: tuple[tuple[KeyType, type[KeyVerifier], type[KeySigner]], ...] = (
    (MLDSA44_NOTE_KEY, MLDSAVerifier, MLDSASigner),
    (ED25519_NOTE_KEY, Ed25519Verifier, Ed25519Signer),
)


def _note_key(encoded: EncodedKey, *, field: str) -> tuple[type[KeyVerifier], type[KeySigner]]:
    for kind, verifier, signer in _NOTE_KEYS:
        if encoded.key.startswith(kind.signature_type):
            return verifier, signer
    msg = f"expected a note-signing key (type 0x01 or 0x{MLDSA44_SIGNATURE_TYPE.hex()}); found type 0x{encoded.key[:1].hex()}"
    raise MalformedKeyError(msg, field=field)


def verifier_from_vkey(vkey: str) -> KeyVerifier:
    """A verifier for a note-signing key of type 0x01 or our ML-DSA-44 type."""
    verifier, _signer = _note_key(EncodedKey.from_vkey(vkey), field="vkey")
    return verifier.from_vkey(vkey)


def signer_from_skey(skey: str) -> KeySigner:
    """A signer for a note-signing key of type 0x01 or our ML-DSA-44 type."""
    _verifier, signer = _note_key(EncodedKey.from_skey(skey), field="skey")
    return signer.from_skey(skey)
