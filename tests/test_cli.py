"""The `incamera` command: demo, createadmin, help, and serve answering on localhost and 127.0.0.1."""

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from incamera.accounts.models import User
from incamera.ledger.models import Event
from incamera.meetings.models import Meeting, Membership

pytestmark = pytest.mark.django_db


def test_demo_is_realistic_and_idempotent() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "secretariat@demo.incamera.example" in out.getvalue()
    counts = (User.objects.count(), Meeting.objects.count(), Membership.objects.count(), Event.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (User.objects.count(), Meeting.objects.count(), Membership.objects.count(), Event.objects.count()) == counts
    roundtable = Meeting.objects.get(profile="chatham_house")
    assert "Critical minerals" in roundtable.title
    assert roundtable.memberships.count() >= 12
    assert {"delegate", "observer", "focal_point", "service", "organizer"} <= set(roundtable.memberships.values_list("role", flat=True))
    assert Meeting.objects.filter(profile="three_nos").exists()
    from incamera.materials.models import Document

    assert sorted(roundtable.documents.values_list("kind", flat=True)) == ["md", "pdf"]
    assert Document.objects.count() == 2


def test_createadmin_reads_the_password_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough passphrase\n"))
    call_command("createadmin", "--email", "Root@Example.org", "--password-stdin", stdout=io.StringIO())
    admin = User.objects.get(email="root@example.org")
    assert admin.is_staff
    assert admin.may_organize
    assert admin.check_password("a long enough passphrase")


def test_createadmin_refuses_a_bad_address() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not an e-mail"):
        call_command("createadmin", "--email", "root", "--password-stdin")


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
