"""Meeting tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incamera.meetings.lifecycle import State
from incamera.meetings.profiles import ProfileKey


class Role(models.TextChoices):
    ORGANIZER = "organizer", _("Organizer")
    DELEGATE = "delegate", _("Delegate")
    OBSERVER = "observer", _("Observer")
    FOCAL_POINT = "focal_point", _("Focal point")
    SERVICE = "service", _("Service staff")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    REMOTE = "remote", _("Remote")


class Meeting(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    timezone = models.CharField(max_length=64, default="UTC")
    venue = models.CharField(max_length=200, blank=True)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    languages = models.JSONField(default=list)
    profile = models.CharField(max_length=32, choices=[(k.value, k.value) for k in ProfileKey])
    state = models.CharField(max_length=16, choices=[(s.value, s.value) for s in State], default=State.DRAFT.value)
    version = models.PositiveIntegerField(default=1)  # optimistic lock for concurrent edits
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The secretariat that runs it: its roster is the one the meeting's vetting draws on.
    secretariat = models.ForeignKey("secretariats.Secretariat", on_delete=models.PROTECT, related_name="meetings")

    class Meta:
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    delegation = models.CharField(max_length=200, blank=True)
    dietary_needs = models.CharField(max_length=200, blank=True)
    access_needs = models.CharField(max_length=200, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_role_per_meeting")]
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return f"{self.user_id} as {self.role} in {self.meeting_id}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    minutes = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="checklist")
    key = models.CharField(max_length=64)
    label = models.CharField(max_length=200)
    required = models.BooleanField(default=True)
    custom = models.BooleanField(default=False)
    done = models.BooleanField(default=False)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "key"], name="one_checklist_key_per_meeting")]

    def __str__(self) -> str:
        return self.label
