"""Receipts for participants: an entry, its inclusion proof and the signed checkpoint
(issue 3, §5), in the ``incamera-receipt/v1`` format of ``ledger.verify``.
"""

from __future__ import annotations

from incamera.kernel.errors import NotFoundError
from incamera.ledger.models import LogEntry
from incamera.ledger.sequencer import latest_checkpoint, tile_bytes
from incamera.tlog.merkle import inclusion_proof
from incamera.tlog.tiles import TileHashReader
from incamera.tlog.verify import Receipt

__all__ = ["receipt_for"]


def receipt_for(entry: LogEntry) -> Receipt:
    checkpoint = latest_checkpoint()
    if entry.index is None or checkpoint is None or checkpoint.size <= entry.index:
        raise NotFoundError("this event is not sequenced into the log yet; try again in a moment")
    reader = TileHashReader(tile_bytes, checkpoint.size)
    proof = inclusion_proof(reader, index=entry.index, size=checkpoint.size)
    from incamera.ledger.keys import log_origin

    return Receipt(
        origin=log_origin(),
        index=entry.index,
        entry=bytes(entry.data),
        inclusion_proof=proof,
        checkpoint=checkpoint.cosigned_note or checkpoint.note,
    )
