"""Signing keys and passkeys for a user, the real way through ``accounts/passkeys.py``."""

from __future__ import annotations

import json
from typing import Any

from incamera.accounts.passkeys import RelyingParty, begin_authentication, begin_registration, finish_authentication, finish_registration
from incamera.demo.softkey import SoftAuthenticator
from tests.signatures.synthetic import BrowserKey, eddsa_authenticator

__all__ = ["RP", "BrowserKey", "confirmed", "eddsa_authenticator", "registered"]

RP = RelyingParty(id="testserver", origin="http://testserver")


def registered(user: Any, authenticator: SoftAuthenticator | None = None) -> SoftAuthenticator:
    """A passkey registered for ``user`` the real way (py_webauthn verifies the attestation)."""
    authenticator = authenticator or SoftAuthenticator()
    challenge, options = begin_registration(user, RP)
    finish_registration(user, challenge, json.dumps(authenticator.register(options)), name="test passkey")
    return authenticator


def confirmed(user: Any, authenticator: SoftAuthenticator, digest: str, purpose: str) -> int:
    """The id of ``user``'s passkey confirmation of ``digest`` for ``purpose``."""
    challenge, options = begin_authentication(RP, purpose="confirm", user=user, digest=digest)
    assertion = finish_authentication(
        challenge, json.dumps(authenticator.get_assertion(options)), purpose="confirm", user=user, confirm_purpose=purpose
    )
    assert assertion.confirmation is not None
    return assertion.confirmation.pk
