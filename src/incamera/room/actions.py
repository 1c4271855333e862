"""Use cases of the virtual closed room: ask to enter, enter with a passkey confirmation (a bridge
token), confirm again when the chair asks, leave; the chair's request; who is in the room.

A confirmation opens the room only if it was made, with user verification, by this person, for
this meeting and this request (its digest is ``tokens.confirmation_digest``), for the purpose
"room", less than two minutes ago, and was never spent before (``RoomConfirmation.confirmation`` is
unique).  The room is open only while the meeting is in session.  A refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils.translation import gettext as _

from incamera.accounts.models import PasskeyConfirmation, User
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConfigurationError, ConflictError, PasskeyError
from incamera.ledger.events import record_event
from incamera.meetings.lifecycle import State
from incamera.meetings.models import Meeting, Membership
from incamera.room import tokens
from incamera.room.models import ReconfirmRequest, RoomConfirmation, RoomVisit

__all__ = [
    "CONFIRMATION_MAX_AGE",
    "CONFIRM_PURPOSE",
    "Presence",
    "RoomRequest",
    "RoomStatus",
    "check_room_open",
    "configured_bridge",
    "do_join_room",
    "do_leave_room",
    "do_reconfirm_presence",
    "do_require_reconfirmation",
    "latest_reconfirm_request",
    "new_room_request",
    "room_presence",
    "room_status",
]

CONFIRMATION_MAX_AGE = dt.timedelta(minutes=2)
CONFIRM_PURPOSE = "room"  # PasskeyConfirmation.purpose of a confirmation made to enter a room


def configured_bridge() -> tokens.Bridge | None:
    """The bridge the settings describe, or None when ``INCAMERA_BRIDGE_URL`` is not set.  Raises
    ConfigurationError when it is set but the rest does not make a usable bridge."""
    url = settings.INCAMERA_BRIDGE_URL
    if not url:
        return None
    private_key = ""
    if settings.INCAMERA_BRIDGE_KEY_FILE and not settings.INCAMERA_BRIDGE_SECRET:
        try:
            private_key = Path(settings.INCAMERA_BRIDGE_KEY_FILE).read_text()
        except OSError as exc:
            msg = f"the bridge key file {settings.INCAMERA_BRIDGE_KEY_FILE} cannot be read: {exc.strerror}"
            raise ConfigurationError(msg) from exc
    # Room names are derived under a key of this installation, separate from the bridge's secret
    # (which may be rotated, or absent with RS256): rooms keep their names.
    room_key = hmac.new(settings.SECRET_KEY.encode(), b"incamera bridge room names", hashlib.sha256).digest()
    return tokens.Bridge(
        url=url,
        app_id=settings.INCAMERA_BRIDGE_APP_ID,
        room_key=room_key,
        secret=settings.INCAMERA_BRIDGE_SECRET,
        private_key=private_key,
        kid=settings.INCAMERA_BRIDGE_KID,
        audience=settings.INCAMERA_BRIDGE_AUDIENCE,
    )


def _bridge() -> tokens.Bridge:
    bridge = configured_bridge()
    if bridge is None:
        raise ConfigurationError(_("no video bridge is configured (INCAMERA_BRIDGE_URL); see the operations guide"))
    return bridge


def check_room_open(meeting: Meeting) -> None:
    """Refuse unless the meeting is in session: the room is open only then."""
    if meeting.state != State.IN_SESSION:
        raise ConflictError(_("the virtual room is open only while the meeting is in session (it is %(state)s)") % {"state": meeting.state})


@dataclass(frozen=True)
class RoomRequest:
    """What the browser asks the passkey to confirm: ``digest`` of this person, meeting and nonce."""

    nonce: str
    digest: str


def new_room_request(meeting: Meeting, user: User) -> RoomRequest:
    """A fresh request to enter (or to stay in) ``meeting``'s room.  Nothing is stored: the nonce
    comes back with the confirmation, and the digest is checked then."""
    check_room_open(meeting)
    nonce = secrets.token_hex(16)
    return RoomRequest(nonce=nonce, digest=tokens.confirmation_digest(meeting_id=meeting.pk, user_id=user.pk, nonce=nonce))


def _check_confirmation(meeting: Meeting, user: User, *, confirmation_id: int, nonce: str, clock: Clock) -> PasskeyConfirmation:
    try:
        expected = tokens.confirmation_digest(meeting_id=meeting.pk, user_id=user.pk, nonce=nonce)
    except ValueError as exc:
        raise PasskeyError(_("the room request is malformed; start again")) from exc
    confirmation = PasskeyConfirmation.objects.filter(pk=confirmation_id, user=user).first()
    if confirmation is None:
        raise PasskeyError(_("confirm with your passkey first"))
    if confirmation.purpose != CONFIRM_PURPOSE:
        raise PasskeyError(_("this passkey confirmation was made for something else; confirm again to enter the room"))
    if not hmac.compare_digest(confirmation.digest, expected):
        raise PasskeyError(_("this passkey confirmation was made for another room or another request; confirm again"))
    age = clock.now() - confirmation.at
    if age > CONFIRMATION_MAX_AGE:
        minutes = int(CONFIRMATION_MAX_AGE.total_seconds() // 60)
        raise PasskeyError(
            _("the passkey confirmation is %(age)d seconds old, older than %(minutes)d minutes; confirm again")
            % {"age": int(age.total_seconds()), "minutes": minutes}
        )
    if RoomConfirmation.objects.filter(confirmation=confirmation).exists():
        raise ConflictError(_("this passkey confirmation was already used (a replay); confirm again"))
    return confirmation


def _spend(meeting: Meeting, user: User, confirmation: PasskeyConfirmation, kind: str, *, clock: Clock) -> RoomConfirmation:
    """Record the confirmation as spent (inside the caller's transaction)."""
    try:
        with transaction.atomic():
            spent = RoomConfirmation.objects.create(meeting=meeting, user=user, kind=kind, confirmation=confirmation, at=clock.now())
    except IntegrityError as exc:  # spent concurrently
        raise ConflictError(_("this passkey confirmation was already used (a replay); confirm again")) from exc
    record_event("room.confirmed", actor=user, meeting=meeting, payload={"kind": kind, "confirmation": confirmation.pk}, clock=clock)
    return spent


def do_join_room(meeting: Meeting, user: User, *, confirmation_id: int, nonce: str, clock: Clock = system_clock) -> tokens.IssuedToken:
    """Spend a fresh room confirmation on a bridge token for ``meeting``'s room, valid a few minutes."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check_room_open(meeting)
        bridge = _bridge()
        confirmation = _check_confirmation(meeting, user, confirmation_id=confirmation_id, nonce=nonce, clock=clock)
        spent = _spend(meeting, user, confirmation, RoomConfirmation.Kind.JOIN, clock=clock)
        issued = tokens.issue_token(
            bridge,
            meeting_id=meeting.pk,
            user=tokens.BridgeUser(id=f"incamera-user-{user.pk}", name=user.display_name, email=user.email),
            now=clock.now(),
        )
        visit = RoomVisit.objects.create(
            meeting=meeting, user=user, confirmation=spent, joined_at=clock.now(), token_expires_at=issued.expires_at
        )
        # Never the token nor the room name: the visit and when the token expires.
        record_event(
            "room.joined",
            actor=user,
            meeting=meeting,
            payload={"visit": visit.pk, "token_expires_at": issued.expires_at.isoformat()},
            clock=clock,
        )
    return issued


def do_reconfirm_presence(
    meeting: Meeting, user: User, *, confirmation_id: int, nonce: str, clock: Clock = system_clock
) -> RoomConfirmation:
    """Spend a fresh room confirmation on answering the chair: the badge turns "verified"."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check_room_open(meeting)
        confirmation = _check_confirmation(meeting, user, confirmation_id=confirmation_id, nonce=nonce, clock=clock)
        return _spend(meeting, user, confirmation, RoomConfirmation.Kind.RECONFIRM, clock=clock)


def do_leave_room(meeting: Meeting, user: User, *, clock: Clock = system_clock) -> RoomVisit:
    """Close ``user``'s open visit, as their page reports it."""
    with transaction.atomic():
        visit = RoomVisit.objects.select_for_update().filter(meeting=meeting, user=user).order_by("-joined_at", "-pk").first()
        if visit is None or visit.left_at is not None:
            raise ConflictError(_("you are not in the virtual room"))
        visit.left_at = clock.now()
        visit.save(update_fields=["left_at"])
        record_event("room.left", actor=user, meeting=meeting, payload={"visit": visit.pk}, clock=clock)
    return visit


def do_require_reconfirmation(meeting: Meeting, *, by: User, clock: Clock = system_clock) -> ReconfirmRequest:
    """The chair asks everyone in the room to confirm again with a passkey, from now on."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        check_room_open(meeting)
        request = ReconfirmRequest.objects.create(meeting=meeting, by=by, at=clock.now())
        record_event("room.reconfirmation_required", actor=by, meeting=meeting, payload={"request": request.pk}, clock=clock)
    return request


def latest_reconfirm_request(meeting: Meeting) -> ReconfirmRequest | None:
    return ReconfirmRequest.objects.filter(meeting=meeting).select_related("by").order_by("-at", "-pk").first()


@dataclass(frozen=True)
class RoomStatus:
    """One participant's standing in the room (what ``status.json`` answers)."""

    in_room: bool  # joined, and no leave reported since
    verified: bool  # confirmed with a passkey in this room since the chair's latest request
    reconfirm_required: bool  # in the room, and not verified since the chair's latest request
    confirmed_at: dt.datetime | None


def _verified(confirmed_at: dt.datetime | None, requested_at: dt.datetime | None) -> bool:
    return confirmed_at is not None and (requested_at is None or confirmed_at > requested_at)


def room_status(meeting: Meeting, user: User) -> RoomStatus:
    confirmed_at = RoomConfirmation.objects.filter(meeting=meeting, user=user).aggregate(at=Max("at"))["at"]
    requested_at = ReconfirmRequest.objects.filter(meeting=meeting).aggregate(at=Max("at"))["at"]
    visit = RoomVisit.objects.filter(meeting=meeting, user=user).order_by("-joined_at", "-pk").values_list("left_at", flat=True)[:1]
    in_room = bool(visit) and visit[0] is None
    verified = _verified(confirmed_at, requested_at)
    in_session = meeting.state == State.IN_SESSION
    return RoomStatus(
        in_room=in_room, verified=verified, reconfirm_required=in_session and in_room and not verified, confirmed_at=confirmed_at
    )


@dataclass(frozen=True)
class Presence:
    """Someone in the room, as the chair sees them."""

    name: str
    delegation: str
    joined_at: dt.datetime
    confirmed_at: dt.datetime | None
    verified: bool


def room_presence(meeting: Meeting) -> list[Presence]:
    """Who is in the room: each person's latest visit, if no leave was reported, with their badge."""
    latest = RoomVisit.objects.filter(meeting=meeting, user=OuterRef("user")).order_by("-joined_at", "-pk").values("pk")[:1]
    visits = RoomVisit.objects.filter(meeting=meeting, pk=Subquery(latest), left_at__isnull=True).select_related("user")
    confirmed = dict(RoomConfirmation.objects.filter(meeting=meeting).values("user").annotate(at=Max("at")).values_list("user", "at"))
    delegations = dict(Membership.objects.filter(meeting=meeting).values_list("user_id", "delegation"))
    requested_at = ReconfirmRequest.objects.filter(meeting=meeting).aggregate(at=Max("at"))["at"]
    rows = [
        Presence(
            name=visit.user.display_name,
            delegation=delegations.get(visit.user_id, ""),
            joined_at=visit.joined_at,
            confirmed_at=confirmed.get(visit.user_id),
            verified=_verified(confirmed.get(visit.user_id), requested_at),
        )
        for visit in visits
    ]
    return sorted(rows, key=lambda row: (row.verified, row.name.casefold()))
