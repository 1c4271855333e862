"""The Resolutions section of a meeting's workspace (phase "Outcomes"): the list, the drafting
form, and each resolution's page, with every version's texts side by side and their digests,
amendments, the adoption (a silence period or a named roll call, with its tallies) and the
reservations.  Every act is a plain form posted to ``act``; closing a vote or declaring a
consensus goes through a confirmation page first.  No script is needed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.i18n.errors import translated_diagnostics
from incamera.i18n.languages import NATIVE_NAMES, RTL_LANGUAGES
from incamera.kernel.errors import ConflictError, Error, InvalidInputError, NotFoundError
from incamera.kernel.messages import gettext_noop
from incamera.meetings.access import Need
from incamera.meetings.models import AgendaItem
from incamera.resolutions import actions
from incamera.resolutions.access import (
    ResolutionsSeat,
    access_amendment,
    access_resolution,
    access_resolutions,
    resolution_as_seen,
    resolution_summary,
)
from incamera.resolutions.adoption import MAX_SILENCE_MINUTES
from incamera.resolutions.models import AdoptionMethod, LegalCharacter, ReservationKind, Resolution, ResolutionState
from incamera.web.forms import posted_id
from incamera.web.pagecache import cached_page

# What the pages call the stored codes (the models' own labels are not marked for translation).
LABELS: dict[str, dict[str, str]] = {
    "legal_character": {
        "political_commitment": gettext_noop("Political commitment"),
        "recommendation": gettext_noop("Recommendation"),
        "decision": gettext_noop("Decision"),
    },
    "method": {
        "consensus": gettext_noop("Consensus"),
        "roll_call": gettext_noop("Named roll call"),
        "secret_ballot": gettext_noop("Secret ballot"),
    },
    "state": {
        "draft": gettext_noop("Draft"),
        "adopting": gettext_noop("Being adopted"),
        "adopted": gettext_noop("Adopted"),
        "rejected": gettext_noop("Not adopted"),
        "withdrawn": gettext_noop("Withdrawn"),
    },
    "outcome": {
        "open": gettext_noop("Open"),
        "adopted": gettext_noop("Adopted"),
        "not_adopted": gettext_noop("Not adopted"),
        "returned": gettext_noop("Returned to draft"),
    },
    "amendment": {"proposed": gettext_noop("Proposed"), "accepted": gettext_noop("Accepted"), "rejected": gettext_noop("Rejected")},
    "kind": {
        "reservation": gettext_noop("Reservation"),
        "explanation_of_vote": gettext_noop("Explanation of vote"),
        "objection": gettext_noop("Objection"),
    },
    "choice": {"yes": gettext_noop("Yes"), "no": gettext_noop("No"), "abstain": gettext_noop("Abstain")},
}


def _label(table: str, code: str) -> str:
    return _(LABELS[table].get(code, code))


def _language(code: str) -> dict[str, str]:
    return {"code": code, "name": NATIVE_NAMES.get(code, code), "dir": "rtl" if code in RTL_LANGUAGES else "ltr"}


def _choices() -> dict[str, Any]:
    return {
        "legal_characters": [(value, _label("legal_character", value)) for value in LegalCharacter.values],
        "methods": [(value, _label("method", value)) for value in AdoptionMethod.values],
        "kinds": [(value, _label("kind", value)) for value in ReservationKind.values],
        "vote_choices": [(value, _label("choice", value)) for value in ("yes", "no", "abstain")],
    }


def _labelled(summary: dict[str, Any]) -> dict[str, Any]:
    """A resolution's summary with its codes in words."""
    return summary | {
        "state_label": _label("state", summary["state"]),
        "legal_label": _label("legal_character", summary["legal_character"]),
        "method_label": _label("method", summary["adoption_method"]),
    }


def _statements(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row | {"kind_label": _label("kind", row["kind"])} for row in rows]


@login_required
@cached_page
@require_safe
def resolutions_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    seat = access_resolutions(request.user, meeting_id)
    rows = [_labelled(resolution_summary(resolution, actions.digests_of(resolution))) for resolution in seat.meeting.resolutions.all()]
    return render(request, "resolutions/list.html", {"meeting": seat.meeting, "seat": seat, "rows": rows})


