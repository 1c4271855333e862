"""Offline receipts and online log audits: what anyone can check without trusting the server.

A *receipt* (``incamera-receipt/v1``) proves one entry is in the log, offline::

    {"receipt": "incamera-receipt/v1", "origin": "<checkpoint origin>", "index": <leaf index>,
     "entry": "<base64 entry bytes>", "inclusion_proof": ["<base64 hash>", …],
     "checkpoint": "<signed checkpoint note, with any witness cosignatures>"}

:func:`verify_receipt` opens the checkpoint with the log's key (c2sp.org/tlog-checkpoint,
c2sp.org/signed-note), checks the RFC 9162 §2.1.3.2 inclusion proof of the entry's leaf hash
against the checkpoint's root, and can require k cosignatures (c2sp.org/tlog-cosignature) from a
list of witnesses.  As in :mod:`~incamera.tlog.note`, a cosignature line from a listed witness
that does not verify refuses the receipt.

:func:`verify_log` reads a log through c2sp.org/tlog-tiles: the signed checkpoint, then the tiles
whose hashes fold to its root.  With ``audit`` it reads every tile and entry bundle and checks the
whole tree, bottom up, against that root; with ``since`` it checks the log still extends an earlier
checkpoint (RFC 9162 §2.1.4, the proof computed from the tiles).  Everything the log serves is
evidence: a tile, bundle or checkpoint that is missing or malformed is a :class:`LogError`, while
bad input from the caller (a key, a receipt, the earlier checkpoint) is an InvalidInputError.

Errors::

    InvalidInputError
    └── MalformedReceiptError      a receipt that is not incamera-receipt/v1 JSON
    VerificationError
    ├── ReceiptError               a receipt that does not prove its entry
    │   └── WitnessPolicyError     fewer valid cosignatures than required
    └── LogError                   a log whose tiles or entries do not match its checkpoint
        ├── LogUnavailableError    a resource the log must serve and does not
        └── ConsistencyError       a log that does not extend an earlier checkpoint (a fork)

Signatures that fail raise the note module's NoteError, and a receipt whose checkpoint names
another origin the checkpoint module's CheckpointError; both are VerificationErrors too.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import sha256
from typing import Any

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.tlog.checkpoint import MAX_TREE_SIZE, Checkpoint, CheckpointError, open_checkpoint
from incamera.tlog.cosignature import COSIGNATURE_V1_TYPE, SUBTREE_V1_TYPE, CosignatureVerifier, MLDSACosignatureVerifier
from incamera.tlog.merkle import (
    HASH_SIZE,
    ProofError,
    consistency_proof,
    leaf_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)
from incamera.tlog.note import (
    EncodedKey,
    MalformedKeyError,
    UnverifiedNoteError,
    Verifier,
    canonical_b64decode,
    open_note,
    verifier_from_vkey,
)
from incamera.tlog.tiles import (
    TILE_WIDTH,
    MalformedBundleError,
    MalformedTileError,
    TileHashReader,
    decode_bundle,
    entries_path,
    tile_path,
    tile_root,
)

__all__ = [
    "MAX_RECEIPT_BYTES",
    "RECEIPT_FORMAT",
    "ConsistencyError",
    "LogError",
    "LogUnavailableError",
    "MalformedReceiptError",
    "Receipt",
    "ReceiptError",
    "VerifiedLog",
    "WitnessPolicyError",
    "verify_log",
    "verify_receipt",
    "verify_witness_policy",
]

RECEIPT_FORMAT = "incamera-receipt/v1"
MAX_RECEIPT_BYTES = 2 << 20  # a checkpoint note is at most 1 MiB; the entry at most 64 KiB
_MAX_PROOF_HASHES = 63  # the audit path in a tree of 2^63 - 1 leaves
_LEAF_PREFIX = b"\x00"  # RFC 9162 §2.1.1: a leaf is SHA-256(0x00 ‖ entry); merkle.leaf_hash, unrolled for audits
_RECEIPT_KEYS = ("receipt", "origin", "index", "entry", "inclusion_proof", "checkpoint")


class MalformedReceiptError(InvalidInputError):
    """A receipt that is not well-formed ``incamera-receipt/v1`` JSON."""

    def __init__(self, message: str, *, field: str = "receipt") -> None:
        super().__init__(message, field=field)


class ReceiptError(VerificationError):
    """A well-formed receipt that does not prove its entry is in the log."""


class WitnessPolicyError(ReceiptError):
    """A receipt whose checkpoint carries fewer valid witness cosignatures than required."""


class LogError(VerificationError):
    """A log whose checkpoint, tiles or entry bundles do not agree."""


class LogUnavailableError(LogError):
    """A checkpoint, tile or entry bundle the log must serve and did not."""


class ConsistencyError(LogError):
    """A log whose current tree does not extend an earlier checkpoint: a fork or a rollback."""


def _receipt_field(name: str, message: str) -> MalformedReceiptError:
    return MalformedReceiptError(message, field=name)


def _decode_b64(value: object, *, name: str, what: str) -> bytes:
    if not isinstance(value, str):
        raise _receipt_field(name, f"expected {what} as a base64 string; found {type(value).__name__}")
    try:
        return canonical_b64decode(value, what=what, error=MalformedReceiptError)
    except MalformedReceiptError as exc:
        raise _receipt_field(name, exc.message) from exc


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _receipt_field("receipt", f"expected each key once; found {key!r} twice")
        found[key] = value
    return found


@dataclass(frozen=True)
class Receipt:
    """Evidence that ``entry`` is leaf ``index`` of the log ``origin``, under a signed checkpoint."""

    origin: str
    index: int
    entry: bytes
    inclusion_proof: Sequence[bytes]
    checkpoint: str

    def __post_init__(self) -> None:
        if not isinstance(self.origin, str) or not self.origin:
            raise _receipt_field("origin", "expected a non-empty origin string; found none")
        if isinstance(self.index, bool) or not isinstance(self.index, int) or not 0 <= self.index < MAX_TREE_SIZE:
            raise _receipt_field("index", f"expected a leaf index between 0 and {MAX_TREE_SIZE - 1}; found {self.index!r}")
        if not isinstance(self.entry, bytes):
            raise _receipt_field("entry", f"expected the entry as bytes; found {type(self.entry).__name__}")
        proof = tuple(self.inclusion_proof) if isinstance(self.inclusion_proof, list | tuple) else None
        if proof is None:
            raise _receipt_field("inclusion_proof", f"expected a list of hashes; found {type(self.inclusion_proof).__name__}")
        if len(proof) > _MAX_PROOF_HASHES:
            raise _receipt_field("inclusion_proof", f"expected at most {_MAX_PROOF_HASHES} hashes; found {len(proof)}")
        for position, value in enumerate(proof):
            if not isinstance(value, bytes) or len(value) != HASH_SIZE:
                found = f"{len(value)} bytes" if isinstance(value, bytes) else type(value).__name__
                raise _receipt_field("inclusion_proof", f"expected hash #{position} to be {HASH_SIZE} bytes; found {found}")
        object.__setattr__(self, "inclusion_proof", proof)
        if not isinstance(self.checkpoint, str) or not self.checkpoint:
            raise _receipt_field("checkpoint", "expected the signed checkpoint note as text; found none")

    def to_json(self) -> str:
        return json.dumps(
            {
                "receipt": RECEIPT_FORMAT,
                "origin": self.origin,
                "index": self.index,
                "entry": base64.b64encode(self.entry).decode("ascii"),
                "inclusion_proof": [base64.b64encode(h).decode("ascii") for h in self.inclusion_proof],
                "checkpoint": self.checkpoint,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, data: str | bytes | Mapping[str, Any]) -> Receipt:
        """Parse a receipt from JSON text (or an already decoded object); refuse unknown keys."""
        if isinstance(data, str | bytes):
            if len(data) > MAX_RECEIPT_BYTES:
                raise _receipt_field("receipt", f"expected at most {MAX_RECEIPT_BYTES} bytes of JSON; found {len(data)}")
            try:
                data = json.loads(data, object_pairs_hook=_refuse_duplicates)
            except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
                raise _receipt_field("receipt", f"expected JSON; found text that is not ({type(exc).__name__})") from exc
        if not isinstance(data, Mapping):
            raise _receipt_field("receipt", f"expected a JSON object; found {type(data).__name__}")
        unknown = sorted(str(key) for key in data if key not in _RECEIPT_KEYS)
        if unknown:
            raise _receipt_field("receipt", f"expected only the keys {', '.join(_RECEIPT_KEYS)}; found {', '.join(unknown)}")
        missing = [key for key in _RECEIPT_KEYS if key not in data]
        if missing:
            raise _receipt_field(missing[0], f"expected the key {missing[0]!r}; found none")
        if data["receipt"] != RECEIPT_FORMAT:
            raise _receipt_field("receipt", f"expected the format {RECEIPT_FORMAT!r}; found {str(data['receipt'])[:40]!r}")
        proof = data["inclusion_proof"]
        if not isinstance(proof, list):
            raise _receipt_field("inclusion_proof", f"expected a list of base64 hashes; found {type(proof).__name__}")
        if len(proof) > _MAX_PROOF_HASHES:
            raise _receipt_field("inclusion_proof", f"expected at most {_MAX_PROOF_HASHES} hashes; found {len(proof)}")
        return cls(
            origin=data["origin"],
            index=data["index"],
            entry=_decode_b64(data["entry"], name="entry", what="the entry"),
            inclusion_proof=tuple(
                _decode_b64(value, name="inclusion_proof", what=f"proof hash #{position}") for position, value in enumerate(proof)
            ),
            checkpoint=data["checkpoint"],
        )


def _witness_verifier(vkey: str) -> CosignatureVerifier | MLDSACosignatureVerifier:
    encoded = EncodedKey.from_vkey(vkey)
    if encoded.key.startswith(COSIGNATURE_V1_TYPE):
        return CosignatureVerifier.from_vkey(vkey)
    if encoded.key.startswith(SUBTREE_V1_TYPE):
        return MLDSACosignatureVerifier.from_vkey(vkey)
    msg = f"expected a witness key of type 0x04 (cosignature/v1) or 0x06 (subtree/v1); found type 0x{encoded.key[:1].hex()}"
    raise MalformedKeyError(msg, field="witness_vkey")


def _count_cosignatures(checkpoint: str, witnesses: Sequence[Verifier]) -> int:
    try:
        opened = open_note(checkpoint, verifiers=witnesses)
    except UnverifiedNoteError:
        return 0
    return len(opened.verified)


def _witness_policy(witness_vkeys: Sequence[str], witnesses_required: int) -> list[Verifier]:
    if isinstance(witness_vkeys, str):
        raise InvalidInputError("expected a list of witness keys; found one string", field="witness_vkeys")
    witnesses: list[Verifier] = list({(w.name, w.key_id): w for w in map(_witness_verifier, witness_vkeys)}.values())
    if isinstance(witnesses_required, bool) or not isinstance(witnesses_required, int) or not 0 <= witnesses_required <= len(witnesses):
        msg = f"expected a number of required witnesses between 0 and the {len(witnesses)} witness keys given; found {witnesses_required!r}"
        raise InvalidInputError(msg, field="witnesses_required")
    return witnesses


def _check_cosignatures(checkpoint: str, witnesses: Sequence[Verifier], required: int) -> None:
    if required:
        count = _count_cosignatures(checkpoint, witnesses)
        if count < required:
            msg = f"expected cosignatures from at least {required} of {len(witnesses)} witnesses; found {count}"
            raise WitnessPolicyError(msg)


def verify_witness_policy(checkpoint: str, *, witness_vkeys: Sequence[str], witnesses_required: int) -> None:
    """Require valid cosignatures on ``checkpoint`` from ``witnesses_required`` distinct keys of
    ``witness_vkeys`` (a "k of these n witnesses" policy)."""
    _check_cosignatures(checkpoint, _witness_policy(witness_vkeys, witnesses_required), witnesses_required)


def verify_receipt(receipt: Receipt, *, log_vkey: str, witness_vkeys: Sequence[str] = (), witnesses_required: int = 0) -> None:
    """Return if ``receipt`` proves its entry is in the log of ``log_vkey``; else raise.

    With ``witnesses_required`` = k > 0, the checkpoint must also carry valid cosignatures from
    at least k distinct keys of ``witness_vkeys``.
    """
    if not isinstance(receipt, Receipt):
        raise MalformedReceiptError(f"expected a Receipt; found {type(receipt).__name__}")
    log_verifier = verifier_from_vkey(log_vkey)
    if isinstance(witness_vkeys, str):
        raise InvalidInputError("expected a list of witness keys; found one string", field="witness_vkeys")
    witnesses = _witness_policy(witness_vkeys, witnesses_required)
    opened = open_checkpoint(receipt.checkpoint, origin=receipt.origin, verifiers=[log_verifier])
    checkpoint = opened.checkpoint
    if receipt.index >= checkpoint.size:
        msg = f"expected a leaf index below the checkpoint's tree size {checkpoint.size}; found {receipt.index}"
        raise ReceiptError(msg)
    try:
        verify_inclusion(
            leaf_hash=leaf_hash(receipt.entry),
            index=receipt.index,
            size=checkpoint.size,
            proof=receipt.inclusion_proof,
            root=checkpoint.root_hash,
        )
    except ProofError as exc:
        msg = f"the entry is not leaf {receipt.index} of {checkpoint.origin} at size {checkpoint.size}: {exc.message}"
        raise ReceiptError(msg) from exc
    _check_cosignatures(receipt.checkpoint, witnesses, witnesses_required)


@dataclass(frozen=True)
class VerifiedLog:
    """What :func:`verify_log` established: the signed tree head and how many entries were read."""

    origin: str
    size: int
    root: bytes
    entries_checked: int
    checkpoint: str = ""  # the signed note as served, to pass as ``since`` next time


def _fetch(fetch: Callable[[str], bytes], path: str) -> bytes:
    try:
        data = fetch(path)
    except (LookupError, OSError) as exc:
        msg = f"the log did not serve {path}: {exc}"
        raise LogUnavailableError(msg) from exc
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if not isinstance(data, bytes):
        msg = f"expected bytes for {path}; the fetch returned {type(data).__name__}"
        raise LogUnavailableError(msg)
    return data


def _fetch_partial(fetch: Callable[[str], bytes], path: str, full_path: str) -> bytes:
    """A partial tile or bundle; the spec lets a log drop it once the full one exists, which starts the same."""
    try:
        return _fetch(fetch, path)
    except LogUnavailableError as partial:
        try:
            return _fetch(fetch, full_path)
        except LogUnavailableError as full:
            msg = f"{partial.message} (nor {full_path})"
            raise LogUnavailableError(msg) from full


def _tile_loader(fetch: Callable[[str], bytes]) -> Callable[[int, int, int], bytes]:
    def load(level: int, index: int, width: int) -> bytes:
        if width == TILE_WIDTH:
            return _fetch(fetch, tile_path(level, index))
        return _fetch_partial(fetch, tile_path(level, index, width), tile_path(level, index))[: width * HASH_SIZE]

    return load


def _bundle(fetch: Callable[[str], bytes], index: int, width: int) -> list[bytes]:
    path = entries_path(index, width)
    if width == TILE_WIDTH:
        entries = decode_bundle(_fetch(fetch, path))
    else:
        entries = decode_bundle(_fetch_partial(fetch, path, entries_path(index)))[:width]
    if len(entries) != width:
        msg = f"expected {width} entries in {path}; found {len(entries)}"
        raise LogError(msg)
    return entries


def _open_log_checkpoint(text: str | bytes, *, verifier: Verifier, origin: str | None, what: str) -> tuple[Checkpoint, str]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"expected {what} in UTF-8; found an invalid byte at offset {exc.start}"
            raise InvalidInputError(msg, field="checkpoint") from exc
    opened = open_note(text, verifiers=[verifier])
    checkpoint = Checkpoint.from_text(opened.text)
    if origin is not None and checkpoint.origin != origin:
        msg = f"expected {what} of {origin!r}; found one of {checkpoint.origin!r}"
        raise CheckpointError(msg)
    return checkpoint, text


def _audit(reader: TileHashReader, fetch: Callable[[str], bytes], progress: Callable[[int, int], None] | None) -> int:
    """Check every entry against the level-0 tiles and every tile against the level above."""
    size = reader.size
    checked = 0
    if progress:
        progress(0, size)
    above: list[bytes] = []  # the hashes the next level's tiles must hold, from the full tiles below
    for index in range(-(-size // TILE_WIDTH)):
        width = reader.tile_width(0, index)
        content = reader.tile(0, index, cache=False)
        entries = _bundle(fetch, index, width)
        if b"".join([sha256(_LEAF_PREFIX + entry).digest() for entry in entries]) != content:
            position = next(p for p, entry in enumerate(entries) if leaf_hash(entry) != content[p * HASH_SIZE : (p + 1) * HASH_SIZE])
            msg = f"entry {index * TILE_WIDTH + position} does not hash to its leaf in {tile_path(0, index, width)}"
            raise LogError(msg)
        if width == TILE_WIDTH:
            above.append(tile_root(content))
        checked += width
        if progress:
            progress(checked, size)
    level = 1
    while above:
        expected, above = above, []
        for index in range(-(-len(expected) // TILE_WIDTH)):
            width = reader.tile_width(level, index)
            content = reader.tile(level, index, cache=False)
            if content != b"".join(expected[index * TILE_WIDTH : index * TILE_WIDTH + width]):
                msg = f"{tile_path(level, index, width)} does not hold the hashes of the tiles below it"
                raise LogError(msg)
            if width == TILE_WIDTH:
                above.append(tile_root(content))
        level += 1
    return checked


def verify_log(
    fetch: Callable[[str], bytes],
    *,
    log_vkey: str,
    audit: bool = False,
    since: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> VerifiedLog:
    """Verify a tiled log's checkpoint against its tiles; raise a VerificationError if they disagree.

    ``fetch(path)`` returns the bytes at ``path`` relative to the log's prefix (``checkpoint``,
    ``tile/0/x001/234``, …) and raises LookupError or OSError when there are none.  ``since`` is
    the text of an earlier checkpoint signed by the same key; ``progress(done, total)`` follows
    the audit in entries.
    """
    verifier = verifier_from_vkey(log_vkey)
    earlier = _open_log_checkpoint(since, verifier=verifier, origin=None, what="the earlier checkpoint")[0] if since is not None else None
    try:
        checkpoint, text = _open_log_checkpoint(
            _fetch(fetch, "checkpoint"), verifier=verifier, origin=earlier.origin if earlier else None, what="the log's checkpoint"
        )
    except (InvalidInputError, CheckpointError) as exc:
        raise LogError(f"the log's checkpoint: {exc.diagnostics()}") from exc
    reader = TileHashReader(_tile_loader(fetch), checkpoint.size)
    try:
        root = tree_root(reader, checkpoint.size)
        if root != checkpoint.root_hash:
            msg = f"the tiles of the tree of {checkpoint.size} leaves do not hash to the checkpoint's root"
            raise LogError(msg)
        if earlier is not None:
            _check_consistency(reader, earlier, checkpoint)
        checked = _audit(reader, fetch, progress) if audit else 0
    except (MalformedTileError, MalformedBundleError) as exc:
        raise LogError(exc.diagnostics()) from exc
    return VerifiedLog(origin=checkpoint.origin, size=checkpoint.size, root=root, entries_checked=checked, checkpoint=text)


def _check_consistency(reader: TileHashReader, earlier: Checkpoint, checkpoint: Checkpoint) -> None:
    if earlier.size > checkpoint.size:
        msg = f"the log's tree of {checkpoint.size} leaves is smaller than the earlier checkpoint's {earlier.size}: a rollback"
        raise ConsistencyError(msg)
    proof = consistency_proof(reader, old_size=earlier.size, new_size=checkpoint.size)
    try:
        verify_consistency(
            old_size=earlier.size, new_size=checkpoint.size, old_root=earlier.root_hash, new_root=checkpoint.root_hash, proof=proof
        )
    except ProofError as exc:
        msg = f"the log's tree of {checkpoint.size} leaves does not extend the earlier checkpoint of {earlier.size}: {exc.message}"
        raise ConsistencyError(msg) from exc
