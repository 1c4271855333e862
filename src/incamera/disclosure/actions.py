"""Staged disclosure (issue 15): the schedule, the items, their approval, and their release.

- **Schedule**: the days after the meeting's end at which each tier is due (``tiers``); the
  organizers change them until the meeting closes.
- **Items**: the outline (title, dates, topics, and the delegations where the profile lists them)
  and the outcomes (adopted resolutions, secret ballots' results), proposed in the tier the
  profile allows; the organizer may move an item to a later tier.
- **Approval** fixes an item's content: a fresh 32-byte salt, the content and salt sealed under the
  meeting key, and ``SHA-256(salt ‖ content)`` logged in clear (``disclosure.approved``).  The
  approval computes the due date; a sealed item is never due.
- **Release** (``release_due``, run by ``incamera worker``): every approved item both clocks say is
  due is released exactly once: its row is locked (``SELECT … FOR UPDATE SKIP LOCKED`` on
  PostgreSQL, so any number of workers share the work; SQLite serialises writers), opened,
  published with its salt, and logged (``disclosure.released``), all in one transaction; a worker
  killed mid-release leaves the transaction uncommitted and another releases the item.  A failure
  (the meeting key shredded, say) is kept on the row, retried with back-off, and mailed to the
  meeting's organizers once.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from incamera.accounts.actions import fresh_confirmation
from incamera.ballots.actions import election_of
from incamera.ballots.models import BallotState, SecretBallot
from incamera.crypto import envelope, hybrid, quorum
from incamera.crypto.keys import load_or_create_key_file
from incamera.crypto.seal import derive_key
from incamera.disclosure import tiers
from incamera.disclosure.models import (
    Consent,
    EthicsReviewer,
    Item,
    ItemState,
    Petition,
    PetitionState,
    Readout,
    ReadoutRule,
    ReadoutState,
    RecordCustodian,
    Schedule,
    SealedRecord,
    WorkerHeartbeat,
)
from incamera.disclosure.tiers import Kind, Tier
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, Error, InvalidInputError, MentionsError, NotFoundError, TransitionError
from incamera.kernel.messages import invalid as _invalid
from incamera.kernel.text import INVISIBLE_CHARACTER, clean_email, clean_name, invisible_character
from incamera.ledger.events import record_event
from incamera.materials import keyring
from incamera.materials.actions import do_add_custodian, document_bytes
from incamera.materials.models import Document, MeetingCustodian
from incamera.meetings.lifecycle import FROZEN, State
from incamera.meetings.models import Meeting
from incamera.meetings.profiles import profile as profile_of
from incamera.notes.actions import NoteText, meeting_redactors, note_mentions, notes_of, person_rows
from incamera.notes.mentions import roster_entries
from incamera.notes.models import Note
from incamera.notes.rules import rules_for
from incamera.redact.roster import Roster
from incamera.resolutions.actions import acting_delegation, digests_of, member_delegations, texts_of
from incamera.resolutions.models import Resolution, ResolutionState
from incamera.search.actions import Entry, index_many
from incamera.sensitivity import Lexicons, score

if TYPE_CHECKING:
    from incamera.accounts.models import User
    from incamera.secretariats.models import Secretariat

__all__ = [
    "PETITION_LINK_HOURS",
    "PETITION_MAILS_PER_CLIENT",
    "SHARE_PURPOSE",
    "CustodianSeat",
    "ReleaseStatus",
    "Released",
    "agreed",
    "commitment_of",
    "content_of",
    "custodians_of",
    "do_add_record_custodian",
    "do_add_reviewer",
    "do_answer_readout",
    "do_approve_item",
    "do_confirm_petition",
    "do_create_quorum",
    "do_decide_petition",
    "do_file_petition",
    "do_file_petition_by_email",
    "do_mark_public",
    "do_propose_items",
    "do_propose_readout",
    "do_record_round",
    "do_remove_reviewer",
    "do_seat_reviewer",
    "do_set_readout_rule",
    "do_set_tier",
    "do_submit_share",
    "do_update_schedule",
    "do_withdraw_item",
    "explain",
    "granted_petition",
    "is_public",
    "offsets_of",
    "panel_of",
    "preview",
    "progress_of",
    "public_petitions",
    "purge_unconfirmed",
    "readout_text",
    "record_context",
    "record_of",
    "release_due",
    "release_status",
    "review_of",
    "schedule_of",
    "sealed_record_of",
    "wrapped_share_file",
]

MAX_BACKOFF = dt.timedelta(hours=6)
BATCH = 50  # items released per transaction
MAX_READOUT_CHARS = 20_000


def schedule_of(meeting: Meeting) -> Schedule:
    return Schedule.objects.get_or_create(meeting=meeting)[0]


def offsets_of(schedule: Schedule) -> dict[Tier, int]:
    return {Tier.OUTLINE: schedule.outline_days, Tier.NON_SENSITIVE: schedule.non_sensitive_days, Tier.FULL: schedule.full_days}


def do_update_schedule(meeting: Meeting, offsets: Mapping[str, object], *, by: User, clock: Clock = system_clock) -> Schedule:
    """New offsets, refused once the meeting has closed: what the public was told stands."""
    clean = tiers.check_offsets(offsets)
    with transaction.atomic():
        state = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("state", flat=True).get()
        if State(state) in FROZEN:
            raise TransitionError(_("the meeting has closed: its disclosure schedule can no longer change"))
        schedule = Schedule.objects.select_for_update().get_or_create(meeting=meeting)[0]
        schedule.outline_days, schedule.non_sensitive_days, schedule.full_days = (
            clean[Tier.OUTLINE],
            clean[Tier.NON_SENSITIVE],
            clean[Tier.FULL],
        )
        schedule.updated_at, schedule.updated_by = clock.now(), by
        schedule.save()
        record_event("disclosure.schedule_changed", actor=by, meeting=meeting, payload={k.value: v for k, v in clean.items()})
    return schedule


def _outline(meeting: Meeting) -> str:
    lines = [meeting.title, f"{meeting.starts_at:%Y-%m-%d} – {meeting.ends_at:%Y-%m-%d}"]
    topics = list(meeting.agenda.values_list("title", flat=True))
    if topics:
        lines += ["", _("Topics:"), *(f"- {t}" for t in topics)]
    if profile_of(meeting.profile).outline_lists_delegations:
        names = sorted(set(meeting.memberships.exclude(delegation="").values_list("delegation", flat=True)))
        if names:
            lines += ["", _("Participating delegations:"), *(f"- {n}" for n in names)]
    return "\n".join(lines)


def _resolution_text(resolution: Resolution) -> str:
    latest = resolution.versions.order_by("-number").first()
    assert latest is not None
    texts = texts_of(latest)
    parts = [resolution.title, _("Whole digest (SHA-256): %(digest)s") % {"digest": digests_of(resolution).whole}]
    for lang in sorted(texts):
        parts += ["", f"[{lang}]", texts[lang]]
    return "\n".join(parts)


def _ballot_text(ballot: SecretBallot) -> str:
    lines = [ballot.title, _("%(n)d ballots counted, total weight %(w)d.") % {"n": ballot.num_tallied, "w": ballot.total_weight}]
    for question, counts in zip(ballot.questions, ballot.result or [], strict=False):
        lines += ["", question["question"]]
        labels = ([_("Blank")] if question.get("blank") else []) + list(question["answers"])
        lines += [f"- {label}: {count}" for label, count in zip(labels, counts, strict=True)]
    lines += ["", _("Election fingerprint: %(fp)s") % {"fp": election_of(ballot).fingerprint}]
    return "\n".join(lines)


def _document(item: Item) -> Document:
    document = Document.objects.select_related("meeting").filter(pk=int(item.ref), meeting=item.meeting).first()
    if document is None:
        raise TransitionError(_("the document is gone from the meeting's materials"))
    return document


_FILE_DIGEST = re.compile(r"^SHA-256: ([0-9a-f]{64})$", re.MULTILINE)


def _material_text(document: Document) -> str:
    """A public document's record: its title, file name, kind, size and SHA-256 (so that the file
    released beside it is checked against the commitment), and, for a text document, its text."""
    data = document_bytes(document)
    lines = [document.title, f"{document.filename} · {document.kind} · {len(data)} bytes", f"SHA-256: {hashlib.sha256(data).hexdigest()}"]
    if document.kind in ("txt", "md"):
        lines += ["", data.decode("utf-8-sig")]
    return "\n".join(lines)


def _attach(item: Item) -> None:
    """The public document's file, checked against the SHA-256 its committed content names."""
    found = _FILE_DIGEST.search(item.content)
    document = _document(item)
    data = document_bytes(document)
    if found is None or hashlib.sha256(data).hexdigest() != found.group(1):
        raise TransitionError(_("the document no longer matches the file approved for release: it is not released"))
    item.attachment, item.attachment_name = data, document.filename


