"""The Disclosure section (organizers: schedule, items, approval, preview) and the public archive
(anyone: released items, each with its machine-readable record and the log's inclusion proof)."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from incamera.accounts.throttle import client_address
from incamera.crypto import quorum
from incamera.disclosure import actions
from incamera.disclosure.access import (
    access_disclosure,
    access_item,
    access_panel,
    access_quorum,
    access_release_status,
    panel_petitions,
    panel_seat,
    petition_meeting,
    readouts_seat,
    released_item,
    reviewable_petition,
)
from incamera.disclosure.models import Item, ItemState, PetitionState, Readout, ReadoutState
from incamera.disclosure.tiers import ORDER
from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, InvalidInputError, NotFoundError, VerificationError
from incamera.ledger.keys import log_vkeys
from incamera.materials.actions import documents_of
from incamera.meetings.lifecycle import FROZEN, State
from incamera.resolutions.actions import member_delegation
from incamera.search.actions import search
from incamera.tlog.verify import Receipt, verify_receipt
from incamera.web.access import get_or_404
from incamera.web.forms import posted_id
from incamera.web.pagecache import cached_page
from incamera.web.responses import attachment

TIER_NAMES = {
    "outline": gettext_lazy("Outline"),
    "non_sensitive": gettext_lazy("Non-sensitive"),
    "full": gettext_lazy("Full"),
    "sealed": gettext_lazy("Sealed"),
}


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def schedule_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_disclosure(request.user, meeting_id)
    schedule = actions.schedule_of(meeting)
    status = 200
    if request.method == "POST":
        act = request.POST.get("act", "")
        try:
            if act == "schedule":
                offsets = {}
                for tier in ("outline", "non_sensitive", "full"):
                    raw = request.POST.get(tier, "").strip()
                    offsets[tier] = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else raw
                actions.do_update_schedule(meeting, offsets, by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("The disclosure schedule is saved."))
            elif act == "rule":
                actions.do_set_readout_rule(meeting, request.POST.get("readout_rule", ""), by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("The readout rule is saved."))
            elif act == "material":
                actions.do_mark_public(meeting, posted_id(request.POST.get("document")), by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("The document is proposed for the public archive: choose its tier and approve it."))
            elif act == "propose":
                made = actions.do_propose_items(meeting, by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("%(n)d new item(s) proposed.") % {"n": len(made)})
            else:
                messages.error(request, _("Choose what to do."))
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422
        if status == 200:
            return redirect("disclosure:schedule", meeting_id)
    on_text = request.GET.get("on", "")
    preview, preview_on = None, None
    if on_text:
        try:
            preview_on = dt.datetime.fromisoformat(on_text).replace(tzinfo=dt.UTC)
            preview = actions.preview(meeting, preview_on + dt.timedelta(days=1))
        except ValueError:
            messages.error(request, _("Give the preview's date as YYYY-MM-DD."))
    items = list(Item.objects.filter(meeting=meeting))
    marked = {int(i.ref): i for i in items if i.kind == "material"}
    context = {
        "documents": [(d, marked.get(d.pk)) for d in documents_of(meeting)],
        "meeting": meeting,
        "schedule": schedule,
        "frozen": State(meeting.state) in FROZEN,
        "rule_fixed": State(meeting.state) not in (State.DRAFT, State.PREPARING),
        "items": [(i, TIER_NAMES[i.tier]) for i in items],
        "tiers": [(t.value, TIER_NAMES[t.value]) for t in ORDER],
        "preview": preview,
        "preview_on": preview_on,
        "states": ItemState,
    }
    return render(request, "disclosure/schedule.html", context, status=status)


@login_required
@require_safe
def review_page(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    """An item as the public will read it, before the organizer approves it; for a note, the
    de-attribution engine's changes shown against the note as it was kept."""
    item = access_item(request.user, meeting_id, item_id)
    context: dict[str, object] = {"meeting": item.meeting, "item": item, "tier": TIER_NAMES[item.tier], "states": ItemState}
    stored = (item.sensitivity or {}).get("reasons", [])
    context["reasons"] = stored
    try:
        if item.state == ItemState.APPROVED and item.tier == "sealed":
            context["sealed"] = True  # sealed to the custodian quorum: nothing here opens it
        elif item.state == ItemState.RELEASED:
            context["content"] = item.content
        elif item.kind == "note":
            context["review"] = actions.review_of(item)
        elif item.state == ItemState.PROPOSED:
            context["content"] = actions.content_of(item)
        else:
            context["content"] = next(
                (c for i, c in actions.preview(item.meeting, dt.datetime.max.replace(tzinfo=dt.UTC)) if i.pk == item.pk), ""
            )
        if item.sensitivity and not context.get("sealed"):
            context["reasons"] = actions.explain(item) or stored  # the terms, recomputed while the content can be read
    except Error as exc:
        context["error"] = translated(exc)
    return render(request, "disclosure/review.html", context)


