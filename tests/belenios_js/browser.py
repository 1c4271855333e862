"""A blank Chromium page with belenios.js loaded, for the tests and the benchmark.

The page lives at ``http://localhost:8765/``: WebCrypto's ``crypto.subtle`` needs a secure context,
and localhost is one.  Playwright answers every request to that origin from the source tree (the
page is a bare document with one ``<script src>``; no inline script), so nothing listens on the
port.  Chromium is Debian's, launched as tests/browser/test_flows.py launches it.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, Route

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "ORIGIN", "SCRIPT", "open_page"]

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
ORIGIN = "http://localhost:8765"
SCRIPT = Path(__file__).resolve().parents[2] / "src/incamera/static/incamera/belenios.js"
PAGE = '<!doctype html><html><head><meta charset="utf-8"><script src="/static/incamera/belenios.js"></script></head><body></body></html>'


def _serve(route: Route) -> None:
    if route.request.url.endswith("/static/incamera/belenios.js"):
        route.fulfill(status=200, content_type="text/javascript", body=SCRIPT.read_text())
    elif route.request.url == f"{ORIGIN}/":
        route.fulfill(status=200, content_type="text/html", body=PAGE)
    else:
        route.fulfill(status=404, body="")


def open_page(browser: Browser) -> Page:
    """A new page (in its own context) with ``window.InCameraBelenios`` defined."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(f"{ORIGIN}/**", _serve)
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("window.InCameraBelenios !== undefined", timeout=10_000)
    assert not errors, errors
    assert page.evaluate("window.isSecureContext")
    return page