def do_mark_public(meeting: Meeting, document_id: int, *, by: User) -> Item:
    """Propose one of the meeting's documents for the public archive, in the earliest tier its
    profile allows, its sensitivity scored; the usual approval then fixes it."""
    document = Document.objects.filter(pk=document_id, meeting=meeting).first()
    if document is None:
        raise NotFoundError(_("no such document in this meeting's materials"))
    with transaction.atomic():
        tier = next(t for t in tiers.ORDER[1:] if _allowed(Kind.MATERIAL, t, meeting.profile))
        item, created = Item.objects.get_or_create(
            meeting=meeting, kind=Kind.MATERIAL.value, ref=str(document.pk), defaults={"title": document.title[:300], "tier": tier.value}
        )
        if not created:
            raise ConflictError(_("this document is already marked public"))
        _assess(item, Roster.from_json(roster_entries(person_rows(meeting))))
        record_event("disclosure.items_proposed", actor=by, meeting=meeting, payload={"items": [item.pk]})
    return item


def do_withdraw_item(item: Item, *, by: User) -> None:
    """Undo a proposal that nothing has fixed yet (a document marked public by mistake)."""
    with transaction.atomic():
        locked = _locked_item(item, ItemState.PROPOSED)
        if locked.kind != Kind.MATERIAL:
            raise TransitionError(_("only a document marked public can be withdrawn; move other items to a later tier"))
        locked.delete()
        record_event("disclosure.item_withdrawn", actor=by, meeting=locked.meeting, payload={"item": item.pk})


@dataclass(frozen=True)
class Review:
    """A note as the organizer reviews it before approval: the original, what the public will read,
    and the segments between them (plain text, or a removed mention and its placeholder)."""

    original: str
    released: str
    segments: list[tuple[str, str | None]]


def _note(item: Item) -> NoteText:
    note = next((n for n in notes_of(item.meeting) if n.id == int(item.ref)), None)
    if note is None:
        raise TransitionError(_("the note is gone"))
    return note


def review_of(item: Item) -> Review:
    """What the de-attribution engine makes of a note, with the meeting's roster (Chatham House);
    under other profiles a note is released as it was kept."""
    text = _note(item).text
    if not rules_for(item.meeting.profile).check_mentions:
        return Review(text, text, [(text, None)])
    result = meeting_redactors.get(item.meeting.pk, person_rows(item.meeting), item.meeting.languages or ()).redact(text)
    segments: list[tuple[str, str | None]] = []
    last = 0
    for span, placeholder in zip(result.spans, result.placeholders, strict=True):
        if span.start > last:
            segments.append((text[last : span.start], None))
        segments.append((text[span.start : span.end], placeholder))
        last = span.end
    if last < len(text):
        segments.append((text[last:], None))
    return Review(text, result.text, segments)


def _readout_label(readout: Readout) -> str:
    return f"readout {readout.pk}"


def readout_text(readout: Readout) -> str:
    return keyring.open_sealed(readout.meeting, bytes(readout.sealed), label=_readout_label(readout)).decode()


def content_of(item: Item) -> str:
    """The item's content as it is now, from its source."""
    if item.kind == Kind.READOUT:
        return readout_text(Readout.objects.select_related("meeting").get(pk=int(item.ref), meeting=item.meeting))
    if item.kind == Kind.NOTE:
        speaker = _note(item).speaker  # the closed record's notes are attributed: the attribution is sealed with them
        released = review_of(item).released
        return f"{speaker}: {released}" if speaker else released
    if item.kind == Kind.OUTLINE:
        return _outline(item.meeting)
    if item.kind == Kind.RESOLUTION:
        return _resolution_text(Resolution.objects.get(pk=int(item.ref), meeting=item.meeting))
    if item.kind == Kind.BALLOT_RESULT:
        return _ballot_text(SecretBallot.objects.get(pk=int(item.ref), meeting=item.meeting))
    if item.kind == Kind.MATERIAL:
        return _material_text(_document(item))
    raise TransitionError(_("this kind of item cannot be released yet"))


@functools.cache
def _lexicons() -> Lexicons:
    return Lexicons.default()


def _kept(assessment: dict[str, Any]) -> dict[str, Any]:
    """What the row keeps of an assessment: the score, the suggestion and, per reason, its
    category, count and points, with the kind of a participant's mention ("person", "email") but
    no word of the item's text (no lexicon term found, no third party's name, no offset): the
    content is sealed until its release, and so is what it says.  The page that explains the
    score recomputes the terms from the content while it can be read (``explain``)."""
    reasons = [
        {
            "category": r["category"],
            "term_or_kind": r["term_or_kind"] if r["category"] == "personal_data" else "",
            "count": r["count"],
            "weight": r["weight"],
            "points": r["points"],
        }
        for r in assessment["reasons"]
    ]
    return {"score": assessment["score"], "suggested_tier": assessment["suggested_tier"], "lang": assessment["lang"], "reasons": reasons}


def explain(item: Item) -> list[dict[str, Any]]:
    """The item's score explained term by term, from its content as it is now (for the organizer's
    review, never stored); [] once the content can no longer be read here."""
    try:
        roster = Roster.from_json(roster_entries(person_rows(item.meeting)))
        return list(score(content_of(item), lang=None, roster=roster, lexicons=_lexicons()).to_json()["reasons"])
    except Error:
        return []


def _assess(item: Item, roster: Roster | None) -> None:
    """Score the item's content and suggest its tier: the later of the score's suggestion and
    the earliest the profile allows, and never one the profile forbids for its kind (a document
    marked public is never sealed: it is released on a date, or not marked).  A person confirms
    it, or chooses another."""
    assessment = score(content_of(item), lang=None, roster=roster, lexicons=_lexicons())
    kind, profile = Kind(item.kind), item.meeting.profile
    earliest = next(t for t in tiers.ORDER[1:] if _allowed(kind, t, profile))
    suggested = max(Tier(assessment.suggested_tier), earliest, key=tiers.ORDER.index)
    while not _allowed(kind, suggested, profile):
        suggested = tiers.ORDER[tiers.ORDER.index(suggested) - 1]
    item.suggested_tier, item.tier, item.sensitivity = suggested.value, suggested.value, _kept(assessment.to_json())
    item.save(update_fields=["suggested_tier", "tier", "sensitivity"])


