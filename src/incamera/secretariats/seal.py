"""Each secretariat's seal (issue 13): the key and self-signed certificate with which it seals the
PDF record of an adopted resolution (``pdf/pades.py``).

The key never enters the database: it is a PEM file (key and certificate together, mode 0600) in
``INCAMERA_SEAL_DIR`` (default ``<data dir>/seals``), made on first use.  Back it up with the other
key files; a lost seal key means a new certificate, and PDFs sealed before stay verifiable against
the old certificate, which each sealed PDF carries."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.conf import settings

from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConfigurationError
from incamera.pdf.pades import SealIdentity, seal_identity
from incamera.secretariats.models import Secretariat

__all__ = ["seal_of", "seal_path"]

_KEY_END = b"-----END PRIVATE KEY-----\n"


def seal_path(secretariat: Secretariat) -> Path:
    return Path(settings.INCAMERA_SEAL_DIR) / f"secretariat-{secretariat.pk}.pem"


def _read(path: Path) -> SealIdentity:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        msg = f"seal file {path} has mode {mode:o}; expected 600 (chmod 600 {path})"
        raise ConfigurationError(msg)
    data = path.read_bytes()
    if _KEY_END not in data:
        msg = f"seal file {path} holds no private key; restore it from the key backup, or move it away to make a new seal"
        raise ConfigurationError(msg)
    key, certificate = data.split(_KEY_END, 1)
    return SealIdentity(key_pem=key + _KEY_END, certificate_pem=certificate)


def seal_of(secretariat: Secretariat, *, clock: Clock = system_clock) -> SealIdentity:
    """The secretariat's seal, made (and written, fsynced) the first time; two processes making it
    at once agree on the one written first."""
    path = seal_path(secretariat)
    if path.exists():
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    identity = seal_identity(secretariat.name, now=clock.now())
    # Written whole under a name of its own, then linked into place: a reader never sees half a
    # file, and a link that finds the place taken leaves the other process's seal standing.
    draft = path.with_name(f"{path.name}.{os.getpid()}.{id(identity)}.new")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(identity.key_pem + identity.certificate_pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return _read(path)
