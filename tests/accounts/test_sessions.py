"""Sessions and signed-in users read with one plain statement (accounts/sessions.py and
backends.SessionBackend): the same answers as Django's own, for less."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incamera.accounts.backends import SessionBackend
from incamera.accounts.sessions import SessionStore
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_saved_session_loads_its_data() -> None:
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}


def test_an_expired_or_unknown_session_loads_nothing_and_drops_its_key() -> None:
    store = SessionStore()
    store["answer"] = 42
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore("x" * 32)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_the_session_backend_checks_no_password_and_loads_only_active_users() -> None:
    user = make_user("someone@example.org")
    backend = SessionBackend()
    assert backend.authenticate(None, username="someone@example.org", password="correct horse battery staple") is None
    assert backend.get_user(user.pk) == user
    assert backend.get_user(user.pk + 1000) is None
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None


def test_a_sign_in_is_recorded_under_the_session_backend_and_an_older_one_still_restores() -> None:
    user = make_user("someone@example.org")
    client = Client()
    response = client.post(reverse("accounts:signin"), {"email": "someone@example.org", "password": "correct horse battery staple"})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == "incamera.accounts.backends.SessionBackend"
    assert client.get(reverse("meetings:dashboard")).status_code == 200
    # A session recorded before this change names Django's ModelBackend: it still signs in.
    older = Client()
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    older.cookies["sessionid"] = store.session_key
    assert older.get(reverse("meetings:dashboard")).status_code == 200
