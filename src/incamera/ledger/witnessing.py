"""Gathering witness cosignatures for our checkpoints (c2sp.org/tlog-witness, client side).

For each configured witness (``INCAMERA_LOG_WITNESSES``: ``URL VKEY`` pairs), POST
``/add-checkpoint`` with the size it last cosigned and a consistency proof from it; on 409 the
witness tells its size and we retry once from there.  Every returned cosignature is verified with
the witness's key before it is published: the served checkpoint is the log's note plus the
cosignature lines that verify.
"""

from __future__ import annotations

import base64
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction

from incamera.kernel.errors import Error
from incamera.ledger.models import Checkpoint, WitnessRecord
from incamera.ledger.sequencer import tile_bytes
from incamera.tlog.cosignature import CosignatureVerifier
from incamera.tlog.merkle import consistency_proof
from incamera.tlog.note import Note, Signature, open_note
from incamera.tlog.tiles import TileHashReader

__all__ = ["gather_cosignatures"]

logger = logging.getLogger(__name__)
TIMEOUT = 5.0


def _request_body(checkpoint: Checkpoint, old_size: int) -> bytes:
    proof: list[bytes] = []
    if 0 < old_size < checkpoint.size:
        proof = consistency_proof(TileHashReader(tile_bytes, checkpoint.size), old_size=old_size, new_size=checkpoint.size)
    lines = [f"old {old_size}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + checkpoint.note).encode()


def _post(url: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(url.rstrip("/") + "/add-checkpoint", data=body, method="POST")  # noqa: S310 - configured URL
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, response.read(65536)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(65536)


def _cosign_once(checkpoint: Checkpoint, url: str, verifier: CosignatureVerifier) -> list[Signature]:
    record, _ = WitnessRecord.objects.get_or_create(url=url)
    old = min(record.size, checkpoint.size)
    status, body = _post(url, _request_body(checkpoint, old))
    if status == 409 and body.strip().isdigit():
        old = int(body.strip())
        if old > checkpoint.size:
            raise Error(f"witness {url} has seen size {old}, larger than our checkpoint {checkpoint.size}")
        status, body = _post(url, _request_body(checkpoint, old))
    if status != 200:
        raise Error(f"witness {url} answered {status}: {body[:200].decode(errors='replace').strip()}")
    signatures = [Signature.from_line(line) for line in body.decode().splitlines() if line.strip()]
    cosigned = Note(text=_body_text(checkpoint), signatures=tuple(signatures))
    open_note(cosigned.to_text(), verifiers=[verifier])  # refuse anything that does not verify
    WitnessRecord.objects.filter(pk=record.pk).update(size=checkpoint.size, last_error="")
    return [s for s in signatures if s.key_id == verifier.key_id and s.name == verifier.name]


def _body_text(checkpoint: Checkpoint) -> str:
    return Note.from_text(checkpoint.note).text


def gather_cosignatures(checkpoint: Checkpoint) -> str:
    """Ask every configured witness to cosign ``checkpoint``; store and return the note with the
    cosignatures that verified (the log's own note when none did)."""
    note = Note.from_text(checkpoint.note)
    gathered: list[Signature] = []
    for url, vkey in settings.INCAMERA_LOG_WITNESSES:
        try:
            gathered.extend(_cosign_once(checkpoint, url, CosignatureVerifier.from_vkey(vkey)))
        except (Error, OSError, ValueError) as exc:
            message = exc.message if isinstance(exc, Error) else str(exc)
            logger.warning("witness %s did not cosign checkpoint %d: %s", url, checkpoint.size, message)
            WitnessRecord.objects.filter(url=url).update(last_error=message[:500])
    text = Note(text=note.text, signatures=(*note.signatures, *gathered)).to_text() if gathered else ""
    with transaction.atomic():
        Checkpoint.objects.filter(pk=checkpoint.pk).update(cosigned_note=text)
    return text or checkpoint.note
