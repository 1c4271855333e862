"""The qualification-matrix page: weights edited with live recomputation (htmx), scores, and
invitations for the resulting tiers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, InvalidInputError, RowsInvalidError
from incamera.meetings.models import Meeting
from incamera.vetting import actions as vetting
from incamera.vetting.access import access_vetting
from incamera.vetting.matrix import Criterion, MatrixResult, Thresholds
from incamera.web.forms import TableFileForm
from incamera.web.pagecache import cached_page


def _posted_matrix(request: HttpRequest, meeting: Meeting) -> tuple[list[Criterion], Thresholds]:
    stored, _thresholds = vetting.criteria_of(meeting)
    criteria = []
    for c in stored:
        text = request.POST.get(f"weight_{c.key}", "")
        try:
            weight = float(text)
        except ValueError as exc:
            raise InvalidInputError(_("the weight of %(key)s must be a number") % {"key": c.key}, field=f"weight_{c.key}") from exc
        criteria.append(Criterion(key=c.key, label=c.label, weight=weight))
    try:
        thresholds = Thresholds(member=float(request.POST.get("member", "")), observer=float(request.POST.get("observer", "")))
    except ValueError as exc:
        raise InvalidInputError(_("the thresholds must be numbers from 0 to 100"), field="member") from exc
    return criteria, thresholds


def _context(
    meeting: Meeting, result: MatrixResult | None, criteria: list[Criterion], thresholds: Thresholds, **extra: Any
) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "result": result,
        "criteria": criteria,
        "thresholds": thresholds,
        "unscored": vetting.unscored_delegations(meeting),
        "import_form": extra.pop("import_form", None) or TableFileForm(prefix="scores", columns=["delegation", *(c.key for c in criteria)]),
        **extra,
    }


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def matrix_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_vetting(request.user, meeting_id)
    user: User = request.user  # type: ignore[assignment]
    criteria, thresholds = vetting.criteria_of(meeting)
    error = ""
    if request.method == "POST":
        try:
            criteria, thresholds = _posted_matrix(request, meeting)
            vetting.do_save_matrix(meeting, criteria=criteria, thresholds=thresholds, by=user)
        except Error as exc:
            error = translated(exc)
        else:
            messages.success(request, _("Weights and thresholds saved."))
            return redirect("vetting:matrix", meeting.pk)
    result = None
    try:
        result = vetting.matrix_for(meeting, criteria=criteria, thresholds=thresholds)
    except Error as exc:
        error = error or translated(exc)
    return render(
        request, "vetting/matrix.html", _context(meeting, result, criteria, thresholds, error=error), status=422 if error else 200
    )


@login_required
@require_POST
def matrix_preview(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The tiers recomputed with the weights being edited (htmx), nothing saved."""
    meeting = access_vetting(request.user, meeting_id)
    try:
        criteria, thresholds = _posted_matrix(request, meeting)
        result = vetting.matrix_for(meeting, criteria=criteria, thresholds=thresholds)
        error = ""
    except Error as exc:
        result, error = None, translated(exc)
        criteria, thresholds = vetting.criteria_of(meeting)
    return render(request, "vetting/partials/matrix_table.html", _context(meeting, result, criteria, thresholds, error=error))


