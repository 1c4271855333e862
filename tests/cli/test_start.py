"""What every ``incamera`` command does at start (issue 9, finding 9): the data directory and the
SQLite files are made their owner's only, with a warning where that cannot be done; ``serve``
warns when mails, with their one-time codes, go to the console."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

SRC = Path(__file__).resolve().parents[2] / "src"


def _start(data: Path, script: str = "import incamera.settings") -> subprocess.CompletedProcess[str]:
    """Import the settings in a fresh process, as every command does first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCAMERA_", "DJANGO_"))}
    env |= {"INCAMERA_DATA_DIR": str(data), "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_database_and_its_wal_left_readable_by_others_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    files = [data / name for name in ("incamera.sqlite3", "incamera.sqlite3-wal", "incamera.sqlite3-shm")]
    for path in files:
        path.touch()
        path.chmod(0o644)
    result = _start(data)
    assert result.returncode == 0, result.stderr
    assert _mode(data) == 0o700
    assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}


def test_a_data_directory_that_cannot_be_tightened_is_warned_about_not_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    refuse = "def refuse(self, *a, **k):\n    raise PermissionError(1, 'not permitted', str(self))\n"
    result = _start(data, f"import pathlib\n{refuse}pathlib.Path.chmod = refuse\nimport incamera.settings")
    assert result.returncode == 0, result.stderr
    assert f"{data} has mode 755 and could not be changed to 700" in result.stderr
    assert _mode(data) == 0o755


@pytest.mark.parametrize(("demo", "warned"), [(None, True), ("1", False)])
def test_serve_warns_at_start_when_mails_go_to_the_console(
    demo: str | None, warned: bool, monkeypatch: pytest.MonkeyPatch, settings: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from gunicorn.app.base import BaseApplication

    monkeypatch.setattr(BaseApplication, "run", lambda self: None)  # start, but serve nothing
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # type: ignore[attr-defined]
    if demo is None:
        monkeypatch.delenv("INCAMERA_DEMO", raising=False)
    else:
        monkeypatch.setenv("INCAMERA_DEMO", demo)
    call_command("serve", "--no-migrate", "--port", "1")
    assert ("printed on this console" in capsys.readouterr().err) is warned
