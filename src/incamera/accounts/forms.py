from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from incamera.accounts.models import ApiToken, User


class SignInForm(forms.Form):
    email = forms.CharField(label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "username webauthn"}))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=[(s, s) for s in ApiToken.SCOPES], widget=forms.CheckboxSelectMultiple, initial=["meetings:read"]
    )


class RecordedSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    """Django's reset form, saving through an action so the change is recorded as an event."""

    def save(self, commit: bool = True) -> User:
        from incamera.accounts.actions import do_set_password

        return do_set_password(self.user, self.cleaned_data["new_password1"], reason="reset")
