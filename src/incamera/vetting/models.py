"""Vetting tables: a meeting's qualification matrix (criteria, weights, thresholds, observer rules) and
candidates' scores."""

from __future__ import annotations

from django.db import models

from incamera.meetings.models import Meeting
from incamera.roster.models import Delegation


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
