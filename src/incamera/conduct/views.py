"""Pages of the session: the inclusion report (seat and speaking shares, with alarms), and each
agenda item's speakers list: the page, the projector view, its live stream and its statistics."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from incamera.conduct import actions as conduct
from incamera.conduct import floor, live
from incamera.conduct.access import SpeakersAccess, access_speakers
from incamera.conduct.inclusion import Bound, Notice
from incamera.i18n.errors import translated, translated_diagnostics
from incamera.kernel.clock import system_clock
from incamera.kernel.errors import Error, InvalidInputError
from incamera.kernel.messages import gettext_noop
from incamera.meetings.access import Need, access_meeting
from incamera.roster.models import DelegationKind
from incamera.tables import write_csv
from incamera.web.api import error_body
from incamera.web.forms import posted_id
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
            actual=conduct.actual_speaking_seconds(meeting) is not None,
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


# --- the speakers list (issue 12) ---------------------------------------------------------------

_KIND_LABELS = {
    floor.Kind.SPEAK: gettext_noop("to speak"),
    floor.Kind.POINT_OF_ORDER: gettext_noop("point of order"),
    floor.Kind.REPLY: gettext_noop("reply"),
}


def _item_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("item", "")
    return posted_id(raw) or None if raw else None


def _snapshot(seat: SpeakersAccess, state: floor.SpeakersList) -> dict[str, Any]:
    """The list as ``seat`` may see it now."""
    return conduct.snapshot_for(state, system_clock.now(), viewer=seat.delegation, anonymise=seat.anonymise)


def _live_config(seat: SpeakersAccess, *, projector: bool) -> dict[str, Any]:
    """What speakers.js needs: where to listen and poll, and the words it writes."""
    args = [seat.meeting.pk, seat.item.pk]
    return {
        "events": reverse("conduct:speakers_events", args=args),
        "state": reverse("conduct:speakers_state", args=args),
        "act": reverse("conduct:speakers_act", args=args),
        "chair": seat.chair and not projector,
        "own": seat.delegation,
        "projector": projector,
        "labels": {
            "kinds": {kind.value: _(label) for kind, label in _KIND_LABELS.items()},
            "nobody": _("Nobody has the floor."),
            "empty": _("Nobody is waiting for the floor."),
            "paused": _("paused"),
            "over": _("over time"),
            "give": _("Give the floor"),
            "up": _("Move up"),
            "down": _("Move down"),
            "live": _("Live"),
            "polling": _("Updating every second"),
            "offline": _("Reconnecting…"),
        },
    }


def _clock(seconds: int) -> str:
    """Remaining time as the timer shows it: ``4:05``, or ``+0:12`` once over (as speakers.js)."""
    sign = "+" if seconds < 0 else ""
    minutes, rest = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{rest:02d}"


def _reorderings(queue: list[dict[str, str]]) -> list[tuple[list[str] | None, list[str] | None]]:
    """For each row of the queue, the order of the requests to speak with it moved up and moved
    down (None where it cannot move: a point of order, a reply, the first or the last)."""
    speaking = [row["delegation"] for row in queue if row["kind"] == floor.Kind.SPEAK]
    moves: list[tuple[list[str] | None, list[str] | None]] = []
    for row in queue:
        if row["kind"] != floor.Kind.SPEAK:
            moves.append((None, None))
            continue
        i = speaking.index(row["delegation"])
        up = down = None
        if i > 0:
            up = [*speaking[: i - 1], speaking[i], speaking[i - 1], *speaking[i + 1 :]]
        if i < len(speaking) - 1:
            down = [*speaking[:i], speaking[i + 1], speaking[i], *speaking[i + 2 :]]
        moves.append((up, down))
    return moves


def _speakers_context(request: HttpRequest, seat: SpeakersAccess, *, projector: bool = False) -> dict[str, Any]:
    state = conduct.speakers_list(seat.meeting, seat.item)
    snapshot = _snapshot(seat, state)
    pending = {r.kind.value for r in state.queue if r.delegation == seat.delegation}
    holding = state.current.kind.value if state.current and state.current.delegation == seat.delegation else None
    context: dict[str, Any] = {
        "meeting": seat.meeting,
        "seat": seat,
        "item": seat.item,
        "items": conduct.agenda_of(seat.meeting),
        "snapshot": snapshot,
        "kinds": [(kind.value, _(label)) for kind, label in _KIND_LABELS.items()],
        "kind_labels": {kind.value: _(label) for kind, label in _KIND_LABELS.items()},
        "pending": pending,
        "holding": holding,
        "budget_rows": [(row, row["budget_s"] - row["used_s"]) for row in snapshot["budgets"]],
        "clock": _clock(snapshot["current"]["remaining_s"]) if snapshot["current"] else "",
        "live": _live_config(seat, projector=projector),
        "is_observer": seat.delegation in state.observers and seat.delegation not in state.granted,
    }
    if seat.chair and not projector:
        context["delegations"] = list(state.budgets)
        context["observers"] = sorted(state.observers - state.granted)
        context["adjustments"] = state.adjustments
        context["queue_orders"] = _reorderings(snapshot["queue"])
    if not seat.anonymise and not projector:
        # Cells in the order of the columns (the kinds as ``kinds`` lists them).
        context["statistics"] = [(row, [(row.turns[kind], row.seconds[kind]) for kind in _KIND_LABELS]) for row in state.statistics()]
    return context


@login_required
@cached_page
@require_safe
def speakers_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The speakers list of the item ``?item=`` (by default the first): ask for the floor, and for
    the chair, run it.  Live through speakers.js; complete without it (forms and a reload)."""
    meeting = access_meeting(request.user, meeting_id, need=Need.CONTENT)
    if not conduct.agenda_of(meeting):
        return render(request, "conduct/speakers.html", {"meeting": meeting, "no_agenda": True})
    item_id = _item_id(request)
    if item_id is None:  # the item whose list moved last, else the first
        item_id = conduct.last_active_item(meeting)
    seat = access_speakers(request.user, meeting_id, item_id)
    return render(request, "conduct/speakers.html", _speakers_context(request, seat))


