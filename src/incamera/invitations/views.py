"""Invitation pages: the organizer's view, and the invitee's identity-bound acceptance."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated, translated_diagnostics
from incamera.invitations import actions
from incamera.invitations.access import access_credential, access_focal_point, access_invitation, may_see_representatives
from incamera.invitations.forms import INVITATION_COLUMNS, CodeForm, InvitationForm, NewAccountForm
from incamera.kernel.errors import ConflictError, Error, InvalidInputError, InvitationError, NotFoundError, RowsInvalidError
from incamera.meetings.access import Need, access_meeting
from incamera.tables import write_csv, write_xlsx
from incamera.web.forms import TableFileForm
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def invitations(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_invite(meeting, actions.InvitationRow(**form.cleaned_data), by=request.user, base_url=_base_url(request))  # type: ignore[arg-type]
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, translated(exc))
            status = 422
        except ConflictError as exc:
            form.add_error("email", translated(exc))
            status = 409
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"].strip().lower()})
            return redirect("invitations:invitations", meeting.pk)
    return render(request, "invitations/invitations.html", _context(meeting, form=form), status=status)


def _context(meeting: Any, **extra: Any) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "invitations": list(meeting.invitations.select_related("answered_by")),
        "form": extra.pop("form", None) or InvitationForm(),
        "csv_form": extra.pop("csv_form", None) or TableFileForm(columns=INVITATION_COLUMNS),
        **extra,
    }


@login_required
@require_POST
def invitations_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    csv_form = TableFileForm(request.POST, request.FILES, columns=INVITATION_COLUMNS)
    row_errors: list[Any] = []
    if csv_form.is_valid():
        data = csv_form.cleaned_data["file"].read(actions.invitation_table().max_bytes + 1)  # one byte over: the action refuses it
        try:
            sent = actions.do_bulk_invite(meeting, data, by=request.user, base_url=_base_url(request))  # type: ignore[arg-type]
        except RowsInvalidError as exc:
            csv_form.add_error("file", translated(exc))
            row_errors = exc.rows
        except (InvalidInputError, ConflictError) as exc:
            csv_form.add_error("file", translated(exc))
        else:
            messages.success(
                request, ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", len(sent)) % {"count": len(sent)}
            )
            return redirect("invitations:invitations", meeting.pk)
    return render(request, "invitations/invitations.html", _context(meeting, csv_form=csv_form, row_errors=row_errors), status=422)


@login_required
@require_safe
def invitations_export(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's invitations as CSV, or XLSX with ``?format=xlsx``."""
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    header = ["email", "role", "full_name", "delegation", "status", "expires_at"]
    rows = actions.pending_rows(meeting.invitations.all())
    if request.GET.get("format") == "xlsx":
        body = write_xlsx(header, rows, title="invitations")
        return attachment(
            body,
            filename=f"meeting-{meeting.pk}-invitations.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(write_csv(header, rows), filename=f"meeting-{meeting.pk}-invitations.csv", content_type="text/csv; charset=utf-8")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, meeting_id: int, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(request.user, meeting_id, invitation_id)
    try:
        actions.do_revoke_invitation(invitation, by=request.user)  # type: ignore[arg-type]
    except ConflictError as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(request, _("Invitation to %(email)s revoked.") % {"email": invitation.email})
    return redirect("invitations:invitations", meeting_id)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, meeting_id: int, invitation_id: int) -> HttpResponse:
    invitation = access_invitation(request.user, meeting_id, invitation_id)
    try:
        actions.do_resend_invitation(invitation, by=request.user, base_url=_base_url(request))  # type: ignore[arg-type]
    except ConflictError as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(request, _("A new link was sent to %(email)s; the old one no longer works.") % {"email": invitation.email})
    return redirect("invitations:invitations", meeting_id)


