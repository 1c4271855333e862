"""Signing keys and dual-track signatures: what is stored, and every refusal with nothing stored."""

from __future__ import annotations

import pytest

from incamera.accounts.models import PasskeyConfirmation
from incamera.kernel.errors import ConflictError, InvalidInputError, PasskeyError, TransitionError, VerificationError
from incamera.ledger import sequencer
from incamera.ledger.models import Event, LogEntry
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from incamera.signatures import actions
from incamera.signatures.bundle import Bundle, verify_bundle
from incamera.signatures.models import ResolutionSignature, SigningKey
from tests.conftest import Cast
from tests.signatures.helpers import BrowserKey, confirmed, eddsa_authenticator, registered

pytestmark = pytest.mark.django_db


def _key(user, algorithm: str = "Ed25519", authenticator=None):  # type: ignore[no-untyped-def]
    authenticator = registered(user, authenticator)
    browser = BrowserKey(algorithm)
    confirmation = confirmed(user, authenticator, browser.fingerprint, actions.KEY_PURPOSE)
    actions.do_register_signing_key(user, algorithm=algorithm, public_key=browser.spki_b64, confirmation_id=confirmation)
    return browser, authenticator


def _sign(resolution: Resolution, user, browser: BrowserKey, authenticator, *, digest: str | None = None):  # type: ignore[no-untyped-def]
    digest = digest or resolutions.digests_of(resolution).whole
    confirmation = confirmed(user, authenticator, digest, actions.SIGN_PURPOSE)
    return actions.do_sign_resolution(resolution, user, digest=digest, signature=browser.sign_b64(digest), confirmation_id=confirmation)


def _nothing_signed() -> None:
    assert not ResolutionSignature.objects.exists()
    assert not Event.objects.filter(type="resolution.signed").exists()


@pytest.mark.parametrize(("algorithm", "passkey"), [("Ed25519", "ES256"), ("ECDSA-P256-SHA256", "EdDSA")])
def test_both_signatures_are_stored_logged_and_bundled(cast: Cast, adopted: Resolution, algorithm: str, passkey: str) -> None:
    browser, authenticator = _key(cast.delegate, algorithm, eddsa_authenticator() if passkey == "EdDSA" else None)
    row = _sign(adopted, cast.delegate, browser, authenticator)
    assert (row.delegation, row.digest) == ("Delegate Delegation", resolutions.digests_of(adopted).whole)
    logged = LogEntry.objects.get(event__type="resolution.signed")
    assert algorithm.encode() in bytes(logged.data)
    assert row.digest.encode() not in bytes(logged.data)  # committed to, not in clear
    sequencer.sequence_pending()
    text = actions.bundle_of(adopted).to_json()
    verify_bundle(Bundle.from_json(text), texts={"en": resolutions.texts_of(adopted.versions.last())["en"]})  # type: ignore[arg-type]


def test_a_focal_point_signs_too_but_an_observer_or_organizer_does_not(cast: Cast, adopted: Resolution) -> None:
    browser, authenticator = _key(cast.focal_point)
    _sign(adopted, cast.focal_point, browser, authenticator)
    for user in (cast.observer, cast.organizer):
        browser, authenticator = _key(user)
        with pytest.raises(TransitionError, match="delegate or focal point"):
            _sign(adopted, user, browser, authenticator)
    assert ResolutionSignature.objects.count() == 1


def test_a_key_registered_without_a_matching_confirmation_is_refused(cast: Cast) -> None:
    authenticator = registered(cast.delegate)
    browser, other = BrowserKey(), BrowserKey()
    wrong_digest = confirmed(cast.delegate, authenticator, other.fingerprint, actions.KEY_PURPOSE)
    wrong_purpose = confirmed(cast.delegate, authenticator, browser.fingerprint, actions.SIGN_PURPOSE)
    someone_elses = confirmed(cast.focal_point, registered(cast.focal_point), browser.fingerprint, actions.KEY_PURPOSE)
    for confirmation, message in (
        (wrong_digest, "another digest"),
        (wrong_purpose, "something else"),
        (someone_elses, "your own"),
        (0, "your own"),
    ):
        with pytest.raises(PasskeyError, match=message):
            actions.do_register_signing_key(cast.delegate, algorithm="Ed25519", public_key=browser.spki_b64, confirmation_id=confirmation)
    with pytest.raises(InvalidInputError, match="public key"):
        actions.do_register_signing_key(
            cast.delegate, algorithm="ECDSA-P256-SHA256", public_key=browser.spki_b64, confirmation_id=wrong_digest
        )
    assert not SigningKey.objects.exists()
    assert not Event.objects.filter(type="signing_key.registered").exists()


def test_a_stale_confirmation_is_refused(cast: Cast) -> None:
    import datetime as dt

    authenticator = registered(cast.delegate)
    browser = BrowserKey()
    confirmation = confirmed(cast.delegate, authenticator, browser.fingerprint, actions.KEY_PURPOSE)
    PasskeyConfirmation.objects.filter(pk=confirmation).update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    with pytest.raises(PasskeyError, match="stale"):
        actions.do_register_signing_key(cast.delegate, algorithm="Ed25519", public_key=browser.spki_b64, confirmation_id=confirmation)
    assert not SigningKey.objects.exists()


def test_a_revoked_key_signs_nothing(cast: Cast, adopted: Resolution) -> None:
    browser, authenticator = _key(cast.delegate)
    key = actions.active_key_of(cast.delegate)
    assert key is not None
    actions.do_revoke_signing_key(cast.delegate, key.pk)
    with pytest.raises(TransitionError, match="revoked"):
        _sign(adopted, cast.delegate, browser, authenticator)
    with pytest.raises(TransitionError, match="already revoked"):
        actions.do_revoke_signing_key(cast.delegate, key.pk)
    _nothing_signed()