def do_propose_items(meeting: Meeting, *, by: User) -> list[Item]:
    """Propose the items the meeting has, each in the tier its sensitivity score suggests and its
    profile allows (the outline in the outline tier); existing items are kept as they are."""
    profile = meeting.profile
    wanted = [(Kind.OUTLINE, "", meeting.title)]
    wanted += [(Kind.RESOLUTION, str(r.pk), r.title) for r in Resolution.objects.filter(meeting=meeting, state=ResolutionState.ADOPTED)]
    wanted += [(Kind.BALLOT_RESULT, str(b.pk), b.title) for b in SecretBallot.objects.filter(meeting=meeting, state=BallotState.FINISHED)]
    notes = Note.objects.filter(meeting=meeting).values_list("pk", flat=True)
    wanted += [(Kind.NOTE, str(pk), _("Note %(n)d") % {"n": n}) for n, pk in enumerate(notes, start=1)]
    made = []
    with transaction.atomic():
        for kind, ref, title in wanted:
            tier = Tier.OUTLINE if kind is Kind.OUTLINE else next(t for t in tiers.ORDER[1:] if _allowed(kind, t, profile))
            item, created = Item.objects.get_or_create(
                meeting=meeting, kind=kind.value, ref=ref, defaults={"title": title[:300], "tier": tier.value}
            )
            if created:
                made.append(item)
        roster = Roster.from_json(roster_entries(person_rows(meeting))) if made else None
        for item in made:
            if item.kind != Kind.OUTLINE:
                _assess(item, roster)
        if made:
            record_event("disclosure.items_proposed", actor=by, meeting=meeting, payload={"items": [i.pk for i in made]})
    return made


def _allowed(kind: Kind, tier: Tier, profile: str) -> bool:
    try:
        tiers.check_tier(kind.value, tier.value, profile=profile)
    except Error:
        return False
    return True


def _locked_item(item: Item, *states: ItemState) -> Item:
    locked = Item.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if locked.state not in states:
        raise TransitionError(_("the item is %(state)s: this cannot be done now") % {"state": locked.get_state_display().lower()})
    return locked


def do_set_tier(item: Item, tier: str, *, by: User) -> Item:
    """Move a proposed item to another tier the profile allows."""
    with transaction.atomic():
        locked = _locked_item(item, ItemState.PROPOSED)
        chosen = tiers.check_tier(locked.kind, tier, profile=locked.meeting.profile)
        locked.tier, locked.decided_by, locked.decided_at = chosen.value, by, timezone.now()
        locked.save(update_fields=["tier", "decided_by", "decided_at"])
        record_event("disclosure.tier_set", actor=by, meeting=locked.meeting, payload={"item": locked.pk, "tier": chosen.value})
    return locked


def _label(item: Item) -> str:
    return f"disclosure-item {item.pk}"


def commitment_of(salt: bytes, content: str) -> str:
    """Hex SHA-256 of the salt's bytes followed by the content, UTF-8, exactly as published."""
    return hashlib.sha256(salt + content.encode()).hexdigest()


def do_approve_item(item: Item, *, by: User, clock: Clock = system_clock) -> Item:
    """Fix the item's content now, commit to it in the log, and set its due date.  Only after the
    meeting has closed: its content no longer changes."""
    with transaction.atomic():
        locked = _locked_item(item, ItemState.PROPOSED)
        if State(locked.meeting.state) not in FROZEN:
            raise TransitionError(_("an item is approved once the meeting has closed, when its content no longer changes"))
        return _approve(locked, by=by, clock=clock)


def _approve(locked: Item, *, by: User, clock: Clock, due: dt.datetime | None = None) -> Item:
    """Inside the caller's transaction: seal the content with a fresh salt, log the commitment,
    set the due date (``due`` for a readout, released early; else the tier's)."""
    meeting = locked.meeting
    tiers.check_tier(locked.kind, locked.tier, profile=meeting.profile)  # whatever set it, the profile's rule holds at approval
    content = content_of(locked)
    salt = os.urandom(32)
    payload = json.dumps({"content": content, "salt": salt.hex()}).encode()
    if Tier(locked.tier) is Tier.SEALED:
        locked.sealed = _seal_to_record(locked, payload, clock=clock)
    else:
        locked.sealed = keyring.seal(meeting, payload, label=_label(locked))
    locked.commitment = commitment_of(salt, content)
    locked.due_at = due or tiers.due_at(meeting.ends_at, Tier(locked.tier), offsets_of(schedule_of(meeting)))
    locked.state, locked.approved_at, locked.approved_by = ItemState.APPROVED, clock.now(), by
    if locked.decided_by_id is None:  # approving confirms the suggested tier
        locked.decided_by, locked.decided_at = by, clock.now()
    locked.approval_event = record_event(
        "disclosure.approved",
        actor=by,
        meeting=meeting,
        payload={
            "item": locked.pk,
            "tier": locked.tier,
            "commitment": locked.commitment,
            "due_at": locked.due_at.isoformat() if locked.due_at else None,
        },
    )
    locked.save()
    return locked


def preview(meeting: Meeting, on: dt.datetime) -> list[tuple[Item, str]]:
    """What the public will see of the meeting on ``on``: the items released by then, with their
    content (approved items are opened for the organizer's eyes only)."""
    shown = []
    for item in Item.objects.filter(meeting=meeting).exclude(state=ItemState.PROPOSED).order_by("due_at", "id"):
        if item.due_at is None or item.due_at > on:
            continue
        if item.state == ItemState.RELEASED:
            shown.append((item, item.content))
        else:
            opened = json.loads(keyring.open_sealed(meeting, bytes(item.sealed), label=_label(item)))
            shown.append((item, opened["content"]))
    return shown


@dataclass(frozen=True)
class Released:
    released: int
    failed: int


def _due_query(clock_now: dt.datetime) -> Q:
    # Both clocks: the database's (Now()) and the configured one.
    return (
        Q(state=ItemState.APPROVED, due_at__isnull=False, due_at__lte=Now())
        & Q(due_at__lte=clock_now)
        & (Q(retry_at__isnull=True) | Q(retry_at__lte=clock_now))
    )


def release_due(*, clock: Clock = system_clock, limit: int = 100, batch: int = BATCH) -> Released:
    """Release up to ``limit`` due items, ``batch`` at a time, each exactly once."""
    released = failed = 0
    while released + failed < limit:
        outcome = _release_batch(clock, min(batch, limit - released - failed))
        if outcome is None:
            break
        released += outcome.released
        failed += outcome.failed
    return Released(released, failed)


def _opened(item: Item, raw: bytes | None) -> tuple[str, str]:
    """The item's content and salt (hex), checked against its commitment; raises what is wrong."""
    data = json.loads(raw if raw is not None else keyring.open_sealed(item.meeting, bytes(item.sealed), label=_label(item)))
    content, salt = data["content"], data["salt"]
    if commitment_of(bytes.fromhex(salt), content) != item.commitment:
        raise TransitionError(_("the sealed content does not match the commitment logged at approval"))
    return content, salt


