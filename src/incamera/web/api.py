"""What every ``/api/v1`` router shares: the error schema and the mapping of domain errors to
responses (authentication by token is ``incamera.accounts.api``).

The API object itself, which assembles the domains' routers, is ``incamera/api.py`` at the top;
the routers import only this module, so nothing imports back up.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

from incamera.kernel.errors import Error, RowsInvalidError
from incamera.web.middleware import status_for

__all__ = ["ErrorOut", "error_body"]


class ErrorOut(Schema):
    detail: str


def error_body(exc: Error) -> tuple[dict[str, Any], int]:
    """The JSON body and HTTP status that stand for a domain error."""
    body: dict[str, Any] = {"detail": exc.message}
    field = getattr(exc, "field", None)
    if field:
        body["field"] = field
    if isinstance(exc, RowsInvalidError):
        body["rows"] = [{"row": r.row, "field": r.field, "message": r.message} for r in exc.rows]
    return body, status_for(exc)
