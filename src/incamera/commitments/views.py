"""The commitments dashboard (the workspace's Outcomes → Commitments): status counts per resolution
and per delegation, the fulfilment rate over time (an SVG chart drawn on the server, with a table
beside it), each commitment with its status and the rule that decided it; a commitment's page
with its reports and the owner's form; CSV/XLSX import of reports and export of the dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from incamera.accounts.models import User
from incamera.commitments import actions
from incamera.commitments.access import access_commitment, access_commitments, access_evidence, may_report, reportable_commitments
from incamera.commitments.conditions import STATUS_LABELS, Status
from incamera.commitments.forms import CommitmentForm, ReportForm
from incamera.i18n.errors import translated
from incamera.kernel.errors import InvalidInputError, RowsInvalidError, TransitionError
from incamera.meetings.access import Need, allowed
from incamera.meetings.models import Meeting
from incamera.resolutions.access import access_resolution
from incamera.tables import write_csv, write_xlsx
from incamera.web.forms import TableFileForm
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment

_CHART_HEIGHT = 120
_BAR = 28
_GAP = 8


def _chart(rate: list[tuple[Any, int, int]]) -> dict[str, Any]:
    """Bar geometry for the fulfilment rate at each month's end (percent of the commitments then)."""
    bars = []
    for i, (end, fulfilled, total) in enumerate(rate):
        percent = round(100 * fulfilled / total) if total else 0
        height = round(_CHART_HEIGHT * percent / 100)
        bars.append(
            {
                "month": end.strftime("%Y-%m"),
                "end": end,
                "x": 40 + i * (_BAR + _GAP),
                "y": 10 + _CHART_HEIGHT - height,
                "height": height,
                "percent": percent,
                "fulfilled": fulfilled,
                "total": total,
            }
        )
    return {"bars": bars, "width": 40 + len(bars) * (_BAR + _GAP), "height": _CHART_HEIGHT + 40, "base": 10 + _CHART_HEIGHT, "bar": _BAR}


def _statuses() -> list[tuple[str, str]]:
    return [(status.value, _(STATUS_LABELS[status])) for status in (Status.FULFILLED, Status.ON_TRACK, Status.AT_RISK, Status.OVERDUE)]


def _commitment_form(meeting: Meeting, data: Any = None) -> CommitmentForm:
    resolutions = [(r.pk, r.title) for r in actions.resolutions_taking_commitments(meeting)]
    return CommitmentForm(data, resolutions=resolutions, owners=actions.owners_in(meeting), prefix="commitment")


def _dashboard(request: HttpRequest, meeting: Meeting, *, status: int = 200, **extra: Any) -> HttpResponse:
    board = actions.dashboard_for(meeting)
    organize = allowed(request.user, meeting, Need.ORGANIZE)
    statuses = _statuses()
    codes = [code for code, _label in statuses]
    context: dict[str, Any] = {
        "meeting": meeting,
        "board": board,
        "statuses": statuses,
        "totals": [(label, board.totals[code]) for code, label in statuses],
        "by_resolution": [(r.title, [counts[code] for code in codes]) for r, counts in board.by_resolution],
        "by_delegation": [(owner, [counts[code] for code in codes]) for owner, counts in board.by_delegation],
        "chart": _chart(board.rate),
        "rows": [(row, row.verdict.render(_), _(STATUS_LABELS[row.verdict.status])) for row in board.rows],
        "organize": organize,
        "reporter": bool(reportable_commitments(request.user, meeting)),
        "import_form": TableFileForm(prefix="reports", columns=actions.REPORT_COLUMNS),
    }
    if organize:
        context["form"] = _commitment_form(meeting)
    context.update(extra)
    return render(request, "commitments/dashboard.html", context, status=status)


