"""Secret ballots (issue 14): a Belenios election inside a meeting (``incamera.belenios`` is the
protocol).  Everything stored here is what the election's public record holds (the election, the
trustees' public keys, the public credentials, the encrypted ballots, the encrypted tally, the
partial decryptions, the result), so nothing here is secret: no private credential and no
trustee's private key ever reaches the server.  The record (``<uuid>.bel``) is rebuilt from these
rows, in their order, by ``actions.archive_of``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

__all__ = ["BallotState", "CastBallot", "PartialDecryptionRow", "SecretBallot", "Trustee", "Voter"]


class BallotState(models.TextChoices):
    SETUP = "setup", "Being set up"  # trustees register their keys, voters their credentials
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed, being decrypted"  # the encrypted tally waits for every trustee
    FINISHED = "finished", "Result published"


class SecretBallot(models.Model):
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="secret_ballots")
    # When the ballot adopts a resolution (its method "secret_ballot"), the attempt it decides.
    adoption = models.OneToOneField("resolutions.Adoption", null=True, blank=True, on_delete=models.SET_NULL, related_name="secret_ballot")
    uuid = models.CharField(max_length=22, unique=True)  # Belenios' election uuid: base58, 14 characters here
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    questions = models.JSONField()  # [{question, answers, min, max, blank}], belenios.election.Question
    weighted = models.BooleanField(default=False)  # chosen before the vote opens, never after
    state = models.CharField(max_length=16, choices=BallotState.choices, default=BallotState.SETUP)
    timestamp = models.BigIntegerField()  # the archive header's
    election_text = models.TextField(blank=True)  # the exact election JSON, set when the vote opens
    tally_text = models.TextField(blank=True)  # the encrypted tally, set when the vote closes
    num_tallied = models.PositiveIntegerField(default=0)
    total_weight = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"secret ballot {self.uuid} of meeting {self.meeting_id}"


class Trustee(models.Model):
    """A named person whose key the tally's decryption needs; ``position`` is their index (1…n)."""

    ballot = models.ForeignKey(SecretBallot, on_delete=models.CASCADE, related_name="trustees")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    public_key = models.TextField(blank=True)  # the trustee_public_key JSON, once registered
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "position"], name="one_trustee_per_position"),
            models.UniqueConstraint(fields=["ballot", "user"], name="one_place_per_trustee"),
        ]

    def __str__(self) -> str:
        return f"trustee {self.position} of {self.ballot}"


class Voter(models.Model):
    """A member delegation's right to vote, its weight, and the public credential its delegate's
    browser made and registered (the private credential never leaves that browser)."""

    ballot = models.ForeignKey(SecretBallot, on_delete=models.CASCADE, related_name="voters")
    delegation = models.CharField(max_length=200)
    weight = models.PositiveIntegerField(default=1)
    public_credential = models.TextField(blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["delegation"]
        constraints = [models.UniqueConstraint(fields=["ballot", "delegation"], name="one_voter_per_delegation")]

    def __str__(self) -> str:
        return f"{self.delegation} in {self.ballot}"


class CastBallot(models.Model):
    """An accepted ballot, in the order of the ballot box; a revote adds a row (last() counts)."""

    ballot = models.ForeignKey(SecretBallot, on_delete=models.CASCADE, related_name="cast")
    text = models.TextField()  # the ballot exactly as cast: its tracker is the hash of this text
    tracker = models.CharField(max_length=64)
    credential = models.TextField()
    cast_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["ballot", "tracker"], name="one_ballot_per_tracker")]

    def __str__(self) -> str:
        return f"ballot {self.tracker[:8]} in {self.ballot}"


class PartialDecryptionRow(models.Model):
    ballot = models.ForeignKey(SecretBallot, on_delete=models.CASCADE, related_name="decryptions")
    trustee = models.OneToOneField(Trustee, on_delete=models.CASCADE, related_name="decryption")
    text = models.TextField()
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"partial decryption of {self.trustee}"
