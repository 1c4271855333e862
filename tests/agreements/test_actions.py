"""NDAs gate the meeting: signed with a passkey over the digest of the exact version and language."""

import json

import pytest
from django.test import Client

from incamera.agreements import actions as nda
from incamera.agreements.models import NdaSignature
from incamera.demo.softkey import SoftAuthenticator
from incamera.kernel.errors import PasskeyError
from incamera.ledger.models import LogEntry
from incamera.meetings import actions
from tests.conftest import Cast, client_for, make_user, sign_nda

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, body: dict[str, object]):  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(body), content_type="application/json")


def test_unsigned_participants_see_only_logistics_and_the_nda(cast: Cast) -> None:
    newcomer = make_user("new@example.org")
    actions.do_add_member(cast.meeting, newcomer, role="delegate", delegation="X", by=cast.organizer)
    client = client_for(newcomer)
    page = client.get(f"/meetings/{cast.meeting.pk}/").content.decode()
    assert cast.meeting.title in page
    assert "agenda item" not in page  # the agenda's summary
    assert client.get(f"/meetings/{cast.meeting.pk}/agenda/").status_code == 404
    assert "Read and sign the NDA" in page
    assert client.get(f"/meetings/{cast.meeting.pk}/nda/").status_code == 200
    from incamera.accounts.actions import do_create_api_token

    _row, token = do_create_api_token(newcomer, name="t", scopes=["meetings:read"])
    assert Client().get(f"/api/v1/meetings/{cast.meeting.pk}/agenda", headers={"authorization": f"Bearer {token}"}).status_code == 404
    sign_nda(newcomer, cast.meeting, language="zh")
    assert "Opening" in client_for(newcomer).get(f"/meetings/{cast.meeting.pk}/agenda/").content.decode()


def test_signing_through_the_page_with_a_passkey(cast: Cast) -> None:
    newcomer = make_user("new@example.org")
    actions.do_add_member(cast.meeting, newcomer, role="observer", delegation="X", by=cast.organizer)
    client = client_for(newcomer)
    authenticator = SoftAuthenticator()
    options = _post(client, "/accounts/passkeys/register/begin", {}).json()
    _post(client, "/accounts/passkeys/register/finish", {"credential": authenticator.register(options), "name": "k"})
    digest = nda.digest_of(nda.current_nda(cast.meeting), "fr")
    assert digest in client.get(f"/meetings/{cast.meeting.pk}/nda/?language=fr").content.decode()
    options = _post(client, "/accounts/passkeys/confirm/begin", {"digest": digest}).json()
    confirmed = _post(
        client, "/accounts/passkeys/confirm/finish", {"credential": authenticator.get_assertion(options), "purpose": "nda"}
    ).json()
    response = client.post(
        f"/meetings/{cast.meeting.pk}/nda/", {"language": "fr", "full_name": "Nadia Nouvelle", "confirmation": confirmed["confirmation"]}
    )
    assert response.status_code == 302
    signature = NdaSignature.objects.get(user=newcomer)
    assert (signature.language, signature.full_name, signature.digest) == ("fr", "Nadia Nouvelle", digest)
    assert LogEntry.objects.filter(event__type="nda.signed", event__actor=newcomer).exists()
    # The same confirmation cannot sign twice.
    again = client.post(
        f"/meetings/{cast.meeting.pk}/nda/", {"language": "fr", "full_name": "N", "confirmation": confirmed["confirmation"]}
    )
    assert again.status_code == 422


def _confirmed_in_english(user, cast: Cast):  # type: ignore[no-untyped-def]
    """A passkey registered for ``user``, then confirming the digest of the current English NDA."""
    from incamera.accounts import passkeys

    rp = passkeys.RelyingParty(id="testserver", origin="http://testserver")
    authenticator = SoftAuthenticator()
    challenge, options = passkeys.begin_registration(user, rp)
    passkeys.finish_registration(user, challenge, json.dumps(authenticator.register(options)), name="k")
    digest = nda.digest_of(nda.current_nda(cast.meeting), "en")
    challenge, options = passkeys.begin_authentication(rp, purpose="confirm", user=user, digest=digest)
    confirmed = passkeys.finish_authentication(
        challenge, json.dumps(authenticator.get_assertion(options)), purpose="confirm", user=user, confirm_purpose="nda"
    )
    assert confirmed.confirmation is not None
    return confirmed.confirmation


