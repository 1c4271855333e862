"""Passkeys end to end through the web endpoints, with a software authenticator holding a real
P-256 key (tests/webauthn_soft.py) and py_webauthn verifying on the server."""

import datetime as dt
import hashlib
import json

import pytest
from django.test import Client

from incamera.accounts.models import Passkey, PasskeyChallenge, PasskeyConfirmation
from incamera.demo.softkey import SoftAuthenticator, unb64url
from tests.conftest import Cast, client_for, make_user

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _register(client: Client, authenticator: SoftAuthenticator, name: str = "Laptop") -> dict[str, object]:
    options = _post(client, "/accounts/passkeys/register/begin").json()
    assert options["authenticatorSelection"]["userVerification"] == "required"
    response = _post(client, "/accounts/passkeys/register/finish", {"credential": authenticator.register(options), "name": name})
    return response.json()  # type: ignore[no-any-return]


def test_register_then_sign_in_with_the_passkey() -> None:
    user = make_user("ana@example.org")
    authenticator = SoftAuthenticator()
    assert _register(client_for(user), authenticator)["ok"] is True
    assert Passkey.objects.get().user == user

    anonymous = Client()
    options = _post(anonymous, "/accounts/passkeys/signin/begin").json()
    assert options["userVerification"] == "required"
    result = _post(anonymous, "/accounts/passkeys/signin/finish", {"credential": authenticator.get_assertion(options)}).json()
    assert result["ok"] is True
    assert anonymous.get("/meetings/").status_code == 200
    assert Passkey.objects.get().sign_count == 1


def test_replayed_assertion_is_refused() -> None:
    user = make_user("ana@example.org")
    authenticator = SoftAuthenticator()
    _register(client_for(user), authenticator)
    first = Client()
    options = _post(first, "/accounts/passkeys/signin/begin").json()
    assertion = authenticator.get_assertion(options)
    assert _post(first, "/accounts/passkeys/signin/finish", {"credential": assertion}).json()["ok"]
    # An eavesdropper replays the same assertion in a session of their own, pointing at the same challenge.
    replay = Client()
    session = replay.session
    session["passkey_signin"] = PasskeyChallenge.objects.filter(purpose="signin").latest("id").pk
    session.save()
    response = _post(replay, "/accounts/passkeys/signin/finish", {"credential": assertion})
    assert response.status_code == 400
    assert "replay" in response.json()["error"]
    assert replay.get("/meetings/").status_code == 302


def test_stale_challenge_is_refused() -> None:
    user = make_user("ana@example.org")
    authenticator = SoftAuthenticator()
    _register(client_for(user), authenticator)
    client = Client()
    options = _post(client, "/accounts/passkeys/signin/begin").json()
    PasskeyChallenge.objects.update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    response = _post(client, "/accounts/passkeys/signin/finish", {"credential": authenticator.get_assertion(options)})
    assert response.status_code == 400
    assert "older than 5 minutes" in response.json()["error"]


def test_assertion_without_user_verification_is_refused() -> None:
    user = make_user("ana@example.org")
    authenticator = SoftAuthenticator()
    _register(client_for(user), authenticator)
    authenticator.user_verified = False
    client = Client()
    options = _post(client, "/accounts/passkeys/signin/begin").json()
    response = _post(client, "/accounts/passkeys/signin/finish", {"credential": authenticator.get_assertion(options)})
    assert response.status_code == 400
    assert "verif" in response.json()["error"].lower()
    assert client.get("/meetings/").status_code == 302


def test_registration_without_user_verification_is_refused() -> None:
    user = make_user("ana@example.org")
    result = _register(client_for(user), SoftAuthenticator(user_verified=False))
    assert "error" in result
    assert not Passkey.objects.exists()


def test_wrong_origin_is_refused() -> None:
    user = make_user("ana@example.org")
    authenticator = SoftAuthenticator()
    _register(client_for(user), authenticator)
    authenticator.origin = "https://evil.example"
    client = Client()
    options = _post(client, "/accounts/passkeys/signin/begin").json()
    assert _post(client, "/accounts/passkeys/signin/finish", {"credential": authenticator.get_assertion(options)}).status_code == 400


def test_confirmation_binds_the_digest_into_the_signed_challenge() -> None:
    user = make_user("ana@example.org")
    authenticator = SoftAuthenticator()
    client = client_for(user)
    _register(client, authenticator)
    digest = hashlib.sha256(b"NDA v3, English").hexdigest()
    options = _post(client, "/accounts/passkeys/confirm/begin", {"digest": digest}).json()
    assert unb64url(options["challenge"])[16:] == bytes.fromhex(digest)
    assert options["allowCredentials"]
    result = _post(
        client, "/accounts/passkeys/confirm/finish", {"credential": authenticator.get_assertion(options), "purpose": "nda"}
    ).json()
    assert result["digest"] == digest
    confirmation = PasskeyConfirmation.objects.get()
    client_data = json.loads(bytes(confirmation.client_data_json))
    assert unb64url(client_data["challenge"])[16:] == bytes.fromhex(digest)
    assert confirmation.purpose == "nda"


def test_confirmation_refuses_someone_elses_passkey_and_bad_digests(cast: Cast) -> None:
    before = PasskeyConfirmation.objects.count()  # the cast signed their NDAs with passkeys
    mine, theirs = SoftAuthenticator(), SoftAuthenticator()
    _register(client_for(cast.delegate), mine)
    _register(client_for(cast.observer), theirs)
    client = client_for(cast.delegate)
    bad = _post(client, "/accounts/passkeys/confirm/begin", {"digest": "not-hex"})
    assert bad.status_code == 400
    assert "64 lower-case hex" in bad.json()["error"]
    options = _post(client, "/accounts/passkeys/confirm/begin", {"digest": "ab" * 32}).json()
    response = _post(client, "/accounts/passkeys/confirm/finish", {"credential": theirs.get_assertion(options)})
    assert response.status_code == 400
    assert PasskeyConfirmation.objects.count() == before


def test_malformed_credential_is_a_clear_error() -> None:
    user = make_user("ana@example.org")
    _register(client_for(user), SoftAuthenticator())
    client = Client()
    _post(client, "/accounts/passkeys/signin/begin")
    response = _post(client, "/accounts/passkeys/signin/finish", {"credential": {"id": 3}})
    assert response.status_code == 400
    assert "malformed" in response.json()["error"]
    not_json = client.post("/accounts/passkeys/signin/finish", b"{", content_type="application/json")
    assert not_json.status_code == 400
