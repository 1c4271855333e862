"""The browser suite: Debian's Chromium driven by Playwright against pytest-django's live server.

Passkeys go through Chromium's own virtual authenticator (CDP ``WebAuthn.*``), so the real
navigator.credentials ceremonies in app.js run against the real server-side verification.
Pages are opened on ``http://localhost:PORT``: WebAuthn needs a secure context, and the relying
party ID is the request's host.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Browser, BrowserContext, CDPSession, ConsoleMessage, Dialog, Page, Response, Route, expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from incamera.accounts.models import Passkey
from incamera.invitations.models import Invitation
from incamera.meetings.models import Meeting
from tests.conftest import PASSWORD, make_meeting, make_user

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
ZH_MO = Path(__file__).resolve().parents[2] / "src/incamera/locale/zh_Hans/LC_MESSAGES/django.mo"
CSP_MARKERS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # Playwright's sync API runs an event loop in this thread; Django then refuses ORM calls from
    # the test ("You cannot call this from an async context").  DJANGO_ALLOW_ASYNC_UNSAFE is
    # Django's documented escape hatch; it is set only while the browser runs.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def base_url(live_server: LiveServer) -> str:
    """The live server's URL with the host ``localhost`` (a secure context, RP ID ``localhost``)."""
    return live_server.url.replace("127.0.0.1", "localhost")


@dataclass
class Tab:
    """One browser context (a separate cookie jar: one person) and its page."""

    context: BrowserContext
    page: Page
    base: str
    console: list[str] = field(default_factory=list)  # console messages and HTTP errors
    problems: list[str] = field(default_factory=list)  # uncaught JS errors, missing static files
    dialogs: list[str] = field(default_factory=list)  # confirm() texts, all accepted
    cdp: CDPSession | None = None
    authenticator: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str) -> int:
        response = self.page.goto(self.url(path))
        assert response is not None
        return response.status

    def sign_in_with_password(self, email: str, password: str = PASSWORD) -> None:
        self.goto("/accounts/signin/")
        self.page.fill("#id_email", email)
        self.page.fill("#id_password", password)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        self.page.wait_for_url(self.url("/meetings/"))

    def sign_in_with_new_passkey(self, email: str) -> None:
        """Sign in with the password, then register a passkey on a virtual authenticator."""
        self.add_virtual_authenticator()
        self.sign_in_with_password(email)
        self.goto("/accounts/passkeys/")
        self.page.locator("[data-passkey-register]").click()
        expect(self.page.locator("table")).to_contain_text("My device")

    def sign_out(self) -> None:
        self.page.locator("header form.signout").get_by_role("button", name="Sign out").click()
        self.page.wait_for_url(self.url("/accounts/signin/"))
        expect(self.page.locator("ul.messages")).to_contain_text("You are signed out.")

    def assert_signed_out(self) -> None:
        self.goto("/meetings/")
        assert self.page.url.startswith(self.url("/accounts/signin/")), f"expected to be signed out, got {self.page.url}"
        expect(self.page.locator("header form.signout")).to_have_count(0)

    def add_virtual_authenticator(self) -> None:
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("WebAuthn.enable")
        created = self.cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                    "automaticPresenceSimulation": True,
                }
            },
        )
        self.authenticator = created["authenticatorId"]

    def set_user_verified(self, verified: bool) -> None:
        assert self.cdp is not None
        self.cdp.send("WebAuthn.setUserVerified", {"authenticatorId": self.authenticator, "isUserVerified": verified})

    def credentials(self) -> list[dict[str, object]]:
        assert self.cdp is not None
        return self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.authenticator})["credentials"]


