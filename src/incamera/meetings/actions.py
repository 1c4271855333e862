"""Meeting use cases.  Each ``do_*`` owns its transaction and records an event in it."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incamera.i18n.languages import WORKING_LANGUAGES
from incamera.kernel.clock import Clock, system_clock
from incamera.kernel.errors import ConflictError, InvalidInputError, TransitionError
from incamera.kernel.text import clean_name
from incamera.ledger.events import record_event
from incamera.meetings.gates import ItemProgress, automatic_item
from incamera.meetings.ics import meeting_ics
from incamera.meetings.labels import STATE_LABELS
from incamera.meetings.lifecycle import FROZEN, Readiness, Refusal, State, refusals
from incamera.meetings.models import AgendaItem, ChecklistItem, Meeting, Membership, Mode, Role
from incamera.meetings.profiles import ProfileKey, checklist_for
from incamera.secretariats.models import Secretariat

if TYPE_CHECKING:
    from incamera.accounts.models import User

__all__ = [
    "ChecklistRow",
    "MeetingInput",
    "calendar_of",
    "check_meeting_input",
    "check_record_open",
    "checklist_of",
    "do_add_agenda_item",
    "do_add_checklist_item",
    "do_add_member",
    "do_create_meeting",
    "do_delete_agenda_item",
    "do_move_agenda_item",
    "do_set_checklist_item",
    "do_transition_meeting",
    "do_update_agenda_item",
    "do_update_meeting",
    "readiness_of",
    "state_name",
    "translated_reason",
]


@dataclass
class MeetingInput:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    timezone: str = "UTC"
    profile: str = ProfileKey.CHATHAM_HOUSE.value
    venue: str = ""
    mode: str = Mode.IN_PERSON.value
    languages: list[str] = field(default_factory=lambda: ["en"])
    description: str = ""

    def columns(self) -> dict[str, Any]:
        """The Meeting columns this input sets (its fields have the columns' names)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def check_meeting_input(data: MeetingInput) -> MeetingInput:
    """Validate and normalise ``data``; raise InvalidInputError naming the first bad field."""
    title = clean_name(data.title, field="title")
    venue = clean_name(data.venue, field="venue", required=False)
    if data.timezone not in zoneinfo.available_timezones():
        msg = _("'%(timezone)s' is not a time zone (expected an IANA name such as Europe/Zurich)") % {"timezone": data.timezone}
        raise InvalidInputError(msg, field="timezone")
    if data.profile not in {p.value for p in ProfileKey}:
        known = ", ".join(p.value for p in ProfileKey)
        msg = _("'%(profile)s' is not a profile (expected one of %(known)s)") % {"profile": data.profile, "known": known}
        raise InvalidInputError(msg, field="profile")
    if data.mode not in Mode.values:
        msg = _("'%(mode)s' is not a mode (expected one of %(known)s)") % {"mode": data.mode, "known": ", ".join(Mode.values)}
        raise InvalidInputError(msg, field="mode")
    starts_at, ends_at = data.starts_at, data.ends_at
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        zone = zoneinfo.ZoneInfo(data.timezone)
        starts_at = starts_at.replace(tzinfo=zone) if timezone.is_naive(starts_at) else starts_at
        ends_at = ends_at.replace(tzinfo=zone) if timezone.is_naive(ends_at) else ends_at
    if ends_at <= starts_at:
        raise InvalidInputError(_("must be after the start"), field="ends_at")
    if ends_at - starts_at > dt.timedelta(days=31):
        raise InvalidInputError(_("a meeting may last at most 31 days"), field="ends_at")
    languages = list(dict.fromkeys(code.strip().lower() for code in data.languages if code.strip()))
    if not languages:
        raise InvalidInputError(_("name at least one working language"), field="languages")
    unknown = [code for code in languages if code not in WORKING_LANGUAGES]
    if unknown:
        msg = ngettext(
            "unknown language code %(codes)s (expected some of %(known)s)",
            "unknown language codes %(codes)s (expected some of %(known)s)",
            len(unknown),
        ) % {"codes": ", ".join(unknown), "known": ", ".join(WORKING_LANGUAGES)}
        raise InvalidInputError(msg, field="languages")
    return MeetingInput(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=data.timezone,
        profile=data.profile,
        venue=venue,
        mode=data.mode,
        languages=languages,
        description=data.description.strip(),
    )


def _snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "timezone": meeting.timezone,
        "profile": meeting.profile,
        "mode": meeting.mode,
        "languages": meeting.languages,
    }


