"""Meeting keys, and the epochs of key-encryption keys that wrap them (issue 9, finding 1).

Each meeting's materials (documents, the focal points' credentials) are encrypted under its
meeting key (``crypto/envelope.py``); the meeting key is stored wrapped by the key-encryption key
(KEK) of an **epoch**, a file outside the database (``crypto/keys.py``).  Destroying a meeting's
materials therefore does not rely on the database forgetting its wrapped key:

1. the shredded meeting's wrapped key is emptied (and its custodians' wraps);
2. ``start_new_epoch`` writes a fresh KEK file (fsynced), re-wraps every *other* live meeting
   key under it and retires the old epoch, in the caller's transaction;
3. after the commit, the files of the older epochs are overwritten, unlinked and their folder
   fsynced, so every copy of the old wrap (SQLite's WAL and free pages, PostgreSQL's dead tuples
   and WAL segments, a backup) opens with no key that remains; then, as defence in depth, SQLite
   checkpoints and truncates its WAL (deleted content is zeroed by ``PRAGMA secure_delete``) and
   PostgreSQL vacuums the tables touched.

The newest epoch row not retired is the current one; locking it orders the creation of a meeting
key against a shred, so no key is ever wrapped under an epoch about to be destroyed.  A shred that
fails after writing its KEK file leaves an unused file of a newer epoch, which the next shred
replaces; files are only ever destroyed for epochs *older* than the current one, never newer (a
shred in progress may be writing one).

Keys that a release before 0.2 wrapped under the install's root secret (``kek_epoch`` empty) still
open; the first new epoch (a shred, or ``incamera keys rotate``) moves them to it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from incamera.crypto import envelope
from incamera.crypto.keys import (
    KeyFileError,
    create_key_file,
    destroy_key_file,
    epoch_key_path,
    epoch_key_paths,
    load_or_create_key_file,
    read_key_file,
)
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, VerificationError
from incamera.materials.models import KeyEpoch, MeetingKey
from incamera.meetings.models import Meeting

__all__ = [
    "EpochStatus",
    "destroy_retired_files",
    "epoch_status",
    "leftover_files",
    "lock_epochs",
    "meeting_key",
    "open_all_sealed",
    "open_sealed",
    "scrub_database",
    "seal",
    "shredding",
    "start_new_epoch",
]

logger = logging.getLogger(__name__)

# Sent inside the shred's transaction with ``meeting``: an app that sealed something under the
# meeting key (``seal``) empties it too and returns how many items it emptied.
shredding = Signal()

# Tables whose dead rows may hold a shredded key's old wrap or a meeting's old ciphertext.
SCRUBBED_TABLES = (
    "materials_meetingkey",
    "materials_meetingcustodian",
    "invitations_credential",
    "notes_note",
    "resolutions_resolutiontext",
    "resolutions_amendment",
    "resolutions_objection",
    "resolutions_reservation",
)


def _aad(meeting_id: int) -> bytes:
    return f"incamera meeting {meeting_id}".encode()


def _epoch_key(number: int | None) -> bytes:
    """The KEK of epoch ``number`` (the root secret for a key wrapped before epochs existed);
    FileNotFoundError when the file is gone (destroyed by a shred that just committed)."""
    if number is None:
        return load_or_create_key_file(settings.INCAMERA_KEK_PATH)
    return read_key_file(epoch_key_path(settings.INCAMERA_KEK_DIR, number))  # never creates one


def _lock_current() -> KeyEpoch:
    """The current epoch's row, locked until the caller's transaction ends.

    Under PostgreSQL's READ COMMITTED, a statement that waited on the lock while a shred
    committed finds the row it waited for retired, and cannot see the shred's new epoch (its
    snapshot predates it): it must look again, never fall back to an older epoch, whose key file
    the shred is about to destroy."""
    for _attempt in range(5):
        epoch = KeyEpoch.objects.select_for_update().filter(retired_at__isnull=True).order_by("-number").first()
        if epoch is not None:
            return epoch
        if not KeyEpoch.objects.exists():  # only a database that never migrated its first epoch in
            first, _created = KeyEpoch.objects.get_or_create(number=1)
            return first
    raise ConflictError(_("the key epochs changed while this was being saved; try again"))


def lock_epochs() -> None:
    """Take the epochs' lock first in a transaction that will lock meeting keys and then start a
    new epoch (a shred): two shreds of different meetings otherwise each hold one meeting key's
    row and wait for the other's (a deadlock on PostgreSQL)."""
    _lock_current()


