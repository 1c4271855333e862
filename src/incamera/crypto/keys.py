"""Key files held outside the database.

The key-encryption key (KEK) wraps every per-meeting data key (ARCHITECTURE.md, rule 5), and the
Django secret key signs sessions and links.  Both live in files created at first start with mode
0600 and are never written to the database or the logs.  This is the one place that creates them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from incamera.kernel.errors import ConfigurationError

__all__ = ["KEK_BYTES", "KeyFileError", "load_or_create_key_file", "load_or_create_secret_key", "private_path"]

KEK_BYTES = 32


class KeyFileError(ConfigurationError):
    """A key file exists but cannot be used (wrong size, too-open permissions)."""


def load_or_create_key_file(path: Path, *, nbytes: int = KEK_BYTES) -> bytes:
    """Return the raw key stored at ``path``, creating it (mode 0600) when absent.

    Creation uses ``O_EXCL`` so that two processes starting at once cannot write different keys:
    the loser reads the winner's file.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path, nbytes)
    with os.fdopen(fd, "wb") as handle:
        handle.write(secrets.token_bytes(nbytes))
        handle.flush()
        os.fsync(handle.fileno())
    return _read_key(path, nbytes)


def _read_key(path: Path, nbytes: int) -> bytes:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        msg = f"key file {path} has mode {mode:o}; expected 600 (chmod 600 {path})"
        raise KeyFileError(msg)
    data = path.read_bytes()
    if len(data) != nbytes:
        msg = f"key file {path} holds {len(data)} bytes; expected {nbytes}"
        raise KeyFileError(msg)
    return data


def load_or_create_secret_key(path: Path) -> str:
    """Return Django's SECRET_KEY, kept as 48 random bytes in ``path`` (mode 0600)."""
    return load_or_create_key_file(path, nbytes=48).hex()


def private_path(path: Path, *, mode: int, create: bool = False) -> None:
    """Make ``path`` readable by its owner only (``mode`` 0700 for a folder, 0600 for a file),
    creating an empty file first when ``create``; a path the process cannot change is left as it
    is (an operator's choice, e.g. a mounted volume), since refusing to start would help no one."""
    if create and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
    try:
        if path.exists() and (path.stat().st_mode & 0o777) != mode:
            path.chmod(mode)
    except PermissionError:
        pass