def check_record_open(meeting: Meeting) -> None:
    """Refuse any change to the content of a meeting whose record is frozen (closed or archived).
    Call it inside the action's transaction: it reads the state under a row lock, so a change and
    a concurrent close cannot both win."""
    state = Meeting.objects.select_for_update().filter(pk=meeting.pk).values_list("state", flat=True).first()
    if state is not None and State(state) in FROZEN:
        msg = _("the meeting is %(state)s: its record is frozen, and it can no longer change") % {"state": state_name(state)}
        raise TransitionError(msg)


def do_create_meeting(data: MeetingInput, *, secretariat: Secretariat, by: User) -> Meeting:
    """A meeting of ``secretariat`` (the access layer checked that ``by`` organises for it)."""
    clean = check_meeting_input(data)
    with transaction.atomic():
        meeting = Meeting.objects.create(**clean.columns(), created_by=by, secretariat=secretariat)
        Membership.objects.create(meeting=meeting, user=by, role=Role.ORGANIZER)
        ChecklistItem.objects.bulk_create(
            ChecklistItem(meeting=meeting, key=item.key, label=item.label, required=item.required)
            for item in checklist_for(clean.profile, languages=clean.languages)
        )
        record_event("meeting.created", actor=by, meeting=meeting, payload=_snapshot(meeting))
    return meeting


def do_update_meeting(meeting: Meeting, data: MeetingInput, *, expected_version: int, by: User) -> Meeting:
    """Save an edit made on ``expected_version``.  If someone saved in between, refuse with
    ConflictError and change nothing, so no one's edit is silently overwritten.
    """
    clean = check_meeting_input(data)
    if clean.profile != meeting.profile and meeting.state != State.DRAFT:
        raise InvalidInputError(_("the profile can change only while the meeting is a draft"), field="profile")
    with transaction.atomic():
        check_record_open(meeting)
        updated = Meeting.objects.filter(pk=meeting.pk, version=expected_version).update(**clean.columns(), version=F("version") + 1)
        if updated != 1:
            msg = _("someone else saved this meeting after you opened it; reload to see their changes, then edit again")
            raise ConflictError(msg)
        meeting.refresh_from_db()
        _sync_profile_checklist(meeting)
        record_event("meeting.updated", actor=by, meeting=meeting, payload=_snapshot(meeting))
    return meeting


def _sync_profile_checklist(meeting: Meeting) -> None:
    """Add the items the (possibly changed) profile and languages call for; keep ticked ones."""
    wanted = {item.key: item for item in checklist_for(meeting.profile, languages=meeting.languages)}
    present = set(meeting.checklist.values_list("key", flat=True))
    ChecklistItem.objects.bulk_create(
        ChecklistItem(meeting=meeting, key=item.key, label=item.label, required=item.required)
        for key, item in wanted.items()
        if key not in present
    )
    meeting.checklist.filter(custom=False, done=False).exclude(key__in=wanted).delete()


# --- agenda --------------------------------------------------------------------------------------


