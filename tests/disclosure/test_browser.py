"""A custodian submits their share in Chromium: the page's script (custody.js) confirms the
share's SHA-256 with the virtual authenticator's passkey before the form is sent."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from incamera.disclosure import actions
from incamera.disclosure.models import Item, ItemState, RecordCustodian
from tests.browser.test_flows import Tab
from tests.conftest import Cast
from tests.disclosure.test_quorum import SECRET, Custodians, _grant
from tests.signatures.conftest import base_url, browser, open_tab

__all__ = ["base_url", "browser", "open_tab"]
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_two_custodians_open_the_sealed_record_from_the_page(open_tab: Callable[[], Tab], cast: Cast) -> None:
    organizer = cast.organizer
    custodians = Custodians(cast, passkeys=False)
    meeting = custodians.meeting
    actions.do_propose_items(meeting, by=organizer)
    actions.do_create_quorum(meeting, k=2, seats=custodians.seats(), by=organizer)
    note = Item.objects.get(meeting=meeting, kind="note", title="Note 1")
    actions.do_approve_item(note, by=organizer)
    _grant(cast, meeting)
    url = f"/meetings/{meeting.pk}/disclosure/quorum/"
    for position in (0, 2):
        tab = open_tab()
        tab.sign_in_with_new_passkey(custodians.users[position].email)
        tab.goto(url)
        tab.page.get_by_label("Your opened share").fill(custodians.opened_share(position) + "\n")
        tab.page.get_by_role("button", name="Confirm with passkey and submit").click()
        expect(tab.page.get_by_text("Your share is accepted")).to_be_visible()
    assert RecordCustodian.objects.filter(submitted_at__isnull=False).count() == 2
    note.refresh_from_db()
    assert note.state == ItemState.RELEASED
    assert note.content == f"Minister Wang: {SECRET}"
