"""The meeting workspace's navigation (issue 10): every page of a meeting sits in one section of a
phase (Prepare, In session, Outcomes, Disclosure, Record), and the navigation shows only the
sections the viewer's role may see.

Like ``gates.py``, this is an extension point: each app registers its sections from its
``AppConfig.ready`` (``meetings`` never imports the apps built on it), so every later page joins
the workspace by registering one ``Section``.  A phase with no section the viewer may see is not
shown.  Labels are marked with ``gettext_noop`` and translated when the navigation is drawn.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from incamera.kernel.messages import gettext_noop

__all__ = ["PHASES", "NavItem", "NavPhase", "Section", "navigation", "register_section", "section_for"]

# The phases, in the order of a meeting's life: (key, label).
PHASES: tuple[tuple[str, str], ...] = (
    ("overview", gettext_noop("Overview")),
    ("prepare", gettext_noop("Prepare")),
    ("session", gettext_noop("In session")),
    ("outcomes", gettext_noop("Outcomes")),
    ("disclosure", gettext_noop("Disclosure")),
    ("record", gettext_noop("Record")),
)


@dataclass(frozen=True)
class Section:
    """One entry of the navigation.  ``need`` names a key of ``meetings.access.capabilities``
    (``organize``, ``content``, ``participants``, ``agreement``, ``service``, ``focal_point``,
    ``logistics``); ``url_name`` takes the meeting's id; ``also`` lists the other views (URL
    names) that belong to the section, so that it stays marked current on them."""

    key: str
    phase: str
    label: str
    url_name: str
    need: str
    order: int = 50
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class NavPhase:
    key: str
    label: str
    items: tuple[NavItem, ...]

    @property
    def current(self) -> bool:
        return any(item.current for item in self.items)


_sections: dict[str, Section] = {}


def register_section(section: Section) -> None:
    if section.phase not in dict(PHASES):
        msg = f"section {section.key}: unknown phase {section.phase!r}"
        raise ValueError(msg)
    _sections[section.key] = section


def section_for(view_name: str) -> Section | None:
    """The section a view (``app:name``) belongs to, if any."""
    return next((s for s in _sections.values() if view_name == s.url_name or view_name in s.also), None)


@functools.lru_cache(maxsize=8192)
def _url(url_name: str, meeting_id: int, prefix: str) -> str:
    return reverse(url_name, args=[meeting_id])


def navigation(can: dict[str, bool], meeting_id: int, view_name: str) -> list[NavPhase]:
    """The phases and sections ``can`` allows, in order, the one holding ``view_name`` current."""
    current = section_for(view_name)
    phases = []
    for key, label in PHASES:
        items = tuple(
            NavItem(s.key, _(s.label), _url(s.url_name, meeting_id, get_script_prefix()), current is not None and s.key == current.key)
            for s in sorted(_sections.values(), key=lambda s: (s.order, s.key))
            if s.phase == key and can.get(s.need, False)
        )
        if items:
            phases.append(NavPhase(key, _(label), items))
    return phases
