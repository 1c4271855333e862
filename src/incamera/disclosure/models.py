"""Staged disclosure (issue 15): each meeting's schedule, and each item it will release.

An item's content is fixed when the organizer approves it: it is then sealed under the meeting
key with a fresh salt, and the log records ``SHA-256(salt ‖ content)`` in clear that day.  The
release worker opens it when it is due and publishes content and salt together, so anyone can
recompute the commitment from the published bytes.  Before its release nothing of an item is in
clear here but its title, kind and tier."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["Item", "ItemState", "Schedule"]


class Schedule(models.Model):
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="disclosure_schedule")
    outline_days = models.PositiveIntegerField(default=30)
    non_sensitive_days = models.PositiveIntegerField(default=90)
    full_days = models.PositiveIntegerField(default=365)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"disclosure schedule of meeting {self.meeting_id}"


class ItemState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"  # classified, not approved: nothing fixed yet
    APPROVED = "approved", "Approved"  # content sealed and committed; waits for its date
    RELEASED = "released", "Released"


class Item(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="disclosure_items")
    kind = models.CharField(max_length=32)  # tiers.Kind
    ref = models.CharField(max_length=64, blank=True)  # the source row's id (resolution, ballot, note)
    title = models.CharField(max_length=300)
    tier = models.CharField(max_length=16)  # tiers.Tier
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.PROPOSED)
    # The sensitivity score's suggestion (incamera.sensitivity), kept with its reasons; the tier is
    # what a person decided, ``decided_by`` who (the organizer who set it or approved it).
    suggested_tier = models.CharField(max_length=16, blank=True)
    sensitivity = models.JSONField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    sealed = models.BinaryField(default=b"")  # JSON {"content", "salt"} sealed under the meeting key, from approval to release
    commitment = models.CharField(max_length=64, blank=True)  # hex SHA-256(salt ‖ content), logged in clear at approval
    approval_event = models.ForeignKey("ledger.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)  # None: sealed, never automatically
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    content = models.TextField(blank=True)  # in clear from its release on: public
    salt = models.CharField(max_length=64, blank=True)  # hex, from its release on
    attempts = models.PositiveIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "kind", "ref"], name="one_disclosure_item_per_source")]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} of meeting {self.meeting_id} ({self.tier})"