def do_add_agenda_item(meeting: Meeting, *, title: str, description: str = "", minutes: int | None = None, by: User) -> AgendaItem:
    title = clean_name(title, field="title")
    if minutes is not None and not 0 < minutes <= 24 * 60:
        raise InvalidInputError(_("must be between 1 and 1440 minutes"), field="minutes")
    with transaction.atomic():
        check_record_open(meeting)
        last = meeting.agenda.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(meeting=meeting, position=last + 1, title=title, description=description.strip(), minutes=minutes)
        record_event("agenda.item_added", actor=by, meeting=meeting, payload={"item": item.pk, "title": title})
    return item


def do_update_agenda_item(item: AgendaItem, *, title: str, description: str = "", minutes: int | None = None, by: User) -> AgendaItem:
    title = clean_name(title, field="title")
    if minutes is not None and not 0 < minutes <= 24 * 60:
        raise InvalidInputError(_("must be between 1 and 1440 minutes"), field="minutes")
    with transaction.atomic():
        check_record_open(item.meeting)
        item.title, item.description, item.minutes = title, description.strip(), minutes
        item.save(update_fields=["title", "description", "minutes"])
        record_event("agenda.item_updated", actor=by, meeting=item.meeting, payload={"item": item.pk, "title": title})
    return item


def do_delete_agenda_item(item: AgendaItem, *, by: User) -> None:
    with transaction.atomic():
        check_record_open(item.meeting)
        meeting = item.meeting
        record_event("agenda.item_deleted", actor=by, meeting=meeting, payload={"item": item.pk, "title": item.title})
        item.delete()
        _renumber(meeting)


