from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incamera.meetings.models import Role

INVITATION_COLUMNS = ("email", "role", "full_name", "delegation")


class InvitationForm(forms.Form):
    email = forms.CharField(label=_("E-mail"), max_length=254, widget=forms.EmailInput)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.DELEGATE)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    delegation = forms.CharField(label=_("Delegation"), max_length=200, required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the e-mail"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class NewAccountForm(CodeForm):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), min_length=10
    )
