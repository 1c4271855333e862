"""Template filters that turn stored codes into labels in the reader's language (``{% load incamera %}``).

The labels are in ``incamera.meetings.labels`` (roles: the model's choices); a code without a label
shows as itself, and a profile without a summary shows none.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from incamera.meetings.labels import PROFILE_LABELS, PROFILE_SUMMARIES, STATE_LABELS
from incamera.meetings.models import Meeting, Role

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


@register.inclusion_tag("meetings/partials/workspace_nav.html", takes_context=True)
def meeting_nav(context: template.Context, meeting: Meeting) -> dict[str, object]:
    """The meeting workspace's navigation (``meetings/workspace.py``) for the viewer of this page:
    only the sections their role may see, the current one marked."""
    from incamera.meetings.access import capabilities
    from incamera.meetings.workspace import navigation

    request = context["request"]
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match is not None else ""
    return {"meeting": meeting, "phases": navigation(capabilities(request.user, meeting), meeting.pk, view_name)}


@register.filter
def language_names(codes: list[str]) -> str:
    """Working-language codes as their names in themselves ("English, 中文"), not as codes."""
    from incamera.i18n.languages import NATIVE_NAMES

    return ", ".join(NATIVE_NAMES.get(code, code) for code in codes or [])


@register.filter
def event_label(code: str) -> str:
    """A logged event's name in the reader's language (its code when it has no label)."""
    from incamera.meetings.labels import EVENT_LABELS

    label = EVENT_LABELS.get(code)
    return _(label) if label is not None else code


@register.simple_tag
def event_fact(key: str, value: object) -> str:
    """One public fact of a logged event, in words: "from Draft", "role Delegate", "language 中文"."""
    from incamera.i18n.languages import NATIVE_NAMES
    from incamera.meetings.labels import FACT_LABELS, FACT_VALUE_LABELS

    text = str(value)
    if key in {"from", "to"}:
        text = state_label(text)
    elif key == "role":
        text = role_label(text)
    elif key == "profile":
        text = profile_label(text)
    elif key == "language":
        text = NATIVE_NAMES.get(text, text)
    elif text in FACT_VALUE_LABELS.get(key, {}):
        text = _(FACT_VALUE_LABELS[key][text])
    label = FACT_LABELS.get(key)
    return f"{_(label) if label is not None else key} {text}"
