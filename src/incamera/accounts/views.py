"""Account pages: sign-in (password or passkey), the password-reset link, passkeys, API tokens."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.accounts import passkeys
from incamera.accounts.access import access_api_token, access_passkey
from incamera.accounts.actions import check_sign_in, do_create_api_token, do_delete_passkey, do_revoke_api_token
from incamera.accounts.forms import SignInForm, TokenForm
from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, InvalidInputError, PasskeyError


def relying_party(request: HttpRequest) -> passkeys.RelyingParty:
    """The WebAuthn relying party for this request: its host (already checked against
    ALLOWED_HOSTS by Django) unless INCAMERA_RP_ID pins one.
    """
    from django.conf import settings

    host = request.get_host()
    rp_id = settings.INCAMERA_RP_ID or host.rsplit(":", 1)[0].strip("[]")
    return passkeys.RelyingParty(id=rp_id, origin=f"{request.scheme}://{host}", name=settings.INCAMERA_SITE_NAME)


def _client(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/meetings/"


@require_http_methods(["GET", "HEAD", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = check_sign_in(request, email=form.cleaned_data["email"], password=form.cleaned_data["password"], client=_client(request))
        except Error as exc:
            form.add_error(None, translated(exc))
            status = 401
        else:
            login(request, user, backend="incamera.accounts.backends.SessionBackend")
            return redirect(_next_url(request))
    return render(request, "accounts/signin.html", {"form": form, "next": _next_url(request)}, status=status)


class ResetLinkForm(forms.Form):
    link = forms.CharField(
        label=gettext_lazy("Link from the e-mail"),
        max_length=2000,
        widget=forms.TextInput(attrs={"data-fragment-input": True, "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_link(self) -> tuple[str, str]:
        """``(uidb64, token)`` from a whole link (``…/open/#<uid>/<token>``, or an old
        ``…/password-reset/<uid>/<token>/``) or from ``<uid>/<token>`` alone."""
        link: str = self.cleaned_data["link"].strip()
        key = link.rpartition("#")[2] if "#" in link else link.rpartition("/password-reset/")[2]
        uid, _slash, token = key.strip("/ ").partition("/")
        if not uid or not token or "/" in token:
            raise ValidationError(_("this is not a password-reset link; paste the whole link from the e-mail"))
        return uid, token


@sensitive_post_parameters("link")
@require_http_methods(["GET", "HEAD", "POST"])
def password_reset_open(request: HttpRequest) -> HttpResponse:
    """The mailed reset link's page. The link is ``/accounts/password-reset/open/#<uid>/<token>``:
    a browser sends no fragment, so the token reaches no access log; app.js posts it (or the link is
    pasted) and Django's confirmation view takes it from the session, as it does after its own
    first request, which carried the token in the path (issue 9, finding 9)."""
    form = ResetLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        uid, token = form.cleaned_data["link"]
        request.session[INTERNAL_RESET_SESSION_TOKEN] = token
        return redirect("accounts:password_reset_confirm", uidb64=uid, token=PasswordResetConfirmView.reset_url_token)
    return render(request, "accounts/password_reset_open.html", {"form": form}, status=422 if request.method == "POST" else 200)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:signin")


def _json_body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInputError(_("the request body is not JSON"), field="body") from exc
    if not isinstance(body, dict):
        raise InvalidInputError(_("the request body must be a JSON object"), field="body")
    return body


def _json_error(exc: Error) -> JsonResponse:
    return JsonResponse({"error": translated(exc)}, status=400)


@require_POST
def passkey_signin_begin(request: HttpRequest) -> JsonResponse:
    challenge_id, options = passkeys.begin_authentication(relying_party(request), purpose="signin")
    request.session["passkey_signin"] = challenge_id
    return JsonResponse(options)


@require_POST
def passkey_signin_finish(request: HttpRequest) -> JsonResponse:
    try:
        challenge_id, body = _pending(request, "passkey_signin", _("no passkey sign-in is pending; start again"))
        assertion = passkeys.finish_authentication(challenge_id, json.dumps(body.get("credential")), purpose="signin")
    except Error as exc:
        return _json_error(exc)
    login(request, assertion.user, backend="incamera.accounts.backends.SessionBackend")
    return JsonResponse({"ok": True, "next": _next_url(request)})


def _pending(request: HttpRequest, key: str, missing: str) -> tuple[int, dict[str, Any]]:
    """The ceremony this session began under ``key`` (taken: a challenge is answered once) and
    the posted body; PasskeyError(``missing``) when none is pending."""
    challenge_id = request.session.pop(key, None)
    if challenge_id is None:
        raise PasskeyError(missing)
    return int(challenge_id), _json_body(request)


@login_required
@require_safe
def passkey_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(request, "accounts/passkeys.html", {"passkeys": user.passkeys.order_by("created_at")})


@login_required
@require_POST
def passkey_register_begin(request: HttpRequest) -> JsonResponse:
    user: User = request.user  # type: ignore[assignment]
    challenge_id, options = passkeys.begin_registration(user, relying_party(request))
    request.session["passkey_register"] = challenge_id
    return JsonResponse(options)


@login_required
@require_POST
def passkey_register_finish(request: HttpRequest) -> JsonResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        challenge_id, body = _pending(request, "passkey_register", _("no passkey registration is pending; start again"))
        passkey = passkeys.finish_registration(user, challenge_id, json.dumps(body.get("credential")), name=str(body.get("name") or ""))
    except Error as exc:
        return _json_error(exc)
    return JsonResponse({"ok": True, "id": passkey.pk, "name": passkey.name})


@login_required
@require_POST
def passkey_delete(request: HttpRequest, passkey_id: int) -> HttpResponse:
    passkey = access_passkey(request.user, passkey_id)
    do_delete_passkey(passkey, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Passkey removed."))
    return redirect("accounts:passkeys")


@login_required
@require_POST
def passkey_confirm_begin(request: HttpRequest) -> JsonResponse:
    """Start the reusable "confirm with passkey" step over ``digest`` (hex SHA-256)."""
    user: User = request.user  # type: ignore[assignment]
    try:
        body = _json_body(request)
        if not user.passkeys.exists():
            raise PasskeyError(_("register a passkey first (Account → Passkeys)"))
        challenge_id, options = passkeys.begin_authentication(
            relying_party(request), purpose="confirm", user=user, digest=str(body.get("digest", ""))
        )
    except Error as exc:
        return _json_error(exc)
    request.session["passkey_confirm"] = challenge_id
    return JsonResponse(options)


@login_required
@require_POST
def passkey_confirm_finish(request: HttpRequest) -> JsonResponse:
    user: User = request.user  # type: ignore[assignment]
    try:
        challenge_id, body = _pending(request, "passkey_confirm", _("no confirmation is pending; start again"))
        assertion = passkeys.finish_authentication(
            challenge_id,
            json.dumps(body.get("credential")),
            purpose="confirm",
            user=user,
            confirm_purpose=str(body.get("purpose", ""))[:64],
        )
    except Error as exc:
        return _json_error(exc)
    assert assertion.confirmation is not None
    return JsonResponse({"ok": True, "confirmation": assertion.confirmation.pk, "digest": assertion.confirmation.digest})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            _row, created = do_create_api_token(user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"])
        except InvalidInputError as exc:
            form.add_error(None, translated(exc))
        else:
            form = TokenForm()
    return render(request, "accounts/tokens.html", {"form": form, "created": created, "tokens": user.api_tokens.order_by("-created_at")})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access_api_token(request.user, token_id)
    do_revoke_api_token(token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
