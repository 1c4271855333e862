"""Focal-point pages: approving one's delegation's representatives with a credential, and the
organizers' view of credentials and quotas."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from incamera.core.access import Need, access_credential, access_focal_point, access_meeting
from incamera.core.errors import Error
from incamera.core.i18n import translated
from incamera.participants import focal
from incamera.participants.models import Credential, Invitation


class RepresentativeForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, widget=forms.EmailInput)
    credential = forms.FileField(
        label=gettext_lazy("Credential (PDF)"),
        help_text=gettext_lazy("For example the note verbale naming this representative; at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delegation_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    membership = access_focal_point(request.user, meeting_id)
    form = RepresentativeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["credential"]
        try:
            focal.do_approve_representative(
                membership,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                filename=upload.name,
                credential=upload.read(focal.CREDENTIAL_MAX_BYTES + 1),
                base_url=request.build_absolute_uri("/"),
            )
        except Error as exc:
            form.add_error("credential" if getattr(exc, "field", "") == "credential" else None, translated(exc))
            status = 422
        else:
            messages.success(
                request, _("Approved: an invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"].strip().lower()}
            )
            return redirect("focal:delegation", meeting_id)
    elif request.method == "POST":
        status = 422
    meeting = membership.meeting
    context = {
        "meeting": meeting,
        "membership": membership,
        "form": form,
        "quota": focal.quota_of(membership),
        "used": focal.used_places(membership),
        "invitations": Invitation.objects.filter(meeting=meeting, delegation=membership.delegation).order_by("-created_at"),
    }
    return render(request, "participants/delegation.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def credentials_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    if request.method == "POST":
        try:
            quota = int(request.POST.get("quota", ""))
            focal.do_set_quota(meeting, delegation=request.POST.get("delegation", "").strip(), quota=quota, by=request.user)  # type: ignore[arg-type]
        except ValueError:
            messages.error(request, _("The quota must be a whole number."))
        except Error as exc:
            messages.error(request, translated(exc))
        return redirect("focal:credentials", meeting_id)
    context = {
        "meeting": meeting,
        "credentials": Credential.objects.filter(meeting=meeting).select_related("invitation", "uploaded_by").order_by("-uploaded_at"),
        "quotas": focal.quotas_for(meeting),
    }
    return render(request, "participants/credentials.html", context)


@login_required
@require_GET
def credential_download(request: HttpRequest, meeting_id: int, credential_id: int) -> HttpResponse:
    credential = access_credential(request.user, meeting_id, credential_id)
    response = HttpResponse(bytes(credential.data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.pk}.pdf"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


__all__ = ["credential_download", "credentials_page", "delegation_page"]
