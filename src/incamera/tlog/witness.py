"""A transparency-log witness of c2sp.org/tlog-witness: the ``add-checkpoint`` call, its state, and a WSGI app.

A witness trusts a set of logs (origin → the log's note verifier keys) and cosigns, with its own
keys, each checkpoint that extends the latest one it cosigned for that log.  The request body is::

    old <size the client believes the witness has cosigned>
    <base64 consistency proof hash, RFC 6962 §2.1.2 / RFC 9162 §2.1.4>   (0 to 63 lines)
    <empty line>
    <signed checkpoint note, c2sp.org/tlog-checkpoint>

and the answers are, checked in this order:

====  ==========================================================================================
400   the body is malformed (old size line, proof lines, blank line, note, checkpoint), or the
      old size is larger than the checkpoint size
404   the checkpoint's origin is not a log this witness knows
403   no signature from a known key of that log verifies, or one from a known key fails
409   the old size is not the size of the latest cosigned checkpoint (0 if none); the body is that
      size in decimal and a newline, ``Content-Type: text/x.tlog.size``.  Also 409, with a plain
      text body, when the checkpoint has the recorded size but another root hash (a split view)
422   the consistency proof from the recorded tree to the checkpoint does not verify
200   the body is one signature line (``— <name> <base64>``, newline-terminated) per witness key:
      cosignatures (c2sp.org/tlog-cosignature) of the checkpoint
====  ==========================================================================================

A checkpoint smaller than the recorded one is never cosigned: with the recorded size as old size
it is a 400 (old size above the checkpoint size), with any other old size a 409.

The check of the old size and the update of the record are one atomic compare-and-set on a
:class:`WitnessState` (the spec's rollback race): of concurrent requests that grow a log from
the same old size, exactly one succeeds.  :class:`SqliteWitnessState` does it in one
``BEGIN IMMEDIATE`` transaction, so several processes may share one state file.

Pure: the standard library and ``incamera.tlog``; no Django.
"""

from __future__ import annotations

import base64
import contextlib
import http
import logging
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Protocol
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from incamera.kernel.errors import ConflictError, Error, InvalidInputError, NotFoundError
from incamera.tlog.checkpoint import MAX_TREE_SIZE, Checkpoint
from incamera.tlog.merkle import EMPTY_ROOT, HASH_SIZE, ProofError, verify_consistency
from incamera.tlog.note import Note, NoteError, Signature, Signer, Verifier, canonical_b64decode, sign_note, verify_note

__all__ = [
    "ADD_CHECKPOINT_PATH",
    "MAX_PROOF_LINES",
    "MAX_REQUEST_BYTES",
    "SIZE_CONTENT_TYPE",
    "TEXT_CONTENT_TYPE",
    "AddCheckpointRequest",
    "MalformedRequestError",
    "MemoryWitnessState",
    "SizeConflictError",
    "SplitViewError",
    "SqliteWitnessState",
    "UnknownLogError",
    "Witness",
    "WitnessResponse",
    "WitnessState",
    "WitnessedTree",
    "make_http_server",
    "make_wsgi_app",
]

ADD_CHECKPOINT_PATH = "/add-checkpoint"
MAX_PROOF_LINES = 63  # the spec's limit; a consistency proof in a tree of 2^63 leaves needs no more
MAX_REQUEST_BYTES = 1 << 20
SIZE_CONTENT_TYPE = "text/x.tlog.size"
TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
_OLD_SIZE_LINE = re.compile(r"old (0|[1-9][0-9]*)")
_logger = logging.getLogger(__name__)


class MalformedRequestError(InvalidInputError):
    """An add-checkpoint body that does not follow the spec's syntax (400)."""

    def __init__(self, message: str, *, field: str = "request") -> None:
        super().__init__(message, field=field)


class UnknownLogError(NotFoundError):
    """A checkpoint whose origin is not a log this witness knows (404)."""

    def __init__(self, message: str, *, origin: str) -> None:
        super().__init__(message)
        self.origin = origin


class SizeConflictError(ConflictError):
    """The old size is not the size the witness last cosigned, given as ``size`` (409)."""

    def __init__(self, message: str, *, size: int) -> None:
        super().__init__(message)
        self.size = size


class SplitViewError(ConflictError):
    """A checkpoint of the recorded size with another root hash: the log signed two trees (409)."""


@dataclass(frozen=True)
class WitnessedTree:
    """The latest tree of one log that the witness cosigned."""

    size: int
    root_hash: bytes


class WitnessState(Protocol):
    """Where a witness keeps, per origin, the latest tree it cosigned."""

    def get(self, origin: str) -> WitnessedTree | None:
        """The latest cosigned tree of ``origin``, or None if the witness never cosigned one."""
        ...

    def compare_and_set(self, origin: str, *, old_size: int, new_size: int, new_root: bytes) -> bool:
        """Atomically record (``new_size``, ``new_root``) if the recorded size is ``old_size``.

        An absent record has size 0.  Return False, changing nothing, if the recorded size is
        another, or if ``new_size`` equals it but ``new_root`` is not the recorded root.
        """
        ...


