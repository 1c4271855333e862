"""Template filters that turn stored codes into translated labels."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from incamera.meetings.models import Role
from incamera.meetings.profiles import PROFILES, ProfileKey

register = template.Library()

STATE_LABELS = {
    "draft": gettext_noop("Draft"),
    "preparing": gettext_noop("Preparing"),
    "in_session": gettext_noop("In session"),
    "closed": gettext_noop("Closed"),
    "archived": gettext_noop("Archived"),
}
PROFILE_LABELS = {key.value: gettext_noop(p.label) for key, p in PROFILES.items()}
PROFILE_SUMMARIES = {key.value: gettext_noop(p.summary) for key, p in PROFILES.items()}
# Literal copies of the profile table's labels, so that makemessages extracts them.
PROFILE_TEXTS = [
    gettext_noop("Chatham House"),
    gettext_noop("Three nos"),
    gettext_noop("Closed record"),
    gettext_noop("Participants may use what is said, but never reveal who said it."),
    gettext_noop("No minute-taker, no official statement, no press. Only outcomes are kept."),
    gettext_noop("An attributed record is kept and sealed; only a custodian quorum can open it."),
]
CHECKLIST_LABELS = [
    gettext_noop("All NDAs signed"),
    gettext_noop("Interpretation booths isolated"),
    gettext_noop("Device lockers at the door"),
    gettext_noop("Shredding arranged for paper copies"),
    gettext_noop("Shielded room checked"),
    gettext_noop("No minute-taker or recording device in the room"),
    gettext_noop("Record custodians named"),
]


@register.filter
def state_label(value: str) -> str:
    return _(STATE_LABELS.get(value, value))


@register.filter
def profile_label(value: str) -> str:
    return _(PROFILE_LABELS.get(value, value))


@register.filter
def profile_summary(value: str) -> str:
    return _(PROFILE_SUMMARIES.get(value, ProfileKey(value).value))


@register.filter
def role_label(value: str | None) -> str:
    if not value:
        return "—"
    return str(Role(value).label)


@register.filter
def explained(value: object) -> str:
    """A matrix assessment's or an observer-rule outcome's explanation, in the reader's language."""
    render = getattr(value, "render", None)
    if callable(render):  # rules.RuleOutcome
        return str(render(_))
    parts = getattr(value, "explanation_parts", ())
    if parts:
        return " ".join(_(template) % params for template, params in parts)
    return str(getattr(value, "explanation", ""))
