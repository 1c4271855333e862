from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Sequence

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from incamera.i18n.languages import language_choices
from incamera.meetings.models import Mode
from incamera.meetings.profiles import PROFILES
from incamera.secretariats.models import Secretariat

# Offered first: the zones where closed-door meetings are most often held.
COMMON_ZONES = (
    "UTC",
    "Europe/Zurich",
    "Europe/Brussels",
    "Europe/Paris",
    "Europe/London",
    "Europe/Vienna",
    "America/New_York",
    "America/Sao_Paulo",
    "Africa/Nairobi",
    "Africa/Addis_Ababa",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Australia/Sydney",
)
_REGION = re.compile(r"^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]")


@functools.cache
def timezone_choices() -> list[tuple[object, list[tuple[str, str]]]]:
    """The IANA zones of the world's regions (not "Factory", "localtime", "US/Eastern" or the
    fixed "Etc/GMT+5"), the common ones first, then every region's, by name."""
    regional = sorted(z for z in zoneinfo.available_timezones() if _REGION.match(z))
    common = [(z, z) for z in COMMON_ZONES]
    return [(_("Common"), common), (_("All regions"), [(z, z) for z in regional if z not in COMMON_ZONES])]


@functools.cache
def _zone_options(language: str | None) -> str:
    """The time-zone select's options as HTML, in one language: the same for every form."""
    del language  # the cache key: the group labels are translated

    def option(code: str) -> str:
        return format_html('<option value="{}">{}</option>', code, code)

    return "".join(
        format_html('<optgroup label="{}">{}</optgroup>', group, mark_safe("".join(option(code) for code, _label in options)))  # noqa: S308 - escaped above
        for group, options in timezone_choices()
    )


class TimezoneSelect(forms.Select):
    """The select of the ~420 time zones, written once per language and reused: Django's widget
    renders a template per option (30 ms of CPU per form), and even one pass of ``format_html``
    per option cost a quarter of the meeting form's page."""

    def render(self, name: str, value: object, attrs: dict[str, object] | None = None, renderer: object = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        options = _zone_options(get_language())
        if value not in (None, ""):
            marker = format_html('<option value="{}">', value)
            options = options.replace(marker, marker[:-1] + " selected>", 1)
        return format_html("<select{}>{}</select>", flatatt(final), mark_safe(options))  # noqa: S308 - escaped above


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        initial="UTC",
        help_text=_("Start and end are in this time zone."),
        choices=timezone_choices,  # a callable: each form copies a reference, not 420 choices
        widget=TimezoneSelect,
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    mode = forms.ChoiceField(label=_("Attendance"), choices=Mode.choices, initial=Mode.IN_PERSON)
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=language_choices(),
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
    )
    profile = forms.ChoiceField(
        label=_("Confidentiality profile"),
        choices=[(k.value, _(p.label)) for k, p in PROFILES.items()],
        widget=forms.RadioSelect,
        initial="chatham_house",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, secretariats: Sequence[Secretariat] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if len(secretariats) > 1:  # whose meeting it is: its roster is the one vetting draws on
            self.fields["secretariat"] = forms.TypedChoiceField(
                label=_("Secretariat"), choices=[(s.pk, s.name) for s in secretariats], coerce=int, initial=secretariats[0].pk
            )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Item"), max_length=200)
    description = forms.CharField(label=_("Notes for participants"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=1440)


class ChecklistItemForm(forms.Form):
    label = forms.CharField(label=_("Readiness item"), max_length=200)
    required = forms.BooleanField(label=_("Required before the session opens"), required=False, initial=True)
