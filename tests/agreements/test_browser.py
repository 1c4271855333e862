"""The NDA page in Chromium: what a reader sees, where the HTML alone cannot tell."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from incamera.meetings import actions
from tests.browser.test_flows import Tab
from tests.conftest import make_meeting, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

_BACKGROUND = "element => getComputedStyle(element).backgroundColor"


def test_the_current_language_looks_different_and_the_text_is_rendered(open_tab: Callable[[], Tab]) -> None:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer, title="Styled meeting")
    delegate = make_user("delegate@example.org", name="Dina Delegate")
    actions.do_add_member(meeting, delegate, role="delegate", delegation="Morocco", by=organizer)
    tab = open_tab()
    page = tab.page
    tab.sign_in_with_password(delegate.email)
    tab.goto(f"/meetings/{meeting.pk}/nda/?language=fr")
    languages = page.get_by_role("navigation", name="Language of the agreement")
    current = languages.locator('[aria-current="true"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Français")
    other = languages.get_by_role("button", name="English")
    assert current.evaluate(_BACKGROUND) != other.evaluate(_BACKGROUND)
    # The Markdown is headings and lists, not hashes and hyphens.
    expect(page.locator("article.nda h2")).to_have_count(1)
    expect(page.locator("article.nda li").first).to_be_visible()
    # Choosing another language moves the mark.
    other.click()
    page.wait_for_url(tab.url(f"/meetings/{meeting.pk}/nda/?language=en"))
    expect(languages.locator('[aria-current="true"]')).to_contain_text("English")
    expect(page.locator("article.nda")).to_have_attribute("lang", "en")
