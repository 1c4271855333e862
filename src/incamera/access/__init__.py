"""Every authorization decision in incamera (ARCHITECTURE.md, rule 2).

Views and API endpoints obtain meetings and what hangs off them only through the ``access_*``
functions here.  What a person may not see does not exist for them: the functions raise
NotFoundError, which the web layer answers with 404, never 403.

A platform admin (``is_staff``) manages accounts; it gets no view into a meeting it does not
organise.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist

from incamera.kernel.errors import NotFoundError
from incamera.meetings.models import AgendaItem, ChecklistItem, Meeting, Membership, Role
from incamera.meetings.profiles import Visibility, profile

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from incamera.accounts.models import ApiToken, Passkey, User
    from incamera.invitations.models import Credential, Invitation
    from incamera.ledger.models import LogEntry
    from incamera.materials.models import Document

__all__ = [
    "Need",
    "access_agenda_item",
    "access_api_token",
    "access_checklist_item",
    "access_credential",
    "access_document",
    "access_focal_point",
    "access_invitation",
    "access_log_entry",
    "access_meeting",
    "access_membership",
    "access_passkey",
    "allowed",
    "log_entries_visible_to",
    "may_create_meeting",
    "may_manage_roster",
    "meetings_visible_to",
    "meetings_with_roles",
    "nda_signed",
    "role_in",
]


class Need(enum.StrEnum):
    LOGISTICS = "logistics"  # title, dates, venue: every role, service staff included
    CONTENT = "content"  # agenda and checklist: participants, not service staff
    PARTICIPANTS = "participants"  # the participant list, as the profile allows
    SERVICE = "service"  # service codes and needs, never names: service staff and organizers
    ORGANIZE = "organize"  # change anything: organizers only


_CONTENT_ROLES = {Role.ORGANIZER, Role.DELEGATE, Role.OBSERVER, Role.FOCAL_POINT}


def role_in(user: User | AnonymousUser, meeting: Meeting) -> Role | None:
    if not user.is_authenticated:
        return None
    cache: dict[int, Role | None] = getattr(user, "_incamera_roles", {})
    if meeting.pk not in cache:
        value = Membership.objects.filter(meeting=meeting, user=user).values_list("role", flat=True).first()
        cache[meeting.pk] = Role(value) if value else None
        user._incamera_roles = cache  # type: ignore[union-attr,attr-defined]
    return cache[meeting.pk]


def allowed(user: User | AnonymousUser, meeting: Meeting, need: Need) -> bool:
    """True when ``user`` may do ``need`` on ``meeting``.  Templates use it to hide controls; the
    ``access_*`` functions use it to refuse.
    """
    role = role_in(user, meeting)
    if role is None:
        return False
    if need is Need.LOGISTICS:
        return True
    if need is Need.SERVICE:
        return role in {Role.SERVICE, Role.ORGANIZER}
    if role is Role.ORGANIZER:
        return True
    if need is Need.ORGANIZE or role not in _CONTENT_ROLES:
        return False
    # Until their current NDA is signed, participants see nothing beyond the meeting's logistics
    # and the NDA page (issue 5, §3).
    if not nda_signed(user, meeting):
        return False
    if need is Need.CONTENT:
        return True
    return profile(meeting.profile).participant_list is Visibility.PARTICIPANTS


def nda_signed(user: User | AnonymousUser, meeting: Meeting) -> bool:
    """Whether ``user`` signed the meeting's current NDA version (cached per request)."""
    from incamera.agreements.actions import has_signed

    if not user.is_authenticated:
        return False
    cache: dict[int, bool] = getattr(user, "_incamera_nda", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = has_signed(user, meeting)  # type: ignore[arg-type]
        user._incamera_nda = cache  # type: ignore[union-attr,attr-defined]
    return cache[meeting.pk]


def access_meeting(user: User | AnonymousUser, meeting_id: int, *, need: Need = Need.LOGISTICS) -> Meeting:
    try:
        meeting = Meeting.objects.get(pk=meeting_id)
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(f"no meeting {meeting_id}") from exc
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


def may_create_meeting(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "may_organize", False))


def may_manage_roster(user: User | AnonymousUser) -> bool:
    """The roster of delegations is the secretariat's: those who may organise meetings."""
    return may_create_meeting(user)


