"""Invitations bound to one identity (issue 2, §4).

The link in an invitation is a bearer secret, but not enough on its own: accepting it also takes a
one-time code that is mailed to the invited address, and the account that accepts must have that
address.  A forwarded link is therefore useless to anyone who cannot read the invitee's mail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incamera.accounts.models import User
from incamera.accounts.throttle import Counter, take_attempt
from incamera.i18n.errors import translated
from incamera.invitations.models import Credential, DelegationQuota, Invitation, InvitationStatus
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, InvitationError, NotFoundError, RowError, RowsInvalidError
from incamera.kernel.text import clean_email, clean_name
from incamera.ledger.events import record_event
from incamera.materials import keyring
from incamera.meetings.actions import calendar_of, check_record_open
from incamera.meetings.models import Meeting, Membership, Role
from incamera.tables import TableSpec, read_records

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "CODE_ATTEMPTS",
    "CREDENTIAL_MAX_BYTES",
    "DEFAULT_QUOTA",
    "InvitationRow",
    "NewAccount",
    "PlacesTaken",
    "check_invitation_file",
    "credential_content",
    "credentials_of",
    "do_accept_invitation",
    "do_approve_representative",
    "do_bulk_invite",
    "do_decline_invitation",
    "do_invite",
    "do_resend_invitation",
    "do_revoke_invitation",
    "do_send_invitation_code",
    "do_set_quota",
    "invitation_for_token",
    "invitation_table",
    "mask_email",
    "pending_rows",
    "places_taken",
    "quota_of",
    "quotas_for",
    "representatives_of",
    "used_places",
]

CODE_ATTEMPTS = 5
CODE_MINUTES = 15
CODE_SENDS = 3  # codes mailed for one invitation before each further one waits (accounts/throttle.py)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _code_digest(invitation_id: int, code: str) -> str:
    key = hashlib.sha256(f"incamera-invitation-code:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{invitation_id}:{code}".encode(), hashlib.sha256).hexdigest()


def mask_email(email: str) -> str:
    """``ana.lopez@example.org`` → ``a••••••••@example.org``: enough for the invitee to recognise."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(1, len(local) - 1)}@{domain}"


@dataclass(frozen=True)
class InvitationRow:
    email: str
    role: str = "delegate"
    full_name: str = ""
    delegation: str = ""


def _check_row(meeting: Meeting, row: InvitationRow) -> InvitationRow:
    email = clean_email(row.email)
    role = row.role.strip().lower().replace(" ", "_") or Role.DELEGATE.value
    if role not in Role.values:
        msg = _("'%(role)s' is not a role (expected one of %(known)s)") % {"role": row.role, "known": ", ".join(Role.values)}
        raise InvalidInputError(msg, field="role")
    full_name = clean_name(row.full_name, field="full_name", required=False)
    delegation = clean_name(row.delegation, field="delegation", required=False)
    if Membership.objects.filter(meeting=meeting, user__email=email).exists():
        raise ConflictError(_("%(email)s already takes part in this meeting") % {"email": email})
    if Invitation.objects.filter(meeting=meeting, email=email, status=InvitationStatus.PENDING).exists():
        raise ConflictError(_("%(email)s already has a pending invitation; resend it instead") % {"email": email})
    return InvitationRow(email=email, role=role, full_name=full_name, delegation=delegation)


def _create(meeting: Meeting, row: InvitationRow, *, by: User, clock: Clock) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    invitation = Invitation.objects.create(
        meeting=meeting,
        email=row.email,
        full_name=row.full_name,
        delegation=row.delegation,
        role=row.role,
        token_digest=_digest(token),
        invited_by=by,
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.INCAMERA_INVITATION_DAYS),
    )
    record_event("invitation.sent", actor=by, meeting=meeting, payload={"invitation": invitation.pk, "role": row.role})
    return invitation, token


