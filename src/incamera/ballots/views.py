"""The Outcomes section's secret ballots: the list and the setup form (organizers), and one
ballot's page, where each person does their part.  The browser's part is
``static/incamera/ballots.js`` over ``static/incamera/belenios.js``: it makes a trustee's key, a
delegation's credential, a ballot and a partial decryption, each confirmed with a passkey, and
posts them as JSON here."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.accounts.models import User
from incamera.ballots import actions
from incamera.ballots.access import access_ballot, ballot_as_seen, ballot_seat
from incamera.ballots.forms import BallotForm, ResolutionBallotForm
from incamera.ballots.models import BallotState, SecretBallot
from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, PasskeyError
from incamera.meetings.access import Need
from incamera.web.forms import posted_id
from incamera.web.middleware import status_for
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _refused(exc: Error) -> JsonResponse:
    return JsonResponse({"error": translated(exc)}, status=422 if isinstance(exc, PasskeyError) else status_for(exc))


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def ballots_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    seat = ballot_seat(request.user, meeting_id)
    if request.method == "POST" and not seat.organizer:
        ballot_seat(request.user, meeting_id, organizer=True)  # 404 for anyone else
    form = adopt = None
    if seat.organizer:
        posted = request.POST if request.method == "POST" else None
        form = BallotForm(seat.meeting, posted if posted is not None and "adopt-resolution" not in posted else None)
        adopt = ResolutionBallotForm(seat.meeting, posted if posted is not None and "adopt-resolution" in posted else None)
        bound = adopt if adopt.is_bound else form
        if bound.is_bound and bound.is_valid():
            try:
                if bound is adopt:
                    data = adopt.cleaned_data
                    ballot = actions.do_put_to_ballot(data["resolution"], trustees=list(data["trustees"]), by=request.user)  # type: ignore[arg-type]
                else:
                    ballot = actions.do_create_ballot(seat.meeting, by=request.user, **form.action_arguments())  # type: ignore[arg-type]
            except Error as exc:
                bound.add_error(None, translated(exc))
            else:
                messages.success(
                    request, _("The secret ballot is set up: the trustees register their keys and the delegations their credentials.")
                )
                return redirect("ballots:detail", meeting_id, ballot.pk)
    ballots = [ballot_as_seen(seat, b, request.user) for b in SecretBallot.objects.filter(meeting=seat.meeting)]
    context = {"meeting": seat.meeting, "ballots": ballots, "form": form, "adopt": adopt}
    failed = any(f is not None and f.is_bound and f.errors for f in (form, adopt))
    return render(request, "ballots/list.html", context, status=422 if failed else 200)


@login_required
@require_safe
def ballot_page(request: HttpRequest, meeting_id: int, ballot_id: int) -> HttpResponse:
    ballot = access_ballot(request.user, meeting_id, ballot_id)
    seat = ballot_seat(request.user, meeting_id)
    user: User = request.user  # type: ignore[assignment]
    seen = ballot_as_seen(seat, ballot, user)
    trustee = ballot.trustees.filter(user=user).first()
    results = []
    if ballot.result is not None:
        for question, counts in zip(ballot.questions, ballot.result, strict=True):
            blank = counts[0] if question.get("blank") else None
            answers = counts[1:] if question.get("blank") else counts
            results.append((question["question"], list(zip(question["answers"], answers, strict=True)), blank))
    context = {
        "meeting": ballot.meeting,
        "ballot": ballot,
        "seen": seen,
        "results": results,
        "organizer": seat.organizer,
        "states": BallotState,
        "trustee": trustee,
        "has_passkey": user.passkeys.exists(),
        "purposes": {
            "key": actions.KEY_PURPOSE,
            "credential": actions.CREDENTIAL_PURPOSE,
            "cast": actions.CAST_PURPOSE,
            "decrypt": actions.DECRYPT_PURPOSE,
        },
    }
    return render(request, "ballots/ballot.html", context)


@login_required
@require_POST
def ballot_act(request: HttpRequest, meeting_id: int, ballot_id: int) -> HttpResponse:
    """The organizers' acts: open the box, close it."""
    ballot = access_ballot(request.user, meeting_id, ballot_id, need=Need.ORGANIZE)
    act = request.POST.get("act", "")
    try:
        if act == "open":
            actions.do_open_ballot(ballot, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The ballot box is open."))
        elif act == "close":
            actions.do_close_ballot(ballot, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The ballot box is closed; the trustees now decrypt the tally."))
        else:
            messages.error(request, _("Choose what to do: open or close the ballot box."))
    except Error as exc:
        messages.error(request, translated(exc))
    return redirect("ballots:detail", meeting_id, ballot_id)


def _browser_act(request: HttpRequest, meeting_id: int, ballot_id: int, field: str, act: Callable[..., Any]) -> JsonResponse:
    """One of the browser's posts: ``field`` (what it made) and the passkey confirmation's id, handed
    to ``act``; the refusal, if any, as JSON the script shows."""
    ballot = access_ballot(request.user, meeting_id, ballot_id)
    body = _body(request)
    value = body.get(field, "")
    try:
        done = act(
            ballot, request.user, value if isinstance(value, str) else "", confirmation_id=posted_id(str(body.get("confirmation", "")))
        )
    except Error as exc:
        return _refused(exc)
    return JsonResponse({"ok": True, "tracker": getattr(done, "tracker", None)})


@login_required
@require_POST
def trustee_key(request: HttpRequest, meeting_id: int, ballot_id: int) -> JsonResponse:
    return _browser_act(
        request, meeting_id, ballot_id, "public_key", lambda b, u, v, **c: actions.do_register_trustee_key(b, u, public_key=v, **c)
    )


@login_required
@require_POST
def credential(request: HttpRequest, meeting_id: int, ballot_id: int) -> JsonResponse:
    return _browser_act(
        request,
        meeting_id,
        ballot_id,
        "public_credential",
        lambda b, u, v, **c: actions.do_register_credential(b, u, public_credential=v, **c),
    )


@login_required
@require_POST
def cast(request: HttpRequest, meeting_id: int, ballot_id: int) -> JsonResponse:
    return _browser_act(request, meeting_id, ballot_id, "ballot", lambda b, u, v, **c: actions.do_cast_ballot(b, u, text=v, **c))


@login_required
@require_POST
def decryption(request: HttpRequest, meeting_id: int, ballot_id: int) -> JsonResponse:
    return _browser_act(
        request, meeting_id, ballot_id, "partial_decryption", lambda b, u, v, **c: actions.do_submit_decryption(b, u, text=v, **c)
    )


@login_required
@require_safe
def election_json(request: HttpRequest, meeting_id: int, ballot_id: int) -> HttpResponse:
    """The election exactly as published (its fingerprint is of these bytes)."""
    ballot = access_ballot(request.user, meeting_id, ballot_id)
    if not ballot.election_text:
        return JsonResponse({"error": _("the secret ballot is not open yet")}, status=409)
    return HttpResponse(ballot.election_text, content_type="application/json")


@login_required
@require_safe
def tally_json(request: HttpRequest, meeting_id: int, ballot_id: int) -> HttpResponse:
    ballot = access_ballot(request.user, meeting_id, ballot_id)
    if not ballot.tally_text:
        return JsonResponse({"error": _("the ballot box is not closed yet")}, status=409)
    return HttpResponse(ballot.tally_text, content_type="application/json")


@login_required
@require_safe
def record(request: HttpRequest, meeting_id: int, ballot_id: int) -> HttpResponse:
    """The election's Belenios archive, at any stage once open: ``belenios-tool election verify``."""
    ballot = access_ballot(request.user, meeting_id, ballot_id)
    try:
        blob = actions.archive_of(ballot)
    except Error as exc:
        messages.error(request, translated(exc))
        return redirect("ballots:detail", meeting_id, ballot_id)
    return attachment(blob, filename=f"{ballot.uuid}.bel", content_type="application/x-tar")
