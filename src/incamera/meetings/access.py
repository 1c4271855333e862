"""Who may do what in a meeting: every authorization decision about meetings and what hangs off
them (ARCHITECTURE.md, rule 2).

Views, API endpoints and commands obtain meetings only through the ``access_*`` functions here
and in the other apps' ``access.py`` (which build on these).  What a person may not see does not
exist for them: the functions raise NotFoundError, which the web layer answers with 404, never 403.
Pages and API fields alike ask ``allowed`` / ``capabilities``; templates never compare roles.

A platform admin (``is_staff``) manages accounts; it gets no view into a meeting it does not
organise.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from incamera.kernel.errors import NotFoundError
from incamera.ledger.models import LogEntry
from incamera.meetings.gates import content_gates
from incamera.meetings.models import AgendaItem, ChecklistItem, Meeting, Membership, Role
from incamera.meetings.profiles import Visibility, profile
from incamera.secretariats.access import access_secretariat, secretariats_for
from incamera.secretariats.models import Secretariat, SecretariatRole
from incamera.web.access import get_or_404

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from incamera.accounts.models import User

__all__ = [
    "MEETING_FIELDS",
    "Need",
    "access_agenda_item",
    "access_checklist_item",
    "access_log_entry",
    "access_meeting",
    "access_meeting_creation",
    "access_membership",
    "allowed",
    "capabilities",
    "content_open",
    "log_entries_visible_to",
    "may_vet",
    "meeting_fields",
    "meetings_visible_to",
    "meetings_with_roles",
    "organizer_contact",
    "role_in",
]


class Need(enum.StrEnum):
    LOGISTICS = "logistics"  # title, dates, venue: every role, service staff included
    CONTENT = "content"  # agenda and checklist: participants, not service staff
    PARTICIPANTS = "participants"  # the participant list, as the profile allows
    SERVICE = "service"  # service codes and needs, never names: service staff and organizers
    ORGANIZE = "organize"  # change anything: organizers only
    AGREEMENT = "agreement"  # the NDA page: those who sign it or edit it, before any gate opens


_CONTENT_ROLES = {Role.ORGANIZER, Role.DELEGATE, Role.OBSERVER, Role.FOCAL_POINT}


def role_in(user: User | AnonymousUser, meeting: Meeting) -> Role | None:
    """``user``'s role in ``meeting`` (None: not a member), cached on the user for the request."""
    if not user.is_authenticated:
        return None
    cache: dict[int, Role | None] = getattr(user, "_incamera_roles", {})
    if meeting.pk not in cache:
        value = Membership.objects.filter(meeting=meeting, user=user).values_list("role", flat=True).first()
        cache[meeting.pk] = Role(value) if value else None
        user._incamera_roles = cache  # type: ignore[union-attr,attr-defined]
    return cache[meeting.pk]


