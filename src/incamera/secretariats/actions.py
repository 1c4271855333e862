"""Secretariat use cases: create one, grant and revoke a role; every change is an event."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from incamera.accounts.models import User
from incamera.kernel.errors import ConflictError, InvalidInputError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.secretariats.models import Secretariat, SecretariatMember, SecretariatRole

__all__ = [
    "DEFAULT_NAME",
    "default_secretariat",
    "do_create_secretariat",
    "do_grant_role",
    "do_revoke_role",
    "secretariat_named",
]

# The secretariat that a release before 0.2's data moved into (migrations), and the demo's.
DEFAULT_NAME = "Secretariat"


def default_secretariat() -> Secretariat:
    secretariat, _created = Secretariat.objects.get_or_create(name=DEFAULT_NAME)
    return secretariat


def secretariat_named(name: str) -> Secretariat:
    try:
        return Secretariat.objects.get(name=" ".join(name.split()))
    except Secretariat.DoesNotExist as exc:
        raise InvalidInputError(_("there is no secretariat named %(name)s") % {"name": name}, field="secretariat") from exc


def do_create_secretariat(name: str, *, by: User | None) -> Secretariat:
    name = clean_name(name, field="name")
    try:
        with transaction.atomic():
            secretariat = Secretariat.objects.create(name=name)  # the unique name decides, also between two at once
            record_event("secretariat.created", actor=by, payload={"secretariat": secretariat.pk})
    except IntegrityError as exc:
        raise ConflictError(_("a secretariat named %(name)s exists already") % {"name": name}) from exc
    return secretariat


def _role(role: str) -> SecretariatRole:
    if role not in SecretariatRole.values:
        msg = _("'%(role)s' is not a secretariat role (expected one of %(known)s)") % {
            "role": role,
            "known": ", ".join(SecretariatRole.values),
        }
        raise InvalidInputError(msg, field="role")
    return SecretariatRole(role)


def do_grant_role(secretariat: Secretariat, user: User, role: str, *, by: User | None) -> SecretariatMember:
    """Give ``user`` ``role`` in ``secretariat`` (granting it twice changes nothing)."""
    chosen = _role(role)
    with transaction.atomic():
        member, created = SecretariatMember.objects.get_or_create(secretariat=secretariat, user=user, role=chosen.value)
        user.__dict__.pop("_incamera_secretariat_roles", None)  # the access layer's cache of this user's roles
        if created:
            record_event(
                "secretariat.role_granted", actor=by, payload={"secretariat": secretariat.pk, "user": user.pk, "role": chosen.value}
            )
    return member


def do_revoke_role(secretariat: Secretariat, user: User, role: str, *, by: User | None) -> None:
    chosen = _role(role)
    with transaction.atomic():
        deleted, _rows = SecretariatMember.objects.filter(secretariat=secretariat, user=user, role=chosen.value).delete()
        user.__dict__.pop("_incamera_secretariat_roles", None)
        if not deleted:
            raise ConflictError(
                _("%(user)s is not %(role)s of %(secretariat)s") % {"user": user.email, "role": chosen.label, "secretariat": secretariat}
            )
        record_event("secretariat.role_revoked", actor=by, payload={"secretariat": secretariat.pk, "user": user.pk, "role": chosen.value})
