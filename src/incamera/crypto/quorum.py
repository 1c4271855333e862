"""A custodian quorum (issue 15, §5): a meeting key that only k of its n custodians, together,
can release.  Shamir's secret sharing (Shamir, "How to Share a Secret", CACM 22(11), 1979) over
GF(2^128), from pycryptodome (``Crypto.Protocol.SecretSharing.Shamir``); AES-256-GCM (NIST SP
800-38D) through ``envelope.wrap_key``; each share wrapped to its custodian's X25519 + ML-KEM-768
key through ``hybrid.wrap_for_custodian``.

**Why a wrapping key is split, not the meeting key.**  pycryptodome splits 16-byte secrets only,
and Shamir shares carry no integrity: k shares of which one is altered, or one comes from
another quorum, interpolate to *some* secret, silently wrong.  So ``split`` draws a fresh
256-bit key-wrapping key W, wraps the meeting key under W with AES-256-GCM, and shares W; a wrong
combination gives a wrong W, whose GCM tag fails (``QuorumMismatchError``), and never a wrong
meeting key.  W is 256 bits, as every key here is (the custody is post-quantum, and a 128-bit W
would be the one key a quantum search halves to 64 bits): its two 16-byte halves are shared
separately, with the same indices, so a custodian's share is the pair of their two points.

**Threat model.**  Fewer than k shares say nothing about either half of W: over a field, k − 1
points of a random polynomial of degree k − 1 leave its constant term uniform.  The server holds
the quorum: the wrapped meeting key, each share wrapped to its custodian's hybrid public key
(secret while X25519 *or* ML-KEM-768 holds), and a SHA-256 commitment to each share, so that a
bad share is named on submission rather than found when the k-th arrives.  The commitments make
the secrecy of W computational (a 256-bit preimage search), as the GCM wrap already does.
Submitted shares are in the server's hands in clear: t < k of them reveal nothing, k of them
release the key, which is the point.  A custodian who submits a wrong share cannot make the
quorum release a wrong key; they can only refuse, as they could by staying away.  The quorum
protects a meeting key only where the server holds no other copy of it (its KEK wrap deleted).

Formats, version 1 (``id`` is 16 random bytes naming the quorum; ``k``, ``n``, an index: 1 byte)::

    W = W1 ‖ W2 (16 + 16 bytes, fresh)          (i, y1_i) = Shamir.split(k, n, W1)[i - 1], same for W2
    share value v_i = y1_i ‖ y2_i (32 bytes)    i = 1 … n, in the order of the custodians given

    wrapped key   = envelope.wrap_key(W, meeting key, aad = "incamera/quorum/v1/meeting-key" 0x00
                                      ‖ id ‖ k ‖ n ‖ context)                         (61 bytes)
    commitment_i  = SHA-256("incamera/quorum/v1/commitment" 0x00 ‖ id ‖ i ‖ v_i)       (32 bytes)
    wrapped share = "ICQW" ‖ 0x01 ‖ id ‖ i ‖ k ‖ n ‖ hybrid.wrap_for_custodian(pk_i, v_i,
                    aad = "incamera/quorum/v1/share" 0x00 ‖ the 24 bytes before ‖ context)
                                                                                  (1,197 bytes)
    share (``Share.to_bytes``) = "ICQS" ‖ 0x01 ‖ id ‖ i ‖ v_i     (54 bytes; ``to_text``: base64)

    quorum (``Quorum.to_json``) = {"format": "incamera-quorum/v1", "id": b64, "k": k, "n": n,
        "wrapped_key": b64, "shares": [{"index": i, "commitment": b64, "wrapped": b64}, … n]}

(b64: standard padded base64.)  ``context`` names what the quorum guards, e.g. ``b"incamera meeting
42 sealed-release"``; it is bound into every wrap, so a quorum or a share moved to another meeting
does not open.  ``combine`` interpolates exactly k shares (pycryptodome asks for exactly k), the
lowest indices given, after checking every share given against its commitment.  A custodian
holds one share: ``split`` refuses the same public key twice.

Pure: no Django.  The caller logs each step (quorum created, share submitted, released).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from Crypto.Protocol.SecretSharing import Shamir

from incamera.crypto import envelope, hybrid
from incamera.kernel.errors import InvalidInputError, VerificationError

__all__ = [
    "FORMAT",
    "MAX_CUSTODIANS",
    "SHARE_BYTES",
    "SHARE_FILE_FORMAT",
    "WRAPPED_SHARE_BYTES",
    "MalformedQuorumError",
    "Progress",
    "Quorum",
    "QuorumMismatchError",
    "Share",
    "ShareMismatchError",
    "combine",
    "open_share",
    "progress",
    "record_context",
    "record_meeting",
    "split",
    "verify_share",
]

FORMAT = "incamera-quorum/v1"
SHARE_FILE_FORMAT = "incamera-wrapped-share/1"  # what a custodian downloads: their wrapped share and its context
_RECORD_CONTEXT = re.compile(r"incamera meeting ([0-9]{1,18}) sealed record")
MAX_CUSTODIANS = 64  # combine costs O(k²) products in GF(2^128): about 0.2 s at k = 64 in pure Python

_VERSION = 1
_ID = 16
_HALF = 16  # what pycryptodome's Shamir splits
_VALUE = 2 * _HALF
_DIGEST = 32
_WRAP_MAGIC = b"ICQW"
_SHARE_MAGIC = b"ICQS"
_WRAP_HEADER = len(_WRAP_MAGIC) + 1 + _ID + 3
_HYBRID_WRAP = 5 + 32 + 1088 + _VALUE + 16  # hybrid.py's wrap of a 32-byte secret
WRAPPED_SHARE_BYTES = _WRAP_HEADER + _HYBRID_WRAP
SHARE_BYTES = len(_SHARE_MAGIC) + 1 + _ID + 1 + _VALUE
_WRAPPED_KEY_BYTES = 1 + 12 + envelope.KEY_BYTES + 16  # envelope.wrap_key of a 32-byte key

_KEY_LABEL = b"incamera/quorum/v1/meeting-key\x00"
_COMMITMENT_LABEL = b"incamera/quorum/v1/commitment\x00"
_SHARE_LABEL = b"incamera/quorum/v1/share\x00"


class MalformedQuorumError(InvalidInputError):
    """A quorum, share or wrapped share that does not parse; ``field`` names the part at fault."""

    def __init__(self, message: str, *, field: str = "quorum") -> None:
        super().__init__(message, field=field)


class QuorumMismatchError(VerificationError):
    """Shares that do not open this quorum: altered, opened from another quorum, or combined under
    the wrong context (or the quorum's wrapped key was altered).  No key is returned."""


class ShareMismatchError(QuorumMismatchError):
    """One share, ``index``, that is not this quorum's: it fails its commitment or names another quorum."""

    def __init__(self, message: str, *, index: int) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True)
