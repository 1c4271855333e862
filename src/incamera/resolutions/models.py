"""Resolutions (issue 13): a resolution of a meeting, its numbered versions, and each version's
text per working language.  A text is sealed under the meeting key (nothing of it in clear in the
database); its digest (``digests.text_digest``) is kept beside it, because signatures, amendments
and the public record name texts by their digests.

Around them: amendments to one version in one language; adoption attempts (``Adoption``, one per
attempt whatever its method, ``adoption.py`` its rules) with a consensus's objections and a roll
call's votes (a secret ballot will add its own ballots to the same attempt); and the reservations
and explanations of position of member delegations on an adopted resolution.  Every text a person
writes here (amendments, reasons, objections, reservations) is sealed like the texts."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

__all__ = [
    "Adoption",
    "AdoptionMethod",
    "AdoptionOutcome",
    "Amendment",
    "AmendmentState",
    "LegalCharacter",
    "Objection",
    "Reservation",
    "ReservationKind",
    "Resolution",
    "ResolutionState",
    "ResolutionText",
    "ResolutionVersion",
    "Vote",
    "VoteChoice",
]


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


class AmendmentState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Amendment(models.Model):
    """Replacement text for one language of ``version``, with its reason, both sealed (as JSON
    ``{"text", "reason"}``); accepting it makes ``result``, the next version."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="amendments")
    version = models.ForeignKey(ResolutionVersion, on_delete=models.CASCADE, related_name="amendments")
    language = models.CharField(max_length=8)
    digest = models.CharField(max_length=64)  # digests.text_digest of the replacement text
    ciphertext = models.BinaryField()
    delegation = models.CharField(max_length=200, blank=True)  # the proposer's; empty for an organizer
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=16, choices=AmendmentState.choices, default=AmendmentState.PROPOSED)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decision_ciphertext = models.BinaryField(default=b"")  # the reason of a rejection, sealed
    result = models.ForeignKey(ResolutionVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="accepted_amendments")

    class Meta:
        ordering = ["proposed_at", "id"]

    def __str__(self) -> str:
        return f"amendment {self.pk} to {self.version}"


class AdoptionOutcome(models.TextChoices):
    """``adoption.Outcome``, with labels."""

    OPEN = "open", "Open"
    ADOPTED = "adopted", "Adopted"
    NOT_ADOPTED = "not_adopted", "Not adopted"
    RETURNED = "returned", "Returned to draft"


class Adoption(models.Model):
    """One attempt to adopt a resolution: the version it froze, the method, and the delegations
    that could object or vote, with their weights, fixed when it opened."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="adoptions")
    version = models.ForeignKey(ResolutionVersion, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=32, choices=AdoptionMethod.choices)
    weighted = models.BooleanField(default=False)
    weights = models.JSONField(default=dict)  # delegation → weight (1 each unless weighted)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ends_at = models.DateTimeField(null=True, blank=True)  # the end of a silence period
    outcome = models.CharField(max_length=16, choices=AdoptionOutcome.choices, default=AdoptionOutcome.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["resolution"], condition=models.Q(outcome="open"), name="one_open_adoption_per_resolution")
        ]

    def __str__(self) -> str:
        return f"adoption {self.pk} of resolution {self.resolution_id} ({self.method})"


class Objection(models.Model):
    """A member delegation's objection during a silence period, its text sealed; it stands until
    the delegation withdraws it."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="objections")
    delegation = models.CharField(max_length=200)
    ciphertext = models.BinaryField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)  # a withdrawn objection no longer stands

    class Meta:
        ordering = ["made_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["adoption", "delegation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_standing_objection_per_delegation",
            )
        ]

    def __str__(self) -> str:
        return f"objection of {self.delegation} in adoption {self.adoption_id}"


class VoteChoice(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    ABSTAIN = "abstain", "Abstain"


class Vote(models.Model):
    """A member delegation's vote in a named roll call, with the weight it carried."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="votes")
    delegation = models.CharField(max_length=200)
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)
    weight = models.FloatField()
    cast_at = models.DateTimeField()
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["cast_at", "id"]
        constraints = [models.UniqueConstraint(fields=["adoption", "delegation"], name="one_vote_per_delegation")]

    def __str__(self) -> str:
        return f"vote of {self.delegation} in adoption {self.adoption_id}"


class ReservationKind(models.TextChoices):
    RESERVATION = "reservation", "Reservation"
    EXPLANATION = "explanation_of_vote", "Explanation of vote"


class Reservation(models.Model):
    """A member delegation's reservation or explanation of vote on an adopted resolution."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="reservations")
    delegation = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=ReservationKind.choices)
    ciphertext = models.BinaryField()
    made_at = models.DateTimeField()
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} of {self.delegation} on resolution {self.resolution_id}"
