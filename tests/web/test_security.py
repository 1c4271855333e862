"""Security by default: headers, CSP, cookies, CSRF, escaping, nothing secret in clear."""

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD, Cast, client_for, make_user

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_csp_and_security_headers() -> None:
    response = Client().get("/accounts/signin/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_inline_script_or_style_in_pages(cast: Cast) -> None:
    page = client_for(cast.organizer).get(f"/meetings/{cast.meeting.pk}/").content.decode()
    assert "<script>" not in page
    assert " style=" not in page
    assert " onclick=" not in page


def test_cookies_are_secure_and_http_only() -> None:
    make_user("ana@example.org")
    client = Client()
    response = client.post("/accounts/signin/", {"email": "ana@example.org", "password": PASSWORD})
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"


def test_csrf_is_enforced_on_forms(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.organizer)
    response = client.post(f"/meetings/{cast.meeting.pk}/agenda/add", {"title": "Sneaky"})
    assert response.status_code == 403
    assert cast.meeting.agenda.filter(title="Sneaky").count() == 0
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/accounts/signin/", {"email": "x@example.org", "password": "y"}).status_code == 403


def test_user_supplied_text_is_escaped(cast: Cast) -> None:
    from incamera.meetings import actions

    actions.do_add_agenda_item(cast.meeting, title="<script>alert(1)</script>", by=cast.organizer)
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/agenda/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_no_secret_reaches_the_database_in_clear(cast: Cast) -> None:
    """API tokens, invitation tokens and codes are stored as digests only."""
    from django.db import connection

    from incamera.accounts.actions import do_create_api_token

    _row, token = do_create_api_token(cast.organizer, name="x", scopes=["meetings:read"])
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert not any(isinstance(v, str) and token in v for v in row), table