def _check_update(*, old_size: int, new_size: int, new_root: bytes) -> None:
    if not 0 <= old_size <= new_size <= MAX_TREE_SIZE:
        msg = f"expected 0 <= old size <= new size <= 2^63 - 1; found old size {old_size}, new size {new_size}"
        raise InvalidInputError(msg, field="new_size")
    if len(new_root) != HASH_SIZE:
        msg = f"expected a root hash of {HASH_SIZE} bytes; found {len(new_root)}"
        raise InvalidInputError(msg, field="new_root")


class MemoryWitnessState:
    """A :class:`WitnessState` in one process's memory, for tests and throwaway witnesses."""

    def __init__(self, trees: Mapping[str, WitnessedTree] | None = None) -> None:
        self._trees = dict(trees or {})
        self._lock = threading.Lock()

    def get(self, origin: str) -> WitnessedTree | None:
        with self._lock:
            return self._trees.get(origin)

    def compare_and_set(self, origin: str, *, old_size: int, new_size: int, new_root: bytes) -> bool:
        _check_update(old_size=old_size, new_size=new_size, new_root=new_root)
        with self._lock:
            current = self._trees.get(origin)
            if (current.size if current else 0) != old_size:
                return False
            if current and new_size == current.size and new_root != current.root_hash:
                return False
            self._trees[origin] = WitnessedTree(new_size, bytes(new_root))
            return True


class SqliteWitnessState:
    """A :class:`WitnessState` in an SQLite file; each update is one ``BEGIN IMMEDIATE`` transaction.

    ``BEGIN IMMEDIATE`` takes the database's write lock before the old size is read, so no two
    updates, from threads or processes, interleave between the check and the write.  Every call
    opens its own connection (sqlite3 connections are not for sharing across threads).  The file
    uses write-ahead logging with ``synchronous=FULL``: a commit is on disk before the witness
    answers, as the spec requires.
    """

    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self._timeout = timeout
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS witnessed_tree ("
                " origin TEXT PRIMARY KEY,"
                " size INTEGER NOT NULL CHECK (size >= 0),"
                " root_hash BLOB NOT NULL CHECK (length(root_hash) = 32))"
            )

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=self._timeout, isolation_level=None)  # we BEGIN ourselves
        try:
            db.execute("PRAGMA synchronous=FULL")
            yield db
        finally:
            db.close()

    def get(self, origin: str) -> WitnessedTree | None:
        with self._connect() as db:
            row = db.execute("SELECT size, root_hash FROM witnessed_tree WHERE origin = ?", (origin,)).fetchone()
        return None if row is None else WitnessedTree(int(row[0]), bytes(row[1]))

    def compare_and_set(self, origin: str, *, old_size: int, new_size: int, new_root: bytes) -> bool:
        _check_update(old_size=old_size, new_size=new_size, new_root=new_root)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT size, root_hash FROM witnessed_tree WHERE origin = ?", (origin,)).fetchone()
                if (row[0] if row else 0) != old_size or (row and new_size == row[0] and bytes(row[1]) != new_root):
                    db.execute("ROLLBACK")
                    return False
                db.execute(
                    "INSERT INTO witnessed_tree (origin, size, root_hash) VALUES (?, ?, ?)"
                    " ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root_hash = excluded.root_hash",
                    (origin, new_size, bytes(new_root)),
                )
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        return True


