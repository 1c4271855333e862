"""The Notes section of a meeting's workspace (phase "In session"): the notes as the profile
allows, and a form that flags identifying mentions while a note is typed (``static/incamera/
notes.js`` asks ``check``), refuses to save while any remain, and works without JavaScript: the
server checks again, lists each mention with its placeholder, and can replace them all."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from incamera.i18n.errors import translated
from incamera.kernel.errors import ConflictError, Error, InvalidInputError, MentionsError
from incamera.meetings.lifecycle import FROZEN, State
from incamera.notes.access import NotesSeat, access_notes, notes_agenda_item
from incamera.notes.actions import NoteText, check_note_text, do_add_note, notes_of
from incamera.notes.mentions import Mention, replaced
from incamera.notes.rules import MAX_NOTE_CHARS, MAX_SPEAKER_CHARS, Speaker
from incamera.tables import write_csv
from incamera.web.api import error_body
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment


def _grouped(seat: NotesSeat, notes: list[NoteText]) -> list[tuple[str, list[NoteText]]]:
    """The notes under each agenda item, in the agenda's order; those of no item first."""
    items = list(seat.meeting.agenda.order_by("position", "id"))
    groups: list[tuple[str, list[NoteText]]] = [(_("The meeting as a whole"), [n for n in notes if n.agenda_item_id is None])]
    groups += [(item.title, [n for n in notes if n.agenda_item_id == item.pk]) for item in items]
    return [(title, rows) for title, rows in groups if rows]


def _page(request: HttpRequest, seat: NotesSeat, *, status: int = 200, **extra: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "meeting": seat.meeting,
        "seat": seat,
        "reason": _(seat.rules.reason),
        "attributed": seat.rules.speaker is Speaker.OPTIONAL,
        "checked": seat.rules.check_mentions,
        "open": State(seat.meeting.state) not in FROZEN,
        "agenda": list(seat.meeting.agenda.order_by("position", "id")),
        "max_chars": MAX_NOTE_CHARS,
        "max_speaker": MAX_SPEAKER_CHARS,
        "groups": [],
        "shredded": "",
        **extra,
    }
    if seat.rules.kept and seat.may_read and not seat.sealed:
        try:
            context["groups"] = _grouped(seat, notes_of(seat.meeting, seat.rules))
        except ConflictError as exc:  # the meeting's key was shredded: nothing can be read
            context["shredded"] = exc.message
    return render(request, "notes/notes.html", context, status=status)


@login_required
@cached_page
@require_safe
def notes_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _page(request, access_notes(request.user, meeting_id))


def _mention_rows(text: str, mentions: list[Mention]) -> list[dict[str, Any]]:
    return [{**vars(m), "quote": text[m.start : m.end]} for m in mentions]


@login_required
@require_POST
def add_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    seat = access_notes(request.user, meeting_id, write=True)
    text = request.POST.get("text", "")
    speaker = request.POST.get("speaker", "").strip() or None
    raw_item = request.POST.get("agenda_item", "")
    form = {"text": text, "speaker": speaker or "", "agenda_item": raw_item}
    try:
        item = notes_agenda_item(seat, int(raw_item)) if raw_item.isdigit() else None
        if request.POST.get("action") == "replace":  # without JavaScript: every placeholder at once
            form["text"] = replaced(text, check_note_text(seat.meeting, text))
            return _page(request, seat, form=form)
        do_add_note(seat.meeting, text=text, agenda_item=item, speaker=speaker, by=request.user)  # type: ignore[arg-type]
    except MentionsError:
        mentions = check_note_text(seat.meeting, text)
        return _page(request, seat, status=422, form=form, error=_("The note was not saved."), mentions=_mention_rows(text, mentions))
    except InvalidInputError as exc:
        return _page(request, seat, status=422, form=form, error=translated(exc))
    messages.success(request, _("The note was saved, sealed under the meeting's key."))
    return redirect("notes:notes", meeting_id=seat.meeting.pk)


@login_required
@require_POST
def check_note(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The mentions in ``{"text"}`` (JSON), for the page's live check; stores nothing."""
    try:
        seat = access_notes(request.user, meeting_id, write=True)
        try:
            text = json.loads(request.body or b"{}").get("text", "")
        except (ValueError, AttributeError) as exc:
            raise InvalidInputError(_('send {"text": "…"} as JSON'), field="text") from exc
        if not isinstance(text, str):
            raise InvalidInputError(_('send {"text": "…"} as JSON'), field="text")
        return JsonResponse({"mentions": _mention_rows(text, check_note_text(seat.meeting, text))})
    except Error as exc:
        body, status = error_body(exc)
        body["detail"] = translated(exc)
        return JsonResponse(body, status=status)


@login_required
@require_safe
def notes_csv(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The notes as CSV: under Chatham House the agenda item and the text only."""
    seat = access_notes(request.user, meeting_id, read=True)
    titles = {item.pk: item.title for item in seat.meeting.agenda.all()}
    notes = notes_of(seat.meeting, seat.rules)
    if seat.rules.speaker is Speaker.FORBIDDEN:
        body = write_csv(["agenda_item", "text"], [[titles.get(n.agenda_item_id or 0, ""), n.text] for n in notes])
    else:
        body = write_csv(
            ["agenda_item", "created_at", "speaker", "text"],
            [[titles.get(n.agenda_item_id or 0, ""), n.created_at.isoformat(), n.speaker or "", n.text] for n in notes],
        )
    return attachment(body, filename=f"notes-{seat.meeting.pk}.csv", content_type="text/csv; charset=utf-8")
