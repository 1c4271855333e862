"""SIGKILL the sequencer at random points, 50 times; nothing acknowledged is lost, the tiles match
the checkpoint, and no two inconsistent checkpoints are ever published (see crash_run.py)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _run(tmp_path: Path, database_url: str | None) -> dict[str, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCAMERA_", "DJANGO_"))}
    env |= {"INCAMERA_DATA_DIR": str(tmp_path), "INCAMERA_LOG_SEQUENCER": "worker", "PYTHONPATH": str(HERE.parent.parent / "src")}
    if database_url:
        env["INCAMERA_DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, str(HERE / "crash_run.py"), "50"], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:] + result.stdout[-2000:]
    stats = json.loads(result.stdout.strip().splitlines()[-1])
    assert stats["kills"] == 50
    assert stats["acknowledged"] > 50
    assert stats["checkpoints"] > 0
    return stats  # type: ignore[no-any-return]


def test_sigkill_on_sqlite(tmp_path: Path) -> None:
    _run(tmp_path, None)


@pytest.mark.skipif(not os.environ.get("INCAMERA_TEST_DATABASE_URL"), reason="runs in the PostgreSQL pass (make test-postgres)")
def test_sigkill_on_postgresql(tmp_path: Path) -> None:
    import psycopg

    base = os.environ["INCAMERA_TEST_DATABASE_URL"]
    name = f"incamera_crash_{uuid.uuid4().hex[:8]}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        _run(tmp_path, base.rsplit("/", 1)[0] + f"/{name}")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
