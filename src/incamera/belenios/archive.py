"""The public record of an election (§4.4): a tar archive (``<uuid>.bel``) of a BELENIOS header
and content-addressed data and event files, the events chained by their parents' hashes.

The archive is written here byte for byte (old-style tar headers, no end-of-archive blocks, as the
record only ever grows) and read with ``tarfile``.  Pure: the standard library only.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass, field

from incamera.belenios.errors import MalformedElectionDataError

__all__ = ["Archive", "Event", "read_archive"]

BLOCK = 512
_COMPACT = {"separators": (",", ":"), "ensure_ascii": False}
EVENT_TYPES = ("Setup", "Ballot", "EndBallots", "EncryptedTally", "Shuffle", "EndShuffles", "PartialDecryption", "Result")


def _header(name: str, size: int, mtime: int) -> bytes:
    """A V7 tar header: name, mode, uid, gid, size, mtime, checksum, type '0'."""
    head = bytearray(BLOCK)
    head[0 : len(name)] = name.encode("ascii")
    head[100:108] = b"0000644\0"
    head[108:116] = b"0000000\0"
    head[116:124] = b"0000000\0"
    head[124:136] = b"%011o\0" % size
    head[136:148] = b"%011o\0" % mtime
    head[148:156] = b" " * 8
    head[156:157] = b"0"
    head[148:156] = b"%06o\0 " % sum(head)
    return bytes(head)


@dataclass(frozen=True)
class Event:
    type: str
    payload: str | None
    parent: str | None
    height: int
    hash: str


@dataclass
class Archive:
    """An archive being written: ``records`` (name, bytes) in order, the events chained."""

    timestamp: int
    records: list[tuple[str, bytes]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.records:
            self.records.append(("BELENIOS", json.dumps({"version": 1, "timestamp": str(self.timestamp)}, **_COMPACT).encode()))  # type: ignore[arg-type]

    def add_data(self, text: str) -> str:
        data = text.encode()
        digest = hashlib.sha256(data).hexdigest()
        self.records.append((f"{digest}.data.json", data))
        return digest

    def add_event(self, type_: str, payload: str | None = None) -> Event:
        last = self.events[-1] if self.events else None
        body: dict[str, object] = {}
        if last is not None:
            body["parent"] = last.hash
        body["height"] = 0 if last is None else last.height + 1
        body["type"] = type_
        if payload is not None:
            body["payload"] = payload
        data = json.dumps(body, **_COMPACT).encode()  # type: ignore[arg-type]
        digest = hashlib.sha256(data).hexdigest()
        self.records.append((f"{digest}.event.json", data))
        event = Event(type_, payload, last.hash if last else None, int(body["height"]), digest)  # type: ignore[call-overload]
        self.events.append(event)
        return event

    def setup(self, election: str, trustees: str, credentials: str) -> Event:
        hashes = {"election": self.add_data(election), "trustees": self.add_data(trustees), "credentials": self.add_data(credentials)}
        return self.add_event("Setup", self.add_data(json.dumps(hashes, **_COMPACT)))  # type: ignore[arg-type]

    def ballot(self, text: str) -> Event:
        return self.add_event("Ballot", self.add_data(text))

    def end_ballots(self) -> Event:
        return self.add_event("EndBallots")

    def encrypted_tally(self, tally: str, *, num_tallied: int, total_weight: int) -> Event:
        sized = {"num_tallied": num_tallied, "total_weight": total_weight, "encrypted_tally": self.add_data(tally)}
        return self.add_event("EncryptedTally", self.add_data(json.dumps(sized, **_COMPACT)))  # type: ignore[arg-type]

    def partial_decryption(self, owner: int, text: str) -> Event:
        owned = {"owner": owner, "payload": self.add_data(text)}
        return self.add_event("PartialDecryption", self.add_data(json.dumps(owned, **_COMPACT)))  # type: ignore[arg-type]

    def result(self, result: list[list[int]]) -> Event:
        return self.add_event("Result", self.add_data(json.dumps({"result": result}, **_COMPACT)))  # type: ignore[arg-type]

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        for name, data in self.records:
            out.write(_header(name, len(data), self.timestamp))
            out.write(data)
            out.write(b"\0" * (-len(data) % BLOCK))
        return out.getvalue()


@dataclass(frozen=True)
class ReadArchive:
    """An archive read back: its data by hash and its events in order, the chain checked."""

    timestamp: int
    data: dict[str, str]
    events: tuple[Event, ...]

    def payload(self, event: Event) -> str:
        if event.payload is None or event.payload not in self.data:
            raise MalformedElectionDataError(
                f"the {event.type} event at height {event.height} names a payload the archive lacks", field="archive"
            )
        return self.data[event.payload]

    def json_payload(self, event: Event) -> object:
        return json.loads(self.payload(event))


def read_archive(blob: bytes) -> ReadArchive:
    """Parse an archive; raise MalformedElectionDataError for anything out of place: a file whose
    name is not its hash, an event whose parent or height breaks the chain, an unknown type."""
    try:
        with tarfile.open(fileobj=io.BytesIO(blob), mode="r:") as members:
            files = [(m.name, members.extractfile(m)) for m in members.getmembers() if m.isfile()]
            contents = [(name, f.read() if f else b"") for name, f in files]
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise MalformedElectionDataError(f"expected a tar archive ({exc})", field="archive") from exc
    if not contents or contents[0][0] != "BELENIOS":
        raise MalformedElectionDataError("expected the archive to start with its BELENIOS header", field="archive")
    try:
        header = json.loads(contents[0][1])
        timestamp = int(header["timestamp"])
    except (ValueError, KeyError, TypeError) as exc:
        raise MalformedElectionDataError("expected a BELENIOS header with a version and a timestamp", field="archive") from exc
    data: dict[str, str] = {}
    events: list[Event] = []
    for name, raw in contents[1:]:
        digest = hashlib.sha256(raw).hexdigest()
        try:
            text = raw.decode()
        except UnicodeDecodeError as exc:
            raise MalformedElectionDataError(f"{name}: expected UTF-8 JSON", field="archive") from exc
        if name == f"{digest}.data.json":
            data[digest] = text
        elif name == f"{digest}.event.json":
            try:
                body = json.loads(text)
            except ValueError as exc:
                raise MalformedElectionDataError(f"{name}: expected JSON", field="archive") from exc
            last = events[-1] if events else None
            if (
                not isinstance(body, dict)
                or body.get("type") not in EVENT_TYPES
                or body.get("parent") != (last.hash if last else None)
                or body.get("height") != (last.height + 1 if last else 0)
            ):
                raise MalformedElectionDataError(f"{name}: the event does not follow the one before it", field="archive")
            events.append(Event(body["type"], body.get("payload"), body.get("parent"), body["height"], digest))
        else:
            raise MalformedElectionDataError(f"{name}: the file's name is not the SHA-256 of its content", field="archive")
    return ReadArchive(timestamp, data, tuple(events))