def _mail_invitation(invitation: Invitation, token: str, *, base_url: str) -> None:
    meeting = invitation.meeting
    # The token goes in the fragment, which browsers never send: it reaches no access log.
    link = base_url.rstrip("/") + reverse("invitations:open") + "#" + token
    context = {"invitation": invitation, "meeting": meeting, "link": link, "days": settings.INCAMERA_INVITATION_DAYS}
    message = EmailMessage(
        subject=render_to_string("invitations/email/invitation_subject.txt", context).strip(),
        body=render_to_string("invitations/email/invitation_body.txt", context),
        to=[invitation.email],
    )
    message.attach(
        "invitation.ics",
        calendar_of(
            meeting, organizer_email=invitation.invited_by.email, attendee_email=invitation.email, url=link, sequence=invitation.sends - 1
        ),
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    message.send()


def do_invite(meeting: Meeting, row: InvitationRow, *, by: User, base_url: str, clock: Clock = system_clock) -> Invitation:
    """Invite one person.  The mail goes out after the transaction commits."""
    clean = _check_row(meeting, row)
    try:
        with transaction.atomic():
            check_record_open(meeting)
            invitation, token = _create(meeting, clean, by=by, clock=clock)
            transaction.on_commit(lambda: _mail_invitation(invitation, token, base_url=base_url))
    except IntegrityError as exc:  # a concurrent request invited the same address first
        msg = _("%(email)s already has a pending invitation; resend it instead") % {"email": clean.email}
        raise ConflictError(msg) from exc
    return invitation


def invitation_table() -> TableSpec:
    """The columns of an invitation file, and its caps: the operator's INCAMERA_CSV_MAX_BYTES and
    INCAMERA_CSV_MAX_ROWS, read when a file comes in.
    """
    return TableSpec(
        required=("email",),
        optional=("role", "full_name", "delegation"),
        max_bytes=settings.INCAMERA_CSV_MAX_BYTES,
        max_rows=settings.INCAMERA_CSV_MAX_ROWS,
    )


def check_invitation_file(meeting: Meeting, data: bytes) -> list[InvitationRow]:
    """Parse and validate every row of a CSV or XLSX file of invitations; raise RowsInvalidError
    listing every bad row (line numbers as a spreadsheet shows them), or return the clean rows.
    """
    rows: list[InvitationRow] = []
    errors: list[RowError] = []
    records = read_records(data, invitation_table(), gettext=_, errors=errors)
    seen: dict[str, int] = {}
    for line, record in records:
        try:
            clean = _check_row(meeting, InvitationRow(**record))
        except InvalidInputError as exc:
            errors.append(RowError(line, exc.field or "row", translated(exc)))
            continue
        except ConflictError as exc:
            errors.append(RowError(line, "email", exc.message))
            continue
        if clean.email in seen:
            again = {"email": clean.email, "line": seen[clean.email]}
            errors.append(RowError(line, "email", _("%(email)s also appears on line %(line)d") % again))
            continue
        seen[clean.email] = line
        rows.append(clean)
    if errors:
        raise RowsInvalidError(errors)
    if not rows:
        raise InvalidInputError(_("the file has a header but no invitations"), field="file")
    return rows


def do_bulk_invite(meeting: Meeting, data: bytes, *, by: User, base_url: str, clock: Clock = system_clock) -> list[Invitation]:
    """All rows or none: every row is validated first, then all are written in one transaction."""
    rows = check_invitation_file(meeting, data)
    sent: list[tuple[Invitation, str]] = []
    try:
        with transaction.atomic():
            check_record_open(meeting)
            sent.extend(_create(meeting, row, by=by, clock=clock) for row in rows)
            record_event("invitation.bulk_imported", actor=by, meeting=meeting, payload={"count": len(rows)})

            def mail_all() -> None:
                for invitation, token in sent:
                    _mail_invitation(invitation, token, base_url=base_url)

            transaction.on_commit(mail_all)
    except IntegrityError as exc:
        raise ConflictError(_("another invitation to one of these addresses was sent meanwhile; nothing was imported")) from exc
    return [invitation for invitation, _token in sent]


def do_revoke_invitation(invitation: Invitation, *, by: User) -> Invitation:
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(status=InvitationStatus.REVOKED)
        if updated != 1:
            msg = _("the invitation is %(status)s, not pending; it cannot be revoked") % {"status": invitation.get_status_display().lower()}
            raise ConflictError(msg)
        record_event("invitation.revoked", actor=by, meeting=invitation.meeting, payload={"invitation": invitation.pk})
    invitation.refresh_from_db()
    return invitation


def do_resend_invitation(invitation: Invitation, *, by: User, base_url: str, clock: Clock = system_clock) -> Invitation:
    """Send a fresh link with a fresh expiry; the previous link stops working."""
    token = secrets.token_urlsafe(32)
    now = clock.now()
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
            token_digest=_digest(token),
            expires_at=now + dt.timedelta(days=settings.INCAMERA_INVITATION_DAYS),
            sends=invitation.sends + 1,
            code_digest="",
            code_expires_at=None,
            code_attempts=0,
        )
        if updated != 1:
            msg = _("the invitation is %(status)s, not pending; invite again instead") % {"status": invitation.get_status_display().lower()}
            raise ConflictError(msg)
        invitation.refresh_from_db()
        record_event("invitation.resent", actor=by, meeting=invitation.meeting, payload={"invitation": invitation.pk})
        transaction.on_commit(lambda: _mail_invitation(invitation, token, base_url=base_url))
    return invitation


