"""Signature bundle verification (issue 13), beside the raw signature checks in the same run.

    .venv/bin/python bench/bundle_verify.py [--signers 200] [--rounds 7]

A resolution signed by N signers (half with an Ed25519 WebCrypto key, half ECDSA P-256; every
passkey ES256) makes a bundle of 2N signatures.  Measured, best of the rounds:

- **bundle**: ``Bundle.from_json`` + ``verify_bundle`` on the JSON text: parsing, the whole digest,
  every WebCrypto signature, every WebAuthn assertion (client data, flags, signature), every log
  entry's commitment and inclusion proof, the checkpoint's signature.
- **raw, keys from bytes**: the same 2N signature verifications (all WebCrypto, then all passkey
  ones, the order the bundle uses) with ``cryptography`` directly,
  loading each key from the bytes the bundle carries (SPKI DER; the COSE key's point), as any
  verifier must.
- **raw, keys loaded**: the same 2N verifications with the key objects already in memory: the
  floor.

Goal: the bundle verifies at ≥ 80 % of the raw rate.  Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import cbor2  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, ed25519  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature  # noqa: E402
from tests.signatures.synthetic import synthetic_bundle  # noqa: E402

from incamera.signatures.bundle import Bundle, Signer, verify_bundle  # noqa: E402

GOAL = 0.80


def _webcrypto_check(signer: Signer, digest: bytes) -> Callable[[], None]:
    spki, signature = signer.key.spki, signer.signature

    def check() -> None:
        key = serialization.load_der_public_key(spki)
        if isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, digest)
        else:
            assert isinstance(key, ec.EllipticCurvePublicKey)
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            key.verify(der, digest, ec.ECDSA(hashes.SHA256()))

    return check


def _passkey_check(signer: Signer) -> Callable[[], None]:
    cose, passkey = signer.passkey.credential_public_key, signer.passkey
    message = passkey.authenticator_data + hashlib.sha256(passkey.client_data_json).digest()

    def check() -> None:
        fields = cbor2.loads(cose)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + fields[-2] + fields[-3])
        key.verify(passkey.signature, message, ec.ECDSA(hashes.SHA256()))

    return check


def _loaded_checks(bundle: Bundle) -> list[Callable[[], None]]:
    digest = bytes.fromhex(bundle.digest)
    checks: list[Callable[[], None]] = []
    passkey_checks: list[Callable[[], None]] = []
    for signer in bundle.signers:
        key = serialization.load_der_public_key(signer.key.spki)
        signature = signer.signature
        if isinstance(key, ed25519.Ed25519PublicKey):
            checks.append(lambda key=key, signature=signature: key.verify(signature, digest))
        else:
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            checks.append(lambda key=key, der=der: key.verify(der, digest, ec.ECDSA(hashes.SHA256())))  # type: ignore[union-attr]
        fields = cbor2.loads(signer.passkey.credential_public_key)
        passkey_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + fields[-2] + fields[-3])
        message = signer.passkey.authenticator_data + hashlib.sha256(signer.passkey.client_data_json).digest()
        passkey_checks.append(
            lambda k=passkey_key, s=signer.passkey.signature, m=message: k.verify(s, m, ec.ECDSA(hashes.SHA256()))  # type: ignore[misc]
        )
    return checks + passkey_checks  # grouped by kind, as the bundle checks them


def _best(rounds: int, run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--signers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    made = synthetic_bundle(args.signers)
    text = made.bundle.to_json()
    digest = bytes.fromhex(made.bundle.digest)
    from_bytes = [_webcrypto_check(s, digest) for s in made.bundle.signers] + [_passkey_check(s) for s in made.bundle.signers]
    loaded = _loaded_checks(made.bundle)
    count = len(from_bytes)

    def run_all(checks: list[Callable[[], None]]) -> Callable[[], None]:
        def run() -> None:
            for check in checks:
                check()

        return run

    def run_bundle() -> None:
        verify_bundle(Bundle.from_json(text), log_vkey=made.vkey)

    run_bundle()  # warm up, and fail loudly if the bundle does not verify
    rows = []
    # Interleave the three so that a busy machine slows them alike.
    times = {"bundle": float("inf"), "raw, keys from bytes": float("inf"), "raw, keys loaded": float("inf")}
    for _ in range(args.rounds):
        times["bundle"] = min(times["bundle"], _best(1, run_bundle))
        times["raw, keys from bytes"] = min(times["raw, keys from bytes"], _best(1, run_all(from_bytes)))
        times["raw, keys loaded"] = min(times["raw, keys loaded"], _best(1, run_all(loaded)))
    for name, seconds in times.items():
        rows.append((name, count / seconds, seconds))
    print(f"bundle of {args.signers} signers ({count} signatures, {len(text) // 1024} KiB of JSON), best of {args.rounds} rounds")
    print(f"{'':24}{'signatures/s':>14}{'ms':>10}")
    for name, rate, seconds in rows:
        print(f"{name:24}{rate:14,.0f}{seconds * 1000:10.1f}")
    bundle_rate = rows[0][1]
    for name, rate, _seconds in rows[1:]:
        ratio = bundle_rate / rate
        verdict = "meets" if ratio >= GOAL else "misses"
        print(f"bundle / {name}: {ratio:.0%} ({verdict} the goal of ≥ {GOAL:.0%})")


if __name__ == "__main__":
    main()
