"""The signature bundle's verifier (pure, no database): every check, with the error it names."""

from __future__ import annotations

import base64
import dataclasses
import json
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.signatures.bundle import (
    AssertionCheckError,
    Bundle,
    DigestMismatchError,
    LogInclusionError,
    MalformedSignatureBundleError,
    WebCryptoSignatureError,
    verify_bundle,
)
from tests.signatures.synthetic import TEXTS, BrowserKey, SyntheticBundle, synthetic_bundle


@cache
def _made() -> SyntheticBundle:
    return synthetic_bundle(4)


def _text() -> str:
    return _made().bundle.to_json()


def _replace_signer(n: int, **changes: object) -> Bundle:
    bundle = _made().bundle
    signers = list(bundle.signers)
    signers[n] = dataclasses.replace(signers[n], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(bundle, signers=tuple(signers))


def test_a_bundle_verifies_after_a_round_trip_through_json() -> None:
    made = _made()
    assert {s.key.algorithm for s in made.bundle.signers} == {"Ed25519", "ECDSA-P256-SHA256"}
    verify_bundle(Bundle.from_json(_text()), log_vkey=made.vkey)


def test_texts_are_checked_against_the_latest_version() -> None:
    bundle = Bundle.from_json(_text())
    verify_bundle(bundle, texts={"en": TEXTS["en"] + " Yearly.\r\n", "fr": TEXTS["fr"]})
    with pytest.raises(DigestMismatchError, match="the en text given hashes to"):
        verify_bundle(bundle, texts={"en": TEXTS["en"]})  # the first version's text
    with pytest.raises(DigestMismatchError, match="no 'zh' text"):
        verify_bundle(bundle, texts={"zh": "…"})


def test_a_changed_title_or_version_breaks_the_whole_digest() -> None:
    bundle = _made().bundle
    with pytest.raises(DigestMismatchError, match="whole digest"):
        verify_bundle(dataclasses.replace(bundle, title="On something else"))
    with pytest.raises(DigestMismatchError, match="whole digest"):
        verify_bundle(dataclasses.replace(bundle, versions=bundle.versions[1:]))


def test_a_webcrypto_signature_by_another_key_fails_and_names_the_signer() -> None:
    other = BrowserKey("Ed25519")
    bundle = _replace_signer(2, signature=other.sign(_made().bundle.digest))
    with pytest.raises(WebCryptoSignatureError, match=r"webcrypto signature: signer #3: the Ed25519 signature does not verify") as caught:
        verify_bundle(bundle)
    assert caught.value.signer == 2


def test_an_ecdsa_signature_in_der_rather_than_r_s_fails() -> None:
    signer = next(s for s in _made().bundle.signers if s.key.algorithm != "Ed25519")
    n = _made().bundle.signers.index(signer)
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    der = encode_dss_signature(int.from_bytes(signer.signature[:32], "big"), int.from_bytes(signer.signature[32:], "big"))
    with pytest.raises(WebCryptoSignatureError):
        verify_bundle(_replace_signer(n, signature=der))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.replace(b'"webauthn.get"', b'"webauthn.create"'), "type 'webauthn.get'"),
        (lambda c: c.replace(b'"http://testserver"', b'"http://evil.example"'), "origin"),
    ],
)
def test_an_assertion_whose_client_data_changed_fails(change, message: str) -> None:  # type: ignore[no-untyped-def]
    passkey = _made().bundle.signers[0].passkey
    bundle = _replace_signer(0, passkey=dataclasses.replace(passkey, client_data_json=change(passkey.client_data_json)))
    with pytest.raises(AssertionCheckError, match=message):
        verify_bundle(bundle)


def test_an_assertion_over_another_digest_fails() -> None:
    other = synthetic_bundle(1).bundle.signers[0]
    with pytest.raises(AssertionCheckError, match="challenge"):
        verify_bundle(_replace_signer(1, passkey=other.passkey))


def test_an_assertion_without_user_verification_or_for_another_site_fails() -> None:
    passkey = _made().bundle.signers[0].passkey
    data = bytearray(passkey.authenticator_data)
    data[32] &= ~0x04
    with pytest.raises(AssertionCheckError, match="user-verified flag"):
        verify_bundle(_replace_signer(0, passkey=dataclasses.replace(passkey, authenticator_data=bytes(data))))
    with pytest.raises(AssertionCheckError, match=r"an origin on 'evil\.example'"):
        verify_bundle(_replace_signer(0, passkey=dataclasses.replace(passkey, rp_id="evil.example")))
    data = bytearray(passkey.authenticator_data)
    data[0] ^= 1
    with pytest.raises(AssertionCheckError, match="rpIdHash"):
        verify_bundle(_replace_signer(0, passkey=dataclasses.replace(passkey, authenticator_data=bytes(data))))


def test_a_log_entry_of_another_signature_or_a_wrong_proof_fails() -> None:
    signers = _made().bundle.signers
    with pytest.raises(LogInclusionError, match="commitment"):
        verify_bundle(_replace_signer(0, log=signers[1].log))
    with pytest.raises(LogInclusionError, match="not leaf"):
        verify_bundle(_replace_signer(0, log=dataclasses.replace(signers[0].log, index=signers[1].log.index)))


def test_a_checkpoint_signed_by_another_log_key_fails() -> None:
    other = synthetic_bundle(1)
    with pytest.raises(LogInclusionError, match="log checkpoint"):
        verify_bundle(dataclasses.replace(_made().bundle, log_vkey=other.vkey))
    with pytest.raises(LogInclusionError, match="another log key"):
        verify_bundle(_made().bundle, log_vkey=other.vkey)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (b"not json", "input"),
        (b'{"format": "other"}', "format"),
        (b'{"format": "incamera-signature-bundle/v1"}', "resolution"),
    ],
)
def test_unusable_input_is_malformed_not_unverified(text: bytes, field: str) -> None:
    with pytest.raises(MalformedSignatureBundleError) as caught:
        Bundle.from_json(text)
    assert caught.value.field == field


def test_non_canonical_base64_is_refused() -> None:
    data = json.loads(_text())
    proof = data["signers"][0]["log_entry"]["inclusion_proof"]
    raw = base64.b64decode(proof[0])
    assert proof[0].endswith("=")
    proof[0] = proof[0][:-2] + chr(ord(proof[0][-2]) + 1) + "="  # the same bytes, unused bits set
    assert base64.b64decode(proof[0]) == raw
    with pytest.raises(MalformedSignatureBundleError, match="canonical base64"):
        Bundle.from_json(json.dumps(data))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_bundle_with_one_byte_changed_fails(data: st.DataObject) -> None:
    original = _text().encode()
    position = data.draw(st.integers(0, len(original) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda b: b != original[position]))
    changed = original[:position] + bytes([value]) + original[position + 1 :]
    try:
        same = json.loads(changed) == json.loads(original)
    except ValueError:
        same = False
    if same:  # white space between tokens: the same document
        return
    with pytest.raises((InvalidInputError, VerificationError)):
        verify_bundle(Bundle.from_json(changed), log_vkey=_made().vkey)
