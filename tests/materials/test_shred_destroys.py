"""Issue 9, finding 1: after a shred, nothing left in the data directory opens the shredded
materials, whatever the database still remembers.

The attack: carve every file of the data directory (the SQLite file and its WAL, or the
PostgreSQL database's files and the WAL segments written meanwhile; every key file) for a wrapped
meeting key, trying every key that remains (each key file, and the meeting keys still in use);
with one, open the shredded meeting's documents and the focal point's credential.  Before the
shred the same search must find the key, or it proves nothing.  Each scenario runs the real code in
a process of its own (tests/materials/shred_scenario.py) on a real data directory.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from incamera.crypto import envelope
from incamera.kernel.errors import VerificationError

ROOT = Path(__file__).parent.parent.parent
INCAMERA = [sys.executable, "-c", "from incamera.cli import main; main()"]
T = TypeVar("T")
WRAPPED = 61  # crypto/envelope.py: a wrapped 32-byte key


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCAMERA_", "DJANGO_"))}
    return env | {"INCAMERA_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src"), "INCAMERA_EMAIL_BACKEND": "file"} | extra


def _scenario(step: str, env: dict[str, str]) -> dict[str, object]:
    return json.loads(_run([sys.executable, "tests/materials/shred_scenario.py", step], env))


def _files(roots: list[Path], since: float = 0.0) -> Iterator[Path]:
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.is_file() and (since == 0.0 or path.stat().st_mtime >= since):
                yield path


def _remaining_keys(data: Path, live: list[bytes]) -> list[bytes]:
    """Every key file's bytes (any 32-byte key within it) and the meeting keys still in use."""
    keys = list(live)
    for path in _files([data]):
        if path.suffix == ".key":
            raw = path.read_bytes()
            keys.extend(raw[i : i + 32] for i in range(0, max(len(raw) - 31, 1), 16) if len(raw[i : i + 32]) == 32)
    return keys


def _carve(paths: list[Path], keys: list[bytes], aad: bytes) -> bytes | None:
    """A meeting key that any of ``keys`` unwraps from anywhere in ``paths``, or None."""
    for path in paths:
        blob = path.read_bytes()
        at = blob.find(b"\x01")
        while at != -1 and at + WRAPPED <= len(blob):
            candidate = blob[at : at + WRAPPED]
            for key in keys:
                try:
                    return envelope.unwrap_key(key, candidate, aad=aad)
                except VerificationError:
                    continue
            at = blob.find(b"\x01", at + 1)
    return None


def _opens(key: bytes, setup: dict[str, object]) -> list[str]:
    meeting = setup["meeting"]
    opened = []
    for pk, ciphertext in setup["documents"].items():  # type: ignore[attr-defined]
        try:
            envelope.decrypt(key, bytes.fromhex(ciphertext), aad=f"incamera meeting {meeting} document {pk}".encode())
            opened.append(f"document {pk}")
        except VerificationError:
            pass
    return opened


def _attack(files: list[Path], data: Path, setup: dict[str, object], live: list[bytes]) -> list[str]:
    """What the attacker opens: the shredded meeting's documents, by a carved key or directly."""
    keys = _remaining_keys(data, live)
    opened = [f"{item} with a remaining key" for key in keys for item in _opens(key, setup)]
    carved = _carve(files, keys, aad=f"incamera meeting {setup['meeting']}".encode())
    if carved is not None:
        opened.extend(f"{item} with a carved meeting key" for item in _opens(carved, setup))
        opened.append("the meeting key")
    return opened


def _in_clear(files: list[Path], marker: str) -> list[str]:
    """Files holding the credential's text in clear (``marker`` is inside the PDF)."""
    return [str(path) for path in files if marker.encode() in path.read_bytes()]


def _stable(listing: Callable[[], list[Path]], search: Callable[[list[Path]], T]) -> T:
    """``search`` over the files ``listing`` gives, listed again if one vanished while it was read:
    PostgreSQL recycles a WAL segment by renaming it, and its bytes are then under another name."""
    for _attempt in range(4):
        try:
            return search(listing())
        except FileNotFoundError:
            continue
    return search(listing())


