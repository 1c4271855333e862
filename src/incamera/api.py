"""``/api/v1``: the JSON API (django-ninja), OpenAPI at /api/v1/openapi.json.

Authentication is a bearer API token (Account → API tokens) carrying scopes; each endpoint names
the scope it needs.  Domain errors map to the same statuses as the pages.  This module sits at the
top with ``urls.py``: it assembles the domains' routers, which import only ``incamera.web.api``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from incamera.ballots.api import router as ballots_router
from incamera.commitments.api import meeting_router as meeting_commitments_router
from incamera.commitments.api import router as commitments_router
from incamera.conduct.api import router as conduct_router
from incamera.invitations.api import router as invitations_router
from incamera.kernel.errors import Error
from incamera.meetings.api import router as meetings_router
from incamera.notes.api import router as notes_router
from incamera.resolutions.api import router as resolutions_router
from incamera.web.api import error_body, validation_body

__all__ = ["api"]

api = NinjaAPI(title="incamera API", version="1", urls_namespace="api", docs_url=None)
api.add_router("/meetings", meetings_router)
api.add_router("/meetings", invitations_router)
api.add_router("/meetings", conduct_router)
api.add_router("/meetings", notes_router)
api.add_router("/meetings", resolutions_router)
api.add_router("/meetings", meeting_commitments_router)
api.add_router("/meetings", ballots_router)
api.add_router("/commitments", commitments_router)


@api.exception_handler(Error)
def domain_error(request: HttpRequest, exc: Error) -> HttpResponse:
    body, status = error_body(exc)
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def schema_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, validation_body(list(exc.errors)), status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "a valid API token with the scope this operation needs is required"}, status=401)
