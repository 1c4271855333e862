"""Signing in Chromium: a real WebCrypto Ed25519 key, non-extractable in IndexedDB, and
Chromium's virtual authenticator; the server's bundle then verifies."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from incamera.ledger.sequencer import sequence_pending
from incamera.meetings import actions as meetings
from incamera.resolutions import actions as resolutions
from incamera.resolutions.models import Resolution
from incamera.signatures import actions
from incamera.signatures.bundle import Bundle, verify_bundle
from incamera.signatures.models import ResolutionSignature, SigningKey
from tests.browser.test_flows import Tab
from tests.conftest import make_meeting, make_user, sign_nda

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_delegate_makes_a_key_in_the_browser_and_signs_an_adopted_resolution(open_tab: Callable[[], Tab]) -> None:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer, title="Signing meeting")
    delegate = make_user("delegate@example.org", name="Dina Delegate")
    meetings.do_add_member(meeting, delegate, role="delegate", delegation="Morocco", by=organizer)
    sign_nda(delegate, meeting)
    resolution = resolutions.do_create_resolution(
        meeting,
        title="On traceability",
        texts={"en": "The registry is shared.", "ar": "السجل مشترك."},
        legal_character="decision",
        by=organizer,
    )
    Resolution.objects.filter(pk=resolution.pk).update(state="adopted")

    tab = open_tab()
    page = tab.page
    tab.sign_in_with_new_passkey(delegate.email)

    tab.goto("/accounts/signing-key/")
    page.get_by_role("button", name="Make and register my signing key").click()
    expect(page.locator("[data-signing-holder]")).to_have_text("This browser holds the private key.")
    key = SigningKey.objects.get(user=delegate)
    assert key.algorithm == "Ed25519"  # Chromium's WebCrypto has Ed25519
    # Non-extractable: the page's script cannot export the private key it stored.
    exported = page.evaluate(
        """async () => {
          const db = await new Promise((ok) => { const r = indexedDB.open("incamera-signing", 1); r.onsuccess = () => ok(r.result); });
          const record = await new Promise((ok) => { const r = db.transaction("keys").objectStore("keys").getAll(); r.onsuccess = () => ok(r.result[0]); });
          try { await crypto.subtle.exportKey("pkcs8", record.privateKey); return "exported"; } catch (e) { return e.name; }
        }"""
    )
    assert exported == "InvalidAccessError"

    tab.goto(f"/meetings/{meeting.pk}/resolutions/{resolution.pk}/sign/")
    expect(page.locator("[data-signing-holder]")).to_have_text("This browser holds your signing key.")
    page.get_by_role("button", name="Sign this resolution").click()
    expect(page.get_by_text("You signed on")).to_be_visible()
    expect(page.get_by_role("table", name="Who signed, with which key")).to_contain_text("Morocco")
    signature = ResolutionSignature.objects.get(user=delegate)
    assert signature.digest == resolutions.digests_of(resolution).whole
    assert signature.rp_id == "localhost"

    sequence_pending()
    bundle = Bundle.from_json(actions.bundle_of(resolution).to_json())
    verify_bundle(bundle, texts={"ar": "السجل مشترك."})
    # The bundle downloads from the page too.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signature bundle (JSON)").click()
    verify_bundle(Bundle.from_json(download.value.path().read_bytes()))
