"""The signature bundle of a resolution (``incamera-signature-bundle/v1``): build it, read it, and
verify it.  The format is specified in ``docs/formats/signature-bundle.md``; what follows is
its implementation.

A bundle names a resolution by its uuid, title and every version's texts' digests, and carries,
per signer, two signatures over the 32 bytes of the resolution's whole digest
(``resolutions/digests.py``):

- **WebCrypto** (the signing key made in the signer's browser, non-extractable): Ed25519
  (RFC 8032) or ECDSA P-256 with SHA-256 (FIPS 186-5) whose signature is r ‖ s, 32 bytes each,
  as WebCrypto returns it; the public key is DER SubjectPublicKeyInfo (RFC 5280 §4.1).
- **WebAuthn** (a passkey with user verification): an assertion whose challenge ends with the
  digest (``assertion.py``).

and the ``resolution.signed`` entry of the transparency log with the salt of its commitment
(``tlog/entries.py``), the entry's RFC 9162 §2.1.3 inclusion proof, and the signed checkpoint
(c2sp.org/tlog-checkpoint) it is proven against.

Errors::

    InvalidInputError
    └── MalformedSignatureBundleError      not an incamera-signature-bundle/v1 document
    VerificationError
    └── BundleError                        a check failed; ``check`` names it, ``signer`` whose
        ├── DigestMismatchError            a text's digest or the whole digest
        ├── WebCryptoSignatureError        a signing key's signature over the digest
        ├── AssertionCheckError            a passkey assertion (caused by assertion.PasskeyAssertionError)
        └── LogInclusionError              the log entry, its commitment or its inclusion proof

Pure: imports cryptography, cbor2, the standard library, the pure ``tlog`` package and
``resolutions/digests.py`` (itself pure).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from incamera.kernel.errors import InvalidInputError, VerificationError
from incamera.resolutions.digests import Version, text_digest, whole_digest
from incamera.signatures.assertion import (
    ECDSA_SHA256,
    CoseKey,
    MalformedAssertionError,
    PasskeyAssertionError,
    verify_assertion,
)
from incamera.tlog.checkpoint import open_checkpoint
from incamera.tlog.merkle import InclusionChecker, ProofError, leaf_hash
from incamera.tlog.note import verifier_from_vkey

__all__ = [
    "ALGORITHMS",
    "BUNDLE_FORMAT",
    "LOG_EVENT",
    "AssertionCheckError",
    "Bundle",
    "BundleError",
    "DigestMismatchError",
    "LogInclusionError",
    "LogProof",
    "MalformedSignatureBundleError",
    "Passkey",
    "Signer",
    "SigningKey",
    "WebCryptoSignatureError",
    "log_content",
    "verify_bundle",
]

BUNDLE_FORMAT = "incamera-signature-bundle/v1"
LOG_EVENT = "resolution.signed"
ED25519, ECDSA_P256 = "Ed25519", "ECDSA-P256-SHA256"
ALGORITHMS = (ED25519, ECDSA_P256)
MAX_BUNDLE_BYTES = 64 << 20
_HEX64 = frozenset("0123456789abcdef")


class MalformedSignatureBundleError(InvalidInputError):
    """A document that is not a well-formed ``incamera-signature-bundle/v1`` bundle."""


class BundleError(VerificationError):
    """A well-formed bundle that does not verify: ``check`` names the check, ``signer`` the signer
    (0-based, None for the resolution itself)."""

    def __init__(self, message: str, *, check: str, signer: int | None = None) -> None:
        where = f"signer #{signer + 1}: " if signer is not None else ""
        super().__init__(f"{check}: {where}{message}")
        self.check = check
        self.signer = signer


class DigestMismatchError(BundleError):
    pass


class WebCryptoSignatureError(BundleError):
    pass


class LogInclusionError(BundleError):
    pass


class AssertionCheckError(BundleError):
    """A signer's passkey assertion that fails; its cause is the assertion module's error."""


_JSON = json.JSONDecoder()
_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]  # C-accelerated; JSON's own string encoding


def _canonical(value: Mapping[str, str]) -> bytes:
    """RFC 8785 for an object of strings with ASCII keys, what a log entry commits to: keys sorted,
    no white space, strings in UTF-8 with only '"', backslash and control characters escaped."""
    return ("{" + ",".join([f"{_quote(key)}:{_quote(value[key])}" for key in sorted(value)]) + "}").encode()


# SubjectPublicKeyInfo headers: id-Ed25519 with a 32-byte key; id-ecPublicKey on prime256v1 with a
# 65-byte uncompressed point.
_ED25519_SPKI = bytes.fromhex("302a300506032b6570032100")
_P256_SPKI = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
_P256 = ec.SECP256R1()


@dataclass(slots=True)
class SigningKey:
    """A WebCrypto public key (SPKI) and its algorithm; verifies a signature over a digest."""

    algorithm: str
    spki: bytes

    def public_key(self) -> ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey:
        spki = self.spki
        try:
            # The DER of either key with the algorithm's parameters is a fixed header and the key
            # itself (RFC 8410 §4; RFC 5480 with an uncompressed point, what WebCrypto exports):
            # read it directly, as a bundle of 200 signers would otherwise spend a twentieth of
            # its verification on DER parsing and type checks.
            if self.algorithm == ED25519 and len(spki) == 44 and spki.startswith(_ED25519_SPKI):
                return ed25519.Ed25519PublicKey.from_public_bytes(spki[12:])
            if self.algorithm == ECDSA_P256 and len(spki) == 91 and spki.startswith(_P256_SPKI):
                return ec.EllipticCurvePublicKey.from_encoded_point(_P256, spki[26:])
            key = serialization.load_der_public_key(spki)
        except (ValueError, UnsupportedAlgorithm) as exc:
            raise MalformedSignatureBundleError(
                "expected a DER SubjectPublicKeyInfo public key; found bytes that are not", field="public_key"
            ) from exc
        if self.algorithm == ED25519 and isinstance(key, ed25519.Ed25519PublicKey):
            return key
        if self.algorithm == ECDSA_P256 and isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
            return key
        raise MalformedSignatureBundleError(f"expected a public key for {self.algorithm}; found another kind of key", field="public_key")

    def verify(self, signature: bytes, digest: bytes) -> bool:
        key = self.public_key()
        try:
            if self.algorithm == ED25519:
                key.verify(signature, digest)  # type: ignore[call-arg]
            else:
                if len(signature) != 64:
                    return False
                r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
                key.verify(encode_dss_signature(r, s), digest, ECDSA_SHA256)  # type: ignore[call-arg]
        except InvalidSignature:
            return False
        return True


@dataclass(slots=True)
class Passkey:
    """A WebAuthn assertion and the credential public key (COSE) that made it."""

    rp_id: str
    credential_public_key: bytes
    authenticator_data: bytes
    client_data_json: bytes
    signature: bytes


@dataclass(slots=True)
class LogProof:
    """The signer's ``resolution.signed`` log entry, its commitment's salt, and its inclusion proof."""

    index: int
    entry: bytes
    salt: bytes
    inclusion_proof: tuple[bytes, ...]


@dataclass(slots=True)
class Signer:
    name: str
    delegation: str
    key: SigningKey
    signature: bytes
    passkey: Passkey
    log: LogProof


def log_content(
    *, uuid: str, digest: str, name: str, delegation: str, key: SigningKey, signature: bytes, passkey_signature: bytes
) -> dict[str, str]:
    """What a ``resolution.signed`` entry commits to (``docs/formats/signature-bundle.md``)."""
    return {
        "resolution": uuid,
        "digest": digest,
        "signer": name,
        "delegation": delegation,
        "algorithm": key.algorithm,
        "public_key_sha256": hashlib.sha256(key.spki).hexdigest(),
        "signature_sha256": hashlib.sha256(signature).hexdigest(),
        "passkey_signature_sha256": hashlib.sha256(passkey_signature).hexdigest(),
    }


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class _Reader:
    """Reads the JSON tree, naming the path of whatever is missing or of the wrong type."""

    def __init__(self, value: Any, path: str) -> None:
        self.value, self.path = value, path

    def fail(self, message: str, path: str | None = None) -> MalformedSignatureBundleError:
        return MalformedSignatureBundleError(message, field=path or self.path)

    def get(self, key: str, kind: type | tuple[type, ...]) -> Any:
        if not isinstance(self.value, dict):
            raise self.fail(f"expected a JSON object; found {type(self.value).__name__}")
        path = f"{self.path}.{key}" if self.path else key
        if key not in self.value:
            raise self.fail(f"expected the key {key!r}; found none", path)
        found = self.value[key]
        if not isinstance(found, kind) or isinstance(found, bool):
            raise self.fail(f"expected {getattr(kind, '__name__', 'another type')}; found {type(found).__name__}", path)
        return found

    def sub(self, key: str) -> _Reader:
        return _Reader(self.get(key, dict), f"{self.path}.{key}" if self.path else key)

    def b64(self, key: str) -> bytes:
        text = self.get(key, str)
        try:
            return _strict_b64(text)
        except ValueError as exc:  # binascii.Error too
            msg = f"expected standard, canonical base64 (padded, unused bits zero); found {text[:20]!r}…"
            raise self.fail(msg, f"{self.path}.{key}") from exc

    def hex64(self, key: str) -> str:
        text: str = self.get(key, str)
        if len(text) != 64 or not set(text) <= _HEX64:
            raise self.fail(f"expected 64 lowercase hex digits; found {text[:70]!r}", f"{self.path}.{key}")
        return text


@dataclass(frozen=True)
class Bundle:
    uuid: str
    title: str
    versions: tuple[Version, ...]
    digest: str  # the whole digest, hex
    log_origin: str
    log_vkey: str
    checkpoint: str
    signers: tuple[Signer, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": BUNDLE_FORMAT,
                "resolution": {
                    "uuid": self.uuid,
                    "title": self.title,
                    "versions": [{"number": v.number, "texts": dict(sorted(v.texts.items()))} for v in self.versions],
                    "whole_digest": self.digest,
                },
                "log": {"origin": self.log_origin, "vkey": self.log_vkey, "checkpoint": self.checkpoint},
                "signers": [
                    {
                        "name": s.name,
                        "delegation": s.delegation,
                        "webcrypto": {"algorithm": s.key.algorithm, "public_key": _b64(s.key.spki), "signature": _b64(s.signature)},
                        "webauthn": {
                            "rp_id": s.passkey.rp_id,
                            "credential_public_key": _b64(s.passkey.credential_public_key),
                            "authenticator_data": _b64(s.passkey.authenticator_data),
                            "client_data_json": _b64(s.passkey.client_data_json),
                            "signature": _b64(s.passkey.signature),
                        },
                        "log_entry": {
                            "index": s.log.index,
                            "entry": _b64(s.log.entry),
                            "salt": _b64(s.log.salt),
                            "inclusion_proof": [_b64(h) for h in s.log.inclusion_proof],
                        },
                    }
                    for s in self.signers
                ],
            },
            indent=1,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> Bundle:
        if len(text) > MAX_BUNDLE_BYTES:
            raise MalformedSignatureBundleError(f"expected at most {MAX_BUNDLE_BYTES} bytes; found {len(text)}", field="input")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise MalformedSignatureBundleError(f"expected JSON; found text that is not ({exc})", field="input") from exc
        root = _Reader(data, "")
        if root.get("format", str) != BUNDLE_FORMAT:
            raise root.fail(f"expected the format {BUNDLE_FORMAT!r}; found {data['format'][:40]!r}", "format")
        resolution, log = root.sub("resolution"), root.sub("log")
        versions = []
        for position, raw in enumerate(resolution.get("versions", list)):
            version = _Reader(raw, f"resolution.versions[{position}]")
            texts = version.sub("texts")
            versions.append(Version(number=version.get("number", int), texts={lang: texts.hex64(lang) for lang in texts.value}))
        proof_hashes: dict[str, bytes] = {}
        signers = [
            _quick_signer(raw, proof_hashes) or _signer(_Reader(raw, f"signers[{position}]"))
            for position, raw in enumerate(root.get("signers", list))
        ]
        return cls(
            uuid=resolution.get("uuid", str),
            title=resolution.get("title", str),
            versions=tuple(versions),
            digest=resolution.hex64("whole_digest"),
            log_origin=log.get("origin", str),
            log_vkey=log.get("vkey", str),
            checkpoint=log.get("checkpoint", str),
            signers=tuple(signers),
        )


# The last character before "==" carries 2 bits of data and 4 unused bits; before "=", 4 and 2.
# Canonical base64 (RFC 4648 §3.5) has the unused bits zero.
_LAST_BEFORE_TWO_PADS = frozenset("AQgw")
_LAST_BEFORE_ONE_PAD = frozenset("AEIMQUYcgkosw048")


def _strict_b64(text: object) -> bytes:
    """Standard, padded, canonical base64: one encoding per value, so no character is slack."""
    if type(text) is not str:
        raise TypeError
    data = binascii.a2b_base64(text, strict_mode=True)  # padded to a multiple of 4, alphabet only
    if text and text[-1] == "=" and (text[-3] not in _LAST_BEFORE_TWO_PADS if text[-2] == "=" else text[-2] not in _LAST_BEFORE_ONE_PAD):
        raise ValueError
    return data


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _quick_signer(raw: Any, proof_hashes: dict[str, bytes]) -> Signer | None:
    """A well-formed signer, read without naming paths; None sends it to ``_signer``, which names
    the path at fault (a bundle of 200 signers is read 5× faster this way)."""
    try:
        webcrypto, webauthn, entry = raw["webcrypto"], raw["webauthn"], raw["log_entry"]
        # Neighbouring entries share most of their proofs' hashes: each distinct one is decoded once.
        proof = tuple([proof_hashes.get(h) or proof_hashes.setdefault(h, _strict_b64(h)) for h in entry["inclusion_proof"]])
        index = entry["index"]
        algorithm = webcrypto["algorithm"]
        if algorithm not in ALGORITHMS or type(index) is not int or index < 0 or len(proof) > 63 or any(len(h) != 32 for h in proof):
            return None
        # Positional: keyword construction of the four records is a sixth of reading a signer.
        return Signer(
            _text(raw["name"]),
            _text(raw["delegation"]),
            SigningKey(algorithm, _strict_b64(webcrypto["public_key"])),
            _strict_b64(webcrypto["signature"]),
            Passkey(
                _text(webauthn["rp_id"]),
                _strict_b64(webauthn["credential_public_key"]),
                _strict_b64(webauthn["authenticator_data"]),
                _strict_b64(webauthn["client_data_json"]),
                _strict_b64(webauthn["signature"]),
            ),
            LogProof(index, _strict_b64(entry["entry"]), _strict_b64(entry["salt"]), proof),
        )
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None


def _signer(reader: _Reader) -> Signer:
    webcrypto, webauthn, entry = reader.sub("webcrypto"), reader.sub("webauthn"), reader.sub("log_entry")
    algorithm = webcrypto.get("algorithm", str)
    if algorithm not in ALGORITHMS:
        raise webcrypto.fail(f"expected one of {', '.join(ALGORITHMS)}; found {algorithm[:40]!r}", f"{webcrypto.path}.algorithm")
    proof = entry.get("inclusion_proof", list)
    hashes_ = tuple(_Reader({"h": h}, f"{entry.path}.inclusion_proof[{i}]").b64("h") for i, h in enumerate(proof))
    if any(len(h) != 32 for h in hashes_) or len(hashes_) > 63:
        raise entry.fail("expected at most 63 hashes of 32 bytes", f"{entry.path}.inclusion_proof")
    index = entry.get("index", int)
    if index < 0:
        raise entry.fail(f"expected a leaf index ≥ 0; found {index}", f"{entry.path}.index")
    return Signer(
        name=reader.get("name", str),
        delegation=reader.get("delegation", str),
        key=SigningKey(algorithm=algorithm, spki=webcrypto.b64("public_key")),
        signature=webcrypto.b64("signature"),
        passkey=Passkey(
            rp_id=webauthn.get("rp_id", str),
            credential_public_key=webauthn.b64("credential_public_key"),
            authenticator_data=webauthn.b64("authenticator_data"),
            client_data_json=webauthn.b64("client_data_json"),
            signature=webauthn.b64("signature"),
        ),
        log=LogProof(index=index, entry=entry.b64("entry"), salt=entry.b64("salt"), inclusion_proof=hashes_),
    )


def _verify_texts(bundle: Bundle, texts: Mapping[str, str]) -> None:
    latest = bundle.versions[-1].texts if bundle.versions else {}
    for lang, text in texts.items():
        if lang not in latest:
            raise DigestMismatchError(
                f"the latest version has no {lang!r} text; it has {', '.join(sorted(latest)) or 'none'}", check="text digest"
            )
        found = text_digest(text)
        if found != latest[lang]:
            raise DigestMismatchError(
                f"the {lang} text given hashes to {found[:16]}…, not to the bundle's {latest[lang][:16]}…", check="text digest"
            )


def _verify_log_entry(signer: Signer, position: int, *, uuid: str, digest: str, tree: InclusionChecker) -> None:
    check = "log inclusion"
    try:
        entry = _JSON.decode(signer.log.entry.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise LogInclusionError("expected the log entry to be JSON; it is not", check=check, signer=position) from exc
    if not isinstance(entry, dict) or entry.get("type") != LOG_EVENT:
        raise LogInclusionError(f"expected a {LOG_EVENT!r} entry; found another", check=check, signer=position)
    content = _canonical(
        log_content(
            uuid=uuid,
            digest=digest,
            name=signer.name,
            delegation=signer.delegation,
            key=signer.key,
            signature=signer.signature,
            passkey_signature=signer.passkey.signature,
        )
    )
    if len(signer.log.salt) != 32 or not hmac.compare_digest(
        hashlib.sha256(signer.log.salt + content).hexdigest(), str(entry.get("commitment", ""))
    ):
        msg = "the entry's commitment is not SHA-256(salt ‖ this signature's content): it records another signature"
        raise LogInclusionError(msg, check=check, signer=position)
    if signer.log.index >= tree.size:
        raise LogInclusionError(
            f"expected an index below the checkpoint's size {tree.size}; found {signer.log.index}", check=check, signer=position
        )
    try:
        tree.verify(leaf_hash=leaf_hash(signer.log.entry), index=signer.log.index, proof=signer.log.inclusion_proof)
    except ProofError as exc:
        raise LogInclusionError(
            f"the entry is not leaf {signer.log.index} of the checkpoint's tree: {exc.message}", check=check, signer=position
        ) from exc


def verify_bundle(bundle: Bundle, *, texts: Mapping[str, str] | None = None, log_vkey: str | None = None) -> None:
    """Return if every check passes; raise the BundleError of the first that fails.

    ``texts`` (language → text) are checked against the latest version's digests.  ``log_vkey``
    pins the log's key; without it the key the bundle names is used (and says only that the
    entries are in *that* log)."""
    if not bundle.versions:
        raise DigestMismatchError("expected at least one version; found none", check="whole digest")
    if [v.number for v in bundle.versions] != list(range(1, len(bundle.versions) + 1)):
        raise DigestMismatchError("expected versions numbered 1, 2, … in order", check="whole digest")
    try:
        found = whole_digest(bundle.uuid, bundle.title, bundle.versions)
    except InvalidInputError as exc:
        raise MalformedSignatureBundleError(exc.message, field="resolution.versions") from exc
    if found != bundle.digest:
        raise DigestMismatchError(
            f"the versions and title hash to {found[:16]}…, not to the whole digest {bundle.digest[:16]}…", check="whole digest"
        )
    if texts:
        _verify_texts(bundle, texts)
    if not bundle.signers:
        raise BundleError("expected at least one signer; found none", check="signers")
    if log_vkey is not None and log_vkey != bundle.log_vkey:
        raise LogInclusionError("the bundle names another log key than the one given", check="log checkpoint")
    try:
        opened = open_checkpoint(bundle.checkpoint, origin=bundle.log_origin, verifiers=[verifier_from_vkey(bundle.log_vkey)])
    except (InvalidInputError, VerificationError) as exc:
        raise LogInclusionError(exc.diagnostics(), check="log checkpoint") from exc
    tree = InclusionChecker(size=opened.checkpoint.size, root=opened.checkpoint.root_hash)
    digest = bytes.fromhex(bundle.digest)
    # One kind of check at a time over all signers: running each primitive in a row keeps its code
    # and tables warm, a tenth faster than interleaving them signer by signer.
    for position, signer in enumerate(bundle.signers):
        if not signer.key.verify(signer.signature, digest):
            msg = f"the {signer.key.algorithm} signature does not verify over the whole digest with the signer's public key"
            raise WebCryptoSignatureError(msg, check="webcrypto signature", signer=position)
    for position, signer in enumerate(bundle.signers):
        try:
            verify_assertion(
                credential_public_key=CoseKey.from_cbor(signer.passkey.credential_public_key),
                authenticator_data=signer.passkey.authenticator_data,
                client_data_json=signer.passkey.client_data_json,
                signature=signer.passkey.signature,
                rp_id=signer.passkey.rp_id,
                digest=digest,
            )
        except (PasskeyAssertionError, MalformedAssertionError) as exc:
            raise AssertionCheckError(exc.message, check="webauthn assertion", signer=position) from exc
    for position, signer in enumerate(bundle.signers):
        _verify_log_entry(signer, position, uuid=bundle.uuid, digest=bundle.digest, tree=tree)
