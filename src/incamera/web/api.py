"""What every ``/api/v1`` router shares: the error schema and the mapping of domain errors to
responses (authentication by token is ``incamera.accounts.api``).

The API object itself, which assembles the domains' routers, is ``incamera/api.py`` at the top;
the routers import only this module, so nothing imports back up.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

from incamera.kernel.errors import Error, MentionsError, RowsInvalidError
from incamera.web.middleware import status_for

__all__ = ["ErrorOut", "error_body", "responses", "validation_body"]


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
    if isinstance(exc, MentionsError):
        body["mentions"] = [[start, end, kind] for start, end, kind in exc.mentions]
    return body, status_for(exc)


def responses(documented: dict[int, Any]) -> dict[int, Any]:
    """An operation's responses: its own, plus what every operation may answer (the contract
    clients rely on, issue 9 finding 13): 400 for a body that is not JSON, 401 without a valid
    token for the scope, 404 for what does not exist for the caller, 422 for a request that does
    not match the schema or the rules."""
    return {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut} | documented


def validation_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Ninja's list of validation errors as our error body: one message, naming the first field."""
    parts = []
    for error in errors[:10]:
        location = ".".join(str(part) for part in error.get("loc", ()) if part not in {"body", "query", "path", "payload"})
        parts.append(f"{location}: {error.get('msg', 'invalid')}" if location else str(error.get("msg", "invalid")))
    first = errors[0].get("loc", ()) if errors else ()
    field = next(
        (str(part) for part in reversed(first) if isinstance(part, str) and part not in {"body", "query", "path", "payload"}), None
    )
    body: dict[str, Any] = {"detail": "; ".join(parts) or "the request does not match the schema"}
    if field:
        body["field"] = field
    return body
