"""Bridge tokens checked by PyJWT as the bridge's peer would (lib-jitsi-meet doc/tokens.md), and
the digest a participant confirms.  Pure: no database."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from incamera.kernel.errors import ConfigurationError
from incamera.room import tokens

SECRET = "a bridge secret of at least thirty-two bytes"
NOW = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)  # in the past: PyJWT reads the wall clock
KEY = b"room names key"
ALICE = tokens.BridgeUser(id="incamera-user-7", name="Alice Ambassador", email="alice@example.org")


def bridge(**changes: str) -> tokens.Bridge:
    fields = {"url": "https://meet.example.org", "app_id": "incamera", "secret": SECRET, **changes}
    return tokens.Bridge(room_key=KEY, **fields)


def decode(token: str, *, at: dt.datetime = NOW, key: str = SECRET, audience: str = "jitsi", algorithm: str = "HS256") -> dict:
    # PyJWT checks exp and nbf against the wall clock; the leeway brings ``at`` to now.
    leeway = dt.datetime.now(dt.UTC) - at
    return jwt.decode(
        token,
        key,
        algorithms=[algorithm],
        audience=audience,
        issuer="incamera",
        leeway=max(dt.timedelta(0), leeway),
        options={"require": ["exp", "nbf", "iss", "aud", "sub", "room"]},
    )


def test_a_token_carries_the_claims_jitsi_reads_and_verifies_with_the_app_secret() -> None:
    issued = tokens.issue_token(bridge(), meeting_id=12, user=ALICE, now=NOW)
    claims = decode(issued.token, at=NOW + dt.timedelta(seconds=10))
    assert claims["iss"] == "incamera"
    assert claims["aud"] == "jitsi"
    assert claims["sub"] == "meet.example.org"
    assert claims["room"] == tokens.room_name(KEY, 12) == issued.room
    assert claims["nbf"] == int(NOW.timestamp())
    assert claims["exp"] == int((NOW + tokens.TOKEN_LIFETIME).timestamp()) == int(issued.expires_at.timestamp())
    assert claims["context"] == {"user": {"id": "incamera-user-7", "name": "Alice Ambassador", "email": "alice@example.org"}}
    assert jwt.get_unverified_header(issued.token)["alg"] == "HS256"
    assert issued.url == f"https://meet.example.org/{issued.room}?jwt={issued.token}"


def test_every_context_field_is_a_string_and_an_absent_email_is_left_out() -> None:
    issued = tokens.issue_token(bridge(), meeting_id=12, user=tokens.BridgeUser(id="incamera-user-8", name="Bo"), now=NOW)
    user = decode(issued.token, at=NOW)["context"]["user"]
    assert user == {"id": "incamera-user-8", "name": "Bo"}


def test_another_secret_an_expired_token_a_future_token_and_another_audience_are_refused() -> None:
    issued = tokens.issue_token(bridge(), meeting_id=12, user=ALICE, now=NOW)
    with pytest.raises(jwt.InvalidSignatureError):
        decode(issued.token, key="another secret of at least thirty-two bytes!")
    with pytest.raises(jwt.ExpiredSignatureError):
        decode(issued.token, at=NOW + tokens.TOKEN_LIFETIME + dt.timedelta(seconds=1))
    future = tokens.issue_token(bridge(), meeting_id=12, user=ALICE, now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2))
    with pytest.raises(jwt.ImmatureSignatureError):
        decode(future.token, at=dt.datetime.now(dt.UTC))
    with pytest.raises(jwt.InvalidAudienceError):
        decode(issued.token, audience="another-service")


def test_the_audience_is_configurable() -> None:
    issued = tokens.issue_token(bridge(audience="meet.example.org"), meeting_id=12, user=ALICE, now=NOW)
    assert decode(issued.token, audience="meet.example.org")["aud"] == "meet.example.org"


def test_a_token_for_meeting_a_names_a_room_and_never_meeting_bs() -> None:
    room_a = tokens.issue_token(bridge(), meeting_id=1, user=ALICE, now=NOW)
    claims = decode(room_a.token)
    assert claims["room"] == tokens.room_name(KEY, 1)
    assert claims["room"] != tokens.room_name(KEY, 2)
    assert tokens.room_name(KEY, 2) not in room_a.url


def test_room_names_are_unguessable_and_stable() -> None:
    names = {tokens.room_name(KEY, meeting) for meeting in range(1, 200)}
    assert len(names) == 199
    name = tokens.room_name(KEY, 12)
    assert name == tokens.room_name(KEY, 12)
    assert len(name) == 26
    assert name.isalnum()
    assert name.islower()
    assert tokens.room_name(b"another key", 12) != name


def test_a_tenant_bridge_names_the_tenant_as_subject() -> None:
    issued = tokens.issue_token(bridge(url="https://Meet.Example.org/Ministry"), meeting_id=3, user=ALICE, now=NOW)
    assert decode(issued.token)["sub"] == "ministry"
    assert issued.url.startswith("https://Meet.Example.org/Ministry/")


def test_rs256_tokens_carry_the_key_id_and_verify_with_the_public_key() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    public = private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    issued = tokens.issue_token(bridge(secret="", private_key=pem, kid="incamera/room-key"), meeting_id=5, user=ALICE, now=NOW)
    assert jwt.get_unverified_header(issued.token)["kid"] == "incamera/room-key"
    assert decode(issued.token, key=public, algorithm="RS256")["room"] == tokens.room_name(KEY, 5)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"url": "http://meet.example.org"}, "https://"),
        ({"url": "https://meet.example.org/?room=x"}, "https://host"),
        ({"app_id": ""}, "INCAMERA_BRIDGE_APP_ID"),
        ({"secret": ""}, "INCAMERA_BRIDGE_SECRET"),
        ({"secret": "too short"}, "at least 32 bytes"),
    ],
)
def test_a_bridge_that_cannot_work_is_refused_with_what_to_set(changes: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigurationError, match=says.replace("?", r"\?")):
        bridge(**changes)


def test_the_confirmed_digest_binds_person_meeting_and_request() -> None:
    nonce = "0" * 32
    digest = tokens.confirmation_digest(meeting_id=1, user_id=2, nonce=nonce)
    assert len(digest) == 64
    assert digest != tokens.confirmation_digest(meeting_id=3, user_id=2, nonce=nonce)
    assert digest != tokens.confirmation_digest(meeting_id=1, user_id=3, nonce=nonce)
    assert digest != tokens.confirmation_digest(meeting_id=1, user_id=2, nonce="1" * 32)
    # "1|23" and "12|3" are different requests.
    assert tokens.confirmation_digest(meeting_id=1, user_id=23, nonce=nonce) != tokens.confirmation_digest(
        meeting_id=12, user_id=3, nonce=nonce
    )
    for bad in ("", "0" * 31, "G" * 32, "0" * 33):
        with pytest.raises(ValueError, match="32 lower-case hex digits"):
            tokens.confirmation_digest(meeting_id=1, user_id=2, nonce=bad)