def _create_form(
    request: HttpRequest, seat: ResolutionsSeat, *, form: QueryDict | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    languages = [_language(code) for code in (seat.meeting.languages or ["en"])]
    context = {
        "meeting": seat.meeting,
        "text_languages": languages,
        "agenda": list(seat.meeting.agenda.order_by("position", "id")),
        "form": form or {},
        "error": error,
        **_choices(),
    }
    return render(request, "resolutions/create.html", context, status=status)


def _posted_texts(data: QueryDict) -> dict[str, str]:
    """The texts of a form, one ``text_<language>`` field each; empty ones left out."""
    texts = {key.removeprefix("text_"): data.get(key, "") for key in data if key.startswith("text_")}
    return {lang: text for lang, text in texts.items() if text.strip()}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def create_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    seat = access_resolutions(request.user, meeting_id, chair=True)
    if request.method != "POST":
        return _create_form(request, seat)
    data = request.POST
    try:
        raw_item = data.get("agenda_item", "")
        item = None
        if raw_item:
            item = AgendaItem.objects.filter(meeting=seat.meeting, pk=posted_id(raw_item)).first()
            if item is None:
                raise InvalidInputError(_("the agenda item is not this meeting's"), field="agenda_item")
        resolution = actions.do_create_resolution(
            seat.meeting,
            title=data.get("title", ""),
            texts=_posted_texts(data),
            legal_character=data.get("legal_character", ""),
            adoption_method=data.get("adoption_method", ""),
            weighted=bool(data.get("weighted")),
            agenda_item=item,
            by=request.user,  # type: ignore[arg-type]
        )
    except Error as exc:
        if isinstance(exc, NotFoundError):
            raise
        return _create_form(request, seat, form=data, error=translated_diagnostics(exc), status=422)
    messages.success(request, _("The draft resolution is saved as version 1."))
    return redirect("resolutions:detail", meeting_id, resolution.pk)


def _page_context(seat: ResolutionsSeat, resolution: Resolution) -> dict[str, Any]:
    seen = _labelled(resolution_as_seen(seat, resolution))
    seen["amendments"] = [row | {"state_label": _label("amendment", row["state"])} for row in seen["amendments"]]
    seen["reservations"] = _statements(seen["reservations"])
    attempt = seen["adoption"]
    if attempt is not None:
        attempt = attempt | {
            "method_label": _label("method", attempt["method"]),
            "outcome_label": _label("outcome", attempt["outcome"]),
            "objections": _statements(attempt["objections"]),
            "votes": [vote | {"choice_label": _label("choice", vote["choice"])} for vote in attempt["votes"]],
        }
    latest = seen["texts"][-1]
    codes = [text["language"] for text in latest["texts"]]
    codes += [code for code in seat.meeting.languages or [] if code not in codes]
    is_open = attempt is not None and attempt["outcome"] == "open"
    own = seat.delegation
    return {
        "meeting": seat.meeting,
        "seat": seat,
        "resolution": resolution,
        "seen": seen,
        "attempt": attempt,
        "versions": [
            {**version, "texts": [{**text, **_language(text["language"])} for text in version["texts"]]}
            for version in reversed(seen["texts"])
        ],
        "latest": latest,
        "latest_texts": {text["language"]: text["text"] for text in latest["texts"]},
        "text_languages": [_language(code) for code in codes],
        "draft": resolution.state == ResolutionState.DRAFT,
        "adopted": resolution.state == ResolutionState.ADOPTED,
        "silence_open": is_open and attempt["method"] == AdoptionMethod.CONSENSUS,
        "vote_open": is_open and attempt["method"] == AdoptionMethod.ROLL_CALL,
        "ballot_open": is_open and attempt["method"] == AdoptionMethod.SECRET_BALLOT,
        "may_propose": seat.chair or own is not None,
        "objected": attempt is not None and any(o["delegation"] == own and o["withdrawn_at"] is None for o in attempt["objections"]),
        "standing": attempt is not None and any(o["withdrawn_at"] is None for o in attempt["objections"]),
        "voted": attempt is not None and any(v["delegation"] == own for v in attempt["votes"]),
        "max_minutes": MAX_SILENCE_MINUTES,
        **_choices(),
    }


@login_required
@cached_page
@require_safe
def resolution_page(request: HttpRequest, meeting_id: int, resolution_id: int) -> HttpResponse:
    seat = access_resolutions(request.user, meeting_id)
    resolution = access_resolution(request.user, meeting_id, resolution_id)
    try:
        context = _page_context(seat, resolution)
    except ConflictError as exc:  # the meeting's key was shredded: no text can be read
        context = {"meeting": seat.meeting, "shredded": exc.message, "seen": {"title": resolution.title}}
    return render(request, "resolutions/detail.html", context)


@login_required
@require_safe
def close_page(request: HttpRequest, meeting_id: int, resolution_id: int) -> HttpResponse:
    """The chair confirms the end of the adoption: the objections or the tally first."""
    seat = access_resolutions(request.user, meeting_id, chair=True)
    resolution = access_resolution(request.user, meeting_id, resolution_id, need=Need.ORGANIZE)
    return render(request, "resolutions/close.html", _page_context(seat, resolution))


_CHAIR_ACTS = {"settings", "version", "accept", "reject", "open", "close"}


def _act(request: HttpRequest, seat: ResolutionsSeat, resolution: Resolution, action: str) -> str:
    """Carry out ``action`` from the posted form; the message to show when it succeeds."""
    data = request.POST
    user = request.user
    match action:
        case "settings":
            actions.do_update_resolution(
                resolution,
                legal_character=data.get("legal_character", ""),
                adoption_method=data.get("adoption_method", ""),
                weighted=bool(data.get("weighted")),
                by=user,  # type: ignore[arg-type]
            )
            return _("The settings are saved.")
        case "version":
            version = actions.do_add_version(resolution, _posted_texts(data), by=user)  # type: ignore[arg-type]
            return _("Version %(number)d is saved.") % {"number": version.number}
        case "amend":
            actions.do_propose_amendment(
                resolution,
                version=posted_id(data.get("version")),
                language=data.get("language", ""),
                text=data.get("text", ""),
                reason=data.get("reason", ""),
                by=user,  # type: ignore[arg-type]
            )
            return _("The amendment is proposed.")
        case "accept" | "reject":
            amendment = access_amendment(user, seat.meeting.pk, resolution.pk, posted_id(data.get("amendment")))
            decided = actions.do_decide_amendment(amendment, accept=action == "accept", reason=data.get("reason", ""), by=user)  # type: ignore[arg-type]
            if decided.result is not None:
                return _("The amendment is accepted: version %(number)d is saved.") % {"number": decided.result.number}
            return _("The amendment is rejected.")
        case "open":
            raw = data.get("minutes", "").strip()
            minutes = None
            if raw:
                if not raw.isdigit() or len(raw) > 6:
                    raise InvalidInputError(_("the silence period is a whole number of minutes"), field="minutes")
                minutes = int(raw)
            actions.do_open_adoption(resolution, minutes=minutes, by=user)  # type: ignore[arg-type]
            return _("The adoption is open: the text is frozen.")
        case "object":
            actions.do_object(resolution, text=data.get("text", ""), by=user)  # type: ignore[arg-type]
            return _("Your delegation's objection is recorded.")
        case "withdraw":
            actions.do_withdraw_objection(resolution, by=user)  # type: ignore[arg-type]
            return _("Your delegation's objection is withdrawn.")
        case "vote":
            actions.do_cast_vote(resolution, choice=data.get("choice", ""), by=user)  # type: ignore[arg-type]
            return _("Your delegation's vote is recorded.")
        case "close":
            attempt = actions.do_close_adoption(resolution, final=bool(data.get("final")), by=user)  # type: ignore[arg-type]
            return _("The adoption is closed: %(outcome)s.") % {"outcome": _label("outcome", attempt.outcome).lower()}
        case "reserve":
            actions.do_add_reservation(resolution, kind=data.get("kind", ""), text=data.get("text", ""), by=user)  # type: ignore[arg-type]
            return _("Your delegation's statement is recorded.")
    raise InvalidInputError(_("unknown action: %(action)s") % {"action": action[:40]}, field="action")


@login_required
@require_POST
def resolution_act(request: HttpRequest, meeting_id: int, resolution_id: int) -> HttpResponse:
    """Every act on a resolution, from its page's forms: ``action`` = amend, object, withdraw, vote, reserve
    (a member delegation; amend also the organizers) or settings, version, accept, reject, open,
    close (the organizers; ``close`` only with ``confirm``, from the confirmation page)."""
    action = request.POST.get("action", "")
    chair = action in _CHAIR_ACTS
    seat = access_resolutions(request.user, meeting_id, chair=chair)
    resolution = access_resolution(request.user, meeting_id, resolution_id, need=Need.ORGANIZE if chair else Need.CONTENT)
    if action == "close" and not request.POST.get("confirm"):
        return redirect("resolutions:close", meeting_id, resolution_id)
    try:
        done = _act(request, seat, resolution, action)
    except Error as exc:
        if isinstance(exc, NotFoundError):
            raise
        messages.error(request, translated_diagnostics(exc))
    else:
        messages.success(request, done)
    return redirect(reverse("resolutions:detail", args=[meeting_id, resolution_id]))
