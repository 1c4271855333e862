"""Extension points of a meeting that the domains built on it fill in at start-up.

``meetings`` sits below the domains that hang off a meeting (agreements, materials, the session,
…), so it never imports them.  Instead each of them registers, from its ``AppConfig.ready``:

- a **content gate**: a participant sees a meeting's content only when every gate opens for them
  (agreements: the current NDA is signed);
- an **automatic readiness item**: a checklist item the system ticks, never a person, with its
  progress (agreements: "All NDAs signed", 3 of 12): done when every one of at least one is.

Registration is by key, so that registering twice (tests reload apps) keeps one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from incamera.accounts.models import User
    from incamera.meetings.models import Meeting

__all__ = ["ItemProgress", "automatic_item", "content_gates", "register_automatic_item", "register_content_gate"]


@dataclass(frozen=True)
class ItemProgress:
    """How far an automatic item is: ``done`` of ``total`` (e.g. signatures of the NDA).  It is
    complete only when there is something to do and all of it is done: with nobody to sign,
    "All NDAs signed" is not ticked."""

    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


ContentGate = Callable[["User", "Meeting"], bool]
AutomaticItem = Callable[["Meeting"], ItemProgress]

_content_gates: dict[str, ContentGate] = {}
_automatic_items: dict[str, AutomaticItem] = {}


def register_content_gate(key: str, gate: ContentGate) -> None:
    """``gate(user, meeting)`` is True when it lets ``user`` (a participant) see the content."""
    _content_gates[key] = gate


def register_automatic_item(key: str, done: AutomaticItem) -> None:
    """The checklist item ``key`` is done exactly when ``done(meeting).complete``; nobody ticks it
    by hand, and pages show its progress."""
    _automatic_items[key] = done


def content_gates() -> list[ContentGate]:
    return list(_content_gates.values())


def automatic_item(key: str) -> AutomaticItem | None:
    return _automatic_items.get(key)