def meeting_key(meeting: Meeting, *, create: bool = False) -> bytes:
    """The meeting's key, unwrapped; created under the current epoch when ``create`` and absent.
    ConflictError when the meeting has no key, or when it was shredded.

    A writer (``create``: an upload, a custodian, a sealed credential) holds the key's row until
    its transaction ends (``FOR NO KEY UPDATE``), so a shred waits for it and then empties what it
    wrote, or it waits for the shred and is refused; it never writes with a key the shred has
    already destroyed (on SQLite, IMMEDIATE transactions already run one at a time)."""
    rows = MeetingKey.objects.filter(meeting=meeting)
    if create and connection.in_atomic_block:
        rows = rows.select_for_update(no_key=True)
    for attempt in range(2):
        row = rows.first()
        if row is None:
            if not create:
                raise ConflictError(_("this meeting has no materials"))
            return _create(meeting)
        if row.shredded_at is not None:
            raise ConflictError(
                _("this meeting's materials were shredded on %(when)s; nothing can be read")
                % {"when": row.shredded_at.strftime("%Y-%m-%d")}
            )
        try:
            return envelope.unwrap_key(_epoch_key(row.kek_epoch), bytes(row.wrapped), aad=_aad(meeting.pk))
        except (FileNotFoundError, VerificationError) as exc:
            if attempt == 0:
                continue  # a new epoch committed, and its shred destroyed our row's file: read the row again
            if isinstance(exc, VerificationError):
                raise
            path = epoch_key_path(settings.INCAMERA_KEK_DIR, row.kek_epoch or 0)
            msg = f"the key file of epoch {row.kek_epoch} ({path}) is missing; restore it from the key backup (docs/operations.md)"
            raise KeyFileError(msg) from exc
    raise AssertionError  # pragma: no cover - the loop returns or raises


def _create(meeting: Meeting) -> bytes:
    with transaction.atomic():
        epoch = _lock_current()
        destroy_retired_files(epoch.number)  # what a crashed shred may have left behind
        path = epoch_key_path(settings.INCAMERA_KEK_DIR, epoch.number)
        if not path.exists() and MeetingKey.objects.filter(kek_epoch=epoch.number).exists():
            # Keys are wrapped under this epoch: a new random file would not open them, and
            # would only add keys that no one can read once the file is restored.
            msg = f"the key file of epoch {epoch.number} ({path}) is missing; restore it from the key backup (docs/operations.md)"
            raise KeyFileError(msg)
        kek = load_or_create_key_file(path)
        key = envelope.new_meeting_key()
        MeetingKey.objects.create(meeting=meeting, wrapped=envelope.wrap_key(kek, key, aad=_aad(meeting.pk)), kek_epoch=epoch.number)
    return key


def seal(meeting: Meeting, data: bytes, *, label: str) -> bytes:
    """``data`` encrypted under the meeting key (created if need be), bound to ``label``."""
    return envelope.encrypt(meeting_key(meeting, create=True), data, aad=_aad(meeting.pk) + b" " + label.encode())


def open_sealed(meeting: Meeting, blob: bytes, *, label: str) -> bytes:
    return envelope.decrypt(meeting_key(meeting), blob, aad=_aad(meeting.pk) + b" " + label.encode())


def open_all_sealed(meeting: Meeting, blobs: Iterable[tuple[bytes, str]]) -> list[bytes]:
    """``open_sealed`` for many (blob, label) pairs of one meeting, unwrapping its key once."""
    key = meeting_key(meeting)
    prefix = _aad(meeting.pk) + b" "
    return [envelope.decrypt(key, blob, aad=prefix + label.encode()) for blob, label in blobs]