class Share:
    """A custodian's opened share: the quorum it belongs to, its index (1 … n) and its secret value."""

    quorum_id: bytes
    index: int
    value: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.quorum_id) != _ID:
            raise MalformedQuorumError(f"share: quorum id is {len(self.quorum_id)} bytes; expected {_ID}", field="share")
        if isinstance(self.index, bool) or not isinstance(self.index, int) or not 1 <= self.index <= MAX_CUSTODIANS:
            raise MalformedQuorumError(f"share: index is {self.index!r}; expected 1–{MAX_CUSTODIANS}", field="share")
        if len(self.value) != _VALUE:
            raise MalformedQuorumError(f"share: value is {len(self.value)} bytes; expected {_VALUE}", field="share")

    def to_bytes(self) -> bytes:
        return _SHARE_MAGIC + bytes([_VERSION]) + self.quorum_id + bytes([self.index]) + self.value

    @classmethod
    def from_bytes(cls, data: bytes) -> Share:
        if len(data) != SHARE_BYTES:
            raise MalformedQuorumError(f"share is {len(data)} bytes; expected {SHARE_BYTES}", field="share")
        if data[:4] != _SHARE_MAGIC or data[4] != _VERSION:
            expected = (_SHARE_MAGIC + bytes([_VERSION])).hex()
            raise MalformedQuorumError(f"share starts {data[:5].hex()}; expected {expected} (version {_VERSION})", field="share")
        return cls(data[5 : 5 + _ID], data[5 + _ID], data[6 + _ID :])

    def to_text(self) -> str:
        """One line of standard base64: what a custodian pastes to submit their share."""
        return base64.b64encode(self.to_bytes()).decode()

    @classmethod
    def from_text(cls, text: str) -> Share:
        return cls.from_bytes(_b64(text.strip(), "share"))


