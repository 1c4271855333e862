"""Meeting pages: dashboard, create and edit, the meeting page, agenda, checklist, lifecycle."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated, translated_diagnostics
from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.kernel.messages import gettext_noop
from incamera.ledger.keys import log_vkeys
from incamera.ledger.receipts import receipt_for
from incamera.meetings import actions
from incamera.meetings.access import (
    Need,
    access_agenda_item,
    access_checklist_item,
    access_log_entry,
    access_meeting,
    access_meeting_creation,
    capabilities,
    log_entries_visible_to,
    meetings_with_roles,
    organizer_contact,
    role_in,
)
from incamera.meetings.forms import AgendaItemForm, ChecklistItemForm, MeetingForm
from incamera.meetings.lifecycle import TRANSITIONS, Readiness, State, refusals
from incamera.meetings.models import Meeting
from incamera.meetings.profiles import profile
from incamera.secretariats.access import may_organize, secretariats_for
from incamera.secretariats.models import SecretariatRole
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment

# What a meeting in each state allows, said after a move (issue 10: not just "it moved on").
_ALLOWS: dict[State, str] = {
    State.DRAFT: gettext_noop("Only organizers see it; prepare its details and agenda."),
    State.PREPARING: gettext_noop("Participants may now be invited, sign the confidentiality agreement and read the materials."),
    State.IN_SESSION: gettext_noop("The session is open: the speakers list and speaking budgets run."),
    State.CLOSED: gettext_noop("The record is frozen: content no longer changes."),
    State.ARCHIVED: gettext_noop("Nothing more happens to it."),
}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@cached_page
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = meetings_with_roles(user)
    now = dt.datetime.now(dt.UTC)
    upcoming = [(m, r) for m, r in rows if m.ends_at >= now and m.state != State.ARCHIVED]
    past = [(m, r) for m, r in rows if (m, r) not in upcoming]
    return render(request, "meetings/dashboard.html", {"upcoming": upcoming, "past": past, "may_create": may_organize(user)})


def _input_from(form: MeetingForm) -> actions.MeetingInput:
    data = form.cleaned_data
    zone = zoneinfo.ZoneInfo(data["timezone"])
    return actions.MeetingInput(
        title=data["title"],
        description=data["description"],
        starts_at=data["starts_at"].replace(tzinfo=None).replace(tzinfo=zone),
        ends_at=data["ends_at"].replace(tzinfo=None).replace(tzinfo=zone),
        timezone=data["timezone"],
        venue=data["venue"],
        mode=data["mode"],
        languages=data["languages"],
        profile=data["profile"],
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    mine = secretariats_for(request.user, SecretariatRole.ORGANIZER)
    access_meeting_creation(request.user)
    form = MeetingForm(request.POST or None, secretariats=mine)
    if request.method == "POST" and form.is_valid():
        try:
            secretariat = access_meeting_creation(request.user, form.cleaned_data.get("secretariat"))
            meeting = actions.do_create_meeting(_input_from(form), secretariat=secretariat, by=request.user)  # type: ignore[arg-type]
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, translated(exc))
        else:
            messages.success(request, _("Meeting created."))
            return redirect("meetings:detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None}, status=422 if form.errors else 200)


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    zone = zoneinfo.ZoneInfo(meeting.timezone)
    initial = {
        "title": meeting.title,
        "description": meeting.description,
        "starts_at": meeting.starts_at.astimezone(zone).replace(tzinfo=None),
        "ends_at": meeting.ends_at.astimezone(zone).replace(tzinfo=None),
        "timezone": meeting.timezone,
        "venue": meeting.venue,
        "mode": meeting.mode,
        "languages": meeting.languages,
        "profile": meeting.profile,
        "version": meeting.version,
    }
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_meeting(meeting, _input_from(form), expected_version=form.cleaned_data["version"] or 0, by=_user(request))
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, translated(exc))
        except ConflictError as exc:
            form.add_error(None, translated(exc))
        else:
            messages.success(request, _("Meeting saved."))
            return redirect("meetings:detail", meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": meeting},
        status=409 if form.non_field_errors() else (422 if form.errors else 200),
    )


_PARTS = frozenset({"agenda", "checklist", "participants"})


def _detail_context(request: HttpRequest, meeting: Meeting, parts: frozenset[str] = _PARTS) -> dict[str, Any]:
    """What a page of the meeting shows, loading only the ``parts`` it needs and the viewer may see."""
    user = request.user
    can = capabilities(user, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "profile": profile(meeting.profile),
        "role": role_in(user, meeting),
        "can": can,
    }
    if can["content"] and "agenda" in parts:
        context["agenda"] = list(meeting.agenda.all())
    if can["content"] and "checklist" in parts:
        context["checklist"] = actions.checklist_of(meeting)
    if can["participants"] and "participants" in parts:
        context["participants"] = list(
            meeting.memberships.select_related("user")
            .only("role", "delegation", "meeting", "user__full_name", "user__email")
            .order_by("role", "user__full_name")
        )
    return context


@dataclass(frozen=True)
class Blocker:
    text: str
    url: str


@dataclass(frozen=True)
class Move:
    target: str
    forward: bool
    refused: list[str]


@dataclass(frozen=True)
class NextStep:
    """What the overview puts first: the move that takes the meeting on, what it allows, and what
    blocks it (each blocker linked to the page that resolves it)."""

    target: str | None
    title: str
    explains: str
    blockers: list[Blocker]


# What each forward move is called and what it lets the secretariat do next.
_NEXT: dict[State, tuple[str, str]] = {
    State.DRAFT: (
        gettext_noop("Start preparing"),
        gettext_noop("Preparing opens the meeting to its participants: invitations, the confidentiality agreement and the materials."),
    ),
    State.PREPARING: (
        gettext_noop("Open the session"),
        gettext_noop("In session, the speakers list and speaking budgets run; the agenda and the readiness checklist are settled."),
    ),
    State.IN_SESSION: (
        gettext_noop("Close the meeting"),
        gettext_noop(
            "Run the session first: the speakers list, the notes and the virtual room are under In session; resolutions are "
            "drafted and adopted, and secret ballots held, under Outcomes. Closing then freezes the record: nothing in it "
            "changes afterwards except what the record and disclosure allow."
        ),
    ),
    State.CLOSED: (
        gettext_noop("Archive the meeting"),
        gettext_noop(
            "Until then, members sign the adopted resolutions and report on their commitments under Outcomes, and under "
            "Disclosure the organizers review and approve what the public archive releases on its dates. An archived "
            "meeting is kept as it is; nothing more happens to it."
        ),
    ),
}


def _blockers(meeting: Meeting, can: dict[str, bool], checklist: list[actions.ChecklistRow], agenda_items: int) -> list[Blocker]:
    """What stands between the meeting and the session, each with the page that resolves it."""
    readiness_url = reverse("meetings:readiness", args=[meeting.pk])
    found = []
    if agenda_items == 0:
        found.append(Blocker(_("The agenda is empty: add at least one item."), reverse("meetings:agenda", args=[meeting.pk])))
    for row in checklist:
        if row.required and not row.done:
            text = _(row.label)
            if row.progress is not None:
                text = _("%(item)s: %(done)d of %(total)d") % {"item": text, "done": row.progress.done, "total": row.progress.total}
                if row.progress.total == 0:
                    text = _("%(item)s: nobody has been invited to sign yet") % {"item": _(row.label)}
            url = reverse("agreements:edit", args=[meeting.pk]) if row.key == "ndas_signed" and can["organize"] else readiness_url
            found.append(Blocker(text, url))
    return found


def _overview(meeting: Meeting, can: dict[str, bool], checklist: list[actions.ChecklistRow], agenda_count: int) -> dict[str, Any]:
    state = State(meeting.state)
    readiness = Readiness(
        unticked_required=tuple(row.label for row in checklist if row.required and not row.done), agenda_items=agenda_count
    )
    order = list(State)
    moves = [
        Move(
            target.value,
            order.index(target) > order.index(state),
            [actions.translated_reason(r) for r in refusals(state, target, readiness)],
        )
        for target in TRANSITIONS[state]
    ]
    forward = next((m for m in moves if m.forward), None)
    next_step = None
    if forward is not None:
        title, explains = _NEXT[state]
        blockers = _blockers(meeting, can, checklist, agenda_count) if forward.refused else []
        next_step = NextStep(forward.target, _(title), _(explains), blockers)
    required = [row for row in checklist if row.required]
    return {
        "next_step": next_step,
        "forward": forward,
        "backward": [m for m in moves if not m.forward],
        "phases": [(s.value, order.index(s) < order.index(state), s is state) for s in order],
        "required_done": sum(row.done for row in required),
        "required_total": len(required),
        "signatures": next((row.progress for row in checklist if row.key == "ndas_signed"), None),
    }


@login_required
@cached_page
@require_safe
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The overview: where the meeting is in its life, the next step and what blocks it first."""
    meeting = access_meeting(request.user, meeting_id, need=Need.LOGISTICS)
    context = _detail_context(request, meeting, frozenset({"checklist"}))
    can = context["can"]
    if can["content"]:
        context["agenda_count"] = meeting.agenda.count()
    if can["participants"]:
        context["participant_count"] = meeting.memberships.count()
    if can["organize"]:
        context.update(_overview(meeting, can, context["checklist"], context["agenda_count"]))
    return render(request, "meetings/meeting_detail.html", context)


