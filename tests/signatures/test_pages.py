"""The pages and their JSON endpoints, through the web client with a software passkey."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from incamera.demo.softkey import SoftAuthenticator
from incamera.ledger import sequencer
from incamera.resolutions.actions import digests_of
from incamera.resolutions.models import Resolution
from incamera.signatures.bundle import Bundle, verify_bundle
from incamera.signatures.models import ResolutionSignature, SigningKey
from tests.conftest import Cast, client_for
from tests.signatures.helpers import BrowserKey

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


def _confirm(client: Client, authenticator: SoftAuthenticator, digest: str, purpose: str) -> int:
    options = _post(client, "/accounts/passkeys/confirm/begin", {"digest": digest}).json()
    answer = _post(client, "/accounts/passkeys/confirm/finish", {"credential": authenticator.get_assertion(options), "purpose": purpose})
    return int(answer.json()["confirmation"])


def _with_passkey(client: Client) -> SoftAuthenticator:
    authenticator = SoftAuthenticator()
    options = _post(client, "/accounts/passkeys/register/begin", {}).json()
    _post(client, "/accounts/passkeys/register/finish", {"credential": authenticator.register(options), "name": "k"})
    return authenticator


def test_register_sign_and_download_through_the_pages(cast: Cast, adopted: Resolution) -> None:
    client = client_for(cast.delegate)
    page = client.get("/accounts/signing-key/").content.decode()
    assert "Make and register my signing key" in page
    authenticator, browser = _with_passkey(client), BrowserKey()
    refused = _post(client, "/accounts/signing-key/register", {"algorithm": "Ed25519", "public_key": browser.spki_b64, "confirmation": 0})
    assert refused.status_code == 422
    assert "passkey" in refused.json()["error"]
    assert not SigningKey.objects.exists()
    confirmation = _confirm(client, authenticator, browser.fingerprint, "signing-key")
    body = {"algorithm": "Ed25519", "public_key": browser.spki_b64, "confirmation": confirmation}
    assert _post(client, "/accounts/signing-key/register", body).json()["fingerprint"] == browser.fingerprint
    assert browser.fingerprint in client.get("/accounts/signing-key/").content.decode()

    base = f"/meetings/{cast.meeting.pk}/resolutions/{adopted.pk}"
    digest = digests_of(adopted).whole
    page = client.get(f"{base}/sign/").content.decode()
    assert digest in page
    assert "Nobody has signed this resolution yet." in page
    assert "data-signing-sign" in page
    confirmation = _confirm(client, authenticator, digest, "resolution")
    signed = _post(client, f"{base}/sign/submit", {"digest": digest, "signature": browser.sign_b64(digest), "confirmation": confirmation})
    assert signed.json() == {"ok": True}
    again = _post(client, f"{base}/sign/submit", {"digest": digest, "signature": browser.sign_b64(digest), "confirmation": confirmation})
    assert again.status_code == 409
    page = client.get(f"{base}/sign/").content.decode()
    assert "You signed on" in page
    assert "Delegate Delegation" in page
    assert client.get(f"{base}/bundle.json").status_code == 404  # not in the log yet
    sequencer.sequence_pending()
    observer = client_for(cast.observer).get(f"{base}/bundle.json")
    assert observer["Content-Disposition"].startswith("attachment")
    verify_bundle(Bundle.from_json(observer.content))


def test_an_observer_sees_the_panel_but_does_not_sign(cast: Cast, adopted: Resolution) -> None:
    client = client_for(cast.observer)
    base = f"/meetings/{cast.meeting.pk}/resolutions/{adopted.pk}"
    assert "your role in this meeting does not" in client.get(f"{base}/sign/").content.decode()
    refused = _post(client, f"{base}/sign/submit", {"digest": digests_of(adopted).whole, "signature": "", "confirmation": 1})
    assert refused.status_code == 409
    assert not ResolutionSignature.objects.exists()


def test_a_revoked_key_is_shown_and_refuses_to_sign(cast: Cast, adopted: Resolution) -> None:
    client = client_for(cast.delegate)
    authenticator, browser = _with_passkey(client), BrowserKey("ECDSA-P256-SHA256")
    confirmation = _confirm(client, authenticator, browser.fingerprint, "signing-key")
    key = _post(
        client,
        "/accounts/signing-key/register",
        {"algorithm": "ECDSA-P256-SHA256", "public_key": browser.spki_b64, "confirmation": confirmation},
    ).json()
    assert client_for(cast.focal_point).post(f"/accounts/signing-key/{key['key']}/revoke").status_code == 404
    client.post(f"/accounts/signing-key/{key['key']}/revoke")
    assert "Revoked keys" in client.get("/accounts/signing-key/").content.decode()
    digest = digests_of(adopted).whole
    confirmation = _confirm(client, authenticator, digest, "resolution")
    base = f"/meetings/{cast.meeting.pk}/resolutions/{adopted.pk}"
    refused = _post(client, f"{base}/sign/submit", {"digest": digest, "signature": browser.sign_b64(digest), "confirmation": confirmation})
    assert refused.status_code == 409
    assert "revoked" in refused.json()["error"]
    assert not ResolutionSignature.objects.exists()
