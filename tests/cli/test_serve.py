"""The ``incamera`` command: help for every command, and ``serve`` answering on localhost and 127.0.0.1."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _incamera() -> list[str]:
    return [sys.executable, "-m", "incamera"]


def test_help_works_for_every_command(tmp_path: Path) -> None:
    env = os.environ | {"INCAMERA_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    for command in ([], ["serve", "--help"], ["demo", "--help"], ["createadmin", "--help"]):
        result = subprocess.run([*_incamera(), *command], env=env, capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        assert "usage" in (result.stdout + result.stderr).lower() or "subcommands" in result.stdout.lower()


@pytest.mark.django_db(transaction=False)
def test_serve_answers_on_localhost_and_127_0_0_1(tmp_path: Path) -> None:
    port = _free_port()
    env = os.environ | {"INCAMERA_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("INCAMERA_DATABASE_URL", None)
    server = subprocess.Popen(
        [*_incamera(), "serve", "--port", str(port), "--workers", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://localhost:{port}/accounts/signin/", timeout=5) as response:
            assert response.status == 200
            assert "Content-Security-Policy" in response.headers
        with urllib.request.urlopen(f"http://localhost:{port}/static/incamera/app.css", timeout=5) as response:
            assert response.status == 200
            assert "max-age" in response.headers.get("Cache-Control", "")
        assert (tmp_path / "kek.key").exists()
        assert (tmp_path / "incamera.sqlite3").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_wsgi_module_freezes_what_it_loaded() -> None:
    """Long-lived objects out of the collector's reach: full collections stay short (issue 10)."""
    import gc
    import importlib

    import incamera.wsgi

    gc.unfreeze()
    importlib.reload(incamera.wsgi)
    try:
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
