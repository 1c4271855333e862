"""c2sp.org/signed-note: Go's sumdb/note vectors, spec rules, and precise refusals."""

from __future__ import annotations

import base64
import contextlib
import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.tlog.note import (
    MAX_SIGNATURES,
    MLDSA44_SIGNATURE_TYPE,
    Ed25519Signer,
    Ed25519Verifier,
    EncodedKey,
    InvalidSignatureError,
    MalformedKeyError,
    MalformedNoteError,
    MLDSASigner,
    MLDSAVerifier,
    Note,
    Signature,
    UnverifiedNoteError,
    compute_key_id,
    open_note,
    sign_note,
    signer_from_skey,
    verifier_from_vkey,
    verify_note,
)

# From golang.org/x/mod/sumdb/note's tests.
PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n"


def peter() -> Ed25519Verifier:
    return Ed25519Verifier.from_vkey(PETER_VKEY)


def enoch() -> Ed25519Verifier:
    return Ed25519Verifier.from_vkey(ENOCH_VKEY)


# --- Go's vectors ---


def test_the_go_verifier_key_parses_and_formats_back() -> None:
    verifier = peter()
    assert verifier.name == "PeterNeumann"
    assert verifier.key_id == 0xC74F20A3
    assert verifier.to_vkey() == PETER_VKEY
    assert verifier_from_vkey(PETER_VKEY) == verifier


def test_signing_reproduces_the_go_signed_note_byte_for_byte() -> None:
    signer = Ed25519Signer.from_skey(PETER_SKEY)
    assert signer.to_skey() == PETER_SKEY
    assert signer.verifier() == peter()
    assert sign_note(TEXT, [signer]).to_text() == TEXT + "\n" + PETER_SIG


def test_signing_replaces_an_earlier_signature_by_the_same_key() -> None:
    signer = Ed25519Signer.from_skey(PETER_SKEY)
    stale = Note(TEXT, (Signature("PeterNeumann", 0xC74F20A3, b"BADSIG"),))
    assert sign_note(stale, [signer]).to_text() == TEXT + "\n" + PETER_SIG


def test_one_known_signature_verifies_and_the_unknown_one_is_kept_aside() -> None:
    opened = open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, verifiers=[peter()])
    assert opened.text == TEXT
    assert [(s.name, s.key_id) for s in opened.verified] == [("PeterNeumann", 0xC74F20A3)]
    assert [(s.name, s.key_id) for s in opened.unverified] == [("EnochRoot", 0xAF0CFE78)]