def test_a_confirmation_of_another_text_or_language_is_refused(cast: Cast) -> None:
    newcomer = make_user("new@example.org")
    actions.do_add_member(cast.meeting, newcomer, role="observer", by=cast.organizer)
    confirmation = _confirmed_in_english(newcomer, cast)
    with pytest.raises(PasskeyError, match="another text"):
        nda.do_sign_nda(cast.meeting, newcomer, language="ar", full_name="X", confirmation_id=confirmation.pk)


def test_a_new_version_must_be_signed_again(cast: Cast) -> None:
    assert nda.has_signed(cast.delegate, cast.meeting)
    current = nda.current_nda(cast.meeting)
    edited = {"en": current.texts["en"] + "\nAddendum: no photographs of the venue.\n"}
    version = nda.do_edit_nda(cast.meeting, edited, by=cast.organizer, unchanged_confirmed=["ar", "zh", "fr", "ru", "es"])
    assert version.version == 2
    assert not nda.has_signed(cast.delegate, cast.meeting)
    assert "Opening" not in client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/").content.decode()
    assert cast.delegate.display_name in nda.unsigned_members(cast.meeting)


def test_the_nda_checklist_item_ticks_itself(cast: Cast) -> None:
    from incamera.kernel.errors import InvalidInputError

    item = cast.meeting.checklist.get(key="ndas_signed")
    with pytest.raises(InvalidInputError, match="ticked by itself"):
        actions.do_set_checklist_item(item, done=True, by=cast.organizer)
    row = next(r for r in actions.checklist_of(cast.meeting) if r.key == "ndas_signed")
    assert row.automatic
    assert row.done  # the cast's delegate, observer and focal point signed


def test_a_confirmation_older_than_its_lifetime_is_refused_by_the_clock_given(cast: Cast) -> None:
    """The expiry check reads the injected clock: the same confirmation is fresh at +9 minutes and
    stale at +11 (CONFIRMATION_MAX_AGE is 10), and the signature is dated by that clock."""
    import datetime as dt

    from incamera.kernel.clock import FixedClock

    newcomer = make_user("late@example.org")
    actions.do_add_member(cast.meeting, newcomer, role="observer", by=cast.organizer)
    confirmation = _confirmed_in_english(newcomer, cast)
    at = confirmation.at
    stale = FixedClock(at + dt.timedelta(minutes=11))
    with pytest.raises(PasskeyError, match="stale"):
        nda.do_sign_nda(cast.meeting, newcomer, language="en", full_name="Late", confirmation_id=confirmation.pk, clock=stale)
    fresh = FixedClock(at + dt.timedelta(minutes=9))
    signature = nda.do_sign_nda(cast.meeting, newcomer, language="en", full_name="Late", confirmation_id=confirmation.pk, clock=fresh)
    assert signature.signed_at == fresh.now()


def test_a_signature_records_the_account_and_the_delegation_beside_the_typed_name(cast: Cast) -> None:
    """Issue 9, finding 11: signed in as one person, a participant typed another name; the PDF and
    the organizer's list showed only the typed name, and the delegation was blank."""
    import io

    from pypdf import PdfReader

    signer = make_user("lena@example.org", name="Lena Berg")
    actions.do_add_member(cast.meeting, signer, role="delegate", delegation="Norway", by=cast.organizer)
    confirmation = _confirmed_in_english(signer, cast)
    signature = nda.do_sign_nda(cast.meeting, signer, language="en", full_name="Someone Else", confirmation_id=confirmation.pk)
    assert (signature.full_name, signature.account_name, signature.delegation) == ("Someone Else", "Lena Berg", "Norway")
    assert signature.name_differs
    listing = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/nda/edit/").content.decode()
    assert "account: Lena Berg; the names differ" in listing
    pdf = client_for(signer).get(f"/meetings/{cast.meeting.pk}/nda/signed.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Account holder: Lena Berg" in text
    assert "Delegation: Norway" in text
    assert "differs from the account holder" in text