def do_move_agenda_item(item: AgendaItem, *, offset: int, by: User) -> None:
    """Move ``item`` up (offset -1) or down (+1) the agenda."""
    with transaction.atomic():
        check_record_open(item.meeting)
        items = list(item.meeting.agenda.select_for_update().order_by("position", "id"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = max(0, min(len(items) - 1, index + offset))
        items.insert(target, items.pop(index))
        for position, other in enumerate(items, start=1):
            if other.position != position:
                AgendaItem.objects.filter(pk=other.pk).update(position=position)
        record_event("agenda.item_moved", actor=by, meeting=item.meeting, payload={"item": item.pk, "position": target + 1})


def _renumber(meeting: Meeting) -> None:
    for position, pk in enumerate(meeting.agenda.order_by("position", "id").values_list("pk", flat=True), start=1):
        AgendaItem.objects.filter(pk=pk).update(position=position)


# --- readiness and lifecycle -------------------------------------------------------------------


def do_set_checklist_item(item: ChecklistItem, *, done: bool, by: User, clock: Clock = system_clock) -> ChecklistItem:
    if automatic_item(item.key) is not None:
        raise InvalidInputError(_("this item is ticked by itself when every participant has signed the current NDA"), field="done")
    with transaction.atomic():
        check_record_open(item.meeting)
        item.done = done
        item.done_by = by if done else None
        item.done_at = clock.now() if done else None
        item.save(update_fields=["done", "done_by", "done_at"])
        record_event("checklist.ticked" if done else "checklist.unticked", actor=by, meeting=item.meeting, payload={"key": item.key})
    return item


def do_add_checklist_item(meeting: Meeting, *, label: str, required: bool, by: User) -> ChecklistItem:
    label = clean_name(label, field="label")
    with transaction.atomic():
        check_record_open(meeting)
        count = meeting.checklist.filter(custom=True).count()
        item = ChecklistItem.objects.create(
            meeting=meeting, key=f"custom_{count + 1}_{meeting.checklist.count()}", label=label, required=required, custom=True
        )
        record_event("checklist.item_added", actor=by, meeting=meeting, payload={"key": item.key, "label": label, "required": required})
    return item


@dataclass(frozen=True)
class ChecklistRow:
    """A readiness item as pages and the lifecycle guard see it; an ``automatic`` item is ticked
    by the system (meetings/gates.py), never by hand."""

    pk: int
    key: str
    label: str
    required: bool
    done: bool
    automatic: bool
    progress: ItemProgress | None = None  # an automatic item's: e.g. 3 of 12 signed


def checklist_of(meeting: Meeting) -> list[ChecklistRow]:
    """The meeting's readiness checklist, automatic items computed now."""
    rows = []
    for item in meeting.checklist.all():
        automatic = automatic_item(item.key)
        progress = automatic(meeting) if automatic is not None else None
        done = progress.complete if progress is not None else item.done
        rows.append(
            ChecklistRow(item.pk, item.key, item.label, item.required, done=done, automatic=automatic is not None, progress=progress)
        )
    return rows


def readiness_of(meeting: Meeting, *, checklist: list[ChecklistRow] | None = None, agenda: list[AgendaItem] | None = None) -> Readiness:
    """What the lifecycle guard needs; pass what is already loaded to save the queries."""
    rows = checklist_of(meeting) if checklist is None else checklist
    unticked = tuple(row.label for row in rows if row.required and not row.done)
    return Readiness(unticked_required=unticked, agenda_items=meeting.agenda.count() if agenda is None else len(agenda))


def state_name(code: str) -> str:
    """A state as messages name it: its label (meetings/labels.py) in the active language."""
    label = STATE_LABELS.get(code)
    return _(label) if label is not None else code


def translated_reason(reason: str) -> str:
    """A lifecycle refusal (see ``lifecycle.refusals``) in the active language.  Its templates
    are marked with ``gettext_noop`` in lifecycle.py; checklist labels are translated as the
    checklist shows them.
    """
    if not isinstance(reason, Refusal):
        return reason
    params: dict[str, str] = {}
    for key, raw in reason.params.items():
        value = str(raw)
        if key in {"current", "target"}:
            params[key] = state_name(value)
        elif key == "allowed":
            params[key] = ", ".join(state_name(code) for code in value.split(", "))
        elif key == "label" and value:
            params[key] = _(value)
        else:
            params[key] = value
    return _(reason.template) % params


def do_transition_meeting(meeting: Meeting, target: str, *, by: User) -> Meeting:
    try:
        to_state = State(target)
    except ValueError as exc:
        raise InvalidInputError(_("'%(state)s' is not a meeting state") % {"state": target}, field="state") from exc
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        reasons = refusals(State(locked.state), to_state, readiness_of(locked))
        if reasons:
            msg = _("cannot move the meeting to '%(state)s'") % {"state": state_name(to_state.value)}
            raise TransitionError(msg, reasons=[translated_reason(r) for r in reasons])
        previous = locked.state
        Meeting.objects.filter(pk=locked.pk).update(state=to_state.value, version=F("version") + 1)
        locked.refresh_from_db()
        record_event("meeting.state_changed", actor=by, meeting=locked, payload={"from": previous, "to": to_state.value})
    return locked


def do_add_member(meeting: Meeting, user: User, *, role: str, delegation: str = "", by: User | None) -> Membership:
    """Admit ``user`` directly (the demo, and organizers adding colleagues); invitations are the
    normal way in.
    """
    if role not in Role.values:
        msg = _("'%(role)s' is not a role (expected one of %(known)s)") % {"role": role, "known": ", ".join(Role.values)}
        raise InvalidInputError(msg, field="role")
    with transaction.atomic():
        check_record_open(meeting)
        membership, _created = Membership.objects.update_or_create(
            meeting=meeting, user=user, defaults={"role": role, "delegation": delegation}
        )
        record_event("membership.added", actor=by, meeting=meeting, payload={"user": user.pk, "role": role})
    return membership


def calendar_of(meeting: Meeting, *, organizer_email: str | None, attendee_email: str | None, url: str, sequence: int) -> bytes:
    """The meeting as an iCalendar event (``meetings/ics.py``); one UID per meeting, so that a
    calendar updates the event it already holds."""
    return meeting_ics(
        uid=f"meeting-{meeting.pk}@incamera",
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.venue,
        organizer_email=organizer_email,
        attendee_email=attendee_email,
        url=url,
        sequence=sequence,
    )
