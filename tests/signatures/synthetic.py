"""A signature bundle built without a database or a server: real keys, real assertions, a real
Merkle tree and a signed checkpoint, for the pure tests and ``bench/bundle_verify.py``.

Stand-ins for the member's browser: a WebCrypto signing key (the same algorithms and encodings,
made with ``cryptography``) and passkeys, ES256 from the demo's software authenticator and an
EdDSA one built the same way."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from incamera.demo.softkey import SoftAuthenticator, b64url
from incamera.resolutions.digests import Version, text_digest, whole_digest
from incamera.signatures.bundle import LOG_EVENT, Bundle, LogProof, Passkey, Signer, SigningKey, log_content
from incamera.tlog import entries
from incamera.tlog.checkpoint import Checkpoint
from incamera.tlog.merkle import MemoryTree
from incamera.tlog.note import Ed25519Signer, sign_note

TEXTS = {
    "en": "The participants agree to publish a shared registry of smelters by 2028.",
    "fr": "Les participants conviennent de publier un registre.",
}
LOG_ORIGIN = "log.example.org/incamera"


@dataclass
class BrowserKey:
    """What ``signing.js`` makes: Ed25519 or ECDSA P-256; SPKI; signatures over the digest bytes,
    ECDSA as r ‖ s (IEEE P1363) as WebCrypto returns it."""

    algorithm: str = "Ed25519"
    key: Any = None

    def __post_init__(self) -> None:
        if self.key is None:
            self.key = ed25519.Ed25519PrivateKey.generate() if self.algorithm == "Ed25519" else ec.generate_private_key(ec.SECP256R1())

    @property
    def spki(self) -> bytes:
        return self.key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    @property
    def spki_b64(self) -> str:
        return base64.b64encode(self.spki).decode()

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.spki).hexdigest()

    def sign(self, digest_hex: str) -> bytes:
        data = bytes.fromhex(digest_hex)
        if self.algorithm == "Ed25519":
            return self.key.sign(data)  # type: ignore[no-any-return]
        r, s = decode_dss_signature(self.key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def sign_b64(self, digest_hex: str) -> str:
        return base64.b64encode(self.sign(digest_hex)).decode()


def eddsa_authenticator() -> SoftAuthenticator:
    """A software passkey whose credential key is Ed25519 (COSE alg -8)."""
    return SoftAuthenticator(key=ed25519.Ed25519PrivateKey.generate())


def cose_key(authenticator: SoftAuthenticator) -> bytes:
    """The credential public key as the authenticator reports it (COSE_Key, RFC 9053)."""
    public = authenticator.key.public_key()
    if isinstance(public, ed25519.Ed25519PublicKey):
        return cbor2.dumps({1: 1, 3: -8, -1: 6, -2: public.public_bytes_raw()})
    numbers = public.public_numbers()
    return cbor2.dumps({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})


@dataclass(frozen=True)
class SyntheticBundle:
    bundle: Bundle
    log_signer: Ed25519Signer

    @property
    def vkey(self) -> str:
        return self.log_signer.verifier().to_vkey()


def synthetic_bundle(signers: int, *, ecdsa_every: int = 2, other_entries: int = 37) -> SyntheticBundle:
    """A resolution of two versions signed by ``signers`` people: every ``ecdsa_every``-th one
    with an ECDSA P-256 WebCrypto key, the others Ed25519; passkeys ES256."""
    resolution = str(uuidlib.uuid4())
    title = "On traceability"
    versions = (
        Version(1, {k: text_digest(v) for k, v in TEXTS.items()}),
        Version(2, {"en": text_digest(TEXTS["en"] + " Yearly."), "fr": text_digest(TEXTS["fr"])}),
    )
    digest = whole_digest(resolution, title, versions)
    tree = MemoryTree()
    for n in range(other_entries):  # the log holds other meetings' entries too
        tree.append_entry(json.dumps({"v": 1, "type": "meeting.created", "n": n}).encode())
    made = []
    for n in range(signers):
        key = BrowserKey("ECDSA-P256-SHA256" if ecdsa_every and n % ecdsa_every == ecdsa_every - 1 else "Ed25519")
        authenticator = SoftAuthenticator()
        challenge = b64url(os.urandom(16) + bytes.fromhex(digest))
        response = authenticator.get_assertion({"challenge": challenge})["response"]
        unb64 = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))  # noqa: E731
        passkey = Passkey(
            rp_id=authenticator.rp_id,
            credential_public_key=cose_key(authenticator),
            authenticator_data=unb64(response["authenticatorData"]),
            client_data_json=unb64(response["clientDataJSON"]),
            signature=unb64(response["signature"]),
        )
        public = SigningKey(key.algorithm, key.spki)
        signature = key.sign(digest)
        name, delegation = f"Signer {n}", f"Delegation {n}"
        content = log_content(
            uuid=resolution,
            digest=digest,
            name=name,
            delegation=delegation,
            key=public,
            signature=signature,
            passkey_signature=passkey.signature,
        )
        salt = entries.new_salt()
        entry = entries.entry_bytes(
            type_=LOG_EVENT,
            time=dt.datetime(2030, 3, 1, 12, tzinfo=dt.UTC),
            meeting="0" * 32,
            actor=f"{n:032x}",
            public={"algorithm": key.algorithm},
            commitment_hex=entries.commitment(salt, content),
        )
        index = tree.append_entry(entry)
        made.append((name, delegation, public, signature, passkey, index, entry, salt))
    log_signer = Ed25519Signer.generate(LOG_ORIGIN)
    note = sign_note(Checkpoint(origin=LOG_ORIGIN, size=tree.size, root_hash=tree.root()).to_text(), [log_signer])
    return SyntheticBundle(
        bundle=Bundle(
            uuid=resolution,
            title=title,
            versions=versions,
            digest=digest,
            log_origin=LOG_ORIGIN,
            log_vkey=log_signer.verifier().to_vkey(),
            checkpoint=note.to_text(),
            signers=tuple(
                Signer(
                    name=name,
                    delegation=delegation,
                    key=public,
                    signature=signature,
                    passkey=passkey,
                    log=LogProof(index=index, entry=entry, salt=salt, inclusion_proof=tuple(tree.inclusion_proof(index))),
                )
                for name, delegation, public, signature, passkey, index, entry, salt in made
            ),
        ),
        log_signer=log_signer,
    )