@login_required
@cached_page
@require_safe
def projector_page(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Large type, no controls: for the screen in the room."""
    seat = access_speakers(request.user, meeting_id, item_id)
    return render(request, "conduct/projector.html", _speakers_context(request, seat, projector=True))


@login_required
@require_safe
def speakers_state(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """The snapshot as JSON: what a page polls when it has no stream."""
    seat = access_speakers(request.user, meeting_id, item_id)
    state, version = conduct.speakers_state(seat.meeting, seat.item)
    response = JsonResponse({"version": version, "speakers": _snapshot(seat, state)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def speakers_events(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponseBase:
    """Server-sent events: the snapshot now, then on every change (``live.py``).  503 when this
    server process holds all the streams it may: the page then polls ``state.json``."""
    seat = access_speakers(request.user, meeting_id, item_id)
    if request.method == "HEAD":  # the headers a stream would have, without holding a thread
        return HttpResponse(content_type="text/event-stream; charset=utf-8")
    if not live.hub.admit():
        busy = JsonResponse(
            {"detail": _("this server holds as many live streams as it may; the page updates every second instead")}, status=503
        )
        busy["Retry-After"] = "30"
        return busy
    language = translation.get_language()

    def render_for(state: floor.SpeakersList) -> dict[str, object]:
        with translation.override(language):  # the reader's, whatever the thread did since
            return _snapshot(seat, state)

    # Every reader of the same language sees the same list, unless it is anonymised for them.
    view = (language, seat.delegation if seat.anonymise else None, seat.anonymise)
    stream = live.hub.stream(seat.item.pk, lambda: conduct.speakers_state(seat.meeting, seat.item), render_for, view)
    response = StreamingHttpResponse(stream, content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on as it comes
    return response


# What a participant does for their own delegation; every other action is the chair's.
_PARTICIPANT_ACTS = frozenset({"ask", "withdraw"})


def _event_from_post(seat: SpeakersAccess, data: QueryDict) -> floor.Event:
    """The event a form of the page asks for; InvalidInputError names the field at fault."""
    action = data.get("action", "")
    stamp: dict[str, Any] = {"at": system_clock.now(), "by": ""}
    kind_text = data.get("kind", "") or None
    kind = floor.Kind(kind_text) if kind_text in set(floor.Kind) else None
    if kind_text and kind is None:
        raise InvalidInputError(_("unknown kind of request: %(kind)s") % {"kind": kind_text}, field="kind")
    if action in {"ask", "withdraw"}:
        cls = floor.FloorRequested if action == "ask" else floor.RequestWithdrawn
        return cls(delegation=seat.own_delegation(), kind=kind or floor.Kind.SPEAK, **stamp)
    delegation = data.get("delegation", "").strip() or None
    match action:
        case "give":
            return floor.FloorGiven(delegation=delegation, kind=kind, **stamp)
        case "end":
            return floor.FloorEnded(reason=floor.EndReason.WITHDRAWN if data.get("withdraw") else floor.EndReason.DONE, **stamp)
        case "pause":
            return floor.TimerPaused(**stamp)
        case "resume":
            return floor.TimerResumed(**stamp)
        case "adjust":
            text = data.get("delta_s", "").strip()
            if not re.fullmatch(r"[+-]?\d{1,5}", text):
                raise InvalidInputError(_("the change must be a whole number of seconds, such as 60 or -30"), field="delta_s")
            reason = data.get("reason", "").strip()
            if not reason:
                raise InvalidInputError(_("say why the budget changes: the reason is kept on the record"), field="reason")
            return floor.BudgetAdjusted(delegation=delegation or "", delta_s=int(text), reason=reason[:500], **stamp)
        case "reorder":
            return floor.QueueReordered(order=tuple(data.getlist("order")), **stamp)
        case "grant":
            return floor.ObserverRightGranted(delegation=delegation or "", **stamp)
    raise InvalidInputError(_("unknown action: %(action)s") % {"action": action[:40]}, field="action")


@login_required
@require_POST
def speakers_act(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """Every act on the list, from the page's forms: ``action`` = ask, withdraw (anyone with a
    delegation, for it) or give, end, pause, resume, adjust, reorder, grant (the chair).  From
    speakers.js (``Accept: application/json``) the answer is the new snapshot or the error as
    JSON; from a plain form, a redirect back with the error as a message."""
    # The chair's acts need the chair's access: for anyone else they do not exist (404).
    chair = request.POST.get("action", "") not in _PARTICIPANT_ACTS
    seat = access_speakers(request.user, meeting_id, item_id, chair=chair)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        event = _event_from_post(seat, request.POST)
        state = conduct.do_floor_event(seat.meeting, seat.item, event, by=request.user)  # type: ignore[arg-type]
    except Error as exc:
        if wants_json:
            body, status = error_body(exc)
            body["detail"] = translated(exc)
            return JsonResponse(body, status=status)
        messages.error(request, translated_diagnostics(exc))
    else:
        if wants_json:
            return JsonResponse({"speakers": _snapshot(seat, state)})
    return redirect(f"{reverse('conduct:speakers', args=[meeting_id])}?item={item_id}")


@login_required
@require_safe
def statistics_csv(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Every item's per-delegation statistics: for those who may see the delegations."""
    meeting = access_meeting(request.user, meeting_id, need=Need.PARTICIPANTS)
    header = ["agenda_item", "delegation", "budget_s", "used_s", "remaining_s", "overrun_s"]
    for kind in floor.Kind:
        header += [f"{kind.value}_turns", f"{kind.value}_s"]
    rows = []
    for item, statistics in conduct.floor_statistics(meeting):
        for row in statistics:
            line = [item.title, row.delegation, *(str(n) for n in (row.budget_s, row.used_s, row.remaining_s, row.overrun_s))]
            for kind in floor.Kind:
                line += [str(row.turns[kind]), str(row.seconds[kind])]
            rows.append(line)
    return attachment(write_csv(header, rows), filename=f"speakers-{meeting.pk}.csv", content_type="text/csv; charset=utf-8")
