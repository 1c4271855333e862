"""NDA versions per meeting and the signatures on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from incamera.kernel.text import comparable_name
from incamera.meetings.models import Meeting


class NdaVersion(models.Model):
    """The NDA of a meeting in every language.  Editing makes a new version, which everyone must
    sign again."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="nda_versions")
    version = models.PositiveIntegerField()
    texts = models.JSONField()  # {"en": "...", "zh": "...", ...}
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["meeting", "version"], name="one_nda_per_version")]

    def __str__(self) -> str:
        return f"NDA v{self.version} of {self.meeting_id}"


class NdaSignature(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="nda_signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nda_signatures")
    version = models.ForeignKey(NdaVersion, on_delete=models.PROTECT, related_name="signatures")
    language = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)
    full_name = models.CharField(max_length=200)  # as the signer typed it
    account_name = models.CharField(max_length=200, blank=True, default="")  # the account's name when signing
    delegation = models.CharField(max_length=200, blank=True, default="")  # from the membership, not typed
    signed_at = models.DateTimeField()
    confirmation = models.OneToOneField("accounts.PasskeyConfirmation", on_delete=models.PROTECT, related_name="nda_signature")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="one_signature_per_version")]

    def __str__(self) -> str:
        return f"{self.full_name} signed {self.version_id}"

    @property
    def name_differs(self) -> bool:
        """The typed name is not the account's (compared NFKC, case- and space-insensitively)."""
        return bool(self.account_name) and comparable_name(self.full_name) != comparable_name(self.account_name)
