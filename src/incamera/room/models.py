"""The virtual closed room's tables: confirmations spent in a room, visits, and the chair's
requests to confirm again.  The tokens themselves are never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from incamera.meetings.models import Meeting


class RoomConfirmation(models.Model):
    """A passkey confirmation spent in a meeting's room, to join it or to answer the chair's
    request.  ``confirmation`` is unique: a confirmation is spent once, whatever for."""

    class Kind(models.TextChoices):
        JOIN = "join", "join"
        RECONFIRM = "reconfirm", "reconfirm"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="room_confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    confirmation = models.OneToOneField("accounts.PasskeyConfirmation", on_delete=models.PROTECT, related_name="room_use")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["meeting", "user", "at"], name="room_confirmation_latest")]

    def __str__(self) -> str:
        return f"{self.kind} confirmation of {self.user_id} in {self.meeting_id}"


class RoomVisit(models.Model):
    """A token issued to enter the room (the join) and, once the page reports it, the leave.
    The bridge does not tell incamera who is connected: a visit is open until it is reported
    closed or a later one replaces it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="room_visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmation = models.OneToOneField(RoomConfirmation, on_delete=models.PROTECT, related_name="visit")
    joined_at = models.DateTimeField()
    token_expires_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["meeting", "user", "joined_at"], name="room_visit_latest")]

    def __str__(self) -> str:
        return f"visit of {self.user_id} to {self.meeting_id}"


class ReconfirmRequest(models.Model):
    """The chair asked everyone in the room to confirm again with a passkey."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reconfirm_requests")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"re-confirmation requested in {self.meeting_id}"