def _section_page(request: HttpRequest, meeting_id: int, need: Need, template: str, parts: frozenset[str]) -> HttpResponse:
    """A section of the workspace that shows part of the meeting's own record."""
    meeting = access_meeting(request.user, meeting_id, need=need)
    return render(request, template, _detail_context(request, meeting, parts))


@login_required
@cached_page
@require_safe
def agenda_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _section_page(request, meeting_id, Need.CONTENT, "meetings/agenda.html", frozenset({"agenda"}))


@login_required
@cached_page
@require_safe
def participants_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _section_page(request, meeting_id, Need.PARTICIPANTS, "meetings/participants.html", frozenset({"participants"}))


@login_required
@cached_page
@require_safe
def readiness_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _section_page(request, meeting_id, Need.CONTENT, "meetings/readiness.html", frozenset({"checklist"}))


@login_required
@require_safe
def meeting_ics_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.LOGISTICS)
    body = actions.calendar_of(
        meeting,
        organizer_email=organizer_contact(request.user, meeting),
        attendee_email=None,
        url=request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk])),
        sequence=meeting.version,
    )
    return attachment(body, filename=f"meeting-{meeting.pk}.ics", content_type="text/calendar; charset=utf-8")


_SECTION_PAGES = {"agenda": "meetings:agenda", "checklist": "meetings:readiness"}


