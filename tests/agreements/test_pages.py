"""The NDA pages through the web client: the participant's page and the organizer's editor."""

from __future__ import annotations

import json
import re

import pytest

from incamera.accounts.models import User
from incamera.agreements import actions as nda
from incamera.agreements.markup import nda_html
from incamera.agreements.models import NdaSignature
from incamera.agreements.texts import LANGUAGES, nda_digest
from incamera.demo.softkey import SoftAuthenticator
from incamera.meetings import actions
from tests.conftest import Cast, client_for, make_user, sign_nda

pytestmark = pytest.mark.django_db

ARTICLE = re.compile(r'<article class="card nda"[^>]* data-digest="([0-9a-f]{64})">(.*?)</article>', re.DOTALL)


def _article(page: str) -> tuple[str, str]:
    """The digest the page shows for its text, and the text's HTML."""
    found = ARTICLE.search(page)
    assert found is not None, "no NDA article on the page"
    return found.group(1), found.group(2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_renders_the_markdown_it_digests_and_that_digest_is_signed(cast: Cast, language: str) -> None:
    newcomer = make_user("new@example.org", name="Nadia Nouvelle")
    actions.do_add_member(cast.meeting, newcomer, role="delegate", delegation="X", by=cast.organizer)
    page = client_for(newcomer).get(f"/meetings/{cast.meeting.pk}/nda/?language={language}").content.decode()
    digest, shown = _article(page)
    source = nda.current_nda(cast.meeting).texts[language]
    assert "<h2>" in shown
    assert "<li>" in shown
    assert "\n# " not in shown
    assert "<p>- " not in shown
    assert shown == nda_html(source)
    assert digest == nda_digest(source, language=language, version=1)
    sign_nda(newcomer, cast.meeting, language=language)
    assert NdaSignature.objects.get(user=newcomer).digest == digest


def test_raw_html_in_a_text_is_shown_as_text(cast: Cast) -> None:
    current = nda.current_nda(cast.meeting)
    hostile = current.texts["en"] + '\n<script>alert("nda")</script>\n\n<img src=x onerror=alert(1)>\n'
    nda.do_edit_nda(cast.meeting, {"en": hostile}, by=cast.organizer, unchanged_confirmed=["ar", "zh", "fr", "ru", "es"])
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/nda/?language=en").content.decode()
    _digest, shown = _article(page)
    assert '&lt;script&gt;alert("nda")&lt;/script&gt;' in shown
    assert "<script>alert" not in page
    assert "<img" not in shown


def _with_passkey(user: User) -> User:
    from incamera.accounts import passkeys

    rp = passkeys.RelyingParty(id="testserver", origin="http://testserver")
    challenge, options = passkeys.begin_registration(user, rp)
    passkeys.finish_registration(user, challenge, json.dumps(SoftAuthenticator().register(options)), name="k")
    return user


def test_the_page_says_which_language_was_signed_with_the_date_kept_left_to_right(cast: Cast) -> None:
    """Issue: reading the Arabic text, a participant who had signed the English one read "You
    signed this version", and the date came out reversed."""
    signature = NdaSignature.objects.get(user=cast.delegate)
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/nda/?language=ar").content.decode()
    when = signature.signed_at
    assert (
        'You signed version <bdi dir="ltr">1</bdi> in <bdi lang="en">English</bdi> on '
        f'<bdi dir="ltr"><time datetime="{when:%Y-%m-%dT%H:%MZ}">{when:%Y-%m-%d %H:%M} UTC</time></bdi>.'
    ) in page
    assert '<a href="?language=en">Read the text you signed</a>' in page
    assert f'<code dir="ltr">{nda.digest_of(nda.current_nda(cast.meeting), "ar")}</code>' in page
    # Reading the language signed, there is nothing else to read.
    english = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/nda/?language=en").content.decode()
    assert 'in <bdi lang="en">English</bdi>' in english
    assert "Read the text you signed" not in english


def test_the_name_box_starts_empty_with_the_account_name_as_the_hint(cast: Cast) -> None:
    newcomer = _with_passkey(make_user("nadia@example.org", name="Nadia Nouvelle"))
    actions.do_add_member(cast.meeting, newcomer, role="delegate", delegation="X", by=cast.organizer)
    page = client_for(newcomer).get(f"/meetings/{cast.meeting.pk}/nda/").content.decode()
    field = re.search(r'<input id="full_name"[^>]*>', page)
    assert field is not None
    assert 'value=""' in field.group(0)
    assert 'placeholder="Nadia Nouvelle"' in field.group(0)
    assert 'aria-describedby="full_name-hint"' in field.group(0)
    assert '<small id="full_name-hint">As on your account: Nadia Nouvelle</small>' in page
    # After a refused attempt, what was typed stays in the box.
    refused = client_for(newcomer).post(
        f"/meetings/{cast.meeting.pk}/nda/", {"language": "en", "full_name": "Nadia N", "confirmation": "1"}
    )
    assert refused.status_code == 422
    assert 'value="Nadia N"' in refused.content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_current_language_is_marked(cast: Cast, language: str) -> None:
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/nda/?language={language}").content.decode()
    current = re.findall(r'<button type="submit" name="language" value="(\w+)"[^>]*aria-current="true"', page)
    assert current == [language]
    others = re.findall(r'<button type="submit" name="language" value="(\w+)"[^>]*class="secondary"', page)
    assert sorted(others) == sorted(set(LANGUAGES) - {language})
