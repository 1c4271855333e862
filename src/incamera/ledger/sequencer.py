"""The sequencer: integrates pending entries into the log in batches (issue 3, §2).

One run, in ONE database transaction:
  1. take the single-writer lock (PostgreSQL: an advisory transaction lock; SQLite: the database
     write lock, taken at BEGIN because transactions are IMMEDIATE);
  2. give the oldest pending entries the next indexes;
  3. write the tiles that change (c2sp.org/tlog-tiles);
  4. compute the new root from the tiles and sign the checkpoint (Ed25519 + ML-DSA-44).
A crash at any point rolls the whole batch back: it is either fully in the log or not at all, and a
checkpoint is only ever published (committed) together with the tiles it commits to.  Two
checkpoints for one size cannot both be committed (``Checkpoint.size`` is unique), and each new one
extends the tiles of the previous one.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import F

from incamera.ledger import keys
from incamera.ledger.models import Checkpoint, LogEntry, Tile
from incamera.tlog.checkpoint import Checkpoint as CheckpointBody
from incamera.tlog.merkle import tree_root
from incamera.tlog.note import sign_note
from incamera.tlog.tiles import TileHashReader, update_tiles

__all__ = ["ADVISORY_LOCK", "BATCH", "latest_checkpoint", "sequence_pending", "tile_bytes"]

ADVISORY_LOCK = 0x696E63616D657261  # "incamera"
BATCH = 10_000


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()


def _take_writer_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])


def _tile_loader(cache: dict[tuple[int, int], bytes]) -> Callable[[int, int], bytes | None]:
    def load(level: int, index: int) -> bytes | None:
        key = (level, index)
        if key not in cache:
            row = Tile.objects.filter(level=level, index=index).values_list("data", flat=True).first()
            if row is None:
                return None
            cache[key] = bytes(row)
        return cache[key]

    return load


def tile_bytes(level: int, index: int, width: int) -> bytes:
    """The first ``width`` hashes of stored tile (level, index); KeyError when it has fewer."""
    row = Tile.objects.filter(level=level, index=index).values_list("data", flat=True).first()
    if row is None or len(row) < width * 32:
        raise KeyError((level, index, width))
    return bytes(row)[: width * 32]


def _assign_indexes(ids: list[int], *, first_index: int) -> None:
    """Give ``ids`` (ascending) the indexes first_index, first_index+1, …: one UPDATE per run of
    consecutive ids (``index = id + offset``), which is nearly always a single statement."""
    position = 0
    while position < len(ids):
        end = position
        while end + 1 < len(ids) and ids[end + 1] == ids[end] + 1:
            end += 1
        offset = first_index + position - ids[position]
        LogEntry.objects.filter(id__gte=ids[position], id__lte=ids[end]).update(index=F("id") + offset)
        position = end + 1


def sequence_pending(*, batch: int = BATCH) -> Checkpoint | None:
    """Integrate up to ``batch`` pending entries; return the new checkpoint, or None if idle."""
    with transaction.atomic():
        _take_writer_lock()
        latest = latest_checkpoint()
        size = latest.size if latest else 0
        pending = list(LogEntry.objects.filter(index__isnull=True).order_by("id").values_list("id", "leaf_hash")[:batch])
        if not pending:
            return None
        _assign_indexes([pk for pk, _ in pending], first_index=size)

        cache: dict[tuple[int, int], bytes] = {}
        changed = update_tiles(_tile_loader(cache), size, [bytes(h) for _, h in pending])
        existing = {
            (level, index): pk
            for pk, level, index in Tile.objects.filter(
                level__in={level for level, _ in changed}, index__in={index for _, index in changed}
            ).values_list("pk", "level", "index")
        }
        updates = [
            Tile(pk=existing[key], level=key[0], index=key[1], width=len(data) // 32, data=data)
            for key, data in changed.items()
            if key in existing
        ]
        creates = [
            Tile(level=key[0], index=key[1], width=len(data) // 32, data=data) for key, data in changed.items() if key not in existing
        ]
        Tile.objects.bulk_update(updates, ["width", "data"], batch_size=500)
        Tile.objects.bulk_create(creates, batch_size=500)
        cache.update(changed)

        new_size = size + len(pending)

        def load_width(level: int, index: int, width: int) -> bytes:
            data = cache.get((level, index))
            if data is None:
                data = tile_bytes(level, index, width)
            return data[: width * 32]

        root = tree_root(TileHashReader(load_width, new_size), new_size)
        body = CheckpointBody(origin=keys.log_origin(), size=new_size, root_hash=root)
        note = sign_note(body.to_text(), keys.log_signers()).to_text()
        return Checkpoint.objects.create(size=new_size, root_hash=root, note=note)