def test_only_one_active_key(cast: Cast) -> None:
    _key(cast.delegate)
    with pytest.raises(ConflictError, match="revoke it"):
        _key(cast.delegate)
    assert SigningKey.objects.count() == 1


def test_a_resolution_not_adopted_is_not_signed(cast: Cast, adopted: Resolution) -> None:
    Resolution.objects.filter(pk=adopted.pk).update(state="adopting")
    adopted.refresh_from_db()
    browser, authenticator = _key(cast.delegate)
    with pytest.raises(TransitionError, match="adopted"):
        _sign(adopted, cast.delegate, browser, authenticator)
    _nothing_signed()


def test_a_signature_over_an_outdated_version_is_refused(cast: Cast, adopted: Resolution) -> None:
    browser, authenticator = _key(cast.delegate)
    from incamera.resolutions import digests

    first_only = digests.whole_digest(str(adopted.uuid), adopted.title, resolutions.digests_of(adopted).versions[:1])
    with pytest.raises(ConflictError, match="outdated version"):
        _sign(adopted, cast.delegate, browser, authenticator, digest=first_only)
    _nothing_signed()


def test_a_webcrypto_signature_with_another_key_is_refused(cast: Cast, adopted: Resolution) -> None:
    _browser, authenticator = _key(cast.delegate)
    with pytest.raises(VerificationError, match="does not verify"):
        _sign(adopted, cast.delegate, BrowserKey(), authenticator)
    _nothing_signed()


def test_a_replayed_assertion_is_refused(cast: Cast, adopted: Resolution) -> None:
    browser, authenticator = _key(cast.delegate)
    digest = resolutions.digests_of(adopted).whole
    confirmation = confirmed(cast.delegate, authenticator, digest, actions.SIGN_PURPOSE)
    signature = browser.sign_b64(digest)
    actions.do_sign_resolution(adopted, cast.delegate, digest=digest, signature=signature, confirmation_id=confirmation)
    with pytest.raises(ConflictError, match="already signed"):
        actions.do_sign_resolution(adopted, cast.delegate, digest=digest, signature=signature, confirmation_id=confirmation)
    assert ResolutionSignature.objects.count() == 1
    # The same confirmation presented for another signer's signature: refused, it is not theirs.
    other_browser, _other = _key(cast.focal_point)
    with pytest.raises(PasskeyError, match="your own"):
        actions.do_sign_resolution(
            adopted, cast.focal_point, digest=digest, signature=other_browser.sign_b64(digest), confirmation_id=confirmation
        )
    assert ResolutionSignature.objects.count() == 1


def test_an_assertion_replayed_at_the_passkey_ceremony_is_refused(cast: Cast, adopted: Resolution) -> None:
    import json

    from incamera.accounts import passkeys
    from tests.signatures.helpers import RP

    _browser, authenticator = _key(cast.delegate)
    digest = resolutions.digests_of(adopted).whole
    challenge, options = passkeys.begin_authentication(RP, purpose="confirm", user=cast.delegate, digest=digest)
    credential = json.dumps(authenticator.get_assertion(options))
    passkeys.finish_authentication(challenge, credential, purpose="confirm", user=cast.delegate, confirm_purpose=actions.SIGN_PURPOSE)
    with pytest.raises(PasskeyError, match="replay"):
        passkeys.finish_authentication(challenge, credential, purpose="confirm", user=cast.delegate, confirm_purpose=actions.SIGN_PURPOSE)


def test_another_users_passkey_is_refused(cast: Cast, adopted: Resolution) -> None:
    import json

    from incamera.accounts import passkeys
    from tests.signatures.helpers import RP

    browser, _mine = _key(cast.delegate)
    theirs = registered(cast.focal_point)
    digest = resolutions.digests_of(adopted).whole
    challenge, options = passkeys.begin_authentication(RP, purpose="confirm", user=cast.delegate, digest=digest)
    with pytest.raises(PasskeyError, match="another account"):
        passkeys.finish_authentication(
            challenge,
            json.dumps(theirs.get_assertion(options)),
            purpose="confirm",
            user=cast.delegate,
            confirm_purpose=actions.SIGN_PURPOSE,
        )
    # and the focal point's own confirmation does not sign for the delegate
    confirmation = confirmed(cast.focal_point, theirs, digest, actions.SIGN_PURPOSE)
    with pytest.raises(PasskeyError, match="your own"):
        actions.do_sign_resolution(adopted, cast.delegate, digest=digest, signature=browser.sign_b64(digest), confirmation_id=confirmation)
    _nothing_signed()


def test_an_assertion_without_user_verification_is_refused(cast: Cast, adopted: Resolution) -> None:
    _browser, authenticator = _key(cast.delegate)
    authenticator.user_verified = False
    with pytest.raises(PasskeyError):
        confirmed(cast.delegate, authenticator, resolutions.digests_of(adopted).whole, actions.SIGN_PURPOSE)
    _nothing_signed()


def test_the_bundle_waits_for_the_log(cast: Cast, adopted: Resolution) -> None:
    from incamera.kernel.errors import NotFoundError

    with pytest.raises(NotFoundError, match="nobody"):
        actions.bundle_of(adopted)
    browser, authenticator = _key(cast.delegate)
    _sign(adopted, cast.delegate, browser, authenticator)
    with pytest.raises(NotFoundError, match="sequenced"):
        actions.bundle_of(adopted)
