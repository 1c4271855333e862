"""The commitment pages' forms: an organizer records a commitment; the owner reports a value."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from incamera.commitments.conditions import COMPARISONS

__all__ = ["CommitmentForm", "ReportForm"]


class CommitmentForm(forms.Form):
    resolution = forms.TypedChoiceField(label=_("Resolution"), coerce=int)
    owner = forms.ChoiceField(label=_("Owner delegation"))
    description = forms.CharField(label=_("What the delegation commits to"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    metric = forms.CharField(
        label=_("Indicator"), max_length=64, help_text=_("A name in lower-case letters, digits and _, e.g. recycled_share.")
    )
    unit = forms.CharField(label=_("Unit"), max_length=32, required=False)
    comparison = forms.ChoiceField(label=_("Comparison"), choices=[(c, c) for c in COMPARISONS])
    target = forms.FloatField(label=_("Target"))
    due = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.DateField(
        label=_("Target met by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("By default the due date."),
    )

    advanced = forms.CharField(
        label=_("Condition as JSON (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text=_(
            'Replaces the comparison, target and date above, e.g. milestones: {"all": [{"metric": "recycled_share", '
            '"comparison": ">=", "target": 30, "by": "2027-06-30"}, {"metric": "recycled_share", "comparison": ">=", '
            '"target": 60, "by": "2028-06-30"}]}'
        ),
    )

    def __init__(self, *args: Any, resolutions: Sequence[tuple[int, str]], owners: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resolution"].choices = list(resolutions)  # type: ignore[attr-defined]
        self.fields["owner"].choices = [(o, o) for o in owners]  # type: ignore[attr-defined]

    def clean_advanced(self) -> object:
        text = self.cleaned_data["advanced"].strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise forms.ValidationError(_("This is not JSON: %(problem)s"), params={"problem": str(exc)}) from exc

    def condition(self) -> object:
        """The condition the form describes (conditions.py's JSON), checked by the action."""
        data = self.cleaned_data
        if data.get("advanced") is not None:
            return data["advanced"]
        by: dt.date = data.get("by") or data["due"]
        return {"metric": data["metric"].strip(), "comparison": data["comparison"], "target": data["target"], "by": by.isoformat()}


class ReportForm(forms.Form):
    value = forms.FloatField(label=_("Value"))
    date = forms.DateField(label=_("Measured on"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence = forms.FileField(
        label=_("Evidence file (optional)"),
        required=False,
        help_text=_("Sealed under the meeting's key; at most 5 MiB."),
    )
