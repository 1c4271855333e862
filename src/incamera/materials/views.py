"""Materials pages: the list, uploads, each recipient's own copy, the access log, leak tracing and
shredding."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import ConflictError, Error
from incamera.materials import actions
from incamera.materials.access import access_document
from incamera.meetings.access import Need, access_meeting, allowed
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment


class UploadForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=gettext_lazy("File (PDF, DOCX, TXT or Markdown)"),
        help_text=gettext_lazy("At most 20 MB. It is encrypted at once; each participant receives their own marked copy."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,.md"}),
    )


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def materials_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.CONTENT)
    organizer = allowed(request.user, meeting, Need.ORGANIZE)
    form = UploadForm(request.POST or None, request.FILES or None) if organizer else None
    status = 200
    if request.method == "POST":
        access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
        if form is not None and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                actions.do_upload(
                    meeting,
                    filename=upload.name,
                    title=form.cleaned_data["title"],
                    data=upload.read(actions.MAX_BYTES + 1),
                    by=_user(request),
                )
            except Error as exc:
                form.add_error("file", translated(exc))
                status = 422
            else:
                messages.success(request, _("Uploaded and encrypted."))
                return redirect("materials:list", meeting.pk)
        else:
            status = 422
    context = {
        "meeting": meeting,
        "documents": actions.documents_of(meeting),
        "form": form,
        "organizer": organizer,
        "shredded": actions.is_shredded(meeting),
    }
    return render(request, "materials/list.html", context, status=status)


@login_required
@require_GET  # not HEAD: every answer makes a marked copy and logs it as received
def download(request: HttpRequest, meeting_id: int, document_id: int) -> HttpResponse:
    document = access_document(request.user, meeting_id, document_id)
    try:
        copy = actions.recipient_copy(document, _user(request))
    except ConflictError as exc:  # shredded: say so on the list, not on an error page
        messages.error(request, translated(exc))
        return redirect("materials:list", meeting_id)
    return attachment(copy.data, filename=copy.filename, content_type=copy.content_type)


@login_required
@require_safe
def access_log(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    records = actions.access_records(meeting, document=request.GET.get("document", ""), person=request.GET.get("person", ""))
    return render(request, "materials/access.html", {"meeting": meeting, "records": records})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def trace_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    context: dict[str, object] = {"meeting": meeting}
    if request.method == "POST":
        upload = request.FILES.get("leaked")
        text = request.POST.get("text", "")
        data = upload.read(actions.MAX_BYTES) if upload else text.encode()
        if not data:
            context["error"] = _("paste the leaked text or choose the leaked file")
        else:
            try:
                user, confidence, candidates = actions.trace_copy(meeting, data)
            except Error as exc:  # e.g. the meeting's materials were shredded: say so
                context["error"] = translated(exc)
            else:
                context.update(traced=True, user=user, confidence=confidence, candidates=candidates)
    return render(request, "materials/trace.html", context, status=422 if context.get("error") else 200)


@login_required
@require_POST
def shred(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    if request.POST.get("confirm_title", "").strip() != meeting.title:
        messages.error(request, _("Type the meeting's title exactly to confirm; nothing was shredded."))
        return redirect("materials:list", meeting.pk)
    try:
        count = actions.do_shred_materials(meeting, by=_user(request))
    except Error as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(
            request, _("%(count)d documents shredded: their keys are destroyed and they can never be read again.") % {"count": count}
        )
    return redirect("materials:list", meeting.pk)
