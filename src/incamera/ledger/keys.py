"""The log's signing keys and pseudonym key, held in files outside the database (0600)."""

from __future__ import annotations

from functools import cache

from cryptography.hazmat.primitives.asymmetric import ed25519, mldsa
from django.conf import settings

from incamera.crypto.keys import load_or_create_key_file
from incamera.crypto.seal import derive_key
from incamera.tlog.note import Ed25519Signer, MLDSASigner, Signer

__all__ = ["log_origin", "log_signers", "log_vkeys", "pseudonym_key", "salt_key"]


def log_origin() -> str:
    return str(settings.INCAMERA_LOG_ORIGIN)


@cache
def _signers(origin: str, data_dir: str) -> tuple[Ed25519Signer, MLDSASigner]:
    from pathlib import Path

    directory = Path(data_dir)
    ed_seed = load_or_create_key_file(directory / "log-ed25519.key", nbytes=32)
    pq_seed = load_or_create_key_file(directory / "log-mldsa44.key", nbytes=32)
    return (
        Ed25519Signer(origin, ed25519.Ed25519PrivateKey.from_private_bytes(ed_seed)),
        MLDSASigner(origin, mldsa.MLDSA44PrivateKey.from_seed_bytes(pq_seed)),
    )


def log_signers() -> list[Signer]:
    """Ed25519 (the standard signed-note key) and ML-DSA-44 (an extra line others ignore)."""
    return list(_signers(log_origin(), str(settings.DATA_DIR)))


def log_vkeys() -> tuple[str, str]:
    ed, pq = _signers(log_origin(), str(settings.DATA_DIR))
    return ed.verifier().to_vkey(), pq.verifier().to_vkey()


def _kek() -> bytes:
    return load_or_create_key_file(settings.INCAMERA_KEK_PATH)


def pseudonym_key() -> bytes:
    return derive_key(_kek(), "log/pseudonyms")


def salt_key(meeting_id: int | None) -> bytes:
    return derive_key(_kek(), f"log/salts/meeting/{meeting_id or 0}")