@pytest.fixture
def open_tab(browser: Browser, base_url: str) -> Iterator[Callable[[], Tab]]:
    """Open fresh browser contexts; after the test, fail on any CSP complaint in any of them."""
    tabs: list[Tab] = []

    def _open() -> Tab:
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        tab = Tab(context=context, page=page, base=base_url)

        def on_console(message: ConsoleMessage) -> None:
            tab.console.append(f"{message.type}: {message.text}")

        def on_response(response: Response) -> None:
            if response.status >= 400:
                tab.console.append(f"http {response.status}: {response.url}")
                if "/static/" in response.url:
                    tab.problems.append(f"static file missing: {response.status} {response.url}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: tab.problems.append(f"uncaught JavaScript error: {error}"))
        page.on("response", on_response)

        def on_dialog(dialog: Dialog) -> None:
            tab.dialogs.append(dialog.message)
            dialog.accept()

        page.on("dialog", on_dialog)
        tabs.append(tab)
        return tab

    yield _open
    for number, tab in enumerate(tabs):
        # Shown by pytest when the test fails: what the browser said.
        print(f"--- console of browser context {number} ---", *tab.console, sep="\n")  # noqa: T201
    csp = [line for tab in tabs for line in tab.console if any(marker in line for marker in CSP_MARKERS)]
    problems = [line for tab in tabs for line in tab.problems]
    for tab in tabs:
        tab.context.close()
    assert csp == [], f"Content-Security-Policy violations in the console: {csp}"
    assert problems == [], f"broken pages: {problems}"


def _mails_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


def test_passkey_registration_sign_in_and_refused_without_user_verification(open_tab: Callable[[], Tab]) -> None:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    tab = open_tab()
    tab.add_virtual_authenticator()
    page = tab.page

    # Password sign-in, then register a passkey on the passkeys page.
    tab.sign_in_with_password(organizer.email)
    response = page.goto(tab.url("/accounts/passkeys/"))
    assert response is not None
    # The CSP is really there (otherwise the absence of violations would prove nothing).
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "default-src 'none'" in csp
    expect(page.locator("p.empty")).to_be_visible()
    page.fill("#passkey-name", "Test laptop")
    page.locator("[data-passkey-register]").click()
    # app.js reloads the page after a successful registration: the passkey is listed.
    expect(page.locator("table")).to_contain_text("Test laptop")
    assert Passkey.objects.filter(user=organizer, name="Test laptop", rp_id="localhost").count() == 1
    credentials = tab.credentials()
    assert len(credentials) == 1
    assert credentials[0]["isResidentCredential"] is True

    # The reusable "confirm with passkey" step signs over the digest of the text it approves.
    confirm = page.locator("[data-passkey-confirm]")
    confirm.click()
    digest = hashlib.sha256(b"incamera confirmation test").hexdigest()
    expect(confirm.locator("xpath=..").locator("[data-passkey-status]")).to_have_text(f"✓ {digest}")

    tab.sign_out()

    # A failed biometric (user verification false) must not sign anyone in.  The server asks for
    # user verification, so Chromium itself refuses the ceremony (NotAllowedError).
    tab.set_user_verified(False)
    status = page.locator("[data-passkey-status]")
    page.locator("[data-passkey-signin]").click()
    expect(status).to_contain_text("not allowed")
    expect(status).to_have_class("error")
    tab.assert_signed_out()

    # A client that drops the requirement gets an assertion without the UV flag from the
    # authenticator; the server must refuse it.
    def without_user_verification(route: Route) -> None:
        response = route.fetch()
        options = response.json()
        assert options["userVerification"] == "required"
        route.fulfill(response=response, json={**options, "userVerification": "discouraged"})

    page.route("**/accounts/passkeys/signin/begin", without_user_verification)
    page.locator("[data-passkey-signin]").click()
    expect(status).to_contain_text("User verification is required")
    expect(status).to_have_class("error")
    page.unroute("**/accounts/passkeys/signin/begin")
    tab.assert_signed_out()

    # With user verification, the passkey alone signs the organizer in.
    tab.set_user_verified(True)
    page.locator("[data-passkey-signin]").click()
    page.wait_for_url(tab.url("/meetings/"))
    expect(page.locator("header .who")).to_have_text("Olga Organizer")
    expect(page.locator("h1")).to_have_text("My meetings")
    passkey = Passkey.objects.get(user=organizer)
    assert passkey.last_used_at is not None


def test_meeting_invitation_acceptance_and_chinese(open_tab: Callable[[], Tab]) -> None:
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    stranger = make_user("stranger@example.org", name="Sam Stranger")
    title = "Critical minerals roundtable"

    # --- the organizer creates a meeting, adds an agenda item and invites someone ------------
    org = open_tab()
    page = org.page
    org.sign_in_with_password(organizer.email)
    page.get_by_role("link", name="New meeting").click()
    page.wait_for_url(org.url("/meetings/new/"))
    page.fill("#id_title", title)
    page.fill("#id_starts_at", "2030-05-04T09:30")
    page.fill("#id_ends_at", "2030-05-04T17:00")
    page.select_option("#id_timezone", "Europe/Zurich")
    page.check("input[name=languages][value=fr]")
    page.check("input[name=profile][value=closed_record]")
    page.get_by_role("button", name="Create meeting").click()
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("ul.messages")).to_contain_text("Meeting created.")
    expect(page.locator("dl.facts")).to_contain_text("2030-05-04 09:30 – 2030-05-04 17:00 (Europe/Zurich)")
    expect(page.locator("dl.facts")).to_contain_text("English, Français")  # names, not codes
    meeting_path = page.url.removeprefix(org.base)
    meeting = Meeting.objects.get(pk=int(meeting_path.strip("/").split("/")[-1]))
    # 09:30 in Zurich (summer time, UTC+2) is stored as 07:30 UTC.
    assert meeting.starts_at == dt.datetime(2030, 5, 4, 7, 30, tzinfo=dt.UTC)
    assert meeting.ends_at == dt.datetime(2030, 5, 4, 15, 0, tzinfo=dt.UTC)
    assert meeting.timezone == "Europe/Zurich"
    assert meeting.profile == "closed_record"

    # The agenda is a section of the meeting's workspace; its form is htmx-powered: the item
    # appears without leaving the page.
    page.get_by_role("navigation", name="This meeting").get_by_role("link", name="Agenda").click()
    expect(page.get_by_role("navigation", name="This meeting").get_by_role("link", name="Agenda")).to_have_attribute("aria-current", "page")
    agenda = page.locator("#agenda")
    expect(agenda.locator("p.empty")).to_be_visible()
    agenda.get_by_label("Item", exact=True).fill("Opening remarks")
    agenda.get_by_label("Minutes", exact=True).fill("15")
    with page.expect_response(lambda r: "/agenda/add" in r.url and r.request.headers.get("hx-request") == "true") as added:
        agenda.get_by_role("button", name="Add to agenda").click()
    assert added.value.status == 200
    expect(agenda.locator("ol.agenda li")).to_have_count(1)
    expect(agenda.locator("ol.agenda")).to_contain_text("Opening remarks")
    expect(agenda.locator("ol.agenda")).to_contain_text("15 minutes")
    assert page.url == org.url(meeting_path + "agenda/")

    # A second item, removed again: the form asks for confirmation first (accepted).
    agenda.get_by_label("Item", exact=True).fill("Any other business")
    agenda.get_by_role("button", name="Add to agenda").click()
    expect(agenda.locator("ol.agenda li")).to_have_count(2)
    agenda.locator("ol.agenda li").nth(1).get_by_role("button", name="Remove").click()
    expect(page.locator("ul.messages")).to_contain_text("Agenda item removed.")
    assert org.dialogs == ["Remove this agenda item?"]
    expect(agenda.locator("ol.agenda li")).to_have_count(1)
    expect(agenda.locator("ol.agenda")).not_to_contain_text("Any other business")

    page.get_by_role("link", name="Invitations").click()
    page.wait_for_url(re.compile(r".*/meetings/\d+/invitations/$"))
    page.fill("#id_email", "invitee@example.org")
    page.select_option("#id_role", "delegate")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator("ul.messages")).to_contain_text("Invitation sent to invitee@example.org.")
    expect(page.locator("table")).to_contain_text("invitee@example.org")

    invitation_mails = _mails_to("invitee@example.org")
    assert len(invitation_mails) == 1
    # The token is in the link's fragment: the landing page posts it (app.js), so no URL the
    # browser sends carries it, and it is dropped from the address bar.
    match = re.search(r"https?://[^\s]+(/invitations/#([A-Za-z0-9_-]+))", invitation_mails[0].body)
    assert match, invitation_mails[0].body
    link, token = match.group(1), match.group(2)
    sent_urls: list[str] = []

    # --- a different signed-in account cannot use the link -----------------------------------
    other = open_tab()
    other.page.on("request", lambda request: sent_urls.append(urlsplit(request.url)._replace(fragment="").geturl()))
    other.sign_in_with_password(stranger.email)
    landing = other.page.goto(other.url(link), wait_until="commit")  # app.js moves on at once
    assert landing is not None
    assert landing.status == 200
    other.page.wait_for_url(other.url("/invitations/accept/"))
    assert f"http 403: {other.url('/invitations/accept/')}" in other.console
    expect(other.page.locator("#invitation-error")).to_contain_text("cannot be used by another account")
    expect(other.page.get_by_role("button", name="Send me a code")).to_have_count(0)
    assert len(_mails_to("invitee@example.org")) == 1, "no code may be sent for another account"
    assert Invitation.objects.get(email="invitee@example.org").status == "pending"

    # --- the invitee, in a fresh context, asks for a code and accepts -------------------------
    invitee = open_tab()
    page = invitee.page
    page.on("request", lambda request: sent_urls.append(urlsplit(request.url)._replace(fragment="").geturl()))
    page.goto(invitee.url(link), wait_until="commit")
    page.wait_for_url(invitee.url("/invitations/accept/"))
    page.get_by_role("button", name="Send me a code").click()
    expect(page.locator("ul.messages")).to_contain_text("A code was sent to")
    code_mails = _mails_to("invitee@example.org")[1:]
    assert len(code_mails) == 1
    code = re.search(r"\b(\d{6})\b", code_mails[-1].body)
    assert code, code_mails[-1].body
    page.fill("#id_code", code.group(1))
    page.fill("#id_full_name", "Ines Invitee")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Accept the invitation").click()
    page.wait_for_url(invitee.url(meeting_path))
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("ul.messages")).to_contain_text("Welcome. You now take part in this meeting.")
    expect(page.locator("header .who")).to_have_text("Ines Invitee")
    assert invitee.url("/invitations/accept/") in sent_urls
    assert [url for url in sent_urls if token in url] == []
    # Until the NDA is signed the agenda stays hidden; the page points to the agreement.
    expect(page.locator("#agenda")).to_have_count(0)
    expect(page.get_by_role("link", name="Read and sign the NDA")).to_be_visible()

    # --- the language switcher in the header -------------------------------------------------
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("#language-select", "zh-hans")
    page.locator("header form.lang button[type=submit]").click()
    page.wait_for_url(invitee.url(meeting_path))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text(title)
    if ZH_MO.exists():
        # "My meetings" in src/incamera/locale/zh_Hans/LC_MESSAGES/django.po
        expect(page.locator("nav[aria-label] a").first).to_have_text("我的会议")
        expect(page.locator("dl.facts dt").first).to_have_text("时间")
    # else: the Chinese catalog is not compiled yet; only the language attribute is checked.