def access_agenda_item(user: User | AnonymousUser, meeting_id: int, item_id: int, *, need: Need) -> AgendaItem:
    meeting = access_meeting(user, meeting_id, need=need)
    try:
        return AgendaItem.objects.get(pk=item_id, meeting=meeting)
    except AgendaItem.DoesNotExist as exc:
        raise NotFoundError(f"no agenda item {item_id}") from exc


def access_checklist_item(user: User | AnonymousUser, meeting_id: int, item_id: int) -> ChecklistItem:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    try:
        return ChecklistItem.objects.get(pk=item_id, meeting=meeting)
    except ChecklistItem.DoesNotExist as exc:
        raise NotFoundError(f"no checklist item {item_id}") from exc


def access_invitation(user: User | AnonymousUser, meeting_id: int, invitation_id: int) -> Invitation:
    from incamera.invitations.models import Invitation

    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    try:
        return Invitation.objects.get(pk=invitation_id, meeting=meeting)
    except Invitation.DoesNotExist as exc:
        raise NotFoundError(f"no invitation {invitation_id}") from exc


def access_passkey(user: User | AnonymousUser, passkey_id: int) -> Passkey:
    from incamera.accounts.models import Passkey

    try:
        return Passkey.objects.get(pk=passkey_id, user_id=user.pk) if user.is_authenticated else Passkey.objects.none().get()
    except Passkey.DoesNotExist as exc:
        raise NotFoundError(f"no passkey {passkey_id}") from exc


def access_api_token(user: User | AnonymousUser, token_id: int) -> ApiToken:
    from incamera.accounts.models import ApiToken

    try:
        return ApiToken.objects.get(pk=token_id, user_id=user.pk) if user.is_authenticated else ApiToken.objects.none().get()
    except ApiToken.DoesNotExist as exc:
        raise NotFoundError(f"no API token {token_id}") from exc


def log_entries_visible_to(user: User | AnonymousUser, meeting_id: int) -> QuerySet[LogEntry]:
    """The sequenced log entries of a meeting that ``user`` may take a receipt for: the events they
    took part in (they were the actor); organizers may take any of their meeting's."""
    from incamera.ledger.models import LogEntry

    meeting = access_meeting(user, meeting_id, need=Need.LOGISTICS)
    entries = LogEntry.objects.filter(meeting=meeting, index__isnull=False).select_related("event")
    if allowed(user, meeting, Need.ORGANIZE):
        return entries
    return entries.filter(event__actor_id=user.pk)


def access_log_entry(user: User | AnonymousUser, meeting_id: int, index: int) -> LogEntry:
    try:
        return log_entries_visible_to(user, meeting_id).get(index=index)
    except ObjectDoesNotExist as exc:
        raise NotFoundError(f"no receipt {index} in meeting {meeting_id}") from exc


def access_membership(user: User | AnonymousUser, meeting_id: int, membership_id: int) -> Membership:
    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    try:
        return Membership.objects.select_related("meeting").get(pk=membership_id, meeting=meeting)
    except Membership.DoesNotExist as exc:
        raise NotFoundError(f"no participant {membership_id}") from exc


def access_focal_point(user: User | AnonymousUser, meeting_id: int) -> Membership:
    """The user's focal-point seat in the meeting; other roles do not find the page."""
    meeting = access_meeting(user, meeting_id, need=Need.LOGISTICS)
    try:
        return Membership.objects.select_related("meeting", "user").get(meeting=meeting, user_id=user.pk or 0, role=Role.FOCAL_POINT)
    except Membership.DoesNotExist as exc:
        raise NotFoundError(f"no focal-point seat in meeting {meeting_id}") from exc


def access_credential(user: User | AnonymousUser, meeting_id: int, credential_id: int) -> Credential:
    from incamera.invitations.models import Credential

    meeting = access_meeting(user, meeting_id, need=Need.ORGANIZE)
    try:
        return Credential.objects.get(pk=credential_id, meeting=meeting)
    except Credential.DoesNotExist as exc:
        raise NotFoundError(f"no credential {credential_id}") from exc


def access_document(user: User | AnonymousUser, meeting_id: int, document_id: int, *, need: Need = Need.CONTENT) -> Document:
    """A meeting document, for participants who signed the NDA (Need.CONTENT) or organizers."""
    from incamera.materials.models import Document

    meeting = access_meeting(user, meeting_id, need=need)
    try:
        return Document.objects.select_related("meeting").get(pk=document_id, meeting=meeting)
    except Document.DoesNotExist as exc:
        raise NotFoundError(f"no document {document_id}") from exc
