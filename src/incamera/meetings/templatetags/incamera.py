"""Template filters that turn stored codes into labels in the reader's language (``{% load incamera %}``).

The labels are in ``incamera.meetings.labels`` (roles: the model's choices); a code without a label
shows as itself, and a profile without a summary shows none.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from incamera.meetings.labels import PROFILE_LABELS, PROFILE_SUMMARIES, STATE_LABELS
from incamera.meetings.models import Role

register = template.Library()


@register.filter
def state_label(value: str) -> str:
    label = STATE_LABELS.get(value)
    return _(label) if label is not None else value


@register.filter
def profile_label(value: str) -> str:
    label = PROFILE_LABELS.get(value)
    return _(label) if label is not None else value


@register.filter
def profile_summary(value: str) -> str:
    summary = PROFILE_SUMMARIES.get(value)
    return _(summary) if summary is not None else ""


@register.filter
def role_label(value: str | None) -> str:
    if not value:
        return "—"
    return str(Role(value).label) if value in Role.values else value


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
