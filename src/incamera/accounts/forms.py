from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from incamera.accounts.models import ApiToken


class SignInForm(forms.Form):
    email = forms.CharField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username webauthn"}))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=[(s, s) for s in ApiToken.SCOPES], widget=forms.CheckboxSelectMultiple, initial=["meetings:read"]
    )