@dataclass(frozen=True)
class AddCheckpointRequest:
    """An add-checkpoint body, parsed but not verified: the old size, the proof and the checkpoint."""

    old_size: int
    proof: tuple[bytes, ...]
    note: Note
    checkpoint: Checkpoint

    def to_text(self) -> str:
        proof = "".join(f"{base64.b64encode(h).decode('ascii')}\n" for h in self.proof)
        return f"old {self.old_size}\n{proof}\n{self.note.to_text()}"

    @classmethod
    def from_text(cls, body: bytes | str) -> AddCheckpointRequest:
        """Parse a request body; raise :class:`MalformedRequestError` naming the first problem."""
        if len(body) > MAX_REQUEST_BYTES:
            msg = f"expected a request of at most {MAX_REQUEST_BYTES} bytes; found {len(body)}"
            raise MalformedRequestError(msg)
        if isinstance(body, bytes):
            try:
                body = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                msg = f"expected UTF-8; found an invalid byte at offset {exc.start}"
                raise MalformedRequestError(msg) from exc
        line, newline, rest = body.partition("\n")
        if not newline:
            raise MalformedRequestError("expected an old size line ending in a newline; found no newline", field="old")
        match = _OLD_SIZE_LINE.fullmatch(line)
        if match is None:
            raise MalformedRequestError("expected 'old <size>' in decimal without leading zeros; found another first line", field="old")
        if len(match[1]) > len(str(MAX_TREE_SIZE)) or int(match[1]) > MAX_TREE_SIZE:
            raise MalformedRequestError("expected an old size of at most 2^63 - 1; found a larger one", field="old")
        proof: list[bytes] = []
        while True:
            line, newline, rest = rest.partition("\n")
            if not newline:
                raise MalformedRequestError("expected an empty line before the checkpoint; found none", field="proof")
            if not line:
                break
            if len(proof) == MAX_PROOF_LINES:
                msg = f"expected at most {MAX_PROOF_LINES} consistency proof lines; found more"
                raise MalformedRequestError(msg, field="proof")
            number = len(proof) + 1
            value = canonical_b64decode(line, what=f"consistency proof line {number}", error=MalformedRequestError)
            if len(value) != HASH_SIZE:
                msg = f"expected a hash of {HASH_SIZE} bytes on consistency proof line {number}; found {len(value)} bytes"
                raise MalformedRequestError(msg, field="proof")
            proof.append(value)
        try:
            note = Note.from_text(rest)
            checkpoint = Checkpoint.from_text(note.text)
        except InvalidInputError as exc:
            raise MalformedRequestError(exc.diagnostics(), field="checkpoint") from exc
        return cls(old_size=int(match[1]), proof=tuple(proof), note=note, checkpoint=checkpoint)


@dataclass(frozen=True)
class WitnessResponse:
    """What to answer over HTTP: a status code, a body and its content type."""

    status: int
    body: bytes
    content_type: str = TEXT_CONTENT_TYPE


def _text(status: http.HTTPStatus, message: str) -> WitnessResponse:
    return WitnessResponse(status.value, f"{message}\n".encode())


def _error_response(exc: Error) -> WitnessResponse:
    if isinstance(exc, SizeConflictError):
        return WitnessResponse(http.HTTPStatus.CONFLICT.value, f"{exc.size}\n".encode("ascii"), SIZE_CONTENT_TYPE)
    if isinstance(exc, ConflictError):
        return _text(http.HTTPStatus.CONFLICT, exc.diagnostics())
    if isinstance(exc, InvalidInputError):
        return _text(http.HTTPStatus.BAD_REQUEST, exc.diagnostics())
    if isinstance(exc, NotFoundError):
        return _text(http.HTTPStatus.NOT_FOUND, exc.diagnostics())
    if isinstance(exc, ProofError):
        return _text(http.HTTPStatus.UNPROCESSABLE_ENTITY, exc.diagnostics())
    if isinstance(exc, NoteError):
        return _text(http.HTTPStatus.FORBIDDEN, exc.diagnostics())
    raise exc


class Witness:
    """Cosigns checkpoints of known logs that extend the latest one it cosigned (c2sp.org/tlog-witness).

    ``logs`` maps each origin to the keys that may sign its checkpoints; ``cosigners`` are the
    witness's own keys (a :class:`~incamera.tlog.cosignature.Cosigner` for ``cosignature/v1``),
    each adding one line to every answer.
    """

    def __init__(self, *, logs: Mapping[str, Iterable[Verifier]], cosigners: Sequence[Signer], state: WitnessState) -> None:
        if not cosigners:
            raise InvalidInputError("expected at least one cosigner; found none", field="cosigners")
        self._logs = {origin: tuple(verifiers) for origin, verifiers in logs.items()}
        empty = sorted(origin for origin, verifiers in self._logs.items() if not verifiers)
        if empty:
            msg = f"expected at least one key per log; found none for {empty[0]!r}"
            raise InvalidInputError(msg, field="logs")
        self._cosigners = tuple(cosigners)
        self.state = state

    def add_checkpoint(self, body: bytes) -> WitnessResponse:
        """Answer one add-checkpoint request body as the spec says (see the module docstring)."""
        try:
            signatures = self.cosign_checkpoint(AddCheckpointRequest.from_text(body))
        except (MalformedRequestError, UnknownLogError, NoteError, SizeConflictError, SplitViewError, ProofError) as exc:
            return _error_response(exc)
        return WitnessResponse(http.HTTPStatus.OK.value, "".join(s.to_line() for s in signatures).encode())

    def cosign_checkpoint(self, request: AddCheckpointRequest) -> tuple[Signature, ...]:
        """Check ``request`` and record its checkpoint; return the witness's cosignatures on it.

        Raises UnknownLogError, NoteError, MalformedRequestError, SizeConflictError,
        SplitViewError or ProofError, in the order of the module docstring's table.
        """
        checkpoint = request.checkpoint
        origin = checkpoint.origin
        verifiers = self._logs.get(origin)
        if verifiers is None:
            msg = f"expected a checkpoint of a log this witness knows; found one of {origin!r}"
            raise UnknownLogError(msg, origin=origin)
        verify_note(request.note, verifiers=verifiers)
        if request.old_size > checkpoint.size:
            msg = f"expected an old size at most the checkpoint size {checkpoint.size}; found {request.old_size}"
            raise MalformedRequestError(msg, field="old")
        latest = self.state.get(origin) or WitnessedTree(0, EMPTY_ROOT)
        if request.old_size != latest.size:
            msg = f"expected old size {latest.size}, the latest this witness cosigned for {origin!r}; found {request.old_size}"
            raise SizeConflictError(msg, size=latest.size)
        if checkpoint.size == latest.size and checkpoint.root_hash != latest.root_hash:
            msg = f"expected the root hash cosigned for {origin!r} at size {latest.size}; found another"
            _logger.warning("witness: split view of %r at size %d", origin, latest.size)
            raise SplitViewError(msg)
        try:
            verify_consistency(
                old_size=latest.size,
                new_size=checkpoint.size,
                old_root=latest.root_hash,
                new_root=checkpoint.root_hash,
                proof=request.proof,
            )
        except ProofError as exc:
            # A log-signed checkpoint that does not extend what we cosigned may be evidence.
            _logger.warning("witness: inconsistent checkpoint of %r from %d to %d: %s", origin, latest.size, checkpoint.size, exc.message)
            raise
        signatures = sign_note(Note(text=request.note.text), self._cosigners).signatures
        if not self.state.compare_and_set(origin, old_size=latest.size, new_size=checkpoint.size, new_root=checkpoint.root_hash):
            current = self.state.get(origin)
            size = current.size if current else 0
            msg = f"expected old size {size}, the latest this witness cosigned for {origin!r}; found {request.old_size}"
            raise SizeConflictError(msg, size=size)
        return signatures