def _release_batch(clock: Clock, size: int) -> Released | None:
    """Lock up to ``size`` due items (those another worker holds are skipped), open each meeting's
    key once, and release them in one transaction: all of them or, if the worker dies, none.  An
    item that cannot be opened is kept for a retry, the others go on.  None when nothing is due."""
    now = clock.now()
    with transaction.atomic():
        rows = Item.objects.filter(_due_query(now)).order_by("due_at", "id").select_related("meeting").defer("sensitivity", "attachment")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))  # the items alone, not their meeting
        items = list(rows[:size])
        if not items:
            return None
        by_meeting: dict[int, list[Item]] = {}
        for item in items:
            by_meeting.setdefault(item.meeting_id, []).append(item)
        done: list[Item] = []
        failed = 0
        for group in by_meeting.values():
            try:  # the meeting key unwrapped once for the group
                raws: list[bytes | None] = list(keyring.open_all_sealed(group[0].meeting, [(bytes(i.sealed), _label(i)) for i in group]))
            except Error:
                raws = [None] * len(group)  # one at a time, so that one bad item fails alone
            for item, raw in zip(group, raws, strict=True):
                try:
                    item.content, item.salt = _opened(item, raw)
                    if item.kind == Kind.MATERIAL:
                        _attach(item)
                except (Error, ValueError, KeyError) as exc:
                    _failed(item, exc, now)
                    failed += 1
                    continue
                _publish(item, now, clock)
                done.append(item)
        _save_released(done)
    return Released(len(done), failed)


def _publish(item: Item, now: dt.datetime, clock: Clock) -> None:
    """The item, its content and salt set, marked released and logged (the caller saves it)."""
    item.state, item.released_at, item.sealed = ItemState.RELEASED, now, b""
    record_event(
        "disclosure.released",
        actor=None,
        meeting=item.meeting,
        payload={"item": item.pk, "tier": item.tier, "commitment": item.commitment},
        clock=clock,
    )


def _save_released(done: list[Item]) -> None:
    """Save released items (``_publish`` set their fields), in the caller's transaction: what they
    share in one UPDATE, each one's content and salt in one prepared statement run per item
    (Django's ``bulk_update`` builds a CASE per field and row, which cost the worker half its time)."""
    if not done:
        return
    for released_at in {item.released_at for item in done}:
        ids = [item.pk for item in done if item.released_at == released_at]
        Item.objects.filter(pk__in=ids).update(state=ItemState.RELEASED, released_at=released_at, sealed=b"")
    table = connection.ops.quote_name(Item._meta.db_table)
    rows = [(i.content, i.salt, i.pk) for i in done]
    with connection.cursor() as cursor:  # the table's name is ours, quoted; the values are parameters
        cursor.executemany(f"UPDATE {table} SET content = %s, salt = %s WHERE id = %s", rows)  # noqa: S608
    files = [item for item in done if item.attachment_name]
    if files:  # public documents' files: rarer
        Item.objects.bulk_update(files, ["attachment", "attachment_name"])
    # Indexed for the archive's search only now, in the release's transaction: embargoed text never is.
    index_many(Entry(f"item:{item.pk}", item.content, None, item.title) for item in done)


def _failed(item: Item, exc: Exception, now: dt.datetime, *, retried: bool = True) -> None:
    """Keep the failure on the item and mail the organizers once; ``retried`` is false for an item
    of a sealed record that failed its check when the record opened (it cannot be opened again)."""
    item.attempts += 1
    item.retry_at = now + min(MAX_BACKOFF, dt.timedelta(minutes=2 ** min(item.attempts, 10))) if retried else None
    item.last_error = str(exc)[:2000]
    item.save(update_fields=["attempts", "retry_at", "last_error"])
    if item.attempts == 1:
        organizers = list(item.meeting.memberships.filter(role="organizer").values_list("user__email", flat=True))
        if retried:
            body = _("The release of “%(title)s” failed: %(error)s. It will be retried; see the meeting's disclosure page.")
        else:
            body = _(
                "The release of “%(title)s” from the sealed record failed: %(error)s. It stays sealed; see the meeting's disclosure page."
            )
        if organizers:
            send_mail(
                _("A disclosure release failed: %(title)s") % {"title": item.title},
                body % {"title": item.title, "error": item.last_error},
                settings.DEFAULT_FROM_EMAIL,
                organizers,
            )


SILENT_AFTER = dt.timedelta(minutes=5)  # a worker not heard from for this long is shown as silent
HEARTBEAT_KEPT = dt.timedelta(days=7)


def do_record_round(worker: str, outcome: Released, *, started_at: dt.datetime, clock: Clock = system_clock) -> None:
    """A worker's round, for the status page; workers not heard from in a week are forgotten."""
    now = clock.now()
    with transaction.atomic():
        beat, _created = WorkerHeartbeat.objects.select_for_update().get_or_create(
            worker=worker[:200], defaults={"started_at": started_at, "last_round_at": now}
        )
        beat.last_round_at = now
        beat.released += outcome.released
        beat.failed += outcome.failed
        beat.save()
        WorkerHeartbeat.objects.filter(last_round_at__lt=now - HEARTBEAT_KEPT).delete()


@dataclass(frozen=True)
class ReleaseStatus:
    """What the status page shows: the workers, what is due and not yet released (the backlog and
    how late its oldest item is), the items whose release failed, and what falls due next."""

    workers: list[WorkerHeartbeat]
    silent: bool  # no worker has reported within SILENT_AFTER
    backlog: int
    oldest_due: dt.datetime | None
    failing: list[Item]
    due_next_day: int
    due_next_week: int


def release_status(meeting_ids: list[int], *, everything: bool = False, clock: Clock = system_clock) -> ReleaseStatus:
    """The release worker's state: the workers and the counts over every meeting (``everything``,
    for the platform's operators) or over ``meeting_ids``; the failures of ``meeting_ids`` only
    (their titles are their organizers' to see)."""
    now = clock.now()
    approved = Item.objects.filter(state=ItemState.APPROVED, due_at__isnull=False)
    counted = approved if everything else approved.filter(meeting_id__in=meeting_ids)
    due = counted.filter(due_at__lte=now)
    workers = list(WorkerHeartbeat.objects.all()[:50])
    failing = approved.filter(meeting_id__in=meeting_ids, attempts__gt=0).select_related("meeting").order_by("-attempts", "due_at")
    return ReleaseStatus(
        workers=workers if everything else [],
        silent=not any(w.last_round_at >= now - SILENT_AFTER for w in workers),
        backlog=due.count(),
        oldest_due=due.order_by("due_at").values_list("due_at", flat=True).first(),
        failing=list(failing[:100]),
        due_next_day=counted.filter(due_at__gt=now, due_at__lte=now + dt.timedelta(days=1)).count(),
        due_next_week=counted.filter(due_at__gt=now, due_at__lte=now + dt.timedelta(days=7)).count(),
    )


def record_of(item: Item) -> dict[str, Any]:
    """The machine-readable record of a released item (``GET /archive/items/{id}.json``)."""
    from incamera.ledger.models import LogEntry

    entry = LogEntry.objects.filter(event=item.approval_event_id).first() if item.approval_event_id else None
    return {
        "meeting": item.meeting.title,
        "kind": item.kind,
        "tier": item.tier,
        "released_at": item.released_at.isoformat() if item.released_at else None,
        "content": item.content,
        "salt": item.salt,
        "commitment": item.commitment,
        "log_index": entry.index if entry is not None else None,
    }


