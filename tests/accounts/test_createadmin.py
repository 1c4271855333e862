"""``incamera createadmin``."""

import io
import sys

import pytest
from django.core.management import call_command

from incamera.accounts.models import User

pytestmark = pytest.mark.django_db


def test_createadmin_reads_the_password_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough passphrase\n"))
    call_command("createadmin", "--email", "Root@Example.org", "--password-stdin", stdout=io.StringIO())
    admin = User.objects.get(email="root@example.org")
    assert admin.is_staff
    assert not admin.secretariat_roles.exists()  # organising is a role in a secretariat, granted apart
    assert admin.check_password("a long enough passphrase")


def test_createadmin_refuses_a_bad_address() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not an e-mail"):
        call_command("createadmin", "--email", "root", "--password-stdin")