def make_wsgi_app(witness: Witness, *, max_body_bytes: int = MAX_REQUEST_BYTES) -> WSGIApplication:
    """A WSGI application serving ``POST /add-checkpoint`` (relative to ``SCRIPT_NAME``).

    Other paths answer 404, other methods 405; a body without ``Content-Length`` 411, one larger
    than ``max_body_bytes`` 413 (unread).  An unexpected exception answers 500 and is logged.
    """

    def reply(start_response: StartResponse, response: WitnessResponse, extra: Sequence[tuple[str, str]] = ()) -> list[bytes]:
        status = http.HTTPStatus(response.status)
        headers = [("Content-Type", response.content_type), ("Content-Length", str(len(response.body))), *extra]
        start_response(f"{status.value} {status.phrase}", headers)
        return [response.body]

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "") != ADD_CHECKPOINT_PATH:
            return reply(start_response, _text(http.HTTPStatus.NOT_FOUND, f"expected {ADD_CHECKPOINT_PATH}; found another path"))
        if environ.get("REQUEST_METHOD") != "POST":
            response = _text(http.HTTPStatus.METHOD_NOT_ALLOWED, "expected POST; found another method")
            return reply(start_response, response, [("Allow", "POST")])
        length = environ.get("CONTENT_LENGTH") or ""
        if not length:
            return reply(start_response, _text(http.HTTPStatus.LENGTH_REQUIRED, "expected a Content-Length; found none"))
        if not length.isascii() or not length.isdigit():
            return reply(start_response, _text(http.HTTPStatus.BAD_REQUEST, "expected a decimal Content-Length; found another"))
        if int(length) > max_body_bytes:
            msg = f"expected a body of at most {max_body_bytes} bytes; found {length}"
            return reply(start_response, _text(http.HTTPStatus.REQUEST_ENTITY_TOO_LARGE, msg))
        body = environ["wsgi.input"].read(int(length))
        if len(body) != int(length):
            msg = f"expected a body of {length} bytes; found {len(body)}"
            return reply(start_response, _text(http.HTTPStatus.BAD_REQUEST, msg))
        try:
            response = witness.add_checkpoint(body)
        except Exception:
            _logger.exception("witness: add-checkpoint failed")
            response = _text(http.HTTPStatus.INTERNAL_SERVER_ERROR, "the witness failed; see its log")
        return reply(start_response, response)

    return app


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _RequestHandler(WSGIRequestHandler):
    timeout = 30  # seconds a connection may stay idle; a slow client cannot hold a thread forever


def make_http_server(witness: Witness, *, host: str, port: int) -> WSGIServer:
    """A threaded ``wsgiref`` server of :func:`make_wsgi_app`, bound but not yet serving.

    It speaks plain HTTP/1.0: run it behind a TLS-terminating reverse proxy in production.
    """
    return make_server(host, port, make_wsgi_app(witness), server_class=_ThreadingWSGIServer, handler_class=_RequestHandler)