# --- readouts: the "controlled leak", released early with the member delegations' consent -------


def do_set_readout_rule(meeting: Meeting, rule: str, *, by: User) -> Schedule:
    """Unanimity or majority, chosen before the session opens: the delegations know the rule
    before anything is said."""
    if rule not in ReadoutRule.values:
        raise InvalidInputError(_("choose unanimity or majority"), field="readout_rule")
    with transaction.atomic():
        state = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("state", flat=True).get()
        if State(state) not in (State.DRAFT, State.PREPARING):
            raise TransitionError(_("the readout rule is set before the session opens; it can no longer change"))
        schedule = Schedule.objects.select_for_update().get_or_create(meeting=meeting)[0]
        schedule.readout_rule = rule
        schedule.save(update_fields=["readout_rule"])
        record_event("disclosure.readout_rule_set", actor=by, meeting=meeting, payload={"rule": rule})
    return schedule


def do_propose_readout(meeting: Meeting, *, title: str, text: str, by: User, clock: Clock = system_clock) -> Readout:
    """An unattributed summary for the member delegations' consent: refused where the profile has
    no readouts, and while it still identifies anyone (the mentions are given with their offsets)."""
    if not profile_of(meeting.profile).readouts_with_consent:
        raise ConflictError(_("this meeting's profile has no readouts"))
    title = clean_name(title, field="title")
    text = _public_text(text, field="text")
    if not text:
        raise InvalidInputError(_("write the readout's text"), field="text")
    if len(text) > MAX_READOUT_CHARS:
        raise InvalidInputError(_("a readout has at most %(limit)d characters") % {"limit": MAX_READOUT_CHARS}, field="text")
    mentions = note_mentions(meeting, text)
    if mentions:
        raise MentionsError(
            _("the readout still identifies someone: %(n)d mention(s) to generalise") % {"n": len(mentions)},
            mentions=[(m.start, m.end, m.kind) for m in mentions],
            field="text",
        )
    delegations = member_delegations(meeting)
    if not delegations:
        raise TransitionError(_("no member delegation takes part, so none could consent"))
    with transaction.atomic():
        readout = Readout.objects.create(
            meeting=meeting,
            title=title,
            sealed=b"",
            digest=hashlib.sha256(text.encode()).hexdigest(),
            rule=schedule_of(meeting).readout_rule,
            delegations=delegations,
            created_at=clock.now(),
            created_by=by,
        )
        readout.sealed = keyring.seal(meeting, text.encode(), label=_readout_label(readout))
        readout.save(update_fields=["sealed"])
        record_event(
            "disclosure.readout_proposed",
            actor=by,
            meeting=meeting,
            payload={"readout": readout.pk, "digest": readout.digest, "rule": readout.rule},
        )
    return readout


def agreed(rule: str, delegations: list[str], consents: Mapping[str, bool]) -> bool:
    """Whether the answers so far meet the rule: every delegation (unanimity) or more than half
    of them (majority) consented."""
    yes = sum(1 for d in delegations if consents.get(d) is True)
    return yes == len(delegations) if rule == ReadoutRule.UNANIMITY else yes * 2 > len(delegations)


def do_answer_readout(readout: Readout, user: User, *, agree: bool, objection: str = "", clock: Clock = system_clock) -> Consent:
    """A member delegation consents to the readout or objects, with its reasons; once. When the
    rule is met, the readout becomes an item released at the worker's next round."""
    with transaction.atomic():
        locked = Readout.objects.select_for_update().select_related("meeting").get(pk=readout.pk)
        if locked.state != ReadoutState.PROPOSED:
            raise TransitionError(_("the readout is no longer awaiting consent"))
        delegation = acting_delegation(locked.meeting, user, act=_("consent to a readout"))
        if delegation not in locked.delegations:
            raise TransitionError(
                _("%(delegation)s was not a member delegation when the readout was proposed") % {"delegation": delegation}
            )
        if locked.consents.filter(delegation=delegation).exists():
            raise ConflictError(_("%(delegation)s has already answered") % {"delegation": delegation})
        objection = _public_text(objection, field="objection")
        if not agree and not objection:
            raise InvalidInputError(_("say why your delegation objects"), field="objection")
        consent = Consent.objects.create(readout=locked, delegation=delegation, agree=agree, by=user, at=clock.now())
        if not agree:
            consent.objection = keyring.seal(locked.meeting, objection.encode(), label=f"readout-objection {consent.pk}")
            consent.save(update_fields=["objection"])
        record_event(
            "disclosure.readout_answered",
            actor=user,
            meeting=locked.meeting,
            payload={"readout": locked.pk, "delegation": delegation, "agree": agree},
        )
        answers = dict(locked.consents.values_list("delegation", "agree"))
        if agreed(locked.rule, locked.delegations, answers):
            item = Item.objects.create(
                meeting=locked.meeting, kind=Kind.READOUT.value, ref=str(locked.pk), title=locked.title, tier=Tier.OUTLINE.value
            )
            approved = _approve(item, by=user, clock=clock, due=clock.now())
            locked.state, locked.item = ReadoutState.AGREED, approved
            locked.save(update_fields=["state", "item"])
    return consent


# --- the public-interest exception: petitions and the ethics review panel ------------------------

PETITION_DECISION_DAYS = 30  # the panel's deadline, from filing
MAX_PETITION_CHARS = 5000


def _public_text(value: str, *, field: str) -> str:
    """A text that will be read by others (a readout, a petition, a decision's reasons): stripped,
    NFC, and refused if it hides an invisible or direction-changing character."""
    found = invisible_character(value, allowed=frozenset("\n\r\t"))
    if found is not None:
        raise _invalid(INVISIBLE_CHARACTER, field=field, **found)
    return unicodedata.normalize("NFC", value).strip()


def is_public(meeting: Meeting) -> bool:
    """A meeting the public knows of: something of it has been released."""
    return Item.objects.filter(meeting=meeting, state=ItemState.RELEASED).exists()


def do_add_reviewer(secretariat: Secretariat, user: User, *, by: User | None, clock: Clock = system_clock) -> EthicsReviewer:
    with transaction.atomic():
        reviewer, created = EthicsReviewer.objects.get_or_create(secretariat=secretariat, user=user, defaults={"added_at": clock.now()})
        if not created:
            raise ConflictError(_("%(who)s already sits on this panel") % {"who": str(user)})
        record_event("disclosure.reviewer_added", actor=by, payload={"secretariat": secretariat.pk, "reviewer": user.pk})
    return reviewer


def do_seat_reviewer(secretariat: Secretariat, email: str, *, by: User | None, clock: Clock = system_clock) -> EthicsReviewer:
    """Seat the account with ``email`` on the secretariat's panel (the panel's page)."""
    from incamera.accounts.models import User as UserModel

    address = clean_email(email)
    user = UserModel.objects.filter(email=address, is_active=True).first()
    if user is None:
        raise InvalidInputError(_("no account has the address %(email)s: they sign up first") % {"email": address}, field="email")
    return do_add_reviewer(secretariat, user, by=by, clock=clock)


def panel_of(secretariat: Secretariat) -> tuple[list[EthicsReviewer], int]:
    """Who sits on the secretariat's panel, and how many petitions await its decision."""
    reviewers = list(EthicsReviewer.objects.filter(secretariat=secretariat).select_related("user").order_by("user__email"))
    return reviewers, Petition.objects.filter(meeting__secretariat=secretariat, state=PetitionState.FILED).count()


