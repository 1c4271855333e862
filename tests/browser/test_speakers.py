"""The speakers list in Chromium (issue 12): a delegate asks for the floor from the page, the chair
sees it arrive without reloading and gives the floor, and the delegate's page follows live, its
timer counting down; the projector view follows too."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from incamera.conduct import live
from incamera.meetings import actions
from tests.browser.test_flows import Tab, base_url, browser, open_tab  # noqa: F401  (fixtures)
from tests.conftest import make_meeting, make_user, sign_nda

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]


@pytest.fixture(autouse=True)
def _quick_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    """Streams notice a closed page at their next keep-alive: 1 s here, not 15."""
    monkeypatch.setattr(live, "HEARTBEAT_SECONDS", 1.0)


def test_the_list_is_live_for_the_chair_the_delegate_and_the_projector(open_tab: Callable[[], Tab]) -> None:  # noqa: F811  (the fixture)
    chair_user = make_user("chair@example.org", organize=True)
    meeting = make_meeting(chair_user)
    actions.do_add_agenda_item(meeting, title="Opening", minutes=30, by=chair_user)
    delegate_user = make_user("rojas@example.org", name="Camila Rojas")
    actions.do_add_member(meeting, delegate_user, role="delegate", delegation="Chile", by=chair_user)
    other = make_user("kimani@example.org")
    actions.do_add_member(meeting, other, role="delegate", delegation="Kenya", by=chair_user)
    for user in (delegate_user, other):
        sign_nda(user, meeting)
    item = meeting.agenda.get()

    chair, delegate, projector = open_tab(), open_tab(), open_tab()
    chair.sign_in_with_password("chair@example.org")
    delegate.sign_in_with_password("rojas@example.org")
    projector.sign_in_with_password("chair@example.org")
    chair.goto(f"/meetings/{meeting.pk}/speakers/")
    delegate.goto(f"/meetings/{meeting.pk}/speakers/")
    projector.goto(f"/meetings/{meeting.pk}/speakers/{item.pk}/projector/")
    for tab in (chair, delegate, projector):
        expect(tab.page.locator("#live-status")).to_have_text("Live")
    expect(chair.page.locator("#queue")).to_contain_text("Nobody is waiting for the floor.")

    # The delegate asks; the chair's page shows it without a reload.
    delegate.page.get_by_role("button", name="Ask for the floor (to speak)").click()
    expect(delegate.page.get_by_role("button", name="Withdraw the request (to speak)")).to_be_visible()
    expect(chair.page.locator("#queue")).to_contain_text("Chile")
    expect(projector.page.locator("#queue")).to_contain_text("Chile")

    # The chair gives the floor: every page shows Chile speaking, the timer runs down.
    chair.page.get_by_role("button", name="Give the floor to the next in line").click()
    for tab in (chair, delegate, projector):
        expect(tab.page.locator("#current")).to_contain_text("Chile")
    timer = delegate.page.get_by_role("timer")
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=3000)  # it counts down between events
    assert re.fullmatch(r"\+?\d+:\d\d", timer.inner_text())
    # Chile holds the floor to speak: it cannot ask to speak again until its turn ends.
    expect(delegate.page.get_by_role("button", name="Ask for the floor (to speak)")).to_be_hidden()
    expect(delegate.page.get_by_role("button", name="Ask for the floor (reply)")).to_be_visible()

    # Pause: the timer stops and says so; the chair's controls follow the state.
    chair.page.get_by_role("button", name="Pause the timer").click()
    expect(delegate.page.get_by_role("timer")).to_contain_text("paused")
    expect(chair.page.get_by_role("button", name="Resume the timer")).to_be_visible()
    expect(chair.page.get_by_role("button", name="Pause the timer")).to_be_hidden()

    # A refused act says why on the page, and changes nothing.
    delegate.page.evaluate("document.querySelector('form[data-own=ask][data-kind=speak]').hidden = false")
    delegate.page.locator("form[data-own=ask][data-kind=speak] button").click()
    expect(delegate.page.get_by_role("alert")).to_contain_text("has the floor")

    chair.page.get_by_role("button", name="End the turn").click()
    expect(delegate.page.get_by_role("button", name="Ask for the floor (to speak)")).to_be_visible()
    for tab in (chair, delegate, projector):
        expect(tab.page.locator("#current")).to_contain_text("Nobody has the floor.")
    for tab in (chair, delegate, projector):
        tab.page.close()
    # The server's streams notice at their next keep-alive, and the watcher stops with them.
    deadline = time.monotonic() + 10
    while live.hub.streams and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live.hub.streams == 0