# --- the invitee ---------------------------------------------------------------------------------
#
# The mailed link is /invitations/#<token>: a browser sends no fragment, so the token reaches
# neither the server nor its access log. The landing page posts it (app.js, or a form where the
# link is pasted); the token then lives in a cookie of the invitation pages, not in the session
# (the database keeps tokens only as digests) nor in any URL. Links mailed before that carry the
# token in the path; they still open the invitation (issue 9, finding 9).

INVITATION_COOKIE = "incamera_invitation"
INVITATION_COOKIE_SECONDS = 60 * 60


class InvitationLinkForm(forms.Form):
    link = forms.CharField(
        label=gettext_lazy("Link from the e-mail"),
        max_length=2000,
        widget=forms.TextInput(attrs={"data-fragment-input": True, "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_link(self) -> str:
        """The token, from a whole link (``…/invitations/#<token>``, or an old ``…/invitations/<token>/``)
        or from the token alone."""
        link: str = self.cleaned_data["link"].strip()
        if "#" in link:
            return link.rpartition("#")[2].strip("/ ")
        if "/invitations/" in link:
            return link.rpartition("/invitations/")[2].split("?")[0].strip("/ ")
        return link


def _signed_in(request: HttpRequest) -> User | None:
    return request.user if request.user.is_authenticated else None  # type: ignore[return-value]


def _unusable(request: HttpRequest, exc: NotFoundError | InvitationError) -> HttpResponse:
    if isinstance(exc, InvitationError):
        context = {"message": translated(exc), "reason": exc.reason}
        return render(request, "invitations/invitation_invalid.html", context, status=410)
    return render(request, "invitations/invitation_invalid.html", {"message": translated(exc)}, status=404)


def _hold(token: str) -> HttpResponse:
    """Go on to the invitation's page, the token kept in a cookie of the invitation pages only."""
    response = redirect("invitations:accept")
    response.set_cookie(
        INVITATION_COOKIE,
        token,
        max_age=INVITATION_COOKIE_SECONDS,
        path=reverse("invitations:open"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",  # the old links arrive from a mail client: a cross-site navigation
    )
    return response


def _forget(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(INVITATION_COOKIE, path=reverse("invitations:open"), samesite="Lax")
    return response


@sensitive_post_parameters("link")
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_open(request: HttpRequest) -> HttpResponse:
    """The mailed link's page: post the token from the link's fragment, then go on to the invitation."""
    form = InvitationLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["link"]
        try:
            actions.invitation_for_token(token)
        except (NotFoundError, InvitationError) as exc:
            return _unusable(request, exc)
        return _hold(token)
    return render(request, "invitations/invitation_open.html", {"form": form}, status=422 if request.method == "POST" else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation_old_link(request: HttpRequest, token: str) -> HttpResponse:
    """A link mailed with the token in its path: already in the access log, so it is taken once
    more, and the pages after it carry no token. A step posted from a page opened before the
    upgrade is not carried out: the person lands on the invitation's page and clicks again."""
    try:
        actions.invitation_for_token(token)
    except (NotFoundError, InvitationError) as exc:
        return _unusable(request, exc)
    return _hold(token)


@sensitive_post_parameters("code", "password")
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest) -> HttpResponse:
    """One page, three steps: ask for a code; enter it (and create an account if needed); done."""
    token = request.COOKIES.get(INVITATION_COOKIE, "")
    if not token:
        messages.info(request, _("Open the link from your invitation e-mail again."))
        return redirect("invitations:open")
    try:
        invitation = actions.invitation_for_token(token)
    except (NotFoundError, InvitationError) as exc:
        return _forget(_unusable(request, exc))
    user = _signed_in(request)
    account_exists = User.objects.filter(email__iexact=invitation.email).exists()
    form: CodeForm = (
        NewAccountForm(request.POST or None, initial={"full_name": invitation.full_name})
        if user is None and not account_exists
        else CodeForm(request.POST or None)
    )
    error = ""
    status = 200
    step = request.POST.get("step", "")
    try:
        if user is not None and user.email.lower() != invitation.email.lower():
            actions.do_send_invitation_code(token, user=user)  # raises: wrong identity
        if request.method == "POST" and step == "send":
            actions.do_send_invitation_code(token, user=user)
            messages.info(request, _("A code was sent to %(email)s.") % {"email": actions.mask_email(invitation.email)})
            return redirect("invitations:accept")
        if request.method == "POST" and step in {"accept", "decline"} and form.is_valid():
            code = form.cleaned_data["code"]
            if step == "decline":
                actions.do_decline_invitation(token, code=code, user=user)
                declined = {"message": _("You declined the invitation. Thank you for telling us.")}
                return _forget(render(request, "invitations/invitation_invalid.html", declined))
            new_account = None
            if isinstance(form, NewAccountForm):
                new_account = actions.NewAccount(full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password"])
            accepted, member = actions.do_accept_invitation(token, code=code, user=user, new_account=new_account)
            if user is None:
                login(request, member, backend="incamera.accounts.backends.SessionBackend")
            messages.success(request, _("Welcome. You now take part in this meeting."))
            return _forget(redirect("meetings:detail", accepted.meeting_id))
    except InvitationError as exc:
        error, status = translated(exc), (403 if exc.reason == "wrong_identity" else 400)
    except InvalidInputError as exc:
        error, status = translated_diagnostics(exc), 422
    context = {
        "invitation": invitation,
        "masked": actions.mask_email(invitation.email),
        "form": form,
        "error": error,
        "account_exists": account_exists,
        "code_sent": bool(invitation.code_digest),
        "wrong_identity": status == 403,
    }
    return render(request, "invitations/invitation.html", context, status=status)


class RepresentativeForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, widget=forms.EmailInput)
    credential = forms.FileField(
        label=gettext_lazy("Credential (PDF)"),
        help_text=gettext_lazy("For example the note verbale naming this representative; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def delegation_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    membership = access_focal_point(request.user, meeting_id)
    form = RepresentativeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["credential"]
        try:
            actions.do_approve_representative(
                membership,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                filename=upload.name,
                credential=upload.read(actions.CREDENTIAL_MAX_BYTES + 1),
                base_url=request.build_absolute_uri("/"),
            )
        except Error as exc:
            form.add_error("credential" if getattr(exc, "field", "") == "credential" else None, translated(exc))
            status = 422
        else:
            messages.success(
                request, _("Approved: an invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"].strip().lower()}
            )
            return redirect("invitations:delegation", meeting_id)
    elif request.method == "POST":
        status = 422
    meeting = membership.meeting
    context = {
        "meeting": meeting,
        "membership": membership,
        "form": form,
        "quota": actions.quota_of(membership),
        "used": actions.used_places(membership),
        "gated": not may_see_representatives(request.user, membership),
    }
    if not context["gated"]:
        context["taken"] = actions.places_taken(membership)
        context["invitations"] = actions.representatives_of(membership)
    return render(request, "invitations/delegation.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def credentials_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    if request.method == "POST":
        try:
            quota = int(request.POST.get("quota", ""))
            actions.do_set_quota(meeting, delegation=request.POST.get("delegation", "").strip(), quota=quota, by=request.user)  # type: ignore[arg-type]
        except ValueError:
            messages.error(request, _("The quota must be a whole number."))
        except Error as exc:
            messages.error(request, translated(exc))
        return redirect("invitations:credentials", meeting_id)
    context = {
        "meeting": meeting,
        "credentials": actions.credentials_of(meeting),
        "quotas": actions.quotas_for(meeting),
    }
    return render(request, "invitations/credentials.html", context)


@login_required
@require_safe
def credential_download(request: HttpRequest, meeting_id: int, credential_id: int) -> HttpResponse:
    credential = access_credential(request.user, meeting_id, credential_id)
    try:
        content = actions.credential_content(credential)
    except ConflictError as exc:  # shredded with the meeting's materials: say so on the list
        messages.error(request, translated(exc))
        return redirect("invitations:credentials", meeting_id)
    return attachment(content, filename=f"credential-{credential.pk}.pdf", content_type="application/pdf")