# --- the invitee's side ------------------------------------------------------------------------


def invitation_for_token(token: str, *, clock: Clock = system_clock) -> Invitation:
    """The pending, unexpired invitation behind ``token``; raise NotFoundError or InvitationError
    with a reason the invitee can act on.
    """
    try:
        invitation = Invitation.objects.select_related("meeting", "invited_by").get(token_digest=_digest(token))
    except Invitation.DoesNotExist as exc:
        raise NotFoundError(_("this invitation link is not valid; check that you copied all of it, or ask for a new one")) from exc
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvitationError(_("this invitation has already been used; sign in to reach the meeting"), reason="used")
    if invitation.status == InvitationStatus.DECLINED:
        raise InvitationError(_("this invitation was declined; ask the organizer for a new one"), reason="declined")
    if invitation.status == InvitationStatus.REVOKED:
        raise InvitationError(_("the organizer withdrew this invitation"), reason="revoked")
    if invitation.expires_at <= clock.now():
        when = invitation.expires_at.strftime("%Y-%m-%d %H:%M UTC")
        raise InvitationError(_("this invitation expired on %(when)s; ask the organizer to resend it") % {"when": when}, reason="expired")
    return invitation


def _check_identity(invitation: Invitation, user: User | None) -> None:
    if user is not None and user.email.lower() != invitation.email.lower():
        msg = _("this invitation is for %(invited)s, and you are signed in as %(current)s; it cannot be used by another account") % {
            "invited": mask_email(invitation.email),
            "current": user.email,
        }
        raise InvitationError(msg, reason="wrong_identity")


def do_send_invitation_code(token: str, *, user: User | None, clock: Clock = system_clock) -> Invitation:
    """Mail a one-time code to the invited address (never elsewhere)."""
    invitation = invitation_for_token(token, clock=clock)
    _check_identity(invitation, user)
    # Sends are throttled, and a new code keeps the attempts already spent (a resend used to
    # reset them: five guesses per send, sends unlimited).
    take_attempt([Counter("invitation:code-send", str(invitation.pk), free=CODE_SENDS)], clock=clock)
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        Invitation.objects.filter(pk=invitation.pk).update(
            code_digest=_code_digest(invitation.pk, code),
            code_expires_at=clock.now() + dt.timedelta(minutes=CODE_MINUTES),
        )
        context = {"code": code, "minutes": CODE_MINUTES, "meeting": invitation.meeting}

        def mail() -> None:
            EmailMessage(
                subject=render_to_string("invitations/email/code_subject.txt", context).strip(),
                body=render_to_string("invitations/email/code_body.txt", context),
                to=[invitation.email],
            ).send()

        transaction.on_commit(mail)
    return invitation


def _check_code(invitation: Invitation, code: str, *, clock: Clock) -> None:
    if not invitation.code_digest or invitation.code_expires_at is None:
        raise InvitationError(_("first ask for a code; it will be sent to the invited address"), reason="no_code")
    if invitation.code_attempts >= CODE_ATTEMPTS:
        msg = ngettext(
            "the code was entered wrongly %(count)d time; ask for a new code",
            "the code was entered wrongly %(count)d times; ask for a new code",
            CODE_ATTEMPTS,
        )
        raise InvitationError(msg % {"count": CODE_ATTEMPTS}, reason="too_many_attempts")
    if invitation.code_expires_at <= clock.now():
        msg = ngettext(
            "the code is older than %(minutes)d minute; ask for a new code",
            "the code is older than %(minutes)d minutes; ask for a new code",
            CODE_MINUTES,
        )
        raise InvitationError(msg % {"minutes": CODE_MINUTES}, reason="expired_code")
    if not hmac.compare_digest(invitation.code_digest, _code_digest(invitation.pk, code.strip())):
        # The failed attempt is counted even though the caller's transaction is rolled back.
        with transaction.atomic():
            Invitation.objects.filter(pk=invitation.pk).update(code_attempts=invitation.code_attempts + 1)
        left = CODE_ATTEMPTS - invitation.code_attempts - 1
        msg = ngettext("the code is not right; %(left)d attempt left", "the code is not right; %(left)d attempts left", left)
        raise InvitationError(msg % {"left": left}, reason="bad_code")


