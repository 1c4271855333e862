"""Messages of pure modules: English text that keeps its template and values for translation.

Pure modules cannot call Django's gettext.  They write English, mark each template with
``gettext_noop`` (so ``makemessages`` extracts it) and keep ``template`` and ``params`` on the
error or notice; ``i18n/errors.py`` translates them where a page shows them.
"""

from __future__ import annotations

from typing import Self

from incamera.kernel.errors import InvalidInputError

__all__ = ["Notice", "gettext_noop", "invalid"]


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation, unchanged (makemessages extracts these calls)."""
    return message


def invalid(template: str, *, field: str, **params: object) -> InvalidInputError:
    """An InvalidInputError whose message is ``template % params``, keeping both for translation."""
    return InvalidInputError(template % params, field=field, template=template, params=params)


class Notice(str):
    """English text (it is a ``str``) that keeps its template and values: ``template % params``."""

    __slots__ = ("params", "template")
    template: str
    params: dict[str, object]

    def __new__(cls, template: str, **params: object) -> Self:
        notice = super().__new__(cls, template % params)
        notice.template = template
        notice.params = params
        return notice
