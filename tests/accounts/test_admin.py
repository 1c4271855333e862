"""Issue 9, finding 4: the platform admin could take over any account by changing its e-mail and
resetting the password, and nothing was logged.  Reproduced first, then fixed."""

import pytest
from django.core import mail

from incamera.accounts.models import User
from incamera.ledger.models import LogEntry
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _admin() -> User:
    admin = make_user("root@example.org", staff=True)
    User.objects.filter(pk=admin.pk).update(is_superuser=True)  # as `incamera createadmin` makes it
    admin.refresh_from_db()
    return admin


def _form(user: User, **changes: object) -> dict[str, object]:
    form: dict[str, object] = {"email": user.email, "full_name": user.full_name, "is_active": "on"}
    form.update(changes)
    return {k: v for k, v in form.items() if v is not False}


def test_the_admin_cannot_change_an_accounts_address() -> None:
    admin = _admin()
    victim = make_user("victim@example.org", name="Victim")
    client = client_for(admin)
    client.post(f"/platform/accounts/user/{victim.pk}/change/", _form(victim, email="attacker@example.org"))
    victim.refresh_from_db()
    assert victim.email == "victim@example.org"


def test_an_admins_change_is_logged_and_mailed_to_the_account() -> None:
    admin = _admin()
    account = make_user("ana@example.org", name="Ana")
    response = client_for(admin).post(f"/platform/accounts/user/{account.pk}/change/", _form(account, is_staff="on", full_name="Ana Lima"))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.is_staff
    assert account.full_name == "Ana Lima"
    assert LogEntry.objects.filter(event__type="account.admin_changed", event__actor=admin).exists()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert "is_staff" in mail.outbox[0].body
