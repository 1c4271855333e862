"""The invitation link keeps its token out of every URL the server sees (issue 9, finding 9).

The token travels in the link's fragment (``/invitations/#<token>``), which a browser never sends;
the landing page posts it (app.js, or a form where the link is pasted), and the pages after that
hold it in a cookie. Old links with the token in the path still open the invitation.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core import mail

from incamera.invitations import actions
from incamera.invitations.models import Invitation
from tests.accounts.access_log import AccessLogClient
from tests.conftest import PASSWORD, Cast, client_for

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "http://testserver/"
OPEN = "/invitations/"
ACCEPT = "/invitations/accept/"


def _invite(cast: Cast, email: str = "new.person@example.org") -> tuple[str, str]:
    """The mailed link and the token in it."""
    actions.do_invite(cast.meeting, actions.InvitationRow(email=email), by=cast.organizer, base_url=BASE)
    link = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    token = re.search(r"[A-Za-z0-9_-]{43}", link.group(0))  # secrets.token_urlsafe(32)
    assert token, link.group(0)
    return link.group(0), token.group(0)


def _code_from(message: mail.EmailMessage) -> str:
    match = re.search(r"\b(\d{6})\b", message.body)
    assert match, message.body
    return match.group(1)


def _open(client: AccessLogClient, token: str) -> AccessLogClient:
    """What app.js does on the landing page: post the fragment."""
    response = client.post(OPEN, {"link": token})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == ACCEPT
    return client


def test_the_mailed_link_keeps_the_token_out_of_every_path_the_server_sees(cast: Cast) -> None:
    link, token = _invite(cast)
    parts = urlsplit(link)
    assert token not in parts.path + parts.query
    assert (parts.path, parts.fragment) == (OPEN, token)
    calendar = icalendar.Calendar.from_ical(mail.outbox[-1].attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert urlsplit(str(event["url"])).fragment == token

    browser = AccessLogClient()
    landing = browser.get(parts.path)  # a browser never sends the fragment
    assert landing.status_code == 200
    assert "data-fragment-secret" in landing.content.decode()
    page = _open(browser, parts.fragment).get(ACCEPT)
    assert "n•••••••••@example.org" in page.content.decode()
    assert browser.cookies["incamera_invitation"]["httponly"]
    assert browser.cookies["incamera_invitation"]["path"] == OPEN
    assert browser.post(ACCEPT, {"step": "send"})["Location"] == ACCEPT
    code = _code_from(mail.outbox[-1])
    accepted = browser.post(ACCEPT, {"step": "accept", "code": code, "full_name": "Nora New", "password": PASSWORD}, follow=True)
    assert accepted.redirect_chain[0][0] == f"/meetings/{cast.meeting.pk}/"
    assert "Welcome" in accepted.content.decode()
    assert browser.cookies["incamera_invitation"].value == ""  # dropped once used
    assert browser.logged(token) == []
    assert browser.logged(code) == []


def test_without_javascript_the_pasted_link_opens_the_invitation(cast: Cast) -> None:
    link, token = _invite(cast)
    browser = AccessLogClient()
    opened = browser.post(OPEN, {"link": f"  {link}  "}, follow=True)
    assert opened.redirect_chain == [(ACCEPT, 302)]
    assert "Send me a code" in opened.content.decode()
    assert browser.logged(token) == []


def test_old_links_with_the_token_in_the_path_still_open_the_invitation_once(cast: Cast) -> None:
    _link, token = _invite(cast)
    old = f"/invitations/{token}/"
    browser = AccessLogClient()
    response = browser.get(old)
    assert response.status_code == 302
    assert response["Location"] == ACCEPT
    # A page opened before the upgrade posts its step to the old address: nothing is done there.
    assert AccessLogClient().post(old, {"step": "send"})["Location"] == ACCEPT
    assert len(mail.outbox) == 1
    browser.post(ACCEPT, {"step": "send"})
    code = _code_from(mail.outbox[-1])
    accepted = browser.post(ACCEPT, {"step": "accept", "code": code, "full_name": "Nora New", "password": PASSWORD})
    assert accepted["Location"] == f"/meetings/{cast.meeting.pk}/"
    assert browser.logged(token) == [f"GET {old}"]  # that request, and no other
    again = AccessLogClient().get(old)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_a_forwarded_link_without_the_code_admits_nobody(cast: Cast) -> None:
    _link, token = _invite(cast)
    stranger = _open(AccessLogClient(), token)
    page = stranger.get(ACCEPT).content.decode()
    assert "n•••••••••@example.org" in page
    assert "Critical minerals" not in page  # the title is not shown to a bearer
    response = stranger.post(ACCEPT, {"step": "accept", "code": "000000", "full_name": "Mallory", "password": PASSWORD})
    assert response.status_code == 400
    assert "first ask for a code" in response.content.decode()
    signed_in_other = client_for(cast.outsider)
    assert signed_in_other.post(OPEN, {"link": token})["Location"] == ACCEPT
    response = signed_in_other.get(ACCEPT)
    assert response.status_code == 403
    assert "cannot be used by another account" in response.content.decode()
    assert signed_in_other.post(ACCEPT, {"step": "send"}).status_code == 403
    assert len(mail.outbox) == 1  # the invitation only: no code for another account
    assert Invitation.objects.get().status == "pending"


def test_a_wrong_or_empty_key_is_refused_on_the_landing_page(cast: Cast) -> None:
    _invite(cast)
    browser = AccessLogClient()
    wrong = browser.post(OPEN, {"link": "http://testserver/invitations/#not-the-token"})
    assert wrong.status_code == 404
    assert "this invitation link is not valid" in wrong.content.decode()
    assert "incamera_invitation" not in browser.cookies
    empty = browser.post(OPEN, {"link": "   "})
    assert empty.status_code == 422


def test_the_accept_page_without_an_opened_link_leads_back_to_the_landing_page(db: None) -> None:
    response = client_for(None).get(ACCEPT, follow=True)
    assert response.redirect_chain == [(OPEN, 302)]
    assert "Open the link from your invitation e-mail again" in response.content.decode()


def test_a_revoked_invitation_held_in_the_cookie_is_refused_and_forgotten(cast: Cast) -> None:
    _link, token = _invite(cast)
    browser = _open(AccessLogClient(), token)
    actions.do_revoke_invitation(Invitation.objects.get(), by=cast.organizer)
    response = browser.get(ACCEPT)
    assert response.status_code == 410
    assert "withdrew" in response.content.decode()
    assert browser.cookies["incamera_invitation"].value == ""


def test_error_reports_leave_out_the_link_the_code_and_the_password(cast: Cast) -> None:
    _link, token = _invite(cast)
    browser = AccessLogClient()
    assert browser.post(OPEN, {"link": token}).wsgi_request.sensitive_post_parameters == ("link",)  # type: ignore[attr-defined]
    step = browser.post(ACCEPT, {"step": "accept", "code": "1", "full_name": "N", "password": "p"})
    assert step.wsgi_request.sensitive_post_parameters == ("code", "password")  # type: ignore[attr-defined]