@login_required
@require_POST
def item_act(request: HttpRequest, meeting_id: int, item_id: int) -> HttpResponse:
    item = access_item(request.user, meeting_id, item_id)
    act = request.POST.get("act", "")
    try:
        if act == "tier":
            actions.do_set_tier(item, request.POST.get("tier", ""), by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The tier is set."))
        elif act == "withdraw":
            actions.do_withdraw_item(item, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The document is no longer marked public."))
        elif act == "approve":
            actions.do_approve_item(item, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("Approved: the content is sealed and committed in the log; it is released on its date."))
        else:
            messages.error(request, _("Choose what to do."))
    except Error as exc:
        messages.error(request, translated(exc))
    return redirect("disclosure:schedule", meeting_id)


@require_safe
def archive_page(request: HttpRequest) -> HttpResponse:
    """Released items, newest first; with ``?q=``, those holding every word of the query, in any
    of the six languages (Chinese words of one or two characters included), best first."""
    query = request.GET.get("q", "")
    context: dict[str, object] = {"q": query}
    status = 200
    if query:
        try:
            hits = search(query, limit=50, keys_prefix="item:")
        except Error as exc:
            context["error"], hits, status = translated(exc), [], 422
        found = {
            i.pk: i for i in Item.objects.filter(state=ItemState.RELEASED, pk__in=[int(h.key[5:]) for h in hits]).select_related("meeting")
        }
        context["hits"] = [
            (found[int(h.key[5:])], TIER_NAMES[found[int(h.key[5:])].tier], h.snippet) for h in hits if int(h.key[5:]) in found
        ]
    else:
        items = Item.objects.filter(state=ItemState.RELEASED).select_related("meeting").order_by("-released_at", "id")[:200]
        context["items"] = [(i, TIER_NAMES[i.tier]) for i in items]
    return render(request, "disclosure/archive.html", context, status=status)


@require_safe
def item_page(request: HttpRequest, item_id: int) -> HttpResponse:
    item = released_item(item_id)
    return render(request, "disclosure/item.html", {"item": item, "tier": TIER_NAMES[item.tier], "record": actions.record_of(item)})


@require_safe
def item_file(request: HttpRequest, item_id: int) -> HttpResponse:
    """A released public document's file, as uploaded; its SHA-256 is in the item's content."""
    item = released_item(item_id)
    if not item.attachment_name:
        raise NotFoundError(f"item {item_id} has no file")
    return attachment(bytes(item.attachment), filename=item.attachment_name, content_type="application/octet-stream")


@require_safe
def item_json(request: HttpRequest, item_id: int) -> JsonResponse:
    """The record anyone can check: SHA-256(bytes.fromhex(salt) + content.encode()) == commitment,
    and the log entry at log_index carries that commitment (its receipt proves the inclusion)."""
    item = released_item(item_id)
    record = actions.record_of(item)
    try:
        from incamera.ledger.models import LogEntry
        from incamera.ledger.receipts import receipt_for

        entry = LogEntry.objects.get(event=item.approval_event_id)
        record["receipt"] = json.loads(receipt_for(entry).to_json())
    except (LogEntry.DoesNotExist, NotFoundError):
        record["receipt"] = None
    response = JsonResponse(record, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def check_record(text: str) -> dict[str, object]:
    """Check an archive item's record (``/archive/items/{id}.json``): its content against its
    commitment, and the log entry its receipt proves against that commitment.  Raises an Error."""
    try:
        record = json.loads(text)
        content, salt, commitment = str(record["content"]), bytes.fromhex(str(record["salt"])), str(record["commitment"])
        receipt = Receipt.from_json(json.dumps(record["receipt"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInputError(_("this is not an archive record: paste the whole JSON record of a released item"), field="record") from exc
    if actions.commitment_of(salt, content) != commitment:
        raise VerificationError(_("the content and salt do not give the record's commitment: the content was changed"))
    verify_receipt(receipt, log_vkey=log_vkeys()[0])
    entry = json.loads(receipt.entry)
    if entry.get("type") != "disclosure.approved" or entry.get("public", {}).get("commitment") != commitment:
        raise VerificationError(_("the log entry the receipt proves does not carry this record's commitment"))
    return {"index": receipt.index, "time": entry.get("time"), "tier": entry.get("public", {}).get("tier")}


@require_http_methods(["GET", "HEAD", "POST"])
def verify_record_page(request: HttpRequest) -> HttpResponse:
    """Anyone pastes an archive item's record; it is checked against this site's log."""
    context: dict[str, object] = {"record_text": ""}
    status = 200
    if request.method == "POST":
        text = request.POST.get("record", "")[:2_000_000]
        context["record_text"] = text
        try:
            context["verified"] = check_record(text)
        except Error as exc:
            context["error"] = translated(exc)
            status = 422
    return render(request, "disclosure/verify.html", context, status=status)


def _feed_items(request: HttpRequest) -> list[Item]:
    rows = Item.objects.filter(state=ItemState.RELEASED).select_related("meeting").order_by("-released_at", "-id")
    meeting = request.GET.get("meeting", "")
    if meeting:
        rows = rows.filter(meeting_id=int(meeting)) if meeting.isascii() and meeting.isdigit() and len(meeting) < 12 else rows.none()
    return list(rows[:100])


@require_safe
def feed_json(request: HttpRequest) -> JsonResponse:
    """New releases as a JSON Feed (jsonfeed.org, version 1.1); ``?meeting=ID`` for one meeting."""
    items = _feed_items(request)
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _("Public archive"),
        "home_page_url": request.build_absolute_uri("/archive/"),
        "feed_url": request.build_absolute_uri(request.get_full_path()),
        "items": [
            {
                "id": request.build_absolute_uri(f"/archive/items/{i.pk}/"),
                "url": request.build_absolute_uri(f"/archive/items/{i.pk}/"),
                "title": i.title,
                "content_text": i.content,
                "date_published": i.released_at.isoformat() if i.released_at else None,
                "tags": [i.meeting.title, i.tier],
                "_incamera": {"record": request.build_absolute_uri(f"/archive/items/{i.pk}.json"), "commitment": i.commitment},
            }
            for i in items
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/feed+json; charset=utf-8"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def feed_atom(request: HttpRequest) -> HttpResponse:
    """New releases as an Atom feed (RFC 4287); ``?meeting=ID`` for one meeting."""
    items = _feed_items(request)
    updated = max((i.released_at for i in items if i.released_at), default=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    context = {
        "items": items,
        "updated": updated,
        "self": request.build_absolute_uri(request.get_full_path()),
        "home": request.build_absolute_uri("/archive/"),
    }
    response = render(request, "disclosure/feed.atom", context, content_type="application/atom+xml; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
@cached_page
@require_http_methods(["GET", "HEAD", "POST"])
def readouts_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Readouts: the organizers propose one; each member delegation consents or objects."""
    act = request.POST.get("act", "") if request.method == "POST" else ""
    meeting, organizer = readouts_seat(request.user, meeting_id, propose=act == "propose")
    status = 200
    if request.method == "POST":
        try:
            if act == "propose":
                actions.do_propose_readout(meeting, title=request.POST.get("title", ""), text=request.POST.get("text", ""), by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("The readout is proposed: each member delegation now consents or objects."))
            elif act in ("consent", "object"):
                readout = get_or_404(Readout, "readout", pk=posted_id(request.POST.get("readout")), meeting=meeting)
                actions.do_answer_readout(readout, request.user, agree=act == "consent", objection=request.POST.get("objection", ""))  # type: ignore[arg-type]
                messages.success(request, _("Your delegation's answer is recorded."))
            else:
                messages.error(request, _("Choose what to do."))
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422
        if status == 200:
            return redirect("disclosure:readouts", meeting_id)
    mine = member_delegation(meeting, request.user)  # type: ignore[arg-type]
    rows = []
    for readout in Readout.objects.filter(meeting=meeting):
        answers = dict(readout.consents.values_list("delegation", "agree"))
        rows.append(
            {
                "readout": readout,
                "text": actions.readout_text(readout),
                "yes": sum(1 for v in answers.values() if v),
                "no": sum(1 for v in answers.values() if not v),
                "total": len(readout.delegations),
                "mine": answers.get(mine) if mine else None,
                "may_answer": bool(mine) and mine in readout.delegations and mine not in answers and readout.state == ReadoutState.PROPOSED,
            }
        )
    context = {
        "meeting": meeting,
        "rows": rows,
        "organizer": organizer,
        "rule": actions.schedule_of(meeting).get_readout_rule_display(),
        "states": ReadoutState,
    }
    return render(request, "disclosure/readouts.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def petition_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """File a public-interest petition to disclose a meeting early: signed in, it is public at
    once; without an account, once its petitioner confirms it from the link mailed to them."""
    signed_in = request.user.is_authenticated
    try:
        meeting = petition_meeting(request.user, meeting_id)
    except NotFoundError:
        if not signed_in:
            return redirect_to_login(request.get_full_path())
        raise
    status, text, email = 200, "", ""
    if request.method == "POST":
        text, email = request.POST.get("text", ""), request.POST.get("email", "")
        try:
            if signed_in:
                actions.do_file_petition(meeting, text=text, by=request.user)  # type: ignore[arg-type]
            else:
                actions.do_file_petition_by_email(
                    meeting, text=text, email=email, base_url=request.build_absolute_uri("/"), client=client_address(request)
                )
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422
        else:
            if signed_in:
                messages.success(request, _("Your petition is filed and public; the ethics review panel decides by the date shown."))
            else:
                messages.success(
                    request,
                    _("Check your e-mail: your petition is published once you open the link we sent (valid %(hours)d hours).")
                    % {"hours": actions.PETITION_LINK_HOURS},
                )
            return redirect("disclosure:petitions")
    context = {"meeting": meeting, "text": text, "email": email, "signed_in": signed_in}
    return render(request, "disclosure/petition.html", context, status=status)


@sensitive_post_parameters("code")
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_petition_page(request: HttpRequest) -> HttpResponse:
    """The mailed link's landing page: its code travels after "#" (never in a server's log);
    the page's script posts it once, or the petitioner types the code from the mail."""
    status = 200
    if request.method == "POST":
        try:
            actions.do_confirm_petition(request.POST.get("code", ""))
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422 if not isinstance(exc, NotFoundError) else 404
        else:
            messages.success(request, _("Your petition is confirmed and public; the ethics review panel decides by the date shown."))
            return redirect("disclosure:petitions")
    return render(request, "disclosure/confirm_petition.html", {}, status=status)


@require_safe
def petitions_page(request: HttpRequest) -> HttpResponse:
    """Every petition, its deadline and the panel's decision with reasons: public."""
    petitions = actions.public_petitions()
    return render(request, "disclosure/petitions.html", {"petitions": petitions, "now": dt.datetime.now(dt.UTC)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review_petitions_page(request: HttpRequest) -> HttpResponse:
    """The ethics review panel's petitions: pending first; a decision with public reasons."""
    status = 200
    if request.method == "POST":
        petition = reviewable_petition(request.user, posted_id(request.POST.get("petition")))
        try:
            actions.do_decide_petition(
                petition,
                grant=request.POST.get("decision") == "grant",
                reasons=request.POST.get("reasons", ""),
                by=request.user,  # type: ignore[arg-type]
            )
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422
        else:
            messages.success(request, _("The decision and its reasons are published."))
            return redirect("disclosure:review_petitions")
    rows = panel_petitions(request.user).order_by("state", "decide_by")
    return render(request, "disclosure/review_petitions.html", {"petitions": rows, "states": PetitionState}, status=status)


_KEY_FILE_LIMIT = 64 * 1024  # a hybrid public key's text is about 2 KiB


@sensitive_post_parameters("share")
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def quorum_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The sealed record's custodian quorum: the organizers set it up (k of the meeting's
    custodians, each with the account that submits their share); each custodian downloads their
    wrapped share, opens it on their own machine and submits it here with a passkey confirmation."""
    access = access_quorum(request.user, meeting_id)
    meeting, status = access.meeting, 200
    if request.method == "POST":
        act = request.POST.get("act", "")
        if not ((act in ("create", "custodian") and access.organizer) or (act == "submit" and access.seat is not None)):
            raise NotFoundError(_("nothing to do here"))
        try:
            if act == "custodian":
                upload = request.FILES.get("public_key_file")
                if upload is not None and (upload.size or 0) > _KEY_FILE_LIMIT:
                    raise InvalidInputError(
                        _("the key file is %(size)d KiB: a custodian's public key file is at most %(limit)d KiB")
                        % {"size": -(-(upload.size or 0) // 1024), "limit": _KEY_FILE_LIMIT // 1024},
                        field="public_key",
                    )
                text = upload.read(_KEY_FILE_LIMIT).decode("utf-8", "replace") if upload is not None else request.POST.get("public_key", "")
                name = request.POST.get("name", "")
                actions.do_add_record_custodian(meeting, name=name, public_key_text=text, by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("%(name)s is a custodian of this meeting.") % {"name": " ".join(name.split())})
            elif act == "create":
                seats = [actions.CustodianSeat(c.pk, request.POST.get(f"email_{c.pk}", "")) for c, _fp in actions.custodians_of(meeting)]
                k_text = request.POST.get("k", "").strip()
                k = int(k_text) if k_text.isascii() and k_text.isdigit() and len(k_text) < 4 else 0
                made = actions.do_create_quorum(meeting, k=k, seats=seats, by=request.user)  # type: ignore[arg-type]
                messages.success(
                    request,
                    _("The custodian quorum is set: %(k)d of %(n)d custodians open the sealed record.") % {"k": made.k, "n": made.n},
                )
            else:
                confirmation = posted_id(request.POST.get("confirmation"))
                progress = actions.do_submit_share(meeting, request.user, request.POST.get("share", ""), confirmation_id=confirmation)  # type: ignore[arg-type]
                if progress.complete:
                    messages.success(
                        request, _("Your share is accepted. The quorum is complete: the sealed record is open and its items are released.")
                    )
                else:
                    messages.success(
                        request, _("Your share is accepted: %(t)d of %(k)d.") % {"t": progress.submitted, "k": progress.needed}
                    )
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422
        if status == 200:
            return redirect("disclosure:quorum", meeting_id)
    record = access.record
    if record is not None:
        record.refresh_from_db()
    context = {
        "meeting": meeting,
        "record": record,
        "seat": access.seat,
        "organizer": access.organizer,
        "custodians": list(record.custodians.all()) if record is not None else [],
        "candidates": actions.custodians_of(meeting) if record is None else [],
        "progress": actions.progress_of(record) if record is not None else None,
        "quorum_id": quorum.Quorum.from_json(record.quorum).id.hex() if record is not None else "",
        "petition": actions.granted_petition(meeting),
        "purpose": actions.SHARE_PURPOSE,
    }
    return render(request, "disclosure/quorum.html", context, status=status)


@login_required
@require_safe
def quorum_share(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The custodian's own wrapped share, to open with ``incamera custodian open-share``."""
    access = access_quorum(request.user, meeting_id)
    if access.seat is None or access.record is None:
        raise NotFoundError(_("you hold no share of this meeting's sealed record"))
    body = json.dumps(actions.wrapped_share_file(access.record, access.seat), indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="incamera-share-{meeting_id}-{access.seat.index}.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def panel_page(request: HttpRequest) -> HttpResponse:
    """A secretariat's ethics review panel, seated by its organizers: who decides petitions for
    early disclosure of its meetings (a member never decides on a meeting they organize)."""
    secretariat = access_panel(request.user, posted_id(request.GET.get("secretariat")) or None)
    status = 200
    if request.method == "POST":
        seat = panel_seat(secretariat, posted_id(request.POST.get("reviewer"))) if request.POST.get("act") == "remove" else None
        try:
            if seat is not None:
                actions.do_remove_reviewer(seat, by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("%(who)s no longer sits on the panel.") % {"who": str(seat.user)})
            else:
                seated = actions.do_seat_reviewer(secretariat, request.POST.get("email", ""), by=request.user)  # type: ignore[arg-type]
                messages.success(request, _("%(who)s now sits on the panel.") % {"who": str(seated.user)})
        except Error as exc:
            messages.error(request, translated(exc))
            status = 422
        if status == 200:
            return redirect(f"{reverse('disclosure:panel')}?secretariat={secretariat.pk}")
    reviewers, pending = actions.panel_of(secretariat)
    context = {"secretariat": secretariat, "reviewers": reviewers, "pending": pending}
    return render(request, "disclosure/panel.html", context, status=status)


@login_required
@require_safe
def status_page(request: HttpRequest) -> HttpResponse:
    """The release worker's status: its workers' last rounds, the backlog, failing items."""
    staff, mine = access_release_status(request.user)
    status = actions.release_status(mine, everything=staff)
    return render(request, "disclosure/status.html", {"status": status, "staff": staff})