@login_required
@cached_page
@require_safe
def dashboard(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _dashboard(request, access_commitments(request.user, meeting_id))


@login_required
@require_POST
def create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_commitments(request.user, meeting_id, need=Need.ORGANIZE)
    user: User = request.user  # type: ignore[assignment]
    form = _commitment_form(meeting, request.POST)
    if form.is_valid():
        resolution = access_resolution(request.user, meeting.pk, form.cleaned_data["resolution"], need=Need.ORGANIZE)
        try:
            actions.do_create_commitment(
                resolution,
                owner=form.cleaned_data["owner"],
                description=form.cleaned_data["description"],
                due=form.cleaned_data["due"],
                metric=form.cleaned_data["metric"],
                unit=form.cleaned_data["unit"],
                condition=form.condition(),
                by=user,
            )
        except (InvalidInputError, TransitionError) as exc:
            form.add_error(None, translated(exc))
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("commitments:dashboard", meeting.pk)
    return _dashboard(request, meeting, status=422, form=form)


@login_required
@require_POST
def import_reports(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_commitments(request.user, meeting_id)
    allowed_rows = reportable_commitments(request.user, meeting)
    user: User = request.user  # type: ignore[assignment]
    form = TableFileForm(request.POST, request.FILES, prefix="reports", columns=actions.REPORT_COLUMNS)
    extra: dict[str, Any] = {"import_form": form}
    if form.is_valid():
        data = form.cleaned_data["file"].read(actions.REPORT_TABLE.max_bytes + 1)
        try:
            done = actions.do_import_reports(data, allowed_rows, by=user)
        except RowsInvalidError as exc:
            form.add_error("file", translated(exc))
            extra["row_errors"] = exc.rows
        except InvalidInputError as exc:
            form.add_error("file", translated(exc))
        else:
            messages.success(request, _("%(count)d reports imported.") % {"count": len(done)})
            return redirect("commitments:dashboard", meeting.pk)
    return _dashboard(request, meeting, status=422, **extra)


@login_required
@require_safe
def export(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_commitments(request.user, meeting_id)
    rows = actions.export_rows(actions.dashboard_for(meeting))
    if request.GET.get("format") == "xlsx":
        return attachment(
            write_xlsx(actions.EXPORT_COLUMNS, rows, title="commitments"),
            filename=f"commitments-{meeting.pk}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return attachment(
        write_csv(actions.EXPORT_COLUMNS, rows), filename=f"commitments-{meeting.pk}.csv", content_type="text/csv; charset=utf-8"
    )


def _commitment_page(
    request: HttpRequest, meeting_id: int, commitment_id: int, *, form: ReportForm | None = None, status: int = 200
) -> HttpResponse:
    commitment = access_commitment(request.user, commitment_id, meeting_id=meeting_id)
    verdict = actions.verdict_of(commitment)
    reporter = may_report(request.user, commitment)
    context = {
        "meeting": commitment.resolution.meeting,
        "commitment": commitment,
        "condition": actions.condition_of(commitment).describe(),
        "status": verdict.status.value,
        "status_label": _(STATUS_LABELS[verdict.status]),
        "rule": verdict.render(_),
        "reports": actions.reports_of(commitment),
        "reporter": reporter,
        "form": form or (ReportForm(prefix="report") if reporter else None),
    }
    return render(request, "commitments/commitment.html", context, status=status)


@login_required
@cached_page
@require_safe
def commitment(request: HttpRequest, meeting_id: int, commitment_id: int) -> HttpResponse:
    return _commitment_page(request, meeting_id, commitment_id)


@login_required
@require_POST
def report(request: HttpRequest, meeting_id: int, commitment_id: int) -> HttpResponse:
    target = access_commitment(request.user, commitment_id, meeting_id=meeting_id, report=True)
    user: User = request.user  # type: ignore[assignment]
    form = ReportForm(request.POST, request.FILES, prefix="report")
    if form.is_valid():
        upload = form.cleaned_data.get("evidence")
        evidence = (upload.name, upload.read(actions.MAX_EVIDENCE_BYTES + 1)) if upload else None
        try:
            _report, verdict = actions.do_report(
                target, value=form.cleaned_data["value"], date=form.cleaned_data["date"], evidence=evidence, by=user
            )
        except InvalidInputError as exc:
            form.add_error(None, translated(exc))
        else:
            messages.success(request, _("Report recorded. Status: %(status)s.") % {"status": _(STATUS_LABELS[verdict.status])})
            return redirect("commitments:commitment", meeting_id, commitment_id)
    return _commitment_page(request, meeting_id, commitment_id, form=form, status=422)


@login_required
@require_safe
def evidence(request: HttpRequest, meeting_id: int, commitment_id: int, report_id: int) -> HttpResponse:
    name, data = actions.evidence_of(access_evidence(request.user, meeting_id, commitment_id, report_id))
    return attachment(data, filename=name, content_type="application/octet-stream")
