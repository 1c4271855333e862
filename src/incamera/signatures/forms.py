"""The public page's form: a signature bundle (uploaded or pasted) and, optionally, one text of
the latest version to check against its digest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incamera.i18n.languages import NATIVE_NAMES
from incamera.resolutions.digests import LANGUAGES

# A bundle of 2,000 signers is about 3.7 MB of JSON; a larger one is not a resolution's.
MAX_BUNDLE_BYTES = 4 * 1024 * 1024
MAX_TEXT_CHARS = 500_000


class VerifyBundleForm(forms.Form):
    bundle_file = forms.FileField(
        label=gettext_lazy("Signature bundle (JSON file)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    bundle = forms.CharField(
        label=gettext_lazy("Or paste the bundle"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Language of the text"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Text of the latest version (optional)"),
        required=False,
        strip=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Pasted as published: line endings and trailing spaces do not change the digest."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *((code, NATIVE_NAMES.get(code, code)) for code in LANGUAGES)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload, pasted = cleaned.get("bundle_file"), cleaned.get("bundle") or ""
        if upload:
            if upload.size > MAX_BUNDLE_BYTES:
                self.add_error("bundle_file", _("The file is larger than %(limit)s MB; a signature bundle is smaller.") % {"limit": 4})
            else:
                try:
                    cleaned["bundle_text"] = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    self.add_error("bundle_file", _("The file is not UTF-8 text; a signature bundle is JSON in UTF-8."))
        elif pasted.strip():
            if len(pasted.encode()) > MAX_BUNDLE_BYTES:
                self.add_error("bundle", _("The text is larger than %(limit)s MB; a signature bundle is smaller.") % {"limit": 4})
            cleaned["bundle_text"] = pasted
        else:
            self.add_error("bundle_file", _("Choose the bundle's file, or paste the bundle below."))
        if cleaned.get("text", "").strip() and not cleaned.get("language"):
            self.add_error("language", _("Say which language the text is in."))
        return cleaned

    def texts(self) -> dict[str, str]:
        text, language = self.cleaned_data.get("text", ""), self.cleaned_data.get("language", "")
        return {language: text} if text.strip() and language else {}
