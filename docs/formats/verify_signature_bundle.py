#!/usr/bin/env python3
"""A verifier of incamera signature bundles written from ``signature-bundle.md`` alone, with the
standard library, ``cryptography`` and ``cbor2``: it imports nothing of incamera.

    python3 verify_signature_bundle.py BUNDLE.json [--text LANG=FILE ...] [--vkey LOG_VKEY]

Exit 0 when every check passes, 1 when one fails (the check is named), 2 when the file is not
a bundle.  It is a reference for other implementations, not a replacement for
``incamera verify signature``; it skips the shape checks that the latter makes field by field.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import unicodedata
from urllib.parse import urlsplit

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


class Fail(Exception):
    pass


def b64(text: str) -> bytes:
    data = base64.b64decode(text, validate=True)
    if base64.b64encode(data).decode() != text:
        raise ValueError("not canonical base64")
    return data


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).rstrip()


def whole_digest(resolution: dict) -> str:
    body = {"resolution": resolution["uuid"], "title": normalize(resolution["title"]), "versions": resolution["versions"]}
    return hashlib.sha256(canonical(body)).hexdigest()


def verify_webcrypto(webcrypto: dict, digest: bytes) -> None:
    key = serialization.load_der_public_key(b64(webcrypto["public_key"]))
    signature = b64(webcrypto["signature"])
    try:
        if webcrypto["algorithm"] == "Ed25519" and isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(signature, digest)
        elif webcrypto["algorithm"] == "ECDSA-P256-SHA256" and isinstance(key, ec.EllipticCurvePublicKey) and len(signature) == 64:
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            key.verify(der, digest, ec.ECDSA(hashes.SHA256()))
        else:
            raise Fail("webcrypto signature: an unknown algorithm or a key of another kind")
    except InvalidSignature as exc:
        raise Fail("webcrypto signature: does not verify over the whole digest") from exc


def verify_webauthn(webauthn: dict, digest: bytes) -> None:
    rp_id = webauthn["rp_id"]
    data, client_json, signature = b64(webauthn["authenticator_data"]), b64(webauthn["client_data_json"]), b64(webauthn["signature"])
    client = json.loads(client_json)
    if client.get("type") != "webauthn.get":
        raise Fail("webauthn assertion: clientDataJSON type is not webauthn.get")
    challenge = base64.urlsafe_b64decode(client["challenge"] + "=" * (-len(client["challenge"]) % 4))
    if len(challenge) != 48 or challenge[16:] != digest:
        raise Fail("webauthn assertion: the challenge is not a 16-byte nonce followed by the whole digest")
    host = urlsplit(client.get("origin", "")).hostname or ""
    if host != rp_id and not host.endswith("." + rp_id):
        raise Fail("webauthn assertion: the origin is not on the relying party")
    if data[:32] != hashlib.sha256(rp_id.encode()).digest():
        raise Fail("webauthn assertion: rpIdHash is not SHA-256 of rp_id")
    if data[32] & 0x05 != 0x05:
        raise Fail("webauthn assertion: user presence or user verification is not set")
    cose = cbor2.loads(b64(webauthn["credential_public_key"]))
    message = data + hashlib.sha256(client_json).digest()
    try:
        if (cose[1], cose[3], cose[-1]) == (2, -7, 1):
            key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + cose[-2] + cose[-3])
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        elif (cose[1], cose[3], cose[-1]) == (1, -8, 6):
            ed25519.Ed25519PublicKey.from_public_bytes(cose[-2]).verify(signature, message)
        else:
            raise Fail("webauthn assertion: a COSE key that is neither ES256 nor EdDSA")
    except InvalidSignature as exc:
        raise Fail("webauthn assertion: the signature does not verify") from exc


def open_checkpoint(note: str, origin: str, vkey: str) -> tuple[int, bytes]:
    """c2sp.org/signed-note with an Ed25519 key, then c2sp.org/tlog-checkpoint: (size, root)."""
    name, key_id, key = vkey.split("+", 2)
    key = base64.b64decode(key)
    if key[0] != 1 or hashlib.sha256(name.encode() + b"\n" + key).digest()[:4] != bytes.fromhex(key_id):
        raise Fail("log checkpoint: the vkey is not an Ed25519 signed-note key")
    split = note.rfind("\n\n")
    text, lines = note[: split + 1], note[split + 2 :].splitlines()
    verified = False
    for line in lines:
        dash, signer, blob = line.split(" ")
        raw = base64.b64decode(blob)
        if dash == "—" and signer == name and raw[:4] == bytes.fromhex(key_id):
            try:
                ed25519.Ed25519PublicKey.from_public_bytes(key[1:]).verify(raw[4:], text.encode())
            except InvalidSignature as exc:
                raise Fail("log checkpoint: the log's signature does not verify") from exc
            verified = True
    if not verified:
        raise Fail("log checkpoint: no signature by the log's key")
    body = text.split("\n")
    if body[0] != origin:
        raise Fail("log checkpoint: a checkpoint of another log")
    return int(body[1]), base64.b64decode(body[2])


def root_from_inclusion_proof(index: int, size: int, leaf: bytes, proof: list[bytes]) -> bytes:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        raise Fail("log inclusion: the index is not below the tree size")
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            raise Fail("log inclusion: the proof is too long")
        if fn % 2 == 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise Fail("log inclusion: the proof is too short")
    return r


def verify(bundle: dict, texts: dict[str, str], vkey: str | None) -> None:
    if bundle["format"] != "incamera-signature-bundle/v1":
        raise ValueError("not an incamera-signature-bundle/v1")
    resolution = bundle["resolution"]
    whole = whole_digest(resolution)
    if whole != resolution["whole_digest"]:
        raise Fail("whole digest: the versions and title do not hash to it")
    latest = resolution["versions"][-1]["texts"]
    for lang, text in texts.items():
        if hashlib.sha256(normalize(text).encode()).hexdigest() != latest.get(lang):
            raise Fail(f"text digest: the {lang} text does not match the latest version")
    log = bundle["log"]
    if vkey is not None and vkey != log["vkey"]:
        raise Fail("log checkpoint: the bundle names another log key")
    size, root = open_checkpoint(log["checkpoint"], log["origin"], log["vkey"])
    digest = bytes.fromhex(whole)
    for n, signer in enumerate(bundle["signers"], start=1):
        try:
            verify_webcrypto(signer["webcrypto"], digest)
            verify_webauthn(signer["webauthn"], digest)
            entry_info = signer["log_entry"]
            entry = b64(entry_info["entry"])
            content = {
                "resolution": resolution["uuid"],
                "digest": whole,
                "signer": signer["name"],
                "delegation": signer["delegation"],
                "algorithm": signer["webcrypto"]["algorithm"],
                "public_key_sha256": hashlib.sha256(b64(signer["webcrypto"]["public_key"])).hexdigest(),
                "signature_sha256": hashlib.sha256(b64(signer["webcrypto"]["signature"])).hexdigest(),
                "passkey_signature_sha256": hashlib.sha256(b64(signer["webauthn"]["signature"])).hexdigest(),
            }
            logged = json.loads(entry)
            if logged.get("type") != "resolution.signed":
                raise Fail("log inclusion: not a resolution.signed entry")
            if hashlib.sha256(b64(entry_info["salt"]) + canonical(content)).hexdigest() != logged.get("commitment"):
                raise Fail("log inclusion: the entry commits to another signature")
            leaf = hashlib.sha256(b"\x00" + entry).digest()
            proof = [b64(h) for h in entry_info["inclusion_proof"]]
            if root_from_inclusion_proof(entry_info["index"], size, leaf, proof) != root:
                raise Fail("log inclusion: the proof does not lead to the checkpoint's root")
        except Fail as exc:
            raise Fail(f"signer #{n}: {exc}") from exc


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle")
    parser.add_argument("--text", action="append", default=[])
    parser.add_argument("--vkey")
    args = parser.parse_args()
    try:
        with open(args.bundle, encoding="utf-8") as f:
            bundle = json.load(f)
        texts = {}
        for given in args.text:
            lang, _, path = given.partition("=")
            with open(path, encoding="utf-8") as f:
                texts[lang] = f.read()
        verify(bundle, texts, args.vkey)
    except Fail as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        print(f"unusable input: {exc!r}", file=sys.stderr)
        return 2
    print(f"OK: {len(bundle['signers'])} signer(s) of resolution {bundle['resolution']['uuid']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