def start_new_epoch(*, clock: Clock = system_clock) -> tuple[int, int]:
    """Re-wrap every live meeting key under a fresh epoch KEK and retire the current epoch, in the
    caller's transaction; after it commits, the older epochs' files are destroyed and the database
    scrubbed.  Returns (the new epoch's number, how many keys were re-wrapped)."""
    if not connection.in_atomic_block:
        raise RuntimeError("start_new_epoch runs inside the caller's transaction")  # pragma: no cover
    current = _lock_current()
    newest = KeyEpoch.objects.order_by("-number").values_list("number", flat=True).first() or current.number
    number = newest + 1
    kek = create_key_file(epoch_key_path(settings.INCAMERA_KEK_DIR, number))
    rows = list(
        MeetingKey.objects.select_for_update()
        .filter(shredded_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "meeting_id", "wrapped", "kek_epoch")
    )
    keks = {epoch: _epoch_key(epoch) for epoch in {row[3] for row in rows}}
    rewrapped = [
        (envelope.wrap_key(kek, envelope.unwrap_key(keks[epoch], bytes(wrapped), aad=_aad(meeting_id)), aad=_aad(meeting_id)), number, pk)
        for pk, meeting_id, wrapped, epoch in rows
    ]
    with connection.cursor() as cursor:  # one statement, many rows: bulk_update's CASE costs 0.3 ms a row
        cursor.executemany("UPDATE materials_meetingkey SET wrapped = %s, kek_epoch = %s WHERE id = %s", rewrapped)
    moved = len(rows)
    KeyEpoch.objects.filter(retired_at__isnull=True).update(retired_at=clock.now())
    KeyEpoch.objects.create(number=number)
    transaction.on_commit(lambda: _destroy_older_epochs(number))
    return number, moved


def _destroy_older_epochs(current: int) -> None:
    """After a new epoch commits: destroy the older epochs' files, then scrub the database.  A
    failure is logged, not raised (the shred has committed); the files left behind are destroyed
    by the next key creation, shred or rotation, and ``incamera keys status`` reports them."""
    try:
        destroy_retired_files(current)
        scrub_database()
    except OSError:
        logger.exception("key epochs: the files of epochs before %s could not all be destroyed yet", current)


def destroy_retired_files(current: int | None = None) -> list[int]:
    """Destroy the key files of every epoch older than the current one (committed): what a shred
    that crashed after its commit, or whose destruction failed, left behind.  Never a newer file
    (a shred in progress may be writing it).  Returns the epochs destroyed."""
    if current is None:
        current = KeyEpoch.objects.filter(retired_at__isnull=True).order_by("-number").values_list("number", flat=True).first()
        if current is None:
            return []
    destroyed = []
    for number, path in sorted(epoch_key_paths(settings.INCAMERA_KEK_DIR).items()):
        if number < current:
            destroy_key_file(path)
            destroyed.append(number)
    return destroyed


def scrub_database() -> None:
    """Defence in depth after a shred: SQLite folds its WAL into the database and truncates it
    (what the shred freed is zeroed by secure_delete); PostgreSQL vacuums the tables touched."""
    if connection.in_atomic_block:
        return  # VACUUM and a WAL checkpoint cannot run inside a transaction
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            for table in SCRUBBED_TABLES:
                cursor.execute(f'VACUUM "{table}"')


@dataclass(frozen=True)
class EpochStatus:
    """What ``incamera keys status`` reports: the current epoch, live meeting keys per epoch, and
    the epoch key files present."""

    current: int
    keys_by_epoch: dict[str, int]
    files: list[int]


def epoch_status() -> EpochStatus:
    current = KeyEpoch.objects.filter(retired_at__isnull=True).order_by("-number").values_list("number", flat=True).first() or 0
    counts: dict[str, int] = {}
    for row in MeetingKey.objects.filter(shredded_at__isnull=True).values_list("kek_epoch", flat=True):
        label = "root secret (before 0.2)" if row is None else str(row)
        counts[label] = counts.get(label, 0) + 1
    return EpochStatus(current, counts, sorted(epoch_key_paths(settings.INCAMERA_KEK_DIR)))


def leftover_files(status: EpochStatus) -> list[int]:
    """Epochs older than the current one whose key file is still present: a shred's destruction
    did not complete (``incamera keys status`` reports them as a failure)."""
    return [number for number in status.files if number < status.current]