def _back_to_meeting(request: HttpRequest, meeting: Meeting, anchor: str) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        # The partial replaces its section only: it shows this action's messages itself.
        parts = frozenset({"agenda" if anchor == "agenda" else "checklist"})
        return render(request, f"meetings/partials/{anchor}.html", _detail_context(request, meeting, parts) | {"partial": True})
    return redirect(reverse(_SECTION_PAGES[anchor], args=[meeting.pk]))


@login_required
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_agenda_item(meeting, **form.cleaned_data, by=_user(request))
        except InvalidInputError as exc:
            messages.error(request, translated_diagnostics(exc))
    else:  # say what was wrong, field by field (an item of −5 minutes is not dropped silently)
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(error) for error in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return _back_to_meeting(request, meeting, "agenda")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def agenda_edit(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = access_agenda_item(request.user, meeting_id, item_id, need=Need.ORGANIZE)
    form = AgendaItemForm(request.POST or None, initial={"title": item.title, "description": item.description, "minutes": item.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_agenda_item(item, **form.cleaned_data, by=_user(request))
        except InvalidInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, translated(exc))
        else:
            return redirect("meetings:agenda", meeting_id)
    return render(request, "meetings/agenda_form.html", {"form": form, "item": item, "meeting": item.meeting})


@login_required
@require_POST
def agenda_delete(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = access_agenda_item(request.user, meeting_id, item_id, need=Need.ORGANIZE)
    meeting = item.meeting
    actions.do_delete_agenda_item(item, by=_user(request))
    messages.success(request, _("Agenda item removed."))
    return _back_to_meeting(request, meeting, "agenda")


@login_required
@require_POST
def agenda_move(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = access_agenda_item(request.user, meeting_id, item_id, need=Need.ORGANIZE)
    offset = -1 if request.POST.get("direction") == "up" else 1
    actions.do_move_agenda_item(item, offset=offset, by=_user(request))
    return _back_to_meeting(request, item.meeting, "agenda")


@login_required
@require_POST
def checklist_toggle(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = access_checklist_item(request.user, meeting_id, item_id)
    try:
        actions.do_set_checklist_item(item, done=request.POST.get("done") == "1", by=_user(request))
    except InvalidInputError as exc:
        messages.error(request, translated(exc))
    return _back_to_meeting(request, item.meeting, "checklist")


@login_required
@require_POST
def checklist_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    form = ChecklistItemForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_checklist_item(
                meeting, label=form.cleaned_data["label"], required=form.cleaned_data["required"], by=_user(request)
            )
        except InvalidInputError as exc:
            messages.error(request, translated_diagnostics(exc))
    return _back_to_meeting(request, meeting, "checklist")


@login_required
@require_POST
def meeting_transition(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id, need=Need.ORGANIZE)
    try:
        actions.do_transition_meeting(meeting, request.POST.get("to", ""), by=_user(request))
    except (TransitionError, InvalidInputError) as exc:
        messages.error(request, translated_diagnostics(exc))
    else:
        meeting.refresh_from_db(fields=["state"])
        state = State(meeting.state)
        message = _("The meeting is now “%(state)s”.") % {"state": actions.state_name(state.value)}
        message += " " + _(_ALLOWS[state])
        messages.success(request, message)
    return redirect("meetings:detail", meeting.pk)


# --- the meeting's tamper-evident record: receipts for one's own events ---------------------------


@login_required
@cached_page
@require_safe
def record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's logged events the person may take receipts for."""
    meeting = access_meeting(request.user, meeting_id, need=Need.LOGISTICS)
    rows = []
    for entry in log_entries_visible_to(request.user, meeting_id).order_by("index"):
        body = json.loads(bytes(entry.data))
        rows.append({"index": entry.index, "type": body["type"], "time": body["time"], "public": body.get("public", {})})
    return render(request, "meetings/record.html", {"meeting": meeting, "rows": rows, "vkey": log_vkeys()[0]})


@login_required
@require_safe
def receipt(request: HttpRequest, meeting_id: int, index: int) -> HttpResponse:
    entry = access_log_entry(request.user, meeting_id, index)
    return attachment(receipt_for(entry).to_json(), filename=f"receipt-{index}.json", content_type="application/json")
