"""Chatham House notes in Chromium (issue 12): identifying mentions are flagged while the note is
typed, one is replaced by its placeholder and one removed with the page's buttons, and the note
is saved only once none remain; then it is listed, sealed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from incamera.meetings import actions
from incamera.notes.models import Note
from tests.browser.test_flows import Tab, base_url, browser, open_tab  # noqa: F401  (fixtures)
from tests.conftest import make_meeting, make_user, sign_nda

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


def test_a_note_is_saved_only_once_no_participant_is_named(open_tab: Callable[[], Tab]) -> None:  # noqa: F811  (the fixture)
    chair = make_user("chair@example.org", organize=True)
    meeting = make_meeting(chair)
    actions.do_add_agenda_item(meeting, title="Opening", by=chair)
    rojas = make_user("rojas@example.org", name="Camila Rojas")
    actions.do_add_member(meeting, rojas, role="delegate", delegation="Chile", by=chair)
    sign_nda(rojas, meeting)

    tab = open_tab()
    tab.sign_in_with_password("rojas@example.org")
    tab.goto(f"/meetings/{meeting.pk}/notes/")
    text = tab.page.get_by_label("What was said")
    # A zero-width space inside the name does not hide it.
    text.press_sequentially("Ms Ro\u200bjas argued for a registry; write to rojas@example.org.", delay=2)
    mentions = tab.page.locator("#note-mentions-list li")
    expect(mentions).to_have_count(2)
    expect(tab.page.locator("#note-save")).to_be_disabled()

    mentions.filter(has_text="rojas@example.org").get_by_role("button", name="Remove").click()
    expect(mentions).to_have_count(1)
    mentions.first.get_by_role("button", name="Replace by").click()
    expect(tab.page.locator("#note-mentions-status")).to_contain_text("No identifying mention")
    expect(tab.page.locator("#note-save")).to_be_enabled()
    assert "Rojas" not in text.input_value()

    tab.page.locator("#note-save").click()
    expect(tab.page.locator("ol.notes")).to_contain_text("argued for a registry")
    assert Note.objects.count() == 1
    assert b"registry" not in bytes(Note.objects.get().ciphertext)