def test_both_known_signatures_verify() -> None:
    opened = open_note((TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode(), verifiers=[peter(), enoch()])
    assert [s.name for s in opened.verified] == ["PeterNeumann", "EnochRoot"]
    assert opened.unverified == ()


def test_a_note_without_a_known_signature_is_refused() -> None:
    with pytest.raises(UnverifiedNoteError) as info:
        open_note(TEXT + "\n" + PETER_SIG + ENOCH_SIG, verifiers=[])
    assert "EnochRoot+af0cfe78" in info.value.message
    assert len(info.value.note.signatures) == 2


def test_a_bad_signature_from_a_known_key_refuses_the_whole_note() -> None:
    corrupted = PETER_SIG[:60] + "ABCD" + PETER_SIG[60:]
    with pytest.raises(InvalidSignatureError) as info:
        open_note(TEXT + "\n" + corrupted, verifiers=[peter()])
    assert (info.value.name, info.value.key_id) == ("PeterNeumann", 0xC74F20A3)
    # Even when another line from the same key is good: every known signature must verify.
    with pytest.raises(InvalidSignatureError):
        open_note(TEXT + "\n" + PETER_SIG + corrupted, verifiers=[peter()])


def test_repeated_signatures_are_reported_once() -> None:
    enoch_abcd = ENOCH_SIG[:60] + "ABCD" + ENOCH_SIG[60:]
    opened = open_note(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enoch_abcd, verifiers=[peter()])
    assert len(opened.verified) == 1
    assert len(opened.unverified) == 2


def test_two_different_verifiers_for_one_name_and_key_id_are_refused() -> None:
    impostor = Ed25519Verifier.__new__(Ed25519Verifier)
    object.__setattr__(impostor, "name", "PeterNeumann")
    object.__setattr__(impostor, "public_key", b"\x00" * 32)
    object.__setattr__(impostor, "key_id", 0xC74F20A3)
    with pytest.raises(MalformedKeyError, match="two for PeterNeumann"):
        open_note(TEXT + "\n" + PETER_SIG, verifiers=[peter(), impostor])
    open_note(TEXT + "\n" + PETER_SIG, verifiers=[peter(), peter()])  # equal verifiers are one


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        (TEXT, "blank line"),
        (TEXT + "\n", "at least one signature line"),
        (TEXT + "\n" + PETER_SIG[:-1], "ending in a newline"),
        ("\x01" + TEXT + "\n" + PETER_SIG, "U+0001"),
        (TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Bad Name"), "base64"),
        (TEXT + "\n" + PETER_SIG + "Unexpected line.\n", "em dash"),
        (TEXT + "\n" + PETER_SIG.replace("—", "-"), "em dash"),
        (TEXT + "\n" + PETER_SIG.replace("— PeterNeumann ", "— PeterNeumann"), "no space"),
        (TEXT + "\n" + PETER_SIG.replace("PeterNeumann", "Peter+Neumann"), "'+'"),
        (TEXT + "\n" + PETER_SIG.replace("PeterNeumann", ""), "non-empty key name"),
        (TEXT + "\n" + PETER_SIG.replace("AM=", "AN="), "non-canonical"),
        (TEXT + "\n" + PETER_SIG.replace("AM=", "AM"), "standard base64"),
        (TEXT + "\n— PeterNeumann AAAAAA==\n", "at least 5 bytes"),
        (TEXT + "\n" + PETER_SIG * (MAX_SIGNATURES + 1), "at most 100"),
        (TEXT.replace("\n", "\r\n") + "\n" + PETER_SIG, "U+000D"),
    ],
)
def test_malformed_notes_are_refused_with_the_reason(message: str, complaint: str) -> None:
    with pytest.raises(MalformedNoteError) as info:
        open_note(message, verifiers=[peter()])
    assert complaint in info.value.message


def test_malformed_bytes_are_refused() -> None:
    with pytest.raises(MalformedNoteError, match="UTF-8"):
        Note.from_text(b"\xff" + (TEXT + "\n" + PETER_SIG).encode())
    with pytest.raises(MalformedNoteError, match="at most"):
        Note.from_text(b"x" * (1 << 21))


def test_the_bad_signature_line_is_named() -> None:
    with pytest.raises(MalformedNoteError) as info:
        Note.from_text(TEXT + "\n" + PETER_SIG + "— x !!\n")
    assert info.value.field == "signature line 2"


# --- key strings: every mangling of Go's keys is refused ---


def manglings(key: str) -> list[str]:
    whole = [key[i:j] for i in range(len(key) + 1) for j in range(i + 1, len(key) + 1) if (i, j) != (0, len(key))]
    bumped = [key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :] for i in range(len(key))]
    return whole + bumped


def test_every_substring_or_changed_character_of_a_verifier_key_is_refused() -> None:
    for mangled in manglings(PETER_VKEY):
        with pytest.raises(MalformedKeyError):
            verifier_from_vkey(mangled)


def test_every_substring_or_changed_character_of_a_signer_key_is_refused() -> None:
    for mangled in manglings(PETER_SKEY):
        with pytest.raises(MalformedKeyError):
            signer_from_skey(mangled)


