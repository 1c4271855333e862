"""The password-reset link keeps its token out of every URL the server sees (issue 9, finding 9).

Django's confirmation view swaps the token into the session, but only after the first request,
whose path (``/accounts/password-reset/<uid>/<token>/``) is in the access log. The mailed link now
carries ``<uid>/<token>`` in its fragment; the landing page posts it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from incamera.ledger.models import Event
from tests.accounts.access_log import AccessLogClient
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db
OPEN = "/accounts/password-reset/open/"
NEW = "a brand new passphrase 42"


def _mailed_link(client: AccessLogClient, email: str = "ana@example.org") -> tuple[str, str]:
    """Ask for a reset; the mailed link and the token in it (Django's ``<base36 time>-<hash>``)."""
    assert client.post("/accounts/password-reset/", {"email": email}).status_code == 302
    link = re.search(r"https?://\S+", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    token = re.search(r"[0-9a-z]{1,13}-[0-9a-f]{32}", link.group(0))
    assert token, link.group(0)
    return link.group(0), token.group(0)


def _set_password(client: AccessLogClient, form_path: str) -> None:
    response = client.post(form_path, {"new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/accounts/password-reset/done/"
    assert AccessLogClient().post("/accounts/signin/", {"email": "ana@example.org", "password": NEW}).status_code == 302
    assert Event.objects.filter(type="account.password_set", payload__reason="reset").exists()


def test_the_mailed_link_keeps_the_token_out_of_every_path_the_server_sees() -> None:
    make_user("ana@example.org")
    browser = AccessLogClient()
    link, token = _mailed_link(browser)
    parts = urlsplit(link)
    assert token not in parts.path + parts.query
    assert parts.path == OPEN
    assert parts.fragment.endswith(f"/{token}")
    landing = browser.get(parts.path)  # a browser never sends the fragment
    assert landing.status_code == 200
    assert "data-fragment-secret" in landing.content.decode()
    form = browser.post(OPEN, {"link": parts.fragment}, follow=True)  # what app.js posts
    (form_path, _status), *_ = form.redirect_chain
    assert form_path.endswith("/set-password/")
    assert "new_password1" in form.content.decode()
    _set_password(browser, form_path)
    assert browser.logged(token) == []
    reused = AccessLogClient().post(OPEN, {"link": link}, follow=True)
    assert "not valid" in reused.content.decode()


def test_without_javascript_the_pasted_link_opens_the_form() -> None:
    make_user("ana@example.org")
    browser = AccessLogClient()
    link, token = _mailed_link(browser)
    form = browser.post(OPEN, {"link": f" {link} "}, follow=True)
    assert "new_password1" in form.content.decode()
    _set_password(browser, form.redirect_chain[0][0])
    assert browser.logged(token) == []


def test_an_old_link_with_the_token_in_the_path_still_works() -> None:
    """Links mailed before the upgrade (valid one hour): Django's own view still takes them."""
    make_user("ana@example.org")
    browser = AccessLogClient()
    link, token = _mailed_link(browser)
    uid = urlsplit(link).fragment.split("/")[0]
    form = browser.get(f"/accounts/password-reset/{uid}/{token}/", follow=True)
    assert "new_password1" in form.content.decode()
    _set_password(browser, form.redirect_chain[-1][0])


@pytest.mark.parametrize("link", ["", "no-slash-here", "http://testserver/accounts/password-reset/open/#MQ/1-bogus"])
def test_a_wrong_link_is_refused(link: str) -> None:
    user = make_user("ana@example.org", name="Ana")
    response = AccessLogClient().post(OPEN, {"link": link}, follow=True)
    assert response.status_code in {200, 422}
    page = response.content.decode()
    assert "not valid" in page or "not a password-reset link" in page or "This field is required" in page
    assert "new_password1" not in page
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_error_reports_leave_out_the_posted_link() -> None:
    response = AccessLogClient().post(OPEN, {"link": "MQ/1-bogus"})
    assert response.wsgi_request.sensitive_post_parameters == ("link",)  # type: ignore[attr-defined]