@login_required
@require_POST
def matrix_score(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_vetting(request.user, meeting_id)
    criteria, _thresholds = vetting.criteria_of(meeting)
    try:
        scores = {c.key: float(request.POST.get(f"score_{c.key}", "")) for c in criteria}
        delegation = vetting.roster_delegation(meeting, int(request.POST.get("delegation", "0")))
        vetting.do_set_score(meeting, delegation, scores, by=request.user)  # type: ignore[arg-type]
    except ValueError:
        messages.error(request, _("Choose a delegation and give every score as a number from 0 to 100."))
    except Error as exc:
        messages.error(request, translated(exc))
    return redirect("vetting:matrix", meeting.pk)


@login_required
@require_POST
def matrix_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_vetting(request.user, meeting_id)
    criteria, thresholds = vetting.criteria_of(meeting)
    form = TableFileForm(request.POST, request.FILES, prefix="scores", columns=["delegation", *(c.key for c in criteria)])
    row_errors: list[Any] = []
    if form.is_valid():
        try:
            data = form.cleaned_data["file"].read(vetting.SCORE_TABLE.max_bytes + 1)  # one byte over: the action refuses it
            count = vetting.do_import_scores(meeting, data, by=request.user)  # type: ignore[arg-type]
        except RowsInvalidError as exc:
            form.add_error("file", translated(exc))
            row_errors = exc.rows
        except InvalidInputError as exc:
            form.add_error("file", translated(exc))
        else:
            messages.success(request, _("%(count)d candidates scored.") % {"count": count})
            return redirect("vetting:matrix", meeting.pk)
    result = vetting.matrix_for(meeting)
    context = _context(meeting, result, criteria, thresholds, import_form=form, row_errors=row_errors)
    return render(request, "vetting/matrix.html", context, status=422)


@login_required
@require_POST
def matrix_invite(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_vetting(request.user, meeting_id)
    try:
        sent, skipped = vetting.do_invite_tiers(meeting, by=request.user, base_url=request.build_absolute_uri("/"))  # type: ignore[arg-type]
    except Error as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(
            request,
            " ".join(
                (
                    ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent) % {"count": sent},
                    ngettext(
                        "%(count)d person was already invited or taking part.",
                        "%(count)d people were already invited or taking part.",
                        skipped,
                    )
                    % {"count": skipped},
                )
            ),
        )
    return redirect("vetting:matrix", meeting.pk)


# --- the observer-seat rotation ------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def rotation_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Plan observer seats over the years for the delegations chosen (by default: the observer
    tier of the matrix, or every delegation on the roster when nothing is scored)."""
    meeting = access_vetting(request.user, meeting_id)
    defaults = vetting.rotation_defaults(meeting)
    context: dict[str, Any] = {"meeting": meeting, "delegations": defaults.delegations, **defaults.settings()}
    status = 200
    if request.method == "POST":
        try:
            chosen = {int(v) for v in request.POST.getlist("delegation")}
            seats, years, max_gap, start_year = (int(request.POST.get(k, "")) for k in ("seats", "years", "max_gap", "start_year"))
        except ValueError:
            context["error"] = _("Seats, years, the maximum gap and the first year must be whole numbers.")
            status = 422
        else:
            context.update(chosen=chosen, seats=seats, years=years, max_gap=max_gap, start_year=start_year)
            try:
                grid = vetting.rotation_grid(defaults.delegations, chosen, seats=seats, years=years, max_gap=max_gap, start_year=start_year)
            except InvalidInputError as exc:
                context["error"] = translated(exc)
                status = 422
            else:
                context.update(plan=grid.plan, plan_years=grid.years, grid=grid.rows)
    return render(request, "vetting/rotation.html", context, status=status)


# --- speaking budgets and the inclusion report -----------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def observers_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Observer upgrade rules: edit them (JSON) and see every delegation's outcome, explained."""
    import json

    meeting = access_vetting(request.user, meeting_id)
    as_of = meeting.starts_at.year - 1
    text = json.dumps([r.to_json() for r in vetting.rules_of(meeting)], indent=2, ensure_ascii=False)
    error = ""
    if request.method == "POST":
        text = request.POST.get("rules", "")[:20_000]
        try:
            vetting.do_save_rules(meeting, text, by=request.user)  # type: ignore[arg-type]
        except Error as exc:
            error = translated(exc)
        else:
            messages.success(request, _("Observer rules saved."))
            return redirect("vetting:observers", meeting.pk)
    context = {
        "meeting": meeting,
        "rules_text": text,
        "error": error,
        "as_of": as_of,
        "rows": vetting.observer_eligibility(meeting, as_of=as_of),
    }
    return render(request, "vetting/observers.html", context, status=422 if error else 200)
