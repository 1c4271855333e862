"""Forms every domain's pages share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = ["TableFileForm"]


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
