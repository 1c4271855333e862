"""The NDA's Markdown as HTML, for the page (docs/decisions/0017-markdown-rendering.md).

CommonMark 0.31.2 (https://spec.commonmark.org/0.31.2/) restricted to what ``texts.py`` allows in
an NDA: ATX headings (§4.2), paragraphs (§4.8), bullet and ordered lists (§5.2, §5.3) and line
breaks (§6.7, §6.8).  Every other construct (raw HTML, links, images, code, emphasis, tables) is
disabled in the parser, so it stays as the characters typed and is escaped.  Headings move one
level down: the page's own title is the ``h1``.

The HTML then goes through ``nh3`` (Ammonia) with an allow-list of exactly the tags the parser can
produce, so a future parser bug or option cannot bring markup the page does not expect.

``nda_html`` renders ``canonical_text(text)``, the very string ``nda_digest`` covers: what is shown
is what is signed.

Pure: no Django.
"""

from __future__ import annotations

import functools

import nh3
from markdown_it import MarkdownIt

from incamera.agreements.texts import canonical_text

__all__ = ["ALLOWED_TAGS", "nda_html"]

# What the parser below can produce, after the heading shift.
ALLOWED_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "br"})
_ALLOWED_ATTRIBUTES = {"ol": {"start"}}
_RULES = ["heading", "list", "newline"]


@functools.cache
def _parser() -> MarkdownIt:
    # "zero" enables only paragraphs and text; html=False escapes any tag typed in the text.
    return MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(_RULES)


def nda_html(text: str) -> str:
    """``canonical_text(text)`` as sanitised HTML: headings (one level down), paragraphs, lists."""
    parser = _parser()
    tokens = parser.parse(canonical_text(text))
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            token.tag = f"h{min(int(token.tag[1:]) + 1, 6)}"
    html = parser.renderer.render(tokens, parser.options, {})
    return nh3.clean(html, tags=set(ALLOWED_TAGS), attributes=_ALLOWED_ATTRIBUTES, strip_comments=True)
