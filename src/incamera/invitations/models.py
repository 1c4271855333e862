"""Identity-bound invitations (link token and one-time code stored only as digests), focal points'
quotas per delegation, and the credentials they upload for their representatives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incamera.meetings.models import Meeting, Role


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=200, blank=True)
    delegation = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    status = models.CharField(max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    sends = models.PositiveIntegerField(default=1)
    code_digest = models.CharField(max_length=64, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveIntegerField(default=0)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=models.Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.meeting_id}"


class DelegationQuota(models.Model):
    """How many representatives a delegation's focal point may bring to a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="quotas")
    delegation = models.CharField(max_length=200)
    quota = models.PositiveSmallIntegerField(default=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "delegation"], name="one_quota_per_delegation")]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.quota}"


class Credential(models.Model):
    """A credential (e.g. a note verbale, PDF) a focal point uploaded for a representative: a
    material of the meeting, encrypted under its meeting key (``materials/keyring.py``) and
    shredded with it.  A release before 0.2 stored it in clear (``encrypted`` false); shredding
    empties those too."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="credentials")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="credential")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    encrypted = models.BooleanField(default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
