"""The virtual room's page and the small JSON endpoints its script (static/incamera/room.js) calls:
a request to confirm, the join (a bridge token), the answer to the chair, the leave, the status
polled every few seconds; and the chair's request to confirm again."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from incamera.accounts.models import User
from incamera.i18n.errors import translated
from incamera.kernel.errors import ConfigurationError, Error, PasskeyError
from incamera.meetings.lifecycle import State
from incamera.room import actions
from incamera.room.access import access_room
from incamera.web.forms import posted_id
from incamera.web.middleware import status_for
from incamera.web.pagecache import cached_page


def _refused(exc: Error) -> JsonResponse:
    """A refusal the script shows as it is: a confirmation that does not open the room is bad
    input (422), a replay a conflict (409)."""
    status = 422 if isinstance(exc, PasskeyError) else 503 if isinstance(exc, ConfigurationError) else status_for(exc)
    return JsonResponse({"error": translated(exc)}, status=status)


def _confirmation(request: HttpRequest) -> tuple[int, str]:
    """The confirmation id and the nonce the script posts (JSON); missing ones are refused by the action."""
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        body = {}
    if not isinstance(body, dict):
        body = {}
    return posted_id(str(body.get("confirmation", ""))), str(body.get("nonce", ""))[:64]


@login_required
@cached_page
@require_safe
def room_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    room = access_room(request.user, meeting_id)
    user: User = request.user  # type: ignore[assignment]
    meeting = room.meeting
    bridge_error = ""
    try:
        bridge = actions.configured_bridge()
    except ConfigurationError as exc:
        bridge, bridge_error = None, exc.message
    context = {
        "meeting": meeting,
        "chair": room.chair,
        "configured": bridge is not None,
        "bridge_error": bridge_error,
        "bridge_host": bridge.subject if bridge else "",
        "in_session": meeting.state == State.IN_SESSION,
        "status": actions.room_status(meeting, user),
        "has_passkey": user.passkeys.exists(),
        "presence": actions.room_presence(meeting) if room.chair else [],
        "last_request": actions.latest_reconfirm_request(meeting) if room.chair else None,
    }
    return render(request, "room/room.html", context)


@login_required
@require_safe
def room_status(request: HttpRequest, meeting_id: int) -> JsonResponse:
    room = access_room(request.user, meeting_id)
    status = actions.room_status(room.meeting, request.user)  # type: ignore[arg-type]
    return JsonResponse({"reconfirm_required": status.reconfirm_required, "verified": status.verified, "in_room": status.in_room})


@login_required
@require_POST
def room_request(request: HttpRequest, meeting_id: int) -> JsonResponse:
    room = access_room(request.user, meeting_id)
    try:
        asked = actions.new_room_request(room.meeting, request.user)  # type: ignore[arg-type]
    except Error as exc:
        return _refused(exc)
    return JsonResponse({"nonce": asked.nonce, "digest": asked.digest, "purpose": actions.CONFIRM_PURPOSE})


def _spend(request: HttpRequest, meeting_id: int, act: Callable[..., Any], answer: Callable[[Any], dict[str, Any]]) -> JsonResponse:
    """Spend the posted confirmation on ``act`` (joining, answering the chair); ``answer`` says
    what the script is told."""
    room = access_room(request.user, meeting_id)
    confirmation_id, nonce = _confirmation(request)
    try:
        done = act(room.meeting, request.user, confirmation_id=confirmation_id, nonce=nonce)
    except Error as exc:
        return _refused(exc)
    response = JsonResponse(answer(done))
    response["Cache-Control"] = "no-store"  # a join's answer carries the token
    return response


@login_required
@require_POST
def room_join(request: HttpRequest, meeting_id: int) -> JsonResponse:
    return _spend(
        request, meeting_id, actions.do_join_room, lambda issued: {"url": issued.url, "expires_at": issued.expires_at.isoformat()}
    )


@login_required
@require_POST
def room_reconfirm(request: HttpRequest, meeting_id: int) -> JsonResponse:
    return _spend(request, meeting_id, actions.do_reconfirm_presence, lambda _spent: {"verified": True})


@login_required
@require_POST
def room_leave(request: HttpRequest, meeting_id: int) -> JsonResponse:
    room = access_room(request.user, meeting_id)
    try:
        actions.do_leave_room(room.meeting, request.user)  # type: ignore[arg-type]
    except Error as exc:
        return _refused(exc)
    return JsonResponse({"left": True})


@login_required
@require_POST
def room_require_reconfirmation(request: HttpRequest, meeting_id: int) -> HttpResponse:
    room = access_room(request.user, meeting_id, chair=True)
    try:
        actions.do_require_reconfirmation(room.meeting, by=request.user)  # type: ignore[arg-type]
    except Error as exc:
        messages.error(request, translated(exc))
    else:
        messages.success(request, _("Everyone in the room is asked to confirm again with their passkey."))
    return redirect("room:page", room.meeting.pk)
