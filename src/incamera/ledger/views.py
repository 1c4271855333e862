"""Serving the log per c2sp.org/tlog-tiles: /log/checkpoint, hash tiles and entry bundles.

Full tiles never change, so they are served as immutable; partial tiles and the checkpoint are
short-lived.  Anyone may read the log: it holds only pseudonyms, public fields and commitments.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from incamera.core.errors import InvalidInputError
from incamera.ledger.models import LogEntry
from incamera.ledger.sequencer import latest_checkpoint, tile_bytes
from incamera.ledger.tiles import TILE_WIDTH, encode_bundle, parse_tile_path

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=5"


def _bytes(body: bytes, *, cache: str, content_type: str = "application/octet-stream") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def checkpoint(request: HttpRequest) -> HttpResponse:
    latest = latest_checkpoint()
    if latest is None:
        raise Http404("the log is empty")
    return _bytes((latest.cosigned_note or latest.note).encode(), cache="no-cache", content_type="text/plain; charset=utf-8")


@require_GET
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