@dataclass(frozen=True)
class Quorum:
    """What the server keeps: the meeting key wrapped under W, and share i (1 … n) wrapped to
    custodian i with its commitment.  Nothing in it opens without k custodians' private keys."""

    id: bytes
    k: int
    n: int
    wrapped_key: bytes
    commitments: tuple[bytes, ...]
    wrapped_shares: tuple[bytes, ...]

    def wrapped_share(self, index: int) -> bytes:
        """The share wrapped to custodian ``index`` (1 … n), for them to open with ``open_share``."""
        _check_index(self, index)
        return self.wrapped_shares[index - 1]

    def to_json(self) -> str:
        shares = [
            {"index": i, "commitment": _to_b64(c), "wrapped": _to_b64(w)}
            for i, (c, w) in enumerate(zip(self.commitments, self.wrapped_shares, strict=True), start=1)
        ]
        document = {"format": FORMAT, "id": _to_b64(self.id), "k": self.k, "n": self.n, "wrapped_key": _to_b64(self.wrapped_key)}
        return json.dumps({**document, "shares": shares}, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> Quorum:
        """The quorum ``to_json`` wrote, or ``MalformedQuorumError`` naming the field at fault."""
        try:
            document = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MalformedQuorumError(f"quorum is not JSON ({exc})") from exc
        _check_keys(document, {"format", "id", "k", "n", "wrapped_key", "shares"}, "quorum")
        if document["format"] != FORMAT:
            raise MalformedQuorumError(f"quorum format is {document['format']!r}; expected {FORMAT!r}", field="version")
        n = _int(document["n"], "n", 1, MAX_CUSTODIANS)
        k = _int(document["k"], "k", 1, n)
        quorum_id = _sized(document["id"], "id", _ID)
        wrapped_key = _sized(document["wrapped_key"], "wrapped_key", _WRAPPED_KEY_BYTES)
        shares = document["shares"]
        if not isinstance(shares, list) or len(shares) != n:
            found = f"{len(shares)} entries" if isinstance(shares, list) else type(shares).__name__
            raise MalformedQuorumError(f"shares: expected a list of n = {n} entries; found {found}", field="shares")
        commitments, wrapped = [], []
        for position, entry in enumerate(shares, start=1):
            where = f"shares[{position - 1}]"
            _check_keys(entry, {"index", "commitment", "wrapped"}, where)
            if _int(entry["index"], f"{where}.index", 1, n) != position:
                raise MalformedQuorumError(f"{where}.index is {entry['index']}; expected {position} (shares in order)", field=where)
            commitments.append(_sized(entry["commitment"], f"{where}.commitment", _DIGEST))
            blob = _sized(entry["wrapped"], f"{where}.wrapped", WRAPPED_SHARE_BYTES)
            if _parse_wrapped(blob)[:4] != (quorum_id, position, k, n):
                msg = f"{where}.wrapped is not share {position} of this quorum (its header names another quorum, index, k or n)"
                raise MalformedQuorumError(msg, field=where)
            wrapped.append(blob)
        return cls(quorum_id, k, n, wrapped_key, tuple(commitments), tuple(wrapped))


@dataclass(frozen=True)
class Progress:
    """Distinct valid shares submitted, of those needed: shown as "t of k"."""

    submitted: int
    needed: int

    @property
    def complete(self) -> bool:
        return self.submitted >= self.needed

    def __str__(self) -> str:
        return f"{self.submitted} of {self.needed}"


def split(meeting_key: bytes, *, k: int, custodians: Sequence[hybrid.CustodianPublicKey], context: bytes) -> Quorum:
    """A quorum in which any ``k`` of ``custodians`` (share i to the i-th, from 1) release ``meeting_key``."""
    if len(meeting_key) != envelope.KEY_BYTES:
        raise InvalidInputError(f"meeting key is {len(meeting_key)} bytes; expected {envelope.KEY_BYTES}", field="key")
    n = len(custodians)
    if not 1 <= n <= MAX_CUSTODIANS:
        raise InvalidInputError(f"a quorum has {n} custodians; expected 1–{MAX_CUSTODIANS}", field="custodians")
    if isinstance(k, bool) or not 1 <= k <= n:
        raise InvalidInputError(f"k is {k!r}; expected 1–{n} (the number of custodians)", field="k")
    publics = [custodian.to_bytes() for custodian in custodians]
    seen: dict[bytes, int] = {}
    for position, public in enumerate(publics, start=1):
        if public in seen:
            msg = f"custodians {seen[public]} and {position} have the same public key; each custodian holds one share"
            raise InvalidInputError(msg, field="custodians")
        seen[public] = position
    _check_context(context)
    quorum_id = secrets.token_bytes(_ID)
    wrapping_key = secrets.token_bytes(_VALUE)
    first = Shamir.split(k, n, wrapping_key[:_HALF])
    second = Shamir.split(k, n, wrapping_key[_HALF:])
    commitments, wrapped = [], []
    for (index, y1), (index2, y2), public in zip(first, second, publics, strict=True):
        assert index == index2
        value = y1 + y2
        header = _WRAP_MAGIC + bytes([_VERSION]) + quorum_id + bytes([index, k, n])
        commitments.append(_commitment(quorum_id, index, value))
        wrapped.append(header + hybrid.wrap_for_custodian(public, value, aad=_SHARE_LABEL + header + context))
    key_aad = _key_aad(quorum_id, k, n, context)
    return Quorum(quorum_id, k, n, envelope.wrap_key(wrapping_key, meeting_key, aad=key_aad), tuple(commitments), tuple(wrapped))


def open_share(wrapped_share: bytes, private: hybrid.CustodianPrivateKey, *, context: bytes) -> Share:
    """The custodian's step, on their side: their share, unwrapped with their own private key.
    ``DecryptionError`` (``crypto.envelope``) when the key is another custodian's, the context
    another quorum's, or the bytes were altered; ``MalformedQuorumError`` when it is no wrapped share."""
    _check_context(context)
    if len(wrapped_share) != WRAPPED_SHARE_BYTES:
        msg = f"wrapped share is {len(wrapped_share)} bytes; expected {WRAPPED_SHARE_BYTES}"
        raise MalformedQuorumError(msg, field="wrapped_share")
    quorum_id, index, _k, _n, header = _parse_wrapped(wrapped_share)
    value = hybrid.unwrap_as_custodian(private, wrapped_share[_WRAP_HEADER:], aad=_SHARE_LABEL + header + context)
    return Share(quorum_id, index, value)


def verify_share(quorum: Quorum, share: Share) -> None:
    """Return if ``share`` is this quorum's share ``share.index``; else ``ShareMismatchError``
    (``InvalidInputError`` for an index the quorum does not have).  For a submission, before k arrive."""
    _check_index(quorum, share.index)
    if not hmac.compare_digest(share.quorum_id, quorum.id):
        msg = f"share {share.index} was opened from another quorum ({share.quorum_id.hex()}; this one is {quorum.id.hex()})"
        raise ShareMismatchError(f"the shares do not open this quorum: {msg}", index=share.index)
    if not hmac.compare_digest(_commitment(quorum.id, share.index, share.value), quorum.commitments[share.index - 1]):
        msg = f"share {share.index} does not match its commitment (altered, or not the share wrapped to custodian {share.index})"
        raise ShareMismatchError(f"the shares do not open this quorum: {msg}", index=share.index)


def progress(quorum: Quorum, shares: Sequence[Share]) -> Progress:
    """How many distinct shares of this quorum are among ``shares`` (others are not counted), of k."""
    valid = set()
    for share in shares:
        try:
            verify_share(quorum, share)
        except (InvalidInputError, VerificationError):
            continue
        valid.add(share.index)
    return Progress(len(valid), quorum.k)


def combine(quorum: Quorum, shares: Sequence[Share], *, context: bytes) -> bytes:
    """The meeting key, from at least k distinct shares.  ``InvalidInputError`` for too few
    shares, a duplicate or an index out of range; ``QuorumMismatchError`` (a ``VerificationError``)
    when the shares do not open this quorum, never a wrong key."""
    _check_context(context)
    indices: set[int] = set()
    for share in shares:
        _check_index(quorum, share.index)
        if share.index in indices:
            raise InvalidInputError(f"share {share.index} was given twice; each custodian's share counts once", field="shares")
        indices.add(share.index)
    if len(shares) < quorum.k:
        msg = f"{len(shares)} of {quorum.k} shares: this quorum needs {quorum.k} distinct shares to open"
        raise InvalidInputError(msg, field="shares")
    for share in shares:
        verify_share(quorum, share)
    chosen = sorted(shares, key=lambda share: share.index)[: quorum.k]
    first = Shamir.combine([(share.index, share.value[:_HALF]) for share in chosen])
    second = Shamir.combine([(share.index, share.value[_HALF:]) for share in chosen])
    try:
        return envelope.unwrap_key(first + second, quorum.wrapped_key, aad=_key_aad(quorum.id, quorum.k, quorum.n, context))
    except envelope.DecryptionError as exc:
        msg = (
            f"the shares do not open this quorum: shares {', '.join(str(s.index) for s in chosen)} combine to a key that does not "
            "unwrap the meeting key (the wrong context, or a share or the quorum altered)"
        )
        raise QuorumMismatchError(msg) from exc


def record_context(meeting_id: int) -> bytes:
    """The context a meeting's sealed record binds its quorum to (ADR 0032)."""
    return f"incamera meeting {meeting_id} sealed record".encode()


def record_meeting(context: str) -> int | None:
    """The meeting a sealed record's context names; None for any other context."""
    found = _RECORD_CONTEXT.fullmatch(context)
    return int(found.group(1)) if found else None


def _check_context(context: bytes) -> None:
    if not context:
        raise InvalidInputError("context is empty; expected what the quorum guards, e.g. b'incamera meeting 42 sealed'", field="context")


def _check_index(quorum: Quorum, index: int) -> None:
    if not 1 <= index <= quorum.n:
        raise InvalidInputError(f"share index {index} is out of range; this quorum's shares are numbered 1–{quorum.n}", field="shares")


def _commitment(quorum_id: bytes, index: int, value: bytes) -> bytes:
    return hashlib.sha256(_COMMITMENT_LABEL + quorum_id + bytes([index]) + value).digest()


def _key_aad(quorum_id: bytes, k: int, n: int, context: bytes) -> bytes:
    return _KEY_LABEL + quorum_id + bytes([k, n]) + context


def _parse_wrapped(blob: bytes) -> tuple[bytes, int, int, int, bytes]:
    """(quorum id, index, k, n, header) of a wrapped share whose length was checked."""
    header = blob[:_WRAP_HEADER]
    if header[:4] != _WRAP_MAGIC or header[4] != _VERSION:
        expected = (_WRAP_MAGIC + bytes([_VERSION])).hex()
        raise MalformedQuorumError(
            f"wrapped share starts {header[:5].hex()}; expected {expected} (version {_VERSION})", field="wrapped_share"
        )
    index, k, n = header[5 + _ID :]
    if not 1 <= k <= n <= MAX_CUSTODIANS or not 1 <= index <= n:
        msg = f"wrapped share names share {index} with k = {k} of n = {n}; expected 1 ≤ index ≤ n, 1 ≤ k ≤ n ≤ {MAX_CUSTODIANS}"
        raise MalformedQuorumError(msg, field="wrapped_share")
    return header[5 : 5 + _ID], index, k, n, header


def _to_b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _b64(text: object, where: str) -> bytes:
    if not isinstance(text, str):
        raise MalformedQuorumError(f"{where}: expected a base64 string; found {type(text).__name__}", field=where)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedQuorumError(f"{where}: the base64 does not decode ({exc})", field=where) from exc


def _sized(text: object, where: str, size: int) -> bytes:
    data = _b64(text, where)
    if len(data) != size:
        raise MalformedQuorumError(f"{where} is {len(data)} bytes; expected {size}", field=where)
    return data


def _int(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise MalformedQuorumError(f"{where} is {value!r}; expected an integer from {low} to {high}", field=where)
    return value


def _check_keys(document: object, keys: set[str], where: str) -> None:
    if not isinstance(document, dict):
        raise MalformedQuorumError(f"{where}: expected a JSON object; found {type(document).__name__}", field=where)
    if missing := sorted(keys - document.keys()):
        raise MalformedQuorumError(f"{where}: missing {', '.join(missing)}", field=where)
    if extra := sorted(document.keys() - keys):
        raise MalformedQuorumError(f"{where}: unexpected {', '.join(extra)}", field=where)
