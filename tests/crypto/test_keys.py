"""Key files: created 0600, refused when too open."""

import stat

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_key_files_are_created_with_mode_600() -> None:
    for name in ("kek.key", "secret.key"):
        path = settings.DATA_DIR / name
        if path.exists():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, name
    assert stat.S_IMODE(settings.INCAMERA_KEK_PATH.stat().st_mode) == 0o600


def test_a_world_readable_key_file_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from incamera.crypto.keys import KeyFileError, load_or_create_key_file

    path = tmp_path / "kek.key"
    first = load_or_create_key_file(path)
    assert load_or_create_key_file(path) == first
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_key_file(path)


def test_the_data_directory_and_the_database_are_private_even_in_an_open_directory(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 9, finding 9: in a pre-existing 0755 directory the SQLite file was created 0644."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INCAMERA_", "DJANGO_"))}
    env |= {"INCAMERA_DATA_DIR": str(data), "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    command = [sys.executable, "-c", "from incamera.cli import main; main()"]
    subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True, timeout=300)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("incamera.sqlite3", "incamera.sqlite3-wal", "incamera.sqlite3-shm"):
        if (data / name).exists():
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    assert (data / "incamera.sqlite3").exists()


def test_serve_warns_when_mail_goes_to_the_console(monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    from incamera.cli.management.commands.serve import console_mail_warning

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    monkeypatch.delenv("INCAMERA_DEMO", raising=False)
    assert "printed on this console" in (console_mail_warning() or "")
    monkeypatch.setenv("INCAMERA_DEMO", "1")
    assert console_mail_warning() is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.delenv("INCAMERA_DEMO")
    assert console_mail_warning() is None
