"""Checkpoints of c2sp.org/tlog-checkpoint: the signed note text that commits to a log's tree head.

::

    <origin>
    <tree size in decimal>
    <base64 of the 32-byte RFC 6962 / RFC 9162 root hash>
    [extension lines]

Parsing is strict, so that one tree head has exactly one text: the size is plain ASCII decimal
without sign, spaces or leading zeros; the root hash is canonical base64 of exactly 32 bytes; no
line is empty.  The origin must be non-empty and free of control characters; the spec
recommends, but does not require, a URL without spaces or '+', so parsing accepts them.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.tlog.merkle import HASH_SIZE
from incamera.tlog.note import OpenedNote, Verifier, canonical_b64decode, open_note

__all__ = [
    "MAX_TREE_SIZE",
    "Checkpoint",
    "CheckpointError",
    "MalformedCheckpointError",
    "OpenedCheckpoint",
    "open_checkpoint",
]

MAX_TREE_SIZE = (1 << 63) - 1  # sizes are stored as signed 64-bit integers
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class MalformedCheckpointError(InvalidInputError):
    """Text that is not a well-formed checkpoint body."""

    def __init__(self, message: str, *, field: str = "checkpoint") -> None:
        super().__init__(message, field=field)


class CheckpointError(VerificationError):
    """A validly signed checkpoint that is not for the log the caller expects."""


def _check_line(line: str, *, field: str) -> None:
    if not isinstance(line, str) or not line:
        msg = f"expected a non-empty line; found {'an empty one' if isinstance(line, str) else type(line).__name__}"
        raise MalformedCheckpointError(msg, field=field)
    for position, char in enumerate(line, start=1):
        code = ord(char)
        if code < 0x20 or 0xD800 <= code <= 0xDFFF:  # C0 control characters, newline included
            msg = f"expected no control characters; found U+{code:04X} at position {position}"
            raise MalformedCheckpointError(msg, field=field)


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line(self.origin, field="origin")
        if isinstance(self.size, bool) or not isinstance(self.size, int) or not 0 <= self.size <= MAX_TREE_SIZE:
            msg = f"expected a tree size between 0 and {MAX_TREE_SIZE}; found {self.size!r}"
            raise MalformedCheckpointError(msg, field="size")
        if not isinstance(self.root_hash, bytes) or len(self.root_hash) != HASH_SIZE:
            msg = f"expected a root hash of {HASH_SIZE} bytes; found {len(self.root_hash) if isinstance(self.root_hash, bytes) else type(self.root_hash).__name__}"
            raise MalformedCheckpointError(msg, field="root_hash")
        for number, extension in enumerate(self.extensions, start=1):
            _check_line(extension, field=f"extension line {number}")

    def to_text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode("ascii"), *self.extensions]
        return "\n".join(lines) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Checkpoint:
        """Parse a checkpoint body (the note text, ending in a newline)."""
        if not isinstance(text, str):
            msg = f"expected text; found {type(text).__name__}"
            raise MalformedCheckpointError(msg)
        if not text.endswith("\n"):
            raise MalformedCheckpointError("expected text ending in a newline; found none at the end")
        lines = text[:-1].split("\n")
        if len(lines) < 3:  # origin, size, root hash
            msg = f"expected at least 3 lines (origin, size, root hash); found {len(lines)}"
            raise MalformedCheckpointError(msg)
        origin, size, root, *extensions = lines
        _check_line(origin, field="origin")
        if not _DECIMAL.fullmatch(size):
            raise MalformedCheckpointError("expected the tree size in decimal digits without sign or leading zeros", field="size")
        if len(size) > len(str(MAX_TREE_SIZE)) or int(size) > MAX_TREE_SIZE:
            msg = f"expected a tree size of at most {MAX_TREE_SIZE}; found a larger one"
            raise MalformedCheckpointError(msg, field="size")
        try:
            root_hash = canonical_b64decode(root, what="the root hash", error=MalformedCheckpointError)
        except MalformedCheckpointError as exc:
            raise MalformedCheckpointError(exc.message, field="root_hash") from exc
        return cls(origin=origin, size=int(size), root_hash=root_hash, extensions=tuple(extensions))


@dataclass(frozen=True)
class OpenedCheckpoint:
    checkpoint: Checkpoint
    note: OpenedNote


def open_checkpoint(message: str | bytes, *, origin: str, verifiers: Iterable[Verifier]) -> OpenedCheckpoint:
    """Verify a signed checkpoint note and parse its body; refuse a checkpoint of another log.

    Raises MalformedNoteError or MalformedCheckpointError for bad syntax, a NoteError for bad or
    missing signatures, and :class:`CheckpointError` if the origin is not ``origin``.
    """
    opened = open_note(message, verifiers=verifiers)
    checkpoint = Checkpoint.from_text(opened.text)
    if checkpoint.origin != origin:
        msg = f"expected a checkpoint of {origin!r}; found one of {checkpoint.origin!r}"
        raise CheckpointError(msg)
    return OpenedCheckpoint(checkpoint=checkpoint, note=opened)