def test_meeting_times_are_shown_in_the_meeting_time_zone(open_tab: Callable[[], Tab]) -> None:
    """A meeting at 09:00 UTC on 1 March 2030 in Europe/Zurich (UTC+1) is at 10:00 local time,
    and the pages label the times "(Europe/Zurich)".

    Regression: Django's ``date`` filter converts an aware datetime to the current time zone
    (UTC) before formatting, so ``value.astimezone(zone)|date`` showed UTC times labelled as the
    meeting's zone.  The ``tz`` library's ``timezone`` filter keeps the zone.
    """
    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer, title="Zurich meeting")  # 2030-03-01 09:00–15:00 UTC
    tab = open_tab()
    tab.sign_in_with_password(organizer.email)
    dashboard = " ".join(tab.page.locator("table.meetings td").all_inner_texts())
    tab.goto(f"/meetings/{meeting.pk}/")
    facts = tab.page.locator("dl.facts dd").first.inner_text()
    shown = {"dashboard": dashboard, "meeting page": facts}
    wanted = {"dashboard": "2030-03-01 10:00 Europe/Zurich", "meeting page": "2030-03-01 10:00 – 2030-03-01 16:00 (Europe/Zurich)"}
    wrong = {page: shown[page] for page, text in wanted.items() if text not in shown[page]}
    assert wrong == {}, f"times not in the meeting's time zone; wanted {wanted}, shown {wrong}"


