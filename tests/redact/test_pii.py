"""Personal data found without a roster (incamera/redact/pii.py)."""

from __future__ import annotations

import pytest

from incamera.redact.pii import find


def kinds(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for start, end, kind in find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to a.wang@mofcom.example today.", [("email", "a.wang@mofcom.example")]),
        ("See https://example.org/~wang, then reply.", [("url", "https://example.org/~wang")]),
        ("Follow @wang_wei for updates", [("handle", "@wang_wei")]),
        ("Call +41 22 917 12 34 now", [("phone", "+41 22 917 12 34")]),
        ("Call 0041 22 917 12 34 now", [("phone", "0041 22 917 12 34")]),
        ("Ring (202) 555-0143 in Washington", [("phone", "(202) 555-0143")]),
        ("电话：010 6512 3456。", [("phone", "010 6512 3456")]),
        ("Тел. +7 495 123-45-67", [("phone", "+7 495 123-45-67")]),
    ],
)
def test_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The 2020-2030 plan costs 1 500 000 dollars.",
        "Exports rose 12.5% in 2024, to 3,400,000 tonnes.",
        "Meeting on 2026-12-06 at 10:30, room 12.",
        "Resolution 2231 (2015) and paragraph 4.2.1.",
        "No contact details here.",
    ],
)
def test_numbers_that_are_not_phones_survive(text: str) -> None:
    assert kinds(text) == []