def public_petitions(limit: int = 200) -> list[tuple[Petition, str | None]]:
    """Every confirmed petition, newest first, with its meeting's title, or None while nothing of
    the meeting is public (a participant may petition before anything is released)."""
    rows = list(Petition.objects.exclude(state=PetitionState.UNCONFIRMED).select_related("meeting").order_by("-filed_at", "-id")[:limit])
    released = Item.objects.filter(state=ItemState.RELEASED, meeting_id__in={p.meeting_id for p in rows})
    public = set(released.values_list("meeting_id", flat=True))
    return [(p, p.meeting.title if p.meeting_id in public else None) for p in rows]


def do_remove_reviewer(reviewer: EthicsReviewer, *, by: User | None) -> None:
    with transaction.atomic():
        secretariat, user = reviewer.secretariat_id, reviewer.user_id
        reviewer.delete()
        record_event("disclosure.reviewer_removed", actor=by, payload={"secretariat": secretariat, "reviewer": user})


def _petition_text(text: str) -> str:
    clean = _public_text(text, field="text")
    if len(clean) < 20:
        raise InvalidInputError(_("say in a few sentences why the public interest needs this disclosure now"), field="text")
    if len(clean) > MAX_PETITION_CHARS:
        raise InvalidInputError(_("a petition has at most %(limit)d characters") % {"limit": MAX_PETITION_CHARS}, field="text")
    return clean


def _filed(petition: Petition, *, by: User | None, now: dt.datetime) -> None:
    """Inside the caller's transaction: the petition is public from now, with its deadline."""
    petition.state, petition.filed_at = PetitionState.FILED, now
    petition.decide_by = now + dt.timedelta(days=PETITION_DECISION_DAYS)
    petition.token_digest = ""
    petition.save()
    record_event(
        "disclosure.petition_filed",
        actor=by,
        meeting=petition.meeting,
        payload={"petition": petition.pk, "digest": hashlib.sha256(petition.text.encode()).hexdigest()},
    )


def do_file_petition(meeting: Meeting, *, text: str, by: User, clock: Clock = system_clock) -> Petition:
    """A signed-in person asks for the meeting's early disclosure in the public interest; the
    petition and its deadline are public from now on."""
    clean = _petition_text(text)
    now = clock.now()
    with transaction.atomic():
        petition = Petition(meeting=meeting, filed_by=by, text=clean, filed_at=now, decide_by=now)
        _filed(petition, by=by, now=now)
    return petition


PETITION_LINK_HOURS = 48


def _address_digest(address: str) -> str:
    """A keyed digest of an address (HMAC under a key derived from the install's root secret):
    without that file, the database's digests cannot be matched against guessed addresses."""
    key = derive_key(load_or_create_key_file(settings.INCAMERA_KEK_PATH), "petitions/email")
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


PETITION_MAILS_PER_CLIENT = 10  # filings from one address before each further one waits (accounts.throttle)


def do_file_petition_by_email(
    meeting: Meeting, *, text: str, email: str, base_url: str, client: str = "unknown", clock: Clock = system_clock
) -> Petition | None:
    """Someone without an account petitions: the petition waits, unpublished, until they open
    the link mailed to ``email`` (valid PETITION_LINK_HOURS).  The address is kept only as a keyed
    digest, to allow one pending or undecided petition per address and meeting, and only until the
    decision; the link's token only as a digest.  Whether the address already has a petition is
    never told to whoever files: the mail says it (None is returned, and nothing is stored).
    Filings are throttled per client (``accounts.throttle``)."""
    from django.urls import reverse

    from incamera.accounts.throttle import Counter, take_attempt

    clean = _petition_text(text)
    address = clean_email(email)
    take_attempt([Counter("petition:client", client, free=PETITION_MAILS_PER_CLIENT)], clock=clock)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    digest = _address_digest(address)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).get()  # one filing per meeting at a time: the check below holds
        pending = Petition.objects.filter(meeting=meeting, email_digest=digest, state__in=[PetitionState.UNCONFIRMED, PetitionState.FILED])
        if pending.filter(Q(state=PetitionState.FILED) | Q(filed_at__gt=now - dt.timedelta(hours=PETITION_LINK_HOURS))).exists():

            def already() -> None:
                send_mail(
                    _("Your petition to disclose “%(title)s”") % {"title": meeting.title},
                    _(
                        "Someone (you, perhaps) tried to file another petition to disclose “%(title)s” with this address. "
                        "This address already has one awaiting its confirmation or the panel's decision, so nothing new was filed."
                    )
                    % {"title": meeting.title},
                    settings.DEFAULT_FROM_EMAIL,
                    [address],
                )

            transaction.on_commit(already)
            return None
        petition = Petition.objects.create(
            meeting=meeting,
            text=clean,
            filed_at=now,
            decide_by=now,
            state=PetitionState.UNCONFIRMED,
            email_digest=digest,
            token_digest=_digest(token),
        )
        link = base_url.rstrip("/") + reverse("disclosure:confirm_petition") + "#" + token

        def mail() -> None:
            send_mail(
                _("Confirm your petition to disclose “%(title)s”") % {"title": meeting.title},
                _(
                    "You (or someone using your address) petitioned to disclose “%(title)s” early in the public interest.\n\n"
                    "To publish the petition, open this link within %(hours)d hours:\n%(link)s\n\n"
                    "Or enter this code on the confirmation page: %(code)s\n\nIf it was not you, ignore this message: nothing is published."
                )
                % {"title": meeting.title, "hours": PETITION_LINK_HOURS, "link": link, "code": token},
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )

        transaction.on_commit(mail)
    return petition


def purge_unconfirmed(*, clock: Clock = system_clock) -> int:
    """Petitions never confirmed within their link's lifetime are deleted (run by the worker)."""
    cutoff = clock.now() - dt.timedelta(hours=PETITION_LINK_HOURS)
    deleted, _rows = Petition.objects.filter(state=PetitionState.UNCONFIRMED, filed_at__lt=cutoff).delete()
    return deleted


def do_confirm_petition(token: str, *, clock: Clock = system_clock) -> Petition:
    """The mailed link opened: the petition is filed and public from now, its deadline counted
    from now.  An unknown, used or expired link is refused; nothing is published."""
    token = token.strip()
    now = clock.now()
    with transaction.atomic():
        petition = (
            Petition.objects.select_for_update()
            .select_related("meeting")
            .filter(token_digest=_digest(token), state=PetitionState.UNCONFIRMED)
            .first()
            if token
            else None
        )
        if petition is None:
            raise NotFoundError(_("this confirmation link is not valid, or was already used"))
        if petition.filed_at < now - dt.timedelta(hours=PETITION_LINK_HOURS):
            raise TransitionError(
                _("this confirmation link expired after %(hours)d hours; file the petition again") % {"hours": PETITION_LINK_HOURS}
            )
        _filed(petition, by=None, now=now)
    return petition


def do_decide_petition(petition: Petition, *, grant: bool, reasons: str, by: User, clock: Clock = system_clock) -> Petition:
    """A member of the meeting's secretariat's panel decides, with public reasons.  Granting makes
    every approved item of the meeting that is not sealed due now (the worker releases it);
    sealed content needs the custodian quorum besides."""
    reasons = _public_text(reasons, field="reasons")
    if len(reasons) < 10:
        raise InvalidInputError(_("give the panel's reasons: they are published with the decision"), field="reasons")
    with transaction.atomic():
        locked = Petition.objects.select_for_update().select_related("meeting").get(pk=petition.pk)
        if not EthicsReviewer.objects.filter(secretariat_id=locked.meeting.secretariat_id, user=by).exists():
            raise TransitionError(_("only the ethics review panel of the meeting's secretariat decides petitions"))
        if locked.meeting.memberships.filter(user=by, role="organizer").exists():
            raise TransitionError(_("you organize this meeting: another member of the panel decides this petition"))
        if locked.state == PetitionState.UNCONFIRMED:
            raise NotFoundError(_("this petition was never confirmed by its petitioner"))
        if locked.state != PetitionState.FILED:
            raise ConflictError(_("the petition is already decided"))
        now = clock.now()
        locked.state = PetitionState.GRANTED if grant else PetitionState.REFUSED
        locked.decided_at, locked.decided_by, locked.reasons = now, by, reasons
        locked.email_digest = ""  # the address served to allow one petition at a time: no longer needed
        locked.save(update_fields=["state", "decided_at", "decided_by", "reasons", "email_digest"])
        early = 0
        if grant:
            early = Item.objects.filter(meeting=locked.meeting, state=ItemState.APPROVED, due_at__gt=now).update(due_at=now)
        record_event(
            "disclosure.petition_decided",
            actor=by,
            meeting=locked.meeting,
            payload={"petition": locked.pk, "decision": locked.state, "items_now_due": early},
        )
    return locked


# --- the sealed record and its custodian quorum (ADR 0032) --------------------------------------

SHARE_PURPOSE = "custody-share"  # PasskeyConfirmation.purpose of a custodian's share submission
MIN_QUORUM = 2  # one person alone is no quorum


def record_context(meeting: Meeting) -> bytes:
    """What the quorum's shares and the record's key are bound to: this meeting's sealed record."""
    return quorum.record_context(meeting.pk)


def _record_aad(item: Item) -> bytes:
    return record_context(item.meeting) + f" item {item.pk}".encode()


def sealed_record_of(meeting: Meeting) -> SealedRecord | None:
    return SealedRecord.objects.filter(meeting=meeting).first()


def _seal_to_record(item: Item, payload: bytes, *, clock: Clock) -> bytes:
    """Inside the approval's transaction: the item's content and salt sealed to the record's key,
    which only the custodian quorum opens; a closed-record note leaves the notes' table (its
    ciphertext there, under the meeting key the server holds, is emptied)."""
    record = SealedRecord.objects.select_for_update(of=("self",)).filter(meeting=item.meeting).first()
    if record is None:
        raise TransitionError(_("set up the custodian quorum before approving an item of the sealed tier: only the quorum may open it"))
    if record.opened_at is not None:
        raise TransitionError(_("the sealed record has already been opened by its custodians; nothing more can be sealed in it"))
    sealed = hybrid.wrap_for_custodian(bytes(record.public_key), payload, aad=_record_aad(item))
    if item.sensitivity:  # only the score and the suggestion: not even a participant's kind of mention
        item.sensitivity = {"score": item.sensitivity.get("score"), "suggested_tier": item.sensitivity.get("suggested_tier"), "reasons": []}
    if item.kind == Kind.NOTE:
        Note.objects.filter(pk=int(item.ref), meeting=item.meeting).update(ciphertext=b"", sealed_at=clock.now())
    return sealed


def custodians_of(meeting: Meeting) -> list[tuple[MeetingCustodian, str]]:
    """The meeting's custodians in the order they were named, each with their key's fingerprint."""
    rows = MeetingCustodian.objects.filter(meeting=meeting).order_by("added_at", "id")
    return [(c, hybrid.public_from_bytes(bytes(c.public_key)).fingerprint()) for c in rows]


def do_add_record_custodian(meeting: Meeting, *, name: str, public_key_text: str, by: User) -> MeetingCustodian:
    """Name a custodian of the meeting (``materials``), refused once the quorum is made: its
    shares were dealt once, to the custodians named then."""
    if SealedRecord.objects.filter(meeting=meeting).exists():
        raise ConflictError(_("the quorum is made: its custodians can no longer change"))
    return do_add_custodian(meeting, name=name, public_key_text=public_key_text, by=by)


@dataclass(frozen=True)
class CustodianSeat:
    """A custodian of the meeting (``materials.MeetingCustodian``) and the account that will submit their share."""

    custodian_id: int
    email: str


def do_create_quorum(meeting: Meeting, *, k: int, seats: list[CustodianSeat], by: User, clock: Clock = system_clock) -> SealedRecord:
    """Make the meeting's sealed record: a fresh hybrid key pair for it, its private half encrypted
    under a fresh record key R, and R split so that any ``k`` of the named custodians open it
    (each share wrapped to the custodian's own post-quantum custody key).  R and the private half
    are then forgotten: from now on nothing the server holds opens the sealed tier."""
    from incamera.accounts.models import User as UserModel

    if not seats:
        raise InvalidInputError(_("name the meeting's custodians first (Materials → Custodians)"), field="custodians")
    custodians = {c.pk: c for c in MeetingCustodian.objects.filter(meeting=meeting)}
    chosen: list[tuple[int, MeetingCustodian, User]] = []
    accounts: set[int] = set()
    for position, seat in enumerate(seats, start=1):
        custodian = custodians.get(seat.custodian_id)
        if custodian is None:
            raise InvalidInputError(_("custodian %(n)d is not one of this meeting's custodians") % {"n": position}, field="custodians")
        email = seat.email.strip().lower()
        user = UserModel.objects.filter(email=email, is_active=True).first() if email else None
        if user is None:
            raise InvalidInputError(
                _("%(name)s: give the address of an account that will submit this custodian's share") % {"name": custodian.name},
                field="email",
            )
        if user.pk in accounts:
            raise InvalidInputError(_("%(email)s holds two shares: each custodian's account holds one") % {"email": email}, field="email")
        accounts.add(user.pk)
        chosen.append((position, custodian, user))
    n = len(chosen)
    if n < MIN_QUORUM:
        raise InvalidInputError(_("a quorum needs at least %(n)d custodians") % {"n": MIN_QUORUM}, field="custodians")
    if isinstance(k, bool) or not MIN_QUORUM <= k <= n:
        raise InvalidInputError(_("the quorum is %(low)d to %(high)d custodians") % {"low": MIN_QUORUM, "high": n}, field="k")
    publics = [hybrid.public_from_bytes(bytes(c.public_key)) for _p, c, _u in chosen]
    context = record_context(meeting)
    pair = hybrid.CustodianKeyPair.generate()
    record_key = envelope.new_meeting_key()
    made = quorum.split(record_key, k=k, custodians=publics, context=context)
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).get()
        if SealedRecord.objects.filter(meeting=meeting).exists():
            raise ConflictError(_("this meeting's sealed record already has its custodian quorum"))
        record = SealedRecord.objects.create(
            meeting=meeting,
            public_key=pair.public_bytes(),
            private_sealed=envelope.encrypt(record_key, hybrid.private_to_raw(pair.private), aad=context),
            quorum=made.to_json(),
            k=k,
            n=n,
            created_at=clock.now(),
            created_by=by,
        )
        for (position, custodian, user), public in zip(chosen, publics, strict=True):
            RecordCustodian.objects.create(record=record, index=position, name=custodian.name, fingerprint=public.fingerprint(), user=user)
        record_event(
            "disclosure.quorum_created",
            actor=by,
            meeting=meeting,
            payload={
                "k": k,
                "n": n,
                "quorum": made.id.hex(),
                "record_key": pair.public.fingerprint(),
                "custodians": [
                    {"index": p, "name": c.name, "fingerprint": f.fingerprint()} for (p, c, _u), f in zip(chosen, publics, strict=True)
                ],
            },
        )
    del record_key, pair  # nothing keeps them: the quorum alone opens the record
    return record


def wrapped_share_file(record: SealedRecord, seat: RecordCustodian) -> dict[str, Any]:
    """What a custodian downloads and opens on their own machine (``incamera custodian open-share``)."""
    made = quorum.Quorum.from_json(record.quorum)
    return {
        "format": quorum.SHARE_FILE_FORMAT,
        "meeting": record.meeting_id,
        "index": seat.index,
        "context": record_context(record.meeting).decode(),
        "wrapped_share": base64.b64encode(made.wrapped_share(seat.index)).decode(),
    }


def progress_of(record: SealedRecord) -> quorum.Progress:
    return quorum.Progress(record.custodians.filter(submitted_at__isnull=False).count(), record.k)


def granted_petition(meeting: Meeting) -> Petition | None:
    return Petition.objects.filter(meeting=meeting, state=PetitionState.GRANTED).order_by("decided_at", "id").first()


def _share_label(seat: RecordCustodian) -> str:
    return f"quorum-share {seat.record_id} {seat.index}"


def do_submit_share(meeting: Meeting, user: User, share_text: str, *, confirmation_id: int, clock: Clock = system_clock) -> quorum.Progress:
    """A custodian's opened share, submitted after a passkey confirmation of its SHA-256, once a
    petition has been granted.  A share that is not theirs, or not this quorum's, is refused (and
    the refusal logged); nothing is stored.  The k-th share opens the record and releases its items."""
    text = share_text.strip()
    refusal: Error | None = None
    with transaction.atomic():
        record = SealedRecord.objects.select_for_update().select_related("meeting").filter(meeting=meeting).first()
        seat = record.custodians.filter(user=user).first() if record is not None else None
        if record is None or seat is None:
            raise NotFoundError(_("you hold no share of this meeting's sealed record"))
        if record.opened_at is not None:
            raise ConflictError(_("the sealed record is already open"))
        petition = granted_petition(meeting)
        if petition is None:
            raise TransitionError(_("the sealed record opens only after the ethics review panel grants a petition to disclose it"))
        if seat.submitted_at is not None:
            raise ConflictError(_("you have already submitted your share"))
        try:
            share = quorum.Share.from_text(text)
        except InvalidInputError as exc:
            raise InvalidInputError(
                _("this is not a share: paste the line `incamera custodian open-share` printed"), field="share"
            ) from exc
        fresh_confirmation(user, confirmation_id, purpose=SHARE_PURPOSE, digest=hashlib.sha256(text.encode()).hexdigest(), clock=clock)
        made = quorum.Quorum.from_json(record.quorum)
        if share.index != seat.index:
            refusal = InvalidInputError(
                _("this is custodian %(theirs)d's share; yours is share %(yours)d") % {"theirs": share.index, "yours": seat.index},
                field="share",
            )
        else:
            try:
                quorum.verify_share(made, share)
            except (quorum.ShareMismatchError, InvalidInputError):
                refusal = InvalidInputError(
                    _("this share does not match the one wrapped to you: it was altered, or opened from another quorum"), field="share"
                )
        if refusal is None:
            seat.share = envelope.encrypt(_interim_key(record), share.to_bytes(), aad=_share_label(seat).encode())
            seat.submitted_at = clock.now()
            seat.save(update_fields=["share", "submitted_at"])
            progress = progress_of(record)
            record_event(
                "disclosure.share_submitted",
                actor=user,
                meeting=meeting,
                payload={"index": seat.index, "custodian": seat.name, "confirmation": confirmation_id, "progress": str(progress)},
            )
            if progress.complete:
                try:
                    with transaction.atomic():
                        _unseal(record, made, petition, clock=clock)
                except (Error, ValueError, KeyError) as exc:
                    # The server must never keep k shares at rest: every custodian submits again
                    # (or the failure is investigated); the failure is logged and shown.
                    RecordCustodian.objects.filter(record=record).update(share=b"", submitted_at=None)
                    reason = exc.message if isinstance(exc, Error) else type(exc).__name__
                    refusal = TransitionError(
                        _("the shares did not open the sealed record (%(reason)s); every custodian's share was discarded")
                        % {"reason": reason}
                    )
                    record_event("disclosure.unsealing_failed", actor=None, meeting=meeting, payload={"reason": reason}, clock=clock)
            if refusal is None:
                return progress
        else:
            record_event(
                "disclosure.share_refused",
                actor=user,
                meeting=meeting,
                payload={"index": seat.index, "custodian": seat.name, "reason": refusal.message},
            )
    raise refusal


def _unseal(record: SealedRecord, made: quorum.Quorum, petition: Petition, *, clock: Clock) -> None:
    """Inside the k-th submission's transaction: combine the shares, open the record's key, and
    release every item sealed in it (each checked against its commitment), all or nothing."""
    meeting = record.meeting
    key = _interim_key(record)
    seats = sorted(record.custodians.filter(submitted_at__isnull=False), key=lambda s: s.index)[: made.k]
    shares = [quorum.Share.from_bytes(envelope.decrypt(key, bytes(s.share), aad=_share_label(s).encode())) for s in seats]
    context = record_context(meeting)
    record_key = quorum.combine(made, shares, context=context)  # QuorumMismatchError: never a wrong key
    private = hybrid.private_from_raw(envelope.decrypt(record_key, bytes(record.private_sealed), aad=context))
    now = clock.now()
    items = Item.objects.select_for_update(of=("self",)).select_related("meeting")
    done, failed = [], []
    for item in items.filter(meeting=meeting, state=ItemState.APPROVED, tier=Tier.SEALED):
        try:
            item.content, item.salt = _opened(item, hybrid.unwrap_as_custodian(private, bytes(item.sealed), aad=_record_aad(item)))
        except (Error, ValueError, KeyError) as exc:  # one damaged item does not hold back the others
            _failed(item, exc, now, retried=False)
            failed.append(item.pk)
            continue
        _publish(item, now, clock)
        done.append(item)
    _save_released(done)
    record.opened_at, record.petition = now, petition
    record.save(update_fields=["opened_at", "petition"])
    RecordCustodian.objects.filter(record=record).update(share=b"")  # no longer needed: the record is open
    record_event(
        "disclosure.record_unsealed",
        actor=None,
        meeting=meeting,
        payload={"indices": [s.index for s in seats], "items": [i.pk for i in done], "failed": failed, "petition": petition.pk},
        clock=clock,
    )


def _interim_key(record: SealedRecord) -> bytes:
    """The key submitted shares wait under until the k-th arrives: derived from the install's root
    secret, not from the meeting key, so that shredding the meeting's materials leaves the sealed
    record openable.  At rest there are never k shares: fewer reveal nothing."""
    return derive_key(load_or_create_key_file(settings.INCAMERA_KEK_PATH), f"quorum-shares/record/{record.pk}")