def test_signing_the_nda_with_a_passkey_opens_the_meeting(open_tab: Callable[[], Tab]) -> None:
    """A participant signs the NDA in Arabic with Chromium's authenticator: the passkey confirms
    the digest shown on the page, the form is submitted with the confirmation, and the agenda and
    materials open."""
    from incamera.agreements.models import NdaSignature
    from incamera.meetings import actions

    organizer = make_user("organizer@example.org", name="Olga Organizer", organize=True)
    meeting = make_meeting(organizer, title="Signed meeting")
    actions.do_add_agenda_item(meeting, title="Opening remarks", by=organizer)
    delegate = make_user("delegate@example.org", name="Dina Delegate")
    actions.do_add_member(meeting, delegate, role="delegate", delegation="Morocco", by=organizer)

    tab = open_tab()
    tab.add_virtual_authenticator()
    page = tab.page
    tab.sign_in_with_password(delegate.email)
    tab.goto(f"/meetings/{meeting.pk}/")
    expect(page.locator("#agenda")).to_have_count(0)
    # Signing needs a passkey: the page says so, and links to adding one.
    tab.goto(f"/meetings/{meeting.pk}/nda/?language=ar")
    expect(page.locator("article.nda")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name="Add a passkey").click()
    page.locator("[data-passkey-register]").click()
    expect(page.locator("table")).to_contain_text("My device")

    tab.goto(f"/meetings/{meeting.pk}/nda/?language=ar")
    digest = page.locator("p.hint code").inner_text()
    page.fill("#full_name", "Dina Delegate")
    page.get_by_role("button", name="Sign with my passkey").click()
    page.wait_for_url(tab.url(f"/meetings/{meeting.pk}/"))
    page.get_by_role("link", name="1 agenda item").click()
    expect(page.locator("#agenda")).to_contain_text("Opening remarks")
    signature = NdaSignature.objects.get(user=delegate)
    assert (signature.language, signature.digest, signature.full_name) == ("ar", digest, "Dina Delegate")


