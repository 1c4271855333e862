"""Service pages: what catering, seating, cloakroom and interpretation staff see (codes and
needs only), and the organizers' code-to-person map."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import InvalidInputError
from incamera.meetings.access import Need, access_meeting, access_membership, allowed
from incamera.service import actions as service
from incamera.service.codes import SERVICES
from incamera.service.pdf import CateringRow, PdfWords, SeatCard, catering_list_pdf, seat_cards_pdf
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment

SERVICE_LABELS = {
    "seating": pgettext_lazy("service", "Seating"),
    "catering": pgettext_lazy("service", "Catering"),
    "cloakroom": pgettext_lazy("service", "Cloakroom"),
    "interpretation": pgettext_lazy("service", "Interpretation"),
}


def _labelled(services: tuple[str, ...]) -> list[tuple[str, str]]:
    """Each service code with its label in the reader's language."""
    return [(s, str(SERVICE_LABELS.get(s, s))) for s in services]


def _service_name(request: HttpRequest) -> str:
    name = request.GET.get("service", SERVICES[0])
    return name if name in SERVICES else SERVICES[0]


@login_required
@cached_page
@require_safe
def service_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.SERVICE)
    name = _service_name(request)
    organizer = allowed(request.user, meeting, Need.ORGANIZE)
    rows = service.service_rows(meeting, name, with_names=False)
    services = _labelled(SERVICES)
    context = {
        "meeting": meeting,
        "service": name,
        "service_label": dict(services)[name],
        "services": services,
        "rows": rows,
        "organizer": organizer,
    }
    return render(request, "service/service.html", context)


@login_required
@cached_page
@require_safe
def service_people(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Organizers only: which code stands for whom, and everyone's needs."""
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    rows = service.code_table(meeting)
    return render(request, "service/service_people.html", {"meeting": meeting, "rows": rows, "services": _labelled(SERVICES)})


@login_required
@require_POST
def service_issue(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    count = service.do_issue_service_codes(meeting, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("New service codes issued for %(count)d participants; earlier codes no longer apply.") % {"count": count})
    return redirect("service:people", meeting.pk)


@login_required
@require_POST
def service_needs(request: HttpRequest, meeting_id: int, membership_id: int) -> HttpResponse:
    membership = access_membership(request.user, meeting_id, membership_id)
    user: User = request.user  # type: ignore[assignment]
    try:
        service.do_set_needs(membership, dietary=request.POST.get("dietary", ""), access=request.POST.get("access", ""), by=user)
    except InvalidInputError as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(request, _("Needs saved for %(name)s.") % {"name": membership.user.display_name})
    return redirect("service:people", meeting_id)


def _pdf_words() -> PdfWords:
    """The printed words in the reader's language (the cards and lists are for the staff who
    download them)."""
    return PdfWords(
        seat=_("SEAT"),
        code=_("Code"),
        dietary_needs=_("Dietary needs"),
        no_codes=_("No codes on this list."),
        count=_("%(count)d codes. Service staff see codes only; organisers hold who is who."),
        not_printable=_(
            "Text marked “not printable” is written in a script these lists carry no font for. "
            "The organisers can read it in incamera: ask them before serving."
        ),
    )


@login_required
@require_safe
def seat_cards(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.SERVICE)
    rows = service.service_rows(meeting, "seating", with_names=False)
    body = seat_cards_pdf([SeatCard(code=r.code, needs=r.needs) for r in rows], occasion=service.occasion_of(meeting), words=_pdf_words())
    return attachment(body, filename=f"seat-cards-{meeting.pk}.pdf", content_type="application/pdf")


@login_required
@require_safe
def catering_list(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.SERVICE)
    rows = service.service_rows(meeting, "catering", with_names=False)
    body = catering_list_pdf(
        [CateringRow(code=r.code, needs=r.needs) for r in rows],
        title=_("Catering list"),
        occasion=service.occasion_of(meeting),
        words=_pdf_words(),
    )
    return attachment(body, filename=f"catering-{meeting.pk}.pdf", content_type="application/pdf")
