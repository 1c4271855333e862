"""Passkey ceremonies (W3C WebAuthn Level 3) verified with py_webauthn.

Every ceremony uses a single-use, server-stored challenge that expires after five minutes.
``used_at`` is claimed with a conditional UPDATE, so the same assertion presented twice (a replay)
fails the second time, as does one presented after expiry (stale).  User verification is required
for every ceremony.

The "confirm with passkey" step binds what is being confirmed into the challenge itself:
challenge = 16 random bytes ‖ SHA-256 digest of the thing.  The authenticator signs
clientDataJSON, which contains the challenge, so the stored assertion proves that this person, with
user verification, approved exactly that digest.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any

import webauthn
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from webauthn.helpers import parse_authentication_credential_json
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidJSONStructure, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from incamera.accounts.models import Passkey, PasskeyChallenge, PasskeyConfirmation, User
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import InvalidInputError, PasskeyError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event

__all__ = [
    "CHALLENGE_SECONDS",
    "RelyingParty",
    "begin_authentication",
    "begin_registration",
    "finish_authentication",
    "finish_registration",
]

CHALLENGE_SECONDS = 300


@dataclass(frozen=True)
class RelyingParty:
    id: str  # the host name, e.g. "localhost"
    origin: str  # e.g. "http://localhost:8000"
    name: str = "incamera"


def _new_challenge(purpose: str, rp: RelyingParty, *, user: User | None, digest: str = "", clock: Clock) -> PasskeyChallenge:
    raw = secrets.token_bytes(16)
    if digest:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise InvalidInputError(_("expected a hex SHA-256 digest (64 lower-case hex digits)"), field="digest")
        raw += bytes.fromhex(digest)
    else:
        raw += secrets.token_bytes(16)
    return PasskeyChallenge.objects.create(
        purpose=purpose,
        user=user,
        challenge=raw,
        digest=digest,
        rp_id=rp.id,
        origin=rp.origin,
        expires_at=clock.now() + dt.timedelta(seconds=CHALLENGE_SECONDS),
    )


def _claim(challenge_id: int, purpose: str, *, clock: Clock) -> PasskeyChallenge:
    """Mark the challenge used, exactly once; refuse a replayed or stale one."""
    now = clock.now()
    try:
        challenge = PasskeyChallenge.objects.get(pk=challenge_id, purpose=purpose)
    except PasskeyChallenge.DoesNotExist as exc:
        raise PasskeyError(_("no passkey request is pending; start again")) from exc
    if challenge.expires_at <= now:
        minutes = CHALLENGE_SECONDS // 60
        msg = ngettext(
            "the passkey request is older than %(minutes)d minute; start again",
            "the passkey request is older than %(minutes)d minutes; start again",
            minutes,
        )
        raise PasskeyError(msg % {"minutes": minutes})
    claimed = PasskeyChallenge.objects.filter(pk=challenge.pk, used_at__isnull=True).update(used_at=now)
    if claimed != 1:
        raise PasskeyError(_("this passkey response was already used (a replay); start again"))
    return challenge


def begin_registration(user: User, rp: RelyingParty, *, clock: Clock = system_clock) -> tuple[int, dict[str, Any]]:
    challenge = _new_challenge("register", rp, user=user, clock=clock)
    options = webauthn.generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_name=user.email,
        user_id=f"incamera-user-{user.pk}".encode(),
        user_display_name=user.display_name,
        challenge=bytes(challenge.challenge),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in user.passkeys.all()],
    )
    return challenge.pk, json.loads(webauthn.options_to_json(options))


def finish_registration(user: User, challenge_id: int, credential: str, *, name: str, clock: Clock = system_clock) -> Passkey:
    name = clean_name(name or "Passkey", field="name")
    with transaction.atomic():
        challenge = _claim(challenge_id, "register", clock=clock)
        if challenge.user_id != user.pk:
            raise PasskeyError(_("this passkey request was started by another account"))
        try:
            verified = webauthn.verify_registration_response(
                credential=credential,
                expected_challenge=bytes(challenge.challenge),
                expected_rp_id=challenge.rp_id,
                expected_origin=challenge.origin,
                require_user_verification=True,
            )
        except (InvalidRegistrationResponse, InvalidJSONStructure, ValueError, KeyError) as exc:
            raise PasskeyError(_("the passkey could not be registered: %(problem)s") % {"problem": exc}) from exc
        if Passkey.objects.filter(credential_id=verified.credential_id).exists():
            raise PasskeyError(_("this passkey is already registered"))
        passkey = Passkey.objects.create(
            user=user,
            name=name,
            credential_id=verified.credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            rp_id=challenge.rp_id,
        )
        record_event("passkey.registered", actor=user, payload={"passkey": passkey.pk})
    return passkey


def begin_authentication(
    rp: RelyingParty, *, purpose: str, user: User | None = None, digest: str = "", clock: Clock = system_clock
) -> tuple[int, dict[str, Any]]:
    """Start a sign-in (``user`` None: any discoverable passkey) or a confirmation of ``digest``."""
    if purpose == "confirm" and (user is None or not digest):
        raise InvalidInputError(_("a confirmation needs a signed-in person and a digest"), field="digest")
    challenge = _new_challenge("signin" if purpose == "signin" else "confirm", rp, user=user, digest=digest, clock=clock)
    allow = [PublicKeyCredentialDescriptor(id=bytes(p.credential_id)) for p in user.passkeys.all()] if user else []
    options = webauthn.generate_authentication_options(
        rp_id=rp.id,
        challenge=bytes(challenge.challenge),
        allow_credentials=allow,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return challenge.pk, json.loads(webauthn.options_to_json(options))


@dataclass(frozen=True)
class Assertion:
    user: User
    passkey: Passkey
    confirmation: PasskeyConfirmation | None


def finish_authentication(
    challenge_id: int,
    credential: str,
    *,
    purpose: str,
    user: User | None = None,
    confirm_purpose: str = "",
    clock: Clock = system_clock,
) -> Assertion:
    """Verify an assertion.  For ``purpose="confirm"`` the passkey must be ``user``'s, and a
    PasskeyConfirmation row keeps the evidence.
    """
    kind = "signin" if purpose == "signin" else "confirm"
    try:
        parsed = parse_authentication_credential_json(credential)
    except (InvalidJSONStructure, ValueError, KeyError, TypeError) as exc:
        raise PasskeyError(_("the passkey response is malformed: %(problem)s") % {"problem": exc}) from exc
    with transaction.atomic():
        challenge = _claim(challenge_id, kind, clock=clock)
        try:
            passkey = Passkey.objects.select_for_update().select_related("user").get(credential_id=parsed.raw_id)
        except Passkey.DoesNotExist as exc:
            raise PasskeyError(_("this passkey is not registered here")) from exc
        if kind == "confirm" and (user is None or passkey.user_id != user.pk or challenge.user_id != user.pk):
            raise PasskeyError(_("this passkey belongs to another account"))
        if not passkey.user.is_active:
            raise PasskeyError(_("this account is disabled"))
        try:
            verified = webauthn.verify_authentication_response(
                credential=parsed,
                expected_challenge=bytes(challenge.challenge),
                expected_rp_id=challenge.rp_id,
                expected_origin=challenge.origin,
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
                require_user_verification=True,
            )
        except InvalidAuthenticationResponse as exc:
            raise PasskeyError(_("the passkey response was refused: %(problem)s") % {"problem": exc}) from exc
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = clock.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
        confirmation = None
        if kind == "confirm":
            confirmation = PasskeyConfirmation.objects.create(
                user=passkey.user,
                passkey=passkey,
                purpose=confirm_purpose or "confirm",
                digest=challenge.digest,
                at=clock.now(),
                client_data_json=parsed.response.client_data_json,
                authenticator_data=parsed.response.authenticator_data,
                signature=parsed.response.signature,
            )
            record_event("passkey.confirmed", actor=passkey.user, payload={"purpose": confirmation.purpose, "digest": challenge.digest})
        else:
            record_event("account.signed_in", actor=passkey.user, payload={"method": "passkey"})
    return Assertion(user=passkey.user, passkey=passkey, confirmation=confirmation)