def test_a_secretariat_reaches_the_session_following_only_the_overviews_next_step(open_tab: Callable[[], Tab]) -> None:
    """Issue 10: from an empty meeting to "in session", the organizer reads the overview's next
    step, follows each blocker's link, does what that page asks, and comes back to the overview
    through the workspace's navigation.  The participants sign the NDA on their own side."""
    from incamera.meetings.actions import do_add_member
    from tests.conftest import sign_nda

    organizer = make_user("walk.organizer@example.org", name="Walk Organizer", organize=True)
    meeting = make_meeting(organizer, title="Walked roundtable")
    delegate = make_user("walk.delegate@example.org", name="Walk Delegate")
    tab = open_tab()
    page = tab.page
    tab.sign_in_with_password(organizer.email)
    tab.goto(f"/meetings/{meeting.pk}/")
    workspace = page.get_by_role("navigation", name="This meeting")
    expect(workspace.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    next_step = page.locator("section.next-step")
    expect(next_step.get_by_role("heading")).to_contain_text("Start preparing")
    next_step.get_by_role("button", name="Move to “Preparing”").click()
    expect(page.locator("ul.messages")).to_contain_text("The meeting is now “Preparing”.")
    expect(page.locator("ol.phases li[aria-current=step]")).to_have_text("Preparing")

    # Open the session: blocked, and each blocker says where to resolve it.
    expect(next_step.get_by_role("heading")).to_contain_text("Open the session")
    expect(next_step.get_by_role("button", name="Move to “In session”")).to_be_disabled()
    next_step.get_by_role("link", name=re.compile("The agenda is empty")).click()
    page.get_by_label("Item", exact=True).fill("Opening")
    page.get_by_role("button", name="Add to agenda").click()
    expect(page.locator("ol.agenda li")).to_have_count(1)
    workspace.get_by_role("link", name="Overview").click()
    expect(next_step.get_by_role("link", name=re.compile("The agenda is empty"))).to_have_count(0)

    # Every readiness item it names, ticked on the readiness page it links to.
    while next_step.locator("ul.blockers a[href$='/readiness/']").count():
        next_step.locator("ul.blockers a[href$='/readiness/']").first.click()
        page.locator(".checklist button[role=switch][aria-checked=false]").first.click()
        expect(page.locator(".checklist")).to_be_visible()
        workspace.get_by_role("link", name="Overview").click()

    # Nobody has been invited to sign yet: the NDA item says so rather than ticking itself.
    expect(next_step.locator("ul.blockers")).to_contain_text("nobody has been invited to sign yet")
    do_add_member(meeting, delegate, role="delegate", delegation="Chile", by=organizer)
    page.reload()
    expect(next_step.locator("ul.blockers")).to_contain_text("All NDAs signed: 0 of 1")
    sign_nda(delegate, meeting)
    page.reload()
    expect(next_step.locator("ul.blockers")).to_have_count(0)
    next_step.get_by_role("button", name="Move to “In session”").click()
    expect(page.locator("ul.messages")).to_contain_text("The meeting is now “In session”.")
    meeting.refresh_from_db()
    assert meeting.state == "in_session"
    expect(next_step.get_by_role("heading")).to_contain_text("Close the meeting")