@pytest.mark.parametrize(
    ("vkey", "complaint"),
    [
        ("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==", "canonical"),
        (EncodedKey("a", compute_key_id("a", b"\x01" + bytes(31)), b"\x01" + bytes(31)).to_vkey(), "32 bytes"),
        ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "type 0x65"),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "lowercase hex"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "expected key ID c74f20a3"),
        ("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "U+0020"),
        ("+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "non-empty"),
        ("PeterNeumann+c74f20a3", "found 2 '+'-separated parts"),
    ],
)
def test_bad_verifier_keys_are_refused_with_the_reason(vkey: str, complaint: str) -> None:
    with pytest.raises(MalformedKeyError) as info:
        verifier_from_vkey(vkey)
    assert complaint in info.value.message


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_key_strings_raise_only_malformed_key_errors(text: str) -> None:
    for parse in (verifier_from_vkey, EncodedKey.from_vkey):
        try:
            key = parse(text)
        except MalformedKeyError:
            continue
        assert key.to_vkey() == text
    with contextlib.suppress(MalformedKeyError):
        assert signer_from_skey(text).to_skey() == text


@settings(max_examples=300, deadline=None)
@given(st.binary() | st.text())
def test_arbitrary_input_raises_only_malformed_note_errors(message: bytes | str) -> None:
    try:
        note = Note.from_text(message)
    except MalformedNoteError:
        return
    assert note.to_text() == (message.decode() if isinstance(message, bytes) else message)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len((TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode()) - 1), st.integers(1, 255))
def test_any_changed_byte_of_a_signed_note_is_refused_or_loses_its_signature(position: int, delta: int) -> None:
    raw = bytearray((TEXT + "\n" + PETER_SIG + ENOCH_SIG).encode())
    raw[position] = (raw[position] + delta) % 256
    try:
        opened = open_note(bytes(raw), verifiers=[peter(), enoch()])
    except (InvalidInputError, VerificationError):
        return
    # Survivable changes only touch one signature line's name (making it unknown), never the text.
    assert opened.text == TEXT
    assert len(opened.verified) == 1


# --- our own notes ---


def test_generated_keys_round_trip_through_their_strings() -> None:
    signer = Ed25519Signer.generate("log.example.org/incamera")
    again = signer_from_skey(signer.to_skey())
    assert again.key_id == signer.key_id
    assert verifier_from_vkey(signer.verifier().to_vkey()) == signer.verifier()
    verify_note(sign_note("hello\n", [again]), verifiers=[signer.verifier()])


def test_text_may_contain_blank_lines_and_is_split_at_the_last_one() -> None:
    signer = Ed25519Signer.generate("example.org/a")
    text = "first\n\nsecond\n\n\nthird\n\n"
    message = sign_note(text, [signer]).to_text()
    assert open_note(message, verifiers=[signer.verifier()]).text == text


def test_sixteen_and_up_to_a_hundred_signatures_are_accepted() -> None:
    signers = [Ed25519Signer.generate(f"witness{i}.example.org") for i in range(MAX_SIGNATURES)]
    sixteen = sign_note("body\n", signers[:16]).to_text()
    assert len(open_note(sixteen, verifiers=[s.verifier() for s in signers[:16]]).verified) == 16
    hundred = sign_note("body\n", signers)
    assert len(open_note(hundred.to_text(), verifiers=[signers[-1].verifier()]).unverified) == MAX_SIGNATURES - 1
    with pytest.raises(MalformedNoteError, match="at most 100"):
        sign_note(hundred, [Ed25519Signer.generate("one.too.many")])


def test_an_unsigned_note_cannot_be_written_and_bad_text_cannot_be_signed() -> None:
    with pytest.raises(MalformedNoteError, match="at least one signature"):
        Note("text\n").to_text()
    signer = Ed25519Signer.generate("example.org/a")
    for text, complaint in (("no newline", "ending in a newline"), ("tab\there\n", r"U\+0009"), ("", "ending in a newline")):
        with pytest.raises(MalformedNoteError, match=complaint):
            sign_note(text, [signer])


