"""Pages of the session: the inclusion report (seat and speaking shares, with alarms)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from incamera.conduct import actions as conduct
from incamera.conduct.inclusion import Bound, Notice
from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, InvalidInputError
from incamera.meetings.access import Need, access_meeting
from incamera.roster.models import DelegationKind
from incamera.tables import write_csv
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment


def _in_language(notice: Notice | None) -> str:
    """A pure module's English notice, in the reader's language."""
    if notice is None:
        return ""
    return _(notice.template) % notice.params


def _by_label(shares: dict[str, float], *, kinds: bool) -> list[tuple[str, float]]:
    """Chart rows: each group under the roster's label for it (a kind's label, not its code)."""
    labels = {code: str(label) for code, label in DelegationKind.choices} if kinds else {}
    return sorted(((labels.get(group, group), share) for group, share in shares.items()), key=lambda row: row[0])


def _report_params(request: HttpRequest) -> tuple[int, int, list[Bound]]:
    try:
        minutes = int(request.GET.get("minutes", "90"))
        floor = int(request.GET.get("floor", "120"))
        max_ratio = float(request.GET.get("max_ratio", "3"))
        max_gini = float(request.GET.get("max_gini", "0.4"))
    except ValueError as exc:
        raise InvalidInputError(_("the session length, floor and bounds must be numbers"), field="minutes") from exc
    bounds = [Bound("multinational_sme_seat_ratio", max=max_ratio), Bound("gini_speaking_participants", max=max_gini)]
    return minutes * 60, floor, bounds


@login_required
@cached_page
@require_safe
def inclusion_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    context: dict[str, Any] = {"meeting": meeting, "params": request.GET}
    status = 200
    try:
        session, floor, bounds = _report_params(request)
        delegations, budgets = conduct.speaking_for(meeting, session_seconds=session, floor_seconds=floor)
        report = conduct.inclusion_for(meeting, session_seconds=session, floor_seconds=floor, bounds=bounds)
    except Error as exc:
        context["error"] = translated(exc)
        status = 422 if request.GET else 200
    else:
        context.update(
            report=report,
            alarms=[_in_language(alarm.message) for alarm in report.alarms],
            bounds={bound.metric: bound.max for bound in bounds},
            seat_ratio_reason=_in_language(report.multinational_sme_seat_ratio.reason),
            speaking_ratio_reason=_in_language(report.multinational_sme_speaking_ratio.reason),
            budgets=[(d, budgets.seconds[d.name], budgets.seconds[d.name] // 60) for d in delegations],
            notice=_in_language(budgets.notice),
            charts=[
                (_("Seats by category"), _by_label(report.seat_share_by_category, kinds=True)),
                (_("Speaking time by category"), _by_label(report.speaking_share_by_category, kinds=True)),
                (_("Seats by region"), _by_label(report.seat_share_by_region, kinds=False)),
                (_("Speaking time by region"), _by_label(report.speaking_share_by_region, kinds=False)),
            ],
        )
    return render(request, "conduct/inclusion.html", context, status=status)


@login_required
@require_safe
def inclusion_csv(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    session, floor, bounds = _report_params(request)
    report = conduct.inclusion_for(meeting, session_seconds=session, floor_seconds=floor, bounds=bounds)
    return attachment(
        write_csv(["metric", "group", "value"], report.to_csv_rows()),
        filename=f"inclusion-{meeting.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )
