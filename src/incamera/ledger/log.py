"""Events into the transparency log: the one mechanism every feature goes through.

``ledger.events.record_event`` calls :func:`append_event` for every event whose type is in
``LOGGED_EVENTS``; later features add their significant acts there (NDA signed, material opened,
resolution adopted or signed, disclosure released, unsealing).  The entry is written *pending* in
the caller's transaction; the sequencer gives it an index and a signed checkpoint after commit.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

from incamera.crypto.seal import open_sealed, seal
from incamera.ledger import keys
from incamera.ledger.models import LogEntry
from incamera.tlog import entries
from incamera.tlog.merkle import leaf_hash

if TYPE_CHECKING:
    from incamera.ledger.models import Event

__all__ = ["LOGGED_EVENTS", "append_event", "disclosed_salt"]

logger = logging.getLogger(__name__)

# Event type → payload keys that are public in the log.  Everything else in the payload is
# committed to (salted SHA-256), never written in clear.
#
# The rule (docs/decisions/0013-what-the-log-says-in-clear.md): a field is public only if it is
# public by design and cannot identify a meeting by guessing: a profile, a lifecycle state, a role,
# a version number, a language.  Anything derived from a meeting's text (titles, dates, digests of
# templated texts) is committed to, salted.  tests/ledger/test_log.py decodes the served tiles.
LOGGED_EVENTS: dict[str, tuple[str, ...]] = {
    "meeting.created": ("profile",),
    "meeting.state_changed": ("from", "to"),
    "invitation.accepted": ("role",),
    "nda.signed": ("version", "language"),
    # Every change to a meeting's content, at any stage (issue 9, finding 10).
    "meeting.updated": (),
    "agenda.item_added": (),
    "agenda.item_updated": (),
    "agenda.item_deleted": (),
    "agenda.item_moved": (),
    "checklist.item_added": (),
    "checklist.ticked": (),
    "checklist.unticked": (),
    "membership.added": ("role",),
    "nda.published": ("version",),
    "material.uploaded": (),
    "materials.shredded": (),
    # A session note: its id and the salted commitment of its sealed content (notes/actions.py).
    "note.added": (),
    # A platform admin's changes to an account (issue 9, finding 4).
    "account.admin_changed": (),
    # The virtual closed room (issue 12): who entered, confirmed and left, never the token or room.
    "room.joined": (),
    "room.confirmed": (),
    "room.left": (),
    "room.reconfirmation_required": (),
    # Outcomes (issue 13): the version number in clear, the digests as commitments.
    "resolution.drafted": ("version",),
    "resolution.version_added": ("version",),
    # Amendments and adoption: which delegation proposed, objected or voted, and how, is committed
    # to, never in clear (under "three nos" the participant list is the organizers' alone).
    "resolution.updated": (),
    "resolution.amendment_proposed": ("version", "language"),
    "resolution.amendment_accepted": ("version",),
    "resolution.amendment_rejected": ("version",),
    "resolution.silence_opened": ("version",),
    "resolution.objection": (),
    "resolution.objection_withdrawn": (),
    "resolution.vote_opened": ("version",),
    "resolution.vote_cast": (),
    "resolution.vote_closed": (),
    "resolution.adopted": ("method", "version"),
    "resolution.not_adopted": ("method", "version"),
    "resolution.returned_to_draft": ("method", "version"),
    "resolution.reservation_added": ("kind",),
    # Commitments (issue 13, §5): nothing in clear; who owes what, a reported value and even a
    # status say how a delegation keeps its word, which is the meeting's content.
    "commitment.created": (),
    "commitment.reported": (),
    "commitment.status_changed": (),
    # Signatures (issue 13): the algorithm in clear; the signer, the digest and hashes of the keys
    # and signatures committed to, opened by the signature bundle (docs/formats/signature-bundle.md).
    "resolution.signed": ("algorithm",),
    "signing_key.registered": ("algorithm",),
    "signing_key.revoked": (),
    # Secret ballots (issue 14): a ballot's tracker in clear, so that a voter finds their ballot in
    # the log as in the election's record; who cast it is never logged (no actor).  The rest, the
    # fingerprint, the counts and the result, is committed to until the record is disclosed.
    "ballot.created": (),
    "ballot.trustee_key": (),
    "ballot.credential_registered": (),
    "ballot.opened": (),
    "ballot.cast": ("tracker",),
    "ballot.closed": (),
    "ballot.decrypted": (),
    "ballot.result": (),
    # Disclosure (issue 15): an approved item's commitment SHA-256(salt ‖ content) in clear, so that
    # its release, content and salt together, can be checked against the entry made that day.
    "disclosure.schedule_changed": (),
    "disclosure.items_proposed": (),
    "disclosure.tier_set": ("tier",),
    "disclosure.item_withdrawn": (),
    "disclosure.approved": ("tier", "commitment"),
    "disclosure.released": ("tier", "commitment"),
    # Readouts: the rule in clear; the text's digest and which delegation answered how, committed.
    "disclosure.readout_rule_set": ("rule",),
    "disclosure.readout_proposed": ("rule",),
    "disclosure.readout_answered": (),
    # The public-interest exception: the decision in clear (the petition and reasons are public).
    "disclosure.reviewer_added": (),
    "disclosure.reviewer_removed": (),
    "disclosure.petition_filed": (),
    "disclosure.petition_decided": ("decision",),
    # The sealed record's custodian quorum (ADR 0032): k, n, the quorum's id and the progress in
    # clear; who the custodians are and who submitted are committed to.  No share is ever logged.
    "disclosure.quorum_created": ("k", "n", "quorum"),
    "disclosure.share_submitted": ("index", "progress"),
    "disclosure.share_refused": ("index",),
    "disclosure.record_unsealed": ("indices",),
    "disclosure.unsealing_failed": (),
}


def _aad(entry: LogEntry) -> bytes:
    return f"incamera log salt|event {entry.event_id}".encode()


def append_event(event: Event) -> LogEntry | None:
    """Write the pending log entry for ``event`` (inside the caller's transaction)."""
    public_keys = LOGGED_EVENTS.get(event.type)
    if public_keys is None:
        return None
    key = keys.pseudonym_key()
    meeting_ref = entries.pseudonym(key, "meeting", event.meeting_id) if event.meeting_id else None
    actor_ref = entries.pseudonym(key, "meeting", event.meeting_id or 0, "person", event.actor_id) if event.actor_id else None
    payload = dict(event.payload)
    public = {k: payload[k] for k in public_keys if k in payload}
    salt = entries.new_salt()
    data = entries.entry_bytes(
        type_=event.type,
        time=event.at,
        meeting=meeting_ref,
        actor=actor_ref,
        public=public,
        commitment_hex=entries.commitment(salt, payload),
    )
    entry = LogEntry(event=event, meeting_id=event.meeting_id, data=data, leaf_hash=leaf_hash(data))
    entry.sealed_salt = seal(keys.salt_key(event.meeting_id), salt, aad=_aad(entry))
    entry.save()
    if settings.INCAMERA_LOG_SEQUENCER == "inline":
        transaction.on_commit(_sequence_after_commit)
    return entry


def _sequence_after_commit() -> None:
    from incamera.ledger.sequencer import sequence_pending

    try:
        checkpoint = sequence_pending()
        if checkpoint is not None and settings.INCAMERA_LOG_WITNESSES:
            import threading

            # Witnesses are other organisations' servers: never make a request wait for them.
            threading.Thread(target=_gather_in_thread, args=(checkpoint,), daemon=True).start()
    except Exception:
        # The entry is committed and pending: the next run integrates it.  Never fail the request.
        logger.exception("sequencing the transparency log failed; pending entries stay queued")


def _gather_in_thread(checkpoint: object) -> None:
    from django.db import connections

    from incamera.ledger.witnessing import gather_cosignatures

    try:
        gather_cosignatures(checkpoint)  # type: ignore[arg-type]
    except Exception:
        logger.exception("gathering witness cosignatures failed")
    finally:
        connections.close_all()


def disclosed_salt(entry: LogEntry) -> bytes:
    """The commitment's salt, for disclosure (issue 6) and for participants' own receipts."""
    return open_sealed(keys.salt_key(entry.meeting_id), bytes(entry.sealed_salt), aad=_aad(entry))
