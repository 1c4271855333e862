"""Invitations.  The link's token and the one-time code are stored only as digests."""

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


class DelegationKind(models.TextChoices):
    STATE = "state", _("State")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("International organisation")
    COMPANY_MULTINATIONAL = "company_multinational", _("Company (multinational)")
    COMPANY_SME = "company_sme", _("Company (SME)")
    NGO = "ngo", _("NGO")
    ACADEMIC = "academic", _("Academic")
    OTHER = "other", _("Other")


class Delegation(models.Model):
    """A state, organisation, company or NGO that sends people to meetings (the roster)."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=DelegationKind.choices)
    region = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DelegationAttribute(models.Model):
    """A dated fact about a delegation (e.g. its credit rating in 2025), for observer rules."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="attributes")
    key = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=100)

    class Meta:
        ordering = ["key", "year"]
        constraints = [models.UniqueConstraint(fields=["delegation", "key", "year"], name="one_value_per_attribute_year")]

    def __str__(self) -> str:
        return f"{self.key} {self.year} = {self.value}"


class RosterPerson(models.Model):
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="people")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["delegation__name", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class MatrixSettings(models.Model):
    """A meeting's qualification matrix: criteria with weights, and the tier thresholds."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="matrix")
    criteria = models.JSONField(default=list)  # [{"key": "DPI", "label": "...", "weight": 0.35}, ...]
    member_threshold = models.FloatField(default=60.0)
    observer_threshold = models.FloatField(default=40.0)
    observer_rules = models.JSONField(default=list, blank=True)  # Rule.to_json() items; empty: the seed rule

    def __str__(self) -> str:
        return f"matrix of {self.meeting_id}"


class CandidateScore(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="candidates")
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    scores = models.JSONField(default=dict)  # {"DPI": 72, ...}

    class Meta:
        ordering = ["delegation__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "delegation"], name="one_score_row_per_candidate")]

    def __str__(self) -> str:
        return f"{self.delegation_id} in {self.meeting_id}"


class ServiceCode(models.Model):
    """A random per-meeting, per-service code standing for one participant (double-blind service)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="service_codes")
    membership = models.ForeignKey("meetings.Membership", on_delete=models.CASCADE, related_name="service_codes")
    service = models.CharField(max_length=32)
    code = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "service", "code"], name="unique_code_per_service"),
            models.UniqueConstraint(fields=["membership", "service"], name="one_code_per_person_and_service"),
        ]

    def __str__(self) -> str:
        return f"{self.service} {self.code}"


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
    """A credential (e.g. a note verbale, PDF) a focal point uploaded for a representative."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="credentials")
    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="credential")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=200)
    data = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename
