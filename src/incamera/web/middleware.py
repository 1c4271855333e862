"""Security headers that Django does not set itself."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Deny powerful browser features; allow WebAuthn on our own origin only."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.headers.setdefault("Cache-Control", "private, no-store")
        return response


class ErrorMiddleware:
    """Map domain errors that escape a view to responses: NotFoundError → 404 (what you may not
    see does not exist), any other incamera Error → 400 with its message.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.http import Http404
        from django.shortcuts import render

        from incamera.kernel.errors import Error, NotFoundError

        if isinstance(exception, NotFoundError):
            raise Http404(exception.message) from exception
        if isinstance(exception, Error):
            return render(request, "error.html", {"error": exception}, status=status_for(exception))
        return None


def status_for(error: Exception) -> int:
    """The HTTP status that stands for a domain error (shared by pages and the API)."""
    from incamera.kernel import errors

    table: list[tuple[type[Exception], int]] = [
        (errors.NotFoundError, 404),
        (errors.ConflictError, 409),
        (errors.TransitionError, 409),
        (errors.InvitationError, 410),
        (errors.AuthenticationError, 401),
        (errors.InvalidInputError, 422),
    ]
    for kind, status in table:
        if isinstance(error, kind):
            return status
    return 400
