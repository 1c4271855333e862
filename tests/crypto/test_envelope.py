"""Envelope encryption: round trips of every size, the documented layout rebuilt by hand, and
every way a blob can be damaged failing loudly with DecryptionError."""

from __future__ import annotations

import random
import secrets

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.crypto.envelope import (
    CHUNK_BYTES,
    HEADER_BYTES,
    DecryptionError,
    decrypt,
    encrypt,
    new_meeting_key,
    unwrap_key,
    wrap_key,
)
from incamera.kernel.errors import InvalidInputError, VerificationError

AAD = b"meeting 42/document 7"
SEALED_CHUNK = CHUNK_BYTES + 16
BOUNDARY_SIZES = [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES, 2 * CHUNK_BYTES + 5]


def content(size: int, seed: int = 0) -> bytes:
    return random.Random(seed).randbytes(size)


def flip(blob: bytes, index: int, mask: int = 0x01) -> bytes:
    damaged = bytearray(blob)
    damaged[index] ^= mask
    return bytes(damaged)


# Round trips


@pytest.mark.parametrize("size", BOUNDARY_SIZES)
def test_round_trip_at_chunk_boundaries(size: int) -> None:
    key = new_meeting_key()
    plaintext = content(size)
    blob = encrypt(key, plaintext, aad=AAD)
    chunks = max(1, -(-size // CHUNK_BYTES))
    assert len(blob) == HEADER_BYTES + size + 16 * chunks
    assert decrypt(key, blob, aad=AAD) == plaintext


@settings(max_examples=40, deadline=None)
@given(size=st.integers(0, 3 * CHUNK_BYTES + 40), seed=st.integers(0, 2**32))
def test_round_trip_any_size(size: int, seed: int) -> None:
    key = new_meeting_key()
    plaintext = content(size, seed)
    assert decrypt(key, encrypt(key, plaintext, aad=AAD), aad=AAD) == plaintext


@settings(max_examples=200, deadline=None)
@given(plaintext=st.binary(max_size=4096), aad=st.binary(max_size=64))
def test_round_trip_small_content_and_any_aad(plaintext: bytes, aad: bytes) -> None:
    key = new_meeting_key()
    assert decrypt(key, encrypt(key, plaintext, aad=aad), aad=aad) == plaintext


def test_each_encryption_is_fresh() -> None:
    key = new_meeting_key()
    first, second = encrypt(key, b"same", aad=AAD), encrypt(key, b"same", aad=AAD)
    assert first != second
    assert first[5:HEADER_BYTES] != second[5:HEADER_BYTES]  # another data key, another nonce


def test_accepts_bytearray_and_memoryview() -> None:
    key = new_meeting_key()
    plaintext = content(CHUNK_BYTES + 3)
    assert decrypt(key, encrypt(key, bytearray(plaintext), aad=AAD), aad=AAD) == plaintext
    assert decrypt(key, memoryview(encrypt(key, memoryview(plaintext), aad=AAD)), aad=AAD) == plaintext


# The documented format, rebuilt from the module docstring with the bare primitives


def test_blob_follows_the_documented_layout() -> None:
    key = new_meeting_key()
    plaintext = content(2 * CHUNK_BYTES + 100)
    blob = encrypt(key, plaintext, aad=AAD)
    assert blob[:4] == b"ICEV"
    assert blob[4] == 1
    wrapped, base = blob[5:66], blob[66:78]
    assert wrapped[0] == 1
    data_key = AESGCM(key).decrypt(wrapped[1:13], wrapped[13:], b"incamera/envelope/v1/data-key\x00ICEV\x01" + AAD)
    assert len(data_key) == 32
    chunk_aad = b"incamera/envelope/v1/chunk\x00" + blob[:78] + AAD
    opened = []
    for index, start in enumerate(range(78, len(blob), SEALED_CHUNK)):
        last = start + SEALED_CHUNK >= len(blob)
        nonce = bytes(a ^ b for a, b in zip(base, bytes(7) + index.to_bytes(4, "big") + bytes([last]), strict=True))
        opened.append(AESGCM(data_key).decrypt(nonce, blob[start : start + SEALED_CHUNK], chunk_aad))
    assert [len(p) for p in opened] == [CHUNK_BYTES, CHUNK_BYTES, 100]
    assert b"".join(opened) == plaintext


def test_wrapped_key_follows_the_documented_layout() -> None:
    kek, key = new_meeting_key(), new_meeting_key()
    wrapped = wrap_key(kek, key, aad=b"meeting 42")
    assert len(wrapped) == 61
    assert wrapped[0] == 1
    assert AESGCM(kek).decrypt(wrapped[1:13], wrapped[13:], b"incamera/wrap-key/v1\x00meeting 42") == key


def test_neither_plaintext_nor_keys_appear_in_the_blob(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[bytes] = []
    real = secrets.token_bytes

    def spy(n: int) -> bytes:
        drawn.append(real(n))
        return drawn[-1]

    monkeypatch.setattr(secrets, "token_bytes", spy)  # envelope draws through secrets.token_bytes
    key = real(32)
    plaintext = b"Minutes: the delegation of X will propose Y. " * 2000
    blob = encrypt(key, plaintext, aad=AAD)
    data_keys = [d for d in drawn if len(d) == 32]
    assert len(data_keys) == 1
    data_key = data_keys[0]
    # The captured key really is the data key: the wrapped copy in the header unwraps to it.
    assert AESGCM(key).decrypt(blob[6:18], blob[18:66], b"incamera/envelope/v1/data-key\x00ICEV\x01" + AAD) == data_key
    for secret in (key, data_key, data_key[:8], data_key[-8:], key[:8]):
        assert secret not in blob
    assert b"delegation" not in blob
    assert not any(plaintext[i : i + 8] in blob for i in range(45))


# Damage


def test_every_flipped_byte_fails() -> None:
    key = new_meeting_key()
    blob = encrypt(key, content(100), aad=AAD)
    for index in range(len(blob)):
        with pytest.raises(DecryptionError):
            decrypt(key, flip(blob, index), aad=AAD)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_flipped_bit_of_a_multi_chunk_blob_fails(data: st.DataObject) -> None:
    key = new_meeting_key()
    blob = encrypt(key, content(2 * CHUNK_BYTES + 7), aad=AAD)
    index = data.draw(st.integers(0, len(blob) - 1), label="index")
    bit = data.draw(st.integers(0, 7), label="bit")
    with pytest.raises(DecryptionError):
        decrypt(key, flip(blob, index, 1 << bit), aad=AAD)


def test_every_truncation_fails() -> None:
    key = new_meeting_key()
    blob = encrypt(key, content(40), aad=AAD)
    for length in range(len(blob)):
        with pytest.raises(DecryptionError):
            decrypt(key, blob[:length], aad=AAD)


def test_truncation_at_a_chunk_boundary_fails() -> None:
    key = new_meeting_key()
    blob = encrypt(key, content(2 * CHUNK_BYTES + 10), aad=AAD)
    for chunks in (1, 2):
        with pytest.raises(DecryptionError, match=f"chunk {chunks} of {chunks} does not authenticate"):
            decrypt(key, blob[: HEADER_BYTES + chunks * SEALED_CHUNK], aad=AAD)


def test_reordered_duplicated_and_appended_chunks_fail() -> None:
    key = new_meeting_key()
    blob = encrypt(key, content(3 * CHUNK_BYTES), aad=AAD)
    header, body = blob[:HEADER_BYTES], blob[HEADER_BYTES:]
    c0, c1, c2 = (body[i * SEALED_CHUNK : (i + 1) * SEALED_CHUNK] for i in range(3))
    for chunks in ([c1, c0, c2], [c0, c0, c2], [c0, c1, c2, c2], [c0, c1, c2, c2[:16]], [c0, c2]):
        with pytest.raises(DecryptionError):
            decrypt(key, header + b"".join(chunks), aad=AAD)


def test_chunks_from_another_file_fail() -> None:
    key = new_meeting_key()
    first = encrypt(key, content(CHUNK_BYTES + 1, 1), aad=AAD)
    second = encrypt(key, content(CHUNK_BYTES + 1, 2), aad=AAD)
    with pytest.raises(DecryptionError):
        decrypt(key, first[:HEADER_BYTES] + second[HEADER_BYTES:], aad=AAD)
    with pytest.raises(DecryptionError):
        decrypt(key, second[:HEADER_BYTES] + first[HEADER_BYTES:], aad=AAD)


def test_wrong_meeting_key_fails_at_the_data_key() -> None:
    blob = encrypt(new_meeting_key(), b"board book", aad=AAD)
    with pytest.raises(DecryptionError, match="the file's data key does not unwrap"):
        decrypt(new_meeting_key(), blob, aad=AAD)


@pytest.mark.parametrize("aad", [b"", b"meeting 43/document 7", AAD + b"\x00", AAD[:-1]])
def test_wrong_aad_fails(aad: bytes) -> None:
    key = new_meeting_key()
    blob = encrypt(key, b"board book", aad=AAD)
    with pytest.raises(DecryptionError, match="does not unwrap"):
        decrypt(key, blob, aad=aad)


def test_unknown_version_and_foreign_magic_are_named() -> None:
    key = new_meeting_key()
    blob = encrypt(key, b"board book", aad=AAD)
    with pytest.raises(DecryptionError, match="unknown envelope version 2; this build reads version 1"):
        decrypt(key, blob[:4] + b"\x02" + blob[5:], aad=AAD)
    with pytest.raises(DecryptionError, match="not an incamera envelope: magic 25504446"):
        decrypt(key, b"%PDF-1.7" + blob[8:], aad=AAD)
    with pytest.raises(DecryptionError, match="envelope is 3 bytes; at least 94 expected"):
        decrypt(key, blob[:3], aad=AAD)


def test_errors_are_verification_errors_with_their_cause() -> None:
    key = new_meeting_key()
    blob = encrypt(key, content(10), aad=AAD)
    with pytest.raises(VerificationError) as caught:
        decrypt(key, flip(blob, len(blob) - 1), aad=AAD)
    assert caught.value.diagnostics() == "chunk 1 of 1 does not authenticate: the content was altered, reordered or truncated"
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize("size", [0, 16, 31, 33])
def test_keys_of_the_wrong_size_are_refused(size: int) -> None:
    bad = bytes(size)
    with pytest.raises(InvalidInputError, match=f"meeting_key is {size} bytes; expected 32"):
        encrypt(bad, b"x", aad=AAD)
    with pytest.raises(InvalidInputError, match=f"meeting_key is {size} bytes; expected 32"):
        decrypt(bad, b"x" * 200, aad=AAD)
    with pytest.raises(InvalidInputError, match=f"wrapping_key is {size} bytes"):
        wrap_key(bad, new_meeting_key(), aad=AAD)


# Key wrapping


@settings(max_examples=50, deadline=None)
@given(key=st.binary(min_size=16, max_size=64), aad=st.binary(max_size=40))
def test_wrap_round_trip(key: bytes, aad: bytes) -> None:
    kek = new_meeting_key()
    assert unwrap_key(kek, wrap_key(kek, key, aad=aad), aad=aad) == key


def test_wrap_damage_fails() -> None:
    kek, key = new_meeting_key(), new_meeting_key()
    wrapped = wrap_key(kek, key, aad=b"meeting 42")
    for index in range(len(wrapped)):
        with pytest.raises(DecryptionError):
            unwrap_key(kek, flip(wrapped, index), aad=b"meeting 42")
    for length in range(len(wrapped)):
        with pytest.raises(DecryptionError):
            unwrap_key(kek, wrapped[:length], aad=b"meeting 42")
    with pytest.raises(DecryptionError, match="wrapped key does not unwrap"):
        unwrap_key(kek, wrapped, aad=b"meeting 43")
    with pytest.raises(DecryptionError, match="wrapped key does not unwrap"):
        unwrap_key(new_meeting_key(), wrapped, aad=b"meeting 42")


@pytest.mark.parametrize("size", [0, 15, 65])
def test_wrap_refuses_odd_key_sizes(size: int) -> None:
    with pytest.raises(InvalidInputError, match=f"key to wrap is {size} bytes; expected 16–64"):
        wrap_key(new_meeting_key(), bytes(size), aad=b"")


def test_a_meeting_key_wrapped_for_one_meeting_does_not_unwrap_for_another() -> None:
    kek, key = new_meeting_key(), new_meeting_key()
    with pytest.raises(DecryptionError):
        unwrap_key(kek, wrap_key(kek, key, aad=b"meeting 4"), aad=b"meeting 42")


# Crypto-shredding


def test_shredding_the_wrapped_meeting_key_leaves_nothing_that_decrypts() -> None:
    kek = new_meeting_key()
    meeting_key = new_meeting_key()
    stored_wrapped = wrap_key(kek, meeting_key, aad=b"meeting 42")
    blob = encrypt(meeting_key, b"Draft communique: not for attribution.", aad=b"meeting 42/document 1")
    assert decrypt(unwrap_key(kek, stored_wrapped, aad=b"meeting 42"), blob, aad=b"meeting 42/document 1")
    del stored_wrapped, meeting_key  # the purge: the only wrapped copy is gone
    # What remains (the KEK, the blob) opens nothing: the KEK and any key derived from what is
    # left are not the meeting key, and the data key exists only wrapped inside the blob.
    for candidate in (kek, blob[5:37], blob[18:50], blob[-32:]):
        with pytest.raises(DecryptionError):
            decrypt(candidate, blob, aad=b"meeting 42/document 1")


def test_a_100_mb_file_round_trips() -> None:
    key = new_meeting_key()
    plaintext = bytes(100 * 1000 * 1000)
    blob = encrypt(key, plaintext, aad=AAD)
    assert len(blob) == HEADER_BYTES + len(plaintext) + 16 * 96  # 95 full chunks and a partial one
    assert decrypt(key, blob, aad=AAD) == plaintext
