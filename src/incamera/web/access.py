"""The one lookup every ``access_*`` function ends with: an object, or NotFoundError.

What a person may not see does not exist for them, so "absent" and "not yours" are the same
error (the web layer answers 404 for both, never 403), and a malformed id is absent too.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from incamera.kernel.errors import NotFoundError

__all__ = ["get_or_404"]

M = TypeVar("M", bound=models.Model)


def get_or_404(rows: models.QuerySet[M] | type[M], what: str, **lookup: Any) -> M:
    """The one row of ``rows`` matching ``lookup``, or NotFoundError("no <what>")."""
    queryset = rows._default_manager.all() if isinstance(rows, type) else rows
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError) as exc:
        raise NotFoundError(f"no {what}") from exc
