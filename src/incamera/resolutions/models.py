"""Resolutions (issue 13): a resolution of a meeting, its numbered versions, and each version's
text per working language.  A text is sealed under the meeting key (nothing of it in clear in the
database); its digest (``digests.text_digest``) is kept beside it, because signatures, amendments
and the public record name texts by their digests."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

__all__ = ["AdoptionMethod", "LegalCharacter", "Resolution", "ResolutionState", "ResolutionText", "ResolutionVersion"]


class LegalCharacter(models.TextChoices):
    POLITICAL_COMMITMENT = "political_commitment", "Political commitment"
    RECOMMENDATION = "recommendation", "Recommendation"
    DECISION = "decision", "Decision"


class AdoptionMethod(models.TextChoices):
    CONSENSUS = "consensus", "Consensus"
    ROLL_CALL = "roll_call", "Named roll call"
    SECRET_BALLOT = "secret_ballot", "Secret ballot"


class ResolutionState(models.TextChoices):
    DRAFT = "draft", "Draft"  # versions and amendments
    ADOPTING = "adopting", "Being adopted"  # the silence period or the vote is open; the text is frozen
    ADOPTED = "adopted", "Adopted"
    REJECTED = "rejected", "Not adopted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Resolution(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="resolutions")
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Names the resolution in its digest and its signature bundle, the same everywhere.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=300)
    legal_character = models.CharField(max_length=32, choices=LegalCharacter.choices)
    adoption_method = models.CharField(max_length=32, choices=AdoptionMethod.choices, default=AdoptionMethod.CONSENSUS)
    # Roll call weighted by the matrix weights: chosen before the vote, never after.
    weighted = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=ResolutionState.choices, default=ResolutionState.DRAFT)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    adopted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"resolution {self.pk} of meeting {self.meeting_id}"


class ResolutionVersion(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["resolution", "number"], name="one_version_number_per_resolution")]

    def __str__(self) -> str:
        return f"version {self.number} of resolution {self.resolution_id}"


class ResolutionText(models.Model):
    version = models.ForeignKey(ResolutionVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)  # digests.text_digest of the text
    ciphertext = models.BinaryField()  # the text, sealed under the meeting key (label: text_label)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["version", "language"], name="one_text_per_language_and_version")]

    def __str__(self) -> str:
        return f"{self.language} text of {self.version}"
