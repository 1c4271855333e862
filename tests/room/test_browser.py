"""The room in Chromium: a delegate enters with the browser's own passkey, the chair asks for a
new confirmation, and the delegate's page prompts for it within a poll."""

from __future__ import annotations

from collections.abc import Callable

import jwt
import pytest
from playwright.sync_api import expect

from incamera.meetings import actions
from tests.browser.test_flows import Tab
from tests.conftest import make_meeting, make_user, sign_nda
from tests.room.conftest import APP_ID, BRIDGE_URL, SECRET, open_session

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db", "bridge")]


def test_a_delegate_enters_and_answers_the_chairs_request_with_a_passkey(open_tab: Callable[[], Tab]) -> None:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer, title="Hybrid roundtable")
    delegate = make_user("delegate@example.org", name="Dina Delegate")
    actions.do_add_member(meeting, delegate, role="delegate", delegation="Morocco", by=organizer)
    sign_nda(delegate, meeting)
    open_session(meeting, by=organizer)

    tab = open_tab()
    page = tab.page
    tab.sign_in_with_new_passkey(delegate.email)

    tab.goto(f"/meetings/{meeting.pk}/room/")
    page.get_by_role("button", name="Join the closed room").click()
    link = page.get_by_role("link", name="Open the closed room (new tab)")
    expect(link).to_be_visible()
    expect(link).to_be_focused()
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{BRIDGE_URL}/")
    claims = jwt.decode(href.split("?jwt=", 1)[1], SECRET, algorithms=["HS256"], audience="jitsi", issuer=APP_ID)
    assert claims["context"]["user"]["name"] == "Dina Delegate"
    expect(page.locator("#room-badge")).to_have_class("badge verified")

    chair = open_tab()
    chair.sign_in_with_password(organizer.email)
    chair.goto(f"/meetings/{meeting.pk}/room/")
    people = chair.page.get_by_role("table")
    expect(people).to_contain_text("Dina Delegate")
    expect(people).to_contain_text("verified")
    chair.page.get_by_role("button", name="Require re-confirmation").click()
    expect(chair.page.locator("ul.messages")).to_contain_text("asked to confirm again")
    assert chair.dialogs == ["Ask everyone in the room to confirm again with their passkey now?"]
    expect(chair.page.get_by_role("table")).to_contain_text("not confirmed since your request")

    # The delegate's page polls every five seconds: the prompt appears, focused, and is answered.
    prompt = page.locator("#room-reconfirm")
    expect(prompt).to_be_visible(timeout=12_000)
    answer = prompt.get_by_role("button", name="Confirm with my passkey")
    expect(answer).to_be_focused()
    expect(page.locator("#room-badge")).to_have_class("badge unverified")
    answer.click()
    expect(prompt).to_be_hidden()
    expect(page.locator("#room-badge")).to_have_class("badge verified")
    chair.page.reload()
    expect(chair.page.get_by_role("table")).not_to_contain_text("not confirmed since your request")

    page.get_by_role("button", name="I have left the room").click()
    expect(page.locator("[data-room-status]")).to_have_text("You have left the room.")
    chair.page.reload()
    expect(chair.page.locator("#room-empty")).to_be_visible()
