"""Tokens for a Jitsi Meet video bridge, and the digest a participant confirms to get one.

The token follows lib-jitsi-meet ``doc/tokens.md`` ("Token structure"): a JWT (RFC 7519) whose
claims are ``iss`` (the application ID), ``aud`` (the consuming service, "jitsi" by default),
``sub`` (the lowercase tenant of a TENANT/ROOM bridge, else the lowercase domain), ``room`` (the
bare room name, never "*"), ``nbf`` and ``exp``, and ``context.user`` (display information, every
field a string).  It is signed HS256 with the shared application secret (RFC 7518 §3.2), or RS256
with a private key whose public half the bridge fetches by the ``kid`` header (§3.3).

Room names are derived, never chosen: HMAC-SHA-256 of the meeting's id under a key of the
installation, so a name tells nothing about the meeting and cannot be guessed from its id.

Pure: imports neither Django nor any app.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import jwt

from incamera.kernel.errors import ConfigurationError

__all__ = [
    "MIN_SECRET_BYTES",
    "TOKEN_LIFETIME",
    "Bridge",
    "BridgeUser",
    "IssuedToken",
    "confirmation_digest",
    "confirmation_text",
    "issue_token",
    "room_name",
]

TOKEN_LIFETIME = dt.timedelta(minutes=5)  # time enough to open the link; the bridge checks it when joining
MIN_SECRET_BYTES = 32  # RFC 7518 §3.2: an HS256 key at least as long as the hash
_NONCE = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Bridge:
    """A configured bridge.  ``secret`` signs HS256; ``private_key`` (PEM) with ``kid``, RS256."""

    url: str  # e.g. https://meet.example.org, or https://meet.example.org/tenant
    app_id: str
    room_key: bytes  # derives room names (room_name)
    secret: str = ""
    private_key: str = ""
    kid: str = ""
    audience: str = "jitsi"

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme != "https" and parts.hostname not in {"localhost", "127.0.0.1"}:
            msg = f"the bridge URL must start with https:// (found {self.url!r})"
            raise ConfigurationError(msg)
        if not parts.hostname or parts.query or parts.fragment:
            msg = f"the bridge URL must be https://host or https://host/tenant (found {self.url!r})"
            raise ConfigurationError(msg)
        if not self.app_id:
            msg = "the bridge needs an application ID (INCAMERA_BRIDGE_APP_ID)"
            raise ConfigurationError(msg)
        if not self.secret and not (self.private_key and self.kid):
            msg = "the bridge needs a secret (INCAMERA_BRIDGE_SECRET), or a key file with its key ID (INCAMERA_BRIDGE_KEY_FILE, INCAMERA_BRIDGE_KID)"
            raise ConfigurationError(msg)
        if self.secret and len(self.secret.encode()) < MIN_SECRET_BYTES:
            msg = (
                f"the bridge secret must be at least {MIN_SECRET_BYTES} bytes for HS256 (RFC 7518 §3.2); found {len(self.secret.encode())}"
            )
            raise ConfigurationError(msg)

    @property
    def algorithm(self) -> str:
        return "HS256" if self.secret else "RS256"

    @property
    def subject(self) -> str:
        """The tenant (the URL's path) in lower case, or else the bridge's domain."""
        parts = urlsplit(self.url)
        tenant = parts.path.strip("/")
        return (tenant or parts.hostname or "").lower()

    def room_url(self, room: str, token: str) -> str:
        return f"{self.url.rstrip('/')}/{quote(room)}?jwt={token}"


@dataclass(frozen=True)
class BridgeUser:
    """Who the token introduces to the bridge (``context.user``)."""

    id: str
    name: str
    email: str = ""


@dataclass(frozen=True)
class IssuedToken:
    room: str
    token: str
    url: str  # the bridge's page for the room, the token in its query
    not_before: dt.datetime
    expires_at: dt.datetime


def room_name(room_key: bytes, meeting_id: int) -> str:
    """The bridge room of a meeting: 26 lower-case letters and digits (128 bits of HMAC-SHA-256)."""
    mac = hmac.new(room_key, f"incamera room|v1|{meeting_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac[:16]).decode().rstrip("=").lower()


def confirmation_text(*, meeting_id: int, user_id: int, nonce: str) -> str:
    """What a participant confirms with a passkey to enter a meeting's room: this person, this
    meeting, this request (``nonce``: 32 lower-case hex digits, fresh for each request)."""
    if not _NONCE.fullmatch(nonce):
        msg = f"expected a nonce of 32 lower-case hex digits, found {len(nonce)} characters"
        raise ValueError(msg)
    return f"room-join|{meeting_id}|{user_id}|{nonce}"


def confirmation_digest(*, meeting_id: int, user_id: int, nonce: str) -> str:
    """Hex SHA-256 of :func:`confirmation_text`: the digest bound into the passkey challenge."""
    return hashlib.sha256(confirmation_text(meeting_id=meeting_id, user_id=user_id, nonce=nonce).encode()).hexdigest()


def issue_token(
    bridge: Bridge, *, meeting_id: int, user: BridgeUser, now: dt.datetime, lifetime: dt.timedelta = TOKEN_LIFETIME
) -> IssuedToken:
    """A token for ``user`` to enter meeting ``meeting_id``'s room only, valid from ``now`` for ``lifetime``."""
    room = room_name(bridge.room_key, meeting_id)
    expires_at = now + lifetime
    person: dict[str, str] = {"id": user.id, "name": user.name}
    if user.email:
        person["email"] = user.email
    claims: dict[str, Any] = {
        "iss": bridge.app_id,
        "aud": bridge.audience,
        "sub": bridge.subject,
        "room": room,
        "nbf": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "context": {"user": person},
    }
    if bridge.secret:
        token = jwt.encode(claims, bridge.secret, algorithm="HS256")
    else:
        token = jwt.encode(claims, bridge.private_key, algorithm="RS256", headers={"kid": bridge.kid})
    return IssuedToken(room=room, token=token, url=bridge.room_url(room, token), not_before=now, expires_at=expires_at)