@dataclass(frozen=True)
class NewAccount:
    full_name: str
    password: str


def do_accept_invitation(
    token: str,
    *,
    code: str,
    user: User | None,
    new_account: NewAccount | None = None,
    clock: Clock = system_clock,
) -> tuple[Invitation, User]:
    """Accept: the code must match, and the account must be the invited address's, existing
    (signed in) or created now.  Single use: a second acceptance finds the invitation used.
    """
    invitation = invitation_for_token(token, clock=clock)
    _check_identity(invitation, user)
    _check_code(invitation, code, clock=clock)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            msg = _("an account for %(email)s exists; sign in first, then open the link again") % {"email": mask_email(invitation.email)}
            raise InvitationError(msg, reason="needs_sign_in")
        if new_account is None:
            raise InvalidInputError(_("choose a password to create your account"), field="password")
        full_name = clean_name(new_account.full_name, field="full_name")
        try:
            validate_password(new_account.password, User(email=invitation.email, full_name=full_name))
        except DjangoValidationError as exc:
            raise InvalidInputError(" ".join(exc.messages), field="password") from exc
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.ACCEPTED, answered_at=clock.now(), code_digest=""
        )
        if claimed != 1:
            raise InvitationError(_("this invitation has already been used"), reason="used")
        if user is None:
            assert new_account is not None
            user = User.objects.create_user(invitation.email, new_account.password, full_name=clean_name(new_account.full_name))
            record_event("account.created", actor=user, payload={"via": "invitation"})
        Invitation.objects.filter(pk=invitation.pk).update(answered_by=user)
        Membership.objects.update_or_create(
            meeting=invitation.meeting, user=user, defaults={"role": invitation.role, "delegation": invitation.delegation}
        )
        record_event(
            "invitation.accepted", actor=user, meeting=invitation.meeting, payload={"invitation": invitation.pk, "role": invitation.role}
        )
    invitation.refresh_from_db()
    return invitation, user


def do_decline_invitation(token: str, *, code: str, user: User | None, clock: Clock = system_clock) -> Invitation:
    invitation = invitation_for_token(token, clock=clock)
    _check_identity(invitation, user)
    _check_code(invitation, code, clock=clock)
    with transaction.atomic():
        claimed = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.PENDING).update(
            status=InvitationStatus.DECLINED, answered_at=clock.now(), answered_by=user, code_digest=""
        )
        if claimed != 1:
            raise InvitationError(_("this invitation has already been answered"), reason="used")
        record_event("invitation.declined", actor=user, meeting=invitation.meeting, payload={"invitation": invitation.pk})
    invitation.refresh_from_db()
    return invitation


def pending_rows(invitations: Iterable[Invitation]) -> list[list[str]]:
    """Rows for the CSV export of a meeting's invitations."""
    return [[i.email, i.role, i.full_name, i.delegation, i.status, i.expires_at.isoformat()] for i in invitations]


CREDENTIAL_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_QUOTA = 3


def quotas_for(meeting: Meeting) -> list[tuple[str, int]]:
    """Each focal point's delegation in the meeting with its quota (the default when unset)."""
    delegations = sorted({d for d in meeting.memberships.filter(role=Role.FOCAL_POINT).values_list("delegation", flat=True) if d})
    quotas = dict(DelegationQuota.objects.filter(meeting=meeting).values_list("delegation", "quota"))
    return [(d, quotas.get(d, DEFAULT_QUOTA)) for d in delegations]


def quota_of(focal: Membership) -> int:
    row = DelegationQuota.objects.filter(meeting=focal.meeting, delegation=focal.delegation).first()
    return row.quota if row else DEFAULT_QUOTA


def _taking_part(focal: Membership) -> QuerySet[Membership]:
    return focal.meeting.memberships.filter(delegation=focal.delegation, role__in=[Role.DELEGATE, Role.OBSERVER])


def _pending(focal: Membership) -> QuerySet[Invitation]:
    return Invitation.objects.filter(meeting=focal.meeting, delegation=focal.delegation, status=InvitationStatus.PENDING)


def used_places(focal: Membership) -> int:
    """Representatives taking part or invited (pending), the focal point not counted."""
    return _taking_part(focal).count() + _pending(focal).count()


