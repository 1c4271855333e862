"""Account use cases: password sign-in with throttling, API tokens, passkey removal."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth import authenticate
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from incamera.accounts.models import ApiToken, Passkey, PasskeyConfirmation, User
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import AuthenticationError, ConflictError, InvalidInputError, PasskeyError
from incamera.kernel.text import clean_email, clean_name
from incamera.ledger.events import record_event

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = [
    "ADMIN_EDITABLE",
    "CONFIRMATION_MAX_AGE",
    "check_sign_in",
    "do_admin_change_account",
    "do_create_api_token",
    "do_delete_passkey",
    "do_revoke_api_token",
    "do_set_password",
    "fresh_confirmation",
    "token_digest",
    "user_for_api_token",
]

# How long a passkey confirmation stays good for the act it confirms (signing, voting, a key).
CONFIRMATION_MAX_AGE = dt.timedelta(minutes=10)
TOKEN_PREFIX = "inc_"  # noqa: S105 - a public prefix, not a secret


def check_sign_in(request: HttpRequest | None, *, email: str, password: str, client: str = "") -> User:
    """Authenticate with e-mail and password, through the one throttle (``accounts/throttle.py``,
    applied by the authentication backend to every password check).  Unknown addresses cost the
    same hashing time as known ones (Django's ModelBackend hashes anyway).  ``client`` is kept for
    callers; the backend reads the client from ``request`` and the trusted proxies.
    """
    try:
        email = clean_email(email)
    except InvalidInputError:
        email = email.strip().lower()
    user = authenticate(request, username=email, password=password)
    if user is None:
        raise AuthenticationError(_("the e-mail address or the password is not right"))
    with transaction.atomic():
        record_event("account.signed_in", actor=user, payload={"method": "password"})  # type: ignore[arg-type]
    return user  # type: ignore[return-value]


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def do_create_api_token(user: User, *, name: str, scopes: list[str]) -> tuple[ApiToken, str]:
    """Create a token; the clear token is returned once and never stored."""
    name = clean_name(name, field="name")
    unknown = sorted(set(scopes) - set(ApiToken.SCOPES))
    if unknown or not scopes:
        known = ", ".join(ApiToken.SCOPES)
        if unknown:
            msg = _("choose scopes among %(known)s (unknown: %(unknown)s)") % {"known": known, "unknown": ", ".join(unknown)}
        else:
            msg = _("choose scopes among %(known)s") % {"known": known}
        raise InvalidInputError(msg, field="scopes")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        row = ApiToken.objects.create(user=user, name=name, prefix=token[:12], digest=token_digest(token), scopes=sorted(set(scopes)))
        record_event("api_token.created", actor=user, payload={"token": row.pk, "scopes": row.scopes})
    return row, token


def do_revoke_api_token(token: ApiToken, *, by: User, clock: Clock = system_clock) -> None:
    with transaction.atomic():
        if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=clock.now()) != 1:
            raise ConflictError(_("this token is already revoked"))
        record_event("api_token.revoked", actor=by, payload={"token": token.pk})


def user_for_api_token(token: str, *, scope: str, clock: Clock = system_clock) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(digest=token_digest(token), revoked_at__isnull=True).first()
    if row is None or scope not in row.scopes or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=clock.now())
    return row.user


def do_delete_passkey(passkey: Passkey, *, by: User) -> None:
    with transaction.atomic():
        record_event("passkey.deleted", actor=by, payload={"passkey": passkey.pk})
        passkey.delete()


def do_set_password(user: User, password: str, *, reason: str) -> User:
    """Set a (validated) password; sessions elsewhere end because the hash changes."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event("account.password_set", actor=user, payload={"reason": reason})
    return user


# What a platform admin may change in an account.  Not the e-mail address: changing it and then
# resetting the password would take the account over (issue 9, finding 4).
ADMIN_EDITABLE = ("full_name", "is_active", "is_staff")


def do_admin_change_account(account: User, changes: dict[str, object], *, by: User) -> list[str]:
    """Apply a platform admin's changes to ``account``: recorded in the transparency log and mailed
    to the account's own address.  Returns the names of the fields that changed."""
    refused = sorted(set(changes) - set(ADMIN_EDITABLE))
    if refused:
        raise InvalidInputError(_("a platform administrator cannot change %(fields)s") % {"fields": ", ".join(refused)}, field=refused[0])
    changed = [name for name in ADMIN_EDITABLE if name in changes and getattr(account, name) != changes[name]]
    if not changed:
        return []
    if "full_name" in changed:
        changes["full_name"] = clean_name(str(changes["full_name"]), field="full_name")
    with transaction.atomic():
        for name in changed:
            setattr(account, name, changes[name])
        account.save(update_fields=changed)
        record_event("account.admin_changed", actor=by, payload={"account": account.pk, "fields": changed})
        context = {"admin": by.email, "fields": ", ".join(changed)}
        address = account.email

        def notify() -> None:
            EmailMessage(
                subject=render_to_string("accounts/email/admin_changed_subject.txt", context).strip(),
                body=render_to_string("accounts/email/admin_changed_body.txt", context),
                to=[address],
            ).send()

        transaction.on_commit(notify)
    return changed


def fresh_confirmation(user: User, confirmation_id: int, *, purpose: str, digest: str, clock: Clock) -> PasskeyConfirmation:
    """``user``'s own confirmation of ``digest`` for ``purpose``, made in the last ten minutes."""
    try:
        confirmation = PasskeyConfirmation.objects.select_related("passkey").get(pk=confirmation_id, user=user)
    except PasskeyConfirmation.DoesNotExist as exc:
        raise PasskeyError(_("confirm with your own passkey first")) from exc
    if confirmation.purpose != purpose:
        raise PasskeyError(_("the passkey confirmed something else; confirm again"))
    if confirmation.digest != digest:
        raise PasskeyError(_("the passkey confirmed another digest; confirm again"))
    if clock.now() - confirmation.at > CONFIRMATION_MAX_AGE:
        raise PasskeyError(_("the passkey confirmation is stale; confirm again"))
    if confirmation.passkey is None:
        raise PasskeyError(_("the passkey that confirmed this was removed; confirm again"))
    return confirmation
