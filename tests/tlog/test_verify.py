"""Receipts checked offline and tiled logs checked online: what passes, and every lie that must not."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.tlog.checkpoint import Checkpoint
from incamera.tlog.cosignature import Cosigner, MLDSACosigner
from incamera.tlog.merkle import EMPTY_ROOT, HASH_SIZE, MemoryTree, leaf_hash
from incamera.tlog.note import Ed25519Signer, MalformedKeyError, Note, NoteError, Signature, sign_note
from incamera.tlog.tiles import TILE_WIDTH, encode_bundle, entries_path, tile_path, update_tiles
from incamera.tlog.verify import (
    RECEIPT_FORMAT,
    ConsistencyError,
    LogError,
    LogUnavailableError,
    MalformedReceiptError,
    Receipt,
    ReceiptError,
    VerifiedLog,
    WitnessPolicyError,
    verify_log,
    verify_receipt,
)

ORIGIN = "log.example.org/incamera"
WHEN = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)


def entry(i: int, *, fork: str = "") -> bytes:
    return json.dumps({"event": "meeting.opened", "n": i, "fork": fork}, separators=(",", ":")).encode()


@dataclass
class TiledLog:
    """A log served from memory exactly as c2sp.org/tlog-tiles lays it out."""

    signer: Ed25519Signer
    origin: str = ORIGIN
    entries: list[bytes] = field(default_factory=list)
    tree: MemoryTree = field(default_factory=MemoryTree)
    tiles: dict[tuple[int, int], bytes] = field(default_factory=dict)
    served: dict[str, bytes] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)

    @property
    def vkey(self) -> str:
        return self.signer.verifier().to_vkey()

    def append(self, entries: list[bytes]) -> str:
        """Sequence ``entries``, publish the tiles and bundles, sign and serve a checkpoint; return it."""
        hashes = [leaf_hash(e) for e in entries]
        changed = update_tiles(lambda level, index: self.tiles.get((level, index)), len(self.entries), hashes)
        self.tiles.update(changed)
        self.entries += entries
        self.tree.extend(hashes)
        for (level, index), data in changed.items():
            width = len(data) // HASH_SIZE
            self.served[tile_path(level, index, width)] = data
            if level == 0:
                start = index * TILE_WIDTH
                self.served[entries_path(index, width)] = encode_bundle(self.entries[start : start + width])
        return self.publish(Checkpoint(self.origin, self.tree.size, self.tree.root()).to_text())

    def publish(self, body: str) -> str:
        note = sign_note(body, [self.signer]).to_text()
        self.served["checkpoint"] = note.encode()
        return note

    def fetch(self, path: str) -> bytes:
        self.fetched.append(path)
        return self.served[path]  # a KeyError for what the log does not serve

    def receipt(self, index: int, checkpoint: str) -> Receipt:
        size = Checkpoint.from_text(Note.from_text(checkpoint).text).size
        return Receipt(
            origin=self.origin,
            index=index,
            entry=self.entries[index],
            inclusion_proof=self.tree.inclusion_proof(index, size),
            checkpoint=checkpoint,
        )


def new_log(size: int = 0, *, signer: Ed25519Signer | None = None) -> TiledLog:
    log = TiledLog(signer or Ed25519Signer.generate(ORIGIN))
    if size:
        log.append([entry(i) for i in range(size)])
    return log


def flip(data: bytes, position: int) -> bytes:
    return data[:position] + bytes([data[position] ^ 1]) + data[position + 1 :]


# --- verify_log ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 255, 256, 257, 1000])
def test_a_log_verifies_against_its_checkpoint(size: int) -> None:
    log = new_log(size)
    verified = verify_log(log.fetch, log_vkey=log.vkey)
    assert verified == VerifiedLog(
        origin=ORIGIN, size=size, root=log.tree.root(), entries_checked=0, checkpoint=log.served["checkpoint"].decode()
    )
    assert not any(path.startswith("tile/entries") for path in log.fetched)
    assert len(log.fetched) <= 4  # the checkpoint and the few tiles on the right edge of the tree


def test_an_empty_log_verifies_without_tiles() -> None:
    log = new_log()
    log.publish(Checkpoint(ORIGIN, 0, EMPTY_ROOT).to_text())
    assert verify_log(log.fetch, log_vkey=log.vkey, audit=True).size == 0
    assert log.fetched == ["checkpoint"]


def test_an_audit_checks_every_entry_and_tile_and_reports_progress() -> None:
    log = new_log()
    for count in (100, 7000, 60_000):  # three checkpoints; the last tree has tiles at levels 0, 1 and 2
        log.append([entry(i) for i in range(len(log.entries), len(log.entries) + count)])
    seen: list[tuple[int, int]] = []
    verified = verify_log(log.fetch, log_vkey=log.vkey, audit=True, progress=lambda done, total: seen.append((done, total)))
    assert verified.entries_checked == verified.size == 67_100
    assert seen[0] == (0, 67_100)
    assert seen[-1] == (67_100, 67_100)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert {"tile/entries/262.p/28", "tile/1/001.p/6", "tile/2/000.p/1"} <= set(log.fetched)


def test_a_tampered_tile_off_the_right_edge_is_found_by_the_audit() -> None:
    log = new_log(1000)
    log.served["tile/0/000"] = flip(log.served["tile/0/000"], 100)
    verify_log(log.fetch, log_vkey=log.vkey)  # the root needs only the right edge of the tree
    with pytest.raises(LogError, match="entry 3 does not hash to its leaf in tile/0/000"):
        verify_log(log.fetch, log_vkey=log.vkey, audit=True)


def test_a_tampered_tile_that_agrees_with_its_entries_is_found_one_level_up() -> None:
    log = new_log(1000)
    forged = [entry(i, fork="forged") for i in range(256)]
    log.served["tile/entries/000"] = encode_bundle(forged)
    log.served["tile/0/000"] = b"".join(leaf_hash(e) for e in forged)
    with pytest.raises(LogError, match=r"tile/1/000\.p/3 does not hold the hashes of the tiles below it"):
        verify_log(log.fetch, log_vkey=log.vkey, audit=True)


def test_a_tampered_tile_on_the_right_edge_fails_without_an_audit() -> None:
    log = new_log(1000)
    log.served["tile/1/000.p/3"] = flip(log.served["tile/1/000.p/3"], 40)
    with pytest.raises(LogError, match="do not hash to the checkpoint's root"):
        verify_log(log.fetch, log_vkey=log.vkey)


def test_a_tampered_entry_is_found_by_the_audit() -> None:
    log = new_log(600)
    bundle = log.served["tile/entries/001"]
    log.served["tile/entries/001"] = bundle.replace(b'"n":300', b'"n":301', 1)
    assert log.served["tile/entries/001"] != bundle
    with pytest.raises(LogError, match="entry 300 does not hash"):
        verify_log(log.fetch, log_vkey=log.vkey, audit=True)


@pytest.mark.parametrize(
    ("path", "content", "words"),
    [
        ("tile/entries/001", b"\x00\x10abc", "offset 2"),
        ("tile/entries/002.p/88", encode_bundle([entry(i) for i in range(512, 599)]), "expected 88 entries"),
        ("tile/0/002.p/88", b"\x00" * 32 * 87, "87 hashes|2784 bytes"),
        ("checkpoint", b"not a signed note\n", "the log's checkpoint"),
        ("checkpoint", b"\xff\n\nx\n", "UTF-8"),
    ],
)
def test_malformed_resources_are_log_errors(path: str, content: bytes, words: str) -> None:
    log = new_log(600)
    log.served[path] = content
    with pytest.raises(LogError, match=words):
        verify_log(log.fetch, log_vkey=log.vkey, audit=True)


def test_a_checkpoint_the_tiles_do_not_support_is_refused() -> None:
    log = new_log(600)
    log.publish(Checkpoint(ORIGIN, 600, leaf_hash(b"another root")).to_text())
    with pytest.raises(LogError, match="root"):
        verify_log(log.fetch, log_vkey=log.vkey)
    log.publish(Checkpoint(ORIGIN, 700, log.tree.root()).to_text())
    with pytest.raises(LogUnavailableError, match=r"did not serve tile/0/002\.p/188: .* \(nor tile/0/002\)"):
        verify_log(log.fetch, log_vkey=log.vkey)


def test_a_missing_resource_is_unavailable_whatever_the_fetch_raises() -> None:
    log = new_log(600)
    del log.served["tile/entries/000"]
    with pytest.raises(LogUnavailableError, match="tile/entries/000"):
        verify_log(log.fetch, log_vkey=log.vkey, audit=True)

    def refuse(path: str) -> bytes:
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(LogUnavailableError, match="did not serve checkpoint"):
        verify_log(refuse, log_vkey=log.vkey)


def test_a_dropped_partial_tile_is_read_from_the_full_one() -> None:
    log = new_log(300)
    older = log.served["checkpoint"]
    log.append([entry(i) for i in range(300, 600)])
    del log.served["tile/0/001.p/44"], log.served["tile/entries/001.p/44"]  # the spec lets a log drop them
    log.served["checkpoint"] = older
    assert verify_log(log.fetch, log_vkey=log.vkey, audit=True).size == 300
    assert {"tile/0/001", "tile/entries/001"} <= set(log.fetched)


def test_a_checkpoint_signed_by_another_key_is_refused() -> None:
    log = new_log(10)
    other = Ed25519Signer.generate(ORIGIN)
    with pytest.raises(NoteError):
        verify_log(log.fetch, log_vkey=other.verifier().to_vkey())
    with pytest.raises(MalformedKeyError):
        verify_log(log.fetch, log_vkey="not a key")


def test_a_log_that_grew_is_consistent_with_its_earlier_checkpoints() -> None:
    log = new_log()
    earlier = [log.append([entry(i) for i in range(start, end)]) for start, end in ((0, 1), (1, 256), (256, 700), (700, 1500))]
    for since in earlier:
        verified = verify_log(log.fetch, log_vkey=log.vkey, since=since)
        assert verified.size == 1500


def test_a_fork_is_not_consistent() -> None:
    signer = Ed25519Signer.generate(ORIGIN)
    honest, fork = new_log(signer=signer), new_log(signer=signer)
    common = honest.append([entry(i) for i in range(300)])
    fork.append([entry(i) for i in range(300)])
    seen = honest.append([entry(i) for i in range(300, 500)])
    fork.append([entry(i, fork="evil") for i in range(300, 800)])

    assert verify_log(fork.fetch, log_vkey=fork.vkey, since=common).size == 800  # the shared prefix is fine
    with pytest.raises(ConsistencyError, match="does not extend the earlier checkpoint of 500"):
        verify_log(fork.fetch, log_vkey=fork.vkey, since=seen)


def test_a_fork_at_the_same_size_is_not_consistent() -> None:
    signer = Ed25519Signer.generate(ORIGIN)
    honest, fork = new_log(signer=signer), new_log(signer=signer)
    seen = honest.append([entry(i) for i in range(500)])
    fork.append([entry(i, fork="evil") for i in range(500)])
    with pytest.raises(ConsistencyError, match="two different roots"):
        verify_log(fork.fetch, log_vkey=fork.vkey, since=seen)


def test_a_rollback_is_not_consistent() -> None:
    signer = Ed25519Signer.generate(ORIGIN)
    log = new_log(500, signer=signer)
    later = new_log(800, signer=signer).served["checkpoint"].decode()
    with pytest.raises(ConsistencyError, match="smaller than the earlier checkpoint's 800"):
        verify_log(log.fetch, log_vkey=log.vkey, since=later)


def test_an_earlier_checkpoint_must_be_signed_by_the_same_key_and_name_the_same_log() -> None:
    log = new_log(500)
    stranger = new_log(100).served["checkpoint"].decode()
    with pytest.raises(NoteError):
        verify_log(log.fetch, log_vkey=log.vkey, since=stranger)
    elsewhere = TiledLog(log.signer, origin="other.example.org/log")
    with pytest.raises(LogError, match=r"other\.example\.org/log"):
        verify_log(log.fetch, log_vkey=log.vkey, since=elsewhere.append([entry(0)]))
    with pytest.raises(InvalidInputError):
        verify_log(log.fetch, log_vkey=log.vkey, since="not a checkpoint\n")


# --- receipts -----------------------------------------------------------------------------------


@pytest.fixture
def log() -> TiledLog:
    return new_log(777)


def test_a_receipt_verifies_and_survives_json(log: TiledLog) -> None:
    checkpoint = log.served["checkpoint"].decode()
    for index in (0, 1, 255, 256, 776):
        receipt = log.receipt(index, checkpoint)
        verify_receipt(receipt, log_vkey=log.vkey)
        text = receipt.to_json()
        assert json.loads(text)["receipt"] == RECEIPT_FORMAT
        assert text.isascii()
        assert Receipt.from_json(text) == Receipt.from_json(text.encode()) == Receipt.from_json(json.loads(text)) == receipt
        verify_receipt(Receipt.from_json(text), log_vkey=log.vkey)


def test_a_receipt_for_an_older_checkpoint_still_verifies() -> None:
    log = new_log(100)
    older = log.served["checkpoint"].decode()
    log.append([entry(i) for i in range(100, 400)])
    verify_receipt(log.receipt(42, older), log_vkey=log.vkey)


def test_a_tampered_entry_fails(log: TiledLog) -> None:
    receipt = log.receipt(300, log.served["checkpoint"].decode())
    with pytest.raises(ReceiptError, match="not leaf 300"):
        verify_receipt(replace(receipt, entry=entry(301)), log_vkey=log.vkey)


def test_a_wrong_index_fails(log: TiledLog) -> None:
    receipt = log.receipt(300, log.served["checkpoint"].decode())
    with pytest.raises(ReceiptError):
        verify_receipt(replace(receipt, index=301), log_vkey=log.vkey)
    with pytest.raises(ReceiptError, match="below the checkpoint's tree size 777"):
        verify_receipt(replace(receipt, index=777), log_vkey=log.vkey)


def test_a_wrong_key_or_origin_fails(log: TiledLog) -> None:
    receipt = log.receipt(5, log.served["checkpoint"].decode())
    with pytest.raises(NoteError):
        verify_receipt(receipt, log_vkey=Ed25519Signer.generate(ORIGIN).verifier().to_vkey())
    with pytest.raises(VerificationError, match=r"other\.example\.org"):
        verify_receipt(replace(receipt, origin="other.example.org/log"), log_vkey=log.vkey)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_flipped_bit_fails(data: st.DataObject) -> None:
    log = new_log(300)
    receipt = log.receipt(data.draw(st.integers(0, 299)), log.served["checkpoint"].decode())
    target = data.draw(st.sampled_from(["entry", "proof", "checkpoint"]))
    if target == "entry":
        changed = replace(receipt, entry=flip(receipt.entry, data.draw(st.integers(0, len(receipt.entry) - 1))))
    elif target == "proof":
        which = data.draw(st.integers(0, len(receipt.inclusion_proof) - 1))
        proof = list(receipt.inclusion_proof)
        proof[which] = flip(proof[which], data.draw(st.integers(0, HASH_SIZE - 1)))
        changed = replace(receipt, inclusion_proof=proof)
    else:
        note = Note.from_text(receipt.checkpoint)
        root_line = note.text.split("\n")[2]
        forged = base64.b64encode(flip(base64.b64decode(root_line), data.draw(st.integers(0, HASH_SIZE - 1)))).decode()
        changed = replace(receipt, checkpoint=Note(note.text.replace(root_line, forged), note.signatures).to_text())
    with pytest.raises(VerificationError):
        verify_receipt(changed, log_vkey=log.vkey)


@pytest.fixture
def witnessed(log: TiledLog) -> tuple[TiledLog, Receipt, list[str]]:
    """A receipt cosigned by two of three witnesses (one of them ML-DSA-44); the third key is idle."""
    clock = FixedClock(WHEN)
    w1, w2 = Cosigner.generate("witness.example.net/w1", clock=clock), MLDSACosigner.generate("witness.example.com/pq", clock=clock)
    idle = Cosigner.generate("witness.example.org/idle", clock=clock)
    note = sign_note(Note.from_text(log.served["checkpoint"]), [w1, w2]).to_text()
    return log, log.receipt(123, note), [w1.verifier().to_vkey(), w2.verifier().to_vkey(), idle.verifier().to_vkey()]


def test_k_of_n_witnesses(witnessed: tuple[TiledLog, Receipt, list[str]]) -> None:
    log, receipt, vkeys = witnessed
    verify_receipt(receipt, log_vkey=log.vkey)  # cosignatures are optional unless required
    for k in (0, 1, 2):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=vkeys, witnesses_required=k)
    with pytest.raises(WitnessPolicyError, match="at least 3 of 3 witnesses; found 2"):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=vkeys, witnesses_required=3)
    with pytest.raises(WitnessPolicyError, match="found 0"):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=vkeys[2:], witnesses_required=1)
    with pytest.raises(WitnessPolicyError, match="found 1"):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=[vkeys[0], vkeys[0], vkeys[2]], witnesses_required=2)


def test_witness_policy_input_is_checked(witnessed: tuple[TiledLog, Receipt, list[str]]) -> None:
    log, receipt, vkeys = witnessed
    with pytest.raises(InvalidInputError, match="between 0 and the 1 witness keys"):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=[vkeys[0], vkeys[0]], witnesses_required=2)
    with pytest.raises(InvalidInputError):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=vkeys, witnesses_required=-1)
    with pytest.raises(InvalidInputError, match="one string"):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=vkeys[0], witnesses_required=1)
    with pytest.raises(MalformedKeyError, match="type 0x04"):
        verify_receipt(receipt, log_vkey=log.vkey, witness_vkeys=[log.vkey], witnesses_required=1)


def test_a_bad_cosignature_from_a_listed_witness_refuses_the_receipt(witnessed: tuple[TiledLog, Receipt, list[str]]) -> None:
    log, receipt, vkeys = witnessed
    note = Note.from_text(receipt.checkpoint)
    first = note.signatures[1]  # w1's cosignature
    broken = Signature(first.name, first.key_id, flip(first.signature, 20))
    forged = replace(receipt, checkpoint=Note(note.text, (note.signatures[0], broken, note.signatures[2])).to_text())
    verify_receipt(forged, log_vkey=log.vkey)  # the log's own signature is still good
    with pytest.raises(NoteError, match="invalid cosignature"):
        verify_receipt(forged, log_vkey=log.vkey, witness_vkeys=vkeys, witnesses_required=1)


def receipt_json(log: TiledLog) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(log.receipt(7, log.served["checkpoint"].decode()).to_json())
    return parsed


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda r: r.update(receipt="incamera-receipt/v2"), "receipt", "incamera-receipt/v1"),
        (lambda r: r.pop("entry"), "entry", "expected the key 'entry'"),
        (lambda r: r.update(extra=1), "receipt", "found extra"),
        (lambda r: r.update(index=-1), "index", "between 0"),
        (lambda r: r.update(index="7"), "index", "between 0"),
        (lambda r: r.update(index=True), "index", "between 0"),
        (lambda r: r.update(index=7.0), "index", "between 0"),
        (lambda r: r.update(origin=""), "origin", "non-empty"),
        (lambda r: r.update(origin=["a"]), "origin", "non-empty"),
        (lambda r: r.update(entry="not base64!"), "entry", "base64"),
        (lambda r: r.update(entry="YQ"), "entry", "base64"),
        (lambda r: r.update(entry=12), "entry", "found int"),
        (lambda r: r.update(inclusion_proof="AAAA"), "inclusion_proof", "list"),
        (lambda r: r.update(inclusion_proof=["AAAA"]), "inclusion_proof", "32 bytes; found 3"),
        (lambda r: r.update(inclusion_proof=[base64.b64encode(bytes(32)).decode()] * 64), "inclusion_proof", "at most 63"),
        (lambda r: r.update(inclusion_proof=[None]), "inclusion_proof", "found NoneType"),
        (lambda r: r.update(checkpoint=None), "checkpoint", "as text"),
    ],
)
def test_malformed_receipts_name_the_field(log: TiledLog, change: Callable[[dict[str, Any]], object], field: str, words: str) -> None:
    data = receipt_json(log)
    change(data)
    with pytest.raises(MalformedReceiptError) as caught:
        Receipt.from_json(json.dumps(data))
    assert caught.value.field == field
    assert words in caught.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[]", "JSON object"),
        ("{", "expected JSON"),
        (b"\xff", "expected JSON"),
        ('{"index": 1, "index": 2}', "'index' twice"),
        ("[" * 100_000 + "]" * 100_000, "expected JSON"),
        (" " * (3 << 20), "at most"),
    ],
)
def test_malformed_json_is_refused(text: str | bytes, words: str) -> None:
    with pytest.raises(MalformedReceiptError, match=words):
        Receipt.from_json(text)


def test_a_malformed_checkpoint_in_a_receipt_is_bad_input(log: TiledLog) -> None:
    receipt = log.receipt(7, log.served["checkpoint"].decode())
    with pytest.raises(InvalidInputError):
        verify_receipt(replace(receipt, checkpoint="no signatures\n"), log_vkey=log.vkey)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.just(base64.b64encode(bytes(32)).decode()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(["receipt", "origin", "index", "entry", "inclusion_proof", "checkpoint"]), value=json_values)
def test_any_json_fails_only_with_our_errors(key: str, value: object) -> None:
    log = new_log(10)
    data = receipt_json(log)
    data[key] = value
    try:
        verify_receipt(Receipt.from_json(json.dumps(data)), log_vkey=log.vkey)
    except (InvalidInputError, VerificationError):
        return
