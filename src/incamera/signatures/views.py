"""My signing key (register, revoke), the signing panel of an adopted resolution, and its
signature bundle.  The browser's part is ``static/incamera/signing.js``: it makes the key with
WebCrypto, keeps it in IndexedDB, signs the digest and runs the passkey confirmation."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, PasskeyError
from incamera.ledger.keys import log_vkeys
from incamera.resolutions.actions import digests_of
from incamera.resolutions.models import ResolutionState
from incamera.signatures import actions
from incamera.signatures.access import access_resolution_record, access_resolution_signatures, access_signing_key
from incamera.signatures.bundle import (
    AssertionCheckError,
    Bundle,
    DigestMismatchError,
    LogInclusionError,
    MalformedSignatureBundleError,
    WebCryptoSignatureError,
    verify_bundle,
)
from incamera.signatures.forms import VerifyBundleForm
from incamera.web.forms import posted_id
from incamera.web.middleware import status_for
from incamera.web.responses import attachment


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _refused(exc: Error) -> JsonResponse:
    status = 422 if isinstance(exc, PasskeyError) else status_for(exc)
    return JsonResponse({"error": translated(exc)}, status=status)


@login_required
@require_safe
def key_page(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    context = {
        "key": actions.active_key_of(user),
        "revoked": user.signing_keys.filter(revoked_at__isnull=False)[:10],
        "has_passkey": user.passkeys.exists(),
    }
    return render(request, "signatures/key.html", context)


@login_required
@require_POST
def key_register(request: HttpRequest) -> JsonResponse:
    body = _body(request)
    try:
        key = actions.do_register_signing_key(
            request.user,  # type: ignore[arg-type]
            algorithm=str(body.get("algorithm", "")),
            public_key=str(body.get("public_key", "")),
            confirmation_id=posted_id(str(body.get("confirmation", ""))),
        )
    except Error as exc:
        return _refused(exc)
    return JsonResponse({"ok": True, "key": key.pk, "fingerprint": key.fingerprint})


@login_required
@require_POST
def key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    key = access_signing_key(request.user, key_id)
    try:
        actions.do_revoke_signing_key(request.user, key.pk)  # type: ignore[arg-type]
    except Error as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(request, _("Your signing key is revoked: it signs nothing from now on. Remove it from this browser too."))
    return redirect("signatures:key")


@login_required
@require_safe
def sign_page(request: HttpRequest, meeting_id: int, resolution_id: int) -> HttpResponse:
    resolution = access_resolution_signatures(request.user, meeting_id, resolution_id)
    user: User = request.user  # type: ignore[assignment]
    digests = digests_of(resolution)
    context = {
        "meeting": resolution.meeting,
        "resolution": resolution,
        "digests": digests,
        "adopted": resolution.state == ResolutionState.ADOPTED,
        "may_sign": actions.may_sign(user, resolution) is not None,
        "mine": actions.signature_of(user, resolution),
        "key": actions.active_key_of(user),
        "has_passkey": user.passkeys.exists(),
        "signatures": actions.signatures_of(resolution),
        "purpose": actions.SIGN_PURPOSE,
    }
    return render(request, "signatures/sign.html", context)


@login_required
@require_POST
def sign_submit(request: HttpRequest, meeting_id: int, resolution_id: int) -> JsonResponse:
    resolution = access_resolution_signatures(request.user, meeting_id, resolution_id)
    body = _body(request)
    try:
        actions.do_sign_resolution(
            resolution,
            request.user,  # type: ignore[arg-type]
            digest=str(body.get("digest", "")),
            signature=str(body.get("signature", "")),
            confirmation_id=posted_id(str(body.get("confirmation", ""))),
        )
    except Error as exc:
        return _refused(exc)
    return JsonResponse({"ok": True})


@login_required
@require_safe
def bundle_json(request: HttpRequest, meeting_id: int, resolution_id: int) -> HttpResponse:
    resolution = access_resolution_record(request.user, meeting_id, resolution_id)
    text = actions.bundle_of(resolution).to_json() + "\n"
    return attachment(text, filename=f"resolution-{resolution.uuid}-signatures.json", content_type="application/json")


@login_required
@require_safe
def record_pdf(request: HttpRequest, meeting_id: int, resolution_id: int) -> HttpResponse:
    """The adopted resolution's record: every language version, signers and reservations, sealed
    by the secretariat with the signature bundle attached (``resolutions/record.py``)."""
    resolution = access_resolution_record(request.user, meeting_id, resolution_id)
    return attachment(actions.record_of(resolution), filename=f"resolution-{resolution.uuid}.pdf", content_type="application/pdf")


def _bundle_meaning(exc: Error) -> str:
    """What a failed check means for the reader; the technical message goes in a <details>."""
    if isinstance(exc, MalformedSignatureBundleError):
        return _("This is not a signature bundle this page can read. Use the file exactly as it was published.")
    if isinstance(exc, DigestMismatchError):
        return _(
            "The texts do not match what was signed: the bundle's digests were changed, or the text given is not the latest "
            "version's text in that language."
        )
    if isinstance(exc, WebCryptoSignatureError | AssertionCheckError):
        return _("A signature in the bundle does not verify: the bundle was altered, or a signature was made over something else.")
    if isinstance(exc, LogInclusionError):
        return _("A signature is not proven to be in the transparency log the bundle names: the bundle was altered.")
    return translated(exc)


@require_http_methods(["GET", "HEAD", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Anyone checks a resolution's signature bundle, as ``incamera verify signature`` does."""
    form = VerifyBundleForm(request.POST, request.FILES) if request.method == "POST" else VerifyBundleForm()
    context: dict[str, object] = {"form": form, "vkey": log_vkeys()[0]}
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                bundle = Bundle.from_json(form.cleaned_data["bundle_text"])
                texts = form.texts()
                verify_bundle(bundle, texts=texts)
            except Error as exc:
                context["error"] = _bundle_meaning(exc)
                context["error_detail"] = exc.message
            else:
                status = 200
                latest = sorted(bundle.versions[-1].texts.items())
                context.update(bundle=bundle, this_log=bundle.log_vkey in log_vkeys(), texts_checked=sorted(texts), latest_texts=latest)
    return render(request, "signatures/verify.html", context, status=status)
