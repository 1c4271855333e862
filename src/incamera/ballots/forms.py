"""The organizers' setup form: one question per ballot on the page (a text put to the vote, or
an election to a bureau); ballots of several questions are set up through the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incamera.accounts.models import User
from incamera.resolutions.models import AdoptionMethod, Resolution, ResolutionState

if TYPE_CHECKING:
    from incamera.meetings.models import Meeting

__all__ = ["BallotForm", "ResolutionBallotForm"]


def _trustee_field(meeting: Meeting) -> forms.ModelMultipleChoiceField[User]:
    field = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Trustees"),
        queryset=User.objects.filter(memberships__meeting=meeting).distinct().order_by("full_name", "email"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Each makes a key in their own browser; the tally is decrypted only with all of them."),
    )
    field.label_from_instance = str  # type: ignore[method-assign, assignment]
    return field


class BallotForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    question = forms.CharField(label=gettext_lazy("Question"), max_length=500)
    answers = forms.CharField(
        label=gettext_lazy("Answers, one per line"),
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Yes\nNo\nAbstain",
        help_text=gettext_lazy("For an election, the candidates."),
    )
    minimum = forms.IntegerField(label=gettext_lazy("Fewest answers a voter chooses"), min_value=0, max_value=20, initial=1)
    maximum = forms.IntegerField(label=gettext_lazy("Most answers a voter chooses"), min_value=1, max_value=20, initial=1)
    blank = forms.BooleanField(label=gettext_lazy("A blank vote is allowed"), required=False, initial=True)
    weighted = forms.BooleanField(
        label=gettext_lazy("Weight each delegation's vote by the qualification matrix"),
        required=False,
        help_text=gettext_lazy("Chosen now, never after: the weights are fixed when the ballot is set up."),
    )

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trustees"] = _trustee_field(meeting)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        answers = [line.strip() for line in cleaned.get("answers", "").splitlines() if line.strip()]
        if not answers:
            self.add_error("answers", _("Give at least one answer."))
        low, high = cleaned.get("minimum"), cleaned.get("maximum")
        if low is not None and high is not None and not low <= high <= len(answers):
            self.add_error("maximum", _("Between the fewest and the number of answers (%(n)d).") % {"n": len(answers)})
        cleaned["answer_list"] = answers
        return cleaned

    def action_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        question = {"answers": data["answer_list"], "min": data["minimum"], "max": data["maximum"], "question": data["question"]}
        if data["blank"]:
            question["blank"] = True
        return {"title": data["title"], "questions": [question], "trustees": list(data["trustees"]), "weighted": data["weighted"]}


class ResolutionBallotForm(forms.Form):
    """Put a draft resolution whose adoption method is the secret ballot to the vote."""

    resolution = forms.ModelChoiceField(label=gettext_lazy("Resolution"), queryset=Resolution.objects.none())

    def __init__(self, meeting: Meeting, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "adopt")
        super().__init__(*args, **kwargs)
        field = self.fields["resolution"]
        field.queryset = Resolution.objects.filter(  # type: ignore[attr-defined]
            meeting=meeting, state=ResolutionState.DRAFT, adoption_method=AdoptionMethod.SECRET_BALLOT
        )
        field.label_from_instance = lambda row: row.title  # type: ignore[attr-defined]
        self.fields["trustees"] = _trustee_field(meeting)

    @property
    def empty(self) -> bool:
        return not self.fields["resolution"].queryset.exists()  # type: ignore[attr-defined]
