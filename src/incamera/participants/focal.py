"""Focal points approve their own delegation's representatives, up to a quota, with a credential
(issue 4, §4).  Approval sends the identity-bound invitation; the credential (a PDF such as a
note verbale) is kept for the organizers."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from incamera.accounts.models import User
from incamera.core.errors import ConflictError, InvalidInputError
from incamera.core.events import record_event
from incamera.meetings.models import Meeting, Membership, Role
from incamera.participants.actions import InvitationRow, do_invite
from incamera.participants.models import Credential, DelegationQuota, Invitation, InvitationStatus

__all__ = ["CREDENTIAL_MAX_BYTES", "DEFAULT_QUOTA", "do_approve_representative", "do_set_quota", "quota_of", "quotas_for", "used_places"]

CREDENTIAL_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_QUOTA = 3


def quotas_for(meeting: Meeting) -> list[tuple[str, int]]:
    """Each focal point's delegation in the meeting with its quota (the default when unset)."""
    delegations = sorted({d for d in meeting.memberships.filter(role=Role.FOCAL_POINT).values_list("delegation", flat=True) if d})
    quotas = dict(DelegationQuota.objects.filter(meeting=meeting).values_list("delegation", "quota"))
    return [(d, quotas.get(d, DEFAULT_QUOTA)) for d in delegations]


def quota_of(focal: Membership) -> int:
    row = DelegationQuota.objects.filter(meeting=focal.meeting, delegation=focal.delegation).first()
    return row.quota if row else DEFAULT_QUOTA


def used_places(focal: Membership) -> int:
    """Representatives taking part or invited (pending), the focal point not counted."""
    members = focal.meeting.memberships.filter(delegation=focal.delegation, role__in=[Role.DELEGATE, Role.OBSERVER]).count()
    pending = Invitation.objects.filter(meeting=focal.meeting, delegation=focal.delegation, status=InvitationStatus.PENDING).count()
    return members + pending


def _check_credential(filename: str, data: bytes) -> None:
    if not data:
        raise InvalidInputError(_("attach the credential (a PDF, such as a note verbale)"), field="credential")
    if len(data) > CREDENTIAL_MAX_BYTES:
        raise InvalidInputError(
            _("the credential is %(size)s bytes; at most %(limit)s are accepted")
            % {"size": f"{len(data):,}", "limit": f"{CREDENTIAL_MAX_BYTES:,}"},
            field="credential",
        )
    if not data.startswith(b"%PDF-"):
        raise InvalidInputError(
            _("%(name)s is not a PDF file (its content does not start like one)") % {"name": filename[:80]}, field="credential"
        )


def do_approve_representative(
    focal: Membership, *, email: str, full_name: str, filename: str, credential: bytes, base_url: str
) -> Invitation:
    """Invite a representative of the focal point's delegation, within the quota."""
    if focal.role != Role.FOCAL_POINT or not focal.delegation:
        raise InvalidInputError(_("only a delegation's focal point can approve its representatives"), field="role")
    _check_credential(filename, credential)
    with transaction.atomic():
        # Lock the focal point's row so two approvals at once cannot both take the last place.
        Membership.objects.select_for_update().get(pk=focal.pk)
        quota, used = quota_of(focal), used_places(focal)
        if used >= quota:
            raise ConflictError(
                _("%(delegation)s has used all %(quota)d places; ask the organizers to raise the quota")
                % {"delegation": focal.delegation, "quota": quota}
            )
        row = InvitationRow(email=email, role=Role.DELEGATE.value, full_name=full_name, delegation=focal.delegation)
        invitation = do_invite(focal.meeting, row, by=focal.user, base_url=base_url)
        Credential.objects.create(
            meeting=focal.meeting, invitation=invitation, uploaded_by=focal.user, filename=filename[:200], data=credential
        )
        record_event(
            "focal_point.approved",
            actor=focal.user,
            meeting=focal.meeting,
            payload={"invitation": invitation.pk, "delegation": focal.delegation},
        )
    return invitation


def do_set_quota(meeting: Meeting, *, delegation: str, quota: int, by: User) -> DelegationQuota:
    if not 0 <= quota <= 100:
        raise InvalidInputError(_("the quota must be between 0 and 100"), field="quota")
    with transaction.atomic():
        row, _created = DelegationQuota.objects.update_or_create(meeting=meeting, delegation=delegation, defaults={"quota": quota})
        record_event("focal_point.quota_set", actor=by, meeting=meeting, payload={"delegation": delegation, "quota": quota})
    return row
