"""Key files held outside the database.

Three kinds, all in files of mode 0600 that are never written to the database or the logs; this
is the one place that creates and destroys them:

- the **epoch key-encryption keys** (``epoch_key_path``): each wraps the meeting keys of its
  epoch (ARCHITECTURE.md, rule 5).  Crypto-shredding starts a new epoch, re-wraps every live
  meeting key under it and destroys the old epoch's file (``destroy_key_file``), so a wrapped key
  the database still remembers (a WAL, a free page, a backup) opens with nothing that remains;
- the install's **root secret** (``kek.key``, its name from the release that wrapped meeting keys
  under it directly): long-lived keys are derived from it (the log's pseudonyms and salts, the
  recipients' fingerprint marks), so it is never rotated;
- Django's secret key, which signs sessions and links.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from incamera.kernel.errors import ConfigurationError

__all__ = [
    "KEK_BYTES",
    "KeyFileError",
    "create_key_file",
    "destroy_key_file",
    "epoch_key_path",
    "epoch_key_paths",
    "load_or_create_key_file",
    "load_or_create_secret_key",
    "private_path",
    "read_key_file",
]

KEK_BYTES = 32


class KeyFileError(ConfigurationError):
    """A key file exists but cannot be used (wrong size, too-open permissions)."""


def load_or_create_key_file(path: Path, *, nbytes: int = KEK_BYTES) -> bytes:
    """Return the raw key stored at ``path``, creating it (mode 0600) when absent.

    Creation uses ``O_EXCL`` so that two processes starting at once cannot write different keys:
    the loser reads the winner's file.
    """
    try:
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
    except KeyFileError:
        raise
    except OSError as exc:
        msg = f"cannot create or read the key file {path}: {exc.strerror or exc}; check that its folder exists and is writable"
        raise KeyFileError(msg) from exc


def epoch_key_path(directory: Path, number: int) -> Path:
    """The file of epoch ``number``'s key-encryption key."""
    return directory / f"kek-epoch-{number}.key"


def epoch_key_paths(directory: Path) -> dict[int, Path]:
    """Every epoch key file present in ``directory``, by epoch number."""
    found = {}
    for path in directory.glob("kek-epoch-*.key") if directory.is_dir() else []:
        number = path.stem.removeprefix("kek-epoch-")
        if number.isdigit():
            found[int(number)] = path
    return found


def create_key_file(path: Path, *, nbytes: int = KEK_BYTES) -> bytes:
    """Write a fresh random key to ``path`` (mode 0600) and make it durable (the file and its
    folder fsynced) before returning it; a file already there is destroyed first (an epoch that a
    failed transaction left unused)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists():
        destroy_key_file(path)
    key = secrets.token_bytes(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_folder(path.parent)
    return key


def destroy_key_file(path: Path) -> None:
    """Overwrite the key with zeros in place (fsynced), then unlink it and fsync the folder.

    Overwriting is best effort: a copy-on-write or journaling file system, an SSD's wear levelling
    or a snapshot may keep the old blocks (docs/operations.md says what to do about that)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as handle:
            handle.write(bytes(size))
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_key_file(path: Path, *, nbytes: int = KEK_BYTES) -> bytes:
    """The key stored at ``path``; FileNotFoundError when there is none (never creates one)."""
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
