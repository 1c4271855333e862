"""c2sp.org/tlog-cosignature: cosignature/v1 (Ed25519) and subtree/v1 (ML-DSA-44)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from incamera.kernel.clock import FixedClock
from incamera.kernel.errors import InvalidInputError
from incamera.tlog.checkpoint import Checkpoint, MalformedCheckpointError
from incamera.tlog.cosignature import (
    COSIGNATURE_V1_TYPE,
    MAX_TIMESTAMP,
    SUBTREE_V1_TYPE,
    CosignatureVerifier,
    Cosigner,
    MLDSACosignatureVerifier,
    MLDSACosigner,
    cosignature_timestamp,
    cosignature_v1_message,
    subtree_v1_message,
)
from incamera.tlog.note import (
    Ed25519Signer,
    Ed25519Verifier,
    InvalidSignatureError,
    MalformedKeyError,
    Note,
    Signature,
    open_note,
    sign_note,
    verify_note,
)

SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SPEC_WITNESS_LINE = (
    "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
)
SPEC_TIME = 1679315147  # the "time" line of the spec's signed-message example
WHEN = dt.datetime(2030, 3, 1, 9, 0, tzinfo=dt.UTC)


def checkpoint_text(size: int = 5, *, extensions: tuple[str, ...] = ()) -> str:
    return Checkpoint("log.example.org/incamera", size, hashlib.sha256(b"root").digest(), extensions).to_text()


def test_the_signed_message_is_the_spec_example() -> None:
    assert cosignature_v1_message(SPEC_BODY, SPEC_TIME) == (
        b"cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )


def test_the_spec_example_cosignature_carries_its_timestamp() -> None:
    signature = Signature.from_line(SPEC_WITNESS_LINE)
    assert signature.name == "witness.example.com/w1"
    assert len(signature.signature) == 8 + 64
    assert cosignature_timestamp(signature) == SPEC_TIME


def test_a_cosignature_verifies_and_carries_the_clock_time() -> None:
    log = Ed25519Signer.generate("log.example.org/incamera")
    witness = Cosigner.generate("witness.example.org/w1", clock=FixedClock(WHEN))
    note = sign_note(sign_note(checkpoint_text(), [log]), [witness])

    opened = open_note(note.to_text(), verifiers=[log.verifier(), witness.verifier()])
    cosignature = next(s for s in opened.verified if s.name == witness.name)
    assert cosignature_timestamp(cosignature) == int(WHEN.timestamp())
    assert len(cosignature.signature) == 72


def test_the_key_id_uses_type_0x04_so_plain_ed25519_verifiers_skip_it() -> None:
    witness = Cosigner.generate("witness.example.org/w1", clock=FixedClock(WHEN))
    expected = hashlib.sha256(b"witness.example.org/w1\n\x04" + witness.public_key).digest()[:4]
    assert witness.key_id == int.from_bytes(expected, "big")
    assert COSIGNATURE_V1_TYPE == b"\x04"

    same_key_as_note_signer = Ed25519Verifier(witness.name, witness.public_key)
    assert same_key_as_note_signer.key_id != witness.key_id
    log = Ed25519Signer.generate("log.example.org/incamera")
    note = sign_note(checkpoint_text(), [log, witness])
    opened = open_note(note.to_text(), verifiers=[log.verifier(), same_key_as_note_signer])
    assert [s.name for s in opened.unverified] == [witness.name]


def test_a_changed_timestamp_or_checkpoint_fails() -> None:
    witness = Cosigner.generate("witness.example.org/w1", clock=FixedClock(WHEN))
    note = sign_note(checkpoint_text(extensions=("ext",)), [witness])
    signature = note.signatures[0].signature
    later = (int(WHEN.timestamp()) + 1).to_bytes(8, "big") + signature[8:]
    for text, raw, complaint in (
        (note.text, later, "verification failed"),
        (note.text, (MAX_TIMESTAMP + 1).to_bytes(8, "big") + signature[8:], "exceeds"),
        (note.text, signature[:-1], "expected 72 bytes"),
        (checkpoint_text(extensions=("other",)), signature, "verification failed"),
        (checkpoint_text(6, extensions=("ext",)), signature, "verification failed"),
    ):
        forged = Note(text, (Signature(witness.name, witness.key_id, raw),))
        with pytest.raises(InvalidSignatureError, match=complaint):
            verify_note(forged, verifiers=[witness.verifier()])


def test_cosigners_sign_only_checkpoints_and_only_valid_times() -> None:
    witness = Cosigner.generate("witness.example.org/w1", clock=FixedClock(WHEN))
    with pytest.raises(MalformedCheckpointError):
        sign_note("not a checkpoint\n", [witness])
    with pytest.raises(InvalidInputError, match="timestamp"):
        witness.sign_at(checkpoint_text().encode(), timestamp=-1)
    with pytest.raises(InvalidInputError, match="timestamp"):
        witness.sign_at(checkpoint_text().encode(), timestamp=MAX_TIMESTAMP + 1)


def test_cosigner_keys_round_trip_and_are_not_note_keys() -> None:
    witness = Cosigner.generate("witness.example.org/w1")
    again = Cosigner.from_skey(witness.to_skey(), clock=FixedClock(WHEN))
    assert again.key_id == witness.key_id
    verifier = CosignatureVerifier.from_vkey(witness.verifier().to_vkey())
    assert verifier == witness.verifier()
    verify_note(sign_note(checkpoint_text(), [again]), verifiers=[verifier])
    with pytest.raises(MalformedKeyError, match="type 0x01"):
        Ed25519Verifier.from_vkey(witness.verifier().to_vkey())
    with pytest.raises(MalformedKeyError, match="type 0x04"):
        CosignatureVerifier.from_vkey(Ed25519Signer.generate("x").verifier().to_vkey())


def test_the_subtree_message_layout() -> None:
    root = bytes(range(32))
    message = subtree_v1_message(cosigner_name="w", timestamp=7, origin="log", start=0, end=5, root_hash=root)
    assert message == (
        b"subtree/v1\n\x00" + b"\x01w" + (7).to_bytes(8, "big") + b"\x03log" + (0).to_bytes(8, "big") + (5).to_bytes(8, "big") + root
    )
    for changes, complaint in (
        ({"cosigner_name": "w" * 256}, "1 to 255 bytes"),
        ({"origin": ""}, "1 to 255 bytes"),
        ({"start": 3, "end": 3}, "subtree range"),
        ({"start": 2, "timestamp": 7}, "timestamp 0"),
        ({"root_hash": b"x"}, "32 bytes"),
    ):
        arguments = {"cosigner_name": "w", "timestamp": 7, "origin": "log", "start": 0, "end": 5, "root_hash": root} | changes
        with pytest.raises(InvalidInputError, match=complaint):
            subtree_v1_message(**arguments)  # type: ignore[arg-type]


def test_ml_dsa_cosignatures_verify_and_commit_to_the_checkpoint() -> None:
    witness = MLDSACosigner.generate("witness.example.org/pq", clock=FixedClock(WHEN))
    assert SUBTREE_V1_TYPE == b"\x06"
    assert witness.key_id == int.from_bytes(hashlib.sha256(b"witness.example.org/pq\n\x06" + witness.public_key).digest()[:4], "big")
    note = sign_note(checkpoint_text(), [witness])
    verifier = MLDSACosignatureVerifier.from_vkey(witness.verifier().to_vkey())
    opened = open_note(note.to_text(), verifiers=[verifier])
    assert cosignature_timestamp(opened.verified[0]) == int(WHEN.timestamp())
    assert len(opened.verified[0].signature) == 8 + 2420

    signature = note.signatures[0].signature
    for text, raw, complaint in (
        (checkpoint_text(6), signature, "verification failed"),
        (note.text, (1).to_bytes(8, "big") + signature[8:], "verification failed"),
        (note.text, signature[:100], "bytes"),
        ("not a checkpoint\n", signature, "not a checkpoint"),
    ):
        with pytest.raises(InvalidSignatureError, match=complaint):
            verify_note(Note(text, (Signature(witness.name, witness.key_id, raw),)), verifiers=[verifier])


def test_ml_dsa_cosignatures_do_not_cover_extension_lines() -> None:
    # As the spec says: subtree/v1 signs origin, size and root hash only.
    witness = MLDSACosigner.generate("witness.example.org/pq", clock=FixedClock(WHEN))
    signature = sign_note(checkpoint_text(extensions=("a",)), [witness]).signatures[0]
    verify_note(Note(checkpoint_text(extensions=("b",)), (signature,)), verifiers=[witness.verifier()])


def test_ml_dsa_cosigner_keys_round_trip() -> None:
    witness = MLDSACosigner.generate("witness.example.org/pq")
    again = MLDSACosigner.from_skey(witness.to_skey())
    assert again.public_key == witness.public_key
    assert again.key_id == witness.key_id
    with pytest.raises(MalformedKeyError, match="type 0x06"):
        MLDSACosigner.from_skey(Cosigner.generate("x").to_skey())
