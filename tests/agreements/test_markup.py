"""The NDA's Markdown as sanitised HTML (agreements/markup.py): what is shown is what is signed."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incamera.agreements.markup import ALLOWED_TAGS, nda_html
from incamera.agreements.texts import LANGUAGES, PROFILES, nda_text
from tests.agreements.test_texts import fields_for


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(markup: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(markup)
    return parser.tags


def _words_shown(markup: str) -> list[str]:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup)).split()


def _words_of_source(text: str) -> list[str]:
    # The Markdown markers the renderer turns into tags: heading hashes and list bullets.
    return re.sub(r"^(#{1,6} |- )", "", text, flags=re.MULTILINE).split()


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_renders_as_headings_paragraphs_and_lists_with_every_word_kept(language: str, profile: str) -> None:
    text = nda_text(language, profile, fields_for(language))
    shown = nda_html(text)
    tags = [tag for tag, _attrs in _tags(shown)]
    assert tags.count("h2") == 1  # the title, one level below the page's own h1
    assert tags.count("h3") >= 5
    assert "ul" in tags
    assert "li" in tags
    assert not re.search(r"^\s*(#|- )", html.unescape(re.sub(r"<[^>]+>", "\n", shown)), re.MULTILINE)
    # The sanitiser and the renderer drop nothing: every word of the signed text is on the page.
    assert _words_shown(shown) == _words_of_source(text)


def test_raw_html_and_scripts_are_shown_as_text_not_run() -> None:
    text = (
        "# Undertaking\n\n"
        "<script>alert(1)</script>\n\n"
        'Clause <img src=x onerror="alert(2)"> and <a href="https://evil.example">here</a>.\n\n'
        "- [a link](javascript:alert(3)) and ![image](https://evil.example/x.png)\n"
    )
    shown = nda_html(text)
    assert {tag for tag, _attrs in _tags(shown)} <= {"h2", "p", "ul", "li"}
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert '&lt;img src=x onerror="alert(2)"&gt;' in shown
    assert "[a link](javascript:alert(3))" in shown
    assert "<script" not in shown
    assert "<a " not in shown
    assert "<img" not in shown


def test_the_rendering_is_of_the_canonical_text() -> None:
    """Line endings, trailing spaces and normalisation do not change the page, as they do not
    change the digest."""
    assert nda_html("# T\r\n\r\nCafe\u0301 \t\r\n") == nda_html("# T\n\nCafé\n")


@given(st.text(alphabet=st.sampled_from(list("#-*_[]()<>!`&;\"'=/ \n1.abcscript")), max_size=200))
def test_any_text_gives_only_the_allowed_tags_without_attributes(text: str) -> None:
    for tag, attrs in _tags(nda_html(text)):
        assert tag in ALLOWED_TAGS
        assert all(name == "start" for name, _value in attrs), (tag, attrs)
