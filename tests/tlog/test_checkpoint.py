"""c2sp.org/tlog-checkpoint bodies: the spec's example, round trips and strict refusals."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.tlog.checkpoint import MAX_TREE_SIZE, Checkpoint, CheckpointError, MalformedCheckpointError, open_checkpoint
from incamera.tlog.merkle import MemoryTree, leaf_hash
from incamera.tlog.note import Ed25519Signer, Note, UnverifiedNoteError, sign_note

# The example of c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature.
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SPEC_NOTE = (
    SPEC_BODY
    + "\n"
    + "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    + "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)
ROOT = bytes(range(32))
ROOT_B64 = base64.b64encode(ROOT).decode()


def test_the_spec_example_parses_and_formats_back() -> None:
    note = Note.from_text(SPEC_NOTE)
    checkpoint = Checkpoint.from_text(note.text)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert checkpoint.root_hash == base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")
    assert checkpoint.extensions == ()
    assert checkpoint.to_text() == SPEC_BODY
    assert [s.name for s in note.signatures] == ["example.com/behind-the-sofa", "witness.example.com/w1"]
    assert note.to_text() == SPEC_NOTE


def test_extension_lines_and_the_empty_tree() -> None:
    text = f"log.example.org/incamera\n0\n{ROOT_B64}\nsome extension\nanother one\n"
    checkpoint = Checkpoint.from_text(text)
    assert checkpoint.size == 0
    assert checkpoint.extensions == ("some extension", "another one")
    assert checkpoint.to_text() == text


@pytest.mark.parametrize(
    ("text", "field", "complaint"),
    [
        (f"origin\n01\n{ROOT_B64}\n", "size", "leading zeros"),
        (f"origin\n+1\n{ROOT_B64}\n", "size", "without sign"),
        (f"origin\n-1\n{ROOT_B64}\n", "size", "without sign"),
        (f"origin\n 1\n{ROOT_B64}\n", "size", "decimal digits"),
        (f"origin\n1 \n{ROOT_B64}\n", "size", "decimal digits"),
        (f"origin\n1_000\n{ROOT_B64}\n", "size", "decimal digits"),
        (f"origin\n١٢\n{ROOT_B64}\n", "size", "decimal digits"),
        (f"origin\n0x10\n{ROOT_B64}\n", "size", "decimal digits"),
        (f"origin\n\n{ROOT_B64}\n", "size", "decimal digits"),
        (f"origin\n{MAX_TREE_SIZE + 1}\n{ROOT_B64}\n", "size", "at most"),
        (f"origin\n{'9' * 5000}\n{ROOT_B64}\n", "size", "at most"),
        (f"\n1\n{ROOT_B64}\n", "origin", "non-empty"),
        (f"ori\x00gin\n1\n{ROOT_B64}\n", "origin", "U+0000"),
        ("origin\n1\nAAAA\n", "root_hash", "32 bytes"),
        (f"origin\n1\n{ROOT_B64[:-1]}\n", "root_hash", "standard base64"),
        (f"origin\n1\n{ROOT_B64[:-2]}9=\n", "root_hash", "non-canonical"),
        (f"origin\n1\n{ROOT_B64} \n", "root_hash", "standard base64"),
        (f"origin\n1\n{ROOT_B64}\n\n", "extension line 1", "non-empty"),
        (f"origin\n1\n{ROOT_B64}\next\n\nmore\n", "extension line 2", "non-empty"),
        (f"origin\n1\n{ROOT_B64}", "checkpoint", "newline"),
        ("origin\n1\n", "checkpoint", "at least 3 lines"),
        ("", "checkpoint", "newline"),
    ],
)
def test_malformed_checkpoints_are_refused_naming_the_line(text: str, field: str, complaint: str) -> None:
    with pytest.raises(MalformedCheckpointError) as info:
        Checkpoint.from_text(text)
    assert info.value.field == field
    assert complaint in info.value.message


def test_checkpoints_built_in_code_are_checked_too() -> None:
    with pytest.raises(MalformedCheckpointError, match="32 bytes"):
        Checkpoint("origin", 1, b"short")
    with pytest.raises(MalformedCheckpointError, match="tree size"):
        Checkpoint("origin", -1, ROOT)
    with pytest.raises(MalformedCheckpointError, match="tree size"):
        Checkpoint("origin", True, ROOT)  # a bool is not a size
    with pytest.raises(MalformedCheckpointError, match=r"control characters"):
        Checkpoint("origin", 1, ROOT, ("two\nlines",))


lines = st.text(st.characters(min_codepoint=0x20, codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(lines, st.integers(0, MAX_TREE_SIZE), st.binary(min_size=32, max_size=32), st.lists(lines, max_size=3))
def test_every_checkpoint_round_trips(origin: str, size: int, root: bytes, extensions: list[str]) -> None:
    checkpoint = Checkpoint(origin, size, root, tuple(extensions))
    assert Checkpoint.from_text(checkpoint.to_text()) == checkpoint


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_raises_only_malformed_checkpoint_errors(text: str) -> None:
    try:
        checkpoint = Checkpoint.from_text(text)
    except MalformedCheckpointError:
        return
    assert checkpoint.to_text() == text  # what parses is the one spelling of that tree head


def test_open_checkpoint_verifies_the_log_signature_and_the_origin() -> None:
    log = Ed25519Signer.generate("log.example.org/incamera")
    tree = MemoryTree([leaf_hash(b"first"), leaf_hash(b"second")])
    message = sign_note(Checkpoint("log.example.org/incamera", tree.size, tree.root()).to_text(), [log]).to_text()

    opened = open_checkpoint(message, origin="log.example.org/incamera", verifiers=[log.verifier()])
    assert opened.checkpoint.size == 2
    assert opened.checkpoint.root_hash == tree.root()
    assert [s.name for s in opened.note.verified] == ["log.example.org/incamera"]

    with pytest.raises(CheckpointError, match=r"expected a checkpoint of 'other\.example\.org'"):
        open_checkpoint(message, origin="other.example.org", verifiers=[log.verifier()])
    with pytest.raises(UnverifiedNoteError):
        open_checkpoint(message, origin="log.example.org/incamera", verifiers=[Ed25519Signer.generate("x").verifier()])


def test_a_signed_note_that_is_not_a_checkpoint_is_refused() -> None:
    log = Ed25519Signer.generate("log.example.org/incamera")
    message = sign_note("log.example.org/incamera\nten\n", [log]).to_text()
    with pytest.raises(MalformedCheckpointError):
        open_checkpoint(message, origin="log.example.org/incamera", verifiers=[log.verifier()])
