"""Hybrid X25519 + ML-KEM-768 custody wraps and passphrase-protected custodian keys: round trips,
the documented construction rebuilt by hand, and every failure named."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.mlkem import MLKEM768PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.crypto.envelope import DecryptionError, new_meeting_key
from incamera.crypto.hybrid import (
    PUBLIC_KEY_BYTES,
    CustodianKeyPair,
    CustodianPrivateKey,
    WrongPassphraseError,
    private_from_bytes,
    public_from_bytes,
    public_from_text,
    public_to_text,
    unwrap_as_custodian,
    wrap_for_custodian,
)
from incamera.kernel.errors import InvalidInputError

AAD = b"meeting 42"
PASSPHRASE = "correct horse battery staple"
FAST = 15  # the smallest scrypt cost the reader accepts, to keep the tests quick


def flip(blob: bytes, index: int) -> bytes:
    damaged = bytearray(blob)
    damaged[index] ^= 0x01
    return bytes(damaged)


@pytest.fixture
def pair() -> CustodianKeyPair:
    return CustodianKeyPair.generate()


def test_round_trip(pair: CustodianKeyPair) -> None:
    key = new_meeting_key()
    wrapped = wrap_for_custodian(pair.public_bytes(), key, aad=AAD)
    assert len(wrapped) == 5 + 32 + 1088 + 32 + 16
    assert key not in wrapped
    assert unwrap_as_custodian(pair.private, wrapped, aad=AAD) == key


@settings(max_examples=25, deadline=None)
@given(secret=st.binary(max_size=128), aad=st.binary(max_size=64))
def test_round_trip_any_secret_and_aad(secret: bytes, aad: bytes) -> None:
    pair = CustodianKeyPair.generate()
    assert unwrap_as_custodian(pair.private, wrap_for_custodian(pair.public_bytes(), secret, aad=aad), aad=aad) == secret


def test_wraps_are_fresh(pair: CustodianKeyPair) -> None:
    key = new_meeting_key()
    assert wrap_for_custodian(pair.public_bytes(), key, aad=AAD) != wrap_for_custodian(pair.public_bytes(), key, aad=AAD)


def test_wrap_follows_the_documented_construction(pair: CustodianKeyPair) -> None:
    key = new_meeting_key()
    wrapped = wrap_for_custodian(pair.public_bytes(), key, aad=AAD)
    header, ct_x, ct_m, sealed = wrapped[:5], wrapped[5:37], wrapped[37:1125], wrapped[1125:]
    assert header == b"ICCW\x01"
    ss_x = pair.private.x25519.exchange(X25519PublicKey.from_public_bytes(ct_x))
    ss_m = pair.private.mlkem.decapsulate(ct_m)
    okm = HKDF(
        algorithm=hashes.SHA256(), length=44, salt=b"incamera/custodian-wrap/v1", info=header + ct_x + ct_m + pair.public_bytes()
    ).derive(ss_m + ss_x)
    assert AESGCM(okm[:32]).decrypt(okm[32:], sealed, AAD) == key


def test_public_key_follows_the_documented_layout(pair: CustodianKeyPair) -> None:
    public = pair.public_bytes()
    assert len(public) == PUBLIC_KEY_BYTES == 1221
    assert public[:5] == b"ICCP\x01"
    assert public[5:37] == pair.private.x25519.public_key().public_bytes_raw()
    assert public[37:] == pair.private.mlkem.public_key().public_bytes_raw()
    assert public_from_bytes(public).to_bytes() == public


def test_another_custodian_cannot_unwrap(pair: CustodianKeyPair) -> None:
    wrapped = wrap_for_custodian(pair.public_bytes(), new_meeting_key(), aad=AAD)
    with pytest.raises(DecryptionError, match="wrapped for another custodian"):
        unwrap_as_custodian(CustodianKeyPair.generate().private, wrapped, aad=AAD)


def test_both_halves_are_needed(pair: CustodianKeyPair) -> None:
    """Swap either half of the private key for another: the wrap no longer opens."""
    wrapped = wrap_for_custodian(pair.public_bytes(), new_meeting_key(), aad=AAD)
    for half in (
        CustodianPrivateKey(pair.private.x25519, MLKEM768PrivateKey.generate()),
        CustodianPrivateKey(X25519PrivateKey.generate(), pair.private.mlkem),
    ):
        with pytest.raises(DecryptionError):
            unwrap_as_custodian(half, wrapped, aad=AAD)


def test_wrong_aad_fails(pair: CustodianKeyPair) -> None:
    wrapped = wrap_for_custodian(pair.public_bytes(), new_meeting_key(), aad=AAD)
    with pytest.raises(DecryptionError, match="the wrong associated data"):
        unwrap_as_custodian(pair.private, wrapped, aad=b"meeting 43")


def test_every_flipped_byte_fails(pair: CustodianKeyPair) -> None:
    wrapped = wrap_for_custodian(pair.public_bytes(), new_meeting_key(), aad=AAD)
    for index in range(len(wrapped)):
        with pytest.raises(DecryptionError):
            unwrap_as_custodian(pair.private, flip(wrapped, index), aad=AAD)


def test_truncation_version_and_magic_are_named(pair: CustodianKeyPair) -> None:
    wrapped = wrap_for_custodian(pair.public_bytes(), new_meeting_key(), aad=AAD)
    for length in (0, 5, 1140, len(wrapped) - 1):
        with pytest.raises(DecryptionError):
            unwrap_as_custodian(pair.private, wrapped[:length], aad=AAD)
    with pytest.raises(DecryptionError, match="at least 1141 expected"):
        unwrap_as_custodian(pair.private, wrapped[:100], aad=AAD)
    with pytest.raises(DecryptionError, match="unknown custodian wrap version 9"):
        unwrap_as_custodian(pair.private, wrapped[:4] + b"\x09" + wrapped[5:], aad=AAD)
    with pytest.raises(DecryptionError, match="not a custodian wrap"):
        unwrap_as_custodian(pair.private, b"ICEV" + wrapped[4:], aad=AAD)


def test_malformed_public_keys_are_refused(pair: CustodianKeyPair) -> None:
    public = pair.public_bytes()
    with pytest.raises(InvalidInputError, match="1220 bytes; expected 1221"):
        wrap_for_custodian(public[:-1], b"k" * 32, aad=AAD)
    with pytest.raises(InvalidInputError, match="expected 49434350"):
        public_from_bytes(b"ICSK" + public[4:])
    with pytest.raises(InvalidInputError, match="ML-KEM-768 part"):
        public_from_bytes(public[:37] + b"\xff" * 1184)
    with pytest.raises(InvalidInputError, match="low-order point"):
        wrap_for_custodian(public[:5] + bytes(32) + public[37:], b"k" * 32, aad=AAD)


def test_public_text_round_trip(pair: CustodianKeyPair) -> None:
    text = public_to_text(pair.public_bytes(), name="Ada  Lovelace")
    assert text.splitlines() == ["# custodian Ada Lovelace", base64.b64encode(pair.public_bytes()).decode()]
    assert public_from_text(text).to_bytes() == pair.public_bytes()
    assert public_from_text(f"\n  {text.splitlines()[1]}  \n").to_bytes() == pair.public_bytes()
    with pytest.raises(InvalidInputError, match="has 0 non-comment lines"):
        public_from_text("# custodian Ada\n")
    with pytest.raises(InvalidInputError, match="base64 does not decode"):
        public_from_text(text.splitlines()[1] + "!")
    assert len(pair.public.fingerprint().split()) == 16


# The passphrase-protected private key


def test_private_key_round_trip(pair: CustodianKeyPair) -> None:
    sealed = pair.private_to_pem_like(PASSPHRASE, log2_n=FAST)
    lines = sealed.decode().splitlines()
    assert lines[0] == "-----BEGIN INCAMERA CUSTODIAN PRIVATE KEY-----"
    assert lines[-1] == "-----END INCAMERA CUSTODIAN PRIVATE KEY-----"
    private = private_from_bytes(sealed, PASSPHRASE)
    assert private.public_key().to_bytes() == pair.public_bytes()
    wrapped = wrap_for_custodian(pair.public_bytes(), b"m" * 32, aad=AAD)
    assert unwrap_as_custodian(private, wrapped, aad=AAD) == b"m" * 32


def test_private_key_follows_the_documented_layout(pair: CustodianKeyPair) -> None:
    sealed = base64.b64decode("".join(pair.private_to_pem_like(PASSPHRASE, log2_n=FAST).decode().splitlines()[1:-1]))
    assert sealed[:8] == b"ICSK\x01" + bytes([FAST, 8, 1])
    salt, nonce = sealed[8:24], sealed[24:36]
    k = Scrypt(salt=salt, length=32, n=2**FAST, r=8, p=1).derive(PASSPHRASE.encode())
    plain = AESGCM(k).decrypt(nonce, sealed[36:], sealed[:36])
    assert plain == pair.private.x25519.private_bytes_raw() + pair.private.mlkem.private_bytes_raw()


def test_wrong_passphrase_is_named(pair: CustodianKeyPair) -> None:
    sealed = pair.private_to_pem_like(PASSPHRASE, log2_n=FAST)
    with pytest.raises(WrongPassphraseError, match="does not open with this passphrase"):
        private_from_bytes(sealed, PASSPHRASE + " ")
    with pytest.raises(InvalidInputError, match="passphrase is empty"):
        private_from_bytes(sealed, "")


def test_passphrase_is_normalised(pair: CustodianKeyPair) -> None:
    """A passphrase typed with a precomposed é opens a key sealed with e + combining accent (NFC)."""
    sealed = pair.private_to_pem_like("cafe\u0301 au lait, merci", log2_n=FAST)
    assert private_from_bytes(sealed, "caf\u00e9 au lait, merci").public_key().to_bytes() == pair.public_bytes()


def test_altered_or_malformed_private_key_files_are_refused(pair: CustodianKeyPair) -> None:
    pem = pair.private_to_pem_like(PASSPHRASE, log2_n=FAST)
    lines = pem.decode().splitlines()
    raw = base64.b64decode("".join(lines[1:-1]))

    def armor(body: bytes) -> bytes:
        return "\n".join([lines[0], base64.b64encode(body).decode(), lines[-1]]).encode()

    assert private_from_bytes(armor(raw), PASSPHRASE).public_key().to_bytes() == pair.public_bytes()
    with pytest.raises(WrongPassphraseError):
        private_from_bytes(armor(flip(raw, 30)), PASSPHRASE)  # the nonce
    with pytest.raises(WrongPassphraseError):
        private_from_bytes(armor(flip(raw, len(raw) - 1)), PASSPHRASE)  # the tag
    with pytest.raises(InvalidInputError, match=r"log2\(N\) is 40; expected 15–20"):
        private_from_bytes(armor(raw[:5] + bytes([40]) + raw[6:]), PASSPHRASE)
    with pytest.raises(InvalidInputError, match="r=9, p=1"):
        private_from_bytes(armor(raw[:6] + bytes([9]) + raw[7:]), PASSPHRASE)
    with pytest.raises(InvalidInputError, match="expected 4943534b01"):
        private_from_bytes(armor(b"ICEV" + raw[4:]), PASSPHRASE)
    with pytest.raises(InvalidInputError, match="holds 147 bytes"):
        private_from_bytes(armor(raw[:-1]), PASSPHRASE)
    with pytest.raises(InvalidInputError, match="not a custodian private key"):
        private_from_bytes(pem.replace(b"PRIVATE", b"PUBLIC"), PASSPHRASE)
    with pytest.raises(InvalidInputError, match="base64 body does not decode"):
        private_from_bytes(pem.replace(lines[1][:4].encode(), b"!!!!"), PASSPHRASE)


def test_scrypt_cost_is_bounded(pair: CustodianKeyPair) -> None:
    with pytest.raises(InvalidInputError, match=r"log2\(N\) is 14"):
        pair.private_to_pem_like(PASSPHRASE, log2_n=14)