@pytest.mark.parametrize("name", ["", "a b", "a+b", "a\tb", "a\u00a0b", "a\u2003b", "a\nb"])
def test_key_names_with_spaces_plus_or_nothing_are_refused(name: str) -> None:
    with pytest.raises(MalformedKeyError):
        Ed25519Signer.generate(name)


def test_the_ml_dsa_type_is_an_experimental_0xff_identifier() -> None:
    assert MLDSA44_SIGNATURE_TYPE == b"\xffincamera.org/ml-dsa-44/note/v1\x00"
    signer = MLDSASigner.generate("log.example.org/incamera")
    expected = hashlib.sha256(b"log.example.org/incamera\n" + MLDSA44_SIGNATURE_TYPE + signer.public_key).digest()[:4]
    assert signer.key_id == int.from_bytes(expected, "big") == compute_key_id(signer.name, MLDSA44_SIGNATURE_TYPE + signer.public_key)
    assert signer.verifier().to_vkey().split("+")[1] == expected.hex()


def test_ml_dsa_signatures_verify_and_are_ignored_by_ed25519_only_verifiers() -> None:
    classic = Ed25519Signer.generate("log.example.org/incamera")
    post_quantum = MLDSASigner.generate("log.example.org/incamera")
    message = sign_note("tree head\n", [classic, post_quantum]).to_text()

    only_classic = open_note(message, verifiers=[classic.verifier()])
    assert [s.key_id for s in only_classic.unverified] == [post_quantum.key_id]
    only_pq = open_note(message, verifiers=[verifier_from_vkey(post_quantum.verifier().to_vkey())])
    assert [s.key_id for s in only_pq.verified] == [post_quantum.key_id]
    assert len(only_pq.verified[0].signature) == 2420

    again = signer_from_skey(post_quantum.to_skey())
    assert isinstance(again, MLDSASigner)
    assert again.public_key == post_quantum.public_key


def test_a_tampered_ml_dsa_signature_refuses_the_note() -> None:
    signer = MLDSASigner.generate("log.example.org/incamera")
    note = sign_note("tree head\n", [signer])
    bad = note.signatures[0].signature[:-1] + bytes([note.signatures[0].signature[-1] ^ 1])
    tampered = Note(note.text, (Signature(signer.name, signer.key_id, bad),))
    with pytest.raises(InvalidSignatureError, match="ML-DSA-44"):
        verify_note(tampered, verifiers=[signer.verifier()])
    short = Note(note.text, (Signature(signer.name, signer.key_id, b"x" * 64),))
    with pytest.raises(InvalidSignatureError, match="2420 bytes"):
        verify_note(short, verifiers=[signer.verifier()])


def test_bad_public_keys_are_refused() -> None:
    with pytest.raises(MalformedKeyError, match="1312 bytes"):
        MLDSAVerifier("a", b"\x00" * 32)
    with pytest.raises(MalformedKeyError, match="32 bytes"):
        Ed25519Verifier("a", b"\x00" * 31)
    wrong_type = EncodedKey("a", compute_key_id("a", MLDSA44_SIGNATURE_TYPE + b"\x00" * 32), MLDSA44_SIGNATURE_TYPE + b"\x00" * 32)
    with pytest.raises(MalformedKeyError, match="1312 bytes"):
        verifier_from_vkey(wrong_type.to_vkey())
    unknown = EncodedKey("a", compute_key_id("a", b"\x07" + b"\x00" * 32), b"\x07" + b"\x00" * 32)
    with pytest.raises(MalformedKeyError, match="type 0x07"):
        verifier_from_vkey(unknown.to_vkey())
    with pytest.raises(MalformedKeyError, match="PRIVATE"):
        signer_from_skey(PETER_VKEY)


def test_signature_lines_round_trip() -> None:
    signature = Signature("example.org/w", 0x01020304, b"\xaa" * 64)
    line = signature.to_line()
    assert line.startswith("— example.org/w ")
    assert base64.b64decode(line.split(" ")[2])[:4] == b"\x01\x02\x03\x04"
    assert Signature.from_line(line[:-1]) == signature
