"""Serving the log per c2sp.org/tlog-tiles: /log/checkpoint, hash tiles and entry bundles.

Full tiles never change, so they are served as immutable; partial tiles and the checkpoint are
short-lived.  Anyone may read the log: it holds only pseudonyms, public fields and commitments.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from incamera.i18n.errors import translated
from incamera.kernel.errors import Error, InvalidInputError, VerificationError
from incamera.ledger.keys import log_vkeys
from incamera.ledger.models import LogEntry
from incamera.ledger.sequencer import latest_checkpoint, tile_bytes
from incamera.tlog.checkpoint import CheckpointError, MalformedCheckpointError
from incamera.tlog.entries import CommitmentError, verify_commitment
from incamera.tlog.merkle import ProofError
from incamera.tlog.note import MalformedNoteError, NoteError
from incamera.tlog.tiles import TILE_WIDTH, encode_bundle, parse_tile_path
from incamera.tlog.verify import MalformedReceiptError, Receipt, ReceiptError, WitnessPolicyError, verify_receipt

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=5"


def _bytes(body: bytes, *, cache: str, content_type: str = "application/octet-stream") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def checkpoint(request: HttpRequest) -> HttpResponse:
    latest = latest_checkpoint()
    if latest is None:
        raise Http404("the log is empty")
    return _bytes((latest.cosigned_note or latest.note).encode(), cache="no-cache", content_type="text/plain; charset=utf-8")


@require_safe
def tile(request: HttpRequest, path: str) -> HttpResponse:
    try:
        tile_id = parse_tile_path(f"tile/{path}")
    except InvalidInputError as exc:
        raise Http404(exc.message) from exc
    full = tile_id.width == TILE_WIDTH
    if tile_id.entries:
        start = tile_id.index * TILE_WIDTH
        data = list(
            LogEntry.objects.filter(index__gte=start, index__lt=start + tile_id.width).order_by("index").values_list("data", flat=True)
        )
        if len(data) != tile_id.width:
            raise Http404("those entries are not in the log yet")
        return _bytes(encode_bundle([bytes(d) for d in data]), cache=IMMUTABLE if full else SHORT)
    try:
        body = tile_bytes(tile_id.level, tile_id.index, tile_id.width)
    except KeyError as exc:
        raise Http404("no such tile yet") from exc
    return _bytes(body, cache=IMMUTABLE if full else SHORT)


# --- the public verify page ---------------------------------------------------------------------


def _meaning(exc: Error) -> str:
    """What a failed check means for the reader; the technical message goes in a <details>."""
    if isinstance(exc, MalformedReceiptError | MalformedNoteError | MalformedCheckpointError):
        return _("This is not a receipt this page can read. Paste the whole receipt, exactly as you received it.")
    if isinstance(exc, CommitmentError):
        return _(
            "The disclosed content does not match what was logged on the day: the content was changed since, or the salt is not "
            "the one given with it."
        )
    if isinstance(exc, WitnessPolicyError):
        return _("Too few independent witnesses vouch for this receipt's checkpoint to trust it.")
    if isinstance(exc, ProofError | ReceiptError):
        return _("This receipt does not prove that its entry is in this site's log: the receipt was altered, or it comes from another log.")
    if isinstance(exc, NoteError | CheckpointError):
        return _("This receipt was not signed with this site's log key: it comes from another site, or it was altered.")
    if isinstance(exc, VerificationError):
        return _("This receipt does not verify: it was altered, or it comes from another log.")
    return translated(exc)


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone pastes a receipt (checked against this log's key), and optionally a disclosed
    (content, salt) pair checked against the entry's commitment."""
    context: dict[str, object] = {"vkey": log_vkeys()[0], "receipt_text": "", "content_text": "", "salt_text": ""}
    if request.method == "POST":
        text = request.POST.get("receipt", "")[:200_000]
        content_text = request.POST.get("content", "")[:200_000]
        salt_text = request.POST.get("salt", "").strip()[:200]
        context.update(receipt_text=text, content_text=content_text, salt_text=salt_text)
        try:
            parsed = Receipt.from_json(text)
            verify_receipt(parsed, log_vkey=log_vkeys()[0])
            body = json.loads(parsed.entry)
            context["verified"] = {"index": parsed.index, "type": body.get("type"), "time": body.get("time"), "public": body.get("public")}
            if content_text.strip() or salt_text:
                try:
                    content = json.loads(content_text)
                    salt = bytes.fromhex(salt_text)
                except (json.JSONDecodeError, ValueError) as exc:
                    raise InvalidInputError(_("the content must be JSON and the salt 64 hex digits"), field="content") from exc
                if "commitment" not in body:
                    raise InvalidInputError(_("this entry has no commitment to check"), field="content")
                verify_commitment(expected=body["commitment"], salt=salt, content=content)
                context["commitment_ok"] = True
        except Error as exc:
            context["error"] = _meaning(exc)
            if isinstance(exc, VerificationError | MalformedReceiptError | MalformedNoteError | MalformedCheckpointError):
                context["error_detail"] = exc.message
    return render(request, "ledger/verify.html", context, status=200 if "error" not in context else 422)
