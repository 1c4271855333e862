"""The NDA page: read it in your language, type your name, confirm with your passkey; the
organizers' editor; the signed PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from incamera.accounts.models import User
from incamera.agreements import actions, texts
from incamera.agreements.models import NdaSignature
from incamera.i18n.errors import translated
from incamera.i18n.languages import NATIVE_NAMES, language_choices
from incamera.kernel.errors import Error, NotFoundError
from incamera.meetings.access import Need, access_meeting
from incamera.meetings.models import Meeting
from incamera.web.forms import posted_id
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment


def _ltr(text: str) -> SafeString:
    """Digits, dates and codes kept left to right inside any paragraph, and isolated from it."""
    return format_html('<bdi dir="ltr">{}</bdi>', text)


def _signed(signature: NdaSignature) -> dict[str, SafeString]:
    """What the "you signed" line says: the version, the language signed and when, each isolated."""
    at = signature.signed_at
    return {
        "version": _ltr(str(signature.version.version)),
        "language": format_html('<bdi lang="{}">{}</bdi>', signature.language, NATIVE_NAMES[signature.language]),
        "when": format_html(
            '<bdi dir="ltr"><time datetime="{}">{} UTC</time></bdi>', at.strftime("%Y-%m-%dT%H:%MZ"), at.strftime("%Y-%m-%d %H:%M")
        ),
    }


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("language") or request.POST.get("language") or (get_language() or "en")[:2]
    return asked if asked in texts.LANGUAGES else "en"


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def nda_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.AGREEMENT)
    user: User = request.user  # type: ignore[assignment]
    version = actions.current_nda(meeting)
    language = _language(request)
    error = ""
    if request.method == "POST":
        try:
            actions.do_sign_nda(
                meeting,
                user,
                language=language,
                full_name=request.POST.get("full_name", ""),
                confirmation_id=posted_id(request.POST.get("confirmation")),
            )
        except Error as exc:
            error = translated(exc)
        else:
            messages.success(request, _("Thank you. The NDA is signed; the meeting's content is open to you."))
            return redirect("meetings:detail", meeting.pk)
    signature = actions.signature_of(user, version)
    shown = actions.shown_nda(version, language)
    earlier = None if signature else actions.latest_signature_of(user, meeting)
    context = {
        "meeting": meeting,
        "version": version,
        "language": language,
        "nda_languages": language_choices(texts.LANGUAGES),
        # Sanitised by markup.nda_html (an allow-list of tags, no attributes but <ol start>).
        "text_html": mark_safe(shown.html),  # noqa: S308
        "rtl": language in texts.RTL,
        "digest": shown.digest,
        "signature": signature,
        "signed": _signed(signature) if signature else None,
        "earlier": _signed(earlier) if earlier else None,
        "error": error,
        "has_passkey": user.passkeys.exists(),
        # Empty until typed: signing means typing one's name.  The account's name is the hint.
        "full_name": request.POST.get("full_name", ""),
        "expected_name": user.full_name,
    }
    return render(request, "agreements/nda.html", context, status=422 if error else 200)


@login_required
@require_safe
def nda_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    from incamera.agreements.pdf import signed_nda_pdf

    meeting = access_meeting(request.user, meeting_id, need=Need.AGREEMENT)
    version = actions.current_nda(meeting)
    user: User = request.user  # type: ignore[assignment]
    signature = actions.signature_of(user, version)
    if signature is None:
        raise NotFoundError("no signed NDA")
    body = signed_nda_pdf(
        text=version.texts[signature.language],
        language=signature.language,
        title=meeting.title,
        signatory=signature.full_name,
        account_name=signature.account_name,
        delegation=signature.delegation,
        signed_at=signature.signed_at.strftime("%Y-%m-%d %H:%M UTC"),
        digest=signature.digest,
        assertion_summary=f"passkey confirmation #{signature.confirmation_id}, user verification required",
    )
    return attachment(body, filename=f"nda-{meeting.pk}-v{version.version}.pdf", content_type="application/pdf")


def _posted_texts(request: HttpRequest) -> dict[str, str]:
    return {code: request.POST.get(f"text_{code}", "") for code in texts.LANGUAGES}


def _review(request: HttpRequest, meeting: Meeting, draft: actions.NdaDraft, *, error: str = "") -> HttpResponse:
    names = dict(language_choices(texts.LANGUAGES))
    context = {
        "meeting": meeting,
        "draft": draft,
        "next_version": draft.base.version + 1,
        "columns": [(code, names[code]) for code in texts.LANGUAGES],
        "rows": [
            [(code, code in texts.RTL, cell) for code, cell in zip(texts.LANGUAGES, row, strict=True)] for row in draft.side_by_side()
        ],
        "changes": [(change, names[change.language], change.language in texts.RTL) for change in draft.changes],
        "unchanged": [(code, names[code]) for code in draft.unchanged],
        "unchanged_value": " ".join(draft.unchanged),
        "hidden_texts": [(code, draft.texts[code]) for code in texts.LANGUAGES],
        "error": error,
    }
    return render(request, "agreements/review.html", context, status=422 if error else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def nda_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Edit, then review the changes side by side, then publish (``step`` says which)."""
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    version = actions.current_nda(meeting)
    error = ""
    shown = version.texts
    step = request.POST.get("step", "")
    if request.method == "POST" and step in {"review", "publish"}:
        try:
            draft = actions.check_edit_nda(meeting, _posted_texts(request))
        except Error as exc:
            error = translated(exc)
            shown = {**version.texts, **_posted_texts(request)}
        else:
            if step == "review":
                return _review(request, meeting, draft)
            try:
                new = actions.do_edit_nda(
                    meeting,
                    _posted_texts(request),
                    by=request.user,  # type: ignore[arg-type]
                    unchanged_confirmed=request.POST.get("confirm_unchanged", "").split(),
                    base_version=posted_id(request.POST.get("base_version")),
                    base_url=request.build_absolute_uri("/"),
                )
            except Error as exc:
                return _review(request, meeting, draft, error=translated(exc))
            messages.success(request, _("Version %(version)d published; everyone must sign it again.") % {"version": new.version})
            return redirect("agreements:edit", meeting.pk)
    elif request.method == "POST":  # back from the review, with the texts as edited
        shown = {**version.texts, **_posted_texts(request)}
    context = {
        "meeting": meeting,
        "version": version,
        "fields": [(code, NATIVE_NAMES[code], shown[code], code in texts.RTL) for code in texts.LANGUAGES],
        "unsigned": actions.unsigned_members(meeting),
        # Every version's signatures: who signed which version stays visible after a new one.
        "signatures": NdaSignature.objects.filter(meeting=meeting)
        .select_related("user", "version")
        .order_by("-version__version", "signed_at"),
        "error": error,
    }
    return render(request, "agreements/edit.html", context, status=422 if error else 200)