@dataclass(frozen=True)
class PlacesTaken:
    """What holds the places of a focal point's delegation: the places ``used_places`` counts."""

    taking_part: list[Membership]  # delegates and observers of the delegation, however they joined
    pending: list[Invitation]  # invitations to the delegation not yet answered

    def __len__(self) -> int:
        return len(self.taking_part) + len(self.pending)


def places_taken(focal: Membership) -> PlacesTaken:
    return PlacesTaken(
        taking_part=list(_taking_part(focal).select_related("user").order_by("pk")),
        pending=list(_pending(focal).order_by("created_at")),
    )


def _check_credential(filename: str, data: bytes) -> None:
    if not data:
        raise InvalidInputError(_("attach the credential (a PDF, such as a note verbale)"), field="credential")
    if len(data) > CREDENTIAL_MAX_BYTES:
        raise InvalidInputError(
            _("the credential is %(size)s bytes; at most %(limit)s are accepted")
            % {"size": f"{len(data):,}", "limit": f"{CREDENTIAL_MAX_BYTES:,}"},
            field="credential",
        )
    if not data.startswith(b"%PDF-"):
        raise InvalidInputError(
            _("%(name)s is not a PDF file (its content does not start like one)") % {"name": filename[:80]}, field="credential"
        )


def do_approve_representative(
    focal: Membership, *, email: str, full_name: str, filename: str, credential: bytes, base_url: str
) -> Invitation:
    """Invite a representative of the focal point's delegation, within the quota."""
    if focal.role != Role.FOCAL_POINT or not focal.delegation:
        raise InvalidInputError(_("only a delegation's focal point can approve its representatives"), field="role")
    _check_credential(filename, credential)
    with transaction.atomic():
        check_record_open(focal.meeting)
        # Lock the focal point's row so two approvals at once cannot both take the last place.
        Membership.objects.select_for_update().get(pk=focal.pk)
        quota, used = quota_of(focal), used_places(focal)
        if used >= quota:
            raise ConflictError(
                _("%(delegation)s has used all %(quota)d places; ask the organizers to raise the quota")
                % {"delegation": focal.delegation, "quota": quota}
            )
        row = InvitationRow(email=email, role=Role.DELEGATE.value, full_name=full_name, delegation=focal.delegation)
        invitation = do_invite(focal.meeting, row, by=focal.user, base_url=base_url)
        Credential.objects.create(
            meeting=focal.meeting,
            invitation=invitation,
            uploaded_by=focal.user,
            filename=filename[:200],
            data=keyring.seal(focal.meeting, credential, label=_credential_label(invitation.pk)),
            encrypted=True,
        )
        record_event(
            "focal_point.approved",
            actor=focal.user,
            meeting=focal.meeting,
            payload={"invitation": invitation.pk, "delegation": focal.delegation},
        )
    return invitation


def do_set_quota(meeting: Meeting, *, delegation: str, quota: int, by: User) -> DelegationQuota:
    if not 0 <= quota <= 100:
        raise InvalidInputError(_("the quota must be between 0 and 100"), field="quota")
    with transaction.atomic():
        check_record_open(meeting)
        row, _created = DelegationQuota.objects.update_or_create(meeting=meeting, delegation=delegation, defaults={"quota": quota})
        record_event("focal_point.quota_set", actor=by, meeting=meeting, payload={"delegation": delegation, "quota": quota})
    return row


def representatives_of(focal: Membership) -> QuerySet[Invitation]:
    """The invitations a focal point's delegation has had, newest first."""
    return Invitation.objects.filter(meeting_id=focal.meeting_id, delegation=focal.delegation).order_by("-created_at")


def _credential_label(invitation_id: int) -> str:
    return f"credential for invitation {invitation_id}"


def credential_content(credential: Credential) -> bytes:
    """The credential's PDF: decrypted under the meeting key (ConflictError once shredded)."""
    if not credential.encrypted:  # stored in clear by a release before 0.2
        if not credential.data:
            raise ConflictError(_("this credential was shredded with the meeting's materials"))
        return bytes(credential.data)
    return keyring.open_sealed(credential.meeting, bytes(credential.data), label=_credential_label(credential.invitation_id))


def credentials_of(meeting: Meeting) -> QuerySet[Credential]:
    """The meeting's credentials, newest first, with what the organizers' page shows."""
    return Credential.objects.filter(meeting=meeting).select_related("invitation", "uploaded_by").order_by("-uploaded_at")
