"""Domain errors in the reader's language, for pages (the API stays English).

Actions translate their messages when they raise them.  The pure modules cannot (they do not import
Django), so ``core/text.py`` gives InvalidInputError an English ``template`` and its ``params``,
translated here when the error is shown.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from incamera.kernel.errors import Error, InvalidInputError, RowsInvalidError

__all__ = ["field_name", "translated", "translated_diagnostics"]

# The names of the fields that messages are about, as diagnostics show them ("title: is required").
# English keeps the identifier itself; other languages translate it.
FIELD_NAMES: dict[str, Promise] = {
    "title": pgettext_lazy("field name", "title"),
    "description": pgettext_lazy("field name", "description"),
    "venue": pgettext_lazy("field name", "venue"),
    "timezone": pgettext_lazy("field name", "timezone"),
    "profile": pgettext_lazy("field name", "profile"),
    "mode": pgettext_lazy("field name", "mode"),
    "ends_at": pgettext_lazy("field name", "ends_at"),
    "languages": pgettext_lazy("field name", "languages"),
    "minutes": pgettext_lazy("field name", "minutes"),
    "label": pgettext_lazy("field name", "label"),
    "state": pgettext_lazy("field name", "state"),
    "role": pgettext_lazy("field name", "role"),
    "email": pgettext_lazy("field name", "email"),
    "full_name": pgettext_lazy("field name", "full_name"),
    "delegation": pgettext_lazy("field name", "delegation"),
    "password": pgettext_lazy("field name", "password"),
    "name": pgettext_lazy("field name", "name"),
    "scopes": pgettext_lazy("field name", "scopes"),
    "file": pgettext_lazy("field name", "file"),
}


def field_name(field: str) -> str:
    """``field`` as the reader's language names it (an unknown field keeps its identifier)."""
    name = FIELD_NAMES.get(field)
    return str(name) if name is not None else field


def translated(exc: Error) -> str:
    """The message of ``exc`` in the active language."""
    if isinstance(exc, RowsInvalidError):
        count = len(exc.rows)
        message = ngettext("%(count)d row has errors; nothing was imported", "%(count)d rows have errors; nothing was imported", count)
        return message % {"count": count}
    if isinstance(exc, InvalidInputError) and exc.template:
        return _(exc.template) % exc.params
    return exc.message


def translated_diagnostics(exc: Error) -> str:
    """Like ``exc.diagnostics()``, in the active language."""
    if isinstance(exc, InvalidInputError) and not isinstance(exc, RowsInvalidError) and exc.field:
        return _("%(field)s: %(message)s") % {"field": field_name(exc.field), "message": translated(exc)}
    if isinstance(exc, InvalidInputError) and not isinstance(exc, RowsInvalidError):
        return translated(exc)
    return exc.diagnostics()