def content_open(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """Whether every content gate (meetings/gates.py; e.g. the signed NDA) lets ``user`` in,
    cached on the user for the request."""
    if not user.is_authenticated:
        return False
    cache: dict[int, bool] = getattr(user, "_incamera_gates", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = all(gate(user, meeting) for gate in content_gates())  # type: ignore[arg-type]
        user._incamera_gates = cache  # type: ignore[union-attr,attr-defined]
    return cache[meeting.pk]


def allowed(user: User | AnonymousUser, meeting: Meeting, need: Need) -> bool:
    """True when ``user`` may do ``need`` on ``meeting``.  Pages use it (through ``capabilities``)
    to hide controls; the ``access_*`` functions use it to refuse.
    """
    role = role_in(user, meeting)
    if role is None:
        return False
    if need is Need.LOGISTICS:
        return True
    if need is Need.SERVICE:
        return role in {Role.SERVICE, Role.ORGANIZER}
    if need is Need.AGREEMENT:
        return role in _CONTENT_ROLES
    if role is Role.ORGANIZER:
        return True
    if need is Need.ORGANIZE or role not in _CONTENT_ROLES:
        return False
    # Until every gate opens (the current NDA signed), participants see nothing beyond the
    # meeting's logistics and the NDA page (issue 5, §3).
    if not content_open(user, meeting):
        return False
    if need is Need.CONTENT:
        return True
    return profile(meeting.profile).participant_list is Visibility.PARTICIPANTS


def may_vet(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """An organizer of the meeting who also organises for its secretariat: vetting reads the
    secretariat's roster, which is not every meeting organizer's to see (issue 9, finding 2)."""
    if not allowed(user, meeting, Need.ORGANIZE):
        return False
    return any(s.pk == meeting.secretariat_id for s in secretariats_for(user, SecretariatRole.ORGANIZER))


def capabilities(user: User | AnonymousUser, meeting: Meeting) -> dict[str, bool]:
    """What pages may offer ``user`` in ``meeting``: one entry per Need, plus ``gated`` (a
    participant kept out of the content until a gate opens: show them how to open it) and
    ``focal_point`` (they approve their delegation's representatives)."""
    can = {need.value: allowed(user, meeting, need) for need in Need}
    can["vetting"] = can[Need.ORGANIZE] and may_vet(user, meeting)
    role = role_in(user, meeting)
    can["gated"] = role in _CONTENT_ROLES and not can[Need.CONTENT]
    can["focal_point"] = role is Role.FOCAL_POINT
    return can


# What each part of a meeting's own record needs: its logistics every member reads; the
# description is content.  Pages (through ``capabilities``) and the API answer from this table.
MEETING_FIELDS: dict[str, Need] = {"description": Need.CONTENT}


def meeting_fields(user: User | AnonymousUser, meeting: Meeting) -> dict[str, object]:
    """The meeting's columns as ``user`` may read them: a field they may not read is None."""
    row = {field.attname: getattr(meeting, field.attname) for field in meeting._meta.concrete_fields}
    for name, need in MEETING_FIELDS.items():
        if not allowed(user, meeting, need):
            row[name] = None
    return row


def organizer_contact(user: User | AnonymousUser, meeting: Meeting) -> str | None:
    """The organizer's address, for those who read the content (never service staff)."""
    return meeting.created_by.email if allowed(user, meeting, Need.CONTENT) else None


def access_meeting(user: User | AnonymousUser, meeting_id: int, *, need: Need = Need.LOGISTICS) -> Meeting:
    meeting = get_or_404(Meeting, f"meeting {meeting_id}", pk=meeting_id)
    if not allowed(user, meeting, need):
        raise NotFoundError(f"no meeting {meeting_id}")
    return meeting


def meetings_visible_to(user: User | AnonymousUser) -> QuerySet[Meeting]:
    if not user.is_authenticated:
        return Meeting.objects.none()
    return Meeting.objects.filter(memberships__user=user).distinct()


def meetings_with_roles(user: User | AnonymousUser) -> list[tuple[Meeting, Role]]:
    """Every meeting ``user`` takes part in, with their role, in one query (the dashboard)."""
    if not user.is_authenticated:
        return []
    rows = Membership.objects.filter(user=user).select_related("meeting").order_by("meeting__starts_at", "meeting_id")
    return [(m.meeting, Role(m.role)) for m in rows]


def access_meeting_creation(user: User | AnonymousUser, secretariat_id: int | None = None) -> Secretariat:
    """The secretariat in which ``user`` creates a meeting (``secretariat_id``, or their first), when
    they are one of its organizers; otherwise the page or endpoint does not exist."""
    return access_secretariat(user, secretariat_id, SecretariatRole.ORGANIZER)


def access_agenda_item(user: User | AnonymousUser, meeting_id: int, item_id: int, *, need: Need) -> AgendaItem:
    meeting = access_meeting(user, meeting_id, need=need)
    return get_or_404(AgendaItem, f"agenda item {item_id}", pk=item_id, meeting=meeting)


def access_checklist_item(user: User | AnonymousUser, meeting_id: int, item_id: int) -> ChecklistItem:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    return get_or_404(ChecklistItem, f"checklist item {item_id}", pk=item_id, meeting=meeting)


def access_membership(user: User | AnonymousUser, meeting_id: int, membership_id: int) -> Membership:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    return get_or_404(Membership.objects.select_related("meeting"), f"participant {membership_id}", pk=membership_id, meeting=meeting)


def log_entries_visible_to(user: User | AnonymousUser, meeting_id: int) -> QuerySet[LogEntry]:
    """The sequenced log entries of a meeting that ``user`` may take a receipt for: the events they
    took part in (they were the actor); organizers may take any of their meeting's."""
    meeting = access_meeting(user, meeting_id, need=Need.LOGISTICS)
    entries = LogEntry.objects.filter(meeting=meeting, index__isnull=False).select_related("event")
    if allowed(user, meeting, Need.ORGANIZE):
        return entries
    return entries.filter(event__actor_id=user.pk)


def access_log_entry(user: User | AnonymousUser, meeting_id: int, index: int) -> LogEntry:
    return get_or_404(log_entries_visible_to(user, meeting_id), f"receipt {index} in meeting {meeting_id}", index=index)
