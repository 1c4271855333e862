"""URL map.  Every route here is classified by role in tests/test_routes.py."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView

from incamera.api import api
from incamera.ledger.urls import site_urlpatterns


def healthz(request: HttpRequest) -> HttpResponse:
    """A bare view: liveness probes and the serving benchmark's baseline."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="meetings:dashboard"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("incamera.accounts.urls")),
    path("meetings/", include("incamera.meetings.urls")),
    path("", include("incamera.invitations.urls")),
    path("roster/", include("incamera.roster.urls")),
    path("", include("incamera.service.urls")),
    path("", include("incamera.vetting.urls")),
    path("", include("incamera.conduct.urls")),
    path("", include("incamera.room.urls")),
    path("", include("incamera.notes.urls")),
    path("", include("incamera.agreements.urls")),
    path("", include("incamera.materials.urls")),
    path("", include("incamera.resolutions.urls")),
    path("", include("incamera.ballots.urls")),
    path("", include("incamera.disclosure.urls")),
    path("", include("incamera.commitments.urls")),
    path("", include("incamera.signatures.urls")),
    path("api/v1/", api.urls),
    path("log/", include("incamera.ledger.urls")),
    path("", include((site_urlpatterns, "record"))),
    path("platform/", admin.site.urls),
]
