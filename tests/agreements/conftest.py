"""The browser fixtures of tests/browser, for the NDA page's browser test."""

from tests.browser.test_flows import base_url, browser, open_tab

__all__ = ["base_url", "browser", "open_tab"]