def _check(env: dict[str, str], data: Path, database_files: Callable[[float], list[Path]], *, forgets: bool = False) -> None:
    started = time.time() - 1
    snapshots = data.parent / "snapshots"
    marker = f"credential-of-rafael-rep-{uuid.uuid4().hex}"  # unique: PostgreSQL's WAL is the whole cluster's
    env = env | {"SHRED_SNAPSHOTS": str(snapshots), "SHRED_MARKER": marker}
    _run([*INCAMERA, "migrate", "--no-input", "--verbosity", "0"], env)
    setup = _scenario("setup", env)

    def listed(snapshot: str) -> Callable[[], list[Path]]:
        return lambda: [*_files([snapshots / snapshot, data]), *database_files(started)]

    before = listed("before")
    assert "the meeting key" in _stable(before, lambda files: _attack(files, data, setup, live=[])), (
        "the search must find the key before the shred, or it proves nothing"
    )
    assert _stable(before, lambda files: _in_clear(files, marker)) == []  # the credential is stored encrypted, like every material
    kept = _scenario("shred", env)
    after, live = listed("after"), [bytes.fromhex(str(kept["kept_key"]))]
    assert _stable(after, lambda files: _attack(files, snapshots / "after", setup, live=live)) == []
    assert _stable(after, lambda files: _attack(files, data, setup, live=live)) == []
    assert _stable(after, lambda files: _in_clear(files, marker)) == []
    files = after()
    if forgets:  # defence in depth on SQLite: secure_delete and the WAL's truncation leave no copy
        old_wrap = bytes.fromhex(str(setup["wrapped"]))
        assert [str(path) for path in files if old_wrap in path.read_bytes()] == []
    assert len(str(kept["kept_plain_sha256"])) == 64  # the other meeting's material still opens


def test_after_a_shred_nothing_in_a_sqlite_data_directory_opens_the_materials(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    _check(_env(data), data, lambda _since: [], forgets=True)


@pytest.mark.skipif(not os.environ.get("INCAMERA_TEST_DATABASE_URL", "").startswith("postgres"), reason="runs in the PostgreSQL pass")
def test_after_a_shred_nothing_in_the_data_directory_or_postgresql_opens_the_materials(tmp_path: Path) -> None:
    server = os.environ["INCAMERA_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    name = f"incamera_shred_{uuid.uuid4().hex[:8]}"
    psql = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d"]
    _run([*psql, f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"'], dict(os.environ))
    try:
        cluster = Path(_run([*psql, f"{server}/postgres", "-c", "SHOW data_directory"], dict(os.environ)).strip())
        oid = _run([*psql, f"{server}/postgres", "-c", f"SELECT oid FROM pg_database WHERE datname = '{name}'"], dict(os.environ)).strip()
        if not os.access(cluster / "base" / oid, os.R_OK):
            pytest.skip(f"this account cannot read PostgreSQL's files in {cluster}")

        def database_files(since: float) -> list[Path]:
            _run([*psql, f"{server}/postgres", "-c", "CHECKPOINT"], dict(os.environ))  # pages reach the files
            return [*_files([cluster / "base" / oid]), *_files([cluster / "pg_wal"], since=since)]

        data = tmp_path / "data"
        data.mkdir(mode=0o700)
        _check(_env(data, INCAMERA_DATABASE_URL=f"{server}/{name}"), data, database_files)
    finally:
        _run([*psql, f"{server}/postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], dict(os.environ))


def test_the_search_itself_finds_a_key_left_in_a_file(tmp_path: Path) -> None:
    """The carving is not vacuous: a wrapped key written anywhere in a file is found."""
    kek, key = os.urandom(32), os.urandom(32)
    path = tmp_path / "blob"
    path.write_bytes(os.urandom(1000) + envelope.wrap_key(kek, key, aad=b"incamera meeting 7") + os.urandom(1000))
    assert _carve([path], [os.urandom(32), kek], aad=b"incamera meeting 7") == key
    assert _carve([path], [os.urandom(32)], aad=b"incamera meeting 7") is None
    assert hashlib.sha256(key).digest() != key
