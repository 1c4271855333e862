"""The NDA pages through the web client: the participant's page and the organizer's editor."""

from __future__ import annotations

import re

import pytest

from incamera.agreements import actions as nda
from incamera.agreements.markup import nda_html
from incamera.agreements.models import NdaSignature
from incamera.agreements.texts import LANGUAGES, nda_digest
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
    nda.do_edit_nda(cast.meeting, {"en": hostile}, by=cast.organizer)
    page = client_for(cast.delegate).get(f"/meetings/{cast.meeting.pk}/nda/?language=en").content.decode()
    _digest, shown = _article(page)
    assert '&lt;script&gt;alert("nda")&lt;/script&gt;' in shown
    assert "<script>alert" not in page
    assert "<img" not in shown
