"""Encrypted materials: a wrapped key per meeting, documents as envelope ciphertext, an access log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from incamera.meetings.models import Meeting


class KeyEpoch(models.Model):
    """An epoch of key-encryption keys (``materials/keyring.py``): the key itself is a file outside
    the database; the newest row not retired is the current epoch, and its row is the lock that
    orders key creation against shredding."""

    number = models.PositiveIntegerField(primary_key=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"key epoch {self.number}"


class MeetingKey(models.Model):
    """The meeting's data-wrapping key, wrapped by its epoch's key-encryption key (``kek_epoch``;
    none for a key a release before 0.2 wrapped under the install's root secret).  Shredding
    empties it and destroys the epoch key it was wrapped under."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="materials_key")
    wrapped = models.BinaryField()
    kek_epoch = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"key of {self.meeting_id}"


class Document(models.Model):
    KINDS = (("pdf", "PDF"), ("docx", _("Word (DOCX)")), ("txt", pgettext_lazy("material type", "Text")), ("md", "Markdown"))
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    filename = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=KINDS)
    size = models.PositiveBigIntegerField()
    ciphertext = models.BinaryField()  # crypto/envelope.py blob; unreadable without the meeting key
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class AccessRecord(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16)  # "download", "copy"
    mark = models.CharField(max_length=32)  # hex of the recipient's fingerprint mark
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.action} of {self.document_id} by {self.user_id}"


class MeetingCustodian(models.Model):
    """A named custodian holding the meeting key, wrapped to their X25519 + ML-KEM-768 public key
    (``crypto/hybrid.py``); sealed disclosure combines custodians later."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="custodians")
    name = models.CharField(max_length=200)
    public_key = models.BinaryField()
    wrapped_key = models.BinaryField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "name"], name="one_custodian_name_per_meeting")]

    def __str__(self) -> str:
        return self.name
