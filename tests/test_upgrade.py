"""A database created by the previous release (0.1, commit 99ce58a, demo seeded) migrates to this
layout without losing a row: models moved between apps keep their data, their tables take the new
apps' names, content types follow them, encrypted materials still open with the same key file and
the log's old entries still prove their inclusion.

The fixtures (tests/assets/release-0.1/) are that release's SQLite file and PostgreSQL dump, with
its log's public key and the digests of its encrypted documents; its key files are not kept (the
repository holds no key material), so the materials are checked by their ciphertexts, not opened.
README.md there says how they were made.  Each check runs the real ``incamera migrate``
and the upgraded code in processes of their own, on a copy.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ASSETS = Path(__file__).parent / "assets" / "release-0.1"
MANIFEST = json.loads((ASSETS / "manifest.json").read_text())
ROOT = Path(__file__).parent.parent
INCAMERA = [sys.executable, "-c", "from incamera.cli import main; main()"]

# Tables the restructuring renamed: the old release's name → this release's.
RENAMED = {
    "core_event": "ledger_event",
    "participants_delegation": "roster_delegation",
    "participants_delegationattribute": "roster_delegationattribute",
    "participants_rosterperson": "roster_rosterperson",
    "participants_invitation": "invitations_invitation",
    "participants_delegationquota": "invitations_delegationquota",
    "participants_credential": "invitations_credential",
    "participants_matrixsettings": "vetting_matrixsettings",
    "participants_candidatescore": "vetting_candidatescore",
    "participants_servicecode": "service_servicecode",
}
# Rows the upgrade itself adds: the new migrations' records, and (after migrate's post_migrate)
# permissions and content types of the new apps' models.
GROWS = {"django_migrations", "auth_permission", "django_content_type"}


def _data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    return data


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _upgrade_and_check(env: dict[str, str]) -> dict[str, object]:
    _run([*INCAMERA, "migrate", "--no-input"], env)
    _run([*INCAMERA, "migrate", "--check"], env)  # nothing left to apply
    _run([*INCAMERA, "makemigrations", "--check", "--dry-run"], env)  # the models match the migrations
    return json.loads(_run([sys.executable, "tests/upgrade_check.py"], env | {"RELEASE_LOG_VKEY": MANIFEST["log_vkey"]}))


def _assert_nothing_lost(found: dict[str, object], engine: str) -> None:
    tables: dict[str, int] = found["tables"]  # type: ignore[assignment]
    for old, count in MANIFEST["tables"].items():
        new = RENAMED.get(old, old)
        assert old == new or old not in tables, f"{old} should have been renamed to {new}"
        if old in GROWS:
            assert tables[new] >= count, new
        else:
            assert tables[new] == count, f"{new}: {tables[new]} rows, the release had {count} in {old}"
    assert found["documents"] == MANIFEST["document_sha256"][engine]  # every ciphertext, byte for byte
    assert found["receipts_verified"] == MANIFEST["tables"]["ledger_logentry"]
    content_types: list[str] = found["content_types"]  # type: ignore[assignment]
    assert "roster.delegation" in content_types
    assert "ledger.event" in content_types
    assert not [c for c in content_types if c.startswith(("participants.", "core."))]
    # One default secretariat owns every meeting and the whole roster; the accounts that "may
    # organize" are its organizers and roster managers (issue 9, finding 2).
    secretariats: dict[str, object] = found["secretariats"]  # type: ignore[assignment]
    assert secretariats["names"] == ["Secretariat"]
    assert secretariats["meetings"] == secretariats["delegations"] == secretariats["people"] == ["Secretariat"]
    assert ["secretariat@demo.incamera.example", "organizer"] in secretariats["roles"]  # type: ignore[operator]
    assert ["secretariat@demo.incamera.example", "roster_manager"] in secretariats["roles"]  # type: ignore[operator]


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCAMERA_", "DJANGO_"))}
    return env | {"INCAMERA_DATA_DIR": str(data), "PYTHONPATH": str(ROOT / "src")} | extra


def test_a_release_0_1_sqlite_database_upgrades_without_loss(tmp_path: Path) -> None:
    data = _data_dir(tmp_path)
    (data / "incamera.sqlite3").write_bytes(gzip.decompress((ASSETS / "sqlite3.gz").read_bytes()))
    env = _env(data)
    _assert_nothing_lost(_upgrade_and_check(env), "sqlite")
    # The demo seeds on top of the upgraded data without duplicating anything.
    before = json.loads(_run([sys.executable, "tests/upgrade_check.py"], env))["tables"]
    _run([*INCAMERA, "demo"], env)
    once = json.loads(_run([sys.executable, "tests/upgrade_check.py"], env))["tables"]
    _run([*INCAMERA, "demo"], env)
    twice = json.loads(_run([sys.executable, "tests/upgrade_check.py"], env))["tables"]
    assert once["meetings_meeting"] == twice["meetings_meeting"] == before["meetings_meeting"]
    assert once["roster_delegation"] == twice["roster_delegation"]  # the demo's second secretariat, added once


@pytest.mark.skipif(not os.environ.get("INCAMERA_TEST_DATABASE_URL", "").startswith("postgres"), reason="runs in the PostgreSQL pass")
def test_a_release_0_1_postgresql_database_upgrades_without_loss(tmp_path: Path) -> None:
    server = os.environ["INCAMERA_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    name = f"incamera_release01_{uuid.uuid4().hex[:8]}"
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d"]
    _run([*psql, f"{server}/postgres", "-c", f'CREATE DATABASE "{name}"'], dict(os.environ))
    try:
        dump = gzip.decompress((ASSETS / "postgresql.sql.gz").read_bytes())
        done = subprocess.run([*psql, f"{server}/{name}"], input=dump, capture_output=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr[-2000:]
        _assert_nothing_lost(_upgrade_and_check(_env(_data_dir(tmp_path), INCAMERA_DATABASE_URL=f"{server}/{name}")), "postgresql")
    finally:
        _run([*psql, f"{server}/postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], dict(os.environ))
