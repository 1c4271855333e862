"""Forms every domain's pages share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = ["TableFileForm", "posted_id"]


class TableFileForm(forms.Form):
    """An uploaded CSV or XLSX table (read by ``incamera.tables``); the help text names the
    columns this import expects."""

    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args: Any, columns: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Columns: %(columns)s. CSV files in UTF-8.") % {"columns": ", ".join(columns)}


def posted_id(value: str | None) -> int:
    """A row id posted by a form, or 0 (which no row has) when it is missing or not a number:
    the action then answers "not found" instead of the page failing."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0
